from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from nghiquyet.audit.selectors import AuditFilter, audit_for_subtree
from nghiquyet.orgs.selectors import org_children, org_get, org_search
from nghiquyet.web.current import current_org, remember_org


@login_required
def home(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    context = {
        "org": org,
        "children": org_children(request.user, org) if org else [],
        "recent": audit_for_subtree(request.user, org, AuditFilter())[:10] if org else [],
    }
    return TemplateResponse(request, "web/home.html", context)


@login_required
@require_POST
def switch_org(request: HttpRequest) -> HttpResponse:
    org = org_get(request.user, request.POST.get("code", ""))
    remember_org(request, org)
    return redirect(request.POST.get("next") or "web:home")


@login_required
def search_orgs(request: HttpRequest) -> HttpResponse:
    results = org_search(request.user, request.GET.get("q", ""), limit=20)
    return TemplateResponse(request, "web/base.html#switcher-results", {"results": results})

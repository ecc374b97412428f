from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse

from nghiquyet.audit.forms import AuditFilterForm
from nghiquyet.audit.selectors import (
    AuditFilter,
    audit_action_codes,
    audit_entry_get,
    audit_list,
    audit_with_payloads,
    change_rows,
    change_table,
)
from nghiquyet.orgs.selectors import org_get
from nghiquyet.web.htmx import HtmxHttpRequest, render_partial


@login_required
def org_audit(request: HtmxHttpRequest, code: str) -> HttpResponse:
    org = org_get(request.user, code)
    form = AuditFilterForm(request.GET or None, actions=audit_action_codes(request.user, org))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    entries = audit_list(request.user, org, AuditFilter(**data))
    page = Paginator(entries, 50).get_page(request.GET.get("trang"))
    shown = [(e, change_rows(e), bulk) for e, bulk in audit_with_payloads(page.object_list)]
    context = {"org": org, "form": form, "page": page, "entries": shown}
    return render_partial(request, "audit/list.html", context, partial="entries")


@login_required
def entry(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """One entry with its whole payload (a bulk write's rows as a table)."""
    found = audit_entry_get(request.user, pk)
    context = {"e": found, "rows": change_rows(found), "table": change_table(found)}
    return TemplateResponse(request, "audit/entry.html", context)

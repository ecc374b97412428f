from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from nghiquyet.core.errors import PermissionDeniedError
from nghiquyet.core.inbox import unit_inbox
from nghiquyet.core.workbook import WorkbookError
from nghiquyet.orgs.selectors import org_children, org_get, org_search
from nghiquyet.web import uploads
from nghiquyet.web.current import current_org, remember_org
from nghiquyet.web.forms import WorkbookUploadForm
from nghiquyet.web.redirects import safe_next
from nghiquyet.web.work import unit_work


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page "Việc cần làm": every app's items due from the working unit, earliest
    deadline first, and those waiting for the user's decision (``core/inbox.py``); the
    reports the unit collects from below; its units."""
    org = current_org(request)
    today = timezone.localdate()
    items = unit_inbox(user=request.user, org=org, today=today) if org else []
    context = {
        "org": org,
        "today": today,
        "to_do": [i for i in items if i.waiting_for == "unit"],
        "to_decide": [i for i in items if i.waiting_for == "user"],
        "children": org_children(request.user, org) if org else [],
        "work": unit_work(request.user, org) if org else None,
    }
    return TemplateResponse(request, "web/home.html", context)


@login_required
@require_POST
def switch_org(request: HttpRequest) -> HttpResponse:
    org = org_get(request.user, request.POST.get("code", ""))
    remember_org(request, org)
    messages.success(request, f"Đơn vị đang làm việc: {org.name}.")
    return redirect(safe_next(request, reverse("web:home")))


@login_required
def search_orgs(request: HttpRequest) -> HttpResponse:
    results = org_search(request.user, request.GET.get("q", ""), limit=20)
    return TemplateResponse(request, "web/base.html#switcher-results", {"results": results})


@login_required
def workbook_upload(request: HttpRequest) -> HttpResponse:
    """The all-sheets workbook (units, indicators, targets, values) in two steps.

    A file is first checked and nothing is saved; the page shows what would change and a button
    that imports that same checked file. Errors list every bad cell and save nothing (422).
    Only administrators of some unit may use it (403 otherwise). A large file (see
    ``uploads.runs_in_background``) is imported by the worker: the page redirects to its progress.
    """
    if not uploads.may_import(request.user):
        raise PermissionDeniedError("Chỉ quản trị viên mới được nhập sổ Excel.")
    confirm = request.method == "POST" and request.POST.get("confirm")
    # The confirm step posts no file: its form stays unbound, or it would show "required".
    form = WorkbookUploadForm(
        None if confirm else request.POST or None, None if confirm else request.FILES or None
    )
    context: dict[str, object] = {"form": form}
    try:
        if confirm:
            context["done"] = uploads.import_saved(request, request.POST["confirm"])
        elif request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if uploads.runs_in_background(upload):
                job = uploads.enqueue(request, upload)
                messages.success(
                    request, "Tệp lớn đã được đưa vào hàng chờ nhập; theo dõi tiến độ bên dưới."
                )
                return redirect("jobs:import_job", pk=job.pk)
            context["preview"], context["token"] = uploads.preview(request, upload)
    except WorkbookError as exc:
        context["errors"] = exc.errors
    status = 422 if context.get("errors") or form.errors else 200
    return TemplateResponse(request, "web/workbook_upload.html", context, status=status)

"""Task pages: the unit's tasks by status, a task with its history and allowed actions,
create/edit, statistics with drill-down, and a board per document."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from nghiquyet.core.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from nghiquyet.core.periods import Period
from nghiquyet.documents.selectors import document_get
from nghiquyet.orgs.models import Organisation
from nghiquyet.orgs.selectors import org_get
from nghiquyet.tasks import forms as t_forms
from nghiquyet.tasks import selectors, services
from nghiquyet.tasks.models import Extension, Status, Task
from nghiquyet.tasks.permissions import may_comment, may_decide, may_edit, may_lead
from nghiquyet.web.current import current_org
from nghiquyet.web.forms import add_service_errors
from nghiquyet.web.pages import prefill_single_choices
from nghiquyet.web.permissions import may_anywhere

FORM = "tasks/form.html"


def _unit(request: HttpRequest, code: str) -> Organisation | None:
    return org_get(request.user, code) if code else current_org(request)


def _filter_unit(request: HttpRequest, form: forms.Form, code: str) -> Organisation | None:
    """The unit a list filter names by code; an unknown one becomes the field's error."""
    if not code:
        return None
    try:
        return org_get(request.user, code)
    except NotFoundError as exc:
        form.add_error("chu_tri", exc.message)
        return None


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The working unit's tasks (or another unit's, by code), grouped by status."""
    form = t_forms.ListFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    org = _unit(request, data.get("don_vi", ""))
    lead = _filter_unit(request, form, data.get("chu_tri", ""))
    f = selectors.OccurrenceFilter(
        org=org,
        role=data.get("vai_tro") or "chu_tri",
        lead=lead,
        status=data.get("trang_thai", ""),
        phase=data.get("giai_doan", ""),
        document=data.get("van_ban"),
        field=data.get("linh_vuc", ""),
    )
    rows = list(selectors.occurrence_list(request.user, f)[:500]) if org and not form.errors else []
    groups = [(s, [r for r in rows if r.status == s.value]) for s in Status]
    context = {"form": form, "org": org, "groups": groups, "total": len(rows)}
    template = (
        "tasks/index.html#groups" if request.headers.get("HX-Request") else "tasks/index.html"
    )
    return TemplateResponse(request, template, context)


def _action_forms(request: HttpRequest, task: Task, occ: Any) -> dict[str, Any]:
    """Only the forms of actions this user may take on this occurrence."""
    user, initial = request.user, {"occurrence": occ.pk}
    out: dict[str, Any] = {}
    done = occ.status in (Status.HOAN_THANH_DUNG_HAN, Status.HOAN_THANH_TRE_HAN)
    pending = occ.completions.filter(decision="cho_duyet").exists()
    if may_lead(user, task) and not done:
        out["progress_form"] = t_forms.ProgressForm(initial=initial)
        if not pending:
            out["complete_form"] = t_forms.CompleteForm(initial=initial)
        if not occ.extensions.filter(decision="cho_duyet").exists():
            out["extension_form"] = t_forms.ExtensionForm(initial=initial)
    if may_decide(user, task) and pending:
        out["confirm_form"] = t_forms.ConfirmForm(initial=initial)
        out["return_form"] = t_forms.ReturnForm(initial=initial)
    return out


def _detail_context(request: HttpRequest, task: Task, occurrence: int | None) -> dict[str, Any]:
    occurrences = selectors.occurrences_with_status(task)
    current = selectors.occurrence_get(task, occurrence)
    occ = next(o for o in occurrences if o.pk == current.pk)
    return {
        "task": task,
        "occurrences": occurrences,
        "occ": occ,
        "progress": occ.progress.select_related("posted_by").prefetch_related("documents"),
        "completions": occ.completions.select_related("reported_by", "decided_by"),
        "extensions": occ.extensions.select_related("requested_by"),
        "comments": task.comments.select_related("author"),
        "coordinating": task.coordinating_units.all(),
        "subtasks": selectors.task_visible(request.user).filter(parent=task),
        "may_edit": may_edit(request.user, task),
        "may_decide": may_decide(request.user, task),
        "comment_form": t_forms.CommentForm() if may_comment(request.user, task) else None,
        **_action_forms(request, task, occ),
    }


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(request.user, pk)
    occurrence = request.GET.get("ky")
    occ_pk = int(occurrence) if occurrence and occurrence.isdigit() else None
    return TemplateResponse(request, "tasks/detail.html", _detail_context(request, task, occ_pk))


def _act(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    run: Callable[[Task, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """Run one action from the detail page; on bad input show the page again with errors."""
    task = selectors.task_get(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            run(task, form.cleaned_data)
        except InvalidInputError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            occ = form.cleaned_data.get("occurrence")
            suffix = f"?ky={occ}" if occ else ""
            return redirect(reverse("tasks:detail", args=[pk]) + suffix)
    context = _detail_context(request, task, form.cleaned_data.get("occurrence"))
    context["failed_form"] = form
    return TemplateResponse(request, "tasks/detail.html", context, status=422)


def _occ(task: Task, data: dict[str, Any]) -> Any:
    return selectors.occurrence_get(task, data.get("occurrence"))


def _docs(request: HttpRequest, data: dict[str, Any]) -> list:
    return t_forms.resolve_documents(request.user, data.get("documents", ""), "documents")


@login_required
@require_POST
def post_progress(request: HttpRequest, pk: int) -> HttpResponse:
    def run(task: Task, data: dict[str, Any]) -> object:
        return services.progress_post(
            actor=request.user,
            occurrence=_occ(task, data),
            percent=data["percent"],
            text=data["text"],
            documents=_docs(request, data),
        )

    return _act(request, pk, t_forms.ProgressForm, run, "Đã cập nhật tiến độ.")


@login_required
@require_POST
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    def run(task: Task, data: dict[str, Any]) -> object:
        return services.completion_report(
            actor=request.user,
            occurrence=_occ(task, data),
            note=data["note"],
            documents=_docs(request, data),
        )

    return _act(request, pk, t_forms.CompleteForm, run, "Đã báo cáo hoàn thành, chờ xác nhận.")


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    def run(task: Task, data: dict[str, Any]) -> object:
        return services.completion_confirm(actor=request.user, occurrence=_occ(task, data))

    return _act(request, pk, t_forms.ConfirmForm, run, "Đã xác nhận hoàn thành.")


@login_required
@require_POST
def return_report(request: HttpRequest, pk: int) -> HttpResponse:
    def run(task: Task, data: dict[str, Any]) -> object:
        return services.completion_return(
            actor=request.user, occurrence=_occ(task, data), reason=data["reason"]
        )

    return _act(request, pk, t_forms.ReturnForm, run, "Đã trả lại báo cáo hoàn thành.")


@login_required
@require_POST
def request_extension(request: HttpRequest, pk: int) -> HttpResponse:
    def run(task: Task, data: dict[str, Any]) -> object:
        return services.extension_request(
            actor=request.user,
            occurrence=_occ(task, data),
            new_date=data["new_date"],
            reason=data["reason"],
        )

    return _act(request, pk, t_forms.ExtensionForm, run, "Đã gửi đề nghị gia hạn.")


def _extension(task: Task, ext: int) -> Extension:
    found = Extension.objects.filter(occurrence__task=task, pk=ext).first()
    if found is None:
        raise NotFoundError("Không tìm thấy đề nghị gia hạn.")
    found.occurrence.task = task
    return found


@login_required
@require_POST
def decide_extension(request: HttpRequest, pk: int, ext: int, verdict: str) -> HttpResponse:
    def run(task: Task, data: dict[str, Any]) -> object:
        found = _extension(task, ext)
        if verdict == "approve":
            return services.extension_approve(
                actor=request.user, extension=found, note=data["note"]
            )
        return services.extension_refuse(actor=request.user, extension=found, note=data["note"])

    done = "Đã chấp thuận gia hạn." if verdict == "approve" else "Đã không chấp thuận gia hạn."
    return _act(request, pk, t_forms.DecisionForm, run, done)


@login_required
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    def run(task: Task, data: dict[str, Any]) -> object:
        return services.comment_add(actor=request.user, task=task, text=data["text"])

    return _act(request, pk, t_forms.CommentForm, run, "Đã gửi ý kiến.")


def _task_input(request: HttpRequest, data: dict[str, Any]) -> services.TaskInput:
    docs = t_forms.resolve_documents(request.user, data["document"], "document")
    return services.TaskInput(
        code=data["code"],
        title=data["title"],
        description=data["description"],
        assigning=data["assigning"],
        lead=t_forms.resolve_orgs(request.user, data["lead"], "lead")[0],
        coordinating_units=t_forms.resolve_orgs(
            request.user, data["coordinating_units"], "coordinating_units"
        ),
        start_date=data["start_date"],
        deadline=data["deadline"],
        recurrence=data["recurrence"],
        recurrence_offset=data["recurrence_offset"] or 0,
        recurrence_until=data["recurrence_until"],
        document=docs[0] if docs else None,
        section=data["section"],
        phase=data["phase"],
        expected_doc_type=data["expected_doc_type"],
    )


def _form_page(
    request: HttpRequest,
    form: t_forms.TaskForm,
    save: Callable[[services.TaskInput], Task],
    title: str,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            task = save(_task_input(request, form.cleaned_data))
        except InvalidInputError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã lưu nhiệm vụ.")
            return redirect("tasks:detail", pk=task.pk)
    prefill_single_choices(form)
    status = 422 if form.is_bound and form.errors else 200
    return TemplateResponse(request, FORM, {"form": form, "title": title}, status=status)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    if not may_anywhere(request.user, "edit"):
        # No unit to assign from: the form is refused as its save would be.
        raise PermissionDeniedError("Bạn không có quyền giao nhiệm vụ.")
    unit = current_org(request)  # The unit the user works for assigns, unless changed.
    initial = {"assigning": unit.pk} if unit is not None else None
    form = t_forms.TaskForm(request.POST or None, user=request.user, initial=initial)
    return _form_page(
        request,
        form,
        lambda data: services.task_create(actor=request.user, data=data),
        "Giao nhiệm vụ",
    )


def _initial(task: Task) -> dict[str, Any]:
    return {
        "assigning": task.assigning,
        "code": task.code,
        "title": task.title,
        "description": task.description,
        "lead": task.lead.code,
        "coordinating_units": "; ".join(u.code for u in task.coordinating_units.all()),
        "start_date": task.start_date,
        "deadline": task.deadline,
        "recurrence": task.recurrence,
        "recurrence_offset": task.recurrence_offset,
        "recurrence_until": task.recurrence_until,
        "document": task.document.symbol if task.document else "",
        "section": task.section,
        "phase": task.phase,
        "expected_doc_type": task.expected_doc_type,
    }


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(request.user, pk)
    if not may_edit(request.user, task):  # the form is refused as its save would be
        raise PermissionDeniedError("Bạn không có quyền sửa nhiệm vụ này.")
    form = t_forms.TaskForm(request.POST or None, user=request.user, initial=_initial(task))

    def save(data: services.TaskInput) -> Task:
        return services.task_update(actor=request.user, task=task, data=data)

    return _form_page(request, form, save, f"Sửa nhiệm vụ {task.code}")


def _period(text: str) -> Period:
    try:
        return Period.parse(text) if text else Period.parse(str(timezone.localdate().year))
    except ValueError as exc:
        raise InvalidInputError.single("ky", str(exc)) from None


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    """Counts for a unit's subtree over a period, per lead unit and per document."""
    form = t_forms.StatisticsForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    org = _unit(request, data.get("don_vi", ""))
    context: dict[str, Any] = {"form": form, "org": org}
    try:
        period = _period(data.get("ky", ""))
    except InvalidInputError as exc:
        add_service_errors(form, exc)
        return TemplateResponse(request, "tasks/statistics.html", context, status=422)
    if org is not None:
        context |= _statistics(request, org, period)
    return TemplateResponse(request, "tasks/statistics.html", context)


def _statistics(request: HttpRequest, org: Organisation, period: Period) -> dict[str, Any]:
    args: dict[str, Any] = {
        "user": request.user,
        "org": org,
        "start": period.start,
        "end": period.end,
    }
    return {
        "period": period,
        "cutoff": selectors.cutoff_of(period.end, timezone.localdate()),
        "stats": selectors.task_statistics(**args),
        "by_lead": selectors.statistics_by_lead(**args),
        "by_document": selectors.statistics_by_document(**args),
    }


@login_required
def board(request: HttpRequest, document: int) -> HttpResponse:
    """The document's sections (nested) with their tasks and the status of each."""
    doc = document_get(request.user, document)
    f = selectors.OccurrenceFilter(document=doc.pk)
    rows = list(selectors.occurrence_list(request.user, f, timezone.localdate()))
    by_section: dict[int | None, list[Any]] = {}
    for occ in rows:
        by_section.setdefault(occ.task.section_id, []).append(occ)
    sections = list(selectors.sections_of(request.user, doc.pk))
    tree = _tree(sections, by_section)
    context = {"document": doc, "tree": tree, "loose": by_section.get(None, [])}
    return TemplateResponse(request, "tasks/board.html", context)


def _tree(sections: list[Any], rows: dict[int | None, list[Any]]) -> list[tuple[Any, int, list]]:
    """Sections depth-first as ``(section, depth, occurrences)``."""
    children: dict[int | None, list[Any]] = {}
    for s in sections:
        children.setdefault(s.parent_id, []).append(s)
    out: list[tuple[Any, int, list]] = []

    def walk(parent: int | None, depth: int) -> None:
        for s in children.get(parent, []):
            out.append((s, depth, rows.get(s.pk, [])))
            if depth < 10:
                walk(s.pk, depth + 1)

    walk(None, 0)
    return out

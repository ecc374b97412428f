"""The "Báo cáo" pages: the working unit's drafts, one draft with its versions, downloads."""

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import can
from nghiquyet.core.workbook import export_workbook
from nghiquyet.exports import forms, selectors, services
from nghiquyet.exports.content import snapshot_time
from nghiquyet.exports.figures import met_sentence
from nghiquyet.exports.models import FileFormat, ReportDraft
from nghiquyet.exports.tables import XLSX_TYPE
from nghiquyet.web.current import current_org
from nghiquyet.web.pages import form_page


@login_required
def index(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    drafts = selectors.drafts_of(request.user, org) if org else []
    may_edit = bool(org and can(request.user, Action.EDIT, org))

    def create(data: dict[str, Any]) -> ReportDraft:
        assert org is not None  # noqa: S101 - the form is shown only with a working unit
        return services.draft_create(
            actor=request.user, org=org, period=data["period"], kind=data["kind"]
        )

    return form_page(
        request,
        # ?ky= pre-selects the period (the results page's "Lập báo cáo" keeps its period).
        forms.DraftCreateForm(request.POST or None, initial={"period": request.GET.get("ky")}),
        "exports/index.html",
        on_valid=create,
        success_url=lambda draft: reverse("exports:detail", args=[draft.pk]),
        success_message="Đã tạo dự thảo báo cáo.",
        context={"org": org, "drafts": drafts, "may_edit": may_edit},
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    draft = selectors.draft_get(request.user, pk)
    version = selectors.version_get(draft)
    initial = {
        "limitations": version.limitations,
        "directions": version.directions,
        "doc_number": version.doc_number,
        "report_date": version.report_date,
    }

    def save(data: dict[str, Any]) -> Any:
        return services.draft_update(actor=request.user, draft=draft, **data)

    return form_page(
        request,
        forms.DraftEditForm(request.POST or None, initial=initial),
        "exports/detail.html",
        on_valid=save,
        success_url=reverse("exports:detail", args=[draft.pk]),
        success_message="Đã lưu phiên bản mới của dự thảo.",
        context={
            "draft": draft,
            "version": version,
            "sentence": met_sentence(version.snapshot),
            "frozen_at": snapshot_time(version.snapshot.get("generated_at")),
            "versions": draft.versions.select_related("created_by"),
            "files": selectors.files_of(draft),
            "formats": FileFormat.choices,
            "may_edit": can(request.user, Action.EDIT, draft.organisation),
        },
    )


@login_required
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The file of a version (``?v=3``; the latest by default): the one already exported from
    it in that format, or a new one with ``?moi=1``. 404 outside the unit's scope."""
    draft = selectors.draft_get(request.user, pk)
    number = request.GET.get("v", "")
    version = int(number) if number.isdigit() else None
    _row, exported = services.draft_export(
        actor=request.user,
        draft=draft,
        fmt=fmt,
        version=version,
        fresh=bool(request.GET.get("moi")),
    )
    response = HttpResponse(exported.data, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response


@login_required
def data_workbook(request: HttpRequest) -> HttpResponse:
    """ "Tải cả sổ dữ liệu": the whole data workbook, the same as ``nghiquyet export-workbook``
    (re-importable), holding only what the user may see (each sheet reads through the user's
    scope)."""
    book = export_workbook(actor=request.user)
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    day = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="so-du-lieu-{day}.xlsx"'
    return response

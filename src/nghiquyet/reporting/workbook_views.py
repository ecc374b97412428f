"""Download and upload of the per-form data-entry template (.xlsx)."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from nghiquyet.core.errors import InvalidInputError
from nghiquyet.reporting import selectors, services, template_workbook
from nghiquyet.reporting.forms import UploadForm
from nghiquyet.reporting.views import _grid_context, _rows, _value_type

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def template_download(request: HttpRequest, code: str, org: str, period: str) -> HttpResponse:
    page = selectors.entry_page(request.user, code, org, period)
    value_type = _value_type(request, page)
    book = template_workbook.build(page, _rows(page, value_type), value_type)
    buffer = io.BytesIO()
    book.save(buffer)
    name = f"{page.form.code}_{page.org.code}_{page.period.code}.xlsx"
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def template_upload(request: HttpRequest, code: str, org: str, period: str) -> HttpResponse:
    page = selectors.entry_page(request.user, code, org, period)
    upload = UploadForm(request.POST, request.FILES)
    if not upload.is_valid():
        return _failed(request, page, [f"Tệp: {m}" for ms in upload.errors.values() for m in ms])
    try:
        parsed = template_workbook.parse(upload.cleaned_data["file"], page)
    except template_workbook.TemplateError as exc:
        return _failed(request, page, exc.errors)
    try:
        services.submission_save_entries(
            actor=request.user,
            form=page.form,
            organisation=page.org,
            period_code=page.period.code,
            entries=parsed.entries,
            value_type=parsed.value_type,
        )
    except InvalidInputError as exc:
        return _failed(request, page, template_workbook.cell_errors(exc.errors, parsed))
    messages.success(request, "Đã nhập số liệu từ tệp Excel.")
    return redirect(
        "reporting:grid", code=page.form.code, org=page.org.code, period=page.period.code
    )


def _failed(request: HttpRequest, page: "selectors.EntryPage", errors: list[str]) -> HttpResponse:
    value_type = _value_type(request, page)
    context = _grid_context(page, value_type, _rows(page, value_type))
    context["upload_errors"] = errors
    return TemplateResponse(request, "reporting/grid.html", context, status=422)

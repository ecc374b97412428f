"""Form pieces shared by every app: Vietnamese dates, service-error plumbing, workbook files."""

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings

from nghiquyet.core.errors import InvalidInputError
from nghiquyet.core.formats import format_date_short, parse_date


class VNDateField(forms.CharField):
    """Accepts 7/8/2020, 07-08-2020, 2020-08-07 or "ngày 7 tháng 8 năm 2020"."""

    widget = forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})

    def prepare_value(self, value: Any) -> Any:
        return format_date_short(value) if isinstance(value, dt.date) else value

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_date(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


def add_service_errors(form: forms.BaseForm, exc: InvalidInputError) -> None:
    """Show a service's field errors on the form; unknown fields go to the form itself."""
    for field, messages in exc.errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


class XlsxFileField(forms.FileField):
    """An uploaded Excel workbook: size-limited, .xlsx by name and by content (a zip file)."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload is None:
            return upload
        limit = settings.NGHIQUYET_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"Tệp quá lớn ({upload.size // 1024} KB); tối đa {limit // (1024 * 1024)} MB."
            )
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Chỉ nhận tệp Excel dạng .xlsx.")
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":
            raise forms.ValidationError("Tệp không phải là tệp Excel .xlsx hợp lệ.")
        return upload


class WorkbookUploadForm(forms.Form):
    """The all-sheets workbook that the upload page checks, then imports."""

    file = XlsxFileField(label="Tệp Excel (.xlsx)")

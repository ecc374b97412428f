"""Form pieces shared by every app: Vietnamese dates, service-error plumbing, workbook files."""

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from nghiquyet.core.errors import InvalidInputError
from nghiquyet.core.formats import format_date_short, format_number, parse_date, parse_decimal
from nghiquyet.orgs.models import Organisation


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


class VNIntegerField(forms.CharField):
    """A whole number typed the Vietnamese way: ``1.061`` is 1061 (issue 9 §4).

    Messages name the field and show numbers Vietnamese style (``1.100``): "Nhập một số
    nguyên." for ``2,5``, "… không được nhỏ hơn 0." below ``min_value``. Cleans to ``int``.
    """

    widget = forms.TextInput(attrs={"inputmode": "numeric"})

    def __init__(
        self, *, min_value: int | None = None, max_value: int | None = None, **kwargs: Any
    ) -> None:
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return format_number(value) if isinstance(value, int) else value

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        label = str(self.label or "Số")
        try:
            number = parse_decimal(text, label=label, max_places=0)
        except ValueError as exc:
            message = str(exc) if "quá lớn" in str(exc) else f"{label}: nhập một số nguyên."
            raise forms.ValidationError(message) from None
        if number != number.to_integral_value():
            raise forms.ValidationError(f"{label}: nhập một số nguyên.")
        if self.min_value is not None and number < self.min_value:
            limit = format_number(self.min_value)
            raise forms.ValidationError(f"{label} không được nhỏ hơn {limit}.")
        if self.max_value is not None and number > self.max_value:
            limit = format_number(self.max_value)
            raise forms.ValidationError(f"{label} không được lớn hơn {limit}.")
        return int(number)


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


class UnitChoiceField(forms.ModelChoiceField):
    """A unit picked from a list by name, with its code to tell same-named units apart
    ("Chi bộ Khóm 1 (P-CL-CB1)"); the queryset comes from ``units_in_force``."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Organisation.objects.none(), **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


def units_in_force(user: Any, action: str, *, keep: Any = None) -> QuerySet[Organisation]:
    """The units ``user`` may ``action`` on that have not ended (a unit merged away on
    30/06/2025 gets no new records), in tree order; ``keep`` (a unit or its pk) stays offered
    even if it ended, so an older record can be edited without changing its unit."""
    in_force = Q(valid_to__isnull=True) | Q(valid_to__gte=timezone.localdate())
    if keep is not None:
        in_force |= Q(pk=getattr(keep, "pk", keep))
    return Organisation.objects.visible_to(user, action).filter(in_force).order_by("path")

"""Forms of the indicator pages. Rules stay in services; these only read the request."""

from django import forms
from django.conf import settings

from nghiquyet.core.periods import Period

XLSX_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/octet-stream",
    "application/zip",
}


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx)")

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        limit = settings.NGHIQUYET_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"Tệp quá lớn ({upload.size // 1024} KB); tối đa {limit // (1024 * 1024)} MB."
            )
        if not upload.name.lower().endswith(".xlsx") or upload.content_type not in XLSX_TYPES:
            raise forms.ValidationError("Chỉ nhận tệp Excel dạng .xlsx.")
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":
            raise forms.ValidationError("Tệp không phải là tệp Excel .xlsx hợp lệ.")
        return upload


class DashboardForm(forms.Form):
    org = forms.CharField(label="Mã đơn vị", max_length=40)
    period = forms.CharField(label="Kỳ", max_length=12, help_text="Ví dụ 2024, 2024Q1, 2024N9")

    def clean_period(self) -> Period:
        try:
            return Period.parse(self.cleaned_data["period"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

"""Small forms of the reporting pages (the grid itself is read from POST by ``views``)."""

from django import forms
from django.conf import settings

from nghiquyet.web.forms import VNDateField


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Lý do", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class UploadForm(forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx) đã điền")

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > settings.NGHIQUYET_MAX_UPLOAD_BYTES:
            limit = settings.NGHIQUYET_MAX_UPLOAD_BYTES // (1024 * 1024)
            raise forms.ValidationError(f"Tệp quá lớn (tối đa {limit} MB).")
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Chỉ nhận tệp Excel dạng .xlsx.")
        return upload


class LockExceptionForm(forms.Form):
    until = VNDateField(label="Cho phép sửa đến hết ngày")
    reason = forms.CharField(label="Lý do", max_length=2000)

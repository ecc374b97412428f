"""Small forms of the reporting pages (the grid itself is read from POST by ``views``)."""

from django import forms

from nghiquyet.web.forms import VNDateField, XlsxFileField


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Lý do", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class UploadForm(forms.Form):
    file = XlsxFileField(label="Tệp Excel (.xlsx) đã điền")


class LockExceptionForm(forms.Form):
    until = VNDateField(label="Cho phép sửa đến hết ngày")
    reason = forms.CharField(label="Lý do", max_length=2000)

"""Forms of the indicator pages. Rules stay in services; these only read the request."""

from django import forms

from nghiquyet.core.periods import Period
from nghiquyet.web.forms import XlsxFileField


class WorkbookUploadForm(forms.Form):
    file = XlsxFileField(label="Tệp Excel (.xlsx)")


class DashboardForm(forms.Form):
    org = forms.CharField(label="Mã đơn vị", max_length=40)
    period = forms.CharField(label="Kỳ", max_length=12, help_text="Ví dụ 2024, 2024Q1, 2024N9")

    def clean_period(self) -> Period:
        try:
            return Period.parse(self.cleaned_data["period"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

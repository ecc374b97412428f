"""Forms of the corrections to sessions and plans (edit, withdraw, delete)."""

from django import forms

from nghiquyet.dissemination.models import Audience
from nghiquyet.web.forms import VNDateField, VNIntegerField


class SessionEditForm(forms.Form):
    title = forms.CharField(max_length=300, label="Tên hội nghị")
    start_date = VNDateField(label="Từ ngày")
    end_date = VNDateField(required=False, label="Đến ngày")
    location = forms.CharField(required=False, max_length=200, label="Địa điểm")


class PlanEditForm(forms.Form):
    classes = VNIntegerField(min_value=1, label="Số lớp")
    groups = forms.MultipleChoiceField(
        choices=Audience.choices, widget=forms.CheckboxSelectMultiple, label="Đối tượng"
    )
    deadline = VNDateField(label="Thời hạn hoàn thành")
    note = forms.CharField(required=False, max_length=500, label="Ghi chú")


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Lý do thu hồi", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConfirmForm(forms.Form):
    """No field: posting it confirms the action the page names."""

"""Forms of the corrections to the register: withdraw, delete, a link's kind, a requirement."""

from django import forms

from nghiquyet.documents.models import RelationKind
from nghiquyet.web.forms import VNDateField


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Lý do thu hồi", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConfirmForm(forms.Form):
    """No field: posting it confirms the action the page names."""


class RelationKindForm(forms.Form):
    kind = forms.ChoiceField(choices=RelationKind.choices, label="Quan hệ")


class RequirementEditForm(forms.Form):
    deadline = VNDateField(label="Thời hạn")
    note = forms.CharField(required=False, max_length=500, label="Ghi chú")

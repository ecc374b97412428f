from django import forms

from nghiquyet.audit.actions import action_label
from nghiquyet.web.forms import VNDateField


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label="Người thực hiện", required=False)
    action = forms.ChoiceField(label="Hành động", required=False)
    date_from = VNDateField(label="Từ ngày", required=False)
    date_to = VNDateField(label="Đến ngày", required=False)

    def __init__(self, *args: object, actions: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["action"].choices = [("", "Tất cả")] + [(a, action_label(a)) for a in actions]  # type: ignore[attr-defined]

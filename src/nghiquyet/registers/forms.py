"""Forms of the registers: shapes and parsing only."""

from decimal import Decimal
from typing import Any

from django import forms

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.formats import parse_decimal
from nghiquyet.registers.models import MovementKind, MovementStatus
from nghiquyet.web.forms import UnitChoiceField, VNDateField, VNIntegerField, units_in_force


class AmountField(forms.CharField):
    """An amount in tỷ đồng typed the Vietnamese way (``3.700,5``)."""

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return parse_decimal(text, label=str(self.label or "Số tiền"))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


def _orgs(user: AnyUser) -> Any:
    return units_in_force(user, "edit")


class _UnitForm(forms.Form):
    organisation = UnitChoiceField(label="Đơn vị")

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _orgs(user)  # type: ignore[attr-defined]


class MovementForm(_UnitForm):
    name = forms.CharField(max_length=300, label="Tên mô hình, phong trào")
    kind = forms.ChoiceField(choices=MovementKind.choices, label="Loại")
    start_date = VNDateField(label="Ngày bắt đầu")
    status = forms.ChoiceField(choices=MovementStatus.choices, label="Trạng thái")
    participants = VNIntegerField(required=False, min_value=0, label="Số người tham gia")
    as_of = VNDateField(required=False, label="Ngày số liệu")
    description = forms.CharField(
        required=False, widget=forms.Textarea, max_length=5000, label="Mô tả"
    )


class CountForm(forms.Form):
    as_of = VNDateField(label="Ngày số liệu")
    participants = VNIntegerField(min_value=0, label="Số người tham gia")


class SurveyForm(_UnitForm):
    topic = forms.CharField(max_length=300, label="Chủ đề khảo sát")
    conducted_on = VNDateField(label="Ngày khảo sát")
    forms_issued = VNIntegerField(min_value=0, label="Số phiếu phát ra")
    forms_returned = VNIntegerField(min_value=0, label="Số phiếu thu về")
    document = forms.CharField(
        required=False, max_length=300, label="Văn bản liên quan (số, ký hiệu)"
    )
    answers = forms.CharField(
        required=False,
        widget=forms.Textarea,
        max_length=20000,
        label="Kết quả theo phương án",
        help_text="Mỗi dòng: câu hỏi | phương án | số phiếu.",
    )
    summary = forms.CharField(
        required=False, widget=forms.Textarea, max_length=10000, label="Tóm tắt kết quả"
    )


class ProjectForm(_UnitForm):
    code = forms.CharField(max_length=40, label="Mã dự án")
    name = forms.CharField(max_length=300, label="Tên dự án")
    plan_start = forms.IntegerField(min_value=1990, max_value=2100, label="Kế hoạch từ năm")
    plan_end = forms.IntegerField(min_value=1990, max_value=2100, label="Đến năm")
    total_investment = AmountField(max_length=30, label="Tổng mức đầu tư (tỷ đồng)")


class AllocationForm(forms.Form):
    year = forms.IntegerField(min_value=1990, max_value=2100, label="Năm")
    amount = AmountField(max_length=30, label="Vốn giao (tỷ đồng)")


class DisbursementForm(forms.Form):
    period = forms.CharField(
        max_length=40, label="Kỳ", help_text="Ví dụ: Quý 4/2023, tháng 10/2023, năm 2023"
    )
    amount = AmountField(max_length=30, label="Giải ngân trong kỳ (tỷ đồng)")

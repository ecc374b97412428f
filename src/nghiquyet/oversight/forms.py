"""Forms for inspection, supervision and rating: shapes and parsing only."""

from decimal import Decimal
from typing import Any

from django import forms

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.formats import parse_decimal
from nghiquyet.core.periods import SPAN_HELP
from nghiquyet.oversight.models import Discipline, Kind, NotRatedReason, Result
from nghiquyet.web.forms import UnitChoiceField, VNDateField, VNIntegerField, units_in_force


class VNDecimalField(forms.CharField):
    """A number typed the Vietnamese way (``89,5``), bounded like every entered number."""

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return parse_decimal(text, label=str(self.label or "Số"))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


def _orgs(user: AnyUser, action: str) -> Any:
    return units_in_force(user, action)


class InspectionForm(forms.Form):
    body = UnitChoiceField(label="Đơn vị thực hiện")
    kind = forms.ChoiceField(choices=Kind.choices, label="Loại")
    subject = forms.CharField(
        required=False, max_length=40, label="Tổ chức đảng được kiểm tra (mã đơn vị)"
    )
    member_name = forms.CharField(required=False, max_length=120, label="Hoặc: họ và tên đảng viên")
    member_card = forms.CharField(required=False, max_length=20, label="Số thẻ đảng viên")
    member_unit = forms.CharField(
        required=False, max_length=40, label="Chi bộ của đảng viên (mã đơn vị)"
    )
    content = forms.CharField(widget=forms.Textarea, max_length=5000, label="Nội dung")
    review_period = forms.CharField(
        required=False,
        max_length=40,
        label="Thời kỳ kiểm tra",
        help_text=f"Ví dụ: năm 2024, 6 tháng đầu năm 2024, nhiệm kỳ 2020-2025. {SPAN_HELP}",
    )
    start_date = VNDateField(label="Từ ngày")
    end_date = VNDateField(required=False, label="Đến ngày")
    in_programme = forms.BooleanField(required=False, label="Thuộc chương trình năm của đơn vị")

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = _orgs(user, "edit")  # type: ignore[attr-defined]


class ConclusionForm(forms.Form):
    result = forms.ChoiceField(choices=Result.choices, label="Kết quả")
    concluded_on = VNDateField(label="Ngày kết luận")
    findings = forms.CharField(
        required=False, widget=forms.Textarea, max_length=10000, label="Kết luận"
    )
    discipline = forms.ChoiceField(
        required=False, choices=[("", "Không"), *Discipline.choices], label="Hình thức kỷ luật"
    )
    remedies = forms.CharField(
        required=False,
        widget=forms.Textarea,
        max_length=10000,
        label="Yêu cầu khắc phục",
        help_text="Mỗi dòng một yêu cầu: nội dung | thời hạn "
        "(ví dụ: Ban hành kế hoạch | 30/6/2025).",
    )


class ProgrammeForm(forms.Form):
    organisation = UnitChoiceField(label="Đơn vị")
    year = forms.IntegerField(min_value=2000, max_value=2100, label="Năm")
    title = forms.CharField(max_length=300, label="Tên chương trình")
    note = forms.CharField(required=False, widget=forms.Textarea, max_length=5000, label="Ghi chú")

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _orgs(user, "edit")  # type: ignore[attr-defined]


class RatingFilterForm(forms.Form):
    don_vi = forms.CharField(required=False, max_length=40, label="Mã đơn vị")
    nam = forms.IntegerField(required=False, min_value=2000, max_value=2100, label="Năm")


class OrgRatingForm(forms.Form):
    organisation = forms.CharField(max_length=40, label="Tổ chức đảng (mã đơn vị)")
    year = forms.IntegerField(min_value=2000, max_value=2100, label="Năm")
    score = VNDecimalField(required=False, max_length=10, label="Điểm (trên 100)")
    disqualified = forms.BooleanField(required=False, label="Có yếu tố không hoàn thành nhiệm vụ")
    not_rated_reason = forms.CharField(required=False, max_length=300, label="Lý do không xếp loại")
    cap_override_reason = forms.CharField(
        required=False, max_length=500, label="Lý do vượt tỷ lệ xuất sắc (chỉ quản trị)"
    )


class MemberRatingForm(forms.Form):
    organisation = forms.CharField(max_length=40, label="Đơn vị (mã)")
    year = forms.IntegerField(min_value=2000, max_value=2100, label="Năm")
    rated = VNIntegerField(min_value=0, label="Số đảng viên được xếp loại")
    htxsnv = VNIntegerField(min_value=0, label="Hoàn thành xuất sắc nhiệm vụ")
    httnv = VNIntegerField(min_value=0, label="Hoàn thành tốt nhiệm vụ")
    htnv = VNIntegerField(min_value=0, label="Hoàn thành nhiệm vụ")
    khtnv = VNIntegerField(min_value=0, label="Không hoàn thành nhiệm vụ")
    cap_override_reason = forms.CharField(
        required=False, max_length=500, label="Lý do vượt tỷ lệ xuất sắc (chỉ quản trị)"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in NotRatedReason.choices:
            self.fields[f"not_rated_{value}"] = VNIntegerField(
                required=False, min_value=0, label=f"Không xếp loại: {label}"
            )


class CapForm(forms.Form):
    organisation = forms.CharField(max_length=40, label="Đơn vị (mã)")
    percent = VNDecimalField(max_length=10, label="Tỷ lệ HTXSNV tối đa (% số HTTNV)")

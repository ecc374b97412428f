"""Forms of the indicator pages. Rules stay in services; these only read the request."""

from typing import Any

from django import forms

from nghiquyet.core.periods import SPAN_HELP, Period
from nghiquyet.indicators.models import Combine, Direction, FieldGroup, IndicatorKind


class DashboardForm(forms.Form):
    org = forms.CharField(label="Mã đơn vị", max_length=40)
    period = forms.CharField(label="Kỳ", max_length=40, help_text="Ví dụ: Quý 3/2026, năm 2025")

    def clean_period(self) -> Period:
        try:
            return Period.parse(self.cleaned_data["period"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


FACTOR_CHOICES = [
    ("", "— (không phải tỷ lệ)"),
    ("100", "100 (%)"),
    ("1000", "1.000 (‰)"),
    ("10000", "10.000"),
]


class IndicatorForm(forms.Form):
    """Defining an indicator. Field names are the service's, so its errors land on them."""

    code = forms.CharField(label="Mã chỉ tiêu", max_length=40, help_text="Ví dụ DV-MOI")
    name = forms.CharField(label="Tên chỉ tiêu", max_length=300)
    unit = forms.CharField(label="Đơn vị tính", max_length=60, required=False)
    field_group = forms.ChoiceField(label="Lĩnh vực", choices=FieldGroup.choices)
    kind = forms.ChoiceField(label="Loại chỉ tiêu", choices=IndicatorKind.choices)
    factor = forms.TypedChoiceField(
        label="Hệ số (chỉ tiêu tỷ lệ)",
        choices=FACTOR_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    direction = forms.ChoiceField(label="Chiều đánh giá", choices=Direction.choices)
    combine = forms.ChoiceField(label="Cộng dồn theo kỳ", choices=Combine.choices)
    rolls_up = forms.BooleanField(label="Tổng hợp từ cấp dưới", required=False)
    is_reference = forms.BooleanField(label="Số liệu nền (không đánh giá)", required=False)
    allows_negative = forms.BooleanField(
        label="Cho phép số âm",
        required=False,
        help_text="Chỉ cho số lượng, giá trị có thể âm (ví dụ chênh lệch thu chi).",
    )
    decimals = forms.IntegerField(label="Số chữ số thập phân", initial=0)
    source_text = forms.CharField(label="Văn bản nguồn", max_length=300, required=False)
    owner = forms.CharField(
        label="Mã đơn vị sở hữu",
        max_length=40,
        required=False,
        help_text="Bỏ trống nếu chỉ tiêu áp dụng cho toàn hệ thống.",
    )

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values the services take as keyword fields (not code nor owner)."""
        return {k: v for k, v in self.cleaned_data.items() if k not in {"code", "owner"}}


class IndicatorEditForm(IndicatorForm):
    """Editing keeps the code and the owner: the update service does not change them."""

    code = None  # type: ignore[assignment]
    owner = None  # type: ignore[assignment]


class TargetForm(forms.Form):
    org = forms.CharField(label="Mã đơn vị", max_length=40, help_text="Ví dụ P-CL")
    period = forms.CharField(
        label="Kỳ",
        max_length=40,
        help_text=f"Ví dụ: năm 2025, nhiệm kỳ 2025-2030, Quý 1/2026. {SPAN_HELP}",
    )
    text = forms.CharField(
        label="Chỉ tiêu giao",
        max_length=200,
        help_text=(
            "Ghi như nghị quyết: “90% trở lên”, “đạt 80-85%”, “trên 28 nghìn tỷ đồng”, "
            "“xuống còn 16%”, “khoảng 80%”, “tăng bình quân 7-7,5%/năm”"
        ),
    )

"""Small forms of the reporting pages (the grid itself is read from POST by ``views``)."""

from decimal import Decimal
from typing import Any, cast

from django import forms

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.errors import NotFoundError
from nghiquyet.core.formats import format_number, parse_decimal
from nghiquyet.indicators.models import Indicator
from nghiquyet.orgs.models import Organisation, OrgKind
from nghiquyet.orgs.selectors import org_get
from nghiquyet.reporting.models import PeriodType, ReportingForm
from nghiquyet.reporting.services.forms import MAX_DAYS
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


class IndicatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} — {obj.name}"


class ReportingFormForm(forms.Form):
    """Fields of a reporting form as office staff type them; codes are resolved in the user's
    scope here, everything else is checked by ``form_create`` / ``form_update``."""

    code = forms.CharField(label="Mã biểu mẫu", max_length=40)
    name = forms.CharField(label="Tên biểu mẫu", max_length=200)
    owner = forms.CharField(
        label="Đơn vị ban hành (mã)",
        max_length=40,
        help_text="Biểu mẫu áp dụng cho các đơn vị trực thuộc đơn vị ban hành.",
    )
    period_type = forms.ChoiceField(label="Kỳ báo cáo", choices=PeriodType.choices)
    indicators = IndicatorChoiceField(
        label="Chỉ tiêu",
        queryset=Indicator.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        error_messages={
            "required": "Biểu mẫu phải có ít nhất một chỉ tiêu.",
            "invalid_choice": "Không tìm thấy chỉ tiêu “%(value)s” trong phạm vi của bạn.",
            "invalid_pk_value": "Chỉ tiêu “%(pk)s” không hợp lệ.",
        },
    )
    org_kinds = forms.MultipleChoiceField(
        label="Loại đơn vị phải báo cáo",
        choices=OrgKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    units = forms.CharField(
        label="Đơn vị chỉ định thêm (mã, cách nhau bằng dấu phẩy)",
        required=False,
        max_length=4000,
    )
    deadline_days = forms.IntegerField(
        label="Hạn nộp (số ngày sau khi hết kỳ)", min_value=0, max_value=MAX_DAYS, initial=10
    )
    grace_days = forms.IntegerField(
        label="Số ngày gia hạn", min_value=0, max_value=MAX_DAYS, initial=0
    )
    outlier_pct = forms.CharField(
        label="Ngưỡng cảnh báo biến động so với kỳ trước (%)", max_length=20, initial="50"
    )
    coverage_threshold_pct = forms.CharField(
        label="Ngưỡng đủ số đơn vị báo cáo để đánh giá chính thức (%)",
        max_length=20,
        initial="100",
        required=False,
        help_text="Để trống là 100%. Số tổng hợp từ ít đơn vị hơn ngưỡng này chỉ được đánh giá "
        "“tạm tính”.",
    )
    future_estimates = forms.BooleanField(
        label="Cho nhập số ước cho kỳ chưa bắt đầu",
        required=False,
        help_text="Số chính thức chỉ nhận khi kỳ đã bắt đầu.",
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        indicators = cast(IndicatorChoiceField, self.fields["indicators"])
        indicators.queryset = Indicator.objects.visible_to(user).order_by("position", "code")

    def clean_owner(self) -> Organisation:
        try:
            return org_get(self.user, self.cleaned_data["owner"].strip())
        except NotFoundError as exc:
            raise forms.ValidationError(exc.message) from None

    def clean_units(self) -> list[Organisation]:
        codes = dict.fromkeys(c.strip() for c in self.cleaned_data["units"].split(","))
        units, errors = [], []
        for code in filter(None, codes):
            try:
                units.append(org_get(self.user, code))
            except NotFoundError as exc:
                errors.append(exc.message)
        if errors:
            raise forms.ValidationError(errors)
        return units

    def clean_outlier_pct(self) -> Decimal:
        try:
            return parse_decimal(self.cleaned_data["outlier_pct"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_coverage_threshold_pct(self) -> Decimal:
        if not self.cleaned_data["coverage_threshold_pct"].strip():
            return Decimal(100)
        try:
            value = parse_decimal(self.cleaned_data["coverage_threshold_pct"], label="Ngưỡng")
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        if not Decimal(0) <= value <= Decimal(100):
            raise forms.ValidationError("Ngưỡng đủ số đơn vị báo cáo phải từ 0 đến 100%.")
        return value


class ReportingFormEditForm(ReportingFormForm):
    """The same fields without the issuing unit (a form keeps its issuer) and with the switch."""

    is_active = forms.BooleanField(label="Đang áp dụng", required=False)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        del self.fields["owner"]

    @staticmethod
    def initial_of(form: ReportingForm) -> dict[str, Any]:
        return {
            "code": form.code,
            "name": form.name,
            "period_type": form.period_type,
            "indicators": list(form.indicators.all()),
            "org_kinds": list(form.org_kinds or []),
            "units": ", ".join(form.units.order_by("path").values_list("code", flat=True)),
            "deadline_days": form.deadline_days,
            "grace_days": form.grace_days,
            "outlier_pct": _plain_number(form.outlier_pct),
            "coverage_threshold_pct": _plain_number(form.coverage_threshold_pct),
            "is_active": form.is_active,
            "future_estimates": form.future_estimates,
        }


def _plain_number(value: Decimal) -> str:
    """``50`` -> "50", ``12.50`` -> "12,5": as staff would type it back."""
    places = 0 if value == value.to_integral_value() else 2
    text = format_number(value, places)
    return text.rstrip("0") if "," in text else text

"""Forms for study sessions and plans: shapes and parsing only.

Counts are typed the Vietnamese way (``1.061``) through ``VNIntegerField`` (issue 9 §4).
"""

from typing import Any

from django import forms

from nghiquyet.access.scoping import AnyUser
from nghiquyet.dissemination.models import Audience, Format
from nghiquyet.orgs.models import Organisation
from nghiquyet.web.forms import VNDateField, VNIntegerField


def _orgs(user: AnyUser, action: str) -> Any:
    return Organisation.objects.visible_to(user, action).order_by("path")


class SessionForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="Đơn vị tổ chức"
    )
    title = forms.CharField(max_length=300, label="Tên hội nghị")
    documents = forms.CharField(
        max_length=2000,
        label="Văn bản được học tập, quán triệt",
        help_text="Số, ký hiệu hoặc trích dẫn; nhiều văn bản cách nhau bằng dấu “;”.",
    )
    start_date = VNDateField(label="Từ ngày")
    end_date = VNDateField(required=False, label="Đến ngày")
    format = forms.ChoiceField(choices=Format.choices, label="Hình thức")
    connected_units = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(), required=False, label="Điểm cầu (đơn vị trực thuộc)"
    )
    location = forms.CharField(required=False, max_length=200, label="Địa điểm")

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _orgs(user, "edit")  # type: ignore[attr-defined]
        self.fields["connected_units"].queryset = _orgs(user, "view")  # type: ignore[attr-defined]
        for value, label in Audience.choices:
            self.fields[f"expected_{value}"] = VNIntegerField(
                required=False, min_value=0, label=f"{label}: số phải dự"
            )
            self.fields[f"actual_{value}"] = VNIntegerField(
                required=False, min_value=0, label=f"{label}: số dự"
            )


class PointForm(forms.Form):
    """A connected unit records its own attendance for one group."""

    point = forms.ModelChoiceField(queryset=Organisation.objects.none(), label="Điểm cầu")
    group = forms.ChoiceField(choices=Audience.choices, label="Đối tượng")
    expected = VNIntegerField(min_value=0, label="Số phải dự")
    actual = VNIntegerField(min_value=0, label="Số dự")

    def __init__(self, *args: Any, points: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["point"].queryset = points  # type: ignore[attr-defined]


class PlanForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label="Đơn vị")
    document = forms.CharField(max_length=300, label="Văn bản", help_text="Ví dụ: 07-KH/ThU")
    classes = VNIntegerField(min_value=1, label="Số lớp")
    groups = forms.MultipleChoiceField(
        choices=Audience.choices, widget=forms.CheckboxSelectMultiple, label="Đối tượng"
    )
    deadline = VNDateField(label="Thời hạn hoàn thành")
    note = forms.CharField(required=False, max_length=500, label="Ghi chú")

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _orgs(user, "edit")  # type: ignore[attr-defined]


class CoverageForm(forms.Form):
    org = forms.CharField(required=False, max_length=40, label="Mã đơn vị")
    document = forms.CharField(required=False, max_length=300, label="Văn bản (số, ký hiệu)")


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

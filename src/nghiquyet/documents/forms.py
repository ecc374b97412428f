"""Forms: shapes and parsing only. The rules live in the services."""

from typing import Any

from django import forms

from nghiquyet.access.scoping import AnyUser
from nghiquyet.documents.doctypes import DocType, Scheme
from nghiquyet.documents.models import Action, FieldGroup, RelationKind, Status, TargetRule
from nghiquyet.orgs.models import Organisation, OrgKind
from nghiquyet.web.forms import VNDateField


class OrgCodeField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


def _orgs(user: AnyUser, action: str) -> Any:
    return Organisation.objects.visible_to(user, action).order_by("path")


class DocumentForm(forms.Form):
    organisation = OrgCodeField(queryset=Organisation.objects.none(), label="Cơ quan ban hành")
    scheme = forms.ChoiceField(choices=Scheme.choices, label="Hệ văn bản")
    # The commonest kind is the default, not the first of the list (Cương lĩnh is issued once).
    doc_type = forms.ChoiceField(
        choices=DocType.choices, initial=DocType.NGHI_QUYET, label="Loại văn bản"
    )
    type_code = forms.CharField(
        required=False, max_length=12, label="Ký hiệu loại", help_text="Để trống: dùng mặc định."
    )
    body_code = forms.CharField(
        required=False,
        max_length=60,
        label="Ký hiệu cơ quan ban hành",
        help_text="Để trống: lấy theo đơn vị (văn bản liên tịch: nối bằng “-”).",
    )
    co_issuers = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(), required=False, label="Cơ quan cùng ban hành"
    )
    number = forms.IntegerField(
        required=False, min_value=1, label="Số", help_text="Để trống: lấy số tiếp theo."
    )
    issue_date = VNDateField(required=False, label="Ngày ban hành")
    status = forms.ChoiceField(choices=Status.choices, initial=Status.BAN_HANH, label="Trạng thái")
    title = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Trích yếu")
    field_groups = forms.MultipleChoiceField(
        choices=FieldGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Lĩnh vực",
    )
    signer = forms.CharField(required=False, max_length=120, label="Người ký")
    signer_title = forms.CharField(required=False, max_length=120, label="Chức vụ người ký")
    year_in_symbol = forms.BooleanField(
        required=False, label="Ghi năm trong ký hiệu (30/2020/NĐ-CP)"
    )
    concretizes = forms.CharField(
        required=False,
        max_length=300,
        label="Cụ thể hóa văn bản",
        help_text="Ví dụ: Nghị quyết số 01-NQ/TU ngày 20/10/2025",
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _orgs(user, "edit")  # type: ignore[attr-defined]
        self.fields["co_issuers"].queryset = _orgs(user, "view")  # type: ignore[attr-defined]


class DocumentEditForm(DocumentForm):
    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        for name in ("organisation", "scheme", "co_issuers", "concretizes"):
            del self.fields[name]


class HeaderForm(forms.Form):
    header = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), label="Dán phần đầu văn bản", max_length=5000
    )


class RelationForm(forms.Form):
    kind = forms.ChoiceField(choices=RelationKind.choices, label="Quan hệ")
    citation = forms.CharField(
        max_length=300, label="Văn bản liên quan", help_text="Ví dụ: Kế hoạch số 07-KH/ThU"
    )


class UploadForm(forms.Form):
    file = forms.FileField(label="Tệp đính kèm (PDF, DOCX, XLSX, ảnh)")


class IssueForm(forms.Form):
    issue_date = VNDateField(label="Ngày ban hành")
    number = forms.IntegerField(required=False, min_value=1, label="Số (để trống: số tiếp theo)")
    signer = forms.CharField(required=False, max_length=120, label="Người ký")
    signer_title = forms.CharField(required=False, max_length=120, label="Chức vụ người ký")


class RequirementForm(forms.Form):
    action = forms.ChoiceField(choices=Action.choices, label="Yêu cầu")
    doc_type = forms.ChoiceField(
        choices=[("", "Bất kỳ loại nào"), *DocType.choices],
        required=False,
        label="Loại văn bản phải ban hành",
    )
    rule = forms.ChoiceField(choices=TargetRule.choices, label="Đơn vị phải thực hiện")
    target_kind = forms.ChoiceField(
        choices=[("", "—"), *OrgKind.choices], required=False, label="Loại đơn vị"
    )
    units = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(), required=False, label="Các đơn vị được chọn"
    )
    assigned_on = VNDateField(required=False, label="Ngày giao")
    deadline = VNDateField(label="Thời hạn")
    note = forms.CharField(required=False, max_length=500, label="Ghi chú")

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = _orgs(user, "view")  # type: ignore[attr-defined]


class ConsultationForm(forms.Form):
    deadline = VNDateField(label="Hạn góp ý")
    units = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(), required=False, label="Đơn vị được xin ý kiến"
    )
    usernames = forms.CharField(
        required=False,
        max_length=1000,
        label="Người được xin ý kiến",
        help_text="Tên đăng nhập, cách nhau bằng dấu phẩy.",
    )
    note = forms.CharField(required=False, max_length=500, label="Nội dung đề nghị")

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = _orgs(user, "view")  # type: ignore[attr-defined]


class CommentForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Ý kiến góp ý")


class SearchForm(forms.Form):
    q = forms.CharField(required=False, label="Tìm (không cần dấu, hoặc số ký hiệu)")
    doc_type = forms.ChoiceField(
        choices=[("", "Mọi loại"), *DocType.choices], required=False, label="Loại"
    )
    status = forms.ChoiceField(
        choices=[("", "Mọi trạng thái"), *Status.choices], required=False, label="Trạng thái"
    )
    year = forms.IntegerField(required=False, min_value=1930, max_value=2100, label="Năm")


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

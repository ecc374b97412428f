"""Forms for tasks: shapes and parsing only; the rules live in the services."""

from typing import Any

from django import forms

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.errors import InvalidInputError, NotFoundError
from nghiquyet.documents.citations import CitationError
from nghiquyet.documents.doctypes import DocType
from nghiquyet.documents.models import Document, FieldGroup
from nghiquyet.documents.selectors import document_resolve_text
from nghiquyet.orgs.models import Organisation
from nghiquyet.orgs.selectors import org_get
from nghiquyet.tasks.models import RecState, Recurrence, Section, Status
from nghiquyet.web.forms import UnitChoiceField, VNDateField, units_in_force

ROLES = [("chu_tri", "Đơn vị chủ trì"), ("giao", "Đơn vị giao"), ("phoi_hop", "Đơn vị phối hợp")]
CITATIONS_HELP = "Số, ký hiệu văn bản; nhiều văn bản cách nhau bằng dấu “;”."


def resolve_documents(user: AnyUser, text: str, field: str) -> list[Document]:
    """The documents named in ``text`` (``;``-separated citations), or a field error."""
    out = []
    for part in text.split(";"):
        if part.strip():
            try:
                out.append(document_resolve_text(user, part))
            except (CitationError, NotFoundError) as exc:
                raise InvalidInputError.single(field, exc.message) from None
    return out


def resolve_orgs(user: AnyUser, text: str, field: str) -> list[Organisation]:
    """The units named in ``text`` (codes separated by ``;``), or a field error."""
    out = []
    for code in text.replace(",", ";").split(";"):
        if code.strip():
            try:
                out.append(org_get(user, code.strip()))
            except NotFoundError as exc:
                raise InvalidInputError.single(field, exc.message) from None
    return out


class TaskForm(forms.Form):
    assigning = UnitChoiceField(label="Đơn vị giao")
    code = forms.CharField(max_length=40, label="Mã nhiệm vụ")
    title = forms.CharField(
        max_length=1000, label="Nội dung", widget=forms.Textarea(attrs={"rows": 2})
    )
    description = forms.CharField(
        required=False, max_length=10000, label="Mô tả", widget=forms.Textarea(attrs={"rows": 3})
    )
    lead = forms.CharField(max_length=40, label="Đơn vị chủ trì (mã)")
    coordinating_units = forms.CharField(
        required=False, max_length=2000, label="Đơn vị phối hợp (mã, cách nhau bằng “;”)"
    )
    start_date = VNDateField(label="Ngày bắt đầu")
    deadline = VNDateField(required=False, label="Thời hạn")
    recurrence = forms.ChoiceField(choices=Recurrence.choices, required=False, label="Lặp lại")
    recurrence_offset = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=364,
        label="Hạn là ngày thứ mấy của kỳ (0 = ngày đầu)",
    )
    recurrence_until = VNDateField(required=False, label="Lặp lại đến ngày")
    document = forms.CharField(
        required=False, max_length=300, label="Văn bản nguồn", help_text=CITATIONS_HELP
    )
    section = forms.ModelChoiceField(queryset=Section.objects.none(), required=False, label="Nhóm")
    phase = forms.CharField(required=False, max_length=20, label="Giai đoạn (ví dụ 2021–2023)")
    expected_doc_type = forms.ChoiceField(
        choices=[("", "—"), *DocType.choices], required=False, label="Sản phẩm là văn bản loại"
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = units_in_force(user, "edit", keep=self.initial.get("assigning"))
        self.fields["assigning"].queryset = orgs  # type: ignore[attr-defined]
        sections = Section.objects.visible_to(user).select_related("document")
        self.fields["section"].queryset = sections  # type: ignore[attr-defined]


class ProgressForm(forms.Form):
    occurrence = forms.IntegerField(widget=forms.HiddenInput)
    percent = forms.IntegerField(min_value=0, max_value=100, label="Tỷ lệ hoàn thành (%)")
    text = forms.CharField(
        max_length=5000, label="Nội dung", widget=forms.Textarea(attrs={"rows": 3})
    )
    documents = forms.CharField(
        required=False, max_length=2000, label="Văn bản minh chứng", help_text=CITATIONS_HELP
    )


class CompleteForm(forms.Form):
    occurrence = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        required=False, max_length=5000, label="Kết quả", widget=forms.Textarea(attrs={"rows": 2})
    )
    documents = forms.CharField(
        required=False, max_length=2000, label="Văn bản minh chứng", help_text=CITATIONS_HELP
    )


class ConfirmForm(forms.Form):
    occurrence = forms.IntegerField(widget=forms.HiddenInput)


class ReturnForm(forms.Form):
    occurrence = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(max_length=5000, label="Lý do trả lại")


class ExtensionForm(forms.Form):
    occurrence = forms.IntegerField(widget=forms.HiddenInput)
    new_date = VNDateField(label="Gia hạn đến ngày")
    reason = forms.CharField(max_length=5000, label="Lý do")


class DecisionForm(forms.Form):
    note = forms.CharField(required=False, max_length=5000, label="Ý kiến")


class CommentForm(forms.Form):
    text = forms.CharField(
        max_length=5000, label="Ý kiến", widget=forms.Textarea(attrs={"rows": 2})
    )


class ListFilterForm(forms.Form):
    don_vi = forms.CharField(required=False, max_length=40, label="Đơn vị (mã)")
    vai_tro = forms.ChoiceField(choices=ROLES, required=False, label="Vai trò của đơn vị")
    trang_thai = forms.ChoiceField(
        choices=[("", "Tất cả"), *Status.choices], required=False, label="Trạng thái"
    )
    giai_doan = forms.CharField(required=False, max_length=20, label="Giai đoạn")
    chu_tri = forms.CharField(required=False, max_length=40, label="Đơn vị chủ trì (mã)")
    linh_vuc = forms.ChoiceField(
        choices=[("", "Tất cả"), *FieldGroup.choices], required=False, label="Lĩnh vực"
    )
    van_ban = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CalendarForm(forms.Form):
    don_vi = forms.CharField(required=False, max_length=40, label="Đơn vị (mã)")
    vai_tro = forms.ChoiceField(choices=ROLES, required=False, label="Vai trò của đơn vị")
    thang = forms.RegexField(
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        required=False,
        max_length=7,
        label="Tháng (ví dụ 2026-03)",
        error_messages={"invalid": "Tháng phải có dạng năm-tháng, ví dụ 2026-03."},
    )


class StatisticsForm(forms.Form):
    don_vi = forms.CharField(required=False, max_length=40, label="Đơn vị (mã)")
    ky = forms.CharField(
        required=False,
        max_length=40,
        label="Kỳ (ví dụ: năm 2025, quý I/2025, 6 tháng đầu năm 2025, tháng 3/2025)",
    )


class BriefingForm(forms.Form):
    chair = UnitChoiceField(to_field_name="code", label="Đơn vị chủ trì")
    held_on = VNDateField(label="Ngày giao ban")
    participants = forms.CharField(
        required=False, max_length=2000, label="Đơn vị dự (mã, cách nhau bằng “;”)"
    )
    agenda = forms.CharField(
        max_length=10000, label="Nội dung giao ban", widget=forms.Textarea(attrs={"rows": 3})
    )
    notice = forms.CharField(
        required=False,
        max_length=300,
        label="Thông báo kết luận",
        help_text="Số, ký hiệu văn bản đã đăng ký, ví dụ 714-TB/TU.",
    )
    conclusions = forms.CharField(
        required=False,
        max_length=100000,
        label="Các kết luận (mỗi kết luận một dòng)",
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = units_in_force(user, "edit")  # type: ignore[attr-defined]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (the services check each one)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class RecommendationForm(forms.Form):
    unit = UnitChoiceField(to_field_name="code", label="Đơn vị kiến nghị")
    title = forms.CharField(max_length=300, label="Tiêu đề")
    text = forms.CharField(
        max_length=10000,
        label="Khó khăn, vướng mắc, kiến nghị",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    task = forms.IntegerField(required=False, widget=forms.HiddenInput)
    submission = forms.IntegerField(required=False, widget=forms.HiddenInput)
    attachments = MultipleFileField(
        required=False, label="Tệp đính kèm", help_text="PDF, DOCX, XLSX, PNG, JPG."
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = units_in_force(user, "edit").filter(parent__isnull=False)
        self.fields["unit"].queryset = orgs  # type: ignore[attr-defined]


class ReplyForm(forms.Form):
    text = forms.CharField(
        max_length=10000, label="Nội dung", widget=forms.Textarea(attrs={"rows": 3})
    )


class RecommendationFilterForm(forms.Form):
    don_vi = forms.CharField(required=False, max_length=40, label="Đơn vị (mã)")
    hop = forms.ChoiceField(
        choices=[("", "Gửi đi và nhận được"), ("gui", "Đơn vị gửi"), ("nhan", "Gửi đến đơn vị")],
        required=False,
        label="Hộp",
    )
    tinh_trang = forms.ChoiceField(
        choices=[("", "Tất cả"), *RecState.choices], required=False, label="Tình trạng"
    )

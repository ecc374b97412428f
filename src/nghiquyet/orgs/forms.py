from django import forms

from nghiquyet.core.periods import SPAN_HELP
from nghiquyet.orgs.models import OrgKind
from nghiquyet.web.forms import VNDateField


class OrgForm(forms.Form):
    code = forms.CharField(label="Mã đơn vị", max_length=40)
    name = forms.CharField(label="Tên đơn vị", max_length=200)
    short_name = forms.CharField(label="Tên ngắn", max_length=100, required=False)
    kind = forms.ChoiceField(label="Loại đơn vị", choices=OrgKind.choices)
    body_code = forms.CharField(
        label="Ký hiệu cơ quan ban hành",
        max_length=30,
        required=False,
        help_text="Ví dụ: TU, ĐU, CB, BTCTU.",
    )
    superior_line = forms.CharField(
        label="Dòng cơ quan cấp trên trên tiêu đề văn bản",
        max_length=200,
        required=False,
        help_text="Ví dụ: ĐẢNG BỘ TỈNH ĐỒNG THÁP.",
    )
    place_name = forms.CharField(
        label="Địa danh ghi ở dòng ngày tháng", max_length=100, required=False
    )
    valid_from = VNDateField(label="Hiệu lực từ ngày", required=False)
    valid_to = VNDateField(label="Hiệu lực đến ngày", required=False)


class OrgEditForm(OrgForm):
    """Editing keeps the code: it is the unit's stable identifier."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        del self.fields["code"]


class MoveForm(forms.Form):
    parent = forms.CharField(label="Mã đơn vị cấp trên mới", max_length=40)


class MergeForm(forms.Form):
    predecessors = forms.CharField(
        label="Mã các đơn vị được hợp nhất vào đơn vị này",
        help_text="Cách nhau bởi dấu phẩy, ví dụ: P-MY-PHU, X-TAN-THUAN-TAY.",
    )
    effective = VNDateField(label="Ngày hiệu lực")
    move_children = forms.BooleanField(
        label="Chuyển các đơn vị trực thuộc còn hoạt động sang đơn vị này",
        required=False,
        initial=True,
    )
    note = forms.CharField(label="Căn cứ / ghi chú", max_length=300, required=False)


class DissolveForm(forms.Form):
    effective = VNDateField(label="Ngày giải thể (ngày hiệu lực)")


class TermForm(forms.Form):
    start_year = forms.IntegerField(label="Năm bắt đầu", min_value=1930, max_value=2100)
    end_year = forms.IntegerField(
        label="Năm kết thúc", min_value=1930, max_value=2100, help_text=SPAN_HELP
    )
    ordinal = forms.CharField(label="Đại hội lần thứ (số La Mã)", max_length=10, required=False)
    congress_from = VNDateField(label="Đại hội từ ngày", required=False)
    congress_to = VNDateField(label="Đại hội đến ngày", required=False)

"""The register form's header paste fills the issuing body (issue 9 §2)."""

import datetime as dt

from nghiquyet.documents.forms import DocumentForm

PROVINCE_HEADER = (
    "ĐẢNG BỘ TỈNH ĐỒNG THÁP              ĐẢNG CỘNG SẢN VIỆT NAM\n"
    "TỈNH ỦY\n"
    "         *\n"
    "Số 07-KH/TU                        Cao Lãnh, ngày 15 tháng 11 năm 2024\n\n"
    "KẾ HOẠCH\n"
    "thực hiện Nghị quyết số 18-NQ/TW ngày 25/10/2017\n"
    "Căn cứ Điều lệ Đảng;\n"
)
WARD_HEADER = (
    "ĐẢNG BỘ TỈNH ĐỒNG THÁP\tĐẢNG CỘNG SẢN VIỆT NAM\n"
    "ĐẢNG ỦY PHƯỜNG CAO LÃNH\n*\n"
    "Số 09-KH/ĐU\tCao Lãnh, ngày 03 tháng 7 năm 2026\n"
    "KẾ HOẠCH\nhọc tập, quán triệt Nghị quyết\n"
)


def _paste(client, header):
    response = client.post("/van-ban/doc-phan-dau/", {"header": header}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def test_a_pasted_tinh_uy_header_fills_the_issuing_body(cast, client_for):
    body = _paste(client_for("tinhuy"), PROVINCE_HEADER)
    assert f'<option value="{cast.province.pk}" selected>' in body
    assert "Cơ quan ban hành ghi trên văn bản: TỈNH ỦY (ĐẢNG BỘ TỈNH ĐỒNG THÁP)" in body
    assert "thực hiện Nghị quyết số 18-NQ/TW ngày 25/10/2017</textarea>" in body
    assert 'value="15/11/2024"' in body


def test_a_pasted_ward_header_fills_the_ward(cast, client_for):
    body = _paste(client_for("xa"), WARD_HEADER)
    assert f'<option value="{cast.commune.pk}" selected>' in body
    assert 'value="03/07/2026"' in body


def test_a_body_the_user_cannot_register_for_is_named_not_chosen(cast, client_for):
    body = _paste(client_for("xa"), PROVINCE_HEADER)
    assert "selected>Tỉnh ủy Đồng Tháp" not in body
    assert "Chưa tìm thấy “Tỉnh Ủy” trong các đơn vị bạn được nhập văn bản" in body


def test_the_register_form_reads_a_date_typed_with_ngay(cast):
    form = DocumentForm(
        data={
            "organisation": cast.commune.pk,
            "scheme": "dang",
            "doc_type": "ke_hoach",
            "issue_date": "ngày 15/12/2008",
            "status": "ban_hanh",
            "title": "Kế hoạch",
        },
        user=cast.xa,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["issue_date"] == dt.date(2008, 12, 15)

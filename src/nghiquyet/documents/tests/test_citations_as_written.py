"""Citations and headers as officials and legal websites write them (issue 9 §2)."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nghiquyet.documents.citations import CitationError, find_citations, parse_citation
from nghiquyet.documents.doctypes import (
    STATE_CODES,
    STATE_VARIANT_CODES,
    Scheme,
    canonical_code,
    type_from_code,
)
from nghiquyet.documents.header import parse_header


def test_no_space_after_so():
    c = parse_citation("…của Bộ Chính trị số31-QĐ/TW, ngày 01-10-1997")
    assert (c.symbol, c.issue_date) == ("31-QĐ/TW", dt.date(1997, 10, 1))


@pytest.mark.parametrize(
    "text",
    [
        "Quyết định số 84 QĐ/TWĐTN ngày 22/02/2013",
        "Quyết định số 84 - QĐ/TWĐTN ngày 22/02/2013",
        "Quyết định số 84 QĐ / TWĐTN, ngày 22-02-2013",
    ],
)
def test_a_space_for_the_hyphen_keeps_body_and_date(text):
    c = parse_citation(text)
    assert (c.symbol, c.body_code, c.issue_date) == ("84-QĐ/TWĐTN", "TWĐTN", dt.date(2013, 2, 22))
    assert c.doc_type == "quyet_dinh"


def test_an_unreadable_symbol_after_a_number_is_an_error_not_a_silent_loss():
    with pytest.raises(CitationError, match="không đúng dạng"):
        parse_citation("Quyết định số 84 QĐ-TWĐTN ngày 22/02/2013")


def test_joint_state_symbol_with_slash_after_the_type():
    c = parse_citation("Nghị quyết liên tịch số 19/2008/NQLT/CP-UBTUMTTQVN ngày 29/12/2008")
    assert (c.scheme, c.number, c.year, c.type_code) == ("nha_nuoc", 19, 2008, "NQLT")
    assert c.joint_bodies == ("CP", "UBTUMTTQVN")
    assert c.body_code == "CP-UBTUMTTQVN"
    assert c.symbol == "19/2008/NQLT/CP-UBTUMTTQVN"
    assert c.doc_type == "nghi_quyet"
    bare = parse_citation("19/2008/NQLT/CP-UBTUMTTQVN")
    assert (bare.type_code, bare.joint_bodies) == ("NQLT", ("CP", "UBTUMTTQVN"))


def test_joint_party_symbol_lists_its_bodies():
    assert parse_citation("05-QC/BTCTU-BDVTU").joint_bodies == ("BTCTU", "BDVTU")
    assert parse_citation("Số: 123/UBND-VP").joint_bodies == ()  # A công văn's unit, not joint.


def test_copy_code_sy():
    c = parse_citation("12/SY-UBND")
    assert (c.type_code, c.body_code, c.doc_type) == ("SY", "UBND", "ban_sao")


# NĐ 30/2020, Phụ lục III: the 27 administrative types and the three copies.
PHU_LUC_III = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "TC": "Thông cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "HĐ": "Hợp đồng",
    "CĐ": "Công điện",
    "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền",
    "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép",
    "PG": "Phiếu gửi",
    "PC": "Phiếu chuyển",
    "PB": "Phiếu báo",
    "SY": "Bản sao y",
    "TrS": "Bản trích sao",
    "SL": "Bản sao lục",
}


@pytest.mark.parametrize("code", sorted(PHU_LUC_III))
def test_every_code_of_nd30_phu_luc_iii_is_a_type(code):
    known = set(STATE_CODES.values()) | set(STATE_VARIANT_CODES)
    assert code in known
    for written in (code, code.upper()):
        c = parse_citation(f"Số: 12/{written}-UBND")
        assert (c.type_code, c.body_code) == (code, "UBND")
        assert c.doc_type == type_from_code(Scheme.NHA_NUOC, code)
    if code in STATE_VARIANT_CODES:
        assert STATE_VARIANT_CODES[code][0] == PHU_LUC_III[code]


def test_an_agency_equal_to_a_type_code_is_the_body_of_a_named_cong_van():
    c = parse_citation("Công văn 10453/CT-TTHT ngày 28/12/2023 của Cục Thuế")
    assert (c.doc_type, c.type_code, c.body_code) == ("cong_van", "", "CT-TTHT")
    assert c.symbol == "10453/CT-TTHT"
    assert parse_citation("Chỉ thị số 05/CT-UBND").type_code == "CT"


@pytest.mark.parametrize(
    ("issuer", "body"),
    [
        ("Thủ tướng Chính phủ", "TTg"),
        ("Chính phủ", "CP"),
        ("Ban Thường vụ Tỉnh ủy", "TU"),
        ("Ban Chấp hành Trung ương Đảng", "TW"),
        ("Đảng ủy khối Các cơ quan tỉnh", "ĐUK"),
    ],
)
def test_the_most_specific_issuer_wins(issuer, body):
    c = parse_citation(f"Quyết định số 308 ngày 25/01/2022 của {issuer}")
    assert c.body_code == body
    assert "body_code" in c.inferred


def test_thu_tuong_decision_is_ttg_not_cp():
    c = parse_citation("Quyết định số 308 ngày 25/01/2022 của Thủ tướng Chính phủ về phê duyệt")
    assert (c.scheme, c.body_code, c.symbol) == ("nha_nuoc", "TTg", "308/QĐ-TTg")


@pytest.mark.parametrize(
    "issuer",
    [
        "Ban Tổ chức Tỉnh ủy",
        "Ủy ban Kiểm tra Tỉnh ủy",
        "Chính phủ và Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
        "Thành ủy",
    ],
)
def test_an_issuer_that_cannot_be_told_gives_nothing(issuer):
    c = parse_citation(f"Kết luận số 01 ngày 18/5/2021 của {issuer}")
    assert (c.body_code, c.complete, c.inferred) == ("", False, ())


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("07-QĐI/TW", "QĐi"),
        ("27-CTR/TU", "CTr"),
        ("12-TTR/ĐU", "TTr"),
        ("03-TBO/TW", "TBo"),
        ("147-CTHĐ/TU", "CTHĐ"),  # A local code is kept as written.
    ],
)
def test_capitalised_codes_map_to_their_canonical_case(text, code):
    c = parse_citation(text)
    assert c.type_code == code
    assert canonical_code(Scheme.DANG, code.upper()) == code


def test_qdi_in_capitals_is_a_quy_dinh():
    c = parse_citation("QUY ĐỊNH SỐ 07-QĐI/TW")
    assert (c.type_code, c.doc_type, c.symbol) == ("QĐi", "quy_dinh", "07-QĐi/TW")


def test_state_quy_dinh_in_capitals():
    assert parse_citation("Số: 05/QYĐ-UBND").type_code == "QyĐ"


LEGAL_SITE_HEADER = (
    "| Số hiệu | 18/2025/NQ-HĐND | Loại văn bản | Nghị quyết |\n"
    "| Nơi ban hành | Tỉnh Đồng Tháp | Người ký | Nguyễn Văn A |\n"
    "HỘI ĐỒNG NHÂN DÂN\nTỈNH ĐỒNG THÁP\n-------\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n"
    "Đồng Tháp, ngày 10 tháng 12 năm 2025\n\nNGHỊ QUYẾT\n"
    "Quy định mức chi hỗ trợ công tác phổ biến nghị quyết\n"
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;\n"
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020;\n"
)


def test_a_metadata_table_first_line_still_gives_the_number():
    header = parse_header(LEGAL_SITE_HEADER)
    values = header.values
    assert (values["scheme"], values["number"], values["type_code"]) == ("nha_nuoc", 18, "NQ")
    assert (values["body_code"], values["year_in_symbol"]) == ("HĐND", True)
    assert values["issue_date"] == dt.date(2025, 12, 10)
    assert header.issuer == "TỈNH ĐỒNG THÁP" and header.superior == "HỘI ĐỒNG NHÂN DÂN"


def test_a_bare_metadata_line_gives_the_number():
    header = parse_header("Số hiệu | 18/2025/NQ-HĐND |\nNGHỊ QUYẾT\nVề mức chi\n")
    assert (header.values["number"], header.values["body_code"]) == (18, "HĐND")


def test_the_trich_yeu_stops_at_the_first_body_line():
    header = parse_header(LEGAL_SITE_HEADER)
    assert header.values["title"] == "Quy định mức chi hỗ trợ công tác phổ biến nghị quyết"
    party = parse_header(
        "ĐẢNG CỘNG SẢN VIỆT NAM\nSố 07-KH/TU\nCao Lãnh, ngày 15 tháng 11 năm 2024\nKẾ HOẠCH\n"
        "thực hiện Nghị quyết số 18-NQ/TW ngày 25/10/2017\nKính gửi: các đảng bộ trực thuộc\n"
    )
    assert party.values["title"] == "thực hiện Nghị quyết số 18-NQ/TW ngày 25/10/2017"


def test_the_header_names_the_issuing_body_and_the_one_above():
    header = parse_header(
        "ĐẢNG BỘ TỈNH ĐỒNG THÁP              ĐẢNG CỘNG SẢN VIỆT NAM\nTỈNH ỦY\n         *\n"
        "Số 07-KH/TU                        Cao Lãnh, ngày 15 tháng 11 năm 2024\n"
    )
    assert (header.issuer, header.superior) == ("TỈNH ỦY", "ĐẢNG BỘ TỈNH ĐỒNG THÁP")


def test_the_citations_api_gives_joint_bodies(client_for):
    response = client_for("xa").post(
        "/api/v1/documents/citations/parse",
        {"text": "Nghị quyết liên tịch số 19/2008/NQLT/CP-UBTUMTTQVN; Công văn 10453/CT-TTHT"},
        content_type="application/json",
    )
    assert response.status_code == 200
    first, second = response.json()["citations"]
    assert (first["type_code"], first["joint_bodies"]) == ("NQLT", ["CP", "UBTUMTTQVN"])
    assert (second["type_code"], second["body_code"], second["doc_type"]) == (
        "",
        "CT-TTHT",
        "cong_van",
    )


_PIECES = st.sampled_from(
    [
        "số",
        "Số:",
        "số31",
        "Quyết định",
        "Công văn",
        "Nghị quyết liên tịch",
        "84",
        " QĐ/TW",
        "-QĐI/",
        "/2008/",
        "NQLT/CP-",
        "UBND",
        "ngày ",
        "01-10-1997",
        "31/2/2020",
        " của Thủ tướng Chính phủ",
        " của Ban Tổ chức Tỉnh ủy",
        ",",
        " ",
        "\n",
        "|",
        "0",
        "99999999",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=6), max_size=12).map("".join))
def test_parse_citation_raises_only_citation_error(text):
    try:
        c = parse_citation(text)
    except CitationError as exc:
        c, message = None, exc.message
    assert c is not None or message
    find_citations(text)  # Never raises: errors are collected.


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES | st.sampled_from(["TỈNH ỦY", "*", "KẾ HOẠCH", "Căn cứ"]), max_size=15))
def test_parse_header_never_raises(pieces):
    header = parse_header("".join(pieces))
    assert isinstance(header.notes, list)

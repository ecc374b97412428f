import datetime as dt

import pytest

from nghiquyet.documents.citations import (
    CitationError,
    find_citations,
    parse_citation,
    parse_symbol,
)


def test_party_plan_with_comma_and_hyphen_date():
    c = parse_citation("Kế hoạch số 07-KH/ThU, ngày 7-8-2020")
    assert (c.scheme, c.number, c.type_code, c.body_code) == ("dang", 7, "KH", "ThU")
    assert c.doc_type == "ke_hoach"
    assert c.issue_date == dt.date(2020, 8, 7)
    assert c.symbol == "07-KH/ThU"
    assert c.inferred == ()


def test_regulation_keeps_written_code_and_issuer():
    c = parse_citation("Quy định số 127-QĐ/TW ngày 1-3-2020 của Ban Bí thư “Về chức năng”")
    assert c.doc_type == "quy_dinh"
    assert c.type_code == "QĐ"
    assert c.body_code == "TW"
    assert c.issue_date == dt.date(2020, 3, 1)
    assert c.issuer == "Ban Bí thư"


def test_bare_number_takes_body_from_politburo_and_says_so():
    c = parse_citation("Kết luận số 01 ngày 18/5/2021 của Bộ Chính trị")
    assert c.symbol == "01-KL/TW"
    assert c.issue_date == dt.date(2021, 5, 18)
    assert set(c.inferred) == {"body_code", "type_code"}


def test_bare_number_with_unknown_issuer_is_incomplete_not_guessed():
    c = parse_citation("Nghị quyết số 01 của Thành ủy")
    assert not c.complete
    assert c.body_code == ""


def test_state_header_with_colon():
    c = parse_citation("Số: 12/KH-UBND")
    assert (c.scheme, c.number, c.type_code, c.body_code) == ("nha_nuoc", 12, "KH", "UBND")
    assert c.symbol == "12/KH-UBND"


def test_state_cong_van_has_no_type_code():
    c = parse_citation("Số: 123/UBND-VP")
    assert (c.type_code, c.body_code) == ("", "UBND-VP")


def test_joint_party_symbol():
    c = parse_citation("Quy chế phối hợp 05-QC/BTCTU-BDVTU")
    assert c.body_code == "BTCTU-BDVTU"
    assert c.symbol == "05-QC/BTCTU-BDVTU"


def test_chained_citation_gives_both_documents():
    text = (
        "Kế hoạch số 86-KH/TU ngày 07/5/2018 của Tỉnh ủy về thực hiện Nghị quyết số "
        "18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương Đảng khóa XII"
    )
    scan = find_citations(text)
    assert scan.errors == []
    first, second = scan.citations
    assert first.symbol == "86-KH/TU"
    assert first.issue_date == dt.date(2018, 5, 7)
    assert first.issuer == "Tỉnh ủy"
    assert second.symbol == "18-NQ/TW"
    assert second.issue_date == dt.date(2017, 10, 25)
    assert second.issuer == "Ban Chấp hành Trung ương Đảng"


def test_directive_with_comma_before_date():
    c = parse_citation("Chỉ thị số 45-CT/TW, ngày 14/4/2025")
    assert c.symbol == "45-CT/TW"
    assert c.issue_date == dt.date(2025, 4, 14)


def test_decree_with_year_and_long_date():
    c = parse_citation("Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020")
    assert (c.scheme, c.number, c.year, c.type_code, c.body_code) == (
        "nha_nuoc",
        30,
        2020,
        "NĐ",
        "CP",
    )
    assert c.doc_type == "nghi_dinh"
    assert c.issue_date == dt.date(2020, 3, 5)
    assert c.symbol == "30/2020/NĐ-CP"


def test_local_code_without_type_name():
    c = parse_citation("theo 147-CTHĐ/TU của Tỉnh ủy")
    assert (c.number, c.type_code, c.body_code) == (147, "CTHĐ", "TU")
    assert c.doc_type == ""


def test_old_decision_with_padded_hyphen_date():
    c = parse_citation("Quyết định số 31-QĐ/TW, ngày 01-10-1997")
    assert c.issue_date == dt.date(1997, 10, 1)
    assert c.doc_type == "quyet_dinh"


def test_decomposed_unicode_input_is_normalised():
    import unicodedata

    c = parse_citation(unicodedata.normalize("NFD", "Kế hoạch số 07-KH/ThU"))
    assert c.symbol == "07-KH/ThU"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Kế hoạch số 07-KH", "thiếu cơ quan ban hành"),
        ("Kế hoạch số KH/ThU", "thiếu số văn bản"),
        ("số 0-KH/TU", "từ 01 trở lên"),
        ("Kế hoạch số 07-KH/ThU, ngày 31-2-2020", "không tồn tại"),
        ("Số: 12/", "Không tìm thấy"),
    ],
)
def test_malformed_references_get_a_vietnamese_error(text, fragment):
    with pytest.raises(CitationError) as info:
        parse_citation(text)
    assert fragment in info.value.message


def test_malformed_date_does_not_yield_a_citation():
    scan = find_citations("Kế hoạch số 07-KH/ThU, ngày 31-2-2020 và Kế hoạch số 08-KH/ThU")
    assert [c.symbol for c in scan.citations] == ["08-KH/ThU"]
    assert len(scan.errors) == 1


def test_prose_is_not_a_reference():
    text = (
        "Chương trình số hóa, tổng số 250 phiếu, Nghị quyết Đại hội lần thứ XII, "
        "giai đoạn 2020 - 2025, ngày 7-8-2020, T/M Ban Thường vụ, 24/7"
    )
    scan = find_citations(text)
    assert scan.citations == []
    assert scan.errors == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("07-KH/ThU", "07-KH/ThU"), ("Số 7-KH/ThU", "07-KH/ThU"), ("Số: 12/KH-UBND", "12/KH-UBND")],
)
def test_parse_symbol_accepts_a_lone_symbol(text, expected):
    assert parse_symbol(text).symbol == expected


@pytest.mark.parametrize("text", ["07-KH", "KH/ThU", "0-KH/TU", "12", "", "07-KH/ThU ngày"])
def test_parse_symbol_refuses_partial_symbols(text):
    with pytest.raises(CitationError):
        parse_symbol(text)


def test_describe_reads_like_prose():
    c = parse_citation("kế hoạch số 7-KH/ThU ngày 7-8-2020")
    assert c.describe() == "Kế hoạch số 07-KH/ThU ngày 07/08/2020"

"""Congress documents are numbered in one sequence across types (HD36 §1.3.1a; issue 9 §7)."""

import datetime as dt

import pytest

from nghiquyet.core.errors import InvalidInputError
from nghiquyet.documents.numbering import is_congress_body, next_number

CONGRESS_DAY = dt.date(2025, 10, 14)  # The province's congress closes on 15/10/2025.


def _congress_doc(make_doc, doc_type, **fields):
    return make_doc(doc_type=doc_type, body_code="ĐH", issue_date=CONGRESS_DAY, **fields)


def test_congress_documents_share_one_sequence_across_types(cast, make_doc):
    report = _congress_doc(make_doc, "bao_cao", title="Báo cáo chính trị")
    resolution = _congress_doc(make_doc, "nghi_quyet", title="Nghị quyết Đại hội")
    minutes = _congress_doc(make_doc, "bien_ban", title="Biên bản bầu cử")
    assert [report.number, resolution.number, minutes.number] == [1, 2, 3]
    assert [d.symbol for d in (report, resolution, minutes)] == [
        "01-BC/ĐH",
        "02-NQ/ĐH",
        "03-BB/ĐH",
    ]
    assert {d.sequence_key for d in (report, resolution, minutes)} == {"ĐH2025-2030"}
    day = CONGRESS_DAY
    congress_next = next_number(
        scheme="dang", org=cast.province, type_code="TB", day=day, body_code="ĐH"
    )
    assert congress_next == 4


def test_the_committees_own_documents_keep_their_type_sequence(cast, make_doc):
    _congress_doc(make_doc, "bao_cao")
    _congress_doc(make_doc, "nghi_quyet")
    own = make_doc(doc_type="bao_cao", issue_date=CONGRESS_DAY)
    assert (own.number, own.sequence_key) == (1, "2020-2025")


def test_a_congress_number_used_by_another_type_is_refused(cast, make_doc):
    _congress_doc(make_doc, "bao_cao")
    with pytest.raises(InvalidInputError) as info:
        _congress_doc(make_doc, "nghi_quyet", number=1)
    message = info.value.errors["number"][0]
    assert "đã được dùng trong đại hội nhiệm kỳ 2025-2030" in message
    assert "Số tiếp theo còn trống là 02" in message


def test_a_congress_without_its_term_is_explained(cast, make_doc):
    with pytest.raises(InvalidInputError) as info:
        make_doc(body_code="ĐH", issue_date=dt.date(2023, 5, 1))
    assert "nhiệm kỳ bắt đầu năm 2023" in info.value.errors["issue_date"][0]


@pytest.mark.parametrize(
    ("body", "congress"),
    [("ĐH", True), ("ĐHĐB", True), ("đh", True), ("ĐH-TU", True), ("TU", False), ("ĐU", False)],
)
def test_congress_body_codes(body, congress):
    assert is_congress_body(body) is congress

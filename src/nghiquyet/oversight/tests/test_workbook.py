"""The `Kiểm tra giám sát` and `Xếp loại` sheets (issue 11 item 4): import through the
services, the cap and the counts refused on their cell, catalog names as people write them."""

import io
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from nghiquyet.audit.models import AuditEntry
from nghiquyet.core.workbook import CellError, Row, WorkbookError, import_workbook
from nghiquyet.oversight.models import Inspection, Level, MemberRating, OrgRating
from nghiquyet.oversight.workbook import (
    INSPECTION_COLUMNS,
    RATING_COLUMNS,
    format_reasons,
    parse_reasons,
)

INSPECTION_HEADER = [c.header for c in INSPECTION_COLUMNS]
RATING_HEADER = [c.header for c in RATING_COLUMNS]
# Kiểm tra giám sát: Mã, Loại, Đơn vị thực hiện, Đối tượng, Chi bộ của đảng viên, Số thẻ,
# Nội dung, Từ ngày, Đến ngày, Kết quả, Ngày kết luận, Kết luận, Kỷ luật.
ORG_INSPECTION = [
    "KT-01", "kiem tra chuyen de", "T-DT", "P-CL", None, None,
    "Thực hiện Nghị quyết Đại hội", "03/03/2025", "20/03/2025", "Có hạn chế", None,
    "Chậm ban hành kế hoạch", None,
]  # fmt: skip
MEMBER_INSPECTION = [
    "GS-01", "Giám sát thường xuyên", "P-CL", "Nguyễn Văn A", "P-CL-CB1", "123456",
    "Việc giữ mối liên hệ với nơi cư trú", "05/05/2025", None, None, None, None, None,
]  # fmt: skip


def rating(year=2025, unit="P-CL", subject="Đảng viên", score=None, level=None, **counts):
    """A `Xếp loại` row; member counts by level key, ``rated`` defaulting to their sum."""
    levels = [counts.get(k) for k in ("htxsnv", "httnv", "htnv", "khtnv")]
    rated = counts.get("rated", sum(n or 0 for n in levels) if subject == "Đảng viên" else None)
    return [
        year, unit, subject, score, level, rated, *levels,
        counts.get("not_rated"), counts.get("reasons"), counts.get("override"),
    ]  # fmt: skip


def book(inspections=(), ratings=()):
    wb = Workbook()
    wb.remove(wb.active)
    for title, header, rows in (
        ("Kiểm tra giám sát", INSPECTION_HEADER, inspections),
        ("Xếp loại", RATING_HEADER, ratings),
    ):
        if rows:
            ws = wb.create_sheet(title)
            ws.append(header)
            for row in rows:
                ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def errors_of(source, actor):
    with pytest.raises(WorkbookError) as exc:
        import_workbook(source, actor=actor)
    return {e.where: e.message for e in exc.value.errors}


def test_inspection_rows_create_and_conclude_records_through_the_services(cast):
    ctx = import_workbook(book([ORG_INSPECTION, MEMBER_INSPECTION]), actor=cast.tinhuy)
    assert ctx.changes["Kiểm tra giám sát"]["created"] == 2
    org = Inspection.objects.get(code="KT-01")
    assert (org.kind, org.subject_org, org.result) == (
        "kiem_tra_chuyen_de",
        cast.commune,
        "co_han_che",
    )
    assert org.concluded_on.isoformat() == "2025-03-20" and org.findings == "Chậm ban hành kế hoạch"
    member = Inspection.objects.get(code="GS-01")
    assert (member.member_name, member.member_unit, member.member_card) == (
        "Nguyễn Văn A", cast.cell, "123456",
    )  # fmt: skip
    assert AuditEntry.objects.filter(action="oversight.inspection.create").count() == 2


def test_a_subject_that_is_no_unit_code_and_has_no_member_unit_is_refused_on_its_cell(cast):
    row = [*ORG_INSPECTION]
    row[3] = "Trần Thị B"
    found = errors_of(book([row]), cast.tinhuy)
    assert list(found) == ["Kiểm tra giám sát!D2"]
    assert "Trần Thị B" in found["Kiểm tra giám sát!D2"]


def test_an_unknown_kind_is_refused_listing_the_accepted_names(cast):
    row = [*ORG_INSPECTION]
    row[1] = "Kiểm tra đột xuất"
    message = errors_of(book([row]), cast.tinhuy)["Kiểm tra giám sát!B2"]
    assert "“Kiểm tra đột xuất” không có trong danh mục" in message
    assert "“Kiểm tra khi có dấu hiệu vi phạm”" in message


def test_a_record_already_there_with_other_content_is_refused_on_the_cell_that_differs(cast):
    import_workbook(book([ORG_INSPECTION]), actor=cast.tinhuy)
    row = [*ORG_INSPECTION]
    row[6] = "Nội dung khác"
    assert list(errors_of(book([row]), cast.tinhuy)) == ["Kiểm tra giám sát!G2"]


def test_a_planned_record_is_concluded_by_a_later_row_with_its_result(cast):
    import_workbook(book([MEMBER_INSPECTION]), actor=cast.tinhuy)
    row = [*MEMBER_INSPECTION]
    row[9:13] = ["co vi pham", "30/05/2025", "Vi phạm quy định nêu gương", "khiển trách"]
    ctx = import_workbook(book([row]), actor=cast.tinhuy)
    assert ctx.changes["Kiểm tra giám sát"]["updated"] == 1
    record = Inspection.objects.get(code="GS-01")
    assert (record.result, record.discipline) == ("co_vi_pham", "khien_trach")


def test_a_user_without_rights_on_the_body_is_refused_on_the_body_cell(cast):
    found = errors_of(book([ORG_INSPECTION]), cast.xa)
    assert list(found) == ["Kiểm tra giám sát!C2"]
    assert not Inspection.objects.exists()


def test_rating_rows_record_organisations_and_members(cast):
    rows = [
        rating(unit="P-CL", subject="Tổ chức đảng", score=85),
        rating(unit="X-MH", subject="to_chuc", score=Decimal("49.5"), level="KHTNV"),
        rating(htxsnv=20, httnv=100, htnv=1, not_rated=3, reasons="Mới kết nạp: 2; om dau: 1"),
    ]
    ctx = import_workbook(book(ratings=rows), actor=cast.tinhuy)
    assert ctx.changes["Xếp loại"]["created"] == 3
    assert OrgRating.objects.get(organisation=cast.commune).level == Level.HTTNV
    assert OrgRating.objects.get(organisation=cast.other_commune).level == Level.KHTNV
    members = MemberRating.objects.get(organisation=cast.commune)
    assert (members.rated, members.htxsnv, members.not_rated) == (121, 20, 3)
    assert members.not_rated_reasons == {"moi_ket_nap": 2, "om_dau": 1}


def test_the_cap_is_accepted_at_20_percent_and_refused_at_21_naming_the_htxsnv_cell(cast):
    found = errors_of(book(ratings=[rating(htxsnv=21, httnv=100)]), cast.xa)
    assert list(found) == ["Xếp loại!G2"]
    assert "21 HTXSNV vượt tỷ lệ tối đa 20,00%" in found["Xếp loại!G2"]
    assert not MemberRating.objects.exists()
    import_workbook(book(ratings=[rating(htxsnv=20, httnv=100)]), actor=cast.xa)
    assert MemberRating.objects.get().htxsnv == 20


def test_a_quan_tri_override_reason_lets_21_percent_through_and_is_audited(cast):
    rows = [rating(htxsnv=21, httnv=100, override="Đơn vị tiêu biểu toàn quốc")]
    import_workbook(book(ratings=rows), actor=cast.tinhuy)
    entry = AuditEntry.objects.get(action="oversight.rating.cap_override")
    assert entry.after["reason"] == "Đơn vị tiêu biểu toàn quốc"


def test_counts_that_do_not_add_up_to_the_members_rated_are_refused_on_that_cell(cast):
    found = errors_of(book(ratings=[rating(htxsnv=2, httnv=100, htnv=5, rated=110)]), cast.xa)
    assert list(found) == ["Xếp loại!F2"]
    assert "không khớp số đảng viên được xếp loại (110)" in found["Xếp loại!F2"]


def test_not_rated_reasons_that_do_not_add_up_are_refused_on_the_not_rated_cell(cast):
    rows = [rating(httnv=10, not_rated=3, reasons="Thai sản: 1")]
    assert list(errors_of(book(ratings=rows), cast.xa)) == ["Xếp loại!K2"]


def test_a_level_the_score_does_not_earn_is_refused_on_the_level_cell(cast):
    rows = [rating(unit="P-CL", subject="Tổ chức đảng", score=85, level="HTXSNV")]
    found = errors_of(book(ratings=rows), cast.tinhuy)
    assert list(found) == ["Xếp loại!E2"]
    assert "ứng với mức “Hoàn thành tốt nhiệm vụ”" in found["Xếp loại!E2"]


def test_khtnv_with_a_good_score_records_disqualifying_facts(cast):
    rows = [
        rating(unit="P-CL", subject="Tổ chức đảng", score=85, level="không hoàn thành nhiệm vụ")
    ]
    import_workbook(book(ratings=rows), actor=cast.tinhuy)
    row = OrgRating.objects.get()
    assert (row.level, row.disqualified) == (Level.KHTNV, True)


def test_the_cap_counts_the_whole_sheet_for_organisations_whatever_the_row_order(cast):
    """The excellent unit is listed first; its siblings rated HTTNV come after it."""
    from nghiquyet.orgs.models import OrgKind
    from nghiquyet.orgs.services import org_create

    for n in range(5):
        org_create(
            actor=cast.root, code=f"P-CL-CB{n + 2}", name=f"Chi bộ Khóm {n + 2}",
            kind=OrgKind.CHI_BO_CO_SO, parent=cast.commune, valid_from=cast.commune.valid_from,
            body_code="CB", place_name=f"Khóm {n + 2}",
        )  # fmt: skip
    rows = [rating(unit="P-CL-CB1", subject="Tổ chức đảng", score=95)]
    rows += [rating(unit=f"P-CL-CB{n + 2}", subject="Tổ chức đảng", score=80) for n in range(5)]
    import_workbook(book(ratings=rows), actor=cast.xa)
    assert OrgRating.objects.filter(level=Level.HTXSNV).count() == 1


def test_an_organisation_row_with_member_counts_is_refused_on_the_count_cell(cast):
    rows = [rating(unit="P-CL", subject="Tổ chức đảng", score=85, httnv=4)]
    assert list(errors_of(book(ratings=rows), cast.tinhuy)) == ["Xếp loại!H2"]


def _reason_row(text):
    return Row("Xếp loại", 2, {"not_rated_reason": text}, {"not_rated_reason": "L"})


def test_reasons_read_back_what_they_are_written_as():
    reasons = {"moi_ket_nap": 2, "khac": 1}
    assert parse_reasons(_reason_row(format_reasons(reasons))) == reasons


@given(st.text(max_size=80))
@settings(max_examples=200, deadline=None)
def test_the_reason_parser_raises_nothing_but_a_cell_error(text):
    where = ""
    try:
        reasons = parse_reasons(_reason_row(text))
    except CellError as exc:
        where, reasons = exc.where, {}
    assert where in {"", "Xếp loại!L2"}
    assert all(isinstance(n, int) and n >= 0 for n in reasons.values())


@pytest.mark.parametrize("text", ["Khác: ²", "Khác: ١", "Khác: -1", "Khác: 1,5"])
def test_a_count_that_is_not_a_plain_whole_number_is_refused_on_the_reason_cell(text):
    with pytest.raises(CellError) as exc:
        parse_reasons(_reason_row(text))
    assert exc.value.where == "Xếp loại!L2"


def test_a_record_by_a_body_above_the_user_reimports_unchanged_but_no_new_one_is_made(cast):
    """xa sees the province's inspection of its commune; its export names the body T-DT."""
    import_workbook(book([ORG_INSPECTION]), actor=cast.tinhuy)
    ctx = import_workbook(book([ORG_INSPECTION]), actor=cast.xa)
    assert ctx.changes["Kiểm tra giám sát"]["unchanged"] == 1
    other = [*ORG_INSPECTION]
    other[0] = "KT-02"
    found = errors_of(book([other]), cast.xa)
    assert list(found) == ["Kiểm tra giám sát!C2"]
    assert "không có quyền" in found["Kiểm tra giám sát!C2"]

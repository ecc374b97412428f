"""What the rating and inspection pages offer: only what the service would accept, and the
year that has ratings (found in the persona walk of issue 11)."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from nghiquyet.oversight.services import InspectionInput, inspection_create, org_rating_set


def test_the_organisation_rating_form_is_offered_only_on_a_unit_with_units_below(cast, client_for):
    url = reverse("oversight:ratings")
    cell = client_for("chibo").get(url, {"don_vi": "X-MH-CB1", "nam": 2025})
    assert cell.context["member_form"] is not None and "org_form" not in cell.context
    commune = client_for("xa").get(url, {"don_vi": "P-CL", "nam": 2025})
    assert commune.context["org_form"] is not None


def test_the_ratings_page_opens_on_the_latest_year_rated_and_lists_the_whole_subtree(
    cast, client_for
):
    org_rating_set(actor=cast.tinhuy, organisation=cast.cell, year=2024, score=Decimal(80))
    page = client_for("lanhdao").get(reverse("oversight:ratings"), {"don_vi": "T-DT"})
    assert page.context["year"] == 2024
    assert [r.organisation for r in page.context["org_rows"]] == [cast.cell]
    assert page.context["orgs"].counts["httnv"] == 1


def test_a_record_not_started_offers_no_conclusion_form_but_says_when(cast, client_for):
    start = timezone.localdate() + dt.timedelta(days=10)
    record = inspection_create(
        actor=cast.xa,
        data=InspectionInput(
            body=cast.commune, kind="kiem_tra_chuyen_de", content="Kiểm tra", start_date=start,
            subject_org=cast.cell, code="KT-SAU",
        ),
    )  # fmt: skip
    page = client_for("xa").get(reverse("oversight:detail", args=[record.pk]))
    assert page.context["form"] is None and page.context["conclude_later"]
    assert "Ghi được kết luận từ ngày bắt đầu" in page.content.decode()


def _started(cast):
    start = timezone.localdate() - dt.timedelta(days=20)
    return inspection_create(
        actor=cast.xa,
        data=InspectionInput(
            body=cast.commune, kind="kiem_tra_chuyen_de", content="Kiểm tra", start_date=start,
            subject_org=cast.cell, code="KT-DONG",
        ),
    )  # fmt: skip


def test_a_remedy_line_without_its_bar_or_with_an_early_deadline_names_the_line(cast, client_for):
    """Walk defect: "Bổ sung kế hoạch 30/12/2026" (no "|") was read as a date, and a deadline
    before the conclusion was refused without saying which line."""
    record = _started(cast)
    url = reverse("oversight:conclude", args=[record.pk])
    today = timezone.localdate()
    early = today - dt.timedelta(days=1)
    base = {"result": "co_han_che", "concluded_on": today.strftime("%d/%m/%Y")}
    cases = {
        "Bổ sung kế hoạch 30/12/2099": "Dòng 1: thiếu dấu “|” giữa nội dung và thời hạn",
        f"Bổ sung kế hoạch | 30/12/2099\nHoàn thiện hồ sơ | {early:%d/%m/%Y}": (
            f"Yêu cầu khắc phục thứ 2: thời hạn {early:%d/%m/%Y} phải từ ngày kết luận"
        ),
    }
    client = client_for("xa")
    for remedies, message in cases.items():
        page = client.post(url, base | {"remedies": remedies})
        assert page.status_code == 422
        assert message in page.content.decode()
    record.refresh_from_db()
    assert record.concluded_on is None and not record.remedies.exists()


def test_the_filters_show_what_the_page_shows_and_say_when_a_period_is_refused(cast, client_for):
    """Walk defects: the rating filter stayed empty above "năm 2025 — Tỉnh ủy", the period box
    of the records page cut text at 12 characters ("quý III năm 2026" has 16) and a period it
    could not read silently showed this year instead."""
    org_rating_set(actor=cast.tinhuy, organisation=cast.cell, year=2024, score=Decimal(80))
    client = client_for("lanhdao")
    ratings = client.get(reverse("oversight:ratings"), {"don_vi": "T-DT"}).content.decode()
    assert 'name="nam" value="2024"' in ratings
    index = client.get(reverse("oversight:index"), {"don_vi": "T-DT", "ky": "quý III năm 2026"})
    body = index.content.decode()
    assert index.context["period"].code == "2026Q3"
    assert 'value="Quý III/2026" maxlength="40"' in body and 'role="alert"' not in body
    wrong = client.get(reverse("oversight:index"), {"don_vi": "T-DT", "ky": "quý 5/2026"})
    year = timezone.localdate().year
    assert wrong.context["period"].code == str(year)
    assert "Kỳ “quý 5/2026” không hợp lệ" in wrong.content.decode()
    assert f"Đang xem năm {year}." in wrong.content.decode()


def test_an_organisation_not_rated_says_so_beside_its_reason(cast, client_for):
    """Walk defect: the "Mức" column showed only the reason, as if it were a level."""
    reason = "Đảng bộ mới thành lập, chưa đủ 6 tháng hoạt động."
    org_rating_set(
        actor=cast.tinhuy, organisation=cast.cell, year=2024, score=None, not_rated_reason=reason
    )
    page = client_for("lanhdao").get(reverse("oversight:ratings"), {"don_vi": "T-DT", "nam": 2024})
    assert f"<td>Không xếp loại: {reason}</td>" in page.content.decode()

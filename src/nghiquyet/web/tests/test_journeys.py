"""Issue 12 §7: the users' journeys in Chromium, driven as people do (links, typing, keys).

1. ``xa`` enters a quarter with Vietnamese numbers, meets an inline error, fixes it, sends;
2. the province (``tinhuy``, who approves the communes) returns it with a reason, ``xa`` reads
   the reason on the start page, fixes and sends again, the province approves and it locks;
3. ``tinhuy`` goes from the start page down to a commune and downloads its quarterly DOCX;
4. ``tinhuy`` exports the children side by side to Excel: numbers are numbers, as on the page;
5. the data-entry grid from the keyboard alone.

The quarter is the last one ended (what the start page and the reporting pages offer today).
"""

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from nghiquyet.core.formats import parse_decimal
from nghiquyet.core.periods import Period
from nghiquyet.indicators.models import Indicator, IndicatorValue
from nghiquyet.indicators.services import target_set
from nghiquyet.indicators.tests.helpers import make_indicator
from nghiquyet.indicators.values import value_save
from nghiquyet.reporting.inbox import latest_ended_period
from nghiquyet.reporting.models import ReportingForm, Submission
from nghiquyet.reporting.services import submission_save_entries
from nghiquyet.web.dashboards import latest_quarter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEND = "Lưu và gửi báo cáo"
SAVE = "Lưu nháp"


@pytest.fixture(autouse=True)
def clean_run(page):
    """Each journey ends with no script error, no console error and no server error (5xx)
    seen by the browser (the missing favicon's 404 aside)."""
    seen: list[str] = []

    def console(msg) -> None:
        if msg.type == "error" and not msg.location.get("url", "").endswith("/favicon.ico"):
            seen.append(f"console: {msg.text} ({msg.location.get('url')})")

    page.on("pageerror", lambda exc: seen.append(f"script: {exc}"))
    page.on("console", console)
    page.on("response", lambda r: r.status >= 500 and seen.append(f"{r.status} {r.url}"))
    yield
    assert seen == []


def _quarter(form: ReportingForm) -> Period:
    period = latest_ended_period(form, timezone.localdate())
    assert period is not None
    return period


def _cell(page, indicator: Indicator):
    return page.locator(f"#value-{indicator.pk}")


def _message(page, text: str) -> None:
    page.locator("ul.messages").get_by_text(text).wait_for()


def _relogin(page, login, persona: str) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/dang-nhap/**")
    login(persona)


def _open_grid_from_reporting_page(page) -> None:
    page.get_by_role("navigation", name="Chức năng").get_by_role(
        "link", name="Báo cáo định kỳ"
    ).click()
    page.get_by_role("link", name="Nhập số liệu").click()
    page.locator("[data-entry-grid]").wait_for()


def _values(form: ReportingForm, cast, period: Period) -> dict[str, Decimal | None]:
    rows = IndicatorValue.objects.filter(
        indicator__in=form.indicators.all(), organisation=cast.commune, period_code=period.code
    )
    return {v.indicator.code: v.value for v in rows.select_related("indicator")}


def test_commune_enters_vietnamese_numbers_fixes_a_bad_cell_and_sends(
    page, login, cast, commune_form
):
    members, budget = commune_form.indicators.order_by("position")
    quarter = _quarter(commune_form)
    login("xa")
    # The start page lists the quarter's report as the commune's to-do; its link opens the grid.
    page.get_by_role("link", name=f"{commune_form.name} – {quarter.label}").click()
    page.locator("[data-entry-grid]").wait_for()

    _cell(page, members).fill("1.061")
    _cell(page, budget).fill("mười hai")
    _cell(page, budget).press("Tab")
    error = page.locator(f"#fb-{budget.pk} .error")
    error.wait_for()
    assert error.inner_text().strip() == "“mười hai” không phải là số."
    assert page.locator(f"#fb-{members.pk} .error").count() == 0

    _cell(page, budget).fill("12,5")
    _cell(page, budget).press("Tab")
    error.wait_for(state="detached")
    page.get_by_role("button", name=SAVE).click()
    _message(page, "Đã lưu nháp.")
    assert _cell(page, members).input_value() in {"1.061", "1061"}
    assert _values(commune_form, cast, quarter) == {"KN-DV": 1061, "THU-NS": Decimal("12.5")}

    page.get_by_role("button", name=SEND).click()
    _message(page, "Đã gửi báo cáo.")
    assert "Đã gửi, chờ duyệt" in page.locator("#submission-status").inner_text()
    sub = Submission.objects.get(form=commune_form, organisation=cast.commune)
    assert (sub.status, sub.period_code) == ("da_gui", quarter.code)


@pytest.fixture
def sent(cast, commune_form) -> Submission:
    """The commune's report of the last ended quarter, sent with a budget figure of 125,0."""
    members, budget = commune_form.indicators.order_by("position")
    sub, _warnings = submission_save_entries(
        actor=cast.xa,
        form=commune_form,
        organisation=cast.commune,
        period_code=_quarter(commune_form).code,
        entries={members.pk: {"value": "12"}, budget.pk: {"value": "125"}},
        submit=True,
    )
    return sub


def _decide_from_inbox(page, step: str, reason: str = "") -> None:
    """The approver opens the waiting report from the start page and returns or approves it."""
    page.get_by_role("region", name="Chờ đồng chí xử lý").get_by_role("link").first.click()
    page.locator("[data-entry-grid]").wait_for()
    if reason:
        page.get_by_label("Lý do trả lại").fill(reason)
    page.get_by_role("button", name=step).click()


def test_report_is_returned_fixed_sent_again_approved_and_locked(
    page, login, cast, commune_form, sent
):
    budget = commune_form.indicators.get(code="THU-NS")
    reason = "Thu ngân sách quý phải tính bằng tỷ đồng: 12,5 chứ không phải 125."
    login("tinhuy")
    _decide_from_inbox(page, "Trả lại", reason)
    _message(page, "Đã trả lại báo cáo cho đơn vị.")

    _relogin(page, login, "xa")
    todo = page.get_by_role("region", name="Việc cần làm")
    assert reason in todo.inner_text()
    assert "Bị trả lại" in todo.inner_text()
    todo.get_by_role("link", name=commune_form.name).click()
    assert reason in page.locator("dl.facts").inner_text()
    _cell(page, budget).fill("12,5")
    page.get_by_role("button", name=SEND).click()
    _message(page, "Đã gửi báo cáo.")

    _relogin(page, login, "tinhuy")
    _decide_from_inbox(page, "Duyệt báo cáo")
    _message(page, "Đã duyệt báo cáo; số liệu đã được khóa.")

    _relogin(page, login, "xa")
    _open_grid_from_reporting_page(page)
    assert "Đã duyệt" in page.locator("#submission-status").inner_text()
    assert _cell(page, budget).is_disabled()
    assert page.locator("[data-entry-grid] input:not([disabled])").count() == 0
    assert page.get_by_role("button", name=SAVE).count() == 0
    assert page.get_by_role("button", name=SEND).count() == 0
    assert page.locator("#entry-form").get_attribute("method") is None
    sent.refresh_from_db()
    assert sent.status == "da_duyet"
    assert _values(commune_form, cast, Period.parse(sent.period_code))["THU-NS"] == Decimal("12.5")


# (code, kind, name, unit, decimals, {unit code: (target, value)}) for the last ended quarter.
RESULTS = [
    (
        "THU-NS",
        "gia_tri",
        "Thu ngân sách trên địa bàn",
        "tỷ đồng",
        1,
        {"P-CL": ("100", "1.061,5"), "X-MH": ("80", "60,3")},
    ),
    (
        "DV-MOI",
        "so_luong",
        "Kết nạp đảng viên mới",
        "đảng viên",
        0,
        {"P-CL": ("20", "25"), "X-MH": ("20", "18")},
    ),
]


@pytest.fixture
def results(cast) -> Period:
    """Two indicators with quarter targets and values for both communes (their province
    total rolls up): Cao Lãnh exceeds both, Mỹ Hiệp misses both."""
    quarter = latest_quarter(timezone.localdate())
    units = {"P-CL": cast.commune, "X-MH": cast.other_commune}
    for code, kind, name, unit, places, figures in RESULTS:
        ind = make_indicator(cast.root, code, kind, name=name, unit=unit, decimals=places)
        target_set(
            actor=cast.root, indicator=ind, organisation=cast.province, period=quarter, text="150"
        )
        for org_code, (target, value) in figures.items():
            org = units[org_code]
            target_set(
                actor=cast.root, indicator=ind, organisation=org, period=quarter, text=target
            )
            value_save(
                actor=cast.root,
                indicator=ind,
                organisation=org,
                period=quarter,
                value=parse_decimal(value),
            )
    return quarter


def _children_of_province(page, quarter: Period, indicator_name: str) -> None:
    """From the start page: the province's results, then "So sánh" on one indicator."""
    page.get_by_role("link", name="Xem toàn bộ kết quả thực hiện").click()
    page.get_by_role("heading", name="Kết quả thực hiện chỉ tiêu — Tỉnh ủy Đồng Tháp").wait_for()
    page.locator("select[name=ky]").select_option(quarter.code)
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url(f"**ky={quarter.code}**")
    row = page.locator("table.dash-table tbody tr").filter(has_text=indicator_name)
    row.get_by_role("link", name="So sánh").click()
    page.get_by_role("heading", name="So sánh đơn vị cấp dưới — Tỉnh ủy Đồng Tháp").wait_for()


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_province_drills_into_a_commune_and_downloads_its_quarterly_docx(
    page, login, cast, results
):
    quarter = results
    login("tinhuy")
    tiles = page.get_by_role("region", name=f"Tình hình thực hiện — {quarter.label}")
    assert "Thu ngân sách trên địa bàn" in tiles.inner_text()
    _children_of_province(page, quarter, "Thu ngân sách trên địa bàn")
    page.locator("table.dash-table").get_by_role("link", name="Đảng ủy phường Cao Lãnh").click()
    page.get_by_role(
        "heading", name="Kết quả thực hiện chỉ tiêu — Đảng ủy phường Cao Lãnh"
    ).wait_for()
    assert "2/2 chỉ tiêu đạt và vượt" in page.locator("#dist-title").inner_text()

    # The report is made for the working unit: switch to the commune, then "Báo cáo".
    page.get_by_label("Đơn vị đang làm việc").fill("cao lanh")
    page.get_by_role("button", name="Đảng ủy phường Cao Lãnh P-CL").click()
    _message(page, "Đơn vị đang làm việc: Đảng ủy phường Cao Lãnh.")
    page.get_by_role("navigation", name="Chức năng").get_by_role(
        "link", name="Báo cáo", exact=True
    ).click()
    page.get_by_label("Kỳ báo cáo").select_option(label=quarter.label)
    page.get_by_label("Loại báo cáo").select_option(label="Báo cáo định kỳ")
    page.get_by_role("button", name="Lập dự thảo").click()
    _message(page, "Đã tạo dự thảo báo cáo.")
    assert "2/2 chỉ tiêu đạt và vượt" in page.locator("main").inner_text()

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải Word (DOCX)").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    text = _docx_text(download.path().read_bytes())
    assert "ĐẢNG ỦY PHƯỜNG CAO LÃNH" in text.splitlines()  # the issuing body, in the header
    assert "Kết quả: 2/2 chỉ tiêu đạt và vượt." in text.splitlines()


def test_province_exports_the_children_side_by_side_with_numeric_cells(page, login, cast, results):
    quarter = results
    login("tinhuy")
    _children_of_province(page, quarter, "Thu ngân sách trên địa bàn")
    shown = {}
    for row in page.locator("table.dash-table tbody tr").all():
        cells = [c.inner_text().strip() for c in row.locator("td").all()]
        shown[cells[0]] = (_number(cells[2]), _number(cells[3]))
    assert shown["Đảng ủy phường Cao Lãnh"][0] == Decimal("1061.5")

    with page.expect_download() as info:
        page.get_by_role("link", name="Xuất Excel").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(info.value.path().read_bytes())).active
    head = int(sheet.freeze_panes[1:]) - 1
    header = [c.value for c in sheet[head]]
    name_at, value_at, percent_at = (header.index(h) for h in ("Đơn vị", "Thực hiện", "% kế hoạch"))
    exported = {}
    for row in sheet.iter_rows(min_row=head + 1):
        for cell in (row[value_at], row[percent_at]):
            assert isinstance(cell.value, int | float), (cell.coordinate, cell.value)
            assert cell.data_type == "n"
        exported[row[name_at].value] = (row[value_at].value, row[percent_at].value)
    assert set(exported) == set(shown)
    for unit, (value, percent) in shown.items():
        assert exported[unit][0] == pytest.approx(float(value))
        assert exported[unit][1] == pytest.approx(float(percent), abs=0.005)


def _number(shown: str) -> Decimal:
    """The first Vietnamese-written number of a cell ("1.061,5 tỷ đồng", "75,38%")."""
    found = re.search(r"\d[\d.,]*", shown)
    assert found, shown
    return parse_decimal(found.group())


def _focused(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.textContent")


def _focus_is_visible(page) -> bool:
    """Whether the focused element shows a focus ring (an outline with a width)."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const style = getComputedStyle(el);
          return el.matches(':focus-visible') && style.outlineStyle !== 'none'
            && parseFloat(style.outlineWidth) > 0;
        }"""
    )


def test_grid_is_filled_and_saved_from_the_keyboard_alone(page, login, cast, commune_form):
    members, budget = commune_form.indicators.order_by("position")
    quarter = _quarter(commune_form)
    login("xa")
    # The grid's address, typed; from there on only keys.
    page.goto(
        page.base_url + reverse("reporting:grid", args=(commune_form.code, "P-CL", quarter.code))
    )
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Bỏ qua, đến nội dung chính"
    assert _focused(page) == "main"
    first, second = f"value-{members.pk}", f"value-{budget.pk}"
    for _ in range(40):  # Tab through the page until the grid's first cell has the focus.
        page.keyboard.press("Tab")
        if _focused(page) == first:
            break
    assert _focused(page) == first
    assert _focus_is_visible(page)

    page.keyboard.type("1.061")
    page.keyboard.press("Tab")
    assert _focused(page) == second
    assert _focus_is_visible(page)
    page.keyboard.type("12,5")
    page.keyboard.press("ArrowUp")
    assert _focused(page) == first
    page.keyboard.press("Enter")  # Enter moves down a row; it never sends the form.
    assert _focused(page) == second
    page.keyboard.press("Tab")  # past the last cell: the first button, "Lưu nháp"
    assert _focused(page).strip() == SAVE
    assert _focus_is_visible(page)
    assert not IndicatorValue.objects.filter(organisation=cast.commune).exists()

    page.keyboard.press("Enter")
    _message(page, "Đã lưu nháp.")
    assert _values(commune_form, cast, quarter) == {"KN-DV": 1061, "THU-NS": Decimal("12.5")}

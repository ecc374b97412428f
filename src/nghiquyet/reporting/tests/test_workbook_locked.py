"""A locked value changed through the all-sheets workbook is refused on its own cell (issue 9
§4: ``Số liệu!D944``, not ``A2``), with every other error, and nothing is saved."""

import io

import pytest
from openpyxl import Workbook

from nghiquyet.core.workbook import WorkbookError, import_workbook
from nghiquyet.indicators.models import IndicatorValue
from nghiquyet.indicators.values import value_save
from nghiquyet.reporting import services

PERIOD = "2025Q3"
HEADER = ["Mã chỉ tiêu", "Mã đơn vị", "Kỳ", "Giá trị"]


def _sheet(rows: dict[int, list]) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = "Số liệu"
    ws.append(HEADER)
    for number, values in rows.items():
        for column, value in enumerate(values, start=1):
            ws.cell(row=number, column=column, value=value)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


@pytest.fixture
def approved(cast, form, indicators):
    value_save(
        actor=cast.xa, indicator=indicators[0], organisation=cast.commune, period=PERIOD, value=12
    )
    sub = services.submission_submit(
        actor=cast.xa, form=form, organisation=cast.commune, period_code=PERIOD
    )
    services.submission_approve(actor=cast.tinhuy, submission=sub)
    return indicators


def test_a_locked_value_changed_on_row_944_names_its_cell(cast, approved):
    source = _sheet(
        {
            2: ["THU-NS", "P-CL", PERIOD, "1.250"],  # not on the form: open
            3: ["THU-NS", "P-CL", "2025Q2", "7o"],  # cannot be read
            944: ["KN-DV", "P-CL", PERIOD, 15],  # approved: locked
        }
    )
    with pytest.raises(WorkbookError) as caught:
        import_workbook(source, actor=cast.xa)
    where = [e.where for e in caught.value.errors]
    assert where == ["Số liệu!D3", "Số liệu!D944"]
    assert "đã được duyệt" in caught.value.errors[1].message
    assert IndicatorValue.objects.get().value == 12  # nothing saved, the locked value kept


def test_reimporting_the_locked_value_unchanged_is_harmless(cast, approved):
    source = _sheet({2: ["KN-DV", "P-CL", PERIOD, 12], 3: ["THU-NS", "P-CL", PERIOD, 5]})
    ctx = import_workbook(source, actor=cast.xa)
    assert ctx.changes["Số liệu"] == {"created": 1, "updated": 0, "unchanged": 1}

"""The year-versus-quarters rule (issue 7, defect 3) holds wherever a value enters: the API,
the workbook and the reporting grid refuse the same figure with the same message."""

import io
import json
from decimal import Decimal

import pytest
from openpyxl import Workbook

from nghiquyet.core.errors import InvalidInputError
from nghiquyet.core.workbook import WorkbookError, import_workbook
from nghiquyet.indicators.models import IndicatorValue
from nghiquyet.indicators.values import ValueRow, value_save, values_save_many

from .helpers import make_indicator

API = "/api/v1/indicators"
TOO_MUCH = "Tổng các quý năm 2024 (33,0 tỷ USD) vượt số cả năm (3,3 tỷ USD)."


@pytest.fixture
def export(cast):
    ind = make_indicator(
        cast.root, "XUAT-KHAU", kind="gia_tri", unit="tỷ USD", decimals=1, rolls_up=False
    )
    value_save(
        actor=cast.root, indicator=ind, organisation=cast.commune, period="2024", value="3,3"
    )
    return ind


def _put(client, payload):
    return client.put(f"{API}/values", data=json.dumps(payload), content_type="application/json")


def test_api_refuses_quarter_above_the_year(cast, client_for, export):
    payload = {"indicator": "XUAT-KHAU", "org": "P-CL", "period": "2024Q1", "value": "33"}
    response = _put(client_for("xa"), payload)
    assert response.status_code == 422
    assert response.json()["errors"] == {"value": [TOO_MUCH]}
    assert not IndicatorValue.objects.filter(period_code="2024Q1").exists()
    assert _put(client_for("xa"), payload | {"value": "3,3"}).status_code == 200


def test_year_below_stored_quarters_is_refused(cast, export):
    value_save(
        actor=cast.xa, indicator=export, organisation=cast.commune, period="2024Q2", value="2"
    )
    with pytest.raises(InvalidInputError) as exc:
        value_save(
            actor=cast.xa, indicator=export, organisation=cast.commune, period="2024", value="1,5"
        )
    assert exc.value.errors == {
        "value": ["Số cả năm (1,5 tỷ USD) nhỏ hơn tổng các quý đã nhập (2,0 tỷ USD)."]
    }


def test_bulk_checks_the_rule_against_the_other_rows_of_the_batch(cast, export):
    rows = [
        ValueRow(export, cast.commune, "2024Q1", value="2"),
        ValueRow(export, cast.commune, "2024Q2", value="2"),
    ]
    with pytest.raises(InvalidInputError) as exc:
        values_save_many(actor=cast.xa, rows=rows)
    message = "Tổng các quý năm 2024 (4,0 tỷ USD) vượt số cả năm (3,3 tỷ USD)."
    assert exc.value.errors == {"rows.0.value": [message], "rows.1.value": [message]}
    rows.append(ValueRow(export, cast.commune, "2024", value="4"))
    assert values_save_many(actor=cast.xa, rows=rows) == 3


def test_workbook_refuses_quarter_above_the_year_on_its_cell(cast, export):
    wb = Workbook()
    ws = wb.active
    ws.title = "Số liệu"
    ws.append(["Mã chỉ tiêu", "Mã đơn vị", "Kỳ", "Giá trị"])
    ws.append(["XUAT-KHAU", "P-CL", "2024Q1", 33])
    data = io.BytesIO()
    wb.save(data)
    data.seek(0)
    with pytest.raises(WorkbookError) as exc:
        import_workbook(data, actor=cast.tinhuy)
    assert [str(e) for e in exc.value.errors] == [f"Số liệu!D2: {TOO_MUCH}"]
    assert IndicatorValue.objects.get().value == Decimal("3.3")

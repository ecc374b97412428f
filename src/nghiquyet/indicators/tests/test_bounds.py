"""Issue 8, item 1: numbers are bounded to what the columns (and the roll-up) hold, at every
entry point, and a figure stored before the bounds existed never breaks a page."""

import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from openpyxl import Workbook

from nghiquyet.core.workbook import WorkbookError, import_workbook
from nghiquyet.indicators.models import Aggregate, IndicatorValue, Target
from nghiquyet.indicators.values import value_save

from .helpers import make_indicator

API = "/api/v1/indicators"
HUGE = "12345678901234567890123456789"
TOO_BIG = "quá lớn: phần nguyên tối đa 12 chữ số (nhỏ hơn 1.000.000.000.000)."


@pytest.fixture
def ind(cast):
    return make_indicator(cast.root, "DV-MOI", unit="đảng viên")


def _send(client, method, url, body):
    return getattr(client, method)(url, data=body, content_type="application/json")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (f'"{HUGE}"', f"Giá trị “{HUGE}” {TOO_BIG}"),
        (HUGE, f"Giá trị “{HUGE}” {TOO_BIG}"),
        ("1e300", f"Giá trị “1E+300” {TOO_BIG}"),
        ('"NaN"', "“NaN” không phải là số."),
        ('"Infinity"', "“Infinity” không phải là số."),
        ("1e-30", "Giá trị “1E-30” có quá 6 chữ số thập phân."),
        ('"0,0000001"', "Giá trị “0,0000001” có quá 6 chữ số thập phân."),
    ],
)
def test_api_refuses_numbers_the_columns_cannot_hold(cast, client_for, ind, raw, message):
    body = f'{{"indicator": "DV-MOI", "org": "P-CL", "period": "2024", "value": {raw}}}'
    response = _send(client_for("xa"), "put", f"{API}/values", body)
    assert response.status_code == 422
    assert response.json()["errors"] == {"value": [message]}
    bulk = _send(client_for("xa"), "post", f"{API}/values/bulk", f'{{"rows": [{body}]}}')
    assert bulk.status_code == 422 and list(bulk.json()["errors"]) == ["rows.0.value"]
    assert not IndicatorValue.objects.exists() and not Aggregate.objects.exists()


def test_minus_zero_is_stored_as_zero(cast, client_for, ind):
    body = json.dumps({"indicator": "DV-MOI", "org": "P-CL", "period": "2024", "value": "-0"})
    response = _send(client_for("xa"), "put", f"{API}/values", body)
    assert response.status_code == 200 and response.json()["value"] == 0
    assert str(IndicatorValue.objects.get().value) in {"0", "0E-6", "0.000000"}


def test_largest_bounded_figure_is_accepted_and_rolls_up_exactly(cast, ind):
    top = "999.999.999.999,999"
    value_save(actor=cast.root, indicator=ind, organisation=cast.cell, period="2024", value=top)
    expected = Decimal("999999999999.999")
    assert Aggregate.objects.get(organisation=cast.province).value == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (1e300, f"Số liệu!D2: Số “1e+300” {TOO_BIG}"),
        (HUGE, f"Số liệu!D2: Số “{HUGE}” {TOO_BIG}"),
        (
            "999.999.999.999,9999",
            "Số liệu!D2: Số “999.999.999.999,9999” có quá 15 chữ số; "
            "hãy làm tròn bớt phần thập phân.",
        ),
        (1e-30, "Số liệu!D2: Số “1e-30” có quá 6 chữ số thập phân."),
    ],
)
def test_workbook_refuses_numbers_the_columns_cannot_hold(cast, ind, cell, message):
    wb = Workbook()
    ws = wb.active
    ws.title = "Số liệu"
    ws.append(["Mã chỉ tiêu", "Mã đơn vị", "Kỳ", "Giá trị"])
    ws.append(["DV-MOI", "P-CL", "2024", cell])
    data = io.BytesIO()
    wb.save(data)
    data.seek(0)
    with pytest.raises(WorkbookError) as exc:
        import_workbook(data, actor=cast.tinhuy)
    assert [str(e) for e in exc.value.errors] == [message]
    assert not IndicatorValue.objects.exists()


def test_target_form_refuses_an_oversized_target(cast, client_for, ind):
    response = client_for("tinhuy").post(
        "/chi-tieu/DV-MOI/chi-tieu-giao/",
        {"org": "P-CL", "period": "2024", "text": f"≥ {HUGE}"},
    )
    assert response.status_code == 422
    assert TOO_BIG in response.content.decode()
    assert not Target.objects.exists()


def _poison(ind, cast) -> None:
    """Write what an unbounded save of the cell left behind before issue 8: an oversized
    figure in its value and in each of its ancestors' aggregates, bypassing the services."""
    values, aggregates = IndicatorValue._meta.db_table, Aggregate._meta.db_table
    chain = [cast.province.pk, cast.commune.pk]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {values} SET value = %s WHERE indicator_id = %s AND organisation_id = %s",  # noqa: S608
            [HUGE, ind.pk, cast.cell.pk],
        )
        for org_id in chain:
            cursor.execute(
                f"UPDATE {aggregates} SET value = %s WHERE indicator_id = %s "  # noqa: S608
                "AND organisation_id = %s",
                [HUGE, ind.pk, org_id],
            )


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="PostgreSQL's numeric(24,6) columns refuse the oversized figure themselves.",
)
def test_poisoned_figure_degrades_to_a_marked_cell_and_can_be_overwritten(cast, client_for, ind):
    value_save(actor=cast.root, indicator=ind, organisation=cast.cell, period="2024", value="5")
    value_save(
        actor=cast.root, indicator=ind, organisation=cast.other_cell, period="2024", value="2"
    )
    _poison(ind, cast)
    client = client_for("tinhuy")
    dashboard = client.get("/chi-tieu/bang/?org=T-DT&period=2024")
    assert dashboard.status_code == 200 and "—" in dashboard.content.decode()
    own = client.get("/chi-tieu/bang/?org=P-CL-CB1&period=2024")
    assert own.status_code == 200 and "vượt giới hạn lưu trữ" in own.content.decode()
    report = client.get(f"{API}/report?org=T-DT&period=2024")
    assert report.status_code == 200
    assert report.json()["indicators"][0]["display"] == "—"
    listing = client.get(f"{API}/values?org=P-CL-CB1")
    assert listing.status_code == 200
    assert listing.json()[0]["value"] is None
    assert "vượt giới hạn lưu trữ" in listing.json()[0]["warning"]
    assert client.get("/chi-tieu/DV-MOI/").status_code == 200
    body = json.dumps({"indicator": "DV-MOI", "org": "P-CL-CB1", "period": "2024", "value": 1})
    assert _send(client, "put", f"{API}/values", body).status_code == 200
    totals = dict(
        Aggregate.objects.filter(indicator=ind).values_list("organisation__code", "value")
    )
    assert totals == {"P-CL": 1, "X-MH": 2, "T-DT": 3}
    assert client.get(f"{API}/report?org=T-DT&period=2024").json()["indicators"][0]["value"] == 3

import json
from decimal import Decimal

import pytest

from nghiquyet.indicators.models import IndicatorValue, Target
from nghiquyet.indicators.services import target_set, value_save

from .helpers import make_indicator

API = "/api/v1/indicators"


@pytest.fixture
def ind(cast):
    return make_indicator(cast.root, "DV-MOI", unit="đảng viên")


def _send(client, method, url, payload):
    return getattr(client, method)(url, data=json.dumps(payload), content_type="application/json")


READ_REPORT = {"anonymous": 401, "xa": 200, "chibo": 404, "lanhdao": 200, "tinhuy": 200}


def test_report_permission_matrix(cast, client_for, ind, persona):
    value_save(
        actor=cast.root, indicator=ind, organisation=cast.commune, period="2024", value="140"
    )
    response = client_for(persona).get(f"{API}/report?org=P-CL&period=2024")
    assert response.status_code == READ_REPORT[persona]
    if response.status_code == 200:
        entry = response.json()["indicators"][0]
        assert (entry["code"], entry["value"], entry["display"]) == ("DV-MOI", 140, "140 đảng viên")


def test_values_list_permission_matrix(cast, client_for, ind, persona):
    value_save(actor=cast.root, indicator=ind, organisation=cast.commune, period="2024", value="7")
    response = client_for(persona).get(f"{API}/values?org=P-CL")
    assert response.status_code == READ_REPORT[persona]
    if response.status_code == 200:
        assert [v["value"] for v in response.json()] == [7.0]


WRITE_VALUE = {"anonymous": 401, "xa": 200, "chibo": 422, "lanhdao": 403, "tinhuy": 200}


def test_save_value_permission_matrix(cast, client_for, ind, persona):
    payload = {"indicator": "DV-MOI", "org": "P-CL-CB1", "period": "2024Q1", "value": "1.223"}
    response = _send(client_for(persona), "put", f"{API}/values", payload)
    assert response.status_code == WRITE_VALUE[persona]
    saved = IndicatorValue.objects.filter(organisation=cast.cell).first()
    if response.status_code == 200:
        assert saved.value == Decimal("1223") and response.json()["value"] == 1223
    else:
        assert saved is None


def test_bulk_save_permission_matrix(cast, client_for, ind, persona):
    rows = [
        {"indicator": "DV-MOI", "org": "P-CL-CB1", "period": f"2024Q{q}", "value": q}
        for q in (1, 2)
    ]
    response = _send(client_for(persona), "post", f"{API}/values/bulk", {"rows": rows})
    assert response.status_code == WRITE_VALUE[persona]
    expected = 2 if response.status_code == 200 else 0
    assert IndicatorValue.objects.count() == expected


def test_bulk_save_with_one_bad_row_saves_nothing(cast, client_for, ind):
    rows = [
        {"indicator": "DV-MOI", "org": "P-CL-CB1", "period": "2024Q1", "value": 3},
        {"indicator": "DV-MOI", "org": "P-CL-CB1", "period": "2024Q2", "value": "-2"},
        {"indicator": "DV-MOI", "org": "X-MH-CB1", "period": "2024Q2", "value": "2"},
    ]
    response = _send(client_for("xa"), "post", f"{API}/values/bulk", {"rows": rows})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"rows.2.org"}
    rows.pop()
    response = _send(client_for("xa"), "post", f"{API}/values/bulk", {"rows": rows})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"rows.1.value"}
    assert not IndicatorValue.objects.exists()


WRITE_TARGET = {"anonymous": 401, "xa": 403, "chibo": 422, "lanhdao": 403, "tinhuy": 200}


def test_set_target_permission_matrix(cast, client_for, ind, persona):
    payload = {"indicator": "DV-MOI", "org": "P-CL", "period": "2024", "text": "từ 25 trở lên"}
    response = _send(client_for(persona), "put", f"{API}/targets", payload)
    assert response.status_code == WRITE_TARGET[persona]
    if response.status_code == 200:
        assert response.json() | {} == {
            "indicator": "DV-MOI",
            "org": "P-CL",
            "period": "2024",
            "text": "từ 25 trở lên",
            "kind": "nguong",
            "op": "ge",
            "low": 25.0,
            "high": None,
            "approximate": False,
            "direction": "",
        }
    else:
        assert not Target.objects.exists()


def test_unparseable_target_names_the_field(cast, client_for, ind):
    payload = {"indicator": "DV-MOI", "org": "P-CL", "period": "2024", "text": "khoảng chừng"}
    response = _send(client_for("tinhuy"), "put", f"{API}/targets", payload)
    assert response.status_code == 422
    assert "text" in response.json()["errors"]


def test_targets_list_permission_matrix(cast, client_for, ind, persona):
    target_set(actor=cast.root, indicator=ind, organisation=cast.commune, period="2024", text="233")
    response = client_for(persona).get(f"{API}/targets?org=P-CL")
    assert response.status_code == READ_REPORT[persona]
    if response.status_code == 200:
        assert [t["low"] for t in response.json()] == [233.0]


CREATE_INDICATOR = {"anonymous": 401, "xa": 403, "chibo": 403, "lanhdao": 403, "tinhuy": 201}


def test_create_system_wide_indicator_permission_matrix(cast, client_for, persona):
    payload = {
        "code": "GRDP",
        "name": "Tăng trưởng GRDP",
        "unit": "%",
        "field_group": "kinh_te",
        "kind": "toc_do",
        "decimals": 1,
    }
    response = _send(client_for(persona), "post", f"{API}/", payload)
    assert response.status_code == CREATE_INDICATOR[persona]


def test_indicator_owned_by_other_commune_is_invisible(cast, client_for):
    make_indicator(cast.root, "MH-RIENG", organisation=cast.other_commune)
    assert client_for("xa").get(f"{API}/MH-RIENG").status_code == 404
    assert client_for("chibo").get(f"{API}/MH-RIENG").json()["owner"] == "X-MH"
    assert client_for("tinhuy").get(f"{API}/MH-RIENG").status_code == 200
    codes = [i["code"] for i in client_for("xa").get(f"{API}/").json()]
    assert "MH-RIENG" not in codes


def test_ratio_without_factor_is_refused(cast, client_for):
    payload = {"code": "TL", "name": "Tỷ lệ", "field_group": "kinh_te", "kind": "ty_le"}
    response = _send(client_for("tinhuy"), "post", f"{API}/", payload)
    assert response.status_code == 422
    assert "factor" in response.json()["errors"]


def test_update_indicator_permission(cast, client_for, ind):
    assert _send(client_for("xa"), "patch", f"{API}/DV-MOI", {"name": "Khác"}).status_code == 403
    response = _send(client_for("tinhuy"), "patch", f"{API}/DV-MOI", {"name": "Đảng viên mới"})
    assert response.json()["name"] == "Đảng viên mới"
    assert response.json()["unit"] == "đảng viên"


LIST_INDICATORS = {"anonymous": 401, "xa": 200, "chibo": 200, "lanhdao": 200, "tinhuy": 200}


def test_indicator_list_and_detail_permission_matrix(cast, client_for, ind, persona):
    client = client_for(persona)
    listing = client.get(f"{API}/")
    detail = client.get(f"{API}/DV-MOI")
    assert (listing.status_code, detail.status_code) == (LIST_INDICATORS[persona],) * 2
    if persona != "anonymous":
        assert [i["code"] for i in listing.json()] == ["DV-MOI"]
        assert detail.json()["unit"] == "đảng viên"


def test_malformed_numbers_in_api_are_refused_by_field(cast, client_for, ind):
    payload = {"indicator": "DV-MOI", "org": "P-CL", "period": "2024", "value": "1.2.3,4"}
    response = _send(client_for("xa"), "put", f"{API}/values", payload)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["value"]
    payload |= {"value": "12", "period": "2024-13"}
    response = _send(client_for("xa"), "put", f"{API}/values", payload)
    assert list(response.json()["errors"]) == ["period"]

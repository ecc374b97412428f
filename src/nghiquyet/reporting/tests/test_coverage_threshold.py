"""The coverage threshold of a reporting form (issue 9, §5) through the API and the web form,
and form codes that would collide with fixed routes (§7)."""

from nghiquyet.reporting.models import ReportingForm

API = "/api/v1/reporting"


def _payload(**extra):
    return {
        "code": "BC-NAM",
        "name": "Báo cáo năm",
        "owner": "T-DT",
        "period_type": "nam",
        "indicators": ["KN-DV"],
        "org_kinds": ["dang_uy_xa"],
    } | extra


def test_api_sets_and_changes_the_threshold(cast, client_for, indicators):
    client = client_for("tinhuy")
    created = client.post(f"{API}/forms", _payload(), content_type="application/json")
    assert created.status_code == 201 and created.json()["coverage_threshold_pct"] == "100"
    changed = client.patch(
        f"{API}/forms/BC-NAM", {"coverage_threshold_pct": "80"}, content_type="application/json"
    )
    assert changed.status_code == 200
    assert ReportingForm.objects.get(code="BC-NAM").coverage_threshold_pct == 80


def test_api_refuses_a_threshold_above_one_hundred(cast, client_for, indicators):
    payload = _payload(coverage_threshold_pct="150")
    response = client_for("tinhuy").post(f"{API}/forms", payload, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "coverage_threshold_pct": ["Ngưỡng đủ số đơn vị báo cáo phải từ 0 đến 100%."]
    }


def test_api_refuses_a_code_that_is_a_route_word(cast, client_for, indicators):
    payload = _payload(code="them")
    response = client_for("tinhuy").post(f"{API}/forms", payload, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"]["code"][0].startswith("Mã biểu mẫu “them” trùng với")
    assert not ReportingForm.objects.filter(code__iexact="them").exists()


def test_web_form_reads_the_threshold_as_typed(cast, client_for, indicators):
    data = _payload(coverage_threshold_pct="75,5", deadline_days=10, grace_days=0)
    data |= {"outlier_pct": "50", "indicators": [str(indicators[0].pk)]}
    response = client_for("tinhuy").post("/bao-cao/them/", data)
    assert response.status_code in (302, 303), response.content.decode()[-2000:]
    assert str(ReportingForm.objects.get(code="BC-NAM").coverage_threshold_pct) == "75.50"

import pytest
from django.urls import reverse

from nghiquyet.indicators.services import target_set, value_save

from .helpers import make_indicator

READ = {"xa": 200, "chibo": 404, "lanhdao": 200, "tinhuy": 200}


@pytest.fixture
def data(cast):
    ind = make_indicator(cast.root, "DV-MOI", unit="đảng viên", rolls_up=False)
    target_set(actor=cast.root, indicator=ind, organisation=cast.commune, period="2024", text="233")
    value_save(
        actor=cast.root, indicator=ind, organisation=cast.commune, period="2024", value="140"
    )
    make_indicator(cast.root, "MH-RIENG", organisation=cast.other_commune)
    return ind


def test_anonymous_is_sent_to_login_everywhere(client_for, data):
    client = client_for("anonymous")
    for url in (
        "/chi-tieu/",
        "/chi-tieu/DV-MOI/",
        "/chi-tieu/bang/?org=P-CL&period=2024",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("web:login"))


def test_dashboard_permission_matrix(cast, client_for, data, persona):
    if persona == "anonymous":
        return
    response = client_for(persona).get("/chi-tieu/bang/?org=P-CL&period=2024")
    assert response.status_code == READ[persona]
    if response.status_code == 200:
        html = response.content.decode()
        assert "0/1 chỉ tiêu đạt và vượt" in html
        assert "140 đảng viên" in html and "60,09%" in html and "Không đạt" in html


def test_dashboard_htmx_renders_only_the_table(client_for, data):
    response = client_for("xa").get(
        "/chi-tieu/bang/?org=P-CL&period=2024S1", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html and "ind-summary" in html


def test_dashboard_bad_period_is_a_form_error(client_for, data):
    response = client_for("xa").get("/chi-tieu/bang/?org=P-CL&period=2024Q7")
    assert response.status_code == 422
    assert "không hợp lệ" in response.content.decode()


def test_indicator_list_and_detail_scope(client_for, data, persona):
    if persona == "anonymous":
        return
    client = client_for(persona)
    listing = client.get("/chi-tieu/").content.decode()
    assert "DV-MOI" in listing
    assert ("MH-RIENG" in listing) == (persona != "xa")
    assert client.get("/chi-tieu/MH-RIENG/").status_code == (404 if persona == "xa" else 200)
    detail = client.get("/chi-tieu/DV-MOI/").content.decode()
    # The commune's value is only shown to users who can see the commune.
    assert ("Đảng ủy phường Cao Lãnh" in detail) == (persona != "chibo")


def test_free_text_is_escaped(cast, client_for, data):
    value_save(
        actor=cast.root,
        indicator=data,
        organisation=cast.commune,
        period="2023",
        value="1",
        note="<script>alert(1)</script>",
    )
    html = client_for("tinhuy").get("/chi-tieu/DV-MOI/").content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html

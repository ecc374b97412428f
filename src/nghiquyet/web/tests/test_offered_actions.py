"""Pages offer only what their user may do (issue 9 §6): each hidden action, per persona, and
a walk over every page a persona reaches that requests each offered address.
"""

import pytest
from django.test import Client
from django.urls import reverse

from nghiquyet.web.tests.walk import personal_paths, walk

pytestmark = pytest.mark.django_db

WRITERS = ("xa", "chibo", "tinhuy")


def _page(client: Client, name: str, *args: object, query: str = "") -> str:
    response = client.get(reverse(name, args=args) + query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("persona", WRITERS)
def test_units_writers_are_offered_study_sessions_plans_and_tasks(client_for, persona):
    assert "Ghi nhận hội nghị" in _page(client_for(persona), "dissemination:index")
    assert "Lập kế hoạch học tập" in _page(client_for(persona), "dissemination:index")
    assert "Giao nhiệm vụ" in _page(client_for(persona), "tasks:index")


def test_read_only_leader_is_not_offered_study_sessions_plans_or_tasks(client_for):
    client = client_for("lanhdao")
    page = _page(client, "dissemination:index")
    assert "Ghi nhận hội nghị" not in page
    assert "Lập kế hoạch học tập" not in page
    assert reverse("dissemination:create") not in page
    assert reverse("tasks:create") not in _page(client, "tasks:index")
    # The hidden actions are the ones the views refuse.
    assert client.get(reverse("dissemination:create")).status_code == 403
    assert client.get(reverse("tasks:create")).status_code == 403


@pytest.mark.parametrize(
    ("persona", "offered"), [("xa", False), ("lanhdao", False), ("tinhuy", True)]
)
def test_workbook_import_is_offered_to_administrators_only(client_for, persona, offered):
    client = client_for(persona)
    assert ("Nhập sổ Excel" in _page(client, "indicators:index")) is offered
    assert client.get(reverse("web:workbook_upload")).status_code == (200 if offered else 403)


@pytest.mark.parametrize(("persona", "offered"), [("lanhdao", False), ("tinhuy", True)])
def test_reminders_are_offered_to_who_may_approve_the_unit(
    client_for, commune_form, persona, offered
):
    page = _page(client_for(persona), "reporting:form", commune_form.code, query="?don_vi=T-DT")
    assert ("đơn vị chưa gửi</button>" in page) is offered
    response = client_for(persona).post(
        reverse("reporting:remind", args=[commune_form.code]), {"don_vi": "T-DT"}
    )
    assert response.status_code == (302 if offered else 403)


@pytest.mark.parametrize(("persona", "offered"), [("lanhdao", False), ("tinhuy", True)])
def test_organisation_forms_are_offered_to_managers_only(client_for, persona, offered):
    page = _page(client_for(persona), "orgs:detail", "P-CL")
    for name in ("orgs:edit", "orgs:create_child", "orgs:add_term", "orgs:dissolve"):
        assert (reverse(name, args=["P-CL"]) in page) is offered, name


@pytest.mark.parametrize(("persona", "offered"), [("xa", False), ("tinhuy", True)])
def test_cap_override_field_is_shown_to_administrators_only(client_for, persona, offered):
    page = _page(client_for(persona), "oversight:ratings", query="?don_vi=P-CL")
    assert ('name="cap_override_reason"' in page) is offered
    assert 'name="score"' in page


def test_opening_a_unit_page_keeps_the_working_unit(client_for):
    client = client_for("lanhdao")
    _page(client, "orgs:detail", "X-MH")
    assert "<h1>Tỉnh ủy Đồng Tháp</h1>" in _page(client, "web:home")
    client.post(reverse("web:switch_org"), {"code": "X-MH"})
    assert "<h1>Đảng ủy xã Mỹ Hiệp</h1>" in _page(client, "web:home")


def test_unit_page_offers_choosing_it_as_the_working_unit(client_for):
    client = client_for("lanhdao")
    assert "Chọn làm đơn vị đang làm việc" in _page(client, "orgs:detail", "X-MH")
    assert "Đây là đơn vị đang làm việc" in _page(client, "orgs:detail", "T-DT")


def test_start_page_shows_the_units_reports_not_the_change_log(client_for, commune_form):
    page = _page(client_for("xa"), "web:home")
    assert "Báo cáo quý của cấp xã" in page
    assert "Thay đổi gần đây" not in page
    province = _page(client_for("tinhuy"), "web:home")
    assert "Báo cáo đơn vị tổng hợp từ cấp dưới" in province
    assert "0/2" in province  # two communes expected, none has sent


def _fetch(client: Client):
    def fetch(path: str) -> tuple[int, str]:
        response = client.get(path)
        html = response.content.decode() if "html" in response.get("Content-Type", "") else ""
        return response.status_code, html

    return fetch


@pytest.mark.parametrize("persona", ["xa", "chibo", "lanhdao", "tinhuy"])
def test_no_page_offers_what_answers_403(client_for, commune_form, persona):
    """Every page reachable from the start page, and every link, form and htmx address on it."""
    client = client_for(persona)
    fetch = _fetch(client)
    refused, pages = [], 0
    for path, status, offers in walk(fetch):
        pages += 1
        if status == 403:
            refused.append(("page", path))
        for offer in offers:
            if offer.kind != "link" and fetch(offer.url)[0] == 403:
                refused.append((offer.kind, offer.url, offer.page))
    assert pages > 20
    assert refused == []


def test_read_only_leader_is_offered_no_write_form(client_for, commune_form):
    """lanhdao may only read: no page holds a POST form but signing out, the working unit,
    the language and the leader's own API keys."""
    allowed = personal_paths()
    posts = [
        (offer.url, path)
        for path, _, offers in walk(_fetch(client_for("lanhdao")))
        for offer in offers
        if offer.kind == "post" and offer.url.split("?")[0] not in allowed
    ]
    assert posts == []

"""Permission matrix for every organisation page and endpoint, for each persona.

P-CL is xa's commune; X-MH is the other commune, where chibo holds a cell. Reads outside the
subtree are 404; writes by non-managers are 403 (or 404 when they cannot even see the unit).
"""

import json

import pytest

from nghiquyet.orgs.models import Organisation

LOGIN = 302
READ_OWN = {"anonymous": LOGIN, "xa": 200, "chibo": 404, "lanhdao": 200, "tinhuy": 200}
READ_OTHER = {"anonymous": LOGIN, "xa": 404, "chibo": 200, "lanhdao": 200, "tinhuy": 200}
MANAGE_OWN = {"anonymous": LOGIN, "xa": 403, "chibo": 404, "lanhdao": 403, "tinhuy": 302}

WEB_READS = [
    ("orgs:detail", "P-CL", READ_OWN),
    ("orgs:branch", "P-CL", READ_OWN),
    ("orgs:detail", "X-MH-CB1", READ_OTHER),
    ("audit:org", "P-CL", READ_OWN),
    ("audit:org", "X-MH-CB1", READ_OTHER),
]


@pytest.mark.parametrize(("name", "code", "matrix"), WEB_READS)
def test_web_reads_are_scoped_to_the_subtree(client_for, persona, name, code, matrix):
    from django.urls import reverse

    response = client_for(persona).get(reverse(name, args=[code]))
    assert response.status_code == matrix[persona]
    if response.status_code == LOGIN:
        assert "/dang-nhap/" in response["Location"]


WEB_WRITES = [
    ("orgs:edit", "P-CL", {"name": "Đảng ủy phường Cao Lãnh (sửa)", "kind": "dang_uy_xa"}),
    (
        "orgs:create_child",
        "P-CL",
        {"code": "P-CL-CB7", "name": "Chi bộ Khóm 7", "kind": "chi_bo_co_so"},
    ),
    ("orgs:add_term", "P-CL", {"start_year": 2025, "end_year": 2030, "ordinal": "I"}),
    ("orgs:move", "P-CL", {"parent": "X-MH"}),
    ("orgs:merge", "P-CL", {"predecessors": "P-CL-CB1", "effective": "01/01/2026"}),
    ("orgs:dissolve", "P-CL-CB1", {"effective": "01/01/2026"}),
]


def tree_state():
    return list(
        Organisation.objects.values_list("code", "name", "path", "valid_to").order_by("code")
    )


@pytest.mark.parametrize(("name", "code", "data"), WEB_WRITES)
def test_web_writes_need_manage_on_the_unit(cast, client_for, persona, name, code, data):
    from django.urls import reverse

    before = tree_state()
    terms = cast.commune.terms.count()
    response = client_for(persona).post(reverse(name, args=[code]), data)
    assert response.status_code == MANAGE_OWN[persona]
    if persona == "tinhuy":
        assert tree_state() != before or cast.commune.terms.count() == terms + 1
    else:
        assert tree_state() == before
        assert cast.commune.terms.count() == terms


def test_merge_history_is_browsable_on_both_sides(cast, client_for):
    from django.urls import reverse

    client = client_for("tinhuy")
    client.post(
        reverse("orgs:merge", args=["P-CL"]),
        {"predecessors": "X-MH", "effective": "01/01/2026", "move_children": "on"},
    )
    old = client.get(reverse("orgs:detail", args=["X-MH"])).content.decode()
    assert "Không còn hoạt động từ 31/12/2025" in old
    assert "Đảng ủy phường Cao Lãnh" in old
    new = client.get(reverse("orgs:detail", args=["P-CL"])).content.decode()
    assert "Đảng ủy xã Mỹ Hiệp" in new
    assert "Chi bộ Ấp 1" in new  # the merged commune's cell moved under the successor


def test_web_forms_are_only_shown_to_managers(client_for):
    from django.urls import reverse

    assert client_for("tinhuy").get(reverse("orgs:edit", args=["P-CL"])).status_code == 200
    # The form page itself is reachable for visible units; the service refuses the write.
    assert client_for("chibo").get(reverse("orgs:edit", args=["P-CL"])).status_code == 404


API_READS = [
    ("/api/v1/orgs/P-CL", READ_OWN),
    ("/api/v1/orgs/X-MH-CB1", READ_OTHER),
    ("/api/v1/orgs/P-CL/terms", READ_OWN),
    ("/api/v1/audit/?org=P-CL", READ_OWN),
]


@pytest.mark.parametrize(("url", "matrix"), API_READS)
def test_api_reads_are_scoped_to_the_subtree(client_for, persona, url, matrix):
    response = client_for(persona).get(url)
    expected = 401 if matrix[persona] == LOGIN else matrix[persona]
    assert response.status_code == expected
    assert response["Content-Type"].startswith("application/json")
    if expected != 200:
        assert response.json()["detail"]  # a Vietnamese message, never an HTML page


API_MANAGE = {"anonymous": 401, "xa": 403, "chibo": 404, "lanhdao": 403}
API_WRITES = [
    ("patch", "/api/v1/orgs/P-CL", {"name": "Tên mới"}),
    ("post", "/api/v1/orgs/P-CL/move", {"parent": "X-MH"}),
    ("post", "/api/v1/orgs/P-CL/terms", {"start_year": 2025, "end_year": 2030}),
    ("post", "/api/v1/orgs/P-CL/dissolve", {"effective": "2026-01-01"}),
    ("post", "/api/v1/orgs/P-CL/merge", {"predecessors": ["P-CL-CB1"], "effective": "2026-01-01"}),
]


@pytest.mark.parametrize(("method", "url", "body"), API_WRITES)
@pytest.mark.parametrize("who", list(API_MANAGE))
def test_api_writes_are_refused_without_manage(cast, client_for, who, method, url, body):
    before = list(Organisation.objects.values_list("code", "name", "path", "valid_to"))
    client = client_for(who)
    response = getattr(client, method)(url, json.dumps(body), content_type="application/json")
    assert response.status_code == API_MANAGE[who]
    assert list(Organisation.objects.values_list("code", "name", "path", "valid_to")) == before


def test_api_list_of_a_subtree_contains_only_visible_units(client_for):
    codes = {o["code"] for o in client_for("xa").get("/api/v1/orgs/?root=P-CL").json()}
    assert codes == {"P-CL", "P-CL-CB1"}
    assert client_for("xa").get("/api/v1/orgs/?root=X-MH").status_code == 404
    everything = {o["code"] for o in client_for("xa").get("/api/v1/orgs/").json()}
    assert everything == {"P-CL", "P-CL-CB1"}
    assert len(client_for("lanhdao").get("/api/v1/orgs/?root=T-DT").json()) == 5

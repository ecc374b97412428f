"""Permission matrix for every organisation page and endpoint, for each persona.

P-CL is xa's commune; X-MH is the other commune, where chibo holds a cell. Reads outside the
subtree are 404; writes by non-managers are 403 (or 404 when they cannot even see the unit).
"""

import pytest

from nghiquyet.orgs.models import Organisation
from nghiquyet.testing import Api, Page, PermissionMatrix

LOGIN = 302
READ_OWN = {"anonymous": LOGIN, "xa": 200, "chibo": 404, "lanhdao": 200, "tinhuy": 200}
READ_OTHER = {"anonymous": LOGIN, "xa": 404, "chibo": 200, "lanhdao": 200, "tinhuy": 200}
MANAGE_OWN = {"anonymous": LOGIN, "xa": 403, "chibo": 404, "lanhdao": 403, "tinhuy": 302}
MANAGE_FORM = {**MANAGE_OWN, "tinhuy": 200}  # the form itself, before any save
API_READ_OWN = {**READ_OWN, "anonymous": 401}
API_READ_OTHER = {**READ_OTHER, "anonymous": 401}
API_MANAGE = {"anonymous": 401, "xa": 403, "chibo": 404, "lanhdao": 403}

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


SAVED = {
    "orgs:edit": "Đã lưu thông tin đơn vị.",
    "orgs:create_child": "Đã thêm đơn vị trực thuộc.",
    "orgs:add_term": "Đã thêm nhiệm kỳ.",
    "orgs:move": "Đã chuyển đơn vị.",
    "orgs:merge": "Đã hợp nhất đơn vị.",
    "orgs:dissolve": "Đã giải thể đơn vị.",
}


@pytest.mark.parametrize(("name", "code", "data"), WEB_WRITES)
def test_each_web_write_says_what_was_saved_on_the_next_page(cast, client_for, name, code, data):
    from django.urls import reverse

    response = client_for("tinhuy").post(reverse(name, args=[code]), data, follow=True)
    assert response.redirect_chain and response.status_code == 200
    assert SAVED[name] in response.content.decode()


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
    # The form is refused before it is shown: 403 for a visible unit without the role,
    # 404 outside the user's scope.
    assert client_for("xa").get(reverse("orgs:edit", args=["P-CL"])).status_code == 403
    assert client_for("lanhdao").get(reverse("orgs:edit", args=["P-CL"])).status_code == 403
    assert client_for("chibo").get(reverse("orgs:edit", args=["P-CL"])).status_code == 404


API_WRITES = [
    ("patch", "/api/v1/orgs/P-CL", {"name": "Tên mới"}),
    ("post", "/api/v1/orgs/P-CL/move", {"parent": "X-MH"}),
    ("post", "/api/v1/orgs/P-CL/terms", {"start_year": 2025, "end_year": 2030}),
    ("post", "/api/v1/orgs/P-CL/dissolve", {"effective": "2026-01-01"}),
    ("post", "/api/v1/orgs/P-CL/merge", {"predecessors": ["P-CL-CB1"], "effective": "2026-01-01"}),
]


class TestOrgsPermissionMatrix(PermissionMatrix):
    """Reads are scoped to the subtree; writes need manage on the unit, and refused ones change
    nothing (no unit, path, end date or term)."""

    routes = [
        Page("orgs:detail", args=("P-CL",), expect=READ_OWN),
        Page("orgs:branch", args=("P-CL",), expect=READ_OWN),
        Page("orgs:detail", args=("X-MH-CB1",), expect=READ_OTHER),
        Page("audit:org", args=("P-CL",), expect=READ_OWN),
        Page("audit:org", args=("X-MH-CB1",), expect=READ_OTHER),
        *(
            Page(name, args=(code,), post=data, expect=MANAGE_OWN)
            for name, code, data in WEB_WRITES
        ),
        *(Page(name, args=(code,), expect=MANAGE_FORM) for name, code, _ in WEB_WRITES),
        Api("get", "/api/v1/orgs/P-CL", expect=API_READ_OWN),
        Api("get", "/api/v1/orgs/X-MH-CB1", expect=API_READ_OTHER),
        Api("get", "/api/v1/orgs/P-CL/terms", expect=API_READ_OWN),
        Api("get", "/api/v1/audit/?org=P-CL", expect=API_READ_OWN),
        *(Api(method, url, body=body, expect=API_MANAGE) for method, url, body in API_WRITES),
    ]

    def state(self, cast):
        return tree_state(), cast.commune.terms.count()


def test_api_list_of_a_subtree_contains_only_visible_units(client_for):
    codes = {o["code"] for o in client_for("xa").get("/api/v1/orgs/?root=P-CL").json()}
    assert codes == {"P-CL", "P-CL-CB1"}
    assert client_for("xa").get("/api/v1/orgs/?root=X-MH").status_code == 404
    everything = {o["code"] for o in client_for("xa").get("/api/v1/orgs/").json()}
    assert everything == {"P-CL", "P-CL-CB1"}
    assert len(client_for("lanhdao").get("/api/v1/orgs/?root=T-DT").json()) == 5

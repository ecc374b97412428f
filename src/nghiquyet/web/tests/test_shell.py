import pytest
from django.urls import reverse

from nghiquyet.web.current import SESSION_KEY


def test_anonymous_is_sent_to_login_from_every_page(client_for):
    for url in ["/", reverse("orgs:tree"), reverse("accounts:profile"), reverse("web:search_orgs")]:
        response = client_for("anonymous").get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/dang-nhap/")


def test_login_page_is_vietnamese_and_login_works(cast, client):
    page = client.get("/dang-nhap/")
    assert "Đăng nhập" in page.content.decode()
    response = client.post("/dang-nhap/", {"username": "xa", "password": "mat-khau-kiem-thu"})
    assert response.status_code == 302
    home = client.get("/").content.decode()
    assert "Đảng ủy phường Cao Lãnh" in home


def test_home_shows_the_users_own_unit_and_breadcrumb(client_for):
    html = client_for("chibo").get("/").content.decode()
    assert "Chi bộ Ấp 1" in html
    # chibo cannot see its commune, so the breadcrumb stops at the cell.
    assert "Đảng ủy xã Mỹ Hiệp" not in html


def test_switcher_search_is_scoped_and_accent_insensitive(client_for):
    found = (
        client_for("lanhdao").get(reverse("web:search_orgs"), {"q": "cao lanh"}).content.decode()
    )
    assert "P-CL" in found
    hidden = client_for("xa").get(reverse("web:search_orgs"), {"q": "my hiep"}).content.decode()
    assert "X-MH" not in hidden
    assert "Không tìm thấy" in hidden


@pytest.mark.parametrize(("who", "code", "status"), [("xa", "X-MH", 404), ("lanhdao", "X-MH", 302)])
def test_switching_organisation_requires_visibility(cast, client_for, who, code, status):
    client = client_for(who)
    response = client.post(reverse("web:switch_org"), {"code": code})
    assert response.status_code == status
    if status == 302:
        assert client.session[SESSION_KEY] == cast.other_commune.pk


def test_tree_lists_the_grant_roots_and_expands_branches(client_for):
    tree = client_for("xa").get(reverse("orgs:tree")).content.decode()
    assert "Đảng ủy phường Cao Lãnh" in tree
    assert "Tỉnh ủy Đồng Tháp" not in tree
    branch = client_for("lanhdao").get(
        reverse("orgs:branch", args=["T-DT"]), HTTP_HX_REQUEST="true"
    )
    html = branch.content.decode()
    assert "Đảng ủy xã Mỹ Hiệp" in html
    assert "<html" not in html  # an htmx partial, not a whole page


def test_free_text_is_escaped(cast, client_for):
    from nghiquyet.orgs.services import org_update

    org_update(actor=cast.tinhuy, org=cast.commune, short_name="<script>alert(1)</script>")
    html = client_for("tinhuy").get(reverse("orgs:detail", args=["P-CL"])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_pages_print_cleanly_and_work_without_a_cdn(client_for):
    html = client_for("tinhuy").get("/").content.decode()
    assert "http://" not in html.replace("http://127.0.0.1", "")
    assert "https://" not in html
    assert "/static/django_htmx/htmx" in html or "/static/django_htmx/htmx-2" in html


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "https:evil.example",
        "http://127.0.0.1@evil.example/",
        "///evil.example/",
        "\\\\evil.example/",
    ],
)
def test_switching_organisation_never_redirects_off_site(client_for, target):
    response = client_for("lanhdao").post(
        reverse("web:switch_org"), {"code": "X-MH", "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")


def test_switching_organisation_returns_to_a_local_page(client_for):
    response = client_for("lanhdao").post(
        reverse("web:switch_org"), {"code": "X-MH", "next": "/don-vi/?a=1"}
    )
    assert response["Location"] == "/don-vi/?a=1"


@pytest.mark.parametrize("bad", ["Chi bộ\x07Khóm 7", "Chi bộ\x1bKhóm 7", "Chi bộ\x7f"])
def test_web_forms_refuse_control_characters(cast, client_for, bad):
    from nghiquyet.orgs.models import Organisation

    response = client_for("tinhuy").post(
        reverse("orgs:create_child", args=["P-CL"]),
        {"code": "P-CL-CB7", "name": bad, "kind": "chi_bo_co_so"},
    )
    assert response.status_code == 422
    assert "ký tự điều khiển" in response.content.decode()
    assert not Organisation.objects.filter(code="P-CL-CB7").exists()

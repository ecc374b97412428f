"""The web forms that define an indicator, edit it and set a target (services behind them)."""

import pytest
from django.urls import reverse

from nghiquyet.access.roles import Role
from nghiquyet.accounts.services import membership_grant
from nghiquyet.audit.models import AuditEntry
from nghiquyet.indicators.models import Indicator, Target

from .helpers import make_indicator

CREATE = "/chi-tieu/them/"
SET_TARGET = "/chi-tieu/DV-MOI/chi-tieu-giao/"
# Only the province administrator may define indicators or assign targets.
WRITE = {"xa": 403, "chibo": 403, "lanhdao": 403, "tinhuy": 302}
FORM_PAGE = {"xa": 403, "chibo": 403, "lanhdao": 403, "tinhuy": 200}


def indicator_post(**changes: str) -> dict[str, str]:
    data = {
        "code": "HV-LLCT",
        "name": "Tỷ lệ đảng viên học lý luận chính trị",
        "unit": "%",
        "field_group": "xay_dung_dang",
        "kind": "ty_le",
        "factor": "100",
        "direction": "tang",
        "combine": "cuoi_ky",
        "rolls_up": "on",
        "decimals": "2",
        "source_text": "Nghị quyết Đại hội XV",
        "owner": "",
    }
    return data | changes


@pytest.fixture
def ind(cast):
    return make_indicator(cast.root, "DV-MOI", unit="đảng viên")


def test_forms_send_anonymous_to_login(cast, client_for, ind):
    client = client_for("anonymous")
    for url in (CREATE, SET_TARGET, "/chi-tieu/DV-MOI/sua/"):
        for response in (client.get(url), client.post(url, indicator_post())):
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("web:login"))
    assert not Indicator.objects.filter(code="HV-LLCT").exists()
    assert not Target.objects.exists()


def test_create_indicator_permission_matrix(cast, client_for, persona):
    if persona == "anonymous":
        return
    client = client_for(persona)
    assert client.get(CREATE).status_code == FORM_PAGE[persona]
    response = client.post(CREATE, indicator_post())
    assert response.status_code == WRITE[persona]
    saved = Indicator.objects.filter(code="HV-LLCT").first()
    if persona == "tinhuy":
        assert response["Location"] == "/chi-tieu/HV-LLCT/"
        assert saved is not None and saved.factor == 100 and saved.rolls_up
        assert saved.combine == "cuoi_ky" and saved.decimals == 2 and saved.organisation is None
        assert AuditEntry.objects.filter(action="indicators.indicator.create").count() == 1
    else:
        assert saved is None


def test_create_with_owner_unit(cast, client_for):
    response = client_for("tinhuy").post(CREATE, indicator_post(owner="x-mh"))
    assert response.status_code == 302
    assert Indicator.objects.get(code="HV-LLCT").organisation == cast.other_commune


def test_create_service_errors_show_on_fields_and_save_nothing(cast, client_for, ind):
    client = client_for("tinhuy")
    response = client.post(CREATE, indicator_post(factor="", owner="KHONG-CO"))
    assert response.status_code == 422
    form = response.context["form"]
    assert "Không tìm thấy đơn vị" in form.errors["owner"][0]
    response = client.post(CREATE, indicator_post(factor=""))
    form = response.context["form"]
    assert form.errors["factor"] == ["Chỉ tiêu tỷ lệ phải có hệ số 100, 1.000 hoặc 10.000."]
    assert "Chỉ tiêu tỷ lệ phải có hệ số" in response.content.decode()
    response = client.post(CREATE, indicator_post(code="dv-moi"))
    assert response.context["form"].errors["code"] == ["Mã chỉ tiêu “dv-moi” đã được dùng."]
    assert list(Indicator.objects.values_list("code", flat=True)) == ["DV-MOI"]


def test_indicator_name_html_is_escaped_on_detail(cast, client_for):
    client = client_for("tinhuy")
    name = "<script>alert(1)</script> Tỷ lệ"
    response = client.post(CREATE, indicator_post(name=name))
    assert response.status_code == 302
    assert Indicator.objects.get(code="HV-LLCT").name == name
    html = client.get("/chi-tieu/HV-LLCT/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Tỷ lệ" in html


def test_edit_indicator_permission_matrix(cast, client_for, ind, persona):
    if persona == "anonymous":
        return
    client = client_for(persona)
    url = "/chi-tieu/DV-MOI/sua/"
    assert client.get(url).status_code == FORM_PAGE[persona]
    post = indicator_post(kind="so_luong", factor="", name="Kết nạp đảng viên mới", decimals="0")
    response = client.post(url, post)
    assert response.status_code == WRITE[persona]
    ind.refresh_from_db()
    if persona == "tinhuy":
        assert response["Location"] == "/chi-tieu/DV-MOI/"
        assert ind.name == "Kết nạp đảng viên mới" and ind.combine == "cuoi_ky"
    else:
        assert ind.name == "Chỉ tiêu DV-MOI"


def test_edit_shows_current_values_and_service_errors(cast, client_for, ind):
    client = client_for("tinhuy")
    form = client.get("/chi-tieu/DV-MOI/sua/").context["form"]
    assert "code" not in form.fields and "owner" not in form.fields
    assert form.initial["name"] == "Chỉ tiêu DV-MOI" and form.initial["unit"] == "đảng viên"
    response = client.post("/chi-tieu/DV-MOI/sua/", indicator_post(kind="moc", factor=""))
    assert response.status_code == 422
    assert response.context["form"].errors["rolls_up"]
    ind.refresh_from_db()
    assert ind.kind == "so_luong"


def test_set_target_permission_matrix(cast, client_for, ind, persona):
    if persona == "anonymous":
        return
    client = client_for(persona)
    assert client.get(SET_TARGET).status_code == FORM_PAGE[persona]
    post = {"org": "P-CL", "period": "2025-2030", "text": "≥ 90"}
    response = client.post(SET_TARGET, post)
    assert response.status_code == WRITE[persona]
    if persona == "tinhuy":
        assert response["Location"] == "/chi-tieu/DV-MOI/"
        target = Target.objects.get()
        assert (target.organisation, target.period_code, target.text) == (
            cast.commune,
            "2025-2030",
            "≥ 90",
        )
        assert target.kind == "nguong" and target.op == "ge" and target.low == 90
    else:
        assert not Target.objects.exists()


def test_set_target_for_unit_outside_scope_names_the_unit_field(cast, client_for, ind):
    client = client_for("xa")
    outside = {"org": "X-MH", "period": "2025", "text": "233"}
    assert client.post(SET_TARGET, outside).status_code == 403  # data entry only: refused
    assert not Target.objects.exists()
    # Once xa administers its commune, the unit (not the role) is what is refused.
    membership_grant(actor=cast.root, user=cast.xa, organisation=cast.commune, role=Role.QUAN_TRI)
    response = client.post(SET_TARGET, {"org": "X-MH", "period": "2025", "text": "233"})
    assert response.status_code == 422
    assert response.context["form"].errors["org"] == [
        "Không tìm thấy đơn vị “X-MH” trong phạm vi của bạn."
    ]
    assert not Target.objects.exists()
    ok = client.post(SET_TARGET, {"org": "P-CL", "period": "2025", "text": "233"})
    assert ok.status_code == 302 and Target.objects.get().organisation == cast.commune


def test_unparseable_target_text_shows_error_and_saves_nothing(cast, client_for, ind):
    client = client_for("tinhuy")
    response = client.post(SET_TARGET, {"org": "P-CL", "period": "2025", "text": "khoảng chừng 5"})
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert errors["text"][0].startswith("Không hiểu chỉ tiêu “khoảng chừng 5”.")
    assert "Không hiểu chỉ tiêu" in response.content.decode()
    assert not Target.objects.exists()


def test_set_target_bad_period_is_on_the_period_field(cast, client_for, ind):
    response = client_for("tinhuy").post(
        SET_TARGET, {"org": "P-CL", "period": "2026Q7", "text": "233"}
    )
    assert response.status_code == 422
    assert response.context["form"].errors["period"]
    assert not Target.objects.exists()


def test_set_target_replaces_the_same_unit_and_period(cast, client_for, ind):
    client = client_for("tinhuy")
    client.post(SET_TARGET, {"org": "P-CL", "period": "2026Q1", "text": "6,0-7,0"})
    client.post(SET_TARGET, {"org": "p-cl", "period": "2026Q1", "text": "bình quân 10,5 mỗi năm"})
    target = Target.objects.get()
    assert target.text == "bình quân 10,5 mỗi năm" and target.period_code == "2026Q1"


def test_links_to_the_forms_only_for_administrators(cast, client_for, ind, persona):
    if persona == "anonymous":
        return
    client = client_for(persona)
    index = client.get("/chi-tieu/").content.decode()
    detail = client.get("/chi-tieu/DV-MOI/").content.decode()
    allowed = persona == "tinhuy"
    assert (f'href="{CREATE}"' in index) == allowed
    assert (f'action="{SET_TARGET}"' in detail) == allowed
    assert ('href="/chi-tieu/DV-MOI/sua/"' in detail) == allowed

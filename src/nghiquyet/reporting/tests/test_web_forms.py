"""Pages to issue and change reporting forms, and the list of running lock exceptions.

Permission matrix: anonymous visitors go to the login page; only a manager of the issuing unit
(tinhuy) opens or posts the create and edit pages; everyone else gets 403 and nothing is saved.
"""

import datetime as dt

import pytest
from django.utils import timezone

from nghiquyet.indicators.models import Indicator
from nghiquyet.orgs.models import OrgKind
from nghiquyet.orgs.services import org_create
from nghiquyet.reporting import services
from nghiquyet.reporting.models import LockException, ReportingForm

CREATE = "/bao-cao/them/"
EDIT = "/bao-cao/BC-QUY-XA/sua/"
ALLOWED = {"anonymous": 302, "xa": 403, "chibo": 403, "lanhdao": 403, "tinhuy": 200}
POSTED = ALLOWED | {"tinhuy": 302}


def _payload(items, **changes) -> dict:
    data = {
        "code": "BC-NAM-CB",
        "name": "Báo cáo năm của chi bộ",
        "owner": "T-DT",
        "period_type": "nam",
        "indicators": [items[0].pk, items[2].pk],
        "org_kinds": [OrgKind.CHI_BO_CO_SO, OrgKind.DANG_UY_XA],
        "units": "P-CL-CB1",
        "deadline_days": "20",
        "grace_days": "5",
        "outlier_pct": "12,5",
    }
    return data | changes


def _edit_payload(form, indicators, **changes) -> dict:
    data = _payload(indicators, code=form.code, name="Báo cáo quý (sửa)", period_type="quy")
    del data["owner"]
    data["is_active"] = "on"
    return data | changes


def _codes(manager) -> list[str]:
    return sorted(manager.values_list("code", flat=True))


def test_create_page_matrix(cast, client_for, persona, indicators) -> None:
    response = client_for(persona).get(CREATE)
    assert response.status_code == ALLOWED[persona]
    if persona == "anonymous":
        assert "/dang-nhap" in response["Location"] or "login" in response["Location"]
    if response.status_code == 200:
        html = response.content.decode()
        assert "Thêm biểu mẫu báo cáo" in html
        assert 'value="T-DT"' in html  # the user's current unit is the default issuer
        assert "TL-BHYT — Tỷ lệ dân số tham gia bảo hiểm y tế" in html


def test_create_post_matrix(cast, client_for, persona, indicators) -> None:
    response = client_for(persona).post(CREATE, _payload(indicators))
    assert response.status_code == POSTED[persona]
    created = ReportingForm.objects.filter(code="BC-NAM-CB").first()
    if persona != "tinhuy":
        assert created is None
        return
    assert response["Location"] == "/bao-cao/BC-NAM-CB/"
    assert created.owner == cast.province
    assert created.name == "Báo cáo năm của chi bộ"
    assert created.period_type == "nam"
    assert _codes(created.indicators) == ["KN-DV", "THU-NS"]
    assert sorted(created.org_kinds) == sorted([OrgKind.CHI_BO_CO_SO, OrgKind.DANG_UY_XA])
    assert _codes(created.units) == ["P-CL-CB1"]
    assert (created.deadline_days, created.grace_days) == (20, 5)
    assert str(created.outlier_pct) == "12.50"


def test_index_shows_create_button_only_to_managers(cast, client_for, persona) -> None:
    response = client_for(persona).get("/bao-cao/")
    if persona == "anonymous":
        assert response.status_code == 302
        return
    assert ("/bao-cao/them/" in response.content.decode()) == (persona == "tinhuy")


def test_edit_page_matrix(cast, client_for, persona, form) -> None:
    response = client_for(persona).get(EDIT)
    assert response.status_code == ALLOWED[persona]
    if response.status_code == 200:
        html = response.content.decode()
        assert 'value="Báo cáo quý của cấp xã"' in html
        assert 'value="15"' in html  # deadline days of the fixture form
        assert 'name="owner"' not in html  # a form keeps its issuer


def test_edit_post_matrix(cast, client_for, persona, form, indicators) -> None:
    response = client_for(persona).post(EDIT, _edit_payload(form, indicators))
    assert response.status_code == POSTED[persona]
    form.refresh_from_db()
    if persona != "tinhuy":
        assert form.name == "Báo cáo quý của cấp xã"
        assert _codes(form.indicators) == ["KN-DV", "TL-BHYT"]
        return
    assert response["Location"] == "/bao-cao/BC-QUY-XA/"
    assert form.name == "Báo cáo quý (sửa)"
    assert _codes(form.indicators) == ["KN-DV", "THU-NS"]
    assert sorted(form.org_kinds) == sorted([OrgKind.CHI_BO_CO_SO, OrgKind.DANG_UY_XA])
    assert _codes(form.units) == ["P-CL-CB1"]
    assert (form.deadline_days, form.grace_days) == (20, 5)


def test_edit_can_deactivate_a_form(cast, client_for, form, indicators) -> None:
    data = _edit_payload(form, indicators)
    del data["is_active"]
    assert client_for("tinhuy").post(EDIT, data).status_code == 302
    form.refresh_from_db()
    assert form.is_active is False


@pytest.fixture
def other_province(cast):
    return org_create(
        actor=cast.root,
        code="T-AG",
        name="Tỉnh ủy An Giang",
        kind=OrgKind.TINH_UY,
        parent=None,
        valid_from=dt.date(2025, 7, 1),
        body_code="ĐU",
        place_name="An Giang",
    )


def test_edit_of_a_form_out_of_sight_is_404(cast, client_for, other_province) -> None:
    indicator = Indicator.objects.create(
        code="AG-1", name="Chỉ tiêu An Giang", unit="đảng viên", kind="so_luong",
        combine="tong", field_group="xay_dung_dang", organisation=other_province,
    )  # fmt: skip
    services.form_create(
        actor=cast.root,
        owner=other_province,
        code="BC-AG",
        name="Báo cáo An Giang",
        period_type="quy",
        indicators=[indicator],
    )
    tinhuy = client_for("tinhuy")
    assert tinhuy.get("/bao-cao/BC-AG/sua/").status_code == 404
    assert tinhuy.post("/bao-cao/BC-AG/sua/", {"name": "Đổi tên"}).status_code == 404
    assert ReportingForm.objects.get(code="BC-AG").name == "Báo cáo An Giang"


def _errors_of(response, field: str) -> str:
    return " ".join(str(e) for e in response.context["form"].errors.get(field, []))


def test_create_refuses_a_listed_unit_outside_scope(
    cast, client_for, indicators, other_province
) -> None:
    response = client_for("tinhuy").post(CREATE, _payload(indicators, units="P-CL-CB1, T-AG"))
    assert response.status_code == 422
    assert "Không tìm thấy đơn vị “T-AG” trong phạm vi của bạn." in _errors_of(response, "units")
    assert not ReportingForm.objects.filter(code="BC-NAM-CB").exists()


def test_create_refuses_a_unit_outside_the_issuer(cast, client_for, indicators) -> None:
    """The service's own check: the listed unit is visible but not below the issuing commune."""
    data = _payload(indicators, owner="P-CL", units="X-MH-CB1")
    response = client_for("tinhuy").post(CREATE, data)
    assert response.status_code == 422
    assert "X-MH-CB1" in _errors_of(response, "units")
    assert not ReportingForm.objects.filter(code="BC-NAM-CB").exists()


def test_create_refuses_an_issuer_outside_scope(
    cast, client_for, indicators, other_province
) -> None:
    response = client_for("tinhuy").post(CREATE, _payload(indicators, owner="T-AG"))
    assert response.status_code == 422
    assert "T-AG" in _errors_of(response, "owner")
    assert not ReportingForm.objects.filter(code="BC-NAM-CB").exists()


def test_edit_refuses_a_listed_unit_outside_scope(
    cast, client_for, form, indicators, other_province
) -> None:
    response = client_for("tinhuy").post(EDIT, _edit_payload(form, indicators, units="T-AG"))
    assert response.status_code == 422
    assert "T-AG" in _errors_of(response, "units")
    form.refresh_from_db()
    assert form.name == "Báo cáo quý của cấp xã"
    assert _codes(form.units) == []


def test_create_refuses_a_duplicate_code(cast, client_for, form, indicators) -> None:
    response = client_for("tinhuy").post(CREATE, _payload(indicators, code="bc-quy-xa"))
    assert response.status_code == 422
    assert "Mã biểu mẫu “bc-quy-xa” đã có." in _errors_of(response, "code")
    assert ReportingForm.objects.count() == 1


def test_create_refuses_bad_numbers_and_missing_indicators(cast, client_for, indicators) -> None:
    data = _payload(indicators, outlier_pct="năm mươi", deadline_days="400", indicators=[])
    response = client_for("tinhuy").post(CREATE, data)
    assert response.status_code == 422
    assert "không phải là số" in _errors_of(response, "outlier_pct")
    assert _errors_of(response, "deadline_days")
    assert "ít nhất một chỉ tiêu" in _errors_of(response, "indicators")
    assert not ReportingForm.objects.exists()


def test_create_accepts_a_vietnamese_outlier_over_a_thousand(cast, client_for, indicators) -> None:
    response = client_for("tinhuy").post(CREATE, _payload(indicators, outlier_pct="1.200,5"))
    assert response.status_code == 302
    assert str(ReportingForm.objects.get(code="BC-NAM-CB").outlier_pct) == "1200.50"


def test_html_in_the_name_is_escaped_on_the_form_page(cast, client_for, indicators) -> None:
    name = "<script>alert(1)</script> Báo cáo"
    client_for("tinhuy").post(CREATE, _payload(indicators, name=name))
    html = client_for("tinhuy").get("/bao-cao/BC-NAM-CB/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Báo cáo" in html
    assert "<script>alert(1)" not in html


def test_form_page_links_to_edit_only_for_managers(cast, client_for, persona, form) -> None:
    response = client_for(persona).get("/bao-cao/BC-QUY-XA/")
    if persona == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert (EDIT in response.content.decode()) == (persona == "tinhuy")


def test_form_page_lists_running_lock_exceptions_in_sight(cast, client_for, form) -> None:
    today = timezone.localdate()
    services.lock_exception_grant(
        actor=cast.tinhuy,
        organisation=cast.commune,
        period_code="2025Q3",
        until=today + dt.timedelta(days=3),
        reason="Bổ sung <b>thu ngân sách</b>",
    )
    services.lock_exception_grant(
        actor=cast.tinhuy,
        organisation=cast.other_commune,
        period_code="2025Q2",
        until=today,
        reason="Sửa số đảng viên",
    )
    ended = services.lock_exception_grant(
        actor=cast.tinhuy,
        organisation=cast.commune,
        period_code="2025Q1",
        until=today,
        reason="Đã hết hạn",
    )
    LockException.objects.filter(pk=ended.pk).update(until=today - dt.timedelta(days=1))

    province = client_for("tinhuy").get("/bao-cao/BC-QUY-XA/").content.decode()
    assert "Bổ sung &lt;b&gt;thu ngân sách&lt;/b&gt;" in province
    assert "Sửa số đảng viên" in province
    assert "Quý III/2025" in province and "tinhuy" in province
    assert "Đã hết hạn" not in province

    commune = client_for("xa").get("/bao-cao/BC-QUY-XA/").content.decode()
    assert "Bổ sung &lt;b&gt;thu ngân sách&lt;/b&gt;" in commune
    assert "Sửa số đảng viên" not in commune

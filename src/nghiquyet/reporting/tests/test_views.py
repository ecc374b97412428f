"""Pages: the data-entry grid, inline checks, approval, completeness and reminders.

Permission matrix: anonymous visitors go to the login page, units out of sight are 404,
viewers read but cannot write (403), and only approvers of an ancestor decide.
"""

import json
from decimal import Decimal

import pytest

from nghiquyet.indicators.models import IndicatorValue
from nghiquyet.indicators.services import target_set
from nghiquyet.indicators.values import value_save
from nghiquyet.reporting import services
from nghiquyet.reporting.models import Reminder, Submission

GRID = "/bao-cao/BC-QUY-XA/P-CL/2025Q3/"


def _post_grid(client, indicators, *, action="save", **fields):
    """``fields`` like ``value_0="12"`` address indicator 0's value input."""
    data = {"action": action, "loai": "chinh_thuc"}
    for key, text in fields.items():
        name, index = key.rsplit("_", 1)
        data[f"{name}-{indicators[int(index)].pk}"] = text
    return client.post(GRID, data)


def _values(indicator) -> list:
    return list(IndicatorValue.objects.filter(indicator=indicator).values_list("value", flat=True))


READ = {"anonymous": 302, "xa": 200, "chibo": 404, "lanhdao": 200, "tinhuy": 200}


def test_grid_read_matrix(cast, client_for, persona, form) -> None:
    response = client_for(persona).get(GRID)
    assert response.status_code == READ[persona]
    if persona == "anonymous":
        assert "/dang-nhap" in response["Location"] or "login" in response["Location"]
    if response.status_code == 200:
        html = response.content.decode()
        assert "Tỷ lệ dân số tham gia bảo hiểm y tế" in html
        assert ("Lưu nháp" in html) == (persona in {"xa", "tinhuy"})


def test_grid_shows_target_previous_and_last_year(cast, client_for, form, indicators) -> None:
    kn = indicators[0]
    target_set(
        actor=cast.tinhuy, indicator=kn, organisation=cast.commune, period="2025", text="≥ 40"
    )
    value_save(
        actor=cast.tinhuy, indicator=kn, organisation=cast.commune, period="2025Q2", value="9"
    )
    value_save(
        actor=cast.tinhuy, indicator=kn, organisation=cast.commune, period="2024Q3", value="7"
    )
    html = client_for("xa").get(GRID).content.decode()
    row = html[html.index(f'id="row-{kn.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "≥ 40" in row
    assert "9 đảng viên" in row
    assert "7 đảng viên" in row
    assert "Quý II/2025" in html and "Quý III/2024" in html


SAVE = {"anonymous": 302, "xa": 302, "chibo": 404, "lanhdao": 403, "tinhuy": 302}


def test_grid_save_matrix(cast, client_for, persona, form, indicators) -> None:
    response = _post_grid(client_for(persona), indicators, value_0="1.223")
    assert response.status_code == SAVE[persona]
    saved = _values(indicators[0])
    assert saved == ([1223] if persona in {"xa", "tinhuy"} else [])


def test_save_draft_parses_vietnamese_numbers_and_keeps_draft(
    cast, client_for, form, indicators
) -> None:
    response = _post_grid(
        client_for("xa"),
        indicators,
        value_0="12",
        numerator_1="1.218",
        denominator_1="1.223",
        value_1="99,58",
    )
    assert response.status_code == 302
    bhyt = IndicatorValue.objects.get(indicator=indicators[1])
    assert (bhyt.numerator, bhyt.denominator, bhyt.stated) == (1218, 1223, Decimal("99.58"))
    assert Submission.objects.get().status == "nhap"
    html = client_for("xa").get(GRID).content.decode()
    assert "Tỷ lệ ghi 99,58% không khớp với 1.218/1.223 = 99,59%." in html


def test_one_bad_cell_saves_nothing(cast, client_for, form, indicators) -> None:
    response = _post_grid(
        client_for("xa"), indicators, value_0="12", numerator_1="1,2,3", denominator_1="10"
    )
    assert response.status_code == 422
    assert "có dấu phân cách hàng nghìn không đúng chỗ" in response.content.decode()
    assert not IndicatorValue.objects.exists()
    assert 'value="12"' in response.content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"numerator_1": "1.300", "denominator_1": "1.223"}, "Tử số không được lớn hơn mẫu số."),
        ({"numerator_1": "5", "denominator_1": "0"}, "Mẫu số phải lớn hơn 0."),
        ({"numerator_1": "5"}, "Phải nhập cả tử số và mẫu số."),
        ({"value_0": "-3"}, "Số lượng không được âm."),
        ({"value_0": "12abc"}, "không phải là số"),
    ],
)
def test_validation_rules_refuse_bad_rows(
    cast, client_for, form, indicators, fields, message
) -> None:
    response = _post_grid(client_for("xa"), indicators, **fields)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_quarters_may_not_exceed_the_year(cast, client_for, form, indicators) -> None:
    kn = indicators[0]
    for period, value in (("2025", "20"), ("2025Q1", "6"), ("2025Q2", "8")):
        value_save(
            actor=cast.tinhuy, indicator=kn, organisation=cast.commune, period=period, value=value
        )
    response = _post_grid(client_for("xa"), indicators, value_0="7")
    assert response.status_code == 422
    assert (
        "Tổng các quý năm 2025 (21 đảng viên) vượt số cả năm (20 đảng viên)."
        in response.content.decode()
    )
    assert _post_grid(client_for("xa"), indicators, value_0="6").status_code == 302


def test_grid_and_api_refuse_quarters_above_the_year_alike(
    cast, client_for, form, indicators
) -> None:
    kn = indicators[0]
    value_save(
        actor=cast.tinhuy, indicator=kn, organisation=cast.commune, period="2025", value="20"
    )
    message = "Tổng các quý năm 2025 (21 đảng viên) vượt số cả năm (20 đảng viên)."
    grid = _post_grid(client_for("xa"), indicators, value_0="21")
    assert grid.status_code == 422 and message in grid.content.decode()
    payload = {"indicator": "KN-DV", "org": "P-CL", "period": "2025Q3", "value": "21"}
    api = client_for("xa").put(
        "/api/v1/indicators/values", data=json.dumps(payload), content_type="application/json"
    )
    assert api.status_code == 422 and api.json()["errors"] == {"value": [message]}
    assert not IndicatorValue.objects.filter(period_code="2025Q3").exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"value_0": "12345678901234567890123456789"}, "quá lớn: phần nguyên tối đa 12 chữ số"),
        ({"numerator_1": "1", "denominator_1": "1e300"}, "không phải là số"),
        ({"numerator_1": "1", "denominator_1": "NaN"}, "không phải là số"),
        ({"value_0": "0,0000001"}, "có quá 6 chữ số thập phân"),
    ],
)
def test_grid_refuses_numbers_the_columns_cannot_hold(
    cast, client_for, form, indicators, fields, message
) -> None:
    response = _post_grid(client_for("xa"), indicators, **fields)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_inline_cell_check_returns_feedback_partial(cast, client_for, form, indicators) -> None:
    kn = indicators[0]
    value_save(
        actor=cast.tinhuy, indicator=kn, organisation=cast.commune, period="2025Q2", value="10"
    )
    url = f"{GRID}o/{kn.pk}/"
    response = client_for("xa").post(url, {f"value-{kn.pk}": "16"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith(f'<td id="fb-{kn.pk}"')
    assert "Tăng 60,0% so với kỳ trước (10 đảng viên); ngưỡng cảnh báo 50%" in html
    calm = client_for("xa").post(url, {f"value-{kn.pk}": "14"}).content.decode()
    assert "Cảnh báo" not in calm
    bad = client_for("xa").post(url, {f"value-{kn.pk}": "1.2.3,4,5"}).content.decode()
    assert 'class="error"' in bad
    assert not IndicatorValue.objects.filter(period_code="2025Q3").exists()


def test_outlier_threshold_is_configurable(cast, client_for, form, indicators) -> None:
    kn = indicators[0]
    services.form_update(actor=cast.tinhuy, form=form, outlier_pct="70")
    value_save(
        actor=cast.tinhuy, indicator=kn, organisation=cast.commune, period="2025Q2", value="10"
    )
    html = client_for("xa").post(f"{GRID}o/{kn.pk}/", {f"value-{kn.pk}": "16"}).content.decode()
    assert "Cảnh báo" not in html


CELL = {"anonymous": 302, "xa": 200, "chibo": 404, "lanhdao": 200, "tinhuy": 200}


def test_cell_matrix(cast, client_for, persona, form, indicators) -> None:
    kn = indicators[0]
    response = client_for(persona).post(f"{GRID}o/{kn.pk}/", {f"value-{kn.pk}": "-1"})
    assert response.status_code == CELL[persona]
    if response.status_code == 200:
        assert "Số lượng không được âm." in response.content.decode()


def test_cell_of_indicator_outside_form_is_404(cast, client_for, form, indicators) -> None:
    assert client_for("xa").post(f"{GRID}o/{indicators[2].pk}/").status_code == 404


def test_submit_then_locked_for_data_entry(cast, client_for, form, indicators) -> None:
    response = _post_grid(client_for("xa"), indicators, action="submit", value_0="12")
    assert response.status_code == 302
    assert Submission.objects.get().status == "da_gui"
    html = client_for("xa").get(GRID).content.decode()
    assert "Lưu nháp" not in html and "disabled" in html
    assert _post_grid(client_for("xa"), indicators, value_0="13").status_code == 403
    assert _values(indicators[0]) == [12]


DECIDE = {"anonymous": 302, "xa": 403, "chibo": 404, "lanhdao": 403, "tinhuy": 302}


def test_approve_page_matrix(cast, client_for, persona, form) -> None:
    services.submission_submit(
        actor=cast.xa, form=form, organisation=cast.commune, period_code="2025Q3"
    )
    response = client_for(persona).post(f"{GRID}duyet/")
    assert response.status_code == DECIDE[persona]
    assert Submission.objects.get().status == ("da_duyet" if persona == "tinhuy" else "da_gui")


def test_return_page_needs_reason_then_returns(cast, client_for, form) -> None:
    services.submission_submit(
        actor=cast.xa, form=form, organisation=cast.commune, period_code="2025Q3"
    )
    client = client_for("tinhuy")
    client.post(f"{GRID}tra-lai/", {"reason": ""})
    assert Submission.objects.get().status == "da_gui"
    client.post(f"{GRID}tra-lai/", {"reason": "Thiếu <b>số liệu</b> quý"})
    sub = Submission.objects.get()
    assert (sub.status, sub.reason) == ("tra_lai", "Thiếu <b>số liệu</b> quý")
    html = client_for("xa").get(GRID).content.decode()
    assert "Thiếu &lt;b&gt;số liệu&lt;/b&gt; quý" in html


def test_unlock_page_reopens_for_entry(cast, client_for, form, indicators) -> None:
    sub = services.submission_submit(
        actor=cast.xa, form=form, organisation=cast.commune, period_code="2025Q3"
    )
    services.submission_approve(actor=cast.tinhuy, submission=sub)
    assert _post_grid(client_for("xa"), indicators, value_0="5").status_code == 403
    client_for("tinhuy").post(f"{GRID}mo-khoa/", {"reason": "Điều chỉnh theo thống kê"})
    assert _post_grid(client_for("xa"), indicators, value_0="5").status_code == 302


def test_unknown_step_or_unit_outside_form_is_404(cast, client_for, form) -> None:
    assert client_for("tinhuy").get("/bao-cao/BC-QUY-XA/P-CL-CB1/2025Q3/").status_code == 404
    assert client_for("tinhuy").get("/bao-cao/BC-QUY-XA/P-CL/2025/").status_code == 404
    assert client_for("tinhuy").post(f"{GRID}xoa/").status_code == 404


DETAIL = {"anonymous": 302, "xa": 404, "chibo": 404, "lanhdao": 200, "tinhuy": 200}


def test_form_completeness_page_matrix(cast, client_for, persona, form) -> None:
    services.submission_submit(
        actor=cast.xa, form=form, organisation=cast.commune, period_code="2025Q3"
    )
    response = client_for(persona).get("/bao-cao/BC-QUY-XA/?ky=2025Q3&don_vi=T-DT")
    assert response.status_code == DETAIL[persona]
    if response.status_code == 200:
        html = response.content.decode()
        # The reminder is offered only to who may send it (REMIND below): lanhdao reads.
        assert ("Nhắc 1 đơn vị chưa gửi" in html) is (REMIND[persona] == 302)
        assert "Đảng ủy xã Mỹ Hiệp" in html


def test_commune_user_sees_own_completeness(cast, client_for, form) -> None:
    response = client_for("xa").get("/bao-cao/BC-QUY-XA/?ky=2025Q3&don_vi=P-CL")
    assert response.status_code == 200
    assert "Đảng ủy phường Cao Lãnh" in response.content.decode()


REMIND = {"anonymous": 302, "xa": 404, "chibo": 404, "lanhdao": 403, "tinhuy": 302}


def test_remind_matrix(cast, client_for, persona, form) -> None:
    response = client_for(persona).post(
        "/bao-cao/BC-QUY-XA/nhac-nho/", {"ky": "2025Q3", "don_vi": "T-DT"}
    )
    assert response.status_code == REMIND[persona]
    expected = ["P-CL", "X-MH"] if persona == "tinhuy" else []
    assert sorted(Reminder.objects.values_list("organisation__code", flat=True)) == expected


def test_index_lists_forms_and_escapes_names(cast, client_for, indicators) -> None:
    services.form_create(
        actor=cast.tinhuy,
        owner=cast.province,
        code="BC-X",
        name="Biểu <script>x</script>",
        period_type="quy",
        indicators=indicators,
        org_kinds=["dang_uy_xa"],
    )
    html = client_for("xa").get("/bao-cao/").content.decode()
    assert "Biểu &lt;script&gt;x&lt;/script&gt;" in html
    assert "Báo cáo định kỳ" in html
    assert client_for("anonymous").get("/bao-cao/").status_code == 302


def test_estimate_values_are_entered_separately(cast, client_for, form, indicators) -> None:
    data = {"action": "save", "loai": "uoc", f"value-{indicators[0].pk}": "8"}
    assert client_for("xa").post(GRID, data).status_code == 302
    saved = IndicatorValue.objects.get(indicator=indicators[0])
    assert (saved.value_type, saved.value) == ("uoc", 8)
    assert 'value="8"' in client_for("xa").get(f"{GRID}?loai=uoc").content.decode()
    assert 'value="8"' not in client_for("xa").get(f"{GRID}?loai=chinh_thuc").content.decode()


def test_navigation_has_reporting_entry(cast, client_for) -> None:
    html = client_for("xa").get("/").content.decode()
    assert '<a href="/bao-cao/">Báo cáo định kỳ</a>' in html


EXC = {"anonymous": 302, "xa": 403, "chibo": 404, "lanhdao": 403, "tinhuy": 302}


def test_lock_exception_page_matrix(cast, client_for, persona, form, indicators) -> None:
    from django.utils import timezone

    from nghiquyet.core.formats import format_date_short
    from nghiquyet.reporting.models import LockException

    sub = services.submission_submit(
        actor=cast.xa, form=form, organisation=cast.commune, period_code="2025Q3"
    )
    services.submission_approve(actor=cast.tinhuy, submission=sub)
    until = format_date_short(timezone.localdate())
    response = client_for(persona).post(f"{GRID}ngoai-le/", {"until": until, "reason": "Bổ sung"})
    assert response.status_code == EXC[persona]
    assert LockException.objects.exists() == (persona == "tinhuy")
    locked = _post_grid(client_for("xa"), indicators, value_0="5").status_code
    assert locked == (302 if persona == "tinhuy" else 403)


def test_lock_exception_with_bad_date_is_refused(cast, client_for, form) -> None:
    from nghiquyet.reporting.models import LockException

    client_for("tinhuy").post(f"{GRID}ngoai-le/", {"until": "31/02/2026", "reason": "x"})
    assert not LockException.objects.exists()


def test_grid_opens_on_estimates_when_only_estimates_exist(
    cast, client_for, form, indicators
) -> None:
    value_save(
        actor=cast.xa,
        indicator=indicators[0],
        organisation=cast.commune,
        period="2025Q3",
        value_type="uoc",
        value="11",
    )
    html = client_for("xa").get(GRID).content.decode()
    assert '<input type="hidden" name="loai" value="uoc">' in html
    assert 'value="11"' in html

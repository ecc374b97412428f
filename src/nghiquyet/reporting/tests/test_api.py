"""API: forms, submissions and transitions, completeness, reminders, lock exceptions.

Permission matrix over the personas: reads outside scope are 404, writes without the right
are 403 (or 404 when the unit itself is out of sight), anonymous calls are 401.
"""

import datetime as dt

import pytest
from django.utils import timezone

from nghiquyet.audit.models import AuditEntry
from nghiquyet.reporting import services
from nghiquyet.reporting.models import Reminder, ReportingForm, Submission
from nghiquyet.testing import Cast

API = "/api/v1/reporting"
PERIOD = "2025Q3"


def _sub_url(org: str, action: str = "", form: str = "BC-QUY-XA") -> str:
    tail = f"/{action}" if action else ""
    return f"{API}/submissions/{form}/{org}/{PERIOD}{tail}"


@pytest.fixture
def sent(cast: Cast, form: ReportingForm) -> Submission:
    return services.submission_submit(
        actor=cast.xa, form=form, organisation=cast.commune, period_code=PERIOD
    )


@pytest.fixture
def commune_form(cast: Cast, indicators) -> ReportingForm:
    """A form issued by the other commune for its cells: out of sight for xa."""
    return services.form_create(
        actor=cast.root,
        owner=cast.other_commune,
        code="BC-MH",
        name="Báo cáo chi bộ Mỹ Hiệp",
        period_type="quy",
        indicators=indicators[:1],
        org_kinds=["chi_bo_co_so"],
    )


READ_FORM = {"anonymous": 401, "xa": 404, "chibo": 200, "lanhdao": 200, "tinhuy": 200}


def test_form_detail_matrix(cast, client_for, persona, form, commune_form) -> None:
    response = client_for(persona).get(f"{API}/forms/BC-MH")
    assert response.status_code == READ_FORM[persona]
    if response.status_code == 200:
        assert response.json()["indicators"] == ["KN-DV"]
        assert response.json()["org_kinds"] == ["chi_bo_co_so"]


def test_form_list_is_scoped(cast, client_for, form, commune_form) -> None:
    codes = [f["code"] for f in client_for("xa").get(f"{API}/forms").json()]
    assert codes == ["BC-QUY-XA"]
    codes = [f["code"] for f in client_for("chibo").get(f"{API}/forms").json()]
    assert codes == ["BC-MH", "BC-QUY-XA"]
    assert client_for("anonymous").get(f"{API}/forms").status_code == 401


CREATE = {"anonymous": 401, "xa": 403, "chibo": 404, "lanhdao": 403, "tinhuy": 201}


def test_form_create_matrix(cast, client_for, persona, indicators) -> None:
    owner = "P-CL" if persona == "xa" else "T-DT"
    payload = {
        "code": "BC-NAM",
        "name": "Báo cáo năm",
        "owner": owner,
        "period_type": "nam",
        "indicators": ["kn-dv", "TL-BHYT"],
        "org_kinds": ["dang_uy_xa"],
        "deadline_days": 20,
    }
    response = client_for(persona).post(f"{API}/forms", payload, content_type="application/json")
    assert response.status_code == CREATE[persona]
    assert ReportingForm.objects.filter(code="BC-NAM").exists() == (persona == "tinhuy")
    if persona == "tinhuy":
        assert response.json()["indicators"] == ["KN-DV", "TL-BHYT"]


def test_form_create_refuses_unit_outside_scope_and_unknown_indicator(
    cast, client_for, indicators
) -> None:
    from django.contrib.auth.models import User

    from nghiquyet.accounts.services import membership_grant

    admin = User.objects.create_user("qtxa")
    membership_grant(actor=cast.root, user=admin, organisation=cast.commune, role="quan_tri")
    client = client_for("anonymous")
    client.force_login(admin)
    payload = {
        "code": "BC-X",
        "name": "Biểu <b>xã</b>",
        "owner": "P-CL",
        "period_type": "quy",
        "indicators": ["KN-DV", "KHONG-CO"],
        "units": ["X-MH-CB1"],
    }
    response = client.post(f"{API}/forms", payload, content_type="application/json")
    assert response.status_code == 422
    assert "X-MH-CB1" in response.json()["errors"]["units"][0]
    payload["units"] = ["P-CL-CB1"]
    response = client.post(f"{API}/forms", payload, content_type="application/json")
    assert response.json()["errors"] == {"indicators": ["Không tìm thấy chỉ tiêu: KHONG-CO."]}
    assert not ReportingForm.objects.filter(code="BC-X").exists()


def test_form_update_changes_deadline(cast, client_for, form) -> None:
    response = client_for("tinhuy").patch(
        f"{API}/forms/BC-QUY-XA",
        {"grace_days": 3, "outlier_pct": "25"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert (response.json()["grace_days"], response.json()["outlier_pct"]) == (3, "25.00")
    response = client_for("lanhdao").patch(
        f"{API}/forms/BC-QUY-XA", {"grace_days": 9}, content_type="application/json"
    )
    assert response.status_code == 403


SUBMIT = {"anonymous": 401, "xa": 200, "chibo": 404, "lanhdao": 403, "tinhuy": 200}


def test_submit_matrix(cast, client_for, persona, form) -> None:
    response = client_for(persona).post(_sub_url("P-CL", "submit"))
    assert response.status_code == SUBMIT[persona]
    sent = Submission.objects.filter(status="da_gui").count()
    assert sent == (1 if SUBMIT[persona] == 200 else 0)
    if response.status_code == 200:
        body = response.json()
        assert (body["status"], body["deadline"], body["on_time"]) == (
            "da_gui",
            "2025-10-15",
            False,
        )


READ_SUB = {"anonymous": 401, "xa": 200, "chibo": 404, "lanhdao": 200, "tinhuy": 200}


def test_submission_read_matrix(cast, client_for, persona, sent) -> None:
    response = client_for(persona).get(_sub_url("P-CL"))
    assert response.status_code == READ_SUB[persona]
    if response.status_code == 200:
        assert response.json()["status_label"] == "Đã gửi"
    listed = client_for(persona).get(f"{API}/submissions?form=BC-QUY-XA&period={PERIOD}")
    if persona != "anonymous":
        count = 1 if persona in {"xa", "lanhdao", "tinhuy"} else 0
        assert len(listed.json()) == count


DECIDE = {"anonymous": 401, "xa": 403, "chibo": 404, "lanhdao": 403, "tinhuy": 200}


def test_approve_matrix(cast, client_for, persona, sent) -> None:
    response = client_for(persona).post(_sub_url("P-CL", "approve"))
    assert response.status_code == DECIDE[persona]
    sent.refresh_from_db()
    assert sent.status == ("da_duyet" if persona == "tinhuy" else "da_gui")


def test_return_matrix(cast, client_for, persona, sent) -> None:
    response = client_for(persona).post(
        _sub_url("P-CL", "return"), {"reason": "Thiếu số liệu"}, content_type="application/json"
    )
    assert response.status_code == DECIDE[persona]
    sent.refresh_from_db()
    assert sent.status == ("tra_lai" if persona == "tinhuy" else "da_gui")


def test_unlock_matrix(cast, client_for, persona, sent) -> None:
    services.submission_approve(actor=cast.tinhuy, submission=sent)
    response = client_for(persona).post(
        _sub_url("P-CL", "unlock"), {"reason": "Điều chỉnh"}, content_type="application/json"
    )
    assert response.status_code == DECIDE[persona]
    sent.refresh_from_db()
    assert sent.status == ("nhap" if persona == "tinhuy" else "da_duyet")


def test_illegal_transition_is_409_in_vietnamese(cast, client_for, form) -> None:
    client_for("xa").post(_sub_url("P-CL", "submit"))
    response = client_for("tinhuy").post(
        _sub_url("P-CL", "unlock"), {"reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "Không thể mở khóa báo cáo đang ở trạng thái “Đã gửi”."


def test_return_without_reason_is_422(cast, client_for, sent) -> None:
    response = client_for("tinhuy").post(
        _sub_url("P-CL", "return"), {"reason": ""}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"reason": ["Phải nêu lý do."]}


def test_unknown_submission_and_bad_period(cast, client_for, form) -> None:
    assert client_for("tinhuy").get(_sub_url("X-MH")).status_code == 404
    response = client_for("tinhuy").post(f"{API}/submissions/BC-QUY-XA/P-CL/2025-13/submit")
    assert response.status_code == 422
    assert "period" in response.json()["errors"]


COMPLETE = {"anonymous": 401, "xa": 404, "chibo": 404, "lanhdao": 200, "tinhuy": 200}


def test_completeness_matrix(cast, client_for, persona, sent) -> None:
    response = client_for(persona).get(
        f"{API}/forms/BC-QUY-XA/completeness?org=T-DT&period={PERIOD}"
    )
    assert response.status_code == COMPLETE[persona]
    if response.status_code == 200:
        body = response.json()
        assert (body["totals"]["expected"], body["totals"]["submitted"]) == (2, 1)
        assert [m["code"] for m in body["missing"]] == ["X-MH"]


REMIND = {"anonymous": 401, "xa": 404, "chibo": 404, "lanhdao": 403, "tinhuy": 200}


def test_reminders_matrix(cast, client_for, persona, sent) -> None:
    response = client_for(persona).post(
        f"{API}/forms/BC-QUY-XA/reminders",
        {"organisation": "T-DT", "period": PERIOD},
        content_type="application/json",
    )
    assert response.status_code == REMIND[persona]
    reminded = list(Reminder.objects.values_list("organisation__code", flat=True))
    assert reminded == (["X-MH"] if persona == "tinhuy" else [])
    if persona == "tinhuy":
        assert response.json()["missing"][0]["reminders"] == 1
        assert AuditEntry.objects.filter(action="reporting.reminder.send").count() == 1


def test_reminder_to_unit_that_already_sent_is_refused(cast, client_for, sent) -> None:
    response = client_for("tinhuy").post(
        f"{API}/forms/BC-QUY-XA/reminders",
        {"organisation": "T-DT", "period": PERIOD, "units": ["P-CL"]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert not Reminder.objects.exists()


EXCEPTION = {"anonymous": 401, "xa": 403, "chibo": 404, "lanhdao": 403, "tinhuy": 201}


def test_lock_exception_matrix(cast, client_for, persona) -> None:
    until = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    response = client_for(persona).post(
        f"{API}/lock-exceptions",
        {"organisation": "P-CL", "period": PERIOD, "until": until, "reason": "Bổ sung"},
        content_type="application/json",
    )
    assert response.status_code == EXCEPTION[persona]


SAVE = {"anonymous": 401, "xa": 200, "chibo": 404, "lanhdao": 403, "tinhuy": 200}


def test_save_entries_matrix(cast, client_for, persona, form, indicators) -> None:
    from nghiquyet.indicators.models import IndicatorValue

    payload = {
        "entries": {
            "KN-DV": {"value": "12"},
            "tl-bhyt": {"numerator": "1.218", "denominator": "1.223", "value": "99,58"},
        },
        "submit": True,
    }
    response = client_for(persona).post(
        _sub_url("P-CL", "values"), payload, content_type="application/json"
    )
    assert response.status_code == SAVE[persona]
    assert IndicatorValue.objects.count() == (2 if SAVE[persona] == 200 else 0)
    if response.status_code == 200:
        body = response.json()
        assert body["submission"]["status"] == "da_gui"
        warned = {r["indicator"]: r["warnings"] for r in body["rows"]}
        assert "99,59%" in warned["TL-BHYT"][0]


def test_save_entries_is_all_or_nothing(cast, client_for, form, indicators) -> None:
    from nghiquyet.indicators.models import IndicatorValue

    payload = {
        "entries": {"KN-DV": {"value": "12"}, "TL-BHYT": {"numerator": "9", "denominator": "3"}}
    }
    response = client_for("xa").post(
        _sub_url("P-CL", "values"), payload, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"TL-BHYT.numerator": ["Tử số không được lớn hơn mẫu số."]}
    assert not IndicatorValue.objects.exists()
    assert not Submission.objects.exists()
    payload = {"entries": {"THU-NS": {"value": "5"}}}
    response = client_for("xa").post(
        _sub_url("P-CL", "values"), payload, content_type="application/json"
    )
    assert response.json()["errors"] == {"entries": ["Chỉ tiêu không có trong biểu mẫu: THU-NS."]}

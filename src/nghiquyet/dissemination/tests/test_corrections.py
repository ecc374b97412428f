"""Issue 9 §4: study sessions and plans are edited, withdrawn (thu hồi) with a reason, and a
session recorded in error without figures is deleted; every change is audited."""

import datetime as dt

import pytest
from django.urls import reverse

from nghiquyet.audit.models import AuditEntry
from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.dissemination import selectors, services
from nghiquyet.dissemination.models import Plan, StudySession
from nghiquyet.dissemination.services import Count
from nghiquyet.testing import Api, Page, PermissionMatrix

DAY = dt.date(2025, 11, 12)
LOGIN = 302


@pytest.fixture
def world(cast, make_doc):
    resolution = make_doc(doc_type="nghi_quyet", title="Nghị quyết Đại hội")
    held = services.session_create(
        actor=cast.xa,
        organisation=cast.commune,
        title="Hội nghị phường Cao Lãnh",
        documents=[resolution],
        start_date=DAY,
        format="truc_tiep",
        counts=[Count("dang_vien", 120, 110)],
    )
    mistaken = services.session_create(
        actor=cast.xa,
        organisation=cast.commune,
        title="Ghi nhầm",
        documents=[resolution],
        start_date=DAY,
        format="truc_tiep",
    )
    plan = services.plan_create(
        actor=cast.xa,
        document=resolution,
        organisation=cast.commune,
        classes=2,
        groups=["dang_vien"],
        deadline=dt.date(2026, 3, 31),
    )
    return {"resolution": resolution, "held": held, "mistaken": mistaken, "plan": plan}


def test_session_is_corrected_with_audit(cast, world):
    session = world["held"]
    services.session_update(
        actor=cast.xa,
        session=session,
        title="Hội nghị quán triệt Nghị quyết Đại hội",
        start_date=DAY,
        end_date=DAY + dt.timedelta(days=1),
        location="Hội trường phường",
    )
    session.refresh_from_db()
    assert session.title == "Hội nghị quán triệt Nghị quyết Đại hội"
    assert session.end_date == dt.date(2025, 11, 13)
    entry = AuditEntry.objects.get(action="dissemination.session.update", target_id=session.pk)
    assert entry.before["title"] == "Hội nghị phường Cao Lãnh"
    with pytest.raises(InvalidInputError) as err:
        services.session_update(
            actor=cast.xa,
            session=session,
            title="x",
            start_date=DAY,
            end_date=DAY - dt.timedelta(1),
        )
    assert "end_date" in err.value.errors


def test_session_with_figures_is_withdrawn_not_deleted_and_leaves_the_counts(cast, world):
    session, org = world["held"], cast.commune
    assert selectors.coverage(org).sessions == 2
    with pytest.raises(InvalidInputError) as err:
        services.session_delete(actor=cast.xa, session=session)
    assert "thu hồi" in err.value.errors["session"][0]
    with pytest.raises(InvalidInputError):
        services.session_withdraw(actor=cast.xa, session=session, reason=" ")
    services.session_withdraw(actor=cast.xa, session=session, reason="Trùng với hội nghị khác")
    assert selectors.coverage(org).sessions == 1
    assert not world["resolution"].study_sessions.filter(pk=session.pk).exists()
    kept = StudySession.all_objects.get(pk=session.pk)
    assert kept.withdraw_reason == "Trùng với hội nghị khác" and kept.attendance.count() == 1
    assert AuditEntry.objects.filter(action="dissemination.session.withdraw").count() == 1


def test_session_without_figures_is_deleted_with_audit(cast, world):
    pk = world["mistaken"].pk
    services.session_delete(actor=cast.xa, session=world["mistaken"])
    assert not StudySession.all_objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get(action="dissemination.session.delete", target_id=pk)
    assert entry.before["title"] == "Ghi nhầm"


@pytest.mark.parametrize("persona", ["lanhdao", "chibo"])
def test_only_the_units_editors_correct(cast, world, persona):
    actor = cast.persona(persona)
    with pytest.raises(PermissionDeniedError):
        services.session_withdraw(actor=actor, session=world["held"], reason="x")
    with pytest.raises(PermissionDeniedError):
        services.session_delete(actor=actor, session=world["mistaken"])
    with pytest.raises(PermissionDeniedError):
        services.plan_withdraw(actor=actor, plan=world["plan"], reason="x")


def test_plan_is_edited_withdrawn_and_planned_anew(cast, world):
    plan = world["plan"]
    services.plan_update(
        actor=cast.xa,
        plan=plan,
        classes=3,
        groups=["dang_vien", "nhan_dan"],
        deadline=dt.date(2026, 6, 30),
    )
    plan.refresh_from_db()
    assert (plan.classes, plan.groups) == (3, ["dang_vien", "nhan_dan"])
    with pytest.raises(InvalidInputError) as err:
        services.plan_update(actor=cast.xa, plan=plan, classes=0, groups=[], deadline=plan.deadline)
    assert set(err.value.errors) == {"classes", "groups"}
    services.plan_withdraw(actor=cast.xa, plan=plan, reason="Gộp vào kế hoạch của tỉnh")
    assert not selectors.plans_visible(cast.xa).exists()
    again = services.plan_create(
        actor=cast.xa,
        document=world["resolution"],
        organisation=cast.commune,
        classes=1,
        groups=["dang_vien"],
        deadline=dt.date(2026, 6, 30),
    )
    assert Plan.all_objects.filter(document=world["resolution"]).count() == 2
    assert list(selectors.plans_visible(cast.xa)) == [again]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"dissemination.plan.update", "dissemination.plan.withdraw"} <= actions


def test_pages_offer_corrections_to_editors_only(cast, world, client_for):
    detail = reverse("dissemination:detail", args=[world["held"].pk])
    withdraw = reverse("dissemination:withdraw_session", args=[world["held"].pk])
    assert withdraw in client_for("xa").get(detail).content.decode()
    assert withdraw not in client_for("lanhdao").get(detail).content.decode()
    edit_plan = reverse("dissemination:edit_plan", args=[world["plan"].pk])
    index = reverse("dissemination:index")
    assert edit_plan in client_for("xa").get(index).content.decode()
    assert edit_plan not in client_for("lanhdao").get(index).content.decode()
    answer = client_for("xa").post(
        reverse("dissemination:edit_plan", args=[world["plan"].pk]),
        {"classes": "1.061", "groups": ["dang_vien"], "deadline": "30/6/2026"},
    )
    assert answer.status_code == 302
    assert Plan.objects.get().classes == 1061


# --- Permission matrix: session 1 has figures, session 2 none, plan 1 ---------------------------

EDIT = {"anonymous": LOGIN, "xa": 302, "chibo": 404, "lanhdao": 403, "tinhuy": 302}
API_EDIT = {"anonymous": 401, "xa": 200, "chibo": 404, "lanhdao": 403, "tinhuy": 200}
API_DONE = {**API_EDIT, "xa": 204, "tinhuy": 204}
API = "/api/v1/dissemination"
SESSION = {"title": "Hội nghị đã sửa", "start_date": "2025-11-12", "location": "Hội trường"}
PLAN = {"classes": 3, "groups": ["dang_vien"], "deadline": "2026-06-30"}


class TestCorrectionPermissions(PermissionMatrix):
    pytestmark = pytest.mark.django_db(transaction=True, reset_sequences=True)
    routes = [
        Page(
            "dissemination:edit_session",
            args=(1,),
            post={"title": "Hội nghị đã sửa", "start_date": "12/11/2025"},
            expect=EDIT,
        ),
        Page("dissemination:withdraw_session", args=(1,), post={"reason": "Trùng"}, expect=EDIT),
        Page("dissemination:delete_session", args=(2,), post={}, expect=EDIT),
        Page(
            "dissemination:edit_plan",
            args=(1,),
            post={"classes": "3", "groups": ["dang_vien"], "deadline": "30/6/2026"},
            expect=EDIT,
        ),
        Page("dissemination:withdraw_plan", args=(1,), post={"reason": "Gộp"}, expect=EDIT),
        Api("put", f"{API}/sessions/1", body=SESSION, expect=API_EDIT),
        Api("post", f"{API}/sessions/1/withdraw", body={"reason": "Trùng"}, expect=API_DONE),
        Api("delete", f"{API}/sessions/2", expect=API_DONE),
        Api("put", f"{API}/plans/1", body=PLAN, expect=API_EDIT),
        Api("post", f"{API}/plans/1/withdraw", body={"reason": "Gộp"}, expect=API_DONE),
    ]

    @pytest.fixture(autouse=True)
    def rows(self, world):
        return world

    def state(self, cast):
        return (
            list(
                StudySession.all_objects.order_by("pk").values_list(
                    "pk", "title", "location", "withdrawn_at"
                )
            ),
            list(Plan.all_objects.values_list("classes", "withdrawn_at")),
        )

"""The demo loads through the services and gives the logins and tree the README promises."""

import datetime as dt

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from nghiquyet.audit.models import AuditEntry
from nghiquyet.core.demo import DEMO_LOGINS, DEMO_PASSWORD
from nghiquyet.orgs.models import Organisation, OrgKind, Succession

REFORM = dt.date(2025, 7, 1)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("demo")
        yield
        call_command("flush", "--noinput")


@pytest.mark.django_db
def test_demo_province_has_the_post_2025_shape(demo):
    province = Organisation.objects.get(code="DT")
    children = Organisation.objects.filter(parent=province).active_at(REFORM)
    kinds = list(children.values_list("kind", flat=True))
    assert kinds.count(OrgKind.DANG_BO_TRUC_THUOC_TINH) == 4
    assert kinds.count(OrgKind.DANG_UY_XA) >= 20
    assert Organisation.objects.get(code="P-CAO-LANH").name == "Đảng ủy phường Cao Lãnh"


@pytest.mark.django_db
def test_demo_historic_cao_lanh_branch_is_merged_but_readable(demo):
    city = Organisation.objects.get(code="TP-CL")
    assert city.valid_to == dt.date(2025, 6, 30)
    assert city.terms.get().ordinal == "IX"
    assert Succession.objects.filter(predecessor=city).count() == 3
    old_ward = Organisation.objects.get(code="CL-P-1")
    assert old_ward.successions_out.get().successor.code == "P-CAO-LANH"
    assert Organisation.objects.get(code="CL-P-1-CB1").parent.code == "P-CAO-LANH"


@pytest.mark.django_db
def test_demo_logins_work_and_everything_was_audited(demo):
    for username, role, _scope in DEMO_LOGINS:
        # As the login page does: the login throttle (django-axes) needs the request.
        request = RequestFactory().post("/dang-nhap/")
        user = authenticate(request, username=username, password=DEMO_PASSWORD)
        assert user is not None
        assert user.memberships.get().role == role
    created = AuditEntry.objects.filter(action="orgs.organisation.create").count()
    assert created == Organisation.objects.count()


@pytest.mark.django_db
def test_demo_workbook_exports_and_reimports_without_changing_anything(demo, tmp_path):
    from django.contrib.auth.models import User

    from nghiquyet.core.workbook import export_workbook, import_workbook

    admin = User.objects.get(username="admin")
    path = tmp_path / "demo.xlsx"
    export_workbook(actor=admin).save(path)
    before = AuditEntry.objects.count()
    ctx = import_workbook(path, actor=admin)
    assert ctx.counts["Đơn vị"] == Organisation.objects.count()
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_demo_tasks_have_programmes_and_an_overdue_task_for_the_ward(demo):
    from collections import Counter

    from django.utils import timezone

    from nghiquyet.tasks.models import Occurrence, Section, Status

    kinds = Counter(Section.objects.values_list("kind", flat=True))
    assert kinds["nhom_nhiem_vu_giai_phap"] == 8
    assert kinds["chuong_trinh_trong_tam"] == 3
    assert kinds["khau_dot_pha"] == 2
    ward = Occurrence.objects.with_status(timezone.localdate()).filter(
        task__lead__code="P-CAO-LANH"
    )
    assert ward.filter(status=Status.QUA_HAN).exists()
    statuses = set(
        Occurrence.objects.with_status(timezone.localdate()).values_list("status", flat=True)
    )
    assert {
        Status.HOAN_THANH_DUNG_HAN,
        Status.HOAN_THANH_TRE_HAN,
        Status.DANG_THUC_HIEN,
    } <= statuses


@pytest.mark.django_db
def test_demo_registers_hold_the_seed_figures(demo):
    from decimal import Decimal

    from django.db.models import Sum

    from nghiquyet.registers.models import Allocation, Movement, MovementCount, Project, Survey

    hoi_quan = Movement.objects.filter(organisation__code="TP-CL", name__startswith="Hội quán")
    assert hoi_quan.count() == 15
    latest = MovementCount.objects.filter(movement__in=hoi_quan, as_of=dt.date(2025, 3, 31))
    assert latest.aggregate(n=Sum("participants"))["n"] == 808
    assert Survey.objects.get(organisation__code="TP-CL").forms_issued == 250
    total = Project.objects.aggregate(t=Sum("total_investment"))["t"]
    assert total > Decimal(3700)
    assert Allocation.objects.aggregate(t=Sum("amount"))["t"] == total


@pytest.mark.django_db
def test_demo_oversight_has_a_year_of_inspections_and_ratings_within_the_cap(demo):
    from nghiquyet.oversight.models import Inspection, Level, OrgRating, Remedy
    from nghiquyet.oversight.rules import DEFAULT_CAP, cap_allows

    results = set(Inspection.objects.values_list("result", flat=True))
    assert {"tot", "co_han_che", "co_vi_pham"} <= results
    assert Inspection.objects.filter(body__code="P-CAO-LANH").exists()
    assert Remedy.objects.exists()
    for year in (2024, 2025):
        levels = list(OrgRating.objects.filter(year=year).values_list("level", flat=True))
        assert levels.count(Level.HTXSNV) >= 1
        assert cap_allows(levels.count(Level.HTXSNV), levels.count(Level.HTTNV), DEFAULT_CAP)

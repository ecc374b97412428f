"""Permission matrix over every register page and endpoint, for each persona. The project
(pk 1) and the survey (pk 1) belong to P-CL, xa's commune."""

import datetime as dt
from decimal import Decimal

import pytest

from nghiquyet.registers.models import Allocation, Disbursement, Movement, Survey
from nghiquyet.registers.services import movement_create, project_create, survey_create
from nghiquyet.testing import Api, Page, PermissionMatrix

LOGIN = 302
ALL = {"anonymous": LOGIN, "xa": 200, "chibo": 200, "lanhdao": 200, "tinhuy": 200}
OWN = {"anonymous": LOGIN, "xa": 200, "chibo": 404, "lanhdao": 200, "tinhuy": 200}
WRITE = {"anonymous": LOGIN, "xa": 302, "chibo": 404, "lanhdao": 403, "tinhuy": 302}
# lanhdao may only read: refused (403) before the form is even shown.
WRITE_FORM = {"anonymous": LOGIN, "xa": 302, "chibo": 422, "lanhdao": 403, "tinhuy": 302}
API_WRITE = {"anonymous": 401, "xa": 200, "chibo": 404, "lanhdao": 403, "tinhuy": 200}
API_CREATE = {"anonymous": 401, "xa": 201, "chibo": 422, "lanhdao": 403, "tinhuy": 201}
COMMUNE_PK = 2

# The routes name rows by primary key (the commune is 2, the first record 1): sequences restart
# for every test, as SQLite's do after a rollback and PostgreSQL's do not.
pytestmark = pytest.mark.django_db(transaction=True, reset_sequences=True)


def api(expect):
    return {**expect, "anonymous": 401}


class TestRegisterPermissions(PermissionMatrix):
    routes = [
        Page("registers:index", expect=ALL),
        Page("registers:project_detail", args=(1,), expect=OWN),
        Page("registers:survey_detail", args=(1,), expect=OWN),
        Page(
            "registers:create_movement",
            post={
                "organisation": COMMUNE_PK,
                "name": "Hội quán Mỹ Trà",
                "kind": "mo_hinh",
                "start_date": "01/3/2019",
                "status": "dang_hoat_dong",
                "participants": "54",
            },
            expect=WRITE_FORM,
        ),
        Page(
            "registers:set_allocation",
            args=(1,),
            post={"year": "2023", "amount": "3.700,5"},
            expect=WRITE,
        ),
        Page(
            "registers:set_count",
            args=(1,),
            post={"as_of": "31/12/2024", "participants": "60"},
            expect=WRITE,
        ),
        Api("get", "/api/v1/registers/projects", expect=api(ALL)),
        Api("get", "/api/v1/registers/surveys", expect=api(ALL)),
        Api("get", "/api/v1/registers/movements", expect=api(ALL)),
        Api("get", "/api/v1/registers/summary?org=P-CL&period=2023", expect=api(OWN)),
        Api(
            "put",
            "/api/v1/registers/projects/1/disbursements",
            body={"period": "2023Q4", "amount": "12.5"},
            expect=API_WRITE,
        ),
        Api(
            "post",
            "/api/v1/registers/surveys",
            body={
                "organisation": "P-CL",
                "topic": "Dư luận sau Đại hội",
                "conducted_on": "2020-10-01",
                "forms_issued": 250,
                "forms_returned": 250,
            },
            expect=API_CREATE,
        ),
    ]

    @pytest.fixture(autouse=True)
    def rows(self, cast):
        project_create(
            actor=cast.xa,
            organisation=cast.commune,
            code="DA-1",
            name="Đường",
            plan_start=2021,
            plan_end=2025,
            total_investment=Decimal(100),
        )
        survey_create(
            actor=cast.xa,
            organisation=cast.commune,
            topic="Khảo sát",
            conducted_on=dt.date(2020, 9, 1),
            forms_issued=10,
            forms_returned=9,
        )
        movement_create(
            actor=cast.xa,
            organisation=cast.commune,
            name="Hội quán 1",
            kind="mo_hinh",
            start_date=dt.date(2019, 1, 1),
        )

    def state(self, cast):
        return (
            list(Allocation.objects.values_list("year", "amount")),
            list(Disbursement.objects.values_list("period", "amount")),
            Survey.objects.count(),
            Movement.objects.count(),
            list(Movement.objects.values_list("counts__participants", flat=True)),
        )


def test_amount_typed_the_vietnamese_way_is_saved_exactly(cast, client_for):
    from django.urls import reverse

    project_create(
        actor=cast.xa,
        organisation=cast.commune,
        code="DA-1",
        name="Đường",
        plan_start=2021,
        plan_end=2025,
        total_investment=Decimal(100),
    )
    client_for("xa").post(
        reverse("registers:set_allocation", args=[1]), {"year": "2023", "amount": "3.700,5"}
    )
    assert Allocation.objects.get().amount == Decimal("3700.5")
    bad = client_for("xa").post(
        reverse("registers:set_allocation", args=[1]), {"year": "2023", "amount": "3,7,0"}
    )
    assert bad.status_code == 422 and Allocation.objects.get().amount == Decimal("3700.5")

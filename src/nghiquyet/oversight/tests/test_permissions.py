"""Permission matrix over every oversight page and endpoint, for each persona.

P-CL (xa's commune) inspected its cell (record 1, about the organisation) and one of its
members (record 2). Member records are visible to the inspecting body and quan_tri above it:
the province's read-only leader gets 404 on record 2 but counts it in the statistics.
"""

import datetime as dt

import pytest

from nghiquyet.oversight.models import Inspection, MemberRating
from nghiquyet.oversight.services import InspectionInput, Member, inspection_create
from nghiquyet.testing import Api, Page, PermissionMatrix

LOGIN = 302
ALL = {"anonymous": LOGIN, "xa": 200, "chibo": 200, "lanhdao": 200, "tinhuy": 200}
OWN = {"anonymous": LOGIN, "xa": 200, "chibo": 404, "lanhdao": 200, "tinhuy": 200}
MEMBER = {"anonymous": LOGIN, "xa": 200, "chibo": 404, "lanhdao": 404, "tinhuy": 200}
WRITE = {"anonymous": LOGIN, "xa": 302, "chibo": 404, "lanhdao": 403, "tinhuy": 302}
# lanhdao may only read: refused (403) before the form is even shown.
WRITE_FORM = {"anonymous": LOGIN, "xa": 302, "chibo": 422, "lanhdao": 403, "tinhuy": 302}
WRITE_CODE = {"anonymous": LOGIN, "xa": 302, "chibo": 422, "lanhdao": 403, "tinhuy": 302}
COMMUNE_PK = 2  # build_cast creates the province, then the commune.

INSPECTION = {
    "body": COMMUNE_PK,
    "kind": "kiem_tra_chuyen_de",
    "subject": "P-CL-CB1",
    "content": "Kiểm tra <b>chuyên đề</b>",
    "start_date": "05/01/2025",
}
MEMBERS = {
    "organisation": "P-CL-CB1",
    "year": 2025,
    "rated": 10,
    "htxsnv": 1,
    "httnv": 8,
    "htnv": 1,
    "khtnv": 0,
}
API_INSPECTION = {
    "body": "P-CL",
    "kind": "giam_sat_chuyen_de",
    "subject": "P-CL-CB1",
    "content": "Giám sát",
    "start_date": "2025-02-01",
}

# The routes name rows by primary key (the commune is 2, the first record 1): sequences restart
# for every test, as SQLite's do after a rollback and PostgreSQL's do not.
pytestmark = pytest.mark.django_db(transaction=True, reset_sequences=True)


def api(expect):
    return {**expect, "anonymous": 401}


class TestOversightPermissions(PermissionMatrix):
    routes = [
        Page("oversight:index", expect=ALL),
        Page("oversight:ratings", expect=ALL),
        Page("oversight:detail", args=(1,), expect=OWN),
        Page("oversight:detail", args=(2,), expect=MEMBER),
        Page("oversight:create", post=INSPECTION, expect=WRITE_FORM),
        Page(
            "oversight:conclude",
            args=(1,),
            post={"result": "tot", "concluded_on": "01/02/2025"},
            expect=WRITE,
        ),
        Page("oversight:rate_members", post=MEMBERS, expect=WRITE_CODE),
        Api("get", "/api/v1/oversight/inspections", expect=api(ALL)),
        Api("get", "/api/v1/oversight/inspections/1", expect=api(OWN)),
        Api("get", "/api/v1/oversight/inspections/2", expect=api(MEMBER)),
        Api(
            "get",
            "/api/v1/oversight/statistics?org=P-CL&period=2025",
            expect=api(OWN),
        ),
        Api("get", "/api/v1/oversight/ratings?org=P-CL&year=2025", expect=api(OWN)),
        Api(
            "post",
            "/api/v1/oversight/inspections",
            body=API_INSPECTION,
            expect={"anonymous": 401, "xa": 201, "chibo": 422, "lanhdao": 403, "tinhuy": 201},
        ),
        Api(
            "put",
            "/api/v1/oversight/ratings/members",
            body=MEMBERS,
            expect={"anonymous": 401, "xa": 200, "chibo": 422, "lanhdao": 403, "tinhuy": 200},
        ),
    ]

    @pytest.fixture(autouse=True)
    def records(self, cast):
        for subject in ({"subject_org": cast.cell}, {"member": Member("Trần Thị B", cast.cell)}):
            inspection_create(
                actor=cast.xa,
                data=InspectionInput(
                    body=cast.commune,
                    kind="kiem_tra_thuong_xuyen",
                    content="Thường xuyên",
                    start_date=dt.date(2025, 1, 2),
                    **subject,
                ),
            )

    def state(self, cast):
        return (
            list(Inspection.objects.values_list("pk", "status").order_by("pk")),
            list(MemberRating.objects.values_list("organisation", "rated")),
        )


def test_statistics_count_member_records_the_reader_cannot_open(cast, client_for):
    record = inspection_create(
        actor=cast.xa,
        data=InspectionInput(
            body=cast.commune,
            kind="kiem_tra_dau_hieu_vi_pham",
            content="Dấu hiệu vi phạm",
            start_date=dt.date(2025, 3, 2),
            member=Member("Lê Văn C", cast.cell, "99.001"),
        ),
    )
    leader = client_for("lanhdao")
    data = leader.get("/api/v1/oversight/statistics?org=P-CL&period=2025").json()
    assert data["members"] == {
        "records": 1,
        "distinct": 1,
        "by_body": [{"code": "P-CL", "records": 1}],
    }
    assert leader.get(f"/api/v1/oversight/inspections/{record.pk}").status_code == 404
    listed = leader.get("/api/v1/oversight/inspections").content.decode()
    assert "Lê Văn C" not in listed


def test_pages_show_only_allowed_forms(cast, client_for):
    from django.urls import reverse

    inspection_create(
        actor=cast.xa,
        data=InspectionInput(
            body=cast.commune,
            kind="kiem_tra_thuong_xuyen",
            content="Thường xuyên",
            start_date=dt.date(2025, 1, 2),
            subject_org=cast.cell,
        ),
    )
    url = reverse("oversight:detail", args=[1])
    assert "Ghi kết luận" in client_for("xa").get(url).content.decode()
    assert "Ghi kết luận" not in client_for("lanhdao").get(url).content.decode()
    ratings = client_for("lanhdao").get(reverse("oversight:ratings")).content.decode()
    assert "Kết quả xếp loại đảng viên" not in ratings


def test_html_in_free_text_is_escaped(cast, client_for):
    from django.urls import reverse

    client_for("xa").post(reverse("oversight:create"), INSPECTION)
    page = client_for("xa").get(reverse("oversight:detail", args=[1])).content.decode()
    assert "Kiểm tra &lt;b&gt;chuyên đề&lt;/b&gt;" in page

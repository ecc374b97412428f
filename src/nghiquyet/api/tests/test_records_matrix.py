"""Permission matrix for the routes that name a record beyond a document or a task: a
consultation and its comments, an attachment, a sent report, an extension request, a report
draft, a study session, an inspection, a movement, a project, ratings and caps (issue 8, route
coverage). The rows are seeded in both communes through the services (api/tests/seed.py).

xa enters data for P-CL, chibo for X-MH-CB1 (the other commune's cell); lanhdao reads the whole
province; tinhuy administers it. A key without prefix (``{draft}``) is P-CL's row, ``other_`` is
X-MH's. Every refused write leaves the audit log as it was; every accepted one adds to it.
"""

from nghiquyet.api.tests.seed import PDF, seed_records
from nghiquyet.audit.models import AuditEntry
from nghiquyet.testing import Api, Page, PermissionMatrix

LOGIN = 302
SAVED = 302  # a web form that saved redirects to the record
# Reads of a P-CL row: xa and the province see it, chibo (the other commune) does not.
PAGE_OWN = {"anonymous": LOGIN, "xa": 200, "chibo": 404, "lanhdao": 200, "tinhuy": 200}
API_OWN = {**PAGE_OWN, "anonymous": 401}
# An X-MH row seen by X-MH's own level and the province, not by xa nor by X-MH's cells.
PAGE_OTHER = {**PAGE_OWN, "xa": 404}
API_OTHER = {**PAGE_OTHER, "anonymous": 401}
# X-MH's consultation was sent to X-MH-CB1: chibo is asked, so it sees it.
PAGE_ASKED = {**PAGE_OTHER, "chibo": 200}
API_ASKED = {**PAGE_ASKED, "anonymous": 401}
# A list filtered by a unit outside the persona's scope answers an empty list (see the test
# below), never the unit's rows.
API_LIST = {**API_OWN, "chibo": 200}
API_ANY = {"anonymous": 401, "xa": 200, "chibo": 200, "lanhdao": 200, "tinhuy": 200}
# Writes of P-CL's rows by its data-entry user: chibo is outside, lanhdao only reads.
API_ENTRY = {"anonymous": 401, "xa": 200, "chibo": 404, "lanhdao": 403, "tinhuy": 200}
API_ENTRY_201 = {**API_ENTRY, "xa": 201, "tinhuy": 201}
# A unit named in the body outside the persona's scope is a field error (422, "Không tìm thấy
# đơn vị … trong phạm vi của bạn"), like a create form whose unit list lacks it.
API_BODY = {**API_ENTRY, "chibo": 422}
API_BODY_201 = {**API_BODY, "xa": 201, "tinhuy": 201}
# Decisions of P-CL's superior (approve a report, grant an exception, set a cap): tinhuy only.
API_APPROVE = {"anonymous": 401, "xa": 403, "chibo": 404, "lanhdao": 403, "tinhuy": 200}
PAGE_ENTRY = {"anonymous": LOGIN, "xa": SAVED, "chibo": 404, "lanhdao": 403, "tinhuy": SAVED}
PAGE_CREATE = {**PAGE_ENTRY, "chibo": 422}  # P-CL is not among chibo's units

FUTURE = "2099-01-15"
GRID = "/api/v1/reporting/submissions/{form}/P-CL/2025Q3"
VALUE = {"indicator": "KN-DV", "org": "P-CL", "period": "2025", "value": "4"}
SESSION = {
    "organisation": "P-CL",
    "title": "Học tập Nghị quyết",
    "documents": ["{doc}"],
    "start_date": "2025-10-01",
    "format": "truc_tiep",
}
PLAN = {
    "document": "{doc}",
    "organisation": "P-CL",
    "classes": 1,
    "groups": ["dang_vien"],
    "deadline": FUTURE,
}
MOVEMENT = {
    "organisation": "P-CL",
    "name": "Khu dân cư kiểu mẫu",
    "kind": "mo_hinh",
    "start_date": "2025-09-01",
}
PROJECT = {
    "organisation": "P-CL",
    "code": "DA-9",
    "name": "Trường học",
    "plan_start": 2026,
    "plan_end": 2030,
    "total_investment": "50",
}
SURVEY = {
    "organisation": "{commune_pk}",
    "topic": "Học tập nghị quyết",
    "conducted_on": "01/12/2025",
    "forms_issued": "100",
    "forms_returned": "90",
}
RATING = {"organisation": "P-CL-CB1", "year": 2025, "score": "80"}
NOTE = {"note": "Ý kiến"}


class TestRecordsMatrix(PermissionMatrix):
    routes = [
        # Documents: consultation, comment, attachment, header prefill, citation parsing.
        Page("documents:consultation", args=("{consultation}",), expect=PAGE_OWN),
        Page("documents:consultation", args=("{other_consultation}",), expect=PAGE_ASKED),
        Api("get", "/api/v1/documents/consultations/{consultation}", expect=API_OWN),
        Api("get", "/api/v1/documents/consultations/{other_consultation}", expect=API_ASKED),
        Api(
            "post",
            "/api/v1/documents/consultations/{consultation}/comments",
            body={"text": "Đồng ý"},
            expect={**API_ENTRY_201, "tinhuy": 403},  # only those asked may comment
        ),
        Page("documents:download", args=("{attachment}",), expect=PAGE_OWN),
        Api(
            "get",
            "/api/v1/documents/attachments/{attachment}",
            expect=API_OWN,
            returns="application/pdf",
        ),
        Api(
            "post",
            "/api/v1/documents/{doc}/attachments",
            upload=("file", "bien-ban.pdf", PDF),
            expect={**API_ENTRY_201, "lanhdao": 404},  # a document one may not edit
        ),
        # Tasks: P-CL's pending extension request, decided by P-CL (the assigning unit).
        *(
            Page(
                f"tasks:extension_{verdict}",
                args=("{task}", "{extension}"),
                post=NOTE,
                expect=PAGE_ENTRY,
            )
            for verdict in ("approve", "refuse")
        ),
        *(
            Api(
                "post",
                f"/api/v1/tasks/{{task}}/extensions/{{extension}}/{verdict}",
                body=NOTE,
                expect=API_ENTRY,
            )
            for verdict in ("approve", "refuse")
        ),
        # Reporting: P-CL's sent 2025Q3 report, its cells, exceptions and reminders.
        Api("get", GRID, expect=API_OWN),
        Api("post", f"{GRID}/approve", expect=API_APPROVE),
        Api("post", f"{GRID}/return", body={"reason": "Thiếu số liệu"}, expect=API_APPROVE),
        # The report is sent, not approved: tinhuy passes the role check and meets the 409.
        Api(
            "post",
            f"{GRID}/unlock",
            body={"reason": "Sửa số liệu"},
            expect={**API_APPROVE, "tinhuy": 409},
        ),
        Api(
            "post",
            "/api/v1/reporting/submissions/{form}/P-CL/2025Q2/values",  # a draft, not sent
            body={"entries": {"KN-DV": {"value": "3"}}},
            expect=API_ENTRY,
        ),
        Api(
            "post",
            "/api/v1/reporting/lock-exceptions",
            body={"organisation": "P-CL", "period": "2025Q3", "until": FUTURE, "reason": "Trễ"},
            expect={**API_APPROVE, "tinhuy": 201},
        ),
        Api(
            "post",
            "/api/v1/reporting/forms/{form}/reminders",
            body={"organisation": "T-DT", "period": "2025Q4"},  # no commune has sent 2025Q4
            expect={**API_APPROVE, "xa": 404},  # the province is outside xa's scope
        ),
        # Indicators: P-CL's values; targets are set by a superior, not by xa.
        Api("put", "/api/v1/indicators/values", body=VALUE, expect=API_BODY),
        Api("post", "/api/v1/indicators/values/bulk", body={"rows": [VALUE]}, expect=API_BODY),
        Api(
            "put",
            "/api/v1/indicators/targets",
            body={**VALUE, "text": "10"},
            expect={**API_BODY, "xa": 403},
        ),
        # Dissemination: P-CL's study session and plans.
        Page("dissemination:detail", args=("{session}",), expect=PAGE_OWN),
        Page("dissemination:detail", args=("{other_session}",), expect=PAGE_OTHER),
        Api("get", "/api/v1/dissemination/sessions/{session}", expect=API_OWN),
        Api("get", "/api/v1/dissemination/sessions/{other_session}", expect=API_OTHER),
        Page(
            "dissemination:record_point",
            args=("{session}",),
            post={"point": "{commune_pk}", "group": "dang_vien", "expected": "20", "actual": "18"},
            expect=PAGE_ENTRY,
        ),
        Api(
            "put",
            "/api/v1/dissemination/sessions/{session}/attendance",
            body={"point": "P-CL", "group": "dang_vien", "expected": 20, "actual": 18},
            expect=API_ENTRY,
        ),
        Api("post", "/api/v1/dissemination/sessions", body=SESSION, expect=API_BODY_201),
        Api("post", "/api/v1/dissemination/plans", body=PLAN, expect=API_BODY_201),
        # Report drafts: P-CL's 2025 report.
        Page("exports:detail", args=("{draft}",), expect=PAGE_OWN),
        Page("exports:download", args=("{draft}", "docx"), expect=PAGE_OWN),
        Api("get", "/api/v1/exports/drafts/{draft}", expect=API_OWN),
        Api("get", "/api/v1/exports/drafts/{other_draft}", expect=API_OTHER),
        Api(
            "get",
            "/api/v1/exports/drafts/{draft}/file",
            expect=API_OWN,
            returns="application/vnd.openxmlformats",
        ),
        Api(
            "post",
            "/api/v1/exports/drafts",
            body={"organisation": "P-CL", "period": "2025Q3"},
            expect=API_BODY_201,
        ),
        Api(
            "post",
            "/api/v1/exports/drafts/{draft}/versions",
            body={"directions": "Tiếp tục"},
            expect=API_ENTRY_201,
        ),
        # Oversight: programmes, a conclusion, ratings and caps.
        *(
            Api("get", f"/api/v1/oversight/{tail}?org=P-CL", expect=API_LIST)
            for tail in ("programmes", "ratings/members", "ratings/organisations")
        ),
        Api(
            "post",
            "/api/v1/oversight/programmes",
            body={"organisation": "P-CL", "year": 2026, "title": "Chương trình 2026"},
            expect=API_BODY_201,
        ),
        Page(
            "oversight:create_programme",
            post={"organisation": "{commune_pk}", "year": "2026", "title": "Chương trình 2026"},
            expect=PAGE_CREATE,
        ),
        Api(
            "post",
            "/api/v1/oversight/inspections/{inspection}/conclusion",
            body={"result": "tot", "concluded_on": "2025-12-01"},
            expect=API_ENTRY,
        ),
        Api("put", "/api/v1/oversight/ratings/organisations", body=RATING, expect=API_BODY),
        Page("oversight:rate_organisation", post=RATING, expect=PAGE_CREATE),
        Api(
            "put",
            "/api/v1/oversight/caps",
            body={"organisation": "P-CL", "percent": "20"},
            expect={**API_APPROVE, "chibo": 422},
        ),
        Page(
            "oversight:set_cap",
            post={"organisation": "P-CL", "percent": "20"},
            expect={**PAGE_CREATE, "xa": 403},
        ),
        # Registers: P-CL's movement and project.
        Api("post", "/api/v1/registers/movements", body=MOVEMENT, expect=API_BODY_201),
        Api(
            "put",
            "/api/v1/registers/movements/{movement}/counts",
            body={"as_of": "2025-12-01", "participants": 12},
            expect=API_ENTRY,
        ),
        Api("post", "/api/v1/registers/projects", body=PROJECT, expect=API_BODY_201),
        Api(
            "put",
            "/api/v1/registers/projects/{project}/allocations",
            body={"year": 2026, "amount": "10"},
            expect=API_ENTRY,
        ),
        Page(
            "registers:create_project",
            post={**PROJECT, "organisation": "{commune_pk}"},
            expect=PAGE_CREATE,
        ),
        Page("registers:create_survey", post=SURVEY, expect=PAGE_CREATE),
        Page(
            "registers:set_disbursement",
            args=("{project}",),
            post={"period": "Quý 2/2026", "amount": "1"},
            expect=PAGE_ENTRY,
        ),
    ]

    def keys(self, cast):
        return seed_records(cast)

    def state(self, cast):
        return AuditEntry.objects.count()


class TestCheckOnlyMatrix(PermissionMatrix):
    """POSTs that read what was typed (a report row, a document header, a citation) and save
    nothing: no state to compare."""

    routes = [
        Page(
            "documents:prefill",
            post={"header": "ĐẢNG ỦY PHƯỜNG CAO LÃNH\nSố 01-KH/ĐU"},
            expect={"anonymous": LOGIN, "xa": 200, "chibo": 200, "lanhdao": 200, "tinhuy": 200},
        ),
        Api(
            "post",
            "/api/v1/documents/citations/parse",
            body={"text": "Nghị quyết số 01-NQ/TU"},
            expect=API_ANY,
        ),
        Page(
            "reporting:cell",
            args=("{form}", "P-CL", "2025Q3", "{indicator_pk}"),
            post={"value-{indicator_pk}": "3"},
            expect=PAGE_OWN,  # checks a typed row and saves nothing
        ),
    ]

    def keys(self, cast):
        return seed_records(cast)


def test_a_list_filtered_by_another_communes_unit_is_empty(cast, client_for):
    """The oversight lists answer 200 to chibo for P-CL, but with none of P-CL's rows."""
    seed_records(cast)
    path = "/api/v1/oversight/programmes?org=P-CL"
    assert len(client_for("xa").get(path).json()) == 1
    assert client_for("chibo").get(path).json() == []

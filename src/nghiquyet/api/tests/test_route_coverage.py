"""Route coverage (issue 8): every page and API operation that reads or writes organisation data
is in a permission matrix, so each is proven to refuse a persona outside its subtree.

The routes come from the URLconf and the OpenAPI spec themselves, so a route added later without
a matrix entry fails here. The few routes that touch no organisation's data are listed in
``NO_ORGANISATION_DATA`` with the reason.
"""

import importlib
import pkgutil
from pathlib import Path

import nghiquyet
from nghiquyet.api.api import api
from nghiquyet.api.tests.seed import seed_both_communes
from nghiquyet.audit.models import AuditEntry
from nghiquyet.testing import (
    PERSONAS,
    Api,
    Page,
    PermissionMatrix,
    covered_routes,
    route_operation,
    web_route_names,
)

NO_ORGANISATION_DATA = {
    "web:login": "the sign-in form",
    "web:logout": "signs the visitor out",
    "set_language": "stores the interface language in the session",
    "api:openapi-json": "the API's description (login required outside DEBUG, api/tests)",
    "api:openapi-view": "the API's documentation page (same guard)",
    "api:api-root": "ninja's root, answers 404",
    "accounts:profile": "the user's own account and API keys, no unit's data",
    "accounts:revoke_token": "revokes one of the user's own API keys (another's is 404)",
    "GET /api/v1/me/": "the signed-in user's own memberships",
    "GET /api/v1/me/tokens": "the user's own API keys",
    "POST /api/v1/me/tokens": "issues an API key to the user",
    "DELETE /api/v1/me/tokens/{token_id}": "revokes one of the user's own keys",
    "indicators:<nhap-excel/>": "an old address, redirects to web:workbook_upload",
    "jobs:import_job": "the user's own background import (another's is 404, jobs/tests)",
}
# Routes not yet in a matrix. The list may only shrink: a route added to a matrix must leave
# it, and a new route must not join it. Every route that existed when it was introduced is now
# covered (test_records_matrix.py covers the last 52).
NOT_YET_IN_A_MATRIX: set[str] = set()
ADMIN_PREFIX = "admin:"  # Django's admin: superusers only, outside the units' scoping.


def api_operations() -> list[str]:
    """Every operation of the OpenAPI spec, as ``METHOD /api/v1/path/{param}``."""
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return [
        f"{method.upper()} {path}"
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def _load_matrices() -> None:
    """Import every test module that declares a permission matrix, so it registers itself."""
    root = Path(nghiquyet.__file__).parent
    for app in sorted(p.parent.parent.name for p in root.glob("*/tests/__init__.py")):
        package = importlib.import_module(f"nghiquyet.{app}.tests")
        for info in pkgutil.iter_modules(package.__path__):
            source = Path(package.__path__[0], f"{info.name}.py")
            if source.exists() and "(PermissionMatrix)" in source.read_text(encoding="utf-8"):
                importlib.import_module(f"nghiquyet.{app}.tests.{info.name}")


def _routes() -> list[str]:
    web = [name for name in web_route_names() if not name.startswith(ADMIN_PREFIX)]
    return sorted({*web, *api_operations()})


def _coverage() -> tuple[list[str], dict[str, set[str]]]:
    _load_matrices()
    operations = api_operations()
    return _routes(), covered_routes(operations)


def test_every_route_with_organisation_data_is_in_a_permission_matrix():
    routes, covered = _coverage()
    guarded = [route for route in routes if route not in NO_ORGANISATION_DATA]
    missing = [r for r in guarded if r not in covered and r not in NOT_YET_IN_A_MATRIX]
    assert not missing, f"{len(missing)} routes are in no permission matrix:\n" + "\n".join(missing)
    print(f"{len(routes)} routes, {len(guarded)} with organisation data, {len(covered)} covered")


def test_the_not_yet_covered_list_only_shrinks():
    routes, covered = _coverage()
    stale = sorted(r for r in NOT_YET_IN_A_MATRIX if r in covered or r not in routes)
    assert not stale, f"remove from NOT_YET_IN_A_MATRIX: {stale}"


def test_every_matrix_entry_names_a_real_route():
    _load_matrices()
    operations = api_operations()
    names = set(web_route_names())
    unknown = [
        route.id
        for matrix in PermissionMatrix.declared
        for route in matrix.routes
        if route_operation(route, operations) not in names | set(operations)
    ]
    assert not unknown


def test_the_allow_list_names_only_existing_routes():
    assert set(NO_ORGANISATION_DATA) <= set(web_route_names()) | set(api_operations())


def test_each_route_is_tried_by_a_persona_outside_the_subtree():
    """Coverage is not a mention: every covered route is tried by chibo or xa (each outside
    the other's commune) or by the anonymous visitor at least."""
    routes, covered = _coverage()
    weak = [r for r, who in covered.items() if r in routes and not who & {"xa", "chibo"}]
    assert not weak, weak
    assert set().union(*covered.values()) <= set(PERSONAS)


# --- The matrix for the routes no app's matrix covers --------------------------------------------
# xa enters data for P-CL, chibo for X-MH-CB1 (under X-MH); lanhdao reads the whole province.
# "{doc}", "{task}" are P-CL's rows, "{other_doc}", "{other_task}" X-MH's (api/tests/seed.py).

LOGIN = 302
PAGE_ALL = {"anonymous": LOGIN, "xa": 200, "chibo": 200, "lanhdao": 200, "tinhuy": 200}
PAGE_OWN = {"anonymous": LOGIN, "xa": 200, "chibo": 404, "lanhdao": 200, "tinhuy": 200}
PAGE_OTHER = {"anonymous": LOGIN, "xa": 404, "chibo": 200, "lanhdao": 200, "tinhuy": 200}
PAGE_WRITE = {"anonymous": LOGIN, "chibo": 404, "lanhdao": 403}
API_ALL = {**PAGE_ALL, "anonymous": 401}
API_OWN = {**PAGE_OWN, "anonymous": 401}
API_OTHER = {**PAGE_OTHER, "anonymous": 401}
API_WRITE = {"anonymous": 401, "chibo": 404, "lanhdao": 403}
API_WRITE_404 = {"anonymous": 401, "chibo": 404, "lanhdao": 404}
REFUSED_404 = {"anonymous": LOGIN, "chibo": 404, "lanhdao": 404}
MANAGERS_ONLY = {"anonymous": LOGIN, "xa": 403, "chibo": 403, "lanhdao": 403, "tinhuy": 200}
MANAGERS_ONLY_404 = {"anonymous": LOGIN, "xa": 404, "chibo": 404, "lanhdao": 404, "tinhuy": 200}
NEW_CELL = {"code": "P-CL-CB9", "name": "Chi bộ 9", "kind": "chi_bo_co_so", "parent": "P-CL"}
NEW_DOC = {"organisation": "P-CL", "doc_type": "ke_hoach", "title": "Kế hoạch"}
TASK = {
    "code": "NV-P-CL",
    "title": "Nhiệm vụ",
    "assigning": "P-CL",
    "lead": "P-CL",
    "start_date": "2025-09-01",
}
DOCUMENT_WRITES = [
    ("issue", {"issue_date": "2025-12-01"}),
    ("relations", {"kind": "cu_the_hoa", "citation": "Nghị quyết số 01-NQ/TU"}),
    ("requirements", {"action": "Báo cáo", "rule": "mot_lan", "deadline": "2026-01-15"}),
    ("consultations", {"deadline": "2026-01-15"}),
]
REFUSED_403 = {"anonymous": LOGIN, "xa": 403, "chibo": 403, "lanhdao": 403}
API_DEFINE = {"anonymous": 401, "chibo": 403, "lanhdao": 403}
API_WRITE_403 = {"anonymous": 401, "xa": 403, "chibo": 403, "lanhdao": 403}
GRID = ("{form}", "P-CL", "2025Q3")
NEW_INDICATOR = {"code": "MOI", "name": "Mới", "field_group": "xay_dung_dang", "kind": "so_luong"}
VALUE = {"indicator": "KN-DV", "organisation": "P-CL", "period": "2025", "value": "1"}
TARGET = {"indicator": "KN-DV", "organisation": "P-CL", "period": "2025", "value": "10"}
NEW_FORM = {
    "code": "BC-MOI",
    "name": "Mới",
    "owner": "P-CL",
    "period_type": "quy",
    "indicators": ["KN-DV"],
}
SUBMISSION_STEPS = [
    ("submit", {}),
]
LOCK_EXCEPTION = {"form": "BC-QUY", "organisation": "P-CL", "period": "2025Q3", "reason": "Trễ"}
SESSION = {
    "organisation": "P-CL",
    "title": "Học tập Nghị quyết",
    "documents": [1],
    "start_date": "2025-10-01",
    "format": "truc_tiep",
}
PLAN = {
    "document": 1,
    "organisation": "P-CL",
    "classes": 1,
    "groups": ["dang_vien"],
    "deadline": "2026-01-01",
}
TASK_WRITES = [
    ("progress", {"percent": 50, "text": "Đang làm"}, API_WRITE),
    ("complete", {}, API_WRITE),
    ("complete-by-document", {"document": "{doc}"}, API_WRITE),
    ("confirm", {}, API_WRITE),
    ("return", {}, API_WRITE),
    ("extensions", {"new_date": "2026-09-30", "reason": "Chờ kinh phí"}, API_WRITE),
    ("comments", {"text": "Ý kiến"}, API_WRITE),
]


def _pages(expect, *names, args=()):
    return [Page(name, args=args, expect=expect) for name in names]


def _posts(expect, *names, args=(), data=None):
    return [Page(name, args=args, post=data or {"x": "1"}, expect=expect) for name in names]


class TestRouteCoverageMatrix(PermissionMatrix):
    """Reads of P-CL's rows are refused (404) to chibo and X-MH's to xa; writes of P-CL's rows
    are refused to chibo (404) and to the read-only lanhdao (403/404, or 422 where a web form
    checks its input first), and change nothing."""

    routes = [
        # Units, accounts, the home page.
        *_pages(PAGE_ALL, "web:home", "web:search_orgs", "orgs:tree"),
        Page("web:workbook_upload", expect=MANAGERS_ONLY),
        Page("web:switch_org", post={"org": "X-MH"}, expect={"anonymous": LOGIN, "xa": 404}),
        Page("accounts:members", args=("P-CL",), expect=MANAGERS_ONLY_404),
        *_posts(REFUSED_404, "accounts:unlock_login", args=("P-CL",)),
        *_posts(REFUSED_404, "accounts:revoke_membership", args=(2,)),
        Api("get", "/api/v1/orgs/?root=P-CL", expect=API_OWN),
        Api("post", "/api/v1/orgs/", body=NEW_CELL, expect={**API_WRITE, "chibo": 422}),
        # Documents: P-CL's register.
        *_pages(PAGE_ALL, "documents:index", "documents:suggest_number"),
        Page("documents:create", expect={**PAGE_ALL, "lanhdao": 403}),
        *_pages(
            PAGE_OWN,
            "documents:detail",
            "documents:cascade",
            "documents:branch",
            "documents:matrix",
            args=("{doc}",),
        ),
        Page("documents:detail", args=("{other_doc}",), expect=PAGE_OTHER),
        *_posts(
            REFUSED_404,
            "documents:edit",
            "documents:issue",
            "documents:add_relation",
            "documents:upload",
            "documents:add_requirement",
            "documents:open_consultation",
            args=("{doc}",),
        ),
        Api("get", "/api/v1/documents/", expect=API_ALL),
        Api(
            "get",
            "/api/v1/documents/next-number?organisation=P-CL&type_code=KH",
            expect={**API_OWN, "lanhdao": 404},  # numbering is for those who register
        ),
        *(
            Api("get", f"/api/v1/documents/{{doc}}{tail}", expect=API_OWN)
            for tail in ("", "/cascade", "/matrix")
        ),
        Api("get", "/api/v1/documents/{other_doc}", expect=API_OTHER),
        Api("patch", "/api/v1/documents/{doc}", body={"title": "Sửa"}, expect=API_WRITE_404),
        *(
            Api("post", f"/api/v1/documents/{{doc}}/{tail}", body=body, expect=API_WRITE_404)
            for tail, body in DOCUMENT_WRITES
        ),
        Api("post", "/api/v1/documents/", body=NEW_DOC, expect={**API_WRITE, "chibo": 422}),
        # Tasks: P-CL's task; chibo sees only its own cell's, lanhdao the province's.
        *_pages(PAGE_ALL, "tasks:index", "tasks:statistics"),
        Page("tasks:create", expect={**PAGE_ALL, "lanhdao": 403}),
        Page("tasks:board", args=("{doc}",), expect=PAGE_OWN),
        Page("tasks:detail", args=("{task}",), expect=PAGE_OWN),
        Page("tasks:detail", args=("{other_task}",), expect={**PAGE_OWN, "xa": 404}),
        Page("tasks:edit", args=("{task}",), post={"x": "1"}, expect=PAGE_WRITE),
        *_posts(
            {**REFUSED_404, "lanhdao": 422},
            "tasks:progress",
            "tasks:complete",
            "tasks:confirm",
            "tasks:return",
            "tasks:extension",
            "tasks:comment",
            args=("{task}",),
        ),
        Api("get", "/api/v1/tasks?lead=P-CL", expect=API_OWN),
        Api("get", "/api/v1/tasks/statistics?org=P-CL&period=2025", expect=API_OWN),
        *(
            Api("get", f"/api/v1/tasks/{{task}}{tail}", expect=API_OWN)
            for tail in ("", "/comments")
        ),
        Api("get", "/api/v1/tasks/{other_task}", expect={**API_OWN, "xa": 404}),
        Api("put", "/api/v1/tasks/{task}", body=TASK, expect=API_WRITE),
        *(
            Api("post", f"/api/v1/tasks/{{task}}/{tail}", body=body, expect=expect)
            for tail, body, expect in TASK_WRITES
        ),
        Api(
            "post",
            "/api/v1/tasks",
            body={**TASK, "code": "NV-9"},
            expect={**API_WRITE, "chibo": 422},
        ),
        # Indicators: the province's indicator; values, targets and reports of P-CL.
        *_pages(PAGE_ALL, "indicators:index", "indicators:dashboard"),
        Page("indicators:detail", args=("{indicator}",), expect=PAGE_ALL),
        *_pages(MANAGERS_ONLY, "indicators:create"),
        *_posts(REFUSED_403, "indicators:edit", "indicators:set_target", args=("{indicator}",)),
        *(
            Api("get", f"/api/v1/indicators/{tail}", expect=API_OWN)
            for tail in ("values?org=P-CL", "targets?org=P-CL", "report?org=P-CL&period=2025")
        ),
        Api("get", "/api/v1/indicators/", expect=API_ALL),
        Api("get", "/api/v1/indicators/{indicator}", expect=API_ALL),
        Api("patch", "/api/v1/indicators/{indicator}", body={"name": "Mới"}, expect=API_DEFINE),
        Api("post", "/api/v1/indicators/", body=NEW_INDICATOR, expect=API_WRITE_403),
        # Reporting: the province's quarterly form, P-CL's report for 2025Q3.
        *_pages(PAGE_ALL, "reporting:index"),
        Page("reporting:form", args=("{form}",), expect=PAGE_ALL),
        *_pages(MANAGERS_ONLY, "reporting:create_form"),
        *_posts(REFUSED_403, "reporting:edit_form", "reporting:remind", args=("{form}",)),
        *_pages(PAGE_OWN, "reporting:grid", "reporting:template", args=GRID),
        Page("reporting:upload", args=GRID, post={}, expect={**REFUSED_404, "lanhdao": 422}),
        Page(
            "reporting:lock_exception",
            args=GRID,
            post={"reason": "Trễ hạn", "until": "31/12/2025"},
            expect={**REFUSED_404, "lanhdao": 403},
        ),
        Page("reporting:decide", args=(*GRID, "nop"), post={}, expect=REFUSED_404),
        Api("get", "/api/v1/reporting/forms", expect=API_ALL),
        Api("get", "/api/v1/reporting/forms/{form}", expect=API_ALL),
        Api(
            "get",
            "/api/v1/reporting/forms/{form}/completeness?org=P-CL&period=2025Q3",
            expect=API_OWN,
        ),
        Api(
            "get",
            "/api/v1/reporting/submissions?form={form}&period=2025Q3&org=P-CL",
            expect=API_OWN,
        ),
        *(
            Api(
                "post",
                f"/api/v1/reporting/submissions/{{form}}/P-CL/2025Q3/{step}",
                body=body,
                expect=API_WRITE,
            )
            for step, body in SUBMISSION_STEPS
        ),
        Api("patch", "/api/v1/reporting/forms/{form}", body={"name": "Mới"}, expect=API_WRITE_403),
        Api(
            "post", "/api/v1/reporting/forms", body=NEW_FORM, expect={**API_WRITE_403, "chibo": 404}
        ),
        # Dissemination and report exports: lists by unit.
        *_pages(PAGE_ALL, "dissemination:index", "dissemination:coverage", "exports:index"),
        *_pages({**PAGE_ALL, "lanhdao": 403}, "dissemination:create", "dissemination:create_plan"),
        Api("get", "/api/v1/dissemination/coverage?org=P-CL", expect=API_OWN),
        Api("get", "/api/v1/exports/drafts?org=P-CL", expect=API_OWN),
        Api("get", "/api/v1/dissemination/sessions", expect=API_ALL),
        Api("get", "/api/v1/dissemination/plans", expect=API_ALL),
    ]

    def keys(self, cast):
        return seed_both_communes(cast)

    def state(self, cast):
        return AuditEntry.objects.count()

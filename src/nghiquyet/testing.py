"""The test cast (STYLE.md §9), built through the real services like the demo.

One province with two communes, each with a cell; a province office admin (tinhuy), a commune
data-entry user (xa), a data-entry user of a cell in the other commune (chibo), a read-only
province leader (lanhdao) and the anonymous visitor.

``PermissionMatrix`` turns an app's table of routes and expected statuses per persona into one
test per route and persona (STYLE.md §9).
"""

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, ClassVar

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from nghiquyet.access.roles import Role
from nghiquyet.accounts.services import membership_grant
from nghiquyet.orgs.models import Organisation, OrgKind
from nghiquyet.orgs.services import org_create

if TYPE_CHECKING:
    # What the test client returns, as django-stubs names it (it has ``json()``).
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

PASSWORD = "mat-khau-kiem-thu"


@dataclass
class Cast:
    root: User
    province: Organisation
    commune: Organisation
    cell: Organisation
    other_commune: Organisation
    other_cell: Organisation
    tinhuy: User
    xa: User
    chibo: User
    lanhdao: User
    anonymous: AnonymousUser = field(default_factory=AnonymousUser)

    def persona(self, name: str) -> User | AnonymousUser:
        return getattr(self, name)


PERSONAS = ("anonymous", "xa", "chibo", "lanhdao", "tinhuy")


def build_cast() -> Cast:
    root = User.objects.create_superuser("root", password=PASSWORD)
    since = dt.date(2025, 7, 1)

    def org(
        code: str, name: str, kind: str, parent: Organisation | None, place: str = ""
    ) -> Organisation:
        return org_create(
            actor=root,
            code=code,
            name=name,
            kind=kind,
            parent=parent,
            valid_from=since,
            body_code="ĐU",
            place_name=place,
        )

    province = org("T-DT", "Tỉnh ủy Đồng Tháp", OrgKind.TINH_UY, None, "Đồng Tháp")
    commune = org("P-CL", "Đảng ủy phường Cao Lãnh", OrgKind.DANG_UY_XA, province, "Cao Lãnh")
    cell = org("P-CL-CB1", "Chi bộ Khóm 1", OrgKind.CHI_BO_CO_SO, commune)
    other_commune = org("X-MH", "Đảng ủy xã Mỹ Hiệp", OrgKind.DANG_UY_XA, province, "Mỹ Hiệp")
    other_cell = org("X-MH-CB1", "Chi bộ Ấp 1", OrgKind.CHI_BO_CO_SO, other_commune)

    def user(username: str, scope: Organisation, role: str) -> User:
        u = User.objects.create_user(username, password=PASSWORD)
        membership_grant(actor=root, user=u, organisation=scope, role=role)
        return u

    return Cast(
        root=root,
        province=province,
        commune=commune,
        cell=cell,
        other_commune=other_commune,
        other_cell=other_cell,
        tinhuy=user("tinhuy", province, Role.QUAN_TRI),
        xa=user("xa", commune, Role.NHAP_LIEU),
        chibo=user("chibo", other_cell, Role.NHAP_LIEU),
        lanhdao=user("lanhdao", province, Role.XEM),
    )


# --- Permission matrices -----------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """A web page of a permission matrix: a URL name and its arguments, posted as a form if
    ``post`` is given, and the status each persona gets.

    A persona left out of ``expect`` is not tested on this route. An anonymous visitor's
    expected 302 must be a redirect to the login page.
    """

    name: str
    args: tuple[Any, ...] = ()
    post: Mapping[str, Any] | None = None
    expect: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_personas(self.id, self.expect)

    @property
    def id(self) -> str:
        return " ".join(["POST" if self.writes else "GET", self.name, *map(str, self.args)])

    @property
    def writes(self) -> bool:
        return self.post is not None

    def resolved(self, keys: Mapping[str, Any]) -> "Page":
        """This page with each ``"{name}"`` argument or posted value replaced by
        ``keys[name]``."""
        if not keys:
            return self
        args = tuple(_fill(arg, keys) for arg in self.args)
        if self.post is None:
            return replace(self, args=args)
        return replace(self, args=args, post={k: _fill(v, keys) for k, v in self.post.items()})

    def send(self, client: Client) -> "Response":
        url = reverse(self.name, args=self.args)
        return client.post(url, self.post) if self.post is not None else client.get(url)

    def check(self, response: "Response", persona: str) -> None:
        if persona == "anonymous" and response.status_code == 302:
            _expect(
                refused(response), f"redirects to {response['Location']}, not to the login page"
            )


@dataclass(frozen=True)
class Api:
    """An API endpoint of a permission matrix: a method and a path, with a JSON ``body`` for
    writes, and the status each persona gets.

    Every refusal must be JSON with a ``detail`` message, and so must every other answer
    unless ``returns`` names the content type it starts with (a file). ``upload`` sends the
    ``body`` fields and one file, ``(field, filename, bytes)``, as a multipart form instead.
    """

    method: str
    path: str
    body: Mapping[str, Any] | None = None
    expect: Mapping[str, int] = field(default_factory=dict)
    upload: tuple[str, str, bytes] | None = None
    returns: str = "application/json"

    def __post_init__(self) -> None:
        _check_personas(self.id, self.expect)

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def writes(self) -> bool:
        return self.method.lower() != "get"

    def resolved(self, keys: Mapping[str, Any]) -> "Api":
        """This endpoint with each ``{name}`` of its path, and each ``"{name}"`` key or value
        of its body (at any depth), replaced by ``keys[name]``."""
        if not keys:
            return self
        return replace(self, path=self.path.format_map(keys), body=_fill_deep(self.body, keys))

    def send(self, client: Client) -> "Response":
        call = getattr(client, self.method.lower())
        if self.upload is not None:
            name, filename, data = self.upload
            return call(self.path, {**(self.body or {}), name: SimpleUploadedFile(filename, data)})
        if self.body is None:
            return call(self.path)
        return call(self.path, json.dumps(self.body), content_type="application/json")

    def check(self, response: "Response", persona: str) -> None:
        accepted = response.status_code < 400
        wanted = self.returns if accepted else "application/json"
        _expect(response["Content-Type"].startswith(wanted), f"answers no {wanted}")
        if not accepted:
            # A Vietnamese message, never an HTML page.
            _expect(bool(response.json().get("detail")), "refuses without detail")


def _fill(arg: Any, keys: Mapping[str, Any]) -> Any:
    if isinstance(arg, str) and arg.startswith("{") and arg.endswith("}"):
        return keys[arg[1:-1]]
    return arg


def _fill_deep(value: Any, keys: Mapping[str, Any]) -> Any:
    if isinstance(value, Mapping):
        return {_fill(k, keys): _fill_deep(v, keys) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill_deep(v, keys) for v in value]
    return _fill(value, keys)


def _expect(ok: bool, problem: str) -> None:
    if not ok:
        pytest.fail(problem, pytrace=False)


def _check_personas(route: str, expect: Mapping[str, int]) -> None:
    unknown = set(expect) - set(PERSONAS)
    if unknown or not expect:
        raise ValueError(f"{route}: expect names personas among {PERSONAS}, not {sorted(unknown)}.")


def refused(response: "Response") -> bool:
    """Whether ``response`` turns the request away: an error, or a redirect to the login page."""
    if response.status_code >= 400:
        return True
    login = resolve_url(settings.LOGIN_URL)
    return response.status_code == 302 and response["Location"].startswith(login)


class PermissionMatrix:
    """Declare which persona may reach which page or endpoint; get one test per pair.

    Subclass it in an app's tests (the class name must start with ``Test``), list the routes
    with the status every persona gets, and optionally say what a write may change::

        from nghiquyet.testing import Api, Page, PermissionMatrix

        READ_OWN = {"anonymous": 302, "xa": 200, "chibo": 404, "lanhdao": 200, "tinhuy": 200}
        MANAGE = {"anonymous": 302, "xa": 403, "chibo": 404, "lanhdao": 403, "tinhuy": 302}


        class TestTaskPermissions(PermissionMatrix):
            routes = [
                Page("tasks:detail", args=("P-CL", 1), expect=READ_OWN),
                Page("tasks:edit", args=("P-CL", 1), post={"title": "Mới"}, expect=MANAGE),
                Api("get", "/api/v1/tasks/1", expect={**READ_OWN, "anonymous": 401}),
                Api("patch", "/api/v1/tasks/1", body={"title": "Mới"}, expect={"xa": 403}),
            ]

            def state(self, cast):
                return list(Task.objects.values_list("id", "title").order_by("id"))

    This collects ``test_persona_gets_the_expected_status[GET tasks:detail P-CL 1-xa]`` and so
    on, one per route and persona named in its ``expect``. Each test builds the cast, sends
    the request as that persona and checks:

    - the status is the expected one;
    - a ``Page`` sends an anonymous visitor's 302 to the login page; an ``Api`` answers JSON,
      with a ``detail`` message on every refusal;
    - for a write (a ``Page`` with ``post``, an ``Api`` with any method but GET), when
      ``state`` is overridden: a refused write (4xx, or a redirect to the login page) left the
      state as it was, and an accepted one changed it.

    Fixtures the routes need (extra data beyond the cast) can be added with an autouse fixture
    in the subclass. Checks that go beyond the status (what a page lists, what a write saved)
    stay ordinary tests next to the matrix.
    """

    routes: ClassVar[Sequence[Page | Api]] = ()
    # Every matrix declared so far, in the order its module was imported (route coverage).
    declared: ClassVar[list[type["PermissionMatrix"]]] = []

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        PermissionMatrix.declared.append(cls)

    def state(self, cast: Cast) -> object:
        """What a write may change, compared before and after; ``None`` skips the comparison."""
        return None

    def keys(self, cast: Cast) -> Mapping[str, Any]:
        """Rows the routes name by key, created for each test: a route written with
        ``{name}`` (an ``Api`` path's placeholder, a ``Page`` argument ``"{name}"``) is sent
        with ``keys[name]``. Primary keys then need no reset sequences."""
        return {}

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        if "form_route" in metafunc.fixturenames:
            forms = [
                pytest.param(route, persona, id=f"{route.id}-{persona}")
                for route in self.routes
                if isinstance(route, Page) and route.writes
                for persona, status in route.expect.items()
                if status in (403, 404)
            ]
            metafunc.parametrize(("form_route", "persona"), forms)
        if "route" not in metafunc.fixturenames:
            return
        cases = [
            pytest.param(route, persona, id=f"{route.id}-{persona}")
            for route in self.routes
            for persona in PERSONAS
            if persona in route.expect
        ]
        metafunc.parametrize(("route", "persona"), cases)

    def test_form_is_refused_like_its_save(
        self, cast: Cast, client_for: Any, form_route: Page, persona: str
    ) -> None:
        """Whoever may not save a form is not shown it either (405: an action, not a form)."""
        form_route = form_route.resolved(self.keys(cast))
        status = client_for(persona).get(reverse(form_route.name, args=form_route.args)).status_code
        expected = form_route.expect[persona]
        _expect(status in (expected, 405), f"GET status {status}, expected {expected}")

    def test_persona_gets_the_expected_status(
        self, cast: Cast, client_for: Any, route: Page | Api, persona: str
    ) -> None:
        route = route.resolved(self.keys(cast))
        before = self.state(cast) if route.writes else None
        response = route.send(client_for(persona))
        status, expected = response.status_code, route.expect[persona]
        _expect(status == expected, f"status {status}, expected {expected}")
        route.check(response, persona)
        if before is None:
            return
        after = self.state(cast)
        if refused(response):
            _expect(after == before, "a refused write changed the state")
        else:
            _expect(after != before, "an accepted write changed nothing")


# --- Route coverage ----------------------------------------------------------------------------


def web_route_names() -> list[str]:
    """Every route of the URLconf but the API operations (``api_operations`` lists those), as
    ``namespace:name``, or ``namespace:<pattern>`` for an unnamed one."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns: Sequence[Any], namespace: str) -> list[str]:
        names: list[str] = []
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                names += walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern) and not _is_api_operation(entry.callback):
                names.append(f"{namespace}{entry.name or f'<{entry.pattern}>'}")
        return names

    return walk(get_resolver().url_patterns, "")


def _is_api_operation(view: Any) -> bool:
    # django-ninja serves each API path through a view made by PathView.get_view.
    return str(getattr(view, "__qualname__", "")).startswith("PathView.get_view")


def _template_pattern(template: str) -> "re.Pattern[str]":
    return re.compile("^" + re.sub(r"\\\{[^}/]+\\\}", "[^/]+", re.escape(template)) + "$")


def route_operation(route: Page | Api, operations: Sequence[str]) -> str:
    """The route of the URLconf (a ``Page``'s URL name) or the OpenAPI operation (an ``Api``'s
    method and path template, among ``operations``: ``"GET /api/v1/orgs/{code}"``, ...) a
    matrix entry exercises; ``""`` if none matches."""
    if isinstance(route, Page):
        return route.name
    method, path = route.method.upper(), route.path.split("?", 1)[0]
    matching = [
        op
        for op in operations
        if op.split(" ", 1)[0] == method and _template_pattern(op.split(" ", 1)[1]).match(path)
    ]
    # A literal segment wins over a parameter: /indicators/report, not /indicators/{code}.
    return min(matching, key=lambda op: op.count("{"), default="")


def covered_routes(operations: Sequence[str]) -> dict[str, set[str]]:
    """Each route or operation the declared matrices exercise, with the personas tested on it."""
    covered: dict[str, set[str]] = {}
    for matrix in PermissionMatrix.declared:
        for route in matrix.routes:
            if key := route_operation(route, operations):
                covered.setdefault(key, set()).update(route.expect)
    return covered

"""Hostile values sent to every API write endpoint, every API query parameter and every web
form (issue 8, acceptance figure "bad inputs tried and their 500s").

The routes come from the OpenAPI spec and from the forms the pages themselves render (GET the
page, read its ``<form method="post">``), so a route or field added later is tried too. Each
field in turn gets the values of the catalogue (``hostile.py``: numbers beyond any column,
calendar edges, control characters, lone surrogates, 10.000-character and 1.000-word texts,
injections), the other fields keeping a valid value, as the province administrator (tinhuy),
who may write everywhere in the cast. Every case runs in a savepoint rolled back afterwards.

Checks: never a 5xx; a refusal saves nothing (every table's row count identical); an API 422
names the field (when the same body without the hostile value is accepted), a form re-shown
with errors names the field among them (same condition).
"""

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.db import transaction
from django.test import Client
from django.urls import reverse

from nghiquyet.api.tests.seed import seed_both_communes
from nghiquyet.core.tests import hostile
from nghiquyet.core.tests.hostile import changed_tables, table_counts

# Values per field, by what the field holds: PER_FIELD of them, the next field of the same kind
# taking the next ones (round robin), so the whole pool is tried within the time budget.
PER_FIELD = 4
TEXT_SAMPLE = [
    "a\x00b",
    "\x1b[31mđỏ",
    "x" * 10_000,
    hostile.WORDS_1000,
    "<script>alert(1)</script>",
    "=cmd|'/c calc'!A1",
    "'; DROP TABLE orgs_organisation; --",
    "\u202etxt.exe",
]
NUMBER_SAMPLE = [
    "12345678901234567890123456789",
    10**28,
    1e300,
    -1e300,
    2**63,
    -(2**63) - 1,
    "NaN",
    "Infinity",
    "1,2,3",
    "１２３",
]
DATE_SAMPLE = ["0001-01-01", "9999-12-31", "31/02/2026", "2026-02-31", "9999Q4", "0999Q1", ""]
FORM_TEXT = ["a\x00b", "x" * 10_000, "<script>alert(1)</script>", "=cmd|'/c calc'!A1", "\x1b[31m"]
FORM_NUMBER = ["12345678901234567890123456789", "1e300", "-1e300", "NaN", "Infinity", "1,2,3"]
FORM_DATE = ["0001-01-01", "9999-12-31", "31/02/2026", "00/00/0000", "9999Q4", "0999Q1"]
SURROGATE = '"\\ud800"'
QUERY_VALUES = [*hostile.OFFSETS, "9999Q4", "0999Q1", "0001-01-01", hostile.WORDS_1000, "a\x00b"]


@dataclass
class Tally:
    """What the run tried and saw, printed at the end (the issue's acceptance figures)."""

    cases: Counter = field(default_factory=Counter)  # by route
    statuses: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def add(self, route: str, response: Any, name: str = "") -> int:
        status = response.status_code
        self.cases[route] += 1
        self.statuses[status] += 1
        if status >= 500:
            exc = getattr(response, "exc_info", None)
            why = f"{exc[0].__name__}: {str(exc[1])[:120]}" if exc else ""
            self.problems.append(f"{route} [{name}]: {status} {why}")
        return status

    def summary(self, title: str) -> str:
        routes = ", ".join(f"{r} {n}" for r, n in sorted(self.cases.items()))
        return (
            f"\n{title}: {sum(self.cases.values())} cases on {len(self.cases)} routes; "
            f"5xx: {sum(n for s, n in self.statuses.items() if s >= 500)}; "
            f"by status {sorted(self.statuses.items())}; problems {len(self.problems)}"
            f"\nby route: {routes}"
        )


def _rolled_back(send) -> tuple[Any, dict[str, tuple[int, int]]]:
    """``send()`` inside a savepoint that is rolled back: its response and the tables it
    changed (compared with the counts before)."""
    with transaction.atomic():
        before = table_counts()
        response = send()
        changed = changed_tables(before, table_counts())
        transaction.set_rollback(True)
    return response, changed


# --- API ---------------------------------------------------------------------------------------


def _spec() -> dict[str, Any]:
    from nghiquyet.api.api import api

    return api.get_openapi_schema(path_prefix="/api/v1/")


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _kind(prop: dict[str, Any], spec: dict[str, Any]) -> str:
    """ "number", "date", "array", "object", "boolean" or "text": what a property holds."""
    options = [_resolve(p, spec) for p in prop.get("anyOf", [prop])]
    types = {o.get("type") for o in options} | {o.get("format") for o in options}
    for kind in ("date", "array", "object", "boolean"):
        if kind in types:
            return kind
    return "number" if types & {"integer", "number"} else "text"


def _example(name: str, prop: dict[str, Any], keys: dict[str, Any], spec: dict[str, Any]) -> Any:
    """A valid value for a required property, from the seeded cast."""
    prop = _resolve(prop, spec)
    known = {
        "organisation": "P-CL",
        "org": "P-CL",
        "owner": "P-CL",
        "lead": "P-CL",
        "assigning": "P-CL",
        "unit": "P-CL",
        "body": "P-CL",
        "chair": "P-CL",
        "indicator": keys["indicator"],
        "form": keys["form"],
        "period": "2025Q3",
        "document": keys["doc"],
        "documents": [keys["doc"]],
        "year": 2025,
    }
    if name in known:
        return known[name]
    if "enum" in prop:
        return prop["enum"][0]
    return {
        "date": "2025-10-01",
        "number": 1,
        "array": [],
        "object": {},
        "boolean": False,
    }.get(_kind(prop, spec), "Thử")


def _path(template: str, keys: dict[str, Any]) -> str:
    first = {"documents": keys["doc"], "tasks": keys["task"]}
    section = template.split("/")[3]

    def fill(match: re.Match) -> str:
        name = match.group(1)
        if name == "pk":
            return str(first.get(section, 1))
        if name == "code":
            codes = {"indicators": keys["indicator"], "reporting": keys["form"]}
            return str(codes.get(section, "P-CL"))
        return str({"form": keys["form"], "org": "P-CL", "period": "2025Q3"}.get(name, 1))

    return re.sub(r"\{(\w+)\}", fill, template)


@dataclass
class Operation:
    method: str
    path: str
    template: str
    body: dict[str, Any]
    kinds: dict[str, str]


def _json_operations(spec: dict[str, Any], keys: dict[str, Any]) -> Iterator[Operation]:
    for template, item in spec["paths"].items():
        for method, op in item.items():
            content = (op.get("requestBody") or {}).get("content", {})
            if "application/json" not in content:
                continue
            schema = _resolve(content["application/json"]["schema"], spec)
            props = schema.get("properties", {})
            body = {
                n: _example(n, props[n], keys, spec)
                for n in schema.get("required", [])
                if n in props
            }
            kinds = {n: _kind(p, spec) for n, p in props.items()}
            yield Operation(method, _path(template, keys), template, body, kinds)


# Tried on every field of the kind: past PostgreSQL's 32-bit integer columns, past 64 bits.
ALWAYS = {"number": [2**31, 2**63, -(2**63) - 1]}


def _values_for(kind: str, turn: int) -> list[Any]:
    pools = {
        "number": [*NUMBER_SAMPLE, "<script>", 2**40],
        "date": [*DATE_SAMPLE, 10**20],
        "array": [[hostile.BIG], ["\x00"], "x" * 10_000, [None] * 3],
        "object": [[], "x", {"a": hostile.BIG}],
        "boolean": ["NaN", 2**63, "<script>"],
    }
    pool = pools.get(kind, [*TEXT_SAMPLE, 2**63])
    rotated = [pool[(turn * PER_FIELD + i) % len(pool)] for i in range(min(PER_FIELD, len(pool)))]
    return ALWAYS.get(kind, []) + rotated


def _send_json(client: Client, op: Operation, raw: str) -> Any:
    call = getattr(client, op.method)
    return call(op.path, raw, content_type="application/json")


def _names(errors: dict[str, Any], name: str) -> bool:
    return any(k == name or k.split(".")[0] == name for k in errors)


def _try_json(client: Client, op: Operation, name: str, raw: str, baseline_ok: bool, tally):
    response, changed = _rolled_back(lambda: _send_json(client, op, raw))
    where = f"{op.method.upper()} {op.template}"
    status = tally.add(where, response, name)
    if status < 400:
        return
    if changed:
        tally.problems.append(f"{where} [{name}]: refused with {status} but saved {changed}")
    body = response.json() if response["Content-Type"].startswith("application/json") else {}
    if status < 500 and not body.get("detail"):
        tally.problems.append(f"{where} [{name}]: {status} without the error body")
    if status == 422 and baseline_ok and not _names(body.get("errors", {}), name):
        tally.problems.append(f"{where} [{name}]: 422 naming {list(body.get('errors', {}))}")


def _api_cases(client: Client, keys: dict[str, Any], tally: Tally) -> None:
    spec, turns = _spec(), Counter()
    for op in _json_operations(spec, keys):
        baseline, _ = _rolled_back(lambda op=op: _send_json(client, op, json.dumps(op.body)))
        ok = baseline.status_code < 400
        tally.baselines[ok] += 1
        for name, kind in op.kinds.items():
            turns[kind] += 1
            for value in _values_for(kind, turns[kind]):
                raw = json.dumps({**op.body, name: value})
                _try_json(client, op, name, raw, ok, tally)
            if kind == "text":
                raw = json.dumps({**op.body, name: "@@"}).replace('"@@"', SURROGATE)
                _try_json(client, op, name, raw, ok, tally)


def _query_cases(client: Client, keys: dict[str, Any], tally: Tally) -> None:
    spec = _spec()
    for template, item in spec["paths"].items():
        for method, op in item.items():
            names = [p["name"] for p in op.get("parameters", []) if p["in"] == "query"]
            if method != "get" or not names:
                continue
            path = _path(template, keys)
            for turn, name in enumerate(names):
                for value in QUERY_VALUES[turn % 2 :: 2]:
                    response, _ = _rolled_back(
                        lambda p=path, n=name, v=value: client.get(p, {n: v})
                    )
                    tally.add(f"GET {template}?{name}", response, name)
                    if response.status_code >= 400 and not response.json().get("detail"):
                        tally.problems.append(f"GET {template}?{name}: no error body")


# --- Web forms ---------------------------------------------------------------------------------


class _Forms(HTMLParser):
    """The ``<form method="post">`` of a page: action and fields with their current values."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.forms.append({"action": a.get("action", ""), "fields": {}, "types": {}})
        if not self.forms or not a.get("name"):
            return
        fields, types = self.forms[-1]["fields"], self.forms[-1]["types"]
        if tag == "input" and a.get("type", "text") not in {"submit", "button", "file", "image"}:
            kind = a.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in a:
                fields.setdefault(a["name"], None)
            else:
                fields[a["name"]] = a.get("value", "on" if kind == "checkbox" else "")
            types[a["name"]] = "number" if a.get("inputmode") == "decimal" else kind
        elif tag == "select":
            self._select = a["name"]
            fields.setdefault(a["name"], None)
            types[a["name"]] = "select"
        elif tag == "option" and self._select:
            if fields.get(self._select) is None or "selected" in a:
                fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            fields[a["name"]] = ""
            types[a["name"]] = "text"

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def _form_values(name: str, kind: str) -> list[str]:
    if kind == "date" or re.search(r"date|ngay|deadline|until|_on$|^held|_from|_to$", name):
        return FORM_DATE
    if kind == "number" or re.search(r"value|numerator|denominator|percent|count|year", name):
        return FORM_NUMBER
    return FORM_TEXT


def test_text_longer_than_its_column_is_refused_on_its_field_on_both_databases(cast):
    """Found by this harness on PostgreSQL: a 10.000-character body_code, place_name or signer
    answered 500 (varchar overflow); SQLite stored it."""
    doc = seed_both_communes(cast)["doc"]
    client = _client(cast)
    for path, name in [
        ("/api/v1/orgs/P-CL", "body_code"),
        ("/api/v1/orgs/P-CL", "place_name"),
        (f"/api/v1/documents/{doc}", "signer"),
        (f"/api/v1/documents/{doc}", "body_code"),
    ]:
        response = client.patch(path, json.dumps({name: "x" * 10_000}), "application/json")
        assert response.status_code == 422, (path, name)
        assert "10.000 ký tự, tối đa" in response.json()["errors"][name][0]


def test_a_document_number_past_the_register_is_refused_on_its_field(cast):
    """Found by this harness: PATCH /api/v1/documents/N {"number": 2^63} answered 500."""
    doc = seed_both_communes(cast)["doc"]
    for number in (2**63, 10**6, 0):
        response = _client(cast).patch(
            f"/api/v1/documents/{doc}", json.dumps({"number": number}), "application/json"
        )
        assert response.status_code == 422
        assert response.json()["errors"] == {"number": ["Số văn bản phải từ 01 đến 99.999."]}


SKIPPED_FIELDS = {"csrfmiddlewaretoken", "next", "action", "loai", "confirm"}


def _pages(keys: dict[str, Any]) -> list[str]:
    """Every page of the URLconf that renders a form, with the cast's arguments."""
    from nghiquyet.api.tests.test_route_coverage import TestRouteCoverageMatrix

    names = [
        (route.name, route.resolved(keys).args)
        for route in TestRouteCoverageMatrix.routes
        if not hasattr(route, "method")
    ]
    org_forms = ["orgs:create_child", "orgs:edit", "orgs:add_term", "orgs:move", "orgs:merge"]
    names += [(n, ("P-CL-CB1",)) for n in org_forms]
    return sorted({reverse(name, args=args) for name, args in names})


def _post_form(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, {k: v for k, v in data.items() if v is not None})


def _form_errors(response: Any) -> set[str]:
    names: set[str] = set()
    for context in response.context or []:
        for value in context.flatten().values() if hasattr(context, "flatten") else []:
            if hasattr(value, "errors") and hasattr(value, "is_bound") and value.is_bound:
                names |= {value.add_prefix(k) for k in value.errors} | set(value.errors)
    return names


def _form_cases(client: Client, keys: dict[str, Any], tally: Tally) -> None:
    for url in _pages(keys):
        page = client.get(url)
        if page.status_code != 200 or not page["Content-Type"].startswith("text/html"):
            continue
        parser = _Forms()
        parser.feed(page.content.decode())
        for form in parser.forms:
            action = form["action"] or url
            if not action.startswith("/") or "dang-xuat" in action:
                continue
            baseline, _ = _rolled_back(lambda a=action, f=form: _post_form(client, a, f["fields"]))
            ok = baseline.status_code in (302, 303)
            tally.baselines[ok] += 1
            for name, kind in form["types"].items():
                if name in SKIPPED_FIELDS or kind in {"hidden", "select", "checkbox", "radio"}:
                    continue
                for value in _form_values(name, kind):
                    _try_form(client, action, form["fields"], name, value, ok, tally)


def _try_form(client, action, fields, name, value, baseline_ok, tally) -> None:
    response, changed = _rolled_back(lambda: _post_form(client, action, {**fields, name: value}))
    where = f"POST {_route_name(action)}"
    status = tally.add(where, response, name)
    if status in (302, 303):
        return
    if changed:
        tally.problems.append(f"{where} [{name}]: re-shown with {status} but saved {changed}")
    errors = _form_errors(response)
    if baseline_ok and status in (200, 422) and errors and name not in errors:
        tally.problems.append(f"{where} [{name}={value[:20]!r}]: errors name {sorted(errors)}")


def _route_name(path: str) -> str:
    from django.urls import resolve

    match = resolve(path.split("?", 1)[0])
    return f"{match.namespace}:{match.url_name}"


# --- The run -----------------------------------------------------------------------------------


@dataclass
class Run(Tally):
    baselines: Counter = field(default_factory=Counter)


def _report(tally: Run, title: str) -> None:
    print(tally.summary(title))
    print(f"bodies/forms whose valid version was accepted: {tally.baselines}")
    assert not tally.problems, f"{len(tally.problems)} problems:\n" + "\n".join(tally.problems)


def _client(cast) -> Client:
    """The province administrator; a server error is answered (500), not raised."""
    client = Client(raise_request_exception=False)
    client.force_login(cast.tinhuy)
    return client


def test_hostile_values_in_api_bodies_and_queries(cast):
    keys = seed_both_communes(cast)
    client, tally = _client(cast), Run()
    _api_cases(client, keys, tally)
    _query_cases(client, keys, tally)
    assert sum(tally.cases.values()) >= 800
    _report(tally, "hostile API inputs")


def test_hostile_values_in_web_forms(cast):
    keys = seed_both_communes(cast)
    client, tally = _client(cast), Run()
    _form_cases(client, keys, tally)
    assert sum(tally.cases.values()) >= 300
    _report(tally, "hostile form inputs")

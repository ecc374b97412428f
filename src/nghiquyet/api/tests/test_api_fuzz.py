"""Every query parameter of the API, pushed to its numeric, date and length edges (issue 8
item 7): offsets and counts at and past 2^63, dates at the calendar's edges, periods before
year 1000, searches of 1.000 words. Each answer is a refusal with the error body (422 for the
value itself), never a 500."""

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nghiquyet.api.tests.test_route_coverage import api_operations

BIG = 2**63
EDGE_NUMBERS = st.one_of(
    st.sampled_from([BIG, BIG - 1, -BIG - 1, 10**30, -1]),
    st.integers(min_value=BIG - 10, max_value=BIG * 4),
    st.integers(max_value=-BIG, min_value=-BIG * 4),
)
EDGE_DATES = st.one_of(
    st.sampled_from(["0001-01-01", "9999-12-31", "0000-01-01", "1899-12-31", "2101-01-01"]),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(1899, 12, 31)).map(str),
    st.dates(min_value=dt.date(2101, 1, 1)).map(str),
)
EDGE_PERIODS = st.sampled_from(["9999Q4", "0999", "0001Q1", "0999-12", "99999", "2025Q9"])
EDGE_TEXT = st.one_of(
    st.just(" ".join(["nghị quyết"] * 500)),  # 1.000 words
    st.text(min_size=201, max_size=400),
)
EDGE_VALUES = st.one_of(EDGE_NUMBERS.map(str), EDGE_DATES, EDGE_PERIODS, EDGE_TEXT)


def _get_operations_with_query() -> list[tuple[str, list[str]]]:
    from nghiquyet.api.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    found = []
    for path, item in schema["paths"].items():
        operation = item.get("get")
        names = [p["name"] for p in (operation or {}).get("parameters", []) if p["in"] == "query"]
        if names and "{" not in path:
            found.append((path, names))
    return found


def _check(response) -> None:
    assert response.status_code < 500, response.content[:300]
    if response.status_code >= 400:
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["detail"]


@pytest.mark.parametrize(
    ("path", "names"), _get_operations_with_query(), ids=lambda v: str(v).replace(" ", "")
)
def test_no_query_parameter_edge_gives_a_server_error(client_for, path, names):
    client = client_for("tinhuy")

    @given(name=st.sampled_from(names), value=EDGE_VALUES)
    @settings(
        max_examples=8 * len(names),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(name, value):
        # The other parameters get plausible values, so the edge is what is judged.
        params = {other: PLAUSIBLE.get(other, "P-CL") for other in names} | {name: value}
        _check(client.get(path, params))

    run()


PLAUSIBLE = {
    "org": "P-CL",
    "organisation": "P-CL",
    "root": "T-DT",
    "period": "2025Q3",
    "limit": "10",
    "offset": "0",
    "on": "2025-09-01",
    "start": "2025-01-01",
    "end": "2025-12-31",
    "q": "nghị quyết",
}


@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/dissemination/sessions?offset=9223372036854775808",
        "/api/v1/dissemination/sessions?limit=9223372036854775808",
        "/api/v1/indicators/values?org=P-CL&offset=9223372036854775808",
        "/api/v1/indicators/values?org=P-CL&limit=-1",
        "/api/v1/orgs/?on=0001-01-01",
        "/api/v1/orgs/?on=9999-12-31",
        "/api/v1/indicators/report?org=P-CL&period=9999Q4",
        "/api/v1/indicators/report?org=P-CL&period=0999",
        "/api/v1/tasks/statistics?org=P-CL&period=2025&start=0001-01-01",
    ],
)
def test_the_reported_edges_are_refused_as_bad_input(client_for, query):
    response = client_for("tinhuy").get(query)
    assert response.status_code == 422, response.content[:300]
    assert response.json()["errors"]


def test_every_search_parameter_refuses_a_thousand_words(client_for):
    words = " ".join(["nghị quyết"] * 500)
    searched = [
        f"{method_path.split(' ', 1)[1]}"
        for method_path in api_operations()
        if method_path.startswith("GET ") and "{" not in method_path
    ]
    tried = 0
    for path, names in _get_operations_with_query():
        if "q" in names and path in searched:
            params = {n: PLAUSIBLE.get(n, "P-CL") for n in names} | {"q": words}
            response = client_for("tinhuy").get(path, params)
            assert response.status_code == 422, (path, response.content[:200])
            assert "q" in response.json()["errors"]
            tried += 1
    assert tried >= 1


TASK = {
    "code": "NV-OFFSET",
    "title": "Nhiệm vụ định kỳ",
    "assigning": "P-CL",
    "lead": "P-CL",
    "start_date": "2025-09-01",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"recurrence_offset": 365}, "Phải nhỏ hơn hoặc bằng 364."),
        ({"recurrence_offset": 40000, "recurrence": ""}, "Phải nhỏ hơn hoặc bằng 364."),
        ({"recurrence_offset": -1}, "Phải lớn hơn hoặc bằng 0."),
        ({"recurrence_offset": 2**63}, "Phải nhỏ hơn hoặc bằng 364."),
    ],
)
def test_a_task_recurrence_offset_is_bounded_like_the_form(client_for, change, message):
    response = client_for("tinhuy").post(
        "/api/v1/tasks", json.dumps(TASK | change), content_type="application/json"
    )
    assert response.status_code == 422
    assert message in response.json()["errors"]["recurrence_offset"][0]


@given(number=EDGE_NUMBERS)
@settings(max_examples=20, deadline=None, database=None)
def test_a_body_integer_past_64_bits_is_refused_by_name(number):
    from nghiquyet.api.api import refuse_oversized_integers
    from nghiquyet.core.errors import InvalidInputError

    if -(2**63) <= number < 2**63:
        refuse_oversized_integers({"offset": number})
        return
    with pytest.raises(InvalidInputError) as refused:
        refuse_oversized_integers({"offset": number, "ids": [1, number]})
    assert set(refused.value.errors) == {"offset", "ids"}

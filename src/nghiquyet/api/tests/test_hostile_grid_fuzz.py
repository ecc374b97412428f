"""hypothesis over the numeric and date boundaries of the web forms (issue 8, "Fuzzing"): the
reporting grid's save endpoint with numbers written every way a person or a program might, and
a date field (a lock exception's "until") across the whole calendar and beyond.

Every answer is a save (302) or a refusal re-shown on its field (422) that saved nothing; never a
500. A saved figure fits its column exactly and the grid still opens afterwards.
"""

import datetime as dt
from decimal import Decimal

from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nghiquyet.api.tests.seed import seed_both_communes
from nghiquyet.core.tests.hostile import changed_tables, table_counts
from nghiquyet.indicators.models import IndicatorValue

GRID = "/bao-cao/{form}/P-CL/2025Q3/"
FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


def _vietnamese(number: int) -> str:
    return f"{number:,}".replace(",", ".")


NUMBERS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=0, max_value=10**30).map(_vietnamese),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
    st.sampled_from(["1e300", "-1e300", "NaN", "Infinity", "1,2,3", "１２３", "9" * 29, "0,0001"]),
    st.text(alphabet="0123456789.,-+eE ", max_size=40),
)
DATES = st.one_of(
    st.dates(min_value=dt.date(1, 1, 1)).map(lambda d: d.strftime("%d/%m/%Y")),
    st.dates(min_value=dt.date(1, 1, 1)).map(lambda d: f"{d.year:04}-{d.month:02}-{d.day:02}"),
    st.tuples(st.integers(0, 99), st.integers(0, 99), st.integers(0, 99999)).map(
        lambda t: f"{t[0]:02}/{t[1]:02}/{t[2]}"
    ),
    st.sampled_from(["31/02/2026", "29/02/2025", "00/00/0000", "9999Q4", "0999Q1", ""]),
    st.text(alphabet="0123456789/-. ", max_size=20),
)


def _client(cast) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(cast.tinhuy)
    return client


def _rolled_back(send):
    with transaction.atomic():
        before = table_counts()
        response = send()
        changed = changed_tables(before, table_counts())
        after = send_check(response)
        transaction.set_rollback(True)
    return response, changed, after


def send_check(response):
    """What a save left, read inside the savepoint: the stored figures of the grid."""
    return list(IndicatorValue.objects.values_list("value", flat=True))


def test_the_grid_save_endpoint_holds_any_number(cast):
    keys = seed_both_communes(cast)
    client, url = _client(cast), GRID.format(form=keys["form"])
    field = f"value-{keys['indicator_pk']}"
    seen: dict[int, int] = {}

    @FUZZ
    @given(text=NUMBERS)
    def run(text: str) -> None:
        data = {"action": "save", "loai": "chinh_thuc", field: text}
        response, changed, stored = _rolled_back(lambda: client.post(url, data))
        seen[response.status_code] = seen.get(response.status_code, 0) + 1
        assert response.status_code in (302, 422), (text, response.status_code)
        if response.status_code == 422:
            assert changed == {}, (text, changed)
            html = response.content.decode()
            assert '<p class="error">' in html and 'aria-invalid="true"' in html, text
        else:
            assert all(isinstance(v, Decimal) and v.is_finite() for v in stored if v is not None)
            assert all(v is None or abs(v) < 10**18 for v in stored), (text, stored)

    run()
    assert client.get(url).status_code == 200
    print(f"\ngrid save endpoint: {sum(seen.values())} generated numbers, by status {seen}")


def test_a_form_date_holds_any_date(cast):
    keys = seed_both_communes(cast)
    client = _client(cast)
    url = GRID.format(form=keys["form"]) + "ngoai-le/"
    seen: dict[int, int] = {}

    @FUZZ
    @given(text=DATES)
    def run(text: str) -> None:
        data = {"reason": "Trễ hạn vì bão", "until": text}
        response, changed, _ = _rolled_back(lambda: client.post(url, data))
        seen[response.status_code] = seen.get(response.status_code, 0) + 1
        assert response.status_code < 500, (text, response.status_code)
        # The page answers with a redirect and a message: saved, or refused saving nothing.
        # Only this request's messages (earlier ones wait in the cookie, never displayed here).
        levels = {m.level_tag for m in get_messages(response.wsgi_request)._queued_messages}
        if response.status_code >= 400 or "error" in levels:
            assert changed == {}, (text, changed)
        else:
            assert levels == {"success"} and changed, (text, levels, changed)

    run()
    print(f"\nlock exception 'until': {sum(seen.values())} generated dates, by status {seen}")

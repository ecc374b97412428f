"""The deadline rush: every unit sends its quarter once, while leaders refresh dashboards.

Run by ``loadtest.run`` (which seeds the database and starts gunicorn). Environment:
``LOADTEST_MANIFEST`` (the seed's JSON) and ``LOADTEST_WINDOW`` (seconds over which the
units' single submissions are spread at random). Users: ``UnitUser`` × units, ``LeaderUser``
× leaders (``--users`` must be their sum; ``loadtest.run`` passes it).

Request names (one row each in the statistics): ``unit: save+submit`` (the grid's JSON
endpoint, figures saved and the report sent in one all-or-nothing call), ``leader: sign in``,
``leader: start page``, ``leader: results page``, ``leader: report JSON``.
"""

import os
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gevent
from locust import HttpUser, between, events, task

from loadtest.scenario import Manifest

MANIFEST = Manifest.load(Path(os.environ["LOADTEST_MANIFEST"]))
WINDOW = float(os.environ.get("LOADTEST_WINDOW", "60"))
_units = list(MANIFEST.units)
_leaders = list(MANIFEST.leaders)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class UnitUser(HttpUser):
    """One commune's data-entry clerk: waits a random moment of the window, sends once."""

    fixed_count = len(MANIFEST.units)
    wait_time = between(3600, 3600)

    def on_start(self) -> None:
        self.unit = _units.pop()
        self.sent = False
        gevent.sleep(random.uniform(0, WINDOW))  # noqa: S311 (spreading load, not a secret)

    @task
    def submit(self) -> None:
        if self.sent:
            return
        self.sent = True
        url = (
            f"/api/v1/reporting/submissions/{MANIFEST.form}/{self.unit['code']}/"
            f"{MANIFEST.period}/values"
        )
        body = {"entries": MANIFEST.entries(self.unit["code"]), "submit": True}
        headers = {"Authorization": f"Bearer {self.unit['token']}"}
        with self.client.post(
            url, json=body, headers=headers, name="unit: save+submit", catch_response=True
        ) as response:
            _expect(response, lambda r: r.json()["submission"]["status"] != "nhap")


class LeaderUser(HttpUser):
    """A province leader who keeps the start page, the results page and the report open."""

    fixed_count = len(MANIFEST.leaders)
    wait_time = between(1, 3)

    def on_start(self) -> None:
        leader = _leaders.pop()
        page = self.client.get("/dang-nhap/", name="leader: sign in")
        token = CSRF.search(page.text)
        form = {**leader, "csrfmiddlewaretoken": token.group(1) if token else ""}
        with self.client.post(
            "/dang-nhap/", data=form, name="leader: sign in", catch_response=True
        ) as response:
            _expect(response, lambda r: "/dang-nhap/" not in r.url)

    @task(2)
    def start_page(self) -> None:
        self._get("/", "leader: start page")

    @task(2)
    def results_page(self) -> None:
        self._get(f"/ket-qua/{MANIFEST.province}/?ky={MANIFEST.period}", "leader: results page")

    @task(1)
    def report_json(self) -> None:
        url = f"/api/v1/indicators/report?org={MANIFEST.province}&period={MANIFEST.period}"
        self._get(url, "leader: report JSON")

    def _get(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, catch_response=True) as response:
            _expect(response, lambda r: "/dang-nhap/" not in r.url)


def _expect(response: Any, good: Callable[[Any], bool]) -> None:
    """Fail the request on a status other than 200 or when ``good(response)`` is false."""
    if response.status_code != 200:
        response.failure(f"HTTP {response.status_code}: {response.text[:300]}")
        return
    try:
        ok = good(response)
    except (ValueError, KeyError) as exc:
        response.failure(f"bad body: {exc}")
        return
    if ok:
        response.success()
    else:
        response.failure("unexpected answer")


@events.test_stop.add_listener
def _left_over(**_: object) -> None:
    if _units:
        print(f"loadtest: {len(_units)} units never got a user")

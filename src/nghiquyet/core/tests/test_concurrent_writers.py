"""Concurrent writers under one parent lose no update (issue 8, acceptance figure).

Many threads save at the same moment: each service writer one value for its own cell under the
commune P-CL (``value_save``), each grid writer one value for its own commune through the
reporting grid's save endpoint (the test client, as its commune's data-entry user). Afterwards
every value is stored exactly once, and every ancestor's roll-up equals the sum recomputed from
the leaves. 100 service writers on PostgreSQL; fewer on SQLite, whose single write lock makes
the writers queue (IMMEDIATE transactions and the busy timeout keep that safe, only slower).
At most ``CONNECTIONS`` writers hold a database connection at the same time.
"""

import threading
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from nghiquyet.access.roles import Role
from nghiquyet.accounts.services import membership_grant
from nghiquyet.indicators.models import Aggregate, IndicatorValue
from nghiquyet.indicators.tests.helpers import make_indicator, make_org
from nghiquyet.indicators.values import value_save
from nghiquyet.orgs.models import Organisation, OrgKind
from nghiquyet.reporting.services import form_create
from nghiquyet.testing import Cast

POSTGRES = connection.vendor == "postgresql"
SERVICE_WRITERS = 100 if POSTGRES else 24
GRID_WRITERS = 20 if POSTGRES else 6
# Database connections open at once: the test server allows 100 clients, shared with other runs,
# so the writers past this many wait for a free connection (they still overlap heavily).
CONNECTIONS = 48
PERIOD = "2025Q3"


def _run_all(jobs: list) -> list[BaseException]:
    """Start every job at once (a barrier), wait for all; the errors they raised."""
    barrier = threading.Barrier(len(jobs))
    slots = threading.BoundedSemaphore(CONNECTIONS)
    errors: list[BaseException] = []

    def run(job) -> None:
        try:
            barrier.wait(timeout=60)
            with slots:
                try:
                    job()
                finally:
                    connection.close()
        except BaseException as exc:  # reported by the caller's assertion
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(t.is_alive() for t in threads), "a writer never finished"
    return errors


def _grid_writer(user: User, form_code: str, org: Organisation, indicator_pk: int, value: int):
    def job() -> None:
        client = Client()
        client.force_login(user)
        data = {"action": "save", "loai": "chinh_thuc", f"value-{indicator_pk}": str(value)}
        response = client.post(f"/bao-cao/{form_code}/{org.code}/{PERIOD}/", data)
        assert response.status_code == 302, (org.code, response.status_code)

    return job


def _expected_rollups(indicator) -> dict[int, Decimal]:
    """Each unit's effective figure recomputed from the stored values: its own value if it has
    one, else the sum of its children's effective figures (units with nothing below omitted)."""
    own = dict(
        IndicatorValue.objects.filter(indicator=indicator, period_code=PERIOD).values_list(
            "organisation_id", "value"
        )
    )
    children: dict[int | None, list[int]] = {}
    for pk, parent in Organisation.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    sums: dict[int, Decimal] = {}

    def effective(pk: int) -> Decimal | None:
        below = [e for c in children.get(pk, []) if (e := effective(c)) is not None]
        if below:
            sums[pk] = sum(below, Decimal(0))
        return own[pk] if pk in own else sums.get(pk)

    for root in children[None]:
        effective(root)
    return sums


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_lose_no_update_and_every_rollup_adds_up(cast: Cast):
    indicator = make_indicator(cast.root, "KN-SS")
    cells = [make_org(cast.root, f"P-CL-W{i:03}", cast.commune) for i in range(SERVICE_WRITERS)]
    communes = [
        make_org(cast.root, f"X-W{i:02}", cast.province, kind=OrgKind.DANG_UY_XA)
        for i in range(GRID_WRITERS)
    ]
    form = form_create(
        actor=cast.root,
        owner=cast.province,
        code="BC-SS",
        name="Báo cáo song song",
        period_type="quy",
        indicators=[indicator],
        org_kinds=[OrgKind.DANG_UY_XA],
    )
    entry_users = []
    for org in communes:
        user = User.objects.create_user(f"nhap-{org.code.lower()}")
        membership_grant(actor=cast.root, user=user, organisation=org, role=Role.NHAP_LIEU)
        entry_users.append(user)

    def service_writer(org: Organisation, value: int):
        return lambda: value_save(
            actor=cast.xa, indicator=indicator, organisation=org, period=PERIOD, value=value
        )

    jobs = [service_writer(org, i + 1) for i, org in enumerate(cells)]
    jobs += [
        _grid_writer(user, form.code, org, indicator.pk, 1000 + i)
        for i, (user, org) in enumerate(zip(entry_users, communes, strict=True))
    ]
    errors = _run_all(jobs)
    assert errors == []

    written = {org.pk: Decimal(i + 1) for i, org in enumerate(cells)}
    written |= {org.pk: Decimal(1000 + i) for i, org in enumerate(communes)}
    stored = IndicatorValue.objects.filter(indicator=indicator, period_code=PERIOD)
    assert stored.count() == len(written)  # each value exactly once
    assert dict(stored.values_list("organisation_id", "value")) == written
    expected = _expected_rollups(indicator)
    rollups = dict(
        Aggregate.objects.filter(indicator=indicator, period_code=PERIOD).values_list(
            "organisation_id", "value"
        )
    )
    lost = {pk: (rollups.get(pk), want) for pk, want in expected.items() if rollups.get(pk) != want}
    assert expected[cast.province.pk] == sum(written.values())
    assert not lost, f"roll-ups that lost updates (stored, expected): {lost}"
    print(
        f"concurrent writers ({connection.vendor}): {len(jobs)} "
        f"({SERVICE_WRITERS} service, {GRID_WRITERS} grid), lost updates: {len(lost)}"
    )

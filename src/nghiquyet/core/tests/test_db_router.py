"""The replica router (issue 13 item 4, decision 0013).

On PostgreSQL the ``replica`` alias is a real second connection to the test database, as a
role that may only SELECT, in read-only transactions: a dashboard that tried to write there
would fail, and the queries captured on each connection show which one served the reads.
The routing rules themselves are also checked without a database, on every engine.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, connections, transaction
from django.db.utils import load_backend
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nghiquyet.core import db_router
from nghiquyet.core.db_router import REPLICA, WROTE_COOKIE, ReplicaRouter, replica_reads
from nghiquyet.indicators.models import Aggregate
from nghiquyet.indicators.services import indicator_create
from nghiquyet.orgs.models import Organisation
from nghiquyet.testing import build_cast

READER = "nq_replica_reader"
ROUTER = "nghiquyet.core.db_router.ReplicaRouter"
MIDDLEWARE = "nghiquyet.core.db_router.ReplicaReadsMiddleware"
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a read-only second connection needs PostgreSQL"
)


@pytest.fixture
def routing(monkeypatch):
    """The router with a replica configured, without touching a database."""
    monkeypatch.setattr(db_router, "has_replica", lambda: True)
    return ReplicaRouter()


def test_reads_go_to_the_replica_only_inside_replica_reads(routing):
    assert routing.db_for_read(Organisation) is None
    with replica_reads():
        assert routing.db_for_read(Organisation) == REPLICA
        assert routing.db_for_read(Aggregate) == REPLICA
    assert routing.db_for_read(Aggregate) is None


def test_logins_sessions_and_keys_are_always_read_from_the_primary(routing):
    from django.contrib.sessions.models import Session

    from nghiquyet.accounts.models import ApiToken

    with replica_reads():
        for model in (get_user_model(), Session, ApiToken):
            assert routing.db_for_read(model) is None


def test_writes_and_migrations_stay_on_the_primary(routing):
    with replica_reads():
        assert routing.db_for_write(Organisation) == "default"
    assert routing.allow_migrate(REPLICA, "orgs") is False
    assert routing.allow_migrate("default", "orgs") is None


def test_without_a_replica_alias_every_read_uses_the_primary():
    with replica_reads():
        assert ReplicaRouter().db_for_read(Organisation) is None


@pytest.fixture
def replica(transactional_db, settings, monkeypatch):
    """A ``replica`` connection: the test database through a SELECT-only role, in read-only
    sessions. It is registered beside ``connections`` rather than in ``DATABASES`` (which Django's
    test case freezes before the test starts), so the router is told a replica exists."""
    _reader_role()
    default = connections["default"].settings_dict
    wrapper = load_backend(default["ENGINE"]).DatabaseWrapper(
        {
            **default,
            "USER": READER,
            "PASSWORD": "",
            "OPTIONS": {"options": "-c default_transaction_read_only=on"},
            "TEST": {**default["TEST"], "MIRROR": "default"},
        },
        REPLICA,
    )
    saved = getattr(connections._connections, REPLICA, None)
    setattr(connections._connections, REPLICA, wrapper)
    monkeypatch.setattr(db_router, "has_replica", lambda: True)
    settings.DATABASE_ROUTERS = [ROUTER]
    settings.MIDDLEWARE = [settings.MIDDLEWARE[0], MIDDLEWARE, *settings.MIDDLEWARE[1:]]
    yield wrapper
    wrapper.close()
    if saved is None:
        delattr(connections._connections, REPLICA)
    else:
        setattr(connections._connections, REPLICA, saved)


def _reader_role() -> None:
    with connections["default"].cursor() as cursor:
        # The role is cluster-wide and test workers run side by side: create it once.
        cursor.execute(
            f"DO $$ BEGIN CREATE ROLE {READER} LOGIN; "
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        )
        cursor.execute(
            f"DO $$ BEGIN ALTER ROLE {READER} SET default_transaction_read_only = on; "
            "EXCEPTION WHEN OTHERS THEN NULL; END $$"
        )
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {READER}")
        cursor.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {READER}")


def _get(client: Client, url: str) -> tuple[list[str], list[str]]:
    """GET ``url``; the SQL run on the primary and on the replica."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as secondary,
    ):
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return [q["sql"] for q in primary], [q["sql"] for q in secondary]


def _leader_client(cast) -> Client:
    client = Client()
    client.force_login(cast.lanhdao)
    return client


@on_postgresql
@pytest.mark.django_db(transaction=True, databases="__all__")
def test_the_replica_connection_refuses_writes(replica):
    with pytest.raises(DatabaseError, match="read-only"), replica.cursor() as cursor:
        cursor.execute("CREATE TABLE nq_replica_probe (id integer)")


@on_postgresql
@pytest.mark.django_db(transaction=True, databases="__all__")
def test_dashboard_and_report_reads_go_to_the_replica(replica):
    cast = build_cast()
    client = _leader_client(cast)
    pages = [
        reverse("web:results", args=[cast.province.code]),
        reverse("web:home"),
        f"/api/v1/indicators/report?org={cast.province.code}&period=2025Q3",
    ]
    for url in pages:
        primary, secondary = _get(client, url)
        assert any("orgs_organisation" in sql for sql in secondary), url
        assert all(sql.lstrip().upper().startswith("SELECT") for sql in secondary), url
        # The primary serves the session and the login only.
        assert not any("indicators_" in sql for sql in primary), (url, primary)


@on_postgresql
@pytest.mark.django_db(transaction=True, databases="__all__")
def test_other_pages_read_from_the_primary(replica):
    cast = build_cast()
    _, secondary = _get(_leader_client(cast), reverse("orgs:tree"))
    assert secondary == []


@on_postgresql
@pytest.mark.django_db(transaction=True, databases="__all__")
def test_a_user_who_just_saved_reads_the_dashboard_from_the_primary(replica):
    cast = build_cast()
    indicator_create(
        actor=cast.root,
        code="RR-1",
        name="Số đảng viên mới",
        unit="người",
        field_group="kinh_te",
        kind="so_luong",
        rolls_up=True,
    )
    client = Client()
    client.force_login(cast.xa)
    saved = client.put(
        "/api/v1/indicators/values",
        {"indicator": "RR-1", "org": cast.commune.code, "period": "2025Q3", "value": "7"},
        content_type="application/json",
    )
    assert saved.status_code == 200, saved.content
    assert saved.cookies[WROTE_COOKIE]["max-age"] == 10
    results = reverse("web:results", args=[cast.commune.code]) + "?ky=2025Q3"
    primary, secondary = _get(client, results)
    assert secondary == [] and any("indicators_" in sql for sql in primary)
    # Once the cookie has expired, the same page reads from the replica again.
    del client.cookies[WROTE_COOKIE]
    _, secondary = _get(client, results)
    assert any("indicators_" in sql for sql in secondary)


@on_postgresql
@pytest.mark.django_db(transaction=True, databases="__all__")
def test_reads_inside_a_transaction_stay_on_the_primary(replica):
    cast = build_cast()
    with replica_reads():
        assert Organisation.objects.filter(pk=cast.province.pk).db == REPLICA
        assert Organisation.objects.using(REPLICA).get(pk=cast.province.pk) == cast.province
        with transaction.atomic():
            assert Organisation.objects.filter(pk=cast.province.pk).db == "default"

"""A token's ``last_used_at`` is bookkeeping: it never blocks or fails the read it serves
(issue 8 item 3)."""

import datetime as dt
import logging
import sqlite3
import time

import pytest
from django.db import connection
from django.utils import timezone

from nghiquyet.accounts.models import ApiToken
from nghiquyet.accounts.services import token_create


def bearer_get(client, secret, path="/api/v1/me/"):
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_use_is_recorded_at_most_once_a_minute(cast, client):
    issued = token_create(actor=cast.xa, name="Tích hợp")
    assert bearer_get(client, issued.secret).status_code == 200
    first = ApiToken.objects.get(pk=issued.token.pk).last_used_at
    assert first is not None
    assert bearer_get(client, issued.secret).status_code == 200
    assert ApiToken.objects.get(pk=issued.token.pk).last_used_at == first
    ApiToken.objects.filter(pk=issued.token.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    assert bearer_get(client, issued.secret).status_code == 200
    assert ApiToken.objects.get(pk=issued.token.pk).last_used_at > first - dt.timedelta(seconds=1)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's database-wide write lock")
def test_a_locked_database_neither_blocks_nor_fails_a_read(cast, client, caplog):
    issued = token_create(actor=cast.xa, name="Tích hợp")
    other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another request holds the write lock (an import, say)
    try:
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="nghiquyet.accounts.services"):
            response = bearer_get(client, issued.secret, "/api/v1/orgs/P-CL")
        elapsed = time.monotonic() - started
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert response.status_code == 200
    assert response.json()["code"] == "P-CL"
    assert elapsed < 2  # the busy timeout is 20 s: the update did not wait for it
    assert "Không ghi được thời điểm dùng khóa API" in caplog.text
    assert ApiToken.objects.get(pk=issued.token.pk).last_used_at is None
    # Once the lock is gone the next use is recorded.
    assert bearer_get(client, issued.secret).status_code == 200
    assert ApiToken.objects.get(pk=issued.token.pk).last_used_at <= timezone.now()

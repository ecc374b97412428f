"""The database refuses to rewrite the audit log, whatever the code path (decision 0011)."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from nghiquyet.audit.append_only import audit_erasure_allowed
from nghiquyet.audit.models import AuditEntry

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's DELETE trigger")
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's TRUNCATE trigger"
)


def _new_entry() -> AuditEntry:
    return AuditEntry.objects.create(
        action="kiem.thu", target_type="kiemthu", target_id="1", target_repr="Kiểm thử"
    )


def _execute(sql: str, params: list[object] | None = None) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params or [])


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditentry SET action = 'gia.mao' WHERE id = %s",
        "UPDATE audit_auditentry SET after = NULL WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id >= %s",
    ],
)
def test_raw_sql_cannot_update_or_delete_an_entry(cast, sql):
    entry = AuditEntry.objects.order_by("id").first()
    with pytest.raises(IntegrityError, match="append-only"):
        _execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == entry.action


def test_the_flush_flag_never_allows_an_update(cast):
    entry = AuditEntry.objects.order_by("id").first()
    with audit_erasure_allowed(connection), pytest.raises(IntegrityError, match="append-only"):
        _execute("UPDATE audit_auditentry SET action = 'gia.mao' WHERE id = %s", [entry.pk])


@on_sqlite
def test_sqlite_deletes_only_while_the_connection_is_flushing(cast):
    count = AuditEntry.objects.count()
    with pytest.raises(IntegrityError, match="append-only"):
        _execute("DELETE FROM audit_auditentry")
    with audit_erasure_allowed(connection):
        _execute("DELETE FROM audit_auditentry")
    assert (count > 0, AuditEntry.objects.count()) == (True, 0)
    # The flag is down again after the block.
    _new_entry()
    with pytest.raises(IntegrityError, match="append-only"):
        _execute("DELETE FROM audit_auditentry")


@on_postgres
def test_postgres_refuses_delete_even_while_flushing_and_truncate_unless_flushing(cast):
    # The cast's inserts leave deferred foreign-key checks pending, which TRUNCATE refuses to
    # run over ("pending trigger events"); check them now, as a commit would.
    _execute("SET CONSTRAINTS ALL IMMEDIATE")
    with audit_erasure_allowed(connection), pytest.raises(IntegrityError, match="DELETE refused"):
        _execute("DELETE FROM audit_auditentry")
    with pytest.raises(IntegrityError, match="TRUNCATE refused"):
        _execute("TRUNCATE audit_auditentry")
    with audit_erasure_allowed(connection):
        _execute("TRUNCATE audit_auditentry")
    assert AuditEntry.objects.count() == 0
    with pytest.raises(IntegrityError, match="TRUNCATE refused"):
        _execute("TRUNCATE audit_auditentry")


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_the_database_audit_log_included(cast):
    """Transactional tests end with a flush: it must get through the triggers, on both vendors."""
    assert AuditEntry.objects.exists()
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEntry.objects.exists()
    _new_entry()
    with pytest.raises(IntegrityError, match="append-only"):
        _execute("DELETE FROM audit_auditentry")

"""`nghiquyet backup` / `nghiquyet restore`: round trip, checksum, refusals (issue 8)."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from nghiquyet.audit.models import AuditEntry
from nghiquyet.core.backup import (
    BackupError,
    backup_database,
    database_fingerprint,
    file_sha256,
    restore_database,
    verify_checksum,
)
from nghiquyet.orgs.services import org_update


def _backup_file(directory: Path) -> Path:
    out = io.StringIO()
    call_command("backup", output_dir=str(directory), stdout=out)
    (path,) = [p for p in directory.iterdir() if not p.name.endswith(".sha256")]
    assert f"Tệp sao lưu: {path}" in out.getvalue()
    return path


@pytest.mark.django_db(transaction=True)
def test_round_trip_restores_every_table_row_for_row(tmp_path, cast):
    before = database_fingerprint()
    path = _backup_file(tmp_path)
    checksum = path.with_name(path.name + ".sha256").read_text(encoding="utf-8")
    assert checksum == f"{file_sha256(path)}  {path.name}\n"

    org_update(actor=cast.tinhuy, org=cast.cell, short_name="Khóm đổi sau sao lưu")
    changed = database_fingerprint()
    assert changed["audit_auditentry"][0] == before["audit_auditentry"][0] + 1
    assert changed["orgs_organisation"] != before["orgs_organisation"]

    out = io.StringIO()
    call_command("restore", str(path), interactive=False, stdout=out)
    after = database_fingerprint()
    assert after == before
    # Every table the migrations made is there and counted, the audit log and users included.
    assert len(after) >= 40 and after["audit_auditentry"][0] > 0 and after["auth_user"][0] > 0
    rows = sum(count for count, _digest in after.values())
    assert f"{len(after)} bảng" in out.getvalue() and "dòng" in out.getvalue() and rows > 0
    # The restored database is live: a service writes through it again, audit included.
    org_update(actor=cast.tinhuy, org=cast.cell, short_name="Khóm sau khôi phục")
    assert AuditEntry.objects.count() == before["audit_auditentry"][0] + 1


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_and_the_database_kept(tmp_path, cast):
    path = _backup_file(tmp_path)
    before = database_fingerprint()
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="không khớp"):
        call_command("restore", str(path), interactive=False)
    assert database_fingerprint() == before


def test_restore_refuses_a_file_without_its_checksum_file(tmp_path):
    lone = tmp_path / "nghiquyet.sqlite3"
    lone.write_bytes(b"SQLite format 3\x00")
    with pytest.raises(BackupError, match="mã kiểm tra"):
        verify_checksum(lone)
    with pytest.raises(BackupError, match="Không tìm thấy tệp sao lưu"):
        verify_checksum(tmp_path / "khong-co.sqlite3")
    (tmp_path / "nghiquyet.sqlite3.sha256").write_text("abc  nghiquyet.sqlite3\n")
    with pytest.raises(BackupError, match="định dạng"):
        verify_checksum(lone)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's backup file check")
def test_sqlite_restore_refuses_a_file_that_is_not_a_database(tmp_path, transactional_db):
    fake = tmp_path / "gia.sqlite3"
    fake.write_bytes(b"khong phai SQLite" * 100)
    fake.with_name(fake.name + ".sha256").write_text(f"{file_sha256(fake)}  {fake.name}\n")
    before = database_fingerprint()
    with pytest.raises(CommandError, match="không phải cơ sở dữ liệu SQLite"):
        call_command("restore", str(fake), interactive=False)
    assert database_fingerprint() == before


def test_restore_refuses_to_run_inside_a_transaction(tmp_path, db):
    backup = backup_database(directory=tmp_path)
    with pytest.raises(BackupError, match="giao dịch"):
        restore_database(path=backup.path)


def test_backup_writes_its_file_under_a_final_name_only(tmp_path, transactional_db):
    backup = backup_database(directory=tmp_path / "moi")
    assert sorted(p.name for p in backup.path.parent.iterdir()) == [
        backup.path.name,
        backup.checksum_path.name,
    ]
    assert verify_checksum(backup.path) == backup.sha256 and backup.size > 0

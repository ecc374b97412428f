"""Whole-database backup and restore, each backup file with its SHA-256 checksum file.

``nghiquyet backup`` and ``nghiquyet restore`` (core/management/commands) are the entry points;
README "Sao lưu và khôi phục" gives the daily cron line.

- SQLite: SQLite's online backup API copies the live database page by page while the
  application keeps running (readers and writers wait at most a moment). The copy is switched
  out of WAL mode so that it is one self-contained file.
- PostgreSQL (``DATABASE_URL=postgres://...``): ``pg_dump --format=custom``; restore is
  ``pg_restore --clean --if-exists --single-transaction``. Both programs must be on PATH
  (Debian package ``postgresql-client``, same major version as the server or newer).

The checksum file sits next to the backup, named ``<backup>.sha256``, in ``sha256sum`` format
(``<64 hex digits>  <file name>``), so ``sha256sum -c`` checks it as well. Restore refuses a
file whose checksum file is missing or disagrees, before touching the database.
"""

import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

from nghiquyet.core.formats import format_number

CHECKSUM_SUFFIX = ".sha256"
_CHUNK = 1024 * 1024
# pg_dump and pg_restore of a province's database take seconds; an hour means something hangs.
_PG_TIMEOUT_SECONDS = 3600


class BackupError(Exception):
    """A backup or restore that could not be done; ``message`` is Vietnamese, for the operator."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Backup:
    """A backup file, its checksum file, the SHA-256 (64 hex digits) and the size in bytes."""

    path: Path
    checksum_path: Path
    sha256: str
    size: int


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, as 64 lowercase hex digits (read in 1 MiB chunks)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def backup_database(*, directory: Path, using: str = DEFAULT_DB_ALIAS) -> Backup:
    """Write a backup of database ``using`` into ``directory`` (created if missing).

    The file is ``nghiquyet-<vendor>-<YYYYmmdd-HHMMSS>.<sqlite3|dump>`` (UTC time), written
    under a temporary name and renamed when complete, then its checksum file. Raises
    ``BackupError`` for an unsupported database or a failing ``pg_dump``.
    """
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Không hỗ trợ sao lưu cơ sở dữ liệu loại {vendor}.")
    directory.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    suffix = "sqlite3" if vendor == "sqlite" else "dump"
    path = directory / f"nghiquyet-{vendor}-{stamp}.{suffix}"
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if vendor == "sqlite":
            _sqlite_backup(Path(connection.settings_dict["NAME"]), partial)
        else:
            options = ["--format=custom", "--no-owner", "--no-privileges", "--file", str(partial)]
            _pg_run("pg_dump", options, using)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return _write_checksum(path)


def restore_database(*, path: Path, using: str = DEFAULT_DB_ALIAS) -> None:
    """Replace database ``using`` with the backup at ``path``, after checking its checksum.

    Every table, row and (PostgreSQL) trigger and function comes from the backup; what the
    database held before is gone. Raises ``BackupError`` when the file or its checksum file is
    missing, the checksum disagrees, the file is not a backup of this kind of database, or
    ``pg_restore`` fails (PostgreSQL restores in one transaction: nothing is changed then).
    """
    verify_checksum(path)
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("Không khôi phục được trong một giao dịch đang mở.")
    if connection.vendor == "sqlite":
        _sqlite_check(path)
    elif connection.vendor != "postgresql":
        raise BackupError(f"Không hỗ trợ khôi phục cơ sở dữ liệu loại {connection.vendor}.")
    # The restore writes through its own connection; Django's must hold no transaction or lock.
    connection.close()
    if connection.vendor == "sqlite":
        with (
            _sqlite_open(path, readonly=True) as src,
            _sqlite_open(Path(connection.settings_dict["NAME"])) as dst,
        ):
            src.backup(dst)
    else:
        options = ["--clean", "--if-exists", "--no-owner", "--no-privileges"]
        _pg_run(
            "pg_restore", [*options, "--single-transaction", "--exit-on-error", str(path)], using
        )


def verify_checksum(path: Path) -> str:
    """Check ``path`` against ``<path>.sha256``; return the SHA-256 (64 hex digits).

    Raises ``BackupError`` naming the file when either file is missing, the checksum file is
    malformed, or the digest differs (a damaged or altered backup).
    """
    checksum_path = path.with_name(path.name + CHECKSUM_SUFFIX)
    if not path.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu {path}.")
    if not checksum_path.is_file():
        raise BackupError(f"Không tìm thấy tệp mã kiểm tra {checksum_path}; không khôi phục.")
    expected = checksum_path.read_text(encoding="utf-8").split(maxsplit=1)
    if not expected or len(expected[0]) != 64:
        raise BackupError(f"Tệp mã kiểm tra {checksum_path} không đúng định dạng sha256sum.")
    actual = file_sha256(path)
    if actual != expected[0].lower():
        raise BackupError(
            f"Mã kiểm tra SHA-256 của {path.name} không khớp với {checksum_path.name}: "
            "tệp sao lưu đã bị hỏng hoặc bị sửa; không khôi phục."
        )
    return actual


def database_fingerprint(using: str = DEFAULT_DB_ALIAS) -> dict[str, tuple[int, str]]:
    """Every table of database ``using`` as ``{table: (row count, SHA-256 of its rows)}``.

    A table's digest is over the sorted ``repr`` of its rows, so it does not depend on the
    order the database returns them in. For comparing a database before a backup and after
    its restore on the same vendor; it reads whole tables, so it is for checks, not pages.
    """
    connection = connections[using]
    quote = connection.ops.quote_name
    result: dict[str, tuple[int, str]] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 (introspected name)
            rows = sorted(repr(tuple(row)) for row in cursor.fetchall())
            digest = hashlib.sha256("\n".join(rows).encode("utf-8", "surrogatepass"))
            result[table] = (len(rows), digest.hexdigest())
    return result


def database_summary(seconds: float, using: str = DEFAULT_DB_ALIAS) -> str:
    """``"42 bảng, 1.234 dòng, 0,57 giây"``: the tables and rows of ``using`` and a duration."""
    tables = database_fingerprint(using)
    rows = sum(count for count, _digest in tables.values())
    duration = format_number(Decimal(str(round(seconds, 2))), 2)
    return f"{format_number(len(tables))} bảng, {format_number(rows)} dòng, {duration} giây"


def _write_checksum(path: Path) -> Backup:
    digest = file_sha256(path)
    checksum_path = path.with_name(path.name + CHECKSUM_SUFFIX)
    checksum_path.write_text(f"{digest}  {path.name}\n", encoding="utf-8")
    return Backup(path=path, checksum_path=checksum_path, sha256=digest, size=path.stat().st_size)


def _sqlite_backup(source: Path, target: Path) -> None:
    with _sqlite_open(source) as src, _sqlite_open(target) as dst:
        src.backup(dst)
        # One self-contained file: no -wal or -shm companion needed to read it.
        dst.execute("PRAGMA journal_mode=DELETE")


def _sqlite_check(backup: Path) -> None:
    with _sqlite_open(backup, readonly=True) as src:
        if src.execute("PRAGMA quick_check").fetchone() != ("ok",):
            raise BackupError(f"Tệp {backup.name} không phải cơ sở dữ liệu SQLite nguyên vẹn.")


@contextmanager
def _sqlite_open(path: Path, *, readonly: bool = False) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection to ``path``, closed (not only committed) on leaving."""
    target = f"{path.resolve().as_uri()}?mode=ro" if readonly else f"{path.resolve().as_uri()}"
    try:
        conn = sqlite3.connect(target, timeout=60, isolation_level=None, uri=True)
    except sqlite3.Error as exc:
        raise BackupError(f"Không mở được {path.name}: {exc}") from None
    try:
        conn.execute("PRAGMA schema_version")  # fails now if the file is not SQLite
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise BackupError(f"{path.name} không phải cơ sở dữ liệu SQLite: {exc}") from None
    try:
        yield conn
    finally:
        conn.close()


def _pg_run(program: str, args: list[str], using: str) -> None:
    """Run pg_dump or pg_restore with ``args`` against database ``using``'s server."""
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(f"Không tìm thấy chương trình {program} (cài gói postgresql-client).")
    settings_dict = connections[using].settings_dict
    completed = subprocess.run(  # noqa: S603 (fixed program, arguments from settings)
        [executable, "--dbname", settings_dict["NAME"], *args],
        env=_pg_environment(settings_dict),
        capture_output=True,
        text=True,
        timeout=_PG_TIMEOUT_SECONDS,
        check=False,
    )
    if completed.returncode != 0:
        raise BackupError(f"{program} thất bại (mã {completed.returncode}): {completed.stderr}")


def _pg_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq's variables for the configured server; the password never goes on the command line."""
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return env

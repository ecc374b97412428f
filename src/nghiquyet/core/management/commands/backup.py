import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from nghiquyet.core.backup import BackupError, backup_database, database_summary
from nghiquyet.core.formats import format_number


class Command(BaseCommand):
    help = (
        "Sao lưu toàn bộ cơ sở dữ liệu (SQLite: sao lưu trực tuyến; PostgreSQL: pg_dump) "
        "vào một tệp, kèm tệp mã kiểm tra SHA-256 <tệp>.sha256."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output-dir",
            default=None,
            help="Thư mục ghi tệp sao lưu (mặc định: <NGHIQUYET_VAR_DIR>/backups)",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        directory = Path(opts["output_dir"] or settings.VAR_DIR / "backups")
        started = time.monotonic()
        try:
            backup = backup_database(directory=directory)
        except BackupError as exc:
            raise CommandError(exc.message) from None
        seconds = time.monotonic() - started
        self.stdout.write(f"Tệp sao lưu: {backup.path} ({format_number(backup.size)} byte)")
        self.stdout.write(f"Mã kiểm tra: {backup.checksum_path} (SHA-256 {backup.sha256})")
        self.stdout.write(database_summary(seconds))

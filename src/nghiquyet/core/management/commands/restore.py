import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nghiquyet.core.backup import BackupError, database_summary, restore_database


class Command(BaseCommand):
    help = (
        "Khôi phục cơ sở dữ liệu từ một tệp của `nghiquyet backup`, sau khi kiểm tra mã SHA-256 "
        "trong <tệp>.sha256. Toàn bộ dữ liệu hiện có được thay bằng dữ liệu trong tệp."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp sao lưu (tệp .sha256 phải nằm cạnh nó)")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Không hỏi xác nhận",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["file"])
        if opts["interactive"]:
            question = f"Thay TOÀN BỘ dữ liệu hiện có bằng dữ liệu trong {path.name}?"
            answer = input(f"{question} Gõ 'co' để tiếp tục: ")
            if answer.strip().lower() not in {"co", "có"}:
                raise CommandError("Đã hủy; cơ sở dữ liệu không thay đổi.")
        started = time.monotonic()
        try:
            restore_database(path=path)
        except BackupError as exc:
            raise CommandError(exc.message) from None
        seconds = time.monotonic() - started
        self.stdout.write(f"Đã khôi phục {path.name}: {database_summary(seconds)}")

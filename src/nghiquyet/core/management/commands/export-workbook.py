from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from nghiquyet.core.workbook import export_workbook

from ._actor import actor_or_superuser


class Command(BaseCommand):
    help = "Xuất sổ Excel cùng cấu trúc với sổ nhập (nhập lại được)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--user", help="Xuất theo phạm vi quyền của người dùng này")
        parser.add_argument(
            "--sheet", action="append", help="Chỉ xuất trang tính này (lặp lại được)"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        book = export_workbook(actor=actor_or_superuser(opts.get("user")), sheets=opts.get("sheet"))
        book.save(opts["file"])
        self.stdout.write(f"Đã ghi {opts['file']}.")

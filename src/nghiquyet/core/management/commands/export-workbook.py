from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from nghiquyet.core.formats import format_number
from nghiquyet.core.workbook import CELL_MAX_CHARS, export_workbook

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
        cut: list[str] = []
        book = export_workbook(
            actor=actor_or_superuser(opts.get("user")), sheets=opts.get("sheet"), cut=cut
        )
        book.save(opts["file"])
        self.stdout.write(f"Đã ghi {opts['file']}.")
        if cut:
            self.stderr.write(
                f"{len(cut)} ô có văn bản dài quá {format_number(CELL_MAX_CHARS)} ký tự một ô "
                "Excel chứa được, đã cắt và đánh dấu (nhập lại tệp sẽ từ chối các ô này): "
                + ", ".join(cut)
            )

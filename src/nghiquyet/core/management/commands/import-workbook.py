from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nghiquyet.core.formats import format_number
from nghiquyet.core.workbook import (
    CREATED,
    UNCHANGED,
    UPDATED,
    ImportContext,
    WorkbookError,
    ignored_message,
    import_workbook,
)

from ._actor import actor_or_superuser


class Command(BaseCommand):
    help = "Nhập sổ Excel (tất cả hoặc không gì cả). Lỗi in dạng Sheet!A12: lý do."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không lưu")
        parser.add_argument(
            "--user", help="Người thực hiện (ghi vào nhật ký); mặc định quản trị hệ thống"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        actor = actor_or_superuser(opts.get("user"))
        try:
            ctx = import_workbook(path, actor=actor, dry_run=opts["dry_run"])
        except WorkbookError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Không nhập được: {len(exc.errors)} lỗi; chưa lưu gì.") from None
        verb = "Kiểm tra xong (chưa lưu)" if opts["dry_run"] else "Đã nhập"
        self.stdout.write(f"{verb}: {_summary(ctx)}.")
        for name, nearest in ctx.ignored:
            self.stderr.write(ignored_message(name, nearest))


def _summary(ctx: ImportContext) -> str:
    """``Số liệu: 4 dòng (thêm mới 3, cập nhật 1, không đổi 0)`` per sheet read."""
    parts = []
    for sheet in ctx.sheets:
        tally = ctx.changes.get(sheet, {})
        parts.append(
            f"{sheet}: {format_number(ctx.counts.get(sheet, 0))} dòng (thêm mới "
            f"{format_number(tally.get(CREATED, 0))}, cập nhật "
            f"{format_number(tally.get(UPDATED, 0))}, không đổi "
            f"{format_number(tally.get(UNCHANGED, 0))})"
        )
    return "; ".join(parts) or "không có dòng nào"

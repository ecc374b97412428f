import json
import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from nghiquyet.core.errors import ServiceError
from nghiquyet.core.periods import Period
from nghiquyet.core.report import build_report
from nghiquyet.orgs.selectors import org_get

FORMATS = ("json", "docx", "xlsx", "pdf")


class Command(BaseCommand):
    help = "Xuất báo cáo của một đơn vị cho một kỳ (JSON là dữ liệu gốc của các định dạng khác)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="Mã đơn vị, ví dụ T-DT")
        parser.add_argument(
            "--period", required=True, help="Kỳ: 2024, 2024Q1, 2024S1, 2024N9, 2024M01, 2020-2025"
        )
        parser.add_argument("--format", default="json", choices=FORMATS)
        parser.add_argument("-o", "--output", help="Tệp ghi ra (mặc định: màn hình)")
        parser.add_argument("--user", help="Xuất theo phạm vi quyền của người dùng này")
        parser.add_argument(
            "--kind",
            choices=("periodic", "so_ket", "tong_ket"),
            help="Loại báo cáo (docx, xlsx, pdf): periodic = định kỳ (mặc định; nhiệm kỳ: "
            "tổng kết), so_ket = sơ kết, tong_ket = tổng kết. Phần hạn chế, phương hướng lấy "
            "từ phiên bản mới nhất của dự thảo cùng đơn vị, kỳ và loại nếu đã có.",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            period = Period.parse(opts["period"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        actor = self._actor(opts.get("user"))
        # The unit is looked up within the actor's scope, like the API: a unit outside it is
        # "not found", whether or not it exists.
        try:
            org = org_get(actor, opts["org"])
            if opts["format"] != "json":
                self._write_file(org, period, actor, opts)
                return
            data = build_report(org=org, period=period, actor=actor)
        except ServiceError as exc:
            raise CommandError(exc.message) from None
        text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
        if opts.get("output"):
            with open(opts["output"], "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
        else:
            sys.stdout.write(text + "\n")

    def _write_file(self, org: Any, period: Period, actor: Any, opts: dict[str, Any]) -> None:
        """DOCX, XLSX or PDF from the same builder as the web page (``exports.files``)."""
        from nghiquyet.exports.files import render_report

        try:
            exported = render_report(
                org=org, period=period, actor=actor, fmt=opts["format"], kind=opts.get("kind")
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if opts.get("output"):
            with open(opts["output"], "wb") as fh:
                fh.write(exported.data)
        else:
            sys.stdout.buffer.write(exported.data)

    def _actor(self, username: str | None) -> Any:
        User = get_user_model()
        if username:
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"Không có người dùng “{username}”.")
            return user
        # The command line is run by the server's operator, who sees everything.
        return User(username="cli", is_superuser=True, is_active=True)

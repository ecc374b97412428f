from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from nghiquyet.core.formats import parse_date
from nghiquyet.notifications.services import reminders_send

from ._actor import actor_or_superuser


class Command(BaseCommand):
    help = (
        "Nhắc các đơn vị những việc quá hạn hoặc sắp đến hạn (trong ứng dụng và qua thư điện "
        "tử). Chạy lại trong cùng ngày không gửi thêm gì. Chạy hằng ngày (cron hoặc systemd)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Nhắc việc đến hạn trong số ngày này (mặc định NGHIQUYET_REMINDER_DAYS)",
        )
        parser.add_argument("--date", help="Ngày chạy (dd/mm/yyyy; mặc định hôm nay)")
        parser.add_argument("--user", help="Người chạy (mặc định quản trị hệ thống đầu tiên)")

    def handle(self, *args: Any, **opts: Any) -> None:
        days = opts["days"] if opts["days"] is not None else settings.NGHIQUYET_REMINDER_DAYS
        if not 0 <= days <= 366:
            raise CommandError("--days phải từ 0 đến 366.")
        try:
            today = parse_date(opts["date"]) if opts.get("date") else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--date: {exc}") from exc
        run = reminders_send(actor=actor_or_superuser(opts.get("user")), today=today, days=days)
        self.stdout.write(
            f"Đã tạo {run.notifications} thông báo, gửi {run.emails} thư điện tử "
            f"(ngày {today:%d/%m/%Y}, hạn trong {days} ngày)."
        )

import os
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from nghiquyet.core.demo import DEMO_LOGINS, DEMO_PASSWORD, DemoContext, load_demo
from nghiquyet.orgs.models import Organisation


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (một tỉnh theo mô hình Đồng Tháp sau 7/2025) và in tài khoản mẫu."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Nạp cả khi cơ sở dữ liệu đã có dữ liệu"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        if Organisation.objects.exists() and not opts["force"]:
            self.stdout.write("Cơ sở dữ liệu đã có dữ liệu mẫu; bỏ qua bước nạp.")
        else:
            self._load()
        self._print_logins()

    @transaction.atomic
    def _load(self) -> None:
        User = get_user_model()
        admin = User.objects.filter(username="admin").first() or User.objects.create_superuser(
            "admin", password=DEMO_PASSWORD, first_name="Quản trị", last_name="hệ thống"
        )
        ctx = DemoContext(actor=admin, today=timezone.localdate(), say=self.stdout.write)
        load_demo(ctx)

    def _print_logins(self) -> None:
        self.stdout.write("")
        self.stdout.write("Tài khoản mẫu (chỉ dùng cho bản demo), mật khẩu: " + DEMO_PASSWORD)
        for username, role, scope in DEMO_LOGINS:
            self.stdout.write(f"  {username:<8} {role:<10} {scope}")
        self.stdout.write("  admin    (quản trị hệ thống, trang /quan-tri-he-thong/)")
        # `make demo` passes the address it will serve (HOST and PORT), so the line is true.
        address = os.environ.get("NGHIQUYET_SERVE_URL", "http://127.0.0.1:8000")
        self.stdout.write(f"Mở {address} để bắt đầu.")

"""Demo data: each app's ``demo.py`` has ``load(ctx: DemoContext)``, called in app order.

Everything goes through the services, so the demo's audit log is real.
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User

from nghiquyet.core.contrib import app_modules

if TYPE_CHECKING:
    # Type only: the units are created by orgs.demo, a layer above core.
    from nghiquyet.orgs.models import Organisation

DEMO_PASSWORD = "nghiquyet-demo"
DEMO_LOGINS = [
    ("tinhuy", "quan_tri", "Tỉnh ủy Đồng Tháp (toàn tỉnh)"),
    ("xa", "nhap_lieu", "Đảng ủy phường Cao Lãnh"),
    ("chibo", "nhap_lieu", "Chi bộ Ấp 1, xã Mỹ Hiệp"),
    ("lanhdao", "xem", "Tỉnh ủy Đồng Tháp (chỉ xem)"),
]


@dataclass
class DemoContext:
    actor: User
    today: dt.date
    rng: random.Random = field(default_factory=lambda: random.Random(2025))
    orgs: "dict[str, Organisation]" = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    say: Callable[[str], None] = print

    def org(self, code: str) -> "Organisation":
        return self.orgs[code]


def load_demo(ctx: DemoContext) -> None:
    for module in app_modules("demo"):
        ctx.say(f"… {module.__name__}")
        module.load(ctx)

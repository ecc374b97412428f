"""Demo logins (password ``nghiquyet-demo``, demo only). See core.demo.DEMO_LOGINS."""

from nghiquyet.access.roles import Role
from nghiquyet.accounts.services import user_create
from nghiquyet.core.demo import DEMO_PASSWORD, DemoContext

USERS = [
    ("tinhuy", "Nguyễn Thị Hạnh", "DT", Role.QUAN_TRI),
    ("xa", "Trần Văn Bình", "P-CAO-LANH", Role.NHAP_LIEU),
    ("chibo", "Lê Thị Cúc", "X-MY-HIEP-CB1", Role.NHAP_LIEU),
    ("lanhdao", "Phạm Minh Đức", "DT", Role.XEM),
]


def load(ctx: DemoContext) -> None:
    for username, full_name, org_code, role in USERS:
        ctx.users[username] = user_create(
            actor=ctx.actor,
            username=username,
            password=DEMO_PASSWORD,
            full_name=full_name,
            organisation=ctx.org(org_code),
            role=role,
        )

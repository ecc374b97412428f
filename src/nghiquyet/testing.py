"""The test cast (STYLE.md §9), built through the real services like the demo.

One province with two communes, each with a cell; a province office admin (tinhuy), a commune
data-entry user (xa), a data-entry user of a cell in the other commune (chibo), a read-only
province leader (lanhdao) and the anonymous visitor.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User

from nghiquyet.access.roles import Role
from nghiquyet.accounts.services import membership_grant
from nghiquyet.orgs.models import Organisation, OrgKind
from nghiquyet.orgs.services import org_create

PASSWORD = "mat-khau-kiem-thu"


@dataclass
class Cast:
    root: User
    province: Organisation
    commune: Organisation
    cell: Organisation
    other_commune: Organisation
    other_cell: Organisation
    tinhuy: User
    xa: User
    chibo: User
    lanhdao: User
    anonymous: AnonymousUser = field(default_factory=AnonymousUser)

    def persona(self, name: str) -> User | AnonymousUser:
        return getattr(self, name)


PERSONAS = ("anonymous", "xa", "chibo", "lanhdao", "tinhuy")


def build_cast() -> Cast:
    root = User.objects.create_superuser("root", password=PASSWORD)
    since = dt.date(2025, 7, 1)

    def org(code: str, name: str, kind: str, parent: Organisation | None) -> Organisation:
        return org_create(
            actor=root,
            code=code,
            name=name,
            kind=kind,
            parent=parent,
            valid_from=since,
            body_code="ĐU",
            place_name=name.split(" ", 1)[-1],
        )

    province = org("T-DT", "Tỉnh ủy Đồng Tháp", OrgKind.TINH_UY, None)
    commune = org("P-CL", "Đảng ủy phường Cao Lãnh", OrgKind.DANG_UY_XA, province)
    cell = org("P-CL-CB1", "Chi bộ Khóm 1", OrgKind.CHI_BO_CO_SO, commune)
    other_commune = org("X-MH", "Đảng ủy xã Mỹ Hiệp", OrgKind.DANG_UY_XA, province)
    other_cell = org("X-MH-CB1", "Chi bộ Ấp 1", OrgKind.CHI_BO_CO_SO, other_commune)

    def user(username: str, scope: Organisation, role: str) -> User:
        u = User.objects.create_user(username, password=PASSWORD)
        membership_grant(actor=root, user=u, organisation=scope, role=role)
        return u

    return Cast(
        root=root,
        province=province,
        commune=commune,
        cell=cell,
        other_commune=other_commune,
        other_cell=other_cell,
        tinhuy=user("tinhuy", province, Role.QUAN_TRI),
        xa=user("xa", commune, Role.NHAP_LIEU),
        chibo=user("chibo", other_cell, Role.NHAP_LIEU),
        lanhdao=user("lanhdao", province, Role.XEM),
    )

"""Prepare the load test's database through the services (call ``build`` after Django setup).

A province, groups of ``UNITS_PER_GROUP`` communes, ``INDICATORS`` indicators, one quarterly
form issued by the province to every commune, the quarter of today open; one data-entry login
with an API key per commune, and read-only leaders on the province who sign in with a password.
"""

import secrets

from django.contrib.auth import get_user_model
from django.test import override_settings

from loadtest import scenario
from loadtest.scenario import Manifest
from nghiquyet.access.roles import Role
from nghiquyet.accounts.services import token_create, user_create
from nghiquyet.core.periods import PeriodKind, period_containing
from nghiquyet.indicators.models import Indicator
from nghiquyet.indicators.services import indicator_create
from nghiquyet.orgs.models import Organisation, OrgKind
from nghiquyet.orgs.services import OrgRow, orgs_create_many
from nghiquyet.reporting.rules import local_today
from nghiquyet.reporting.services import form_create

INDICATORS = 8
# Unit users authenticate with API keys only; their passwords are never typed, so a fast hash
# keeps seeding 1.000 of them from taking minutes of Argon2.
FAST_HASH = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def build(*, units: int, leaders: int) -> Manifest:
    """Create everything and return the manifest (keys and passwords in clear: a test file)."""
    User = get_user_model()
    admin = User.objects.create_superuser("lt-admin", password=None)
    province = _tree(admin, units)
    indicators = _indicators(admin)
    period = period_containing(local_today(), PeriodKind.QUARTER)
    form_create(
        actor=admin,
        owner=province,
        code=scenario.FORM,
        name="Biểu báo cáo quý (kiểm thử tải)",
        period_type=PeriodKind.QUARTER.value,
        indicators=indicators,
        org_kinds=[OrgKind.DANG_UY_XA],
    )
    return Manifest(
        form=scenario.FORM,
        period=period.code,
        province=province.code,
        units=_unit_users(admin, units),
        leaders=[_leader(admin, province, n) for n in range(leaders)],
        indicators={i.code: i.kind for i in indicators},
    )


def _tree(admin: object, units: int) -> Organisation:
    groups = -(-units // scenario.UNITS_PER_GROUP)
    rows = [OrgRow(scenario.PROVINCE, "Tỉnh ủy kiểm thử tải", OrgKind.TINH_UY, None)]
    rows += [
        OrgRow(scenario.group_code(g), f"Đảng bộ khối {g}", OrgKind.DANG_BO_TRUC_THUOC_TINH, "LT")
        for g in range(groups)
    ]
    rows += [
        OrgRow(
            scenario.unit_code(i),
            f"Đảng ủy xã {i}",
            OrgKind.DANG_UY_XA,
            scenario.group_code(i // scenario.UNITS_PER_GROUP),
        )
        for i in range(units)
    ]
    orgs_create_many(actor=admin, rows=rows)
    return Organisation.objects.get(code=scenario.PROVINCE)


def _indicators(admin: object) -> list[Indicator]:
    out = []
    for j in range(INDICATORS):
        kind = scenario.KINDS[j % len(scenario.KINDS)]
        ratio = kind == scenario.RATIO
        out.append(
            indicator_create(
                actor=admin,
                code=scenario.indicator_code(j),
                name=f"Chỉ tiêu kiểm thử tải {j}",
                unit="%" if ratio else "người",
                field_group="kinh_te",
                kind=kind,
                combine="tong",
                rolls_up=True,
                **({"factor": 100, "decimals": 2} if ratio else {}),
            )
        )
    return out


@override_settings(PASSWORD_HASHERS=FAST_HASH)
def _unit_users(admin: object, units: int) -> list[dict[str, str]]:
    by_code = dict(Organisation.objects.filter(kind=OrgKind.DANG_UY_XA).values_list("code", "pk"))
    out = []
    for i in range(units):
        code = scenario.unit_code(i)
        org = Organisation.objects.get(pk=by_code[code])
        user = user_create(
            actor=admin,
            username=f"lt-nhap-{i:04d}",
            password=secrets.token_urlsafe(16),
            full_name=f"Cán bộ nhập liệu {i}",
            organisation=org,
            role=Role.NHAP_LIEU,
        )
        issued = token_create(actor=user, name="Kiểm thử tải")
        out.append({"code": code, "token": issued.secret})
    return out


def _leader(admin: object, province: Organisation, n: int) -> dict[str, str]:
    password = secrets.token_urlsafe(16)
    user = user_create(
        actor=admin,
        username=f"lt-lanhdao-{n:02d}",
        password=password,
        full_name=f"Lãnh đạo {n}",
        organisation=province,
        role=Role.XEM,
    )
    return {"username": user.get_username(), "password": password}

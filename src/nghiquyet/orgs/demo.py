"""The demo province: Đồng Tháp after the 1 July 2025 reform, with a historic branch.

Ward and commune names are the real post-2025 units of Đồng Tháp (NSO list). Which old
wards of Cao Lãnh city fed which new ward is illustrative, not the official mapping.
"""

import datetime as dt

from nghiquyet.core.demo import DemoContext
from nghiquyet.core.text import fold
from nghiquyet.orgs.models import Organisation, OrgKind
from nghiquyet.orgs.services import org_create, org_merge, org_split, term_create

REFORM = dt.date(2025, 7, 1)
PROVINCE_LINE = "ĐẢNG BỘ TỈNH ĐỒNG THÁP"

WARDS = [
    "Phường Cao Lãnh",
    "Phường Mỹ Trà",
    "Phường Mỹ Ngãi",
    "Phường Sa Đéc",
    "Phường Hồng Ngự",
    "Phường An Bình",
    "Phường Thường Lạc",
    "Phường Mỹ Tho",
    "Phường Đạo Thạnh",
    "Phường Gò Công",
    "Phường Cai Lậy",
]
COMMUNES = [
    "Xã Mỹ Hiệp",
    "Xã Mỹ An Hưng",
    "Xã Tân Khánh Trung",
    "Xã Lấp Vò",
    "Xã Lai Vung",
    "Xã Tràm Chim",
    "Xã Tam Nông",
    "Xã Tháp Mười",
    "Xã Thanh Bình",
    "Xã Cái Bè",
    "Xã Chợ Gạo",
    "Xã Hòa Long",
    "Xã Phong Hòa",
    "Xã Ba Sao",
    "Xã Bình Hàng Trung",
]
PROVINCIAL_PARTY = [
    ("DT-CQD", "Đảng bộ các cơ quan Đảng tỉnh"),
    ("DT-UBND", "Đảng bộ Ủy ban nhân dân tỉnh"),
    ("DT-CA", "Đảng bộ Công an tỉnh"),
    ("DT-QS", "Đảng bộ Quân sự tỉnh"),
]
STAFF_BODIES = [
    ("DT-VP", "Văn phòng Tỉnh ủy", "VPTU"),
    ("DT-BTC", "Ban Tổ chức Tỉnh ủy", "BTCTU"),
    ("DT-BTGDV", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "BTGDVTU"),
    ("DT-UBKT", "Ủy ban Kiểm tra Tỉnh ủy", "UBKTTU"),
]
# Old units of Cao Lãnh city (pre-2025) and the new ward each one merged into.
OLD_CAO_LANH = {
    "Phường Cao Lãnh": ["Phường 1", "Phường 3", "Phường 4"],
    "Phường Mỹ Trà": ["Phường Mỹ Phú", "Phường Hòa Thuận", "Xã Hòa An"],
    "Phường Mỹ Ngãi": ["Phường 11", "Xã Mỹ Ngãi", "Xã Tịnh Thới"],
}


def unit_code(name: str, prefix: str = "") -> str:
    """``Phường Cao Lãnh`` -> ``P-CAO-LANH``; ``Xã Mỹ Hiệp`` -> ``X-MY-HIEP``."""
    kind, _, rest = name.partition(" ")
    head = {"phuong": "P", "xa": "X"}[fold(kind)]
    return prefix + head + "-" + fold(rest).upper().replace(" ", "-")


def load(ctx: DemoContext) -> None:
    province = _province(ctx)
    _provincial_units(ctx, province)
    for name in WARDS + COMMUNES:
        _commune(ctx, province, name)
    _historic_cao_lanh(ctx, province)


def _create(ctx: DemoContext, **fields: object) -> Organisation:
    org = org_create(actor=ctx.actor, **fields)  # type: ignore[arg-type]
    ctx.orgs[org.code] = org
    return org


def _province(ctx: DemoContext) -> Organisation:
    province = _create(
        ctx,
        code="DT",
        name="Tỉnh ủy Đồng Tháp",
        short_name="Tỉnh ủy",
        kind=OrgKind.TINH_UY,
        parent=None,
        body_code="TU",
        place_name="Đồng Tháp",
    )
    term_create(
        actor=ctx.actor,
        organisation=province,
        start_year=2025,
        end_year=2030,
        ordinal="I",
        congress_from=dt.date(2025, 10, 13),
        congress_to=dt.date(2025, 10, 15),
    )
    return province


def _provincial_units(ctx: DemoContext, province: Organisation) -> None:
    for code, name in PROVINCIAL_PARTY:
        unit = _create(
            ctx,
            code=code,
            name=name,
            kind=OrgKind.DANG_BO_TRUC_THUOC_TINH,
            parent=province,
            body_code="ĐU",
            superior_line=PROVINCE_LINE,
            place_name="Đồng Tháp",
            valid_from=REFORM,
        )
        for i in (1, 2):
            _create(
                ctx,
                code=f"{code}-CB{i}",
                name=f"Chi bộ cơ sở số {i}",
                kind=OrgKind.CHI_BO_CO_SO,
                parent=unit,
                body_code="CB",
                superior_line=name.upper(),
                place_name="Đồng Tháp",
                valid_from=REFORM,
            )
    for code, name, body in STAFF_BODIES:
        _create(
            ctx,
            code=code,
            name=name,
            kind=OrgKind.BAN_DANG,
            parent=province,
            body_code=body,
            superior_line="TỈNH ỦY ĐỒNG THÁP",
            place_name="Đồng Tháp",
        )
    _create(
        ctx,
        code="DT-UBT",
        name="Ủy ban nhân dân tỉnh Đồng Tháp",
        kind=OrgKind.UBND_TINH,
        parent=province,
        body_code="UBND",
        place_name="Đồng Tháp",
    )
    _create(
        ctx,
        code="DT-MTTQ",
        name="Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Đồng Tháp",
        kind=OrgKind.MAT_TRAN,
        parent=province,
        body_code="MTTQ",
        place_name="Đồng Tháp",
    )


def _commune(ctx: DemoContext, province: Organisation, name: str) -> Organisation:
    place = name.split(" ", 1)[1]
    code = unit_code(name)
    unit = _create(
        ctx,
        code=code,
        name=f"Đảng ủy {name[0].lower()}{name[1:]}",
        short_name=name,
        kind=OrgKind.DANG_UY_XA,
        parent=province,
        body_code="ĐU",
        superior_line=PROVINCE_LINE,
        place_name=place,
        valid_from=REFORM,
    )
    term_create(actor=ctx.actor, organisation=unit, start_year=2025, end_year=2030, ordinal="I")
    hamlet = "Khóm" if name.startswith("Phường") else "Ấp"
    for i in range(1, ctx.rng.randint(3, 5) + 1):
        _create(
            ctx,
            code=f"{code}-CB{i}",
            name=f"Chi bộ {hamlet} {i}",
            kind=OrgKind.CHI_BO_CO_SO,
            parent=unit,
            body_code="CB",
            superior_line=f"ĐẢNG BỘ {name.upper()}",
            place_name=place,
            valid_from=REFORM,
        )
    _create(
        ctx,
        code=f"{code}-UB",
        name=f"Ủy ban nhân dân {name[0].lower()}{name[1:]}",
        kind=OrgKind.UBND_XA,
        parent=unit,
        body_code="UBND",
        place_name=place,
        valid_from=REFORM,
    )
    return unit


def _historic_cao_lanh(ctx: DemoContext, province: Organisation) -> None:
    """Thành ủy Cao Lãnh, term IX 2020–2025, whose wards merged into new wards on 1/7/2025."""
    city = _create(
        ctx,
        code="TP-CL",
        name="Thành ủy Cao Lãnh",
        short_name="Thành ủy Cao Lãnh",
        kind=OrgKind.THANH_UY_TRUC_THUOC_TINH,
        parent=province,
        body_code="ThU",
        superior_line=PROVINCE_LINE,
        place_name="Cao Lãnh",
    )
    term_create(
        actor=ctx.actor,
        organisation=city,
        start_year=2020,
        end_year=2025,
        ordinal="IX",
        congress_from=dt.date(2020, 7, 14),
        congress_to=dt.date(2020, 7, 16),
    )
    new_units = []
    for new_name, old_names in OLD_CAO_LANH.items():
        olds = [_old_unit(ctx, city, n) for n in old_names]
        successor = ctx.org(unit_code(new_name))
        org_merge(
            actor=ctx.actor,
            predecessors=olds,
            successor=successor,
            effective=REFORM,
            note="Sắp xếp đơn vị hành chính cấp xã từ ngày 01/7/2025.",
        )
        new_units.append(successor)
    org_split(
        actor=ctx.actor,
        org=city,
        successors=new_units,
        effective=REFORM,
        note="Kết thúc hoạt động cấp huyện từ ngày 01/7/2025.",
    )


def _old_unit(ctx: DemoContext, city: Organisation, name: str) -> Organisation:
    code = unit_code(name, prefix="CL-")
    unit = _create(
        ctx,
        code=code,
        name=f"Đảng ủy {name[0].lower()}{name[1:]}",
        short_name=f"{name} (cũ)",
        kind=OrgKind.DANG_BO_CO_SO,
        parent=city,
        body_code="ĐU",
        superior_line="ĐẢNG BỘ THÀNH PHỐ CAO LÃNH",
        place_name="Cao Lãnh",
    )
    hamlet = "Khóm" if name.startswith("Phường") else "Ấp"
    for i in (1, 2):
        _create(
            ctx,
            code=f"{code}-CB{i}",
            name=f"Chi bộ {hamlet} {i} ({name} cũ)",
            kind=OrgKind.CHI_BO_CO_SO,
            parent=unit,
            body_code="CB",
            superior_line=f"ĐẢNG BỘ {name.upper()}",
            place_name="Cao Lãnh",
        )
    return unit

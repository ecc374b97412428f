"""Who issues a report and how its header and signature read, from the organisation.

Party units follow Hướng dẫn 36-HD/VPTW (DOMAIN.md §1.3): superior body in upper case, the
issuing body in upper case and bold, a "*" under them, ``Số 07-BC/TU`` without a colon, and
slashed authority prefixes (``T/M``). People's committees and the other State-side units follow
Nghị định 30/2020/NĐ-CP, Phụ lục I (DOMAIN.md §1.7): ``Số: 07/BC-UBND`` and dotted prefixes
(``TM.``).
"""

import datetime as dt
import unicodedata
from dataclasses import dataclass

from nghiquyet.core.formats import format_date_long
from nghiquyet.core.text import fold
from nghiquyet.orgs.models import PARTY_CELL_KINDS, Organisation, OrgKind

REPORT_CODE = "BC"
STATE_KINDS = frozenset(
    {
        OrgKind.UBND_TINH,
        OrgKind.UBND_XA,
        OrgKind.CO_QUAN_CHUYEN_MON,
        OrgKind.MAT_TRAN,
        OrgKind.DOAN_THE,
        OrgKind.AP_KHOM,
        OrgKind.TO_DAN_PHO,
        OrgKind.HOI_QUAN,
        OrgKind.TO_TU_QUAN,
    }
)
# Committees with a standing committee (ban thường vụ) sign on its behalf.
STANDING_COMMITTEE_KINDS = frozenset(
    {
        OrgKind.TINH_UY,
        OrgKind.DANG_BO_TRUC_THUOC_TINH,
        OrgKind.DANG_UY_XA,
        OrgKind.HUYEN_UY,
        OrgKind.THANH_UY_TRUC_THUOC_TINH,
        OrgKind.THI_UY,
        OrgKind.QUAN_UY,
    }
)
_PARTY_PREFIXES = (
    ("tỉnh ủy ", "đảng bộ tỉnh "),
    ("thành ủy ", "đảng bộ thành phố "),
    ("huyện ủy ", "đảng bộ huyện "),
    ("thị ủy ", "đảng bộ thị xã "),
    ("quận ủy ", "đảng bộ quận "),
    ("đảng ủy ", "đảng bộ "),
)


@dataclass(frozen=True)
class Letterhead:
    """The header and signature facts of one report. ``state`` selects NĐ 30/2020."""

    state: bool
    superior: str
    issuer: str
    number_line: str
    place_date: str
    authority: str
    title: str
    recipients: tuple[str, ...]


def is_state(org: Organisation) -> bool:
    return org.kind in STATE_KINDS


def number_line(org: Organisation, number: int | None) -> str:
    """``Số 07-BC/TU`` (HD36 §1.3: no colon, hyphen then slash) or ``Số: 07/BC-UBND`` (NĐ 30,
    Phụ lục I: colon, slash then hyphen). Numbers below 10 take a leading zero; without a
    number the space is left blank for the office to fill in on issue."""
    text = f"{number:02d}" if number else "      "
    body = org.body_code or ("UBND" if is_state(org) else "")
    if is_state(org):
        return f"Số: {text}/{REPORT_CODE}-{body}"
    return f"Số {text}-{REPORT_CODE}/{body}"


def place_date(org: Organisation, day: dt.date) -> str:
    """``Đồng Tháp, ngày 05 tháng 01 năm 2026``: day below 10 and month below 3 padded
    (HD36 §1.3 "Place and date line"; the same rule in NĐ 30, Phụ lục I)."""
    return f"{place_of(org)}, {format_date_long(day)}"


# Words that name the body, then the kind of administrative unit, before a place's own name.
_BODY_WORDS = (
    "đảng ủy", "đảng bộ", "tỉnh ủy", "thành ủy", "huyện ủy", "thị ủy", "quận ủy", "chi bộ",
    "ủy ban nhân dân", "ubnd", "ủy ban mặt trận tổ quốc việt nam", "ủy ban mttq",
)  # fmt: skip
_UNIT_WORDS = (
    "thành phố",
    "thị trấn",
    "thị xã",
    "đặc khu",
    "tỉnh",
    "huyện",
    "quận",
    "phường",
    "xã",
)


def place_of(org: Organisation) -> str:
    """The địa danh of ``org``'s documents: the administrative unit where it sits (HD36 §1.3;
    NĐ 30, Phụ lục I). The unit's own ``place_name``, else the nearest ancestor's (a chi bộ
    sits in its commune), else read from its name (a chi bộ's: its parent's): "Đảng ủy
    phường Cao Lãnh" -> "Cao Lãnh", keeping the unit word when the name is a number or one
    syllable ("Phường 1")."""
    if org.place_name:
        return org.place_name
    above = Organisation.objects.filter(path__in=org.ancestor_paths).exclude(place_name="")
    nearest = above.order_by("-path").values_list("place_name", flat=True).first()
    if nearest:
        return nearest
    named = org.parent if org.kind in PARTY_CELL_KINDS and org.parent else org
    return _place_from_name(named.name)


def _place_from_name(name: str) -> str:
    # NFC keeps one character per letter, so the folded text lines up with the original.
    rest = " ".join(unicodedata.normalize("NFC", name).split())
    for words in _BODY_WORDS:
        if fold(rest).startswith(fold(words) + " "):
            rest = rest[len(words) + 1 :]
            break
    for words in _UNIT_WORDS:
        if fold(rest).startswith(fold(words) + " "):
            own = rest[len(words) + 1 :]
            if own.replace(" ", "").isdigit() or " " not in own:
                return rest[0].upper() + rest[1:]
            return own
    return rest


def superior_line(org: Organisation) -> str:
    """The direct superior body in upper case: the unit's own setting, else from its parent
    ("Tỉnh ủy Đồng Tháp" above -> "ĐẢNG BỘ TỈNH ĐỒNG THÁP"); none for a root. A State-side
    unit takes only a State superior (a Sở under the provincial UBND), never a Party one."""
    if org.superior_line:
        return org.superior_line.upper()
    parent = org.parent
    if parent is None or org.kind in (OrgKind.UBND_TINH, OrgKind.UBND_XA):
        # A people's committee heads its own documents: NĐ 30 writes no superior above it.
        return ""
    if is_state(org) and parent.kind not in STATE_KINDS:
        return ""
    name = parent.name
    if org.kind != OrgKind.BAN_DANG:
        for prefix, replacement in _PARTY_PREFIXES:
            if name.lower().startswith(prefix):
                name = replacement + name[len(prefix) :]
                break
    return name.upper()


def signature(org: Organisation) -> tuple[str, str]:
    """Authority line and title of the signer (HD36 §1.3 "Signature block"; NĐ 30 for State)."""
    kind = org.kind
    if kind in (OrgKind.UBND_TINH, OrgKind.UBND_XA):
        return "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
    if kind == OrgKind.MAT_TRAN:
        return "TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH"
    if kind in STATE_KINDS:
        return "", "THỦ TRƯỞNG ĐƠN VỊ"
    if kind in STANDING_COMMITTEE_KINDS:
        return "T/M BAN THƯỜNG VỤ", "BÍ THƯ"
    if kind in PARTY_CELL_KINDS:
        return "T/M CHI BỘ", "BÍ THƯ"
    if kind == OrgKind.BAN_DANG:
        return _staff_body_signature(org.name.lower())
    return "T/M ĐẢNG ỦY", "BÍ THƯ"


def _staff_body_signature(name: str) -> tuple[str, str]:
    if name.startswith("văn phòng"):
        return "", "CHÁNH VĂN PHÒNG"
    if name.startswith("ủy ban kiểm tra"):
        return "T/M ỦY BAN KIỂM TRA", "CHỦ NHIỆM"
    return "", "TRƯỞNG BAN"


def recipients(org: Organisation) -> tuple[str, ...]:
    """Default recipients: the superior body (to report to), the leaders, the file copy."""
    lines = [f"{org.parent.name} (b/c)"] if org.parent else []
    lines.append("Các đồng chí lãnh đạo đơn vị")
    lines.append("Lưu: VT" if is_state(org) else "Lưu Văn phòng")
    return (*(f"- {line}," for line in lines[:-1]), f"- {lines[-1]}.")


def issuer_name(org: Organisation) -> str:
    """The unit's name in upper case; a people's committee on two lines, as NĐ 30 sets it:
    "ỦY BAN NHÂN DÂN" then "PHƯỜNG CAO LÃNH"."""
    name = org.name.upper()
    committee = "ỦY BAN NHÂN DÂN "
    if org.kind in (OrgKind.UBND_TINH, OrgKind.UBND_XA) and name.startswith(committee):
        return committee.strip() + "\n" + name[len(committee) :]
    return name


def letterhead(org: Organisation, *, number: int | None, day: dt.date) -> Letterhead:
    authority, title = signature(org)
    return Letterhead(
        state=is_state(org),
        superior=superior_line(org),
        issuer=issuer_name(org),
        number_line=number_line(org, number),
        place_date=place_date(org, day),
        authority=authority,
        title=title,
        recipients=recipients(org),
    )

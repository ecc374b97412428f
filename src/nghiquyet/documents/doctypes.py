"""Document types and their default type codes, for Party and State documents.

Party types follow Quy định 66-QĐ/TW and Hướng dẫn 36-HD/VPTW (DOMAIN.md §1.5); State types
follow Nghị định 30/2020/NĐ-CP, Phụ lục III (DOMAIN.md §1.7). The code is only a default: a
document stores its type and its code separately, because Quy định appears as QĐ or QĐi and
local variants such as CTHĐ exist. Codes marked [?] in DOMAIN.md are defaults users can edit.
"""

from django.db import models


class Scheme(models.TextChoices):
    DANG = "dang", "Văn bản của Đảng"
    NHA_NUOC = "nha_nuoc", "Văn bản hành chính nhà nước"


class DocType(models.TextChoices):
    CUONG_LINH = "cuong_linh", "Cương lĩnh"
    DIEU_LE = "dieu_le", "Điều lệ"
    CHIEN_LUOC = "chien_luoc", "Chiến lược"
    NGHI_QUYET = "nghi_quyet", "Nghị quyết"
    QUYET_DINH = "quyet_dinh", "Quyết định"
    CHI_THI = "chi_thi", "Chỉ thị"
    KET_LUAN = "ket_luan", "Kết luận"
    QUY_CHE = "quy_che", "Quy chế"
    QUY_DINH = "quy_dinh", "Quy định"
    THONG_TRI = "thong_tri", "Thông tri"
    HUONG_DAN = "huong_dan", "Hướng dẫn"
    THONG_BAO = "thong_bao", "Thông báo"
    THONG_CAO = "thong_cao", "Thông cáo"
    TUYEN_BO = "tuyen_bo", "Tuyên bố"
    LOI_KEU_GOI = "loi_keu_goi", "Lời kêu gọi"
    BAO_CAO = "bao_cao", "Báo cáo"
    KE_HOACH = "ke_hoach", "Kế hoạch"
    QUY_HOACH = "quy_hoach", "Quy hoạch"
    CHUONG_TRINH = "chuong_trinh", "Chương trình"
    DE_AN = "de_an", "Đề án"
    TO_TRINH = "to_trinh", "Tờ trình"
    CONG_VAN = "cong_van", "Công văn"
    BIEN_BAN = "bien_ban", "Biên bản"
    BAN_SAO = "ban_sao", "Bản sao"
    GIAY_GIOI_THIEU = "giay_gioi_thieu", "Giấy giới thiệu"
    GIAY_CHUNG_NHAN = "giay_chung_nhan", "Giấy chứng nhận"
    GIAY_DI_DUONG = "giay_di_duong", "Giấy đi đường"
    GIAY_NGHI_PHEP = "giay_nghi_phep", "Giấy nghỉ phép"
    PHIEU_GUI = "phieu_gui", "Phiếu gửi"
    PHUONG_AN = "phuong_an", "Phương án"
    DU_AN = "du_an", "Dự án"
    HOP_DONG = "hop_dong", "Hợp đồng"
    CONG_DIEN = "cong_dien", "Công điện"
    BAN_GHI_NHO = "ban_ghi_nho", "Bản ghi nhớ"
    BAN_THOA_THUAN = "ban_thoa_thuan", "Bản thỏa thuận"
    GIAY_UY_QUYEN = "giay_uy_quyen", "Giấy ủy quyền"
    GIAY_MOI = "giay_moi", "Giấy mời"
    PHIEU_CHUYEN = "phieu_chuyen", "Phiếu chuyển"
    PHIEU_BAO = "phieu_bao", "Phiếu báo"
    NGHI_DINH = "nghi_dinh", "Nghị định"
    THONG_TU = "thong_tu", "Thông tư"
    LUAT = "luat", "Luật"


T = DocType

# Party type codes (HD36 §1.5). Codes without evidence in DOMAIN.md are [?] defaults.
PARTY_CODES: dict[str, str] = {
    T.CUONG_LINH: "CL",
    T.DIEU_LE: "ĐL",
    T.CHIEN_LUOC: "CLc",
    T.NGHI_QUYET: "NQ",
    T.QUYET_DINH: "QĐ",
    T.CHI_THI: "CT",
    T.KET_LUAN: "KL",
    T.QUY_CHE: "QC",
    T.QUY_DINH: "QĐi",
    T.THONG_TRI: "TT",
    T.HUONG_DAN: "HD",
    T.THONG_BAO: "TB",
    T.THONG_CAO: "TC",
    T.TUYEN_BO: "TBo",
    T.LOI_KEU_GOI: "LKG",
    T.BAO_CAO: "BC",
    T.KE_HOACH: "KH",
    T.QUY_HOACH: "QH",
    T.CHUONG_TRINH: "CTr",
    T.DE_AN: "ĐA",
    T.TO_TRINH: "TTr",
    T.CONG_VAN: "CV",
    T.BIEN_BAN: "BB",
    T.BAN_SAO: "BS",
    T.GIAY_GIOI_THIEU: "GGT",
    T.GIAY_CHUNG_NHAN: "GCN",
    T.GIAY_DI_DUONG: "GĐĐ",
    T.GIAY_NGHI_PHEP: "GNP",
    T.PHIEU_GUI: "PG",
}

# State type codes: the 27 administrative types of NĐ 30/2020, Phụ lục III, in its order (a
# công văn has no code), a copy (SY, its first copy code; see STATE_VARIANT_CODES) and the
# legal documents cited beside them (NĐ, TT; a Luật has no code).
STATE_CODES: dict[str, str] = {
    T.NGHI_QUYET: "NQ",
    T.QUYET_DINH: "QĐ",
    T.CHI_THI: "CT",
    T.QUY_CHE: "QC",
    T.QUY_DINH: "QyĐ",
    T.THONG_CAO: "TC",
    T.THONG_BAO: "TB",
    T.HUONG_DAN: "HD",
    T.CHUONG_TRINH: "CTr",
    T.KE_HOACH: "KH",
    T.PHUONG_AN: "PA",
    T.DE_AN: "ĐA",
    T.DU_AN: "DA",
    T.BAO_CAO: "BC",
    T.BIEN_BAN: "BB",
    T.TO_TRINH: "TTr",
    T.HOP_DONG: "HĐ",
    T.CONG_DIEN: "CĐ",
    T.BAN_GHI_NHO: "BGN",
    T.BAN_THOA_THUAN: "BTT",
    T.GIAY_UY_QUYEN: "GUQ",
    T.GIAY_MOI: "GM",
    T.GIAY_GIOI_THIEU: "GGT",
    T.GIAY_NGHI_PHEP: "GNP",
    T.PHIEU_GUI: "PG",
    T.PHIEU_CHUYEN: "PC",
    T.PHIEU_BAO: "PB",
    T.CONG_VAN: "",
    T.BAN_SAO: "SY",
    T.NGHI_DINH: "NĐ",
    T.THONG_TU: "TT",
    T.LUAT: "",
}

# The other State codes, each with its name and the type it is a kind of: the three copies
# of NĐ 30/2020, Phụ lục III (Điều 25–27: sao y, trích sao, sao lục) and the joint legal
# documents (Luật Ban hành văn bản quy phạm pháp luật 2008), as in 19/2008/NQLT/CP-UBTUMTTQVN.
STATE_VARIANT_CODES: dict[str, tuple[str, str]] = {
    "SY": ("Bản sao y", T.BAN_SAO),
    "TrS": ("Bản trích sao", T.BAN_SAO),
    "SL": ("Bản sao lục", T.BAN_SAO),
    "NQLT": ("Nghị quyết liên tịch", T.NGHI_QUYET),
    "TTLT": ("Thông tư liên tịch", T.THONG_TU),
}

CODES_BY_SCHEME: dict[str, dict[str, str]] = {
    Scheme.DANG: PARTY_CODES,
    Scheme.NHA_NUOC: STATE_CODES,
}

# Words that name a type in running text, longest first so "Chương trình hành động" wins.
TYPE_NAMES: dict[str, str] = {
    "chương trình hành động": T.CHUONG_TRINH,
    **{name.lower(): doc_type for name, doc_type in STATE_VARIANT_CODES.values()},
    **{label.lower(): value for value, label in DocType.choices},
}


# Politburo "Quy định" documents are numbered in the QĐ series too (DOMAIN.md §1.5).
AMBIGUOUS_CODES = frozenset({"QĐ"})


# Codes are written in mixed case (QĐi, CTr, QyĐ, TrS); all-caps headings print them in
# capitals (07-QĐI/TW). Upper-cased, every known code is still unique within its scheme.
_CANONICAL: dict[str, dict[str, str]] = {
    scheme: {code.upper(): code for code in codes.values() if code}
    for scheme, codes in CODES_BY_SCHEME.items()
}
_CANONICAL[Scheme.NHA_NUOC] |= {code.upper(): code for code in STATE_VARIANT_CODES}


def canonical_code(scheme: str, code: str) -> str:
    """``QĐI`` -> ``QĐi`` (Party), ``QYĐ`` -> ``QyĐ``, ``SY`` -> ``SY``; a code that is not a
    known code of ``scheme`` (a local one such as ``CTHĐ``) is returned as written."""
    return _CANONICAL.get(scheme, {}).get(code.upper(), code)


def is_type_code(scheme: str, code: str) -> bool:
    """Whether ``code`` is, case aside, the default code of a type of ``scheme``."""
    return code.upper() in _CANONICAL.get(scheme, {})


def default_code(scheme: str, doc_type: str) -> str:
    return CODES_BY_SCHEME.get(scheme, {}).get(doc_type, "")


def is_allowed(scheme: str, doc_type: str) -> bool:
    return doc_type in CODES_BY_SCHEME.get(scheme, {})


def type_from_code(scheme: str, code: str) -> str:
    """The type whose default code is ``code`` when exactly one type uses it, else ``""``.

    ``QĐ`` and ``TT`` are shared by several types, so they give no type: the user chooses.
    """
    if code in AMBIGUOUS_CODES:
        return ""
    codes = CODES_BY_SCHEME.get(scheme, {})
    matches = [t for t, c in codes.items() if c and c == code]
    if not matches and scheme == Scheme.NHA_NUOC and code in STATE_VARIANT_CODES:
        return STATE_VARIANT_CODES[code][1]
    return matches[0] if len(matches) == 1 else ""

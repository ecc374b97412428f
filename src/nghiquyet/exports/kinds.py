"""Kinds of report and the summary line (trích yếu) each kind writes under "BÁO CÁO".

A periodic report (báo cáo định kỳ) takes its kind from the period: quý, 6 tháng, 9 tháng,
năm (and tháng). A review is chosen: sơ kết (mid-way: half-year, year or part of a term) or
tổng kết (year or whole term). DOMAIN.md §5.2.
"""

from django.db import models

from nghiquyet.core.periods import Period, PeriodKind


class ReportKind(models.TextChoices):
    THANG = "thang", "Báo cáo tháng"
    QUY = "quy", "Báo cáo quý"
    SAU_THANG = "sau_thang", "Báo cáo 6 tháng"
    CHIN_THANG = "chin_thang", "Báo cáo 9 tháng"
    NAM = "nam", "Báo cáo năm"
    SO_KET = "so_ket", "Báo cáo sơ kết"
    TONG_KET = "tong_ket", "Báo cáo tổng kết"


class Choice(models.TextChoices):
    """What the user picks; periodic kinds are then derived from the period."""

    DINH_KY = "dinh_ky", "Báo cáo định kỳ"
    SO_KET = "so_ket", "Sơ kết"
    TONG_KET = "tong_ket", "Tổng kết"


PERIODIC = {
    PeriodKind.MONTH: ReportKind.THANG,
    PeriodKind.QUARTER: ReportKind.QUY,
    PeriodKind.HALF: ReportKind.SAU_THANG,
    PeriodKind.NINE_MONTHS: ReportKind.CHIN_THANG,
    PeriodKind.YEAR: ReportKind.NAM,
}
REVIEW_PERIODS = {
    Choice.SO_KET: {PeriodKind.HALF, PeriodKind.YEAR, PeriodKind.TERM},
    Choice.TONG_KET: {PeriodKind.YEAR, PeriodKind.TERM},
}


def derive_kind(period: Period, choice: str) -> ReportKind:
    """The report kind for ``period`` and the user's ``choice`` (``Choice`` value).

    Raises ValueError with a Vietnamese message naming the period when the pair does not
    exist: a periodic report of a term, a tổng kết of a quarter, and so on.
    """
    if choice == Choice.DINH_KY:
        if period.kind not in PERIODIC:
            raise ValueError(f"Kỳ {period.label.lower()} không có báo cáo định kỳ; chọn tổng kết.")
        return PERIODIC[period.kind]
    allowed = REVIEW_PERIODS.get(Choice(choice)) if choice in Choice.values else None
    if allowed is None:
        raise ValueError(f"Loại báo cáo “{choice}” không hợp lệ.")
    if period.kind not in allowed:
        raise ValueError(
            f"Không lập báo cáo {Choice(choice).label.lower()} cho kỳ {period.label.lower()}."
        )
    return ReportKind(choice)


def period_phrase(period: Period) -> str:
    """``Quý III/2025`` -> ``quý III năm 2025``; ``Năm 2025`` -> ``năm 2025``."""
    if period.kind is PeriodKind.QUARTER:
        return f"quý {period.label.split()[1].split('/')[0]} năm {period.year}"
    if period.kind is PeriodKind.MONTH:
        return f"tháng {period.index:02d} năm {period.year}"
    label = period.label
    return label[0].lower() + label[1:]


def summary_line(kind: str, period: Period) -> str:
    """The trích yếu under "BÁO CÁO" (HD 36-HD/VPTW §II.1, element 5: type name and summary)."""
    phrase = period_phrase(period)
    if kind == ReportKind.SO_KET:
        return f"sơ kết {phrase} thực hiện nghị quyết"
    if kind == ReportKind.TONG_KET:
        return f"tổng kết {phrase} thực hiện nghị quyết"
    return f"kết quả thực hiện nghị quyết {phrase}"

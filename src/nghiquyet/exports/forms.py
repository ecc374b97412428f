"""Forms of the report page: the period and kind of a new draft, and a draft's editable parts."""

import datetime as dt

from django import forms
from django.utils import timezone

from nghiquyet.core.periods import Period, PeriodKind
from nghiquyet.exports.kinds import Choice
from nghiquyet.exports.models import NARRATIVE_MAX
from nghiquyet.web.forms import VNDateField

YEARS_BACK = 3


def period_choices(today: dt.date | None = None) -> list[tuple[str, str]]:
    """Recent periods, newest year first, each labelled the way reports write it
    ("Quý III/2025", "6 tháng đầu năm 2025", "9 tháng năm 2025", "Năm 2025"), then terms."""
    year = (today or timezone.localdate()).year
    out: list[tuple[str, str]] = []
    for y in range(year, year - YEARS_BACK, -1):
        periods = [Period(PeriodKind.YEAR, y), Period(PeriodKind.NINE_MONTHS, y)]
        periods += [Period(PeriodKind.HALF, y, i) for i in (2, 1)]
        periods += [Period(PeriodKind.QUARTER, y, i) for i in (4, 3, 2, 1)]
        out += [(p.code, p.label) for p in periods]
    end = year + (5 - year % 5) % 5
    for last in (end, end - 5):
        term = Period(PeriodKind.TERM, last - 5, 0, last)
        out.append((term.code, term.label))
    return out


class DraftCreateForm(forms.Form):
    period = forms.ChoiceField(label="Kỳ báo cáo", choices=period_choices)
    kind = forms.ChoiceField(label="Loại báo cáo", choices=Choice.choices, initial=Choice.DINH_KY)


class DraftEditForm(forms.Form):
    limitations = forms.CharField(
        label="Hạn chế, nguyên nhân",
        required=False,
        max_length=NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    directions = forms.CharField(
        label="Phương hướng, nhiệm vụ kỳ tới",
        required=False,
        max_length=NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    doc_number = forms.IntegerField(
        label="Số văn bản (để trống nếu chưa cấp số)",
        required=False,
        min_value=1,
        max_value=99_999,
    )
    report_date = VNDateField(label="Ngày báo cáo")
    refresh = forms.BooleanField(label="Cập nhật lại số liệu theo dữ liệu hiện tại", required=False)

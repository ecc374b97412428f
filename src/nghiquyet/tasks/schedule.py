"""Due dates of a task: its deadline, or one per period of its recurrence.

A recurring task is due ``offset`` days after the start of each month, quarter or year
(offset 0 is the first day), for every period whose due date falls between the task's start
and ``until``. Each due date is one :class:`~nghiquyet.tasks.models.Occurrence`, opened at the
start of its period (not before the task's start).
"""

import datetime as dt

from nghiquyet.tasks.models import Recurrence

# The largest offset that keeps the due date inside its period, whatever the month or year.
MAX_OFFSET = {Recurrence.THANG: 27, Recurrence.QUY: 89, Recurrence.NAM: 364}
MONTHS = {Recurrence.THANG: 1, Recurrence.QUY: 3, Recurrence.NAM: 12}
MAX_OCCURRENCES = 240
MAX_YEARS = 20


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _period_start(day: dt.date, recurrence: str) -> dt.date:
    step = MONTHS[Recurrence(recurrence)]
    month = (day.month - 1) // step * step + 1
    return dt.date(day.year, month, 1)


def occurrence_dates(
    *,
    start: dt.date,
    deadline: dt.date | None,
    recurrence: str = "",
    offset: int = 0,
    until: dt.date | None = None,
) -> list[tuple[dt.date, dt.date]]:
    """``[(opens_on, due_date), ...]`` in date order; a one-off task gives one pair.

    Assumes the inputs were checked (``check_schedule``): a one-off task has ``deadline``,
    a recurring one ``until``.
    """
    if not recurrence or until is None:
        return [(start, deadline)] if deadline is not None else []
    out: list[tuple[dt.date, dt.date]] = []
    period = _period_start(start, recurrence)
    while period <= until and len(out) < MAX_OCCURRENCES:
        due = period + dt.timedelta(days=offset)
        if start <= due <= until:
            out.append((max(period, start), due))
        period = _add_months(period, MONTHS[Recurrence(recurrence)])
    return out


def check_schedule(
    start: dt.date,
    deadline: dt.date | None,
    recurrence: str,
    offset: int,
    until: dt.date | None,
) -> dict[str, str]:
    """Vietnamese errors by field for a deadline or a recurrence; ``{}`` when valid."""
    if recurrence not in Recurrence.values:
        return {"recurrence": f"Kiểu lặp lại “{recurrence}” không hợp lệ."}
    if not recurrence:
        if deadline is None:
            return {"deadline": "Chưa nhập thời hạn (hoặc chọn kiểu lặp lại)."}
        if deadline < start:
            return {"deadline": "Thời hạn không được trước ngày bắt đầu."}
        return {}
    return _check_recurrence(start, deadline, recurrence, offset, until)


def _check_recurrence(
    start: dt.date, deadline: dt.date | None, recurrence: str, offset: int, until: dt.date | None
) -> dict[str, str]:
    if deadline is not None:
        return {"deadline": "Nhiệm vụ lặp lại không có thời hạn riêng; để trống thời hạn."}
    limit = MAX_OFFSET[Recurrence(recurrence)]
    if not 0 <= offset <= limit:
        return {"recurrence_offset": f"Số ngày từ đầu kỳ phải từ 0 đến {limit}."}
    if until is None:
        return {"recurrence_until": "Chưa nhập ngày kết thúc lặp lại."}
    if until < start:
        return {"recurrence_until": "Ngày kết thúc lặp lại không được trước ngày bắt đầu."}
    if until.year - start.year > MAX_YEARS:
        return {"recurrence_until": f"Chỉ lặp lại tối đa {MAX_YEARS} năm."}
    if not occurrence_dates(
        start=start, deadline=None, recurrence=recurrence, offset=offset, until=until
    ):
        return {"recurrence_until": "Không có kỳ nào đến hạn trong khoảng thời gian này."}
    return {}

"""The reporting part of the unit's inbox (``core/inbox.py``).

For the unit: each form it reports, the latest ended period (what is reported now) while the
report is not sent, with its deadline (``rules.deadline``): "Chưa gửi", "Đang nhập", "Quá hạn,
chưa gửi" once the deadline passed; and every report returned to it ("Bị trả lại", with the
reason) until it is sent again. For the level above: each report sent by a unit below on a
form the unit issued, waiting for the user's approval (only when the user may approve).

Queries: the unit's forms (2), its submissions (1), the sent reports below (1).
"""

import datetime as dt

from django.urls import reverse

from nghiquyet.access.scoping import AnyUser, grant_paths, is_everywhere
from nghiquyet.core.inbox import InboxItem, Tone
from nghiquyet.core.paths import is_under
from nghiquyet.core.periods import Period
from nghiquyet.core.text import fold
from nghiquyet.orgs.models import Organisation
from nghiquyet.reporting import selectors
from nghiquyet.reporting.models import ReportingForm, Submission, SubmissionStatus
from nghiquyet.reporting.rules import can_approve, deadline, periods_within

KIND = "bao_cao"


def latest_ended_period(form: ReportingForm, today: dt.date) -> Period | None:
    """The latest period of ``form``'s type that ended before ``today`` (what is reported now)."""
    candidates = periods_within(form, Period.parse(f"{today.year - 2}-{today.year}"))
    ended = [p for p in candidates if p.end < today]
    return max(ended, key=lambda p: p.end) if ended else None


def _grid_url(form: ReportingForm, org: Organisation, period_code: str) -> str:
    return reverse("reporting:grid", args=(form.code, org.code, period_code))


def _report_name(form: ReportingForm) -> str:
    """ "Báo cáo <name>", saying "Báo cáo" once when the form's name already begins with it
    ("Báo cáo quý của cấp xã")."""
    return form.name if fold(form.name).startswith("bao cao") else f"Báo cáo {form.name}"


def _title(form: ReportingForm, period: Period) -> str:
    return f"{_report_name(form)} – {period.label}"


def _to_send(
    form: ReportingForm, org: Organisation, period: Period, sub: Submission | None, today: dt.date
) -> InboxItem:
    last = deadline(form, period)
    if today > last:
        status, tone = "Quá hạn, chưa gửi", Tone.BAD
    elif sub is not None and sub.status == SubmissionStatus.NHAP:
        status, tone = "Đang nhập", Tone.WARN
    else:
        status, tone = "Chưa gửi", Tone.NONE
    return InboxItem(
        key=f"{KIND}:{form.pk}:{org.pk}:{period.code}",
        kind=KIND,
        title=_title(form, period),
        unit=org,
        deadline=last,
        status=status,
        url=_grid_url(form, org, period.code),
        tone=tone,
    )


def _returned(sub: Submission) -> InboxItem:
    period = Period.parse(sub.period_code)
    return InboxItem(
        key=f"{KIND}:{sub.form_id}:{sub.organisation_id}:{sub.period_code}",
        kind=KIND,
        title=_title(sub.form, period),
        unit=sub.organisation,
        deadline=deadline(sub.form, period),
        status="Bị trả lại",
        url=_grid_url(sub.form, sub.organisation, sub.period_code),
        reason=sub.reason,
        tone=Tone.BAD,
    )


def _to_approve(sub: Submission, org: Organisation) -> InboxItem:
    period = Period.parse(sub.period_code)
    return InboxItem(
        key=f"{KIND}-duyet:{sub.pk}",
        kind=f"{KIND}_duyet",
        title=f"Duyệt {_lower_first(_report_name(sub.form))} – {period.label} của "
        f"{sub.organisation.name}",
        unit=org,
        deadline=None,
        status="Chờ duyệt",
        url=_grid_url(sub.form, sub.organisation, sub.period_code),
        waiting_for="user",
        tone=Tone.WARN,
    )


def _own_items(user: AnyUser, org: Organisation, today: dt.date) -> list[InboxItem]:
    forms = selectors.forms_for_unit(user, org)
    periods = {f.pk: latest_ended_period(f, today) for f in forms}
    codes = {p.code for p in periods.values() if p is not None}
    subs = Submission.objects.filter(organisation=org, form__in=forms).select_related(
        "form", "organisation"
    )
    subs = subs.filter(period_code__in=codes) | subs.filter(status=SubmissionStatus.TRA_LAI)
    found = {(s.form_id, s.period_code): s for s in subs}
    items = [_returned(s) for s in found.values() if s.status == SubmissionStatus.TRA_LAI]
    for form in forms:
        period = periods[form.pk]
        if period is None:
            continue
        sub = found.get((form.pk, period.code))
        if sub is None or sub.status == SubmissionStatus.NHAP:
            items.append(_to_send(form, org, period, sub, today))
    return items


def _may_approve_below(user: AnyUser, org: Organisation) -> bool:
    """Whether ``user`` may approve reports of units directly below ``org``."""
    return is_everywhere(user) or any(is_under(org.path, p) for p in grant_paths(user, "approve"))


def inbox_items(*, user: AnyUser, org: Organisation, today: dt.date) -> list[InboxItem]:
    """The reports ``org`` must send or send again, and those waiting for ``user``'s
    approval on the forms ``org`` issued (see the module docstring)."""
    items = _own_items(user, org, today)
    if _may_approve_below(user, org):
        sent = (
            selectors.submission_visible(user)
            .filter(form__owner=org, status=SubmissionStatus.DA_GUI)
            .exclude(organisation=org)
            .order_by("submitted_at", "pk")
        )
        items += [_to_approve(s, org) for s in sent if can_approve(user, s.organisation)]
    return items


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]

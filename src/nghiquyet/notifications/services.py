"""Writes for notifications: reminders of the inbox items due soon or overdue, read marks and
the e-mail preference.

Reminders (``reminders_send``), run daily by ``nghiquyet send-reminders``: for each member
of each unit (a direct membership, any role), the unit's inbox items (``core/inbox.py``) as
that member sees them that are overdue or due within ``days`` days become one notification
each, unless the same (user, item, kind, day) exists already, so a second run on the same
day sends nothing. Each user then gets one e-mail listing their notifications of the day not
yet mailed, through Django's e-mail settings, unless they turned e-mail off or have no address.
The e-mails go out after the notifications are committed, one user at a time: a mail server
that fails leaves that user's notifications unmailed (logged), and the next run mails them, so
no one is mailed twice and a failure loses nothing.
"""

import datetime as dt
import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from nghiquyet.access.scoping import AnyUser, is_everywhere
from nghiquyet.accounts.models import Membership
from nghiquyet.audit.services import AuditChange, audit_record, audit_record_many
from nghiquyet.core.errors import PermissionDeniedError
from nghiquyet.core.formats import format_date_short
from nghiquyet.core.inbox import InboxItem, unit_inbox
from nghiquyet.notifications.audit_actions import NotificationsAudit
from nghiquyet.notifications.models import Notification, Preference, ReminderKind
from nghiquyet.notifications.selectors import email_enabled

logger = logging.getLogger(__name__)
SUBJECT = "[Nghị quyết] Nhắc việc: {count} việc sắp đến hạn hoặc quá hạn"


@dataclass(frozen=True)
class ReminderRun:
    """What one run did: ``notifications`` created, ``emails`` sent."""

    notifications: int
    emails: int


def reminder_kind(item: InboxItem, today: dt.date, days: int) -> str | None:
    """``qua_han`` for an overdue item, ``sap_den_han`` for one due within ``days`` days
    (today included), None otherwise (no deadline, or later)."""
    if item.overdue(today):
        return ReminderKind.QUA_HAN
    if item.due_within(today, days):
        return ReminderKind.SAP_DEN_HAN
    return None


def _new_notifications(
    membership: Membership, today: dt.date, days: int, seen: set[tuple[int, str, str]]
) -> list[Notification]:
    user, org = membership.user, membership.organisation
    found = []
    for item in unit_inbox(user=user, org=org, today=today):
        kind = reminder_kind(item, today, days)
        if kind is None or (user.pk, item.key, kind) in seen:
            continue
        seen.add((user.pk, item.key, kind))
        found.append(
            Notification(
                user=user,
                organisation=org,
                item_key=item.key,
                kind=kind,
                day=today,
                title=item.title[:1000],
                status=item.status[:300],
                deadline=item.deadline,
                url=item.url,
            )
        )
    return found


def _email_body(notifications: list[Notification]) -> str:
    lines = ["Các việc sau đang chờ đơn vị của đồng chí:", ""]
    for n in notifications:
        lines.append(
            f"- {n.title} ({n.organisation.name}) – hạn {format_date_short(n.deadline)}, "
            f"{n.get_kind_display().lower()}: {n.status}"
        )
    lines += ["", "Xem và xử lý tại trang “Việc cần làm” của phần mềm."]
    return "\n".join(lines)


def _send_emails(today: dt.date) -> int:
    """Mail each user their notifications of ``today`` not yet mailed; returns how many
    e-mails went out. A user whose mail fails (SMTP or network error) is logged and skipped."""
    by_user: dict[int, list[Notification]] = defaultdict(list)
    pending = Notification.objects.filter(day=today, emailed_at__isnull=True)
    for n in pending.select_related("user", "organisation").order_by("user_id", "pk"):
        by_user[n.user_id].append(n)
    sent = 0
    for rows in by_user.values():
        user = rows[0].user
        if not user.email or not email_enabled(user):
            continue
        subject = SUBJECT.format(count=len(rows))
        try:
            send_mail(subject, _email_body(rows), settings.DEFAULT_FROM_EMAIL, [user.email])
        except (OSError, smtplib.SMTPException):
            logger.warning("Reminder e-mail to user %s failed; the next run retries", user.pk)
            continue
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed_at=timezone.now())
        sent += 1
    return sent


def reminders_send(*, actor: AnyUser, today: dt.date, days: int) -> ReminderRun:
    """Notify the members of every unit of its items overdue or due within ``days`` days on
    ``today`` (see the module docstring), then mail them. Only a system administrator (the
    operator running the daily command) may; raises PermissionDeniedError otherwise."""
    created = _record_reminders(actor=actor, today=today, days=days)
    return ReminderRun(notifications=created, emails=_send_emails(today))


@transaction.atomic
def _record_reminders(*, actor: AnyUser, today: dt.date, days: int) -> int:
    if not is_everywhere(actor):
        raise PermissionDeniedError("Chỉ quản trị hệ thống mới được gửi nhắc việc.")
    existing = Notification.objects.filter(day=today).values_list("user_id", "item_key", "kind")
    seen = set(existing)
    memberships = Membership.objects.select_related("user", "organisation").filter(
        user__is_active=True
    )
    created: list[Notification] = []
    for membership in memberships.order_by("user_id", "organisation__path"):
        created += _new_notifications(membership, today, days, seen)
    created = Notification.objects.bulk_create(created)
    changes = [
        AuditChange(target=n, organisation=n.organisation, after={"item": n.item_key})
        for n in created
    ]
    audit_record_many(actor=actor, action=NotificationsAudit.REMINDERS_SEND, changes=changes)
    return len(created)


@transaction.atomic
def notification_mark_read(*, actor: AnyUser, notifications: list[Notification]) -> int:
    """Mark ``actor``'s ``notifications`` read (those already read stay as they were); returns
    how many changed. Someone else's notification raises PermissionDeniedError."""
    if any(n.user_id != actor.pk for n in notifications):
        raise PermissionDeniedError("Chỉ người nhận mới được đánh dấu thông báo đã đọc.")
    unread = Notification.objects.filter(pk__in=[n.pk for n in notifications], read_at__isnull=True)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def preference_update(*, actor: AnyUser, email_enabled: bool) -> Preference:
    """Turn e-mail notifications on or off for ``actor`` (signed in); audited."""
    if not actor.is_authenticated:
        raise PermissionDeniedError("Hãy đăng nhập để đổi cách nhận thông báo.")
    preference, _ = Preference.objects.get_or_create(user_id=actor.pk)
    before = {"email_enabled": preference.email_enabled}
    preference.email_enabled = email_enabled
    preference.save(update_fields=["email_enabled"])
    audit_record(
        actor=actor,
        action=NotificationsAudit.PREFERENCE_UPDATE,
        target=preference,
        before=before,
        after={"email_enabled": email_enabled},
    )
    return preference

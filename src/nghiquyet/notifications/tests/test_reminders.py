"""`nghiquyet send-reminders`: exactly the expected notifications and e-mails, once a day."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import CommandError, call_command

from nghiquyet.access.roles import Role
from nghiquyet.accounts.services import membership_grant
from nghiquyet.core.errors import PermissionDeniedError
from nghiquyet.core.periods import Period
from nghiquyet.notifications.models import Notification
from nghiquyet.notifications.services import preference_update, reminders_send
from nghiquyet.reporting.rules import deadline
from nghiquyet.testing import PASSWORD

SUBJECT = "[Nghị quyết] Nhắc việc: {} việc sắp đến hạn hoặc quá hạn"


@pytest.fixture
def addressed(cast):
    """Every persona has an address; a user of the other commune turned e-mail off."""
    for name in ("tinhuy", "xa", "chibo", "lanhdao"):
        user = cast.persona(name)
        user.email = f"{name}@example.vn"
        user.save()
    quiet = User.objects.create_user("myhiep", email="myhiep@example.vn", password=PASSWORD)
    membership_grant(actor=cast.root, user=quiet, organisation=cast.other_commune, role="nhap_lieu")
    preference_update(actor=quiet, email_enabled=False)
    return quiet


def _sent():
    rows = Notification.objects.order_by("user__username", "item_key")
    return [(n.user.username, n.kind, n.title, n.deadline) for n in rows]


def test_reminders_reach_exactly_the_responsible_units(cast, scenario, addressed):
    today = scenario.today
    run = reminders_send(actor=cast.root, today=today, days=14)
    period = Period.parse(scenario.submission.period_code)
    report = f"Báo cáo quý của cấp xã – {period.label}"
    returned_deadline = deadline(scenario.form, period)
    plan = f"Ban hành kế hoạch – {scenario.document}"
    due = today + dt.timedelta(days=14)
    assert _sent() == [
        # The other commune never sent the quarter: overdue; and must issue its plan too.
        ("myhiep", "qua_han", report, returned_deadline),
        ("myhiep", "sap_den_han", plan, due),
        ("xa", "qua_han", report, returned_deadline),
        ("xa", "sap_den_han", plan, due),
    ]
    assert (run.notifications, run.emails) == (4, 1)
    assert [(m.to, m.subject) for m in mail.outbox] == [(["xa@example.vn"], SUBJECT.format(2))]
    assert plan in mail.outbox[0].body and due.strftime("%d/%m/%Y") in mail.outbox[0].body
    xa_report = Notification.objects.get(user=cast.xa, kind="qua_han")
    assert xa_report.status == "Bị trả lại"
    assert xa_report.emailed_at is not None
    assert Notification.objects.get(user__username="myhiep", kind="qua_han").emailed_at is None


def test_running_twice_in_one_day_sends_nothing_new(cast, scenario, addressed):
    first = reminders_send(actor=cast.root, today=scenario.today, days=14)
    before = _sent()
    second = reminders_send(actor=cast.root, today=scenario.today, days=14)
    assert (first.notifications, second.notifications, second.emails) == (4, 0, 0)
    assert _sent() == before
    assert len(mail.outbox) == 1


def test_the_command_is_idempotent_and_reminds_again_the_next_day(cast, scenario, addressed):
    day = scenario.today.strftime("%d/%m/%Y")
    call_command("send-reminders", "--days", "14", "--date", day)
    call_command("send-reminders", "--days", "14", "--date", day)
    assert Notification.objects.count() == 4
    assert len(mail.outbox) == 1
    tomorrow = (scenario.today + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    call_command("send-reminders", "--days", "14", "--date", tomorrow)
    assert Notification.objects.count() == 8
    assert [m.subject for m in mail.outbox] == [SUBJECT.format(2)] * 2


def test_days_bounds_what_is_due_soon(cast, scenario, addressed, settings):
    settings.NGHIQUYET_REMINDER_DAYS = 13
    call_command("send-reminders")
    # The plan is due in 14 days: only the overdue reports are reminded.
    assert sorted(Notification.objects.values_list("user__username", "kind")) == [
        ("myhiep", "qua_han"),
        ("xa", "qua_han"),
    ]
    assert [m.subject for m in mail.outbox] == [SUBJECT.format(1)]
    assert "Bị trả lại" in mail.outbox[0].body


def test_a_user_without_e_mail_or_opted_out_gets_the_notification_only(cast, scenario):
    run = reminders_send(actor=cast.root, today=scenario.today, days=14)
    assert run.emails == 0 and mail.outbox == []
    assert Notification.objects.filter(user=cast.xa).count() == 2


def test_only_a_system_administrator_sends_reminders(cast, scenario):
    with pytest.raises(PermissionDeniedError):
        reminders_send(actor=cast.tinhuy, today=scenario.today, days=7)
    assert not Notification.objects.exists()


@pytest.mark.parametrize("args", [["--days", "-1"], ["--days", "400"], ["--date", "31/02/2026"]])
def test_bad_command_arguments_are_refused_in_vietnamese(cast, args):
    with pytest.raises(CommandError) as info:
        call_command("send-reminders", *args)
    assert "--" in str(info.value)
    assert not Notification.objects.exists()


def test_role_is_irrelevant_every_member_is_told(cast, scenario):
    reader = User.objects.create_user("docxa", email="docxa@example.vn", password=PASSWORD)
    membership_grant(actor=cast.root, user=reader, organisation=cast.commune, role=Role.XEM)
    reminders_send(actor=cast.root, today=scenario.today, days=14)
    assert Notification.objects.filter(user=reader).count() == 2
    assert [m.to for m in mail.outbox] == [["docxa@example.vn"]]


def test_a_failed_mail_keeps_the_notifications_and_the_next_run_mails_them(
    cast, scenario, addressed, monkeypatch
):
    """The mail server is down on the first run: the notifications are kept (committed before
    mailing), none is marked mailed; the second run of the day creates nothing and mails xa
    once, so no one is mailed twice and nothing is lost."""
    import smtplib

    from nghiquyet.notifications import services

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(services, "send_mail", refuse)
    first = reminders_send(actor=cast.root, today=scenario.today, days=14)
    assert (first.notifications, first.emails) == (4, 0)
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()
    monkeypatch.undo()
    second = reminders_send(actor=cast.root, today=scenario.today, days=14)
    third = reminders_send(actor=cast.root, today=scenario.today, days=14)
    assert (second.notifications, second.emails, third.emails) == (0, 1, 0)
    assert [m.to for m in mail.outbox] == [["xa@example.vn"]]
    assert mail.outbox[0].subject == SUBJECT.format(2)

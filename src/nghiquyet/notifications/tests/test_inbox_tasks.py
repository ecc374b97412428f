"""The tasks part of the inbox: what the lead unit must do, with its progress and the answers
to its requests, and what waits for the assigning unit's confirmation."""

import datetime as dt

import pytest
from django.utils import timezone

from nghiquyet.core.inbox import unit_inbox
from nghiquyet.tasks.models import Extension
from nghiquyet.tasks.services import (
    TaskInput,
    completion_report,
    completion_return,
    extension_refuse,
    extension_request,
    progress_post,
    task_create,
)


@pytest.fixture
def occurrence(cast):
    today = timezone.localdate()
    task = task_create(
        actor=cast.tinhuy,
        data=TaskInput(
            code="NV-01",
            title="Rà soát đảng viên",
            assigning=cast.province,
            lead=cast.commune,
            start_date=today - dt.timedelta(days=10),
            deadline=today + dt.timedelta(days=5),
        ),
    )
    return task.occurrences.get()


def _items(user, org):
    return unit_inbox(user=user, org=org, today=timezone.localdate())


def test_the_lead_sees_its_task_with_progress_and_the_refused_extension(cast, occurrence):
    today = timezone.localdate()
    progress_post(actor=cast.xa, occurrence=occurrence, percent=40, text="Đã rà soát 2 chi bộ")
    wanted = today + dt.timedelta(days=20)
    extension_request(actor=cast.xa, occurrence=occurrence, new_date=wanted, reason="Thiếu người")
    [waiting] = [i for i in _items(cast.tinhuy, cast.province) if i.kind == "nhiem_vu_duyet"]
    assert (waiting.status, waiting.reason, waiting.waiting_for) == (
        "Chờ duyệt gia hạn",
        "Thiếu người",
        "user",
    )
    [mine] = _items(cast.xa, cast.commune)
    assert mine.status == f"Đang thực hiện (40%); chờ duyệt gia hạn đến {wanted:%d/%m/%Y}"
    extension_refuse(
        actor=cast.tinhuy, extension=Extension.objects.get(), note="Đề nghị hoàn thành đúng hạn"
    )
    [mine] = _items(cast.xa, cast.commune)
    assert mine.deadline == today + dt.timedelta(days=5)
    assert mine.status == f"Đang thực hiện (40%); không được gia hạn đến {wanted:%d/%m/%Y}"
    assert mine.reason == "Không chấp thuận gia hạn: Đề nghị hoàn thành đúng hạn"
    assert [i.kind for i in _items(cast.tinhuy, cast.province)] == []


def test_a_completion_waits_for_the_assigner_then_comes_back_with_the_reason(cast, occurrence):
    completion_report(actor=cast.xa, occurrence=occurrence, note="Xong")
    [waiting] = _items(cast.tinhuy, cast.province)
    assert waiting.status == "Chờ xác nhận hoàn thành"
    assert waiting.url == f"/nhiem-vu/{occurrence.task_id}/"
    # A reader of the province may not decide: nothing waits for them.
    assert _items(cast.lanhdao, cast.province) == []
    completion_return(actor=cast.tinhuy, occurrence=occurrence, reason="Thiếu biên bản")
    [mine] = _items(cast.xa, cast.commune)
    assert mine.reason == "Báo cáo hoàn thành bị trả lại: Thiếu biên bản"
    assert _items(cast.tinhuy, cast.province) == []

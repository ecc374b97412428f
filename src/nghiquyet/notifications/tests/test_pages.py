"""The notifications page as a user reads it: each status said once, the e-mail line true to
the account, and nothing wider than a 390 px phone."""

import datetime as dt

import pytest

from nghiquyet.notifications.models import Notification
from nghiquyet.notifications.services import preference_update

DAY = dt.date(2026, 12, 1)


def _notify(cast, kind: str, status: str, title: str = "Chủ trì nhiệm vụ NV-1: Rà soát") -> None:
    Notification.objects.create(
        user=cast.xa,
        organisation=cast.commune,
        item_key=f"task:{kind}:{status}",
        kind=kind,
        day=DAY,
        title=title,
        status=status,
        deadline=dt.date(2026, 11, 11),
    )


@pytest.fixture
def xa_client(client_for):
    return client_for("xa")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "status", "shown", "absent"),
    [
        ("qua_han", "Quá hạn (60%)", "Quá hạn (60%)", "Quá hạn</span> Quá hạn"),
        ("qua_han", "Quá hạn, chưa gửi", "Quá hạn, chưa gửi", "Quá hạn</span> Quá hạn"),
        ("qua_han", "Bị trả lại", "Quá hạn</span> Bị trả lại", "Bị trả lại</span>"),
        ("sap_den_han", "Chưa đến hạn", "Sắp đến hạn</span> Chưa đến hạn", "Chưa đến hạn</span>"),
    ],
)
def test_the_status_is_said_once(xa_client, cast, kind, status, shown, absent):
    _notify(cast, kind, status)
    body = xa_client.get("/thong-bao/").content.decode()
    assert shown in body
    assert absent not in body


@pytest.mark.django_db
def test_the_email_line_tells_the_truth_about_the_account(xa_client, cast):
    assert "chưa có địa chỉ thư điện tử" in xa_client.get("/thong-bao/").content.decode()
    cast.xa.email = "xa@example.vn"
    cast.xa.save()
    assert "gửi qua thư điện tử đến xa@example.vn" in xa_client.get("/thong-bao/").content.decode()
    preference_update(actor=cast.xa, email_enabled=False)
    assert "đã tắt nhận thông báo" in xa_client.get("/thong-bao/").content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_list_fits_a_phone(page, login, cast):
    long_title = "Chủ trì nhiệm vụ KTGS-2026-003-KP1: Khắc phục sau kiểm tra thường xuyên: " * 2
    for n in range(3):
        _notify(cast, "qua_han", f"Quá hạn ({n}0%)", title=long_title)
    page.set_viewport_size({"width": 390, "height": 800})
    login("xa")
    page.goto(page.base_url + "/thong-bao/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.get_by_role("button", name="Mở và đánh dấu đã đọc").count() == 3

"""Issue 10 §8: the calendar of deadlines, and the list's filters by lead unit, status, phase
and field."""

import datetime as dt

import pytest

from nghiquyet.tasks.services import extension_approve, extension_request

URL = "/nhiem-vu"


@pytest.fixture
def month(cast, make_task, make_doc, clock):
    clock.set(dt.date(2026, 3, 2))
    economy = make_doc(doc_type="nghi_quyet", number=1, field_groups=["kinh_te"])
    party = make_doc(doc_type="nghi_quyet", number=2, field_groups=["xay_dung_dang"])
    make_task("T-05", dt.date(2026, 1, 5), dt.date(2026, 3, 5), document=economy, phase="2026")
    make_task("T-20", dt.date(2026, 1, 5), dt.date(2026, 3, 20), document=party)
    make_task(
        "T-X",
        dt.date(2026, 1, 5),
        dt.date(2026, 3, 20),
        assigning=cast.other_commune,
        lead=cast.other_cell,
    )
    moved = make_task("T-APR", dt.date(2026, 1, 5), dt.date(2026, 2, 27))
    ext = extension_request(
        actor=cast.root,
        occurrence=moved.occurrences.get(),
        new_date=dt.date(2026, 4, 3),
        reason="Chờ kinh phí",
    )
    extension_approve(actor=cast.root, extension=ext)
    make_task(
        "T-Q",
        dt.date(2026, 1, 1),
        recurrence="quy",
        recurrence_offset=14,
        recurrence_until=dt.date(2026, 12, 31),
    )


def test_month_lists_each_deadline_on_its_day(month, client_for):
    body = client_for("xa").get(f"{URL}/lich/?thang=2026-03").content.decode()
    assert body.index("05/03/2026") < body.index("T-05") < body.index("20/03/2026")
    assert body.index("20/03/2026") < body.index("T-20")
    assert "T-X" not in body  # Another commune's task.
    assert "T-APR" not in body  # Extended to April: its deadline moved out of March.
    assert "?thang=2026-02" in body and "?thang=2026-04" in body
    april = client_for("xa").get(f"{URL}/lich/?thang=2026-04").content.decode()
    assert "T-APR" in april and "03/04/2026" in april and "gia hạn" in april
    assert "T-Q" in april and "15/04/2026" in april  # One occurrence of a recurring task.


def test_month_of_the_province_and_bad_month(month, client_for):
    body = client_for("tinhuy").get(f"{URL}/lich/?thang=2026-03&don_vi=T-DT").content.decode()
    assert "T-05" in body and "T-X" in body
    bad = client_for("tinhuy").get(f"{URL}/lich/?thang=2026-13")
    assert bad.status_code == 422 and "Tháng phải có dạng" in bad.content.decode()
    december = client_for("tinhuy").get(f"{URL}/lich/?thang=2026-12").content.decode()
    assert "?thang=2027-01" in december and "?thang=2026-11" in december


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("linh_vuc=kinh_te", {"T-05"}, {"T-20", "T-X"}),
        ("linh_vuc=xay_dung_dang", {"T-20"}, {"T-05", "T-X"}),
        ("chu_tri=X-MH-CB1", {"T-X"}, {"T-05", "T-20"}),
        ("chu_tri=P-CL", {"T-05", "T-20"}, {"T-X"}),
        ("giai_doan=2026", {"T-05"}, {"T-20", "T-X"}),
        ("trang_thai=qua_han", set(), {"T-05", "T-20", "T-X"}),
    ],
)
def test_list_filters(month, client_for, query, shown, hidden):
    body = client_for("tinhuy").get(f"{URL}/?don_vi=T-DT&vai_tro=giao&{query}").content.decode()
    body += client_for("tinhuy").get(f"{URL}/?don_vi=T-DT&{query}").content.decode()
    assert all(code in body for code in shown), query
    assert not any(f">{code}<" in body for code in hidden), query


def test_unknown_lead_unit_is_a_field_error(month, client_for):
    response = client_for("tinhuy").get(f"{URL}/?chu_tri=KHONG-CO")
    body = response.content.decode()
    assert "KHONG-CO" in body and ">T-05<" not in body

import datetime as dt
from decimal import Decimal

from nghiquyet.web.templatetags.vn import vn_date, vn_date_long, vn_number


def test_vn_date_uses_the_vietnam_day_for_aware_datetimes():
    # 17:30 UTC on 31/12 is already 00:30 on 1/1 in Asia/Ho_Chi_Minh.
    moment = dt.datetime(2024, 12, 31, 17, 30, tzinfo=dt.UTC)
    assert vn_date(moment) == "01/01/2025"
    assert vn_date_long(moment) == "ngày 01 tháng 01 năm 2025"


def test_vn_filters_tolerate_missing_values():
    assert vn_date("") == ""
    assert vn_date(None) == ""
    assert vn_date_long("") == ""
    assert vn_number(None) == ""


def test_vn_number_formats_with_places():
    assert vn_number(Decimal("8151.25"), 1) == "8.151,3"

"""The indicator page reads its values a page of units at a time, in the database (issue 13:
it read every value of the indicator to show 200)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nghiquyet.indicators.models import Indicator, IndicatorValue
from nghiquyet.indicators.selectors import values_by_units
from nghiquyet.web.tests.test_list_query_counts import _province


@pytest.fixture
def admin():
    return get_user_model().objects.create_superuser("paging", password=None)


@pytest.mark.django_db
def test_pages_of_units_hold_every_value_once_in_tree_order(admin):
    _province(admin, "QV", 6)
    indicator = Indicator.objects.get(code="QV-I")
    seen, after, pages = [], "", 0
    while after is not None:
        with CaptureQueriesContext(connection) as queries:
            page = values_by_units(admin, indicator, after, units=4)
        assert len(queries.captured_queries) == 2
        seen += page.values
        after, pages = page.next_after, pages + 1
    everything = IndicatorValue.objects.filter(indicator=indicator)
    assert sorted(v.pk for v in seen) == sorted(everything.values_list("pk", flat=True))
    assert len(seen) == len({v.pk for v in seen}) == 18  # 6 communes × 3 cells
    paths = [v.organisation.path for v in seen]
    assert paths == sorted(paths)
    assert pages == 7  # 25 units (province, 6 communes, 18 cells), 4 a page


@pytest.mark.django_db
def test_detail_page_links_to_the_next_units_and_ignores_a_bad_cursor(admin):
    _province(admin, "QW", 9)  # 37 units: two pages of 20
    client = Client()
    client.force_login(admin)
    url = reverse("indicators:detail", args=["QW-I"])
    first = client.get(url).content.decode()
    assert "Các đơn vị tiếp theo" in first and "Các đơn vị đầu" not in first
    indicator = Indicator.objects.get(code="QW-I")
    after = values_by_units(admin, indicator).next_after
    second = client.get(url, {"sau": after}).content.decode()
    assert "Các đơn vị đầu" in second and "Các đơn vị tiếp theo" not in second
    assert client.get(url, {"sau": "' OR 1=1 --"}).content.decode().count("<tr>") == first.count(
        "<tr>"
    )

"""link_maker gives the same address as reverse() for every value of the slot."""

import pytest
from django.urls import NoReverseMatch, reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from nghiquyet.core.links import link_maker

# What a unit code may hold in a path segment: anything but "/" (the str converter).
SEGMENT = st.text(min_size=1, max_size=20).filter(lambda s: "/" not in s)


@settings(deadline=None)  # the first call loads the URLconf
@given(code=SEGMENT)
def test_link_maker_equals_reverse_for_any_code(code):
    grid = link_maker("reporting:grid", ["BM-01", "", "2025Q1"], slot=1)
    assert grid(code) == reverse("reporting:grid", args=["BM-01", code, "2025Q1"])


@pytest.mark.parametrize("code", ["P-CL", "Xã Mỹ Hiệp", "A&B=1", "{slot}", "%7Bslot%7D"])
def test_link_maker_on_codes_that_need_quoting_or_look_like_the_marker(code):
    form = link_maker("reporting:grid", ["{slot}", "", "2025Q1"], slot=1)
    assert form(code) == reverse("reporting:grid", args=["{slot}", code, "2025Q1"])


def test_link_maker_refuses_a_pattern_that_does_not_resolve():
    with pytest.raises(NoReverseMatch):
        link_maker("reporting:grid", ["BM-01"], slot=0)

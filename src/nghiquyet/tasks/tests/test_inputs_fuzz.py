"""Whatever is typed into the new inputs, only the documented Vietnamese refusal comes back:
the calendar's month and the list filters (a 422 page or an empty list, never a 500), the
briefing's conclusions (a Briefing or InvalidInputError) and a recommendation's texts."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nghiquyet.core.errors import InvalidInputError
from nghiquyet.tasks.services import briefing_create, recommendation_raise

FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(month=st.text(max_size=12), lead=st.text(max_size=45), field=st.text(max_size=20))
def test_calendar_and_filters_never_fail(cast, client_for, month, lead, field):
    client = client_for("tinhuy")
    calendar = client.get("/nhiem-vu/lich/", {"thang": month})
    assert calendar.status_code in (200, 422)
    if calendar.status_code == 422:
        assert 'class="error"' in calendar.content.decode()
    listing = client.get("/nhiem-vu/", {"chu_tri": lead, "linh_vuc": field})
    assert listing.status_code == 200


@FUZZ
@given(lines=st.lists(st.text(max_size=6000), max_size=4), agenda=st.text(max_size=50))
def test_briefing_conclusions_are_saved_or_refused(cast, lines, agenda):
    try:
        briefing = briefing_create(
            actor=cast.root,
            chair=cast.province,
            held_on=dt.date(2026, 1, 5),
            agenda=agenda,
            conclusions=lines,
        )
    except InvalidInputError as exc:
        fields = set(exc.errors)
        assert fields <= {"agenda", "conclusions"}, fields
    else:
        kept = [line.strip() for line in lines if line.strip()]
        assert [c.text for c in briefing.conclusions.all()] == kept


@FUZZ
@given(title=st.text(max_size=320), text=st.text(max_size=50))
def test_recommendation_texts_are_saved_or_refused(cast, title, text):
    try:
        rec = recommendation_raise(actor=cast.root, unit=cast.cell, title=title, text=text)
    except InvalidInputError as exc:
        fields = set(exc.errors)
        assert fields <= {"title", "text"}, fields
    else:
        assert rec.title == title.strip() and rec.text == text.strip()

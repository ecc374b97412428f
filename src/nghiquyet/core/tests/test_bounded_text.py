"""Every project model refuses text longer than its column before the database sees it."""

import pytest

from nghiquyet.core.errors import InvalidInputError
from nghiquyet.dissemination.models import StudySession


@pytest.mark.django_db
def test_an_over_long_text_is_refused_on_its_field_for_any_model(cast):
    session = StudySession(title="x" * 2000)
    limit = StudySession._meta.get_field("title").max_length
    with pytest.raises(InvalidInputError) as refused:
        session.save()
    assert "title" in refused.value.errors
    assert str(limit) in refused.value.errors["title"][0].replace(".", "")
    assert not StudySession.objects.filter(title__startswith="xxx").exists()

"""The abstract bases of core.models are used wherever their columns appear."""

from django.apps import apps

from nghiquyet.core.models import OrgOwned, PeriodStamped

PERIOD_FIELDS = {"period_code", "period_start", "period_end"}


def test_every_model_with_period_dates_is_period_stamped():
    stamped = [
        m._meta.label
        for m in apps.get_models()
        if {f.name for f in m._meta.get_fields()} >= PERIOD_FIELDS
    ]
    assert stamped, "no model has the period columns"
    assert [
        label for label in stamped if not issubclass(apps.get_model(label), PeriodStamped)
    ] == []


def test_owned_rows_point_at_the_organisation_and_keep_it():
    for model in (m for m in apps.get_models() if issubclass(m, OrgOwned)):
        field = model._meta.get_field("organisation")
        assert field.related_model._meta.label == "orgs.Organisation", model
        assert field.remote_field.on_delete.__name__ in {"PROTECT", "CASCADE"}, model

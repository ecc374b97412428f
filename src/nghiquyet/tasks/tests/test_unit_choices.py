"""New records are given to units in force, picked by name with their code: a unit merged away
is not offered, same-named cells can be told apart, and editing an older record keeps its unit."""

import datetime as dt

from django.utils import timezone

from nghiquyet.tasks.forms import BriefingForm, TaskForm


def end_unit(org):
    org.valid_to = timezone.localdate() - dt.timedelta(days=1)
    org.save()


def labels_of(field):
    return [label for _, label in field.choices][1:]


def test_ended_units_are_not_offered_for_new_records(cast):
    end_unit(cast.other_commune)
    forms = (
        TaskForm(user=cast.tinhuy).fields["assigning"],
        BriefingForm(user=cast.tinhuy).fields["chair"],
    )
    for field in forms:
        labels = labels_of(field)
        assert "Đảng ủy phường Cao Lãnh (P-CL)" in labels
        assert "Chi bộ Khóm 1 (P-CL-CB1)" in labels
        assert not any("X-MH)" in label for label in labels), labels


def test_editing_a_task_of_an_ended_unit_keeps_it_offered(cast):
    end_unit(cast.other_commune)
    field = TaskForm(user=cast.tinhuy, initial={"assigning": cast.other_commune}).fields[
        "assigning"
    ]
    assert "Đảng ủy xã Mỹ Hiệp (X-MH)" in labels_of(field)

"""An inspection is recorded for a unit in force, picked by name with its code."""

import datetime as dt

from django.utils import timezone

from nghiquyet.oversight.forms import InspectionForm, ProgrammeForm


def test_ended_units_are_not_offered_and_units_show_their_code(cast):
    cast.other_commune.valid_to = timezone.localdate() - dt.timedelta(days=1)
    cast.other_commune.save()
    for field in (
        InspectionForm(user=cast.tinhuy).fields["body"],
        ProgrammeForm(user=cast.tinhuy).fields["organisation"],
    ):
        labels = [label for _, label in field.choices]
        assert "Chi bộ Khóm 1 (P-CL-CB1)" in labels
        assert "Đảng ủy xã Mỹ Hiệp (X-MH)" not in labels, labels

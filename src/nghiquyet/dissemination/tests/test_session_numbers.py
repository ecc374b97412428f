"""Issue 9 §4: the study-session form takes counts as officials type them (``1.061``)."""

import datetime as dt

import pytest
from django import forms
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from nghiquyet.dissemination.models import StudySession
from nghiquyet.web.forms import VNIntegerField


@pytest.fixture
def base(cast, make_doc):
    make_doc(doc_type="nghi_quyet", title="Nghị quyết Đại hội", issue_date=dt.date(2025, 10, 20))
    return {
        "organisation": cast.commune.pk,
        "title": "Hội nghị quán triệt",
        "documents": "Nghị quyết số 01-NQ/ĐU",
        "start_date": "12/11/2025",
        "format": "truc_tiep",
    }


def test_session_form_reads_thousands_with_a_dot(cast, client_for, base):
    payload = base | {"expected_dang_vien": "1.100", "actual_dang_vien": "1.061"}
    response = client_for("xa").post("/hoc-tap/them/", payload)
    assert response.status_code == 302
    attendance = StudySession.objects.get(title="Hội nghị quán triệt").attendance.get()
    assert (attendance.expected, attendance.actual) == (1100, 1061)


def test_actual_above_expected_shows_numbers_vietnamese_style(cast, client_for, base):
    payload = base | {"expected_dang_vien": "1.061", "actual_dang_vien": "1.100"}
    response = client_for("xa").post("/hoc-tap/them/", payload)
    assert response.status_code == 422
    assert "Số dự (1.100) lớn hơn số phải dự (1.061)." in response.content.decode()
    assert not StudySession.objects.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2,5", "nhập một số nguyên."),
        ("1.5", "nhập một số nguyên."),
        ("mười", "nhập một số nguyên."),
        ("-1.100", "không được nhỏ hơn 0."),
    ],
)
def test_session_form_refuses_what_is_not_a_count(cast, client_for, base, typed, message):
    response = client_for("xa").post("/hoc-tap/them/", base | {"actual_dang_vien": typed})
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert "tổng thể" not in html
    assert not StudySession.objects.exists()


def test_plan_and_point_forms_read_counts_the_same_way(cast, client_for):
    from nghiquyet.dissemination.forms import PlanForm, PointForm

    assert isinstance(PlanForm.base_fields["classes"], VNIntegerField)
    assert isinstance(PointForm.base_fields["expected"], VNIntegerField)
    assert isinstance(PointForm.base_fields["actual"], VNIntegerField)


def test_vn_integer_field_formats_its_limits():
    field = VNIntegerField(min_value=0, max_value=1100, label="Số dự")
    assert field.clean("1.061") == 1061
    with pytest.raises(forms.ValidationError, match=r"Số dự không được lớn hơn 1\.100\."):
        field.clean("1.101")
    assert field.prepare_value(1061) == "1.061"


def test_django_integer_field_says_so_nguyen_in_vietnamese():
    """The project's locale override replaces Django's "Nhập một số tổng thể."."""
    with translation.override("vi"):
        with pytest.raises(forms.ValidationError) as exc:
            forms.IntegerField().clean("2,5")
        assert exc.value.messages == ["Nhập một số nguyên."]
        with pytest.raises(forms.ValidationError) as exc:
            forms.IntegerField(min_value=0).clean("-1")
        assert exc.value.messages == ["Giá trị phải lớn hơn hoặc bằng 0."]


@pytest.mark.parametrize(
    ("form_path", "name"),
    [
        ("nghiquyet.registers.forms.MovementForm", "participants"),
        ("nghiquyet.registers.forms.CountForm", "participants"),
        ("nghiquyet.registers.forms.SurveyForm", "forms_issued"),
        ("nghiquyet.registers.forms.SurveyForm", "forms_returned"),
        ("nghiquyet.oversight.forms.MemberRatingForm", "rated"),
        ("nghiquyet.oversight.forms.MemberRatingForm", "khtnv"),
    ],
)
def test_every_count_field_reads_thousands_with_a_dot(form_path, name):
    from django.utils.module_loading import import_string

    field = import_string(form_path).base_fields[name]
    assert field.clean("1.061") == 1061
    with pytest.raises(forms.ValidationError, match="nhập một số nguyên"):
        field.clean("10,5")


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=20), st.text(alphabet="0123456789.,-+ e", max_size=20)))
def test_vn_integer_field_raises_only_validation_errors(text):
    field = VNIntegerField(required=False, min_value=0, max_value=10**9, label="Số dự")
    try:
        value = field.clean(text)
    except forms.ValidationError:
        return
    assert value is None or 0 <= value <= 10**9

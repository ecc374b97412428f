"""Every date typed in a form goes through the shared parser (issue 9 §3)."""

import datetime as dt
import importlib
import inspect
import pkgutil

from django import forms

import nghiquyet
from nghiquyet.web.forms import VNDateField


def _form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for module_info in pkgutil.walk_packages(nghiquyet.__path__, "nghiquyet."):
        if not module_info.name.endswith(".forms"):
            continue
        module = importlib.import_module(module_info.name)
        found += [
            obj
            for _name, obj in inspect.getmembers(module, inspect.isclass)
            if issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__
        ]
    return found


def test_no_form_parses_dates_with_djangos_date_field():
    classes = _form_classes()
    assert len(classes) > 10
    django_dates = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in classes
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.DateField | forms.DateTimeField)
    ]
    assert django_dates == []


def test_every_date_field_takes_ngay_and_any_separator():
    date_fields = [
        (cls, name, field)
        for cls in _form_classes()
        for name, field in cls.base_fields.items()
        if isinstance(field, VNDateField)
    ]
    names = {f"{cls.__module__.split('.')[1]}.{name}" for cls, name, _f in date_fields}
    assert "exports.report_date" in names  # Was Django's DateField, which refused "ngày …".
    for _cls, _name, field in date_fields:
        assert field.clean("ngày 15/12/2008") == dt.date(2008, 12, 15)
        assert field.clean("15.12.2008") == dt.date(2008, 12, 15)

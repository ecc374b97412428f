"""A select with one possible unit is pre-filled, and a long multiple choice is a search box
(issue 9 §6)."""

import datetime as dt

import pytest
from django import forms
from django.urls import reverse

from nghiquyet.orgs.models import Organisation, OrgKind
from nghiquyet.orgs.services import org_create
from nghiquyet.web.pages import prefill_single_choices

pytestmark = pytest.mark.django_db


def _selected(html: str, name: str) -> list[str]:
    """The values of the selected options of the select called ``name``."""
    start = html.index(f'name="{name}"')
    select = html[start : html.index("</select>", start)]
    return [
        chunk.split('"', 2)[1]
        for chunk in select.split("<option value=")[1:]
        if " selected" in chunk.split(">", 1)[0]
    ]


def test_a_cell_user_finds_their_only_unit_already_chosen(client_for, cast):
    html = client_for("chibo").get(reverse("dissemination:create")).content.decode()
    assert _selected(html, "organisation") == [str(cast.other_cell.pk)]
    html = client_for("chibo").get(reverse("tasks:create")).content.decode()
    assert _selected(html, "assigning") == [str(cast.other_cell.pk)]


def test_a_commune_user_with_two_units_chooses_one(client_for):
    html = client_for("xa").get(reverse("dissemination:create")).content.decode()
    assert [v for v in _selected(html, "organisation") if v] == []


class _Form(forms.Form):
    unit = forms.ModelChoiceField(queryset=Organisation.objects.none())
    optional = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False)
    kind = forms.ChoiceField(choices=[("", "---"), ("quy", "Quý")])


def test_only_required_single_choices_of_unbound_forms_are_prefilled(cast):
    form = _Form()
    for name in ("unit", "optional"):
        form.fields[name].queryset = Organisation.objects.filter(pk=cast.cell.pk)
    prefill_single_choices(form)
    assert form.initial == {"unit": cast.cell.pk, "kind": "quy"}
    bound = _Form({"kind": ""})
    prefill_single_choices(bound)
    assert bound.initial == {}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_long_unit_list_is_searched_without_accents(page, login, cast):
    for i in range(1, 15):
        org_create(
            actor=cast.root,
            code=f"X-THU-{i}",
            name=f"Đảng ủy xã Thử nghiệm {i}",
            kind=OrgKind.DANG_UY_XA,
            parent=cast.province,
            valid_from=dt.date(2025, 7, 1),
        )
    login("tinhuy")
    page.goto(page.base_url + reverse("dissemination:create"))
    search = page.get_by_role("searchbox", name="Tìm trong danh sách")
    search.fill("my hiep")
    visible = page.locator("select[multiple] option:not([hidden])")
    assert visible.all_inner_texts() == ["Đảng ủy xã Mỹ Hiệp"]
    visible.first.click()
    search.fill("thu nghiem 1")
    page.locator("select[multiple] option:not([hidden])").first.click()
    chosen = page.locator(".choice-chosen").inner_text()
    assert chosen.startswith("Đã chọn (2)") and "Mỹ Hiệp" in chosen


def test_register_form_defaults_to_a_resolution_not_a_programme(client_for):
    html = client_for("xa").get(reverse("documents:create")).content.decode()
    assert _selected(html, "doc_type") == ["nghi_quyet"]

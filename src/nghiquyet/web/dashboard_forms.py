"""The pickers of the dashboard pages: unit, period and field group chosen from lists, never
typed as codes (issue 12, item 5)."""

from django import forms

from nghiquyet.core.paths import PATH_STEP
from nghiquyet.core.periods import Period
from nghiquyet.documents.models import Document
from nghiquyet.indicators.models import FieldGroup, Indicator
from nghiquyet.orgs.models import Organisation
from nghiquyet.web.dashboards import period_choices


class PickerForm(forms.Form):
    """``don_vi`` among ``units``, ``ky`` among the offered periods, ``linh_vuc`` optional and,
    when ``indicators`` is not empty, ``chi_tieu`` among them. With ``documents`` (the
    requirements heat map), ``van_ban`` among them (when there are any) replaces ``linh_vuc``.
    Invalid choices get the field's Vietnamese message; ``cleaned_data["ky"]`` is a
    ``Period``."""

    don_vi = forms.ChoiceField(label="Đơn vị")
    ky = forms.ChoiceField(label="Kỳ")
    linh_vuc = forms.ChoiceField(label="Lĩnh vực", required=False)

    def __init__(
        self,
        data: object,
        *,
        units: list[Organisation],
        indicators: list[Indicator] | None = None,
        documents: list[Document] | None = None,
    ) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        self._offer("don_vi", [(u.code, _indented(u, units)) for u in units])
        self._offer("ky", [(p.code, p.label) for p in _periods(data)])
        self._offer("linh_vuc", [("", "Tất cả lĩnh vực"), *FieldGroup.choices])
        if indicators:
            self.fields["chi_tieu"] = forms.ChoiceField(
                label="Chỉ tiêu", choices=[(i.code, i.name) for i in indicators]
            )
        if documents is not None:
            del self.fields["linh_vuc"]
        if documents:
            self.fields["van_ban"] = forms.ChoiceField(
                label="Văn bản", choices=[(str(d.pk), _document_label(d)) for d in documents]
            )
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = "Hãy chọn một mục trong danh sách."
            field.error_messages["required"] = "Hãy chọn một mục trong danh sách."

    def _offer(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101  # declared above
        field.choices = choices

    def clean_ky(self) -> Period:
        return Period.parse(self.cleaned_data["ky"])


def _periods(data: object) -> list[Period]:
    """The periods offered, and the one asked for if it is a valid period outside them (a link
    to an older year or term keeps working; the list stays the only way to type one)."""
    offered = period_choices()
    try:
        asked = Period.from_code(str(data.get("ky", ""))) if isinstance(data, dict) else None
    except ValueError:  # a code of an impossible period: refused as not in the list
        asked = None
    return offered if asked is None or asked in offered else [asked, *offered]


def _indented(unit: Organisation, units: list[Organisation]) -> str:
    top = min(len(u.path) for u in units)
    return "— " * ((len(unit.path) - top) // PATH_STEP) + unit.name


def _document_label(doc: Document) -> str:
    """``Nghị quyết số 01-NQ/TU — Về ...`` (the title cut to keep the list readable)."""
    title = doc.title if len(doc.title) <= 70 else doc.title[:69] + "…"
    return f"{doc} — {title}" if title else str(doc)

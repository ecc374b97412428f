"""Turning codes from the API and the workbook into objects the user may see.

A code outside the user's subtree is refused as bad input on the field that named it (never
silently accepted); lookups are cached so a bulk payload costs one query per distinct code.
"""

from typing import Any

from nghiquyet.access.scoping import AnyUser
from nghiquyet.core.errors import InvalidInputError, NotFoundError
from nghiquyet.indicators.models import Indicator
from nghiquyet.indicators.selectors import indicator_get
from nghiquyet.indicators.values import ValueRow
from nghiquyet.orgs.models import Organisation
from nghiquyet.orgs.selectors import org_get

VALUE_FIELDS = ("value_type", "value", "numerator", "denominator", "text", "note")


class Refs:
    def __init__(self, user: AnyUser) -> None:
        self.user = user
        self._orgs: dict[tuple[str, str], Organisation | NotFoundError] = {}
        self._inds: dict[str, Indicator | NotFoundError] = {}

    def org(self, code: str, field: str = "org", action: str = "view") -> Organisation:
        key = ((code or "").strip().upper(), action)
        if key not in self._orgs:
            try:
                self._orgs[key] = org_get(self.user, key[0], action)
            except NotFoundError as exc:
                self._orgs[key] = exc
        found = self._orgs[key]
        if isinstance(found, NotFoundError):
            raise InvalidInputError.single(field, found.message)
        return found

    def indicator(self, code: str, field: str = "indicator") -> Indicator:
        key = (code or "").strip().upper()
        if key not in self._inds:
            try:
                self._inds[key] = indicator_get(self.user, key)
            except NotFoundError as exc:
                self._inds[key] = exc
        found = self._inds[key]
        if isinstance(found, NotFoundError):
            raise InvalidInputError.single(field, found.message)
        return found

    def value_row(self, data: dict[str, Any]) -> ValueRow:
        fields = {k: data[k] for k in VALUE_FIELDS if k in data}
        return ValueRow(
            indicator=self.indicator(data["indicator"]),
            organisation=self.org(data["org"]),
            period=data["period"],
            **fields,
        )

    def value_rows(self, rows: list[dict[str, Any]]) -> list[ValueRow]:
        out: list[ValueRow] = []
        errors: dict[str, list[str]] = {}
        for index, data in enumerate(rows):
            try:
                out.append(self.value_row(data))
            except InvalidInputError as exc:
                errors.update({f"rows.{index}.{f}": m for f, m in exc.errors.items()})
        if errors:
            raise InvalidInputError(errors)
        return out

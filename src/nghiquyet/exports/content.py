"""What a report file is made of: the report JSON, the narrative, the header facts.

The web page, the API and the ``nghiquyet report`` command all build a ``ReportContent`` and
hand it to the same renderers (``files.render``); only where it comes from differs: a saved
draft version, or a report built on the spot.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from nghiquyet.core.actors import AnyUser
from nghiquyet.core.contrib import app_modules
from nghiquyet.core.periods import Period
from nghiquyet.exports.kinds import summary_line
from nghiquyet.exports.letterhead import Letterhead, letterhead
from nghiquyet.exports.models import DraftVersion
from nghiquyet.orgs.models import Organisation


@dataclass(frozen=True)
class ReportContent:
    org: Organisation
    period: Period
    kind: str
    data: dict[str, Any]
    limitations: str = ""
    directions: str = ""
    doc_number: int | None = None
    report_date: dt.date | None = None
    version: int | None = None

    @property
    def day(self) -> dt.date:
        return self.report_date or timezone.localdate()

    @property
    def head(self) -> Letterhead:
        return letterhead(self.org, number=self.doc_number, day=self.day)

    @property
    def summary(self) -> str:
        return summary_line(self.kind, self.period)

    @property
    def unit_name(self) -> str:
        return str(self.data.get("org", {}).get("name") or self.org.name)

    def filename(self, fmt: str) -> str:
        """``bao-cao-DT-2025-v3.docx``: unit code, period, version (ASCII, safe everywhere)."""
        version = f"-v{self.version}" if self.version else ""
        code = "".join(
            c if c.isascii() and (c.isalnum() or c in "-_") else "_" for c in self.org.code
        )
        return f"bao-cao-{code}-{self.period.code}{version}.{fmt}"


def content_of_version(version: DraftVersion) -> ReportContent:
    draft = version.draft
    return ReportContent(
        org=draft.organisation,
        period=Period.parse(draft.period_code),
        kind=draft.kind,
        data=version.snapshot,
        limitations=version.limitations,
        directions=version.directions,
        doc_number=version.doc_number,
        report_date=version.report_date,
        version=version.number,
    )


def snapshot_time(iso: str | None) -> str:
    """When the figures were frozen, in local time (Asia/Ho_Chi_Minh, the project's
    TIME_ZONE): ``2026-12-01T03:05:46+00:00`` -> ``01/12/2026 10:05``; ``""`` when absent or
    unreadable."""
    try:
        moment = dt.datetime.fromisoformat(iso or "")
    except ValueError:
        return ""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.UTC)
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def limitations_from_apps(*, org: Organisation, period: Period, actor: AnyUser) -> str:
    """The "Hạn chế, nguyên nhân" text a new draft starts with: the lines each app's
    ``report.py`` offers through an optional ``limitations(*, org, period, actor) -> list[str]``
    (``tasks``: the open and answered difficulties and recommendations), one per paragraph,
    in app order; ``""`` when none has any."""
    lines: list[str] = []
    for module in app_modules("report"):
        offer = getattr(module, "limitations", None)
        if offer is not None:
            lines += offer(org=org, period=period, actor=actor)
    return "\n".join(lines)

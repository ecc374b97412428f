"""API schemas for reporting forms and submissions. Shapes only; the rules live in services."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema


class FormOut(Schema):
    code: str
    name: str
    owner: str
    period_type: str
    deadline_days: int
    grace_days: int
    outlier_pct: Decimal
    coverage_threshold_pct: Decimal
    is_active: bool
    future_estimates: bool
    org_kinds: list[str]
    units: list[str]
    indicators: list[str]


class FormIn(Schema):
    code: str = Field(max_length=40)
    name: str = Field(max_length=200)
    owner: str
    period_type: str
    indicators: list[str]
    org_kinds: list[str] = []
    units: list[str] = []
    deadline_days: int = 10
    grace_days: int = 0
    outlier_pct: Decimal = Decimal(50)
    coverage_threshold_pct: Decimal = Decimal(100)
    future_estimates: bool = False


class FormPatch(Schema):
    name: str | None = Field(None, max_length=200)
    period_type: str | None = None
    indicators: list[str] | None = None
    org_kinds: list[str] | None = None
    units: list[str] | None = None
    deadline_days: int | None = None
    grace_days: int | None = None
    outlier_pct: Decimal | None = None
    coverage_threshold_pct: Decimal | None = None
    is_active: bool | None = None
    future_estimates: bool | None = None


class SubmissionOut(Schema):
    id: int | None
    form: str
    organisation: str
    period: str
    status: str
    status_label: str
    first_submitted_at: dt.datetime | None
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    reason: str
    deadline: dt.date
    last_day: dt.date
    on_time: bool | None


class ReasonIn(Schema):
    reason: str = Field(max_length=2000)


class LockExceptionIn(Schema):
    organisation: str
    period: str
    until: dt.date
    reason: str = Field(max_length=2000)


class LockExceptionOut(Schema):
    id: int
    organisation: str
    period: str
    until: dt.date
    reason: str


class RecallIn(Schema):
    reason: str = Field("", max_length=2000)


class LockExceptionRevokedOut(Schema):
    id: int
    organisation: str
    period: str
    until: dt.date
    revoked_at: dt.datetime
    revoke_reason: str


class ReminderIn(Schema):
    organisation: str
    period: str
    units: list[str] | None = None


class TallyOut(Schema):
    expected: int
    submitted: int
    on_time: int
    late: int
    missing: int
    approved: int
    returned: int
    completeness_pct: float | None
    on_time_pct: float | None


class LevelOut(TallyOut):
    level: int
    kinds: list[str]


class MissingOut(Schema):
    code: str
    name: str
    form: str
    period: str
    last_day: dt.date
    overdue: bool
    status: str | None
    reminders: int


class CompletenessOut(Schema):
    totals: TallyOut
    levels: list[LevelOut]
    missing: list[MissingOut]


class EntriesIn(Schema):
    """Raw Vietnamese text per indicator code and field (value, numerator, denominator, text)."""

    entries: dict[str, dict[str, str]]
    value_type: str = "chinh_thuc"
    submit: bool = False


class RowOut(Schema):
    indicator: str
    errors: dict[str, str]
    warnings: list[str]


class EntriesOut(Schema):
    submission: SubmissionOut
    rows: list[RowOut]

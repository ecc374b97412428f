"""API schemas for organisations. Shapes only; the rules live in services."""

import datetime as dt

from ninja import Field, Schema


class OrgOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    kind_label: str
    parent: str | None
    depth: int
    body_code: str
    superior_line: str
    place_name: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    active: bool


class SuccessionOut(Schema):
    code: str
    name: str
    kind: str
    effective: dt.date


class TermOut(Schema):
    start_year: int
    end_year: int
    ordinal: str
    congress_from: dt.date | None
    congress_to: dt.date | None


class OrgDetailOut(OrgOut):
    children: list[OrgOut]
    predecessors: list[SuccessionOut]
    successors: list[SuccessionOut]
    terms: list[TermOut]


class OrgCreateIn(Schema):
    code: str = Field(max_length=40)
    name: str = Field(max_length=200)
    kind: str
    parent: str = Field(description="Mã đơn vị cấp trên")
    short_name: str = ""
    body_code: str = ""
    superior_line: str = ""
    place_name: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


class OrgUpdateIn(Schema):
    name: str | None = Field(default=None, max_length=200)
    short_name: str | None = None
    kind: str | None = None
    body_code: str | None = None
    superior_line: str | None = None
    place_name: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


class OrgMoveIn(Schema):
    parent: str


class OrgMergeIn(Schema):
    predecessors: list[str] = Field(min_length=1)
    effective: dt.date
    move_children: bool = True
    note: str = ""


class OrgDissolveIn(Schema):
    effective: dt.date


class TermIn(Schema):
    start_year: int
    end_year: int
    ordinal: str = ""
    congress_from: dt.date | None = None
    congress_to: dt.date | None = None

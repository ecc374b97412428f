"""API schemas for documents. Shapes only; the rules live in services."""

import datetime as dt

from ninja import Field, Schema


class DocumentOut(Schema):
    id: int
    symbol: str
    number_line: str
    scheme: str
    doc_type: str
    doc_type_label: str
    type_code: str
    body_code: str
    number: int | None
    sequence: str
    issue_date: dt.date | None
    title: str
    organisation: str
    co_issuers: list[str]
    status: str
    signer: str
    field_groups: list[str]


class RelationOut(Schema):
    kind: str
    document: DocumentOut


class RequirementOut(Schema):
    id: int
    action: str
    label: str
    doc_type: str
    rule: str
    target_kind: str
    assigned_on: dt.date
    deadline: dt.date
    targets: list[str]


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    content_type: str
    url: str


class DocumentDetailOut(DocumentOut):
    concretizes: list[RelationOut]
    concretized_by: list[RelationOut]
    attachments: list[AttachmentOut]
    requirements: list[RequirementOut]


class DocumentIn(Schema):
    organisation: str = Field(description="Mã đơn vị chủ trì ban hành")
    scheme: str = "dang"
    doc_type: str
    title: str
    type_code: str | None = None
    body_code: str | None = None
    number: int | None = None
    issue_date: dt.date | None = None
    status: str = "ban_hanh"
    signer: str = ""
    signer_title: str = ""
    field_groups: list[str] = []
    year_in_symbol: bool = False
    co_issuers: list[str] = Field(default=[], description="Mã các đơn vị cùng ban hành")
    concretizes: str = Field(default="", description="Trích dẫn văn bản được cụ thể hóa")


class DocumentPatch(Schema):
    doc_type: str | None = None
    type_code: str | None = None
    body_code: str | None = None
    number: int | None = None
    issue_date: dt.date | None = None
    title: str | None = None
    status: str | None = None
    signer: str | None = None
    signer_title: str | None = None
    field_groups: list[str] | None = None
    year_in_symbol: bool | None = None


class IssueIn(Schema):
    issue_date: dt.date
    number: int | None = None
    signer: str = ""
    signer_title: str = ""


class RelationIn(Schema):
    kind: str
    citation: str


class RequirementIn(Schema):
    action: str
    rule: str
    deadline: dt.date
    assigned_on: dt.date | None = None
    doc_type: str = ""
    target_kind: str = ""
    units: list[str] = []
    note: str = ""


class CitationOut(Schema):
    raw: str
    symbol: str
    complete: bool
    scheme: str
    number: int
    type_code: str
    body_code: str
    doc_type: str
    year: int | None
    issue_date: dt.date | None
    issuer: str
    inferred: list[str]
    joint_bodies: list[str] = Field(
        default_factory=list, description="Cơ quan cùng ban hành đọc được từ ký hiệu liên tịch"
    )


class CitationErrorOut(Schema):
    raw: str
    message: str


class ParseIn(Schema):
    text: str = Field(max_length=20000)


class ParseOut(Schema):
    citations: list[CitationOut]
    errors: list[CitationErrorOut]


class NextNumberOut(Schema):
    number: int
    symbol: str


class TallyOut(Schema):
    level: str
    total: int
    done: int
    counts: dict[str, int]
    percent: float
    sentence: str


class CellOut(Schema):
    requirement: int
    status: str
    done_on: dt.date | None
    evidence: str
    via: str | None


class MatrixRowOut(Schema):
    unit: str
    name: str
    cells: list[CellOut]


class MatrixOut(Schema):
    today: dt.date
    requirements: list[RequirementOut]
    tallies: dict[str, list[TallyOut]]
    rows: list[MatrixRowOut]


class CascadeNodeOut(Schema):
    document: DocumentOut
    compliance: list[TallyOut]
    children: list["CascadeNodeOut"]


class ConsultationIn(Schema):
    deadline: dt.date
    users: list[str] = []
    units: list[str] = []
    note: str = ""


class CommentIn(Schema):
    text: str


class RecipientOut(Schema):
    name: str
    answered: bool
    comments: list[str]


class ConsultationOut(Schema):
    id: int
    document: int
    deadline: dt.date
    recipients: list[RecipientOut]

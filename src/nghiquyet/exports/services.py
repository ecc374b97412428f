"""Writes of report drafts: create, save a new version, export a file.

Viewing the unit is required for everything (outside it the draft does not exist: 404);
saving needs the edit right on the unit. Every write is one transaction with its audit row.
"""

import datetime as dt
import hashlib
from types import EllipsisType
from typing import Any

from django.db import transaction
from django.utils import timezone

from nghiquyet.access.roles import Action
from nghiquyet.access.scoping import AnyUser, can
from nghiquyet.audit.services import audit_record
from nghiquyet.core.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from nghiquyet.core.periods import Period
from nghiquyet.core.report import build_report
from nghiquyet.exports.audit_actions import ExportsAudit
from nghiquyet.exports.content import content_of_version, limitations_from_apps
from nghiquyet.exports.files import CONTENT_TYPES, ExportedFile, render
from nghiquyet.exports.kinds import derive_kind
from nghiquyet.exports.models import (
    NARRATIVE_MAX,
    DraftVersion,
    FileFormat,
    ReportDraft,
    ReportFile,
)
from nghiquyet.exports.selectors import stored_file, version_get
from nghiquyet.orgs.models import Organisation

NOT_FOUND = "Không tìm thấy đơn vị trong phạm vi của bạn."


def _check(actor: AnyUser, org: Organisation, action: Action) -> None:
    """404 outside the actor's view scope, 403 inside it without ``action``."""
    if not can(actor, Action.VIEW, org):
        raise NotFoundError(NOT_FOUND)
    if not can(actor, action, org):
        raise PermissionDeniedError(
            "Bạn chỉ được xem, không được lập hoặc sửa báo cáo của đơn vị này."
        )


def _period(value: Period | str) -> Period:
    try:
        return value if isinstance(value, Period) else Period.parse(value)
    except ValueError as exc:
        raise InvalidInputError.single("period", str(exc)) from None


def _narrative(field: str, label: str, text: str) -> str:
    """Free text kept as typed (it is escaped wherever shown), bounded in length."""
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > NARRATIVE_MAX:
        raise InvalidInputError.single(
            field, f"{label} dài quá {NARRATIVE_MAX:,} ký tự.".replace(",", ".")
        )
    return text


def _prefill(org: Organisation, period: Period, actor: AnyUser) -> tuple[str, str]:
    """Narrative pre-filled from the apps: limitations from the difficulties and
    recommendations (``content.limitations_from_apps``); directions start empty."""
    return limitations_from_apps(org=org, period=period, actor=actor)[:NARRATIVE_MAX], ""


@transaction.atomic
def draft_create(
    *, actor: AnyUser, org: Organisation, period: Period | str, kind: str
) -> ReportDraft:
    """A draft of ``org`` for ``period``, version 1 holding the report JSON as of now.

    ``kind`` is a ``kinds.Choice`` value (dinh_ky, so_ket, tong_ket); the stored kind derives
    from it and the period. Errors: NotFoundError outside scope, PermissionDeniedError without
    edit, InvalidInputError on ``period`` (bad code, wrong kind, draft already there).
    """
    _check(actor, org, Action.EDIT)
    resolved = _period(period)
    try:
        report_kind = derive_kind(resolved, kind)
    except ValueError as exc:
        raise InvalidInputError.single("kind", str(exc)) from None
    if ReportDraft.objects.filter(
        organisation=org, period_code=resolved.code, kind=report_kind
    ).exists():
        raise InvalidInputError.single(
            "period",
            f"Đơn vị đã có dự thảo {report_kind.label.lower()} {resolved.label.lower()}; "
            "hãy mở dự thảo đó để sửa.",
        )
    draft = ReportDraft.objects.create(
        organisation=org, period_code=resolved.code, kind=report_kind, created_by=_user(actor)
    )
    limitations, directions = _prefill(org, resolved, actor)
    version = _new_version(
        actor,
        draft,
        build_report(org=org, period=resolved, actor=actor),
        limitations=limitations,
        directions=directions,
        doc_number=None,
        report_date=timezone.localdate(),
    )
    audit_record(
        actor=actor,
        action=ExportsAudit.DRAFT_CREATE,
        target=draft,
        organisation=org,
        after={"period": resolved.code, "kind": report_kind.value} | version.summary(),
    )
    return draft


def _user(actor: AnyUser) -> Any:
    return actor if actor.is_authenticated and actor.pk else None


def _new_version(
    actor: AnyUser, draft: ReportDraft, snapshot: dict[str, Any], **fields: Any
) -> DraftVersion:
    last = draft.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = DraftVersion(
        draft=draft, number=last + 1, snapshot=snapshot, created_by=_user(actor), **fields
    )
    version.full_clean(exclude=["draft", "snapshot", "created_by"])
    version.save()
    return version


@transaction.atomic
def draft_update(
    *,
    actor: AnyUser,
    draft: ReportDraft,
    limitations: str | None = None,
    directions: str | None = None,
    doc_number: int | EllipsisType | None = ...,
    report_date: dt.date | None = None,
    refresh: bool = False,
) -> DraftVersion:
    """Save the draft as a new version: the previous one with the given parts changed.

    ``limitations`` ("Hạn chế, nguyên nhân") and ``directions`` ("Phương hướng, nhiệm vụ kỳ
    tới"): text up to 20.000 characters, None keeps the previous text; ``doc_number``: the
    document number, 1-99.999, None to leave it blank, ``...`` (default) to keep it;
    ``report_date``: the header date. ``refresh`` rebuilds the JSON from today's data.
    No earlier version is ever changed. Errors as ``draft_create``.
    """
    org = draft.organisation
    _check(actor, org, Action.EDIT)
    # The draft row is locked first, so two saves at once get consecutive numbers.
    ReportDraft.objects.select_for_update().filter(pk=draft.pk).first()
    previous = version_get(draft)
    fields = {
        "limitations": previous.limitations
        if limitations is None
        else _narrative("limitations", "Hạn chế, nguyên nhân", limitations),
        "directions": previous.directions
        if directions is None
        else _narrative("directions", "Phương hướng, nhiệm vụ kỳ tới", directions),
        "doc_number": previous.doc_number if doc_number is ... else _doc_number(doc_number),
        "report_date": report_date or previous.report_date,
    }
    period = Period.parse(draft.period_code)
    snapshot = build_report(org=org, period=period, actor=actor) if refresh else previous.snapshot
    version = _new_version(actor, draft, snapshot, **fields)
    audit_record(
        actor=actor,
        action=ExportsAudit.DRAFT_SAVE,
        target=draft,
        organisation=org,
        before=previous.summary(),
        after=version.summary() | {"refresh": refresh},
    )
    return version


def _doc_number(value: int | EllipsisType | None) -> int | None:
    if value is None or value is ...:
        return None
    if not 1 <= value <= 99_999:
        raise InvalidInputError.single("doc_number", "Số văn bản phải từ 1 đến 99.999.")
    return value


@transaction.atomic
def draft_export(
    *,
    actor: AnyUser,
    draft: ReportDraft,
    fmt: str,
    version: int | None = None,
    fresh: bool = False,
) -> tuple[ReportFile, ExportedFile]:
    """The file of version ``version`` (the latest if None) of ``draft`` as ``fmt`` (docx,
    xlsx, pdf). The file already exported from that version in that format is served again,
    unchanged and without a new row; otherwise (or with ``fresh``) the file is rendered, kept
    and recorded with the version it came from. Viewing the unit is enough.
    Errors: NotFoundError outside scope or for an unknown version, InvalidInputError on
    ``fmt``, ServiceError when the PDF converter is missing or fails."""
    _check(actor, draft.organisation, Action.VIEW)
    if fmt not in FileFormat.values:
        raise InvalidInputError.single(
            "fmt", f"Định dạng “{fmt}” không hỗ trợ; dùng docx, xlsx hoặc pdf."
        )
    chosen = version_get(draft, version)
    kept = None if fresh else stored_file(chosen, fmt)
    if kept is not None:
        data = bytes(kept.data or b"")
        return kept, ExportedFile(kept.filename, CONTENT_TYPES[FileFormat(fmt)], data)
    exported = render(content_of_version(chosen), fmt)
    row = ReportFile.objects.create(
        version=chosen,
        fmt=fmt,
        filename=exported.filename,
        size=len(exported.data),
        sha256=hashlib.sha256(exported.data).hexdigest(),
        data=exported.data,
        created_by=_user(actor),
    )
    audit_record(
        actor=actor,
        action=ExportsAudit.FILE_EXPORT,
        target=row,
        organisation=draft.organisation,
        after={"draft": draft.pk, "version": chosen.number, "format": fmt},
    )
    return row, exported

"""Drafts: creation with the kind derived from the period, versions on every save (never an
overwrite), exports that name their version, and scope: 404 outside, 403 for read-only."""

import pytest

from nghiquyet.audit.models import AuditEntry
from nghiquyet.core.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from nghiquyet.exports.kinds import ReportKind
from nghiquyet.exports.models import DraftVersion, ReportFile
from nghiquyet.exports.services import draft_create, draft_export, draft_update


@pytest.mark.parametrize(
    ("period", "choice", "kind"),
    [
        ("2025Q3", "dinh_ky", ReportKind.QUY),
        ("2025S1", "dinh_ky", ReportKind.SAU_THANG),
        ("2025N9", "dinh_ky", ReportKind.CHIN_THANG),
        ("2025", "dinh_ky", ReportKind.NAM),
        ("2025S1", "so_ket", ReportKind.SO_KET),
        ("2020-2025", "tong_ket", ReportKind.TONG_KET),
    ],
)
def test_kind_derives_from_period_and_choice(cast, period, choice, kind):
    draft = draft_create(actor=cast.xa, org=cast.commune, period=period, kind=choice)
    assert draft.kind == kind and draft.latest.number == 1


@pytest.mark.parametrize(
    ("period", "choice", "field"),
    [
        ("2020-2025", "dinh_ky", "kind"),
        ("2025Q1", "tong_ket", "kind"),
        ("2025Q5", "dinh_ky", "period"),
    ],
)
def test_impossible_pairs_are_refused_by_field(cast, period, choice, field):
    with pytest.raises(InvalidInputError) as err:
        draft_create(actor=cast.xa, org=cast.commune, period=period, kind=choice)
    assert field in err.value.errors


def test_two_saves_make_two_versions_and_keep_the_first(cast, report_data):
    draft = draft_create(actor=cast.tinhuy, org=cast.province, period="2025", kind="dinh_ky")
    first = draft.latest
    draft_update(actor=cast.tinhuy, draft=draft, limitations="Thu ngân sách chưa đạt.")
    draft_update(actor=cast.tinhuy, draft=draft, directions="Tập trung thu ngân sách.")
    versions = list(DraftVersion.objects.filter(draft=draft).order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3]
    assert versions[0].limitations == "" and versions[0].snapshot == first.snapshot
    assert versions[2].limitations == "Thu ngân sách chưa đạt."
    assert versions[2].directions == "Tập trung thu ngân sách."
    assert AuditEntry.objects.filter(action="exports.draft.save").count() == 2


def test_export_records_the_version_it_came_from(cast, report_data):
    draft = draft_create(actor=cast.tinhuy, org=cast.province, period="2025", kind="dinh_ky")
    draft_update(actor=cast.tinhuy, draft=draft, limitations="Phiên bản hai.")
    row, exported = draft_export(actor=cast.lanhdao, draft=draft, fmt="docx", version=1)
    assert row.version.number == 1 and exported.filename.endswith("-v1.docx")
    row, _ = draft_export(actor=cast.lanhdao, draft=draft, fmt="xlsx")
    assert row.version.number == 2
    assert ReportFile.objects.count() == 2
    entry = AuditEntry.objects.filter(action="exports.file.export").latest("pk")
    assert entry.after == {"draft": draft.pk, "version": 2, "format": "xlsx"}


def test_outside_scope_is_not_found_and_read_only_cannot_save(cast):
    with pytest.raises(NotFoundError):
        draft_create(actor=cast.chibo, org=cast.commune, period="2025", kind="dinh_ky")
    with pytest.raises(PermissionDeniedError):
        draft_create(actor=cast.lanhdao, org=cast.commune, period="2025", kind="dinh_ky")
    draft = draft_create(actor=cast.xa, org=cast.commune, period="2025", kind="dinh_ky")
    with pytest.raises(NotFoundError):
        draft_export(actor=cast.chibo, draft=draft, fmt="docx")
    with pytest.raises(PermissionDeniedError):
        draft_update(actor=cast.lanhdao, draft=draft, limitations="x")
    assert draft.versions.count() == 1


def test_second_draft_of_same_kind_and_period_is_refused(cast):
    draft_create(actor=cast.xa, org=cast.commune, period="2025", kind="dinh_ky")
    with pytest.raises(InvalidInputError) as err:
        draft_create(actor=cast.xa, org=cast.commune, period="2025", kind="dinh_ky")
    assert "period" in err.value.errors


def test_bad_document_number_and_format_are_refused_by_field(cast):
    draft = draft_create(actor=cast.xa, org=cast.commune, period="2025", kind="dinh_ky")
    with pytest.raises(InvalidInputError) as err:
        draft_update(actor=cast.xa, draft=draft, doc_number=0)
    assert "doc_number" in err.value.errors
    with pytest.raises(InvalidInputError) as err:
        draft_export(actor=cast.xa, draft=draft, fmt="odt")
    assert "fmt" in err.value.errors
    assert draft.versions.count() == 1

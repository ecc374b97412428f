import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from nghiquyet.audit.models import AuditEntry
from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.documents.models import Document, Status
from nghiquyet.documents.numbering import next_number
from nghiquyet.documents.selectors import document_resolve_text, document_search
from nghiquyet.documents.services import (
    DocumentInput,
    document_create,
    document_issue,
    document_update,
)
from nghiquyet.orgs.models import OrgKind
from nghiquyet.orgs.services import org_create


def test_issued_document_takes_next_number_and_renders_party_symbol(cast, make_doc):
    first = make_doc()
    second = make_doc()
    assert (first.number, second.number) == (1, 2)
    assert first.number_line == "Số 01-KH/ĐU"
    assert first.sequence_key == "2025-2030"
    assert AuditEntry.objects.filter(action="documents.document.create").count() == 2


def test_state_symbol_has_colon_and_slash_first(cast, make_doc):
    doc = make_doc(scheme="nha_nuoc", body_code="UBND", number=12)
    assert doc.number_line == "Số: 12/KH-UBND"
    assert doc.sequence_key == "2025"


def test_party_numbering_restarts_with_new_term_at_congress_close(cast, make_doc):
    make_doc(issue_date=dt.date(2025, 3, 2))
    make_doc(issue_date=dt.date(2025, 10, 15))
    on_close = next_number(
        scheme="dang", org=cast.province, type_code="KH", day=dt.date(2025, 10, 15)
    )
    after = next_number(scheme="dang", org=cast.province, type_code="KH", day=dt.date(2025, 10, 16))
    assert (on_close, after) == (3, 1)
    assert make_doc(issue_date=dt.date(2025, 10, 16)).number == 1


def test_state_numbering_restarts_on_first_of_january(cast, make_doc):
    make_doc(scheme="nha_nuoc", body_code="UBND", issue_date=dt.date(2024, 12, 31), number=41)
    dec = next_number(
        scheme="nha_nuoc", org=cast.province, type_code="KH", day=dt.date(2024, 12, 31)
    )
    jan = next_number(scheme="nha_nuoc", org=cast.province, type_code="KH", day=dt.date(2025, 1, 1))
    assert (dec, jan) == (42, 1)


def test_numbering_is_per_type_and_issuer(cast, make_doc):
    make_doc()
    assert make_doc(doc_type="nghi_quyet").number == 1
    assert make_doc(cast.commune).number == 1


def test_duplicate_number_is_refused_with_clear_message_and_nothing_saved(cast, make_doc):
    make_doc(number=7, title="Kế hoạch học tập")
    before = Document.objects.count()
    with pytest.raises(InvalidInputError) as info:
        make_doc(number=7)
    message = info.value.errors["number"][0]
    assert "07-KH/ĐU" in message
    assert "đã được dùng trong nhiệm kỳ 2025-2030" in message
    assert "Số tiếp theo còn trống là 08" in message
    assert Document.objects.count() == before


def test_same_number_allowed_in_next_term(cast, make_doc):
    make_doc(number=7, issue_date=dt.date(2024, 5, 1))
    assert make_doc(number=7, issue_date=dt.date(2025, 11, 1)).symbol == "07-KH/ĐU"


def test_database_refuses_duplicate_even_without_the_service(cast, make_doc):
    doc = make_doc(number=3)
    clone = Document(
        scheme=doc.scheme,
        doc_type=doc.doc_type,
        type_code=doc.type_code,
        body_code=doc.body_code,
        organisation=doc.organisation,
        number=3,
        sequence_key=doc.sequence_key,
        issue_date=doc.issue_date,
        title="x",
        status=Status.BAN_HANH,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()


def test_type_code_is_editable_and_separate_from_type(cast, make_doc):
    doc = make_doc(doc_type="quy_dinh", type_code="QĐ")
    assert (doc.doc_type, doc.symbol) == ("quy_dinh", "01-QĐ/ĐU")
    assert make_doc(doc_type="quy_dinh").symbol == "01-QĐi/ĐU"
    local = make_doc(doc_type="chuong_trinh", type_code="CTHĐ", number=147)
    assert local.symbol == "147-CTHĐ/ĐU"


def test_joint_document_uses_lead_sequence_and_joined_body(cast, make_doc):
    def staff(code, body):
        return org_create(
            actor=cast.root,
            code=code,
            name=code,
            kind=OrgKind.BAN_DANG,
            parent=cast.province,
            body_code=body,
        )

    btc, bdv = staff("BTC", "BTCTU"), staff("BDV", "BDVTU")
    make_doc(btc, doc_type="quy_che", number=4)
    joint = make_doc(btc, doc_type="quy_che", co_issuers=[bdv])
    assert joint.symbol == "05-QC/BTCTU-BDVTU"
    assert next_number(scheme="dang", org=bdv, type_code="QC", day=joint.issue_date) == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"doc_type": "nghi_dinh"}, "doc_type"),
        ({"type_code": "K H"}, "type_code"),
        ({"body_code": "T/U"}, "body_code"),
        ({"number": 0}, "number"),
        ({"issue_date": None}, "issue_date"),
        ({"issue_date": dt.date(2999, 1, 1)}, "issue_date"),
        ({"field_groups": ["khong_co"]}, "field_groups"),
    ],
)
def test_bad_input_names_the_field(cast, make_doc, fields, field):
    with pytest.raises(InvalidInputError) as info:
        make_doc(**fields)
    assert field in info.value.errors
    assert not Document.objects.exists()


def test_party_document_without_any_term_is_refused(cast, terms):
    orphan = org_create(
        actor=cast.root,
        code="X",
        name="Đảng bộ X",
        kind=OrgKind.DANG_BO_CO_SO,
        parent=None,
        body_code="ĐU",
    )
    with pytest.raises(InvalidInputError) as info:
        document_create(
            actor=cast.root,
            organisation=orphan,
            data=DocumentInput(
                scheme="dang", doc_type="ke_hoach", title="t", issue_date=dt.date(2025, 1, 2)
            ),
        )
    assert "nhiệm kỳ" in info.value.errors["issue_date"][0]


def test_cell_uses_nearest_committee_term(cast, make_doc):
    assert make_doc(cast.cell).sequence_key == "2025-2030"


def test_commune_user_cannot_register_for_the_province(cast, make_doc):
    with pytest.raises(PermissionDeniedError):
        make_doc(actor=cast.xa)
    with pytest.raises(PermissionDeniedError):
        make_doc(cast.commune, actor=cast.lanhdao)


def test_concretized_document_outside_scope_is_refused(cast, make_doc):
    other_draft = make_doc(cast.other_commune, status=Status.DU_THAO, issue_date=None)
    with pytest.raises(InvalidInputError) as info:
        make_doc(cast.commune, actor=cast.xa, concretizes=other_draft)
    assert "concretizes" in info.value.errors


def test_draft_is_issued_with_next_number(cast, make_doc):
    make_doc()
    draft = make_doc(status=Status.DU_THAO, issue_date=None)
    assert draft.number is None and draft.symbol == ""
    issued = document_issue(actor=cast.tinhuy, document=draft, issue_date=dt.date(2025, 11, 20))
    assert (issued.status, issued.number) == ("ban_hanh", 2)
    with pytest.raises(InvalidInputError):
        document_issue(actor=cast.tinhuy, document=issued, issue_date=dt.date(2025, 11, 20))


def test_update_rechecks_duplicates(cast, make_doc):
    make_doc(number=1)
    doc = make_doc(number=2)
    with pytest.raises(InvalidInputError):
        document_update(actor=cast.tinhuy, document=doc, number=1)
    doc.refresh_from_db()
    assert doc.number == 2
    document_update(actor=cast.tinhuy, document=doc, title="Kế hoạch mới")
    assert "ke hoach moi" in Document.objects.get(pk=doc.pk).search_text


def test_search_is_accent_insensitive_and_understands_symbols(cast, make_doc):
    make_doc(title="Kế hoạch phát triển đô thị Cao Lãnh")
    make_doc(title="Kế hoạch khác", number=7)
    assert [d.title for d in document_search(cast.tinhuy, "cao lanh").documents] == [
        "Kế hoạch phát triển đô thị Cao Lãnh"
    ]
    result = document_search(cast.tinhuy, "Số 07-KH/ĐU")
    assert [d.number for d in result.documents] == [7]
    assert document_search(cast.tinhuy, "số 0-KH/TU").error


def test_search_only_returns_visible_documents(cast, make_doc):
    make_doc(cast.other_commune, title="Kế hoạch Mỹ Hiệp")
    make_doc(title="Kế hoạch tỉnh")
    make_doc(cast.province, title="Dự thảo tỉnh", status=Status.DU_THAO, issue_date=None)
    titles = {d.title for d in document_search(cast.xa, "").documents}
    # The commune sees issued documents of the province above it, not drafts, not siblings.
    assert titles == {"Kế hoạch tỉnh"}


def test_resolve_text_finds_the_cited_document(cast, make_doc):
    doc = make_doc(number=86, issue_date=dt.date(2025, 11, 7))
    assert document_resolve_text(cast.xa, "Kế hoạch số 86-KH/ĐU ngày 07/11/2025") == doc


def test_relation_and_attachment_removal_are_audited(cast, make_doc, settings, tmp_path):
    import io

    from nghiquyet.documents.models import Attachment, DocumentRelation
    from nghiquyet.documents.services import (
        attachment_add,
        attachment_remove,
        relation_add,
        relation_remove,
    )

    settings.MEDIA_ROOT = tmp_path
    parent, child = make_doc(doc_type="nghi_quyet"), make_doc(cast.commune)
    relation = relation_add(actor=cast.xa, source=child, target=parent, kind="dan_chieu")
    with pytest.raises(InvalidInputError):
        relation_add(actor=cast.xa, source=child, target=parent, kind="dan_chieu")
    with pytest.raises(PermissionDeniedError):
        relation_remove(actor=cast.chibo, relation=relation)
    relation_remove(actor=cast.xa, relation=relation)
    assert not DocumentRelation.objects.exists()
    att = attachment_add(
        actor=cast.xa, document=child, name="a.png", stream=io.BytesIO(b"\x89PNG\r\n\x1a\nxx")
    )
    stored = tmp_path / att.file.name
    assert stored.exists()
    attachment_remove(actor=cast.xa, attachment=att)
    assert not Attachment.objects.exists()
    assert set(AuditEntry.objects.values_list("action", flat=True)) >= {
        "documents.relation.add",
        "documents.relation.remove",
        "documents.attachment.add",
        "documents.attachment.remove",
    }


def test_concretization_cycle_is_refused(cast, make_doc):
    from nghiquyet.documents.services import relation_add

    top = make_doc(doc_type="nghi_quyet")
    middle = make_doc(cast.commune, concretizes=top)
    bottom = make_doc(cast.cell, concretizes=middle)
    with pytest.raises(InvalidInputError) as info:
        relation_add(actor=cast.root, source=top, target=bottom, kind="cu_the_hoa")
    assert "vòng lặp" in info.value.errors["target"][0]


def test_a_cell_moved_in_the_2025_merger_numbers_old_documents_in_the_old_term(cast, terms):
    """Today the cell sits under a ward formed on 1/7/2025, whose only term is 2025-2030; a
    document of 12/2020 still belongs to the 2020-2025 term of the committee above its old
    commune, reached through the merger's succession."""
    from nghiquyet.documents.numbering import sequence_for
    from nghiquyet.orgs.models import OrgKind
    from nghiquyet.orgs.services import org_create, org_merge

    old = org_create(
        actor=cast.root,
        code="OLD",
        name="Đảng ủy xã cũ",
        kind=OrgKind.DANG_BO_CO_SO,
        parent=cast.province,
    )
    cell = org_create(
        actor=cast.root,
        code="OLD-CB1",
        name="Chi bộ ấp cũ",
        kind=OrgKind.CHI_BO_CO_SO,
        parent=old,
    )
    org_merge(
        actor=cast.root, predecessors=[old], successor=cast.commune, effective=dt.date(2025, 7, 1)
    )
    cell.refresh_from_db()
    assert cell.parent == cast.commune
    assert sequence_for("dang", cell, dt.date(2020, 12, 1)).key == "2020-2025"
    assert sequence_for("dang", cell, dt.date(2025, 12, 1)).key == "2025-2030"
    assert next_number(scheme="dang", org=cell, type_code="KH", day=dt.date(2020, 12, 1)) == 1

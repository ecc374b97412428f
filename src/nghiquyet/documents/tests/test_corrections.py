"""Issue 9 §4: documents, links, attachments and requirements can be corrected through audited
services: edited, withdrawn (thu hồi) with a reason, and deleted only where history allows
(docs/decisions/0002: a draft that nothing depends on)."""

import datetime as dt
import io

import pytest
from django.urls import reverse

from nghiquyet.audit.models import AuditEntry
from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.documents import services
from nghiquyet.documents.compliance import build_matrix
from nghiquyet.documents.models import Attachment, Document, DocumentRelation, Requirement, Status
from nghiquyet.testing import Api, Page, PermissionMatrix

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LOGIN = 302


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def docs(cast, make_doc):
    """A provincial resolution, the commune's plan concretizing it, and a commune draft."""
    resolution = make_doc(doc_type="nghi_quyet", title="Nghị quyết Đại hội")
    plan = make_doc(
        cast.commune,
        actor=cast.xa,
        concretizes=resolution,
        title="Kế hoạch thực hiện Nghị quyết Đại hội",
    )
    draft = make_doc(
        cast.commune,
        actor=cast.xa,
        status=Status.DU_THAO,
        issue_date=None,
        title="Dự thảo kế hoạch tuyên truyền",
    )
    return {"resolution": resolution, "plan": plan, "draft": draft}


def _requirement(cast, doc):
    return services.requirement_create(
        actor=cast.xa,
        document=doc,
        action="hoc_tap",
        rule="chi_bo",
        deadline=dt.date(2026, 12, 31),
        assigned_on=dt.date(2025, 12, 1),
    )


def _audited(action: str, target) -> bool:
    return AuditEntry.objects.filter(action=action, target_id=target.pk).exists()


# --- Documents -------------------------------------------------------------------------------


def test_a_draft_nothing_depends_on_is_deleted_with_its_attachments(cast, docs):
    draft = docs["draft"]
    services.attachment_add(
        actor=cast.xa, document=draft, name="du-thao.pdf", stream=io.BytesIO(PDF)
    )
    pk = draft.pk
    services.document_delete(actor=cast.xa, document=draft)
    assert not Document.objects.filter(pk=pk).exists()
    assert not Attachment.objects.exists()
    entry = AuditEntry.objects.get(action="documents.document.delete", target_id=pk)
    assert entry.before["title"] == "Dự thảo kế hoạch tuyên truyền"


def test_an_issued_document_is_not_deleted_but_withdrawn(cast, docs):
    plan = docs["plan"]
    with pytest.raises(InvalidInputError) as err:
        services.document_delete(actor=cast.xa, document=plan)
    assert "thu hồi" in err.value.errors["document"][0]
    services.document_withdraw(actor=cast.xa, document=plan, reason="Ban hành nhầm số")
    plan.refresh_from_db()
    assert plan.withdrawn_at is not None and plan.withdraw_reason == "Ban hành nhầm số"
    assert plan.withdrawn_by == cast.xa
    assert _audited("documents.document.withdraw", plan)
    with pytest.raises(InvalidInputError):
        services.document_withdraw(actor=cast.xa, document=plan, reason="Lần nữa")


def test_a_draft_with_dependants_names_them_and_must_be_withdrawn(cast, docs):
    draft = docs["draft"]
    req = _requirement(cast, draft)
    services.relation_add(actor=cast.xa, source=draft, target=docs["plan"], kind="dan_chieu")
    with pytest.raises(InvalidInputError) as err:
        services.document_delete(actor=cast.xa, document=draft)
    message = err.value.errors["document"][0]
    assert "yêu cầu thực hiện" in message and "liên kết tới văn bản khác" in message
    services.requirement_withdraw(actor=cast.xa, requirement=req, reason="Giao nhầm")
    services.relation_remove(actor=cast.xa, relation=DocumentRelation.objects.get(source=draft))
    with pytest.raises(InvalidInputError) as err:  # a withdrawn requirement is history too
        services.document_delete(actor=cast.xa, document=draft)
    assert err.value.errors["document"][0].startswith("Dự thảo đã có yêu cầu thực hiện nên")
    assert Document.objects.filter(pk=draft.pk).exists()


def test_withdrawing_needs_a_reason_and_edit_rights(cast, docs):
    with pytest.raises(InvalidInputError) as err:
        services.document_withdraw(actor=cast.xa, document=docs["plan"], reason="  ")
    assert "lý do" in err.value.errors["reason"][0]
    for persona in ("lanhdao", "chibo"):
        with pytest.raises(PermissionDeniedError):
            services.document_withdraw(
                actor=cast.persona(persona), document=docs["plan"], reason="x"
            )
    with pytest.raises(PermissionDeniedError):
        services.document_delete(actor=cast.xa, document=docs["resolution"])


def test_withdrawn_document_page_says_so(cast, docs, client_for):
    services.document_withdraw(actor=cast.xa, document=docs["plan"], reason="Ban hành nhầm số")
    page = client_for("xa").get(reverse("documents:detail", args=[docs["plan"].pk]))
    html = page.content.decode()
    assert "Đã thu hồi" in html and "Ban hành nhầm số" in html


# --- Links and attachments -----------------------------------------------------------------------


def test_a_link_kind_is_changed_and_a_link_removed_with_audit(cast, docs):
    relation = DocumentRelation.objects.get(source=docs["plan"])
    services.relation_update(actor=cast.xa, relation=relation, kind="dan_chieu")
    relation.refresh_from_db()
    assert relation.kind == "dan_chieu"
    assert _audited("documents.relation.update", relation)
    with pytest.raises(InvalidInputError):
        services.relation_update(actor=cast.xa, relation=relation, kind="khong-co")
    services.relation_remove(actor=cast.xa, relation=relation)
    assert not DocumentRelation.objects.exists()


def test_detail_offers_corrections_to_editors_only(cast, docs, client_for):
    _requirement(cast, docs["plan"])
    url = reverse("documents:detail", args=[docs["plan"].pk])
    editor = client_for("xa").get(url).content.decode()
    reader = client_for("lanhdao").get(url).content.decode()
    for name in ("documents:withdraw",):
        assert reverse(name, args=[docs["plan"].pk]) in editor
        assert reverse(name, args=[docs["plan"].pk]) not in reader
    requirement = Requirement.objects.get()
    assert reverse("documents:withdraw_requirement", args=[requirement.pk]) in editor
    assert reverse("documents:withdraw_requirement", args=[requirement.pk]) not in reader
    draft = client_for("xa").get(reverse("documents:detail", args=[docs["draft"].pk]))
    assert reverse("documents:delete", args=[docs["draft"].pk]) in draft.content.decode()


# --- Requirements ---------------------------------------------------------------------------


def test_requirement_deadline_is_edited_but_not_before_assignment(cast, docs):
    req = _requirement(cast, docs["plan"])
    services.requirement_update(
        actor=cast.xa, requirement=req, deadline=dt.date(2027, 3, 31), note="Gia hạn"
    )
    req.refresh_from_db()
    assert (req.deadline, req.note) == (dt.date(2027, 3, 31), "Gia hạn")
    entry = AuditEntry.objects.get(action="documents.requirement.update", target_id=req.pk)
    assert entry.before["deadline"] == "2026-12-31" and entry.after["deadline"] == "2027-03-31"
    with pytest.raises(InvalidInputError) as err:
        services.requirement_update(actor=cast.xa, requirement=req, deadline=dt.date(2025, 1, 1))
    assert "01/12/2025" in err.value.errors["deadline"][0]


def test_a_withdrawn_requirement_obliges_nobody_but_stays_in_history(cast, docs):
    req = _requirement(cast, docs["plan"])
    assert len(build_matrix(docs["plan"].requirements.all(), viewer=cast.xa).requirements) == 1
    services.requirement_withdraw(actor=cast.xa, requirement=req, reason="Giao nhầm đối tượng")
    assert not docs["plan"].requirements.exists()
    assert build_matrix(docs["plan"].requirements.all(), viewer=cast.xa).requirements == []
    kept = Requirement.all_objects.get(pk=req.pk)
    assert kept.withdraw_reason == "Giao nhầm đối tượng"
    assert _audited("documents.requirement.withdraw", req)
    with pytest.raises(PermissionDeniedError):
        services.requirement_withdraw(actor=cast.lanhdao, requirement=kept, reason="x")


# --- Permission matrix ---------------------------------------------------------------------------

EDIT = {"anonymous": LOGIN, "xa": 302, "chibo": 404, "lanhdao": 404, "tinhuy": 302}
API_EDIT = {"anonymous": 401, "xa": 200, "chibo": 404, "lanhdao": 404, "tinhuy": 200}
API_GONE = {**API_EDIT, "xa": 204, "tinhuy": 204}
DOC = "/api/v1/documents"


class TestCorrectionPermissions(PermissionMatrix):
    """pk 1: the provincial resolution; 2: the commune plan (link 1 to 1, attachment 1,
    requirement 1); 3: the commune draft."""

    pytestmark = pytest.mark.django_db(transaction=True, reset_sequences=True)
    routes = [
        Page("documents:withdraw", args=(2,), post={"reason": "Ban hành nhầm"}, expect=EDIT),
        Page("documents:delete", args=(3,), post={}, expect=EDIT),
        Page("documents:edit_relation", args=(2, 1), post={"kind": "dan_chieu"}, expect=EDIT),
        Page("documents:remove_relation", args=(2, 1), post={}, expect=EDIT),
        Page("documents:remove_attachment", args=(2, 1), post={}, expect=EDIT),
        Page(
            "documents:edit_requirement",
            args=(1,),
            post={"deadline": "31/3/2027", "note": "Gia hạn"},
            expect=EDIT,
        ),
        Page("documents:withdraw_requirement", args=(1,), post={"reason": "Nhầm"}, expect=EDIT),
        Api("post", f"{DOC}/2/withdraw", body={"reason": "Ban hành nhầm"}, expect=API_EDIT),
        Api("delete", f"{DOC}/3", expect=API_GONE),
        Api("patch", f"{DOC}/2/relations/1", body={"kind": "dan_chieu"}, expect=API_EDIT),
        Api("delete", f"{DOC}/2/relations/1", expect=API_GONE),
        Api("delete", f"{DOC}/2/attachments/1", expect=API_GONE),
        # A reader sees the requirement (403 from the service), not the document's edit page.
        Api(
            "patch",
            f"{DOC}/requirements/1",
            body={"deadline": "2027-03-31", "note": "Gia hạn"},
            expect={**API_EDIT, "lanhdao": 403},
        ),
        Api(
            "post",
            f"{DOC}/requirements/1/withdraw",
            body={"reason": "Nhầm"},
            expect={**API_EDIT, "lanhdao": 403},
        ),
    ]

    @pytest.fixture(autouse=True)
    def rows(self, cast, docs):
        services.attachment_add(
            actor=cast.xa, document=docs["plan"], name="kh.pdf", stream=io.BytesIO(PDF)
        )
        _requirement(cast, docs["plan"])

    def state(self, cast):
        return (
            list(Document.objects.order_by("pk").values_list("pk", "withdrawn_at")),
            list(DocumentRelation.objects.values_list("kind", flat=True)),
            Attachment.objects.count(),
            list(Requirement.all_objects.values_list("deadline", "withdrawn_at")),
        )


def test_a_withdrawn_document_no_longer_answers_a_requirement(cast, docs):
    """The commune's plan concretizes the resolution; once withdrawn it answers nothing."""
    req = services.requirement_create(
        actor=cast.root,
        document=docs["resolution"],
        action="ban_hanh",
        rule="truc_thuoc",
        deadline=dt.date(2025, 12, 31),
        assigned_on=dt.date(2025, 11, 1),
    )
    today = dt.date(2026, 1, 10)
    assert build_matrix([req], today=today).cell(req, cast.commune).status == "dung_han"
    services.document_withdraw(actor=cast.xa, document=docs["plan"], reason="Ban hành nhầm")
    assert build_matrix([req], today=today).cell(req, cast.commune).status == "qua_han"

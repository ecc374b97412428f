"""Comments on drafts (lấy ý kiến dự thảo): send a draft out, collect the answers."""

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from nghiquyet.access.roles import Action as Perm
from nghiquyet.access.roles import roles_allowing
from nghiquyet.access.scoping import AnyUser, can, grant_paths, is_everywhere
from nghiquyet.accounts.models import Membership
from nghiquyet.audit.services import audit_record
from nghiquyet.core.errors import InvalidInputError, PermissionDeniedError
from nghiquyet.core.paths import is_under
from nghiquyet.documents.audit_actions import DocumentsAudit
from nghiquyet.documents.models import Comment, Consultation, Document, Recipient, Status
from nghiquyet.documents.services.documents import require_edit
from nghiquyet.orgs.models import Organisation


def _user_in_scope(actor: AnyUser, user: User) -> bool:
    if is_everywhere(actor):
        return True
    paths = grant_paths(actor, Perm.VIEW)
    org_paths = Membership.objects.filter(user=user).values_list("organisation__path", flat=True)
    return any(is_under(p, g) for p in org_paths for g in paths)


@transaction.atomic
def consultation_open(
    *,
    actor: AnyUser,
    document: Document,
    deadline: dt.date,
    users: Iterable[User] = (),
    units: Iterable[Organisation] = (),
    note: str = "",
) -> Consultation:
    """Send a draft for comments; the draft moves to "đang lấy ý kiến"."""
    require_edit(actor, document.organisation)
    users, units = list(users), list(units)
    errors: dict[str, str] = {}
    if document.status not in (Status.DU_THAO, Status.LAY_Y_KIEN):
        errors["document"] = "Chỉ lấy ý kiến được đối với văn bản còn là dự thảo."
    if deadline < timezone.localdate():
        errors["deadline"] = "Hạn góp ý không được trước ngày hôm nay."
    if not users and not units:
        errors["users"] = "Chưa chọn người hoặc đơn vị được xin ý kiến."
    if any(not _user_in_scope(actor, u) for u in users):
        errors["users"] = "Có người được chọn không thuộc phạm vi của bạn."
    if any(not can(actor, Perm.VIEW, o) for o in units):
        errors["units"] = "Có đơn vị được chọn không thuộc phạm vi của bạn."
    if errors:
        raise InvalidInputError(errors)
    consultation = Consultation.objects.create(
        document=document,
        deadline=deadline,
        note=note.strip()[:500],
        created_by=actor if actor.is_authenticated else None,
    )
    Recipient.objects.bulk_create(
        [Recipient(consultation=consultation, user=u) for u in dict.fromkeys(users)]
        + [Recipient(consultation=consultation, organisation=o) for o in dict.fromkeys(units)]
    )
    document.status = Status.LAY_Y_KIEN
    document.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=DocumentsAudit.CONSULTATION_OPEN,
        target=consultation,
        organisation=document.organisation,
        after={
            "document": document.pk,
            "deadline": deadline.isoformat(),
            "users": [u.username for u in users],
            "units": [o.code for o in units],
        },
    )
    return consultation


def recipient_for(actor: AnyUser, consultation: Consultation) -> Recipient | None:
    """The addressee ``actor`` answers for: themselves, or a unit they belong to.

    A unit's answer is written by someone who holds an editing role *on that unit itself*: a
    superior whose grant covers the unit from above does not speak for it (issue 8 item 5), so
    a comment is always filed under the unit that wrote it.
    """
    if not actor.is_authenticated:
        return None
    recipients = list(consultation.recipients.select_related("organisation"))
    mine = next((r for r in recipients if r.user_id == actor.pk), None)
    if mine is not None:
        return mine
    own_units = set(
        Membership.objects.filter(user_id=actor.pk, role__in=roles_allowing(Perm.EDIT)).values_list(
            "organisation_id", flat=True
        )
    )
    return next((r for r in recipients if r.organisation_id in own_units), None)


@transaction.atomic
def comment_add(*, actor: AnyUser, consultation: Consultation, text: str) -> Comment:
    recipient = recipient_for(actor, consultation)
    if recipient is None:
        raise PermissionDeniedError("Bạn không nằm trong danh sách được xin ý kiến dự thảo này.")
    if consultation.document.status != Status.LAY_Y_KIEN:
        raise InvalidInputError.single("text", "Dự thảo đã kết thúc lấy ý kiến.")
    body = (text or "").strip()
    if not body:
        raise InvalidInputError.single("text", "Chưa nhập nội dung góp ý.")
    if len(body) > 5000:
        raise InvalidInputError.single("text", "Ý kiến dài quá 5.000 ký tự.")
    author = actor if isinstance(actor, User) else None
    comment = Comment.objects.create(recipient=recipient, author=author, text=body)
    audit_record(
        actor=actor,
        action=DocumentsAudit.COMMENT_ADD,
        target=comment,
        organisation=consultation.document.organisation,
        after={"consultation": consultation.pk, "recipient": recipient.pk},
    )
    return comment

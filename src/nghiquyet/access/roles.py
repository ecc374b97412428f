"""Roles a user holds on an organisation, and the actions each role allows.

A grant on an organisation covers its whole subtree.
"""

from enum import StrEnum

from django.db import models


class Action(StrEnum):
    VIEW = "view"
    EDIT = "edit"
    APPROVE = "approve"
    MANAGE = "manage"


class Role(models.TextChoices):
    XEM = "xem", "Xem"
    NHAP_LIEU = "nhap_lieu", "Nhập liệu"
    PHE_DUYET = "phe_duyet", "Phê duyệt"
    QUAN_TRI = "quan_tri", "Quản trị"


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.XEM: frozenset({Action.VIEW}),
    Role.NHAP_LIEU: frozenset({Action.VIEW, Action.EDIT}),
    Role.PHE_DUYET: frozenset({Action.VIEW, Action.APPROVE}),
    Role.QUAN_TRI: frozenset({Action.VIEW, Action.EDIT, Action.APPROVE, Action.MANAGE}),
}


def roles_allowing(action: Action | str) -> list[str]:
    return [role for role, actions in ROLE_ACTIONS.items() if Action(action) in actions]

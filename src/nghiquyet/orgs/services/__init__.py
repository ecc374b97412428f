"""Writes to the organisation tree. Each runs in a transaction, checks permission and audits."""

from nghiquyet.orgs.services.bulk import OrgRow, orgs_create_many
from nghiquyet.orgs.services.rules import CODE_RE, EDITABLE_FIELDS, out_of_scope
from nghiquyet.orgs.services.tree import (
    MergeResult,
    org_create,
    org_dissolve,
    org_merge,
    org_move,
    org_split,
    org_update,
    term_create,
)

__all__ = [
    "CODE_RE",
    "EDITABLE_FIELDS",
    "MergeResult",
    "OrgRow",
    "org_create",
    "org_dissolve",
    "org_merge",
    "org_move",
    "org_split",
    "org_update",
    "orgs_create_many",
    "out_of_scope",
    "term_create",
]

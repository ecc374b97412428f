"""Writes of inspection, supervision and quality rating. Every function checks permission,
runs in a transaction and audits."""

from nghiquyet.oversight.services.inspections import (
    InspectionInput,
    Member,
    RemedyInput,
    inspection_conclude,
    inspection_create,
    programme_create,
)
from nghiquyet.oversight.services.ratings import (
    cap_of,
    cap_set,
    member_rating_set,
    org_rating_set,
)

__all__ = [
    "InspectionInput",
    "Member",
    "RemedyInput",
    "cap_of",
    "cap_set",
    "inspection_conclude",
    "inspection_create",
    "member_rating_set",
    "org_rating_set",
    "programme_create",
]

"""Named hooks: how a write in one app reaches the apps that check or derive from it.

Each hook is a plain function here; an app that takes part defines ``on_<hook>`` with the same
keyword arguments in its ``hooks.py``, and the hook calls every such handler in app order
(inside the caller's transaction). Readers and type checkers can follow the link from the
caller to this module, and from here to the handlers by name:

- ``values_writing`` — indicator values are about to change (``reporting`` refuses locked
  units and periods);
- ``org_moved`` — a unit moved in the tree (``indicators`` rebuilds roll-ups);
- ``org_merged`` — units merged into a successor (``indicators`` rebuilds roll-ups);
- ``document_registered`` — a document was registered or became issued, or gained a
  relation (``tasks`` completes the tasks whose expected output it is);
- ``coverage_thresholds`` — a read: the share of units below that must have reported before a
  roll-up's status is final (``reporting`` answers from its forms).

This is a plain call list, not Django signals, so the flow stays visible in the services.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from nghiquyet.core.actors import AnyUser
from nghiquyet.core.contrib import app_modules

if TYPE_CHECKING:
    from nghiquyet.documents.models import Document
    from nghiquyet.orgs.models import Organisation


def values_writing(
    *, actor: AnyUser, cells: Mapping[tuple["Organisation", str], list[int]]
) -> None:
    """Indicator values are about to be written by ``actor``.

    ``cells`` maps (unit, period code) to the ids of the indicators written there. A handler
    raises ``PermissionDeniedError`` (Vietnamese) to refuse the whole write.
    """
    _dispatch("on_values_writing", actor=actor, cells=cells)


def org_moved(
    *, org: "Organisation", old_parent: "Organisation", new_parent: "Organisation"
) -> None:
    """``org`` (with its subtree) moved from ``old_parent`` to ``new_parent``."""
    _dispatch("on_org_moved", org=org, old_parent=old_parent, new_parent=new_parent)


def org_merged(
    *, predecessors: Sequence["Organisation"], successor: "Organisation", effective: dt.date
) -> None:
    """``predecessors`` merged into ``successor`` on ``effective`` (children already moved)."""
    _dispatch("on_org_merged", predecessors=predecessors, successor=successor, effective=effective)


def document_registered(*, actor: AnyUser, document: "Document") -> None:
    """``document`` (issued) was registered, issued or linked to another document by ``actor``,
    inside the caller's transaction. Handlers derive from it (completed tasks); an error they
    raise refuses the registration."""
    _dispatch("on_document_registered", actor=actor, document=document)


def coverage_thresholds(*, org: "Organisation", indicator_ids: Sequence[int]) -> dict[int, Decimal]:
    """The coverage threshold (in %) of each indicator for aggregates of ``org``; an indicator
    no handler knows is absent (callers default to 100%). The strictest answer wins."""
    found: dict[int, Decimal] = {}
    for module in app_modules("hooks"):
        handler = getattr(module, "on_coverage_thresholds", None)
        if handler is None:
            continue
        for pk, threshold in handler(org=org, indicator_ids=indicator_ids).items():
            found[pk] = max(found.get(pk, threshold), threshold)
    return found


def _dispatch(handler_name: str, **kwargs: Any) -> None:
    for module in app_modules("hooks"):
        handler = getattr(module, handler_name, None)
        if handler is not None:
            handler(**kwargs)

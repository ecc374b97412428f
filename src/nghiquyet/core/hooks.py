"""Explicit notifications from the organisation services to apps that keep derived data.

An app that caches something per subtree (for example indicator roll-ups) adds a ``hooks.py``
with any of these functions; the orgs services call them inside their transaction:

- ``on_org_moved(*, org, old_parent, new_parent)``
- ``on_org_merged(*, predecessors, successor, effective)``

This is a plain call list, not Django signals, so the flow stays visible in the services.
"""

from typing import Any

from nghiquyet.core.contrib import app_modules


def notify(event: str, **kwargs: Any) -> None:
    for module in app_modules("hooks"):
        handler = getattr(module, f"on_{event}", None)
        if handler is not None:
            handler(**kwargs)

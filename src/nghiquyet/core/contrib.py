"""Apps contribute demo data, benchmarks, report sections and workbook sheets by convention.

An app adds a module with a known name (``demo.py``, ``bench.py``, ``report.py``,
``workbook.py``); the core commands collect those modules in INSTALLED_APPS order. No app
edits another app's files to plug itself in.
"""

import importlib
import importlib.util
from types import ModuleType

from django.apps import apps


def app_modules(module_name: str) -> list[ModuleType]:
    """Import ``<app>.<module_name>`` for every project app that has one, in app order."""
    found: list[ModuleType] = []
    for config in apps.get_app_configs():
        # The core app holds the frameworks themselves (core/demo.py, core/bench.py, ...).
        if not config.name.startswith("nghiquyet.") or config.name == "nghiquyet.core":
            continue
        dotted = f"{config.name}.{module_name}"
        if importlib.util.find_spec(dotted) is not None:
            found.append(importlib.import_module(dotted))
    return found

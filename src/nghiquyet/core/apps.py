from typing import Any

from django.apps import AppConfig
from django.db import models
from django.db.models.signals import pre_save


def _bounded_text(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """Refuse, on every database alike, text longer than its column (see ``core.lengths``).

    PostgreSQL answers an over-long ``varchar`` with a database error (a 500) where SQLite
    stores it; checking every project model before it is saved turns both into the same
    ``InvalidInputError`` naming the field, whichever service, form or import wrote it.
    """
    if sender.__module__.startswith("nghiquyet."):
        from nghiquyet.core.lengths import check_lengths

        check_lengths(instance)


class CoreConfig(AppConfig):
    name = "nghiquyet.core"
    label = "core"
    verbose_name = "Nền tảng"

    def ready(self) -> None:
        pre_save.connect(_bounded_text, dispatch_uid="nghiquyet.core.bounded_text")

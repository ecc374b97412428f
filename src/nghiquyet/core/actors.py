"""Who acts: a signed-in user or an anonymous visitor.

The type lives in core so that the frameworks here (report, workbook) can name the actor they
pass to the apps without importing the access layer above them.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    AnyUser = User | AnonymousUser
else:
    AnyUser = Any

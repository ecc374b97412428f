"""API authentication: a per-user bearer token for integrators, or the browser session + CSRF."""

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from nghiquyet.accounts.services import token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return token_authenticate(token)


AUTH = [TokenAuth(), SessionAuth(csrf=True)]


def actor_of(request: HttpRequest) -> Any:
    """The authenticated user of an API call, whichever way it authenticated."""
    return request.auth  # type: ignore[attr-defined]

"""The request a service runs in, so audit rows carry its IP and id without views passing them."""

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestInfo:
    ip: str | None
    request_id: str


current_request: contextvars.ContextVar[RequestInfo | None] = contextvars.ContextVar(
    "nghiquyet_current_request", default=None
)

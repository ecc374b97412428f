import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from nghiquyet.access.tokens import actor_of
from nghiquyet.accounts import selectors, services

PREFIX = "/me"
router = Router(tags=["Tài khoản"])


class MembershipOut(Schema):
    organisation: str
    organisation_name: str
    role: str


class MeOut(Schema):
    username: str
    full_name: str
    memberships: list[MembershipOut]


class TokenIn(Schema):
    name: str


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class IssuedTokenOut(TokenOut):
    secret: str


@router.get("/", response=MeOut, summary="Người dùng hiện tại và phạm vi quyền")
def me(request: HttpRequest) -> dict:
    user = actor_of(request)
    return {
        "username": user.username,
        "full_name": user.get_full_name(),
        "memberships": [
            {
                "organisation": m.organisation.code,
                "organisation_name": m.organisation.name,
                "role": m.role,
            }
            for m in selectors.memberships_of_user(user)
        ],
    }


@router.get("/tokens", response=list[TokenOut], summary="Các khóa API của tôi")
def list_tokens(request: HttpRequest) -> list:
    return selectors.tokens_of_user(actor_of(request))


@router.post("/tokens", response={201: IssuedTokenOut}, summary="Tạo khóa API (chỉ hiện một lần)")
def create_token(request: HttpRequest, payload: TokenIn) -> Status[Any]:
    issued = services.token_create(actor=actor_of(request), name=payload.name)
    t = issued.token
    return Status(
        201,
        {
            "id": t.pk,
            "name": t.name,
            "prefix": t.prefix,
            "created_at": t.created_at,
            "last_used_at": None,
            "revoked_at": None,
            "secret": issued.secret,
        },
    )


@router.delete("/tokens/{token_id}", response=TokenOut, summary="Thu hồi khóa API")
def revoke_token(request: HttpRequest, token_id: int) -> object:
    return services.token_revoke(actor=actor_of(request), token_id=token_id)

from datetime import datetime

from django.utils import timezone
from ninja import Field, Router, Schema, Status

from kivoucher.core.api_errors import api_errors
from kivoucher.core.models import ApiToken
from kivoucher.core.selectors import api_token_get_for_user, api_tokens_of
from kivoucher.core.tokens import api_token_create, api_token_revoke

router = Router()


class MeOut(Schema):
    username: str
    role: str
    is_staff_role: bool
    organisations: list[dict]


@router.get("/me", response=MeOut, summary="The signed-in user, its role and organisations")
def me(request):
    user = request.user
    return {
        "username": user.username,
        "role": user.role,
        "is_staff_role": user.is_programme_staff,
        "organisations": [
            {"id": m.organisation_id, "name": m.organisation.name, "kind": m.organisation.kind}
            for m in user.memberships.select_related("organisation")
        ],
    }


class ApiTokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The first characters of the token, to recognise it")
    state: str = Field(description="`active`, `expired` or `revoked`")
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None = Field(description="Kept to the hour")
    revoked_at: datetime | None


class ApiTokenCreatedOut(ApiTokenOut):
    token: str = Field(description="The token itself: shown only in this answer")


class ApiTokenIn(Schema):
    name: str = Field("", max_length=100, description="What the token is for")
    expires_at: datetime | None = Field(
        None,
        description="When it stops working; at most KIVOUCHER_API_TOKEN_DAYS (default "
        "365) days ahead, and never after the token this request is made with. "
        "Default: the latest allowed.",
    )


def _token_out(token: ApiToken, key: str | None = None) -> dict:
    out = {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "state": token.state_at(timezone.now()),
        "created_at": token.created_at,
        "expires_at": token.expires_at,
        "last_used_at": token.last_used_at,
        "revoked_at": token.revoked_at,
    }
    if key is not None:
        out["token"] = key
    return out


@router.get(
    "/tokens",
    response={200: list[ApiTokenOut], **api_errors(401)},
    summary="Your own API tokens (active, expired and revoked)",
)
def tokens(request):
    return [_token_out(t) for t in api_tokens_of(user=request.user)]


@router.post(
    "/tokens",
    response={201: ApiTokenCreatedOut, **api_errors(400, 401, 422)},
    summary="Create an API token for yourself (the token is shown only once)",
)
def token_create(request, payload: ApiTokenIn):
    current = getattr(request, "api_token", None)
    expires_at = payload.expires_at
    if expires_at is not None and timezone.is_naive(expires_at):
        expires_at = timezone.make_aware(expires_at)
    token, key = api_token_create(
        user=request.user,
        name=payload.name,
        expires_at=expires_at,
        not_after=current.expires_at if current is not None else None,
    )
    return Status(201, _token_out(token, key))


@router.delete(
    "/tokens/{token_id}",
    response={204: None, **api_errors(401, 404)},
    summary="Revoke one of your API tokens (again: no change)",
)
def token_revoke(request, token_id: int):
    api_token_revoke(token=api_token_get_for_user(user=request.user, pk=token_id))
    return Status(204, None)

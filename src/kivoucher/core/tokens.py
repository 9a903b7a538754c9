"""Bearer tokens for the API.

Created by their owner (`/account/tokens/`, `POST /api/v1/tokens`) or by an
operator (`kivoucher create-token --user NAME`). Every token expires: after
KIVOUCHER_API_TOKEN_DAYS by default, earlier if chosen at creation, never later;
one made with another token never outlives it. An expired token is refused with
its own message (401 `token_expired`), a revoked or unknown one like no token.
When a person's membership of an organisation ends, every token of theirs is
revoked (`api_tokens_revoke_all`): a token never outlives its user's membership.

`last_used_at` is kept to the hour: a request writes it only when the stored
time is older than LAST_USED_RESOLUTION, with one conditional UPDATE, so a busy
integration does not write on every request.
"""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kivoucher.core.audit import audit_record
from kivoucher.core.errors import DomainError
from kivoucher.core.models import ApiToken, User
from kivoucher.core.rows import RowLoader, prepared_cursor

LAST_USED_RESOLUTION = timedelta(hours=1)


class TokenExpired(DomainError):
    status = 401
    code = "token_expired"


def api_token_lifetime() -> timedelta:
    return timedelta(days=settings.KIVOUCHER_API_TOKEN_DAYS)


def api_token_create(
    *,
    user: User,
    name: str = "",
    expires_at: datetime | None = None,
    actor: User | None = None,
    not_after: datetime | None = None,
) -> tuple[ApiToken, str]:
    """Create a token and return it with its clear text, which is never stored.

    `expires_at` defaults to the longest lifetime allowed; `not_after` caps it
    (the expiry of the token a new one is made with).
    """
    now = timezone.now()
    latest = now + api_token_lifetime()
    if not_after is not None:
        latest = min(latest, not_after)
    if expires_at is None:
        expires_at = latest
    if expires_at <= now:
        raise DomainError(_("The expiry date must lie in the future."), code="invalid_expiry")
    if expires_at > latest:
        raise DomainError(
            _("A token may be valid until %(date)s at the latest.")
            % {"date": date_format(timezone.localtime(latest), "SHORT_DATE_FORMAT")},
            code="invalid_expiry",
        )
    key = settings.KIVOUCHER_TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=key[:10],
            key_hash=ApiToken.hash_key(key),
            expires_at=expires_at,
        )
        audit_record(
            actor=actor or user,
            action="core.apitoken.created",
            obj=token,
            new_state=ApiToken.State.ACTIVE,
            data={"user": user.pk, "prefix": token.prefix, "expires_at": expires_at},
        )
    return token, key


def api_token_revoke(*, token: ApiToken, actor: User | None = None) -> ApiToken:
    """Revoke a token; revoking it again changes nothing."""
    if token.revoked_at is not None:
        return token
    with transaction.atomic():
        old_state = token.state_at(timezone.now())
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor or token.user,
            action="core.apitoken.revoked",
            obj=token,
            old_state=old_state,
            new_state=ApiToken.State.REVOKED,
        )
    return token


def api_tokens_revoke_all(*, user: User, actor: User | None = None, reason: str = "") -> int:
    """Revoke every usable token of `user` (their membership of an organisation ended).

    A token acts with all of its user's memberships, so the simple rule is that a
    person who loses a membership loses every token: a token never outlives the
    membership it could act for. They create new ones for what they still do."""
    now = timezone.now()
    revoked = 0
    with transaction.atomic():
        tokens = ApiToken.objects.select_for_update().filter(
            user=user, revoked_at__isnull=True, expires_at__gt=now
        )
        for token in tokens.order_by("pk"):
            token.revoked_at = now
            token.save(update_fields=["revoked_at"])
            audit_record(
                actor=actor,
                action="core.apitoken.revoked",
                obj=token,
                old_state=ApiToken.State.ACTIVE,
                new_state=ApiToken.State.REVOKED,
                reason=reason,
            )
            revoked += 1
    return revoked


def api_token_for_key(key: str) -> ApiToken | None:
    """The usable token for a clear-text key, or None for an unknown or revoked one
    (or one of a deactivated user). An expired token raises TokenExpired."""
    if not key or not key.startswith(settings.KIVOUCHER_TOKEN_PREFIX):
        return None
    token = _token_with_user(ApiToken.hash_key(key))
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.expires_at <= now:
        raise TokenExpired(
            _("This API token expired on %(date)s. Create a new one under “API tokens”.")
            % {"date": date_format(timezone.localtime(token.expires_at), "SHORT_DATE_FORMAT")}
        )
    _touch(token, now)
    return token


_TOKENS, _USERS = RowLoader(ApiToken), RowLoader(User)


def _token_with_user(key_hash: str) -> ApiToken | None:
    """The unrevoked token of this hash with its user, in one statement through the
    cursor (every API request asks: the ORM's query building cost more than the query)."""
    quote = connection.ops.quote_name
    sql = (
        f"SELECT {_TOKENS.columns('t')}, {_USERS.columns('u')} "  # noqa: S608
        f"FROM {quote(_TOKENS.table)} t INNER JOIN {quote(_USERS.table)} u ON u.id = t.user_id "
        "WHERE t.key_hash = %s AND t.revoked_at IS NULL"
    )
    with prepared_cursor() as cursor:
        cursor.execute(sql, [key_hash])  # key_hash is unique: one row at most
        row = cursor.fetchone()
    if row is None:
        return None
    split = len(_TOKENS.fields)
    token = _TOKENS.load(row[:split])
    ApiToken.user.field.set_cached_value(token, _USERS.load(row[split:]))
    return token


def api_token_authenticate(key: str) -> User | None:
    token = api_token_for_key(key)
    return token.user if token is not None else None


def _touch(token: ApiToken, now: datetime) -> None:
    stale = now - LAST_USED_RESOLUTION
    if token.last_used_at is not None and token.last_used_at > stale:
        return
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=stale)
    ).update(last_used_at=now)
    token.last_used_at = now

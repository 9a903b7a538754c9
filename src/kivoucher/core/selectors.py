from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kivoucher.core.errors import NotFound
from kivoucher.core.models import ApiToken, User


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except Exception:  # noqa: BLE001 - any database failure means "not ok"
        return False


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    """The user's own API tokens, newest first (revoked and expired ones too)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def api_token_get_for_user(*, user: User, pk: int) -> ApiToken:
    """One of the user's own tokens; anyone else's is not found."""
    token = api_tokens_of(user=user).filter(pk=pk).first()
    if token is None:
        raise NotFound(_("API token not found."))
    return token

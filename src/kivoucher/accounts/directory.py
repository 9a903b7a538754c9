"""Staff single sign-on with OpenID Connect (the agency's directory: Keycloak, ADFS,
Entra ID, ...), through django-allauth's `openid_connect` provider.

On when KIVOUCHER_OIDC_ISSUER is set (with KIVOUCHER_OIDC_CLIENT_ID and
KIVOUCHER_OIDC_CLIENT_SECRET); otherwise no client exists and the sign-in page
shows no button. The flow is the authorisation code flow with PKCE (S256); the
provider's discovery document names its endpoints and keys; the ID token's RS256
signature is always checked against the provider's published keys (allauth skips
that check for tokens fetched directly from the token endpoint, which the standard
allows; we do not), as are issuer, audience and expiry.

Only staff sign in this way: the claim KIVOUCHER_OIDC_ROLE_CLAIM (a string or a
list, from the user-info answer or the ID token) must hold a value that
KIVOUCHER_OIDC_ROLE_MAP maps to a staff role, else the person is refused with a
403 page. The role is set again at every sign-on (a person moved in the directory
has the new role at the next sign-in) and each sign-on is audited. The directory
does the second factor: such a session is not asked for the platform's TOTP.
"""

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from kivoucher.accounts.services import directory_role_apply
from kivoucher.core.models import User
from kivoucher.core.roles import STAFF_ROLES, Role
from kivoucher.core.twofactor import DIRECTORY_MFA_SESSION_KEY

PROVIDER = "openid_connect"
PROVIDER_ID = "directory"
# A session signed in through the directory (which did the second factor).
DIRECTORY_SESSION_KEY = DIRECTORY_MFA_SESSION_KEY
# When the claim holds several mapped values, the first role of this order wins.
ROLE_ORDER = (Role.PROGRAMME_ADMIN, Role.APPROVER, Role.CASEWORKER, Role.AUDITOR)


def directory_enabled() -> bool:
    return bool(settings.KIVOUCHER_OIDC_ISSUER and settings.KIVOUCHER_OIDC_CLIENT_ID)


def directory_app() -> SocialApp | None:
    """The OpenID Connect client, built from the settings (no database row)."""
    if not directory_enabled():
        return None
    return SocialApp(
        provider=PROVIDER,
        provider_id=PROVIDER_ID,
        name=settings.KIVOUCHER_OIDC_NAME or "Single sign-on",
        client_id=settings.KIVOUCHER_OIDC_CLIENT_ID,
        secret=settings.KIVOUCHER_OIDC_CLIENT_SECRET,
        settings={
            "server_url": settings.KIVOUCHER_OIDC_ISSUER,
            "oauth_pkce_enabled": True,
            "fetch_userinfo": True,
            # The directory vouches for its people's addresses.
            "verified_email": True,
        },
    )


def role_map() -> dict[str, str]:
    """KIVOUCHER_OIDC_ROLE_MAP ("directory value=role,...") as a dict."""
    mapping = {}
    for entry in settings.KIVOUCHER_OIDC_ROLE_MAP.split(","):
        if not entry.strip():
            continue
        value, sep, role = entry.partition("=")
        if not sep or role.strip() not in STAFF_ROLES:
            raise ImproperlyConfigured(
                f"KIVOUCHER_OIDC_ROLE_MAP: {entry.strip()!r} does not map to a staff role "
                f"({', '.join(sorted(STAFF_ROLES))})"
            )
        mapping[value.strip()] = role.strip()
    return mapping


def directory_claims(extra_data: dict) -> dict:
    """The person's claims: the ID token's, overridden by the user-info answer."""
    claims = dict(extra_data.get("id_token") or {})
    claims.update(extra_data.get("userinfo") or {})
    return claims


def directory_role(claims: dict) -> str | None:
    """The staff role the claims give, or None."""
    values = claims.get(settings.KIVOUCHER_OIDC_ROLE_CLAIM)
    if isinstance(values, str):
        values = values.replace(",", " ").split()
    if not isinstance(values, list | tuple):
        return None
    mapping = role_map()
    mapped = {mapping[v] for v in values if isinstance(v, str) and v in mapping}
    for role in ROLE_ORDER:
        if role in mapped:
            return role
    return None


def _refuse(request, reason: str):
    response = render(request, "accounts/directory_refused.html", {"reason": reason}, status=403)
    raise ImmediateHttpResponse(response)


class DirectoryAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None):
        app = directory_app()
        if app is None:
            return []
        if provider and provider not in (app.provider, app.provider_id):
            return []
        if client_id and client_id != app.client_id:
            return []
        return [app]

    def pre_social_login(self, request, sociallogin):
        if sociallogin.state.get("process") == "connect":
            # Local accounts are never linked to the directory afterwards.
            _refuse(request, "connect")
        role = directory_role(directory_claims(sociallogin.account.extra_data))
        if role is None:
            _refuse(request, "no_role")
        sociallogin.state["kivoucher_role"] = role
        if sociallogin.is_existing:
            if not sociallogin.user.is_active:
                _refuse(request, "inactive")
            directory_role_apply(user=sociallogin.user, role=role)
            return
        email = sociallogin.user.email
        if email and User.objects.filter(email__iexact=email).exists():
            # A local account with this address: never taken over by a sign-on.
            _refuse(request, "local_account")

    def is_open_for_signup(self, request, sociallogin):
        return directory_enabled()

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form=form)
        return directory_role_apply(user=user, role=sociallogin.state["kivoucher_role"])


class SignatureCheckingAdapter(OpenIDConnectOAuth2Adapter):
    """allauth's OpenID Connect adapter, checking the ID token's signature always."""

    def _decode_id_token(self, app, id_token: str) -> dict:
        return jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )


@never_cache
def directory_login(request, provider_id):
    try:
        view = OAuth2LoginView.adapter_view(SignatureCheckingAdapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None


@never_cache
def directory_callback(request, provider_id):
    try:
        view = OAuth2CallbackView.adapter_view(SignatureCheckingAdapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None

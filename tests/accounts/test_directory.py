"""Issue 15 item 5: staff single sign-on with OpenID Connect against a real provider
(django-oidc-provider in its own process on loopback): discovery, the authorisation
code flow with PKCE, the token endpoint, the ID token's RS256 signature, user info;
the staff role from a claim, refusal without one, the role renewed at each sign-on."""

import re
from urllib.parse import parse_qs, urljoin, urlparse

import httpx
import jwt
import pytest
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client, RequestFactory
from django.utils import timezone
from django.utils.translation import gettext, override

from kivoucher.accounts.directory import SignatureCheckingAdapter, directory_role
from kivoucher.core.models import AuditEvent, User
from kivoucher.core.roles import Role
from tests.accounts.oidc import OidcProvider

pytestmark = pytest.mark.django_db(transaction=True)

DIRECTORY_PASSWORD = "directory-pw-1"  # noqa: S105 - a test account
PEOPLE = [
    {
        "username": "k.weber",
        "email": "k.weber@agentur.example",
        "first_name": "Karla",
        "last_name": "Weber",
        "roles": ["kiv-caseworker", "intranet"],
    },
    {
        "username": "p.gast",
        "email": "p.gast@agentur.example",
        "first_name": "Paul",
        "last_name": "Gast",
        "roles": ["intranet"],
    },
]
ROLE_MAP = (
    "kiv-caseworker=caseworker,kiv-approver=approver,kiv-admin=programme_admin,kiv-audit=auditor"
)


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    callback = f"{live_server.url}/accounts/oidc/directory/login/callback/"
    users = [dict(person, password=DIRECTORY_PASSWORD) for person in PEOPLE]
    server = OidcProvider(tmp_path_factory.mktemp("oidc"), redirect_uris=[callback], users=users)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def directory(provider, settings):
    settings.KIVOUCHER_OIDC_ISSUER = provider.issuer
    settings.KIVOUCHER_OIDC_CLIENT_ID = provider.client_id
    settings.KIVOUCHER_OIDC_CLIENT_SECRET = provider.client_secret
    settings.KIVOUCHER_OIDC_NAME = "Agentur-Verzeichnis"
    settings.KIVOUCHER_OIDC_ROLE_CLAIM = "roles"
    settings.KIVOUCHER_OIDC_ROLE_MAP = ROLE_MAP
    provider.roles_set("k.weber", ["kiv-caseworker", "intranet"])
    return provider


def csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def sign_on(app_url: str, provider: OidcProvider, username: str):
    """Through the platform's button, the provider's sign-in page and back."""
    app = httpx.Client(base_url=app_url, follow_redirects=False, timeout=30)
    idp = httpx.Client(follow_redirects=False, timeout=30)
    page = app.get("/accounts/login/")
    assert 'id="sso-form"' in page.text and "Agentur-Verzeichnis" in page.text
    start = app.post(
        "/accounts/oidc/directory/login/",
        data={"csrfmiddlewaretoken": csrf(page.text), "next": "/home/"},
    )
    assert start.status_code == 302, start.text[:500]
    authorize = start.headers["location"]
    query = parse_qs(urlparse(authorize).query)
    # Discovery gave the endpoint; PKCE with S256 is on.
    assert authorize.startswith(f"{provider.issuer}/authorize")
    assert query["response_type"] == ["code"] and query["client_id"] == [provider.client_id]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    to_login = idp.get(authorize)
    assert to_login.status_code == 302
    login_url = urljoin(authorize, to_login.headers["location"])
    login_page = idp.get(login_url)
    signed_in = idp.post(
        login_url,
        data={
            "csrfmiddlewaretoken": csrf(login_page.text),
            "username": username,
            "password": DIRECTORY_PASSWORD,
            "next": parse_qs(urlparse(login_url).query)["next"][0],
        },
    )
    assert signed_in.status_code == 302, signed_in.text[:500]
    back = idp.get(urljoin(login_url, signed_in.headers["location"]))
    assert back.status_code == 302
    callback = back.headers["location"]
    assert callback.startswith(f"{app_url}/accounts/oidc/directory/login/callback/?")
    assert "code=" in callback
    return app, app.get(callback)


def test_staff_sign_on_end_to_end_with_the_role_from_the_directory(live_server, directory):
    app, done = sign_on(live_server.url, directory, "k.weber")
    assert done.status_code == 302 and done.headers["location"] == "/home/", done.text[:800]
    user = User.objects.get(email="k.weber@agentur.example")
    assert user.role == Role.CASEWORKER
    assert (user.first_name, user.last_name) == ("Karla", "Weber")
    assert not user.has_usable_password()
    assert SocialAccount.objects.filter(user=user, provider="directory").exists()
    # The directory did the second factor: no TOTP step, and the API takes the session.
    home = app.get("/home/")
    assert home.status_code == 200
    assert app.get("/api/v1/me").json()["role"] == "caseworker"
    events = AuditEvent.objects.filter(action="user.directory_sign_in", object_id=str(user.pk))
    assert events.count() == 1

    # Moved to approver in the directory: the next sign-on brings the new role.
    directory.roles_set("k.weber", ["kiv-approver"])
    _app, again = sign_on(live_server.url, directory, "k.weber")
    assert again.status_code == 302
    user.refresh_from_db()
    assert user.role == Role.APPROVER
    assert User.objects.filter(email="k.weber@agentur.example").count() == 1
    last = events.order_by("-created_at", "-id").first()
    assert (last.old_state, last.new_state) == ("caseworker", "approver")


def test_a_person_without_a_programme_role_is_refused(live_server, directory):
    _app, refused = sign_on(live_server.url, directory, "p.gast")
    assert refused.status_code == 403
    with override("de"):
        assert 'id="sso-refused"' in refused.text
        expected = gettext(
            "Your agency account has no role in the KI-Voucher programme (caseworker, "
            "approver, programme admin or auditor). Please ask your administrator to assign "
            "one in the directory."
        )
        assert expected in refused.text
    assert not User.objects.filter(email="p.gast@agentur.example").exists()


def test_a_staff_member_whose_role_was_taken_away_is_refused(live_server, directory):
    sign_on(live_server.url, directory, "k.weber")
    directory.roles_set("k.weber", ["intranet"])
    app, refused = sign_on(live_server.url, directory, "k.weber")
    assert refused.status_code == 403
    assert app.get("/home/").status_code == 302  # not signed in


def test_an_id_token_signed_with_another_key_is_refused(directory):
    keys = httpx.get(f"{directory.issuer}/jwks").json()["keys"]
    forged_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = int(timezone.now().timestamp())
    forged = jwt.encode(
        {
            "iss": directory.issuer,
            "aud": directory.client_id,
            "sub": "1",
            "iat": now,
            "exp": now + 300,
            "roles": ["kiv-admin"],
        },
        forged_key,
        algorithm="RS256",
        headers={"kid": keys[0]["kid"]},
    )
    request = RequestFactory().get("/")
    adapter = SignatureCheckingAdapter(request, "directory")
    app = adapter.get_provider().app
    adapter.did_fetch_access_token = True  # as after the token endpoint
    with pytest.raises(OAuth2Error):
        adapter._decode_id_token(app, forged)


def test_without_settings_there_is_no_single_sign_on(settings):
    settings.KIVOUCHER_OIDC_ISSUER = ""
    page = Client().get("/accounts/login/")
    assert page.status_code == 200 and 'id="sso-form"' not in page.text
    assert Client().post("/accounts/oidc/directory/login/").status_code == 404


def test_role_mapping_reads_lists_and_strings_and_prefers_the_higher_role(settings):
    settings.KIVOUCHER_OIDC_ROLE_MAP = ROLE_MAP
    assert directory_role({"roles": ["kiv-audit", "kiv-admin"]}) == Role.PROGRAMME_ADMIN
    assert directory_role({"roles": "kiv-caseworker intranet"}) == Role.CASEWORKER
    assert directory_role({"roles": ["intranet"]}) is None
    assert directory_role({}) is None
    settings.KIVOUCHER_OIDC_ROLE_MAP = "kiv-x=applicant"
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        directory_role({"roles": ["kiv-x"]})

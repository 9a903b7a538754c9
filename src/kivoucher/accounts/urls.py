from django.urls import include, path

from kivoucher.accounts import directory, views

urlpatterns = [
    # Django's sign-in view with our form (user name or e-mail; django-axes throttles
    # it; staff continue to the TOTP step). allauth's `account_login` has the same
    # address, so its links and redirects arrive here too.
    path("accounts/login/", views.sign_in, name="login"),
    # allauth's OpenID Connect views with the ID token's signature always checked
    # (kivoucher.accounts.directory); same addresses and names as allauth's.
    path(
        "accounts/oidc/<str:provider_id>/login/",
        directory.directory_login,
        name="openid_connect_login",
    ),
    path(
        "accounts/oidc/<str:provider_id>/login/callback/",
        directory.directory_callback,
        name="openid_connect_callback",
    ),
    # allauth's account pages and the social-account pages it needs (its provider
    # URLs are the two above; its deprecated /accounts/social/ aliases are left out).
    path("accounts/", include("allauth.account.urls")),
    path("accounts/3rdparty/", include("allauth.socialaccount.urls")),
    path("account/", views.account_overview, name="account-overview"),
    path("account/delete/", views.account_delete_view, name="account-delete"),
]

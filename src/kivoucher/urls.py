from django.contrib import admin
from django.urls import include, path, re_path

from kivoucher.api import api, api_not_found

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    re_path(r"^api/", api_not_found),
    path("", include("kivoucher.core.urls")),
    # After core (its sign-out and TOTP pages come first), before allauth's own.
    path("", include("kivoucher.accounts.urls")),
    path("", include("kivoucher.organizations.urls")),
    path("", include("kivoucher.programmes.urls")),
    path("", include("kivoucher.providers.urls")),
    path("", include("kivoucher.applications.urls")),
    path("", include("kivoucher.projects.urls")),
    path("", include("kivoucher.compute.urls")),
    path("", include("kivoucher.presale.urls")),
    path("", include("kivoucher.payments.urls")),
    path("", include("kivoucher.reporting.urls")),
    path("", include("kivoucher.feedback.urls")),
    path("", include("kivoucher.publicpages.urls")),
    path("", include("kivoucher.webhooks.urls")),
    path("", include("kivoucher.recovery.urls")),
    path("", include("kivoucher.invoicing.urls")),
]

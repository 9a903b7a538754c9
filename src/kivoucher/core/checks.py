"""System checks of the platform's own settings (registered in CoreConfig.ready)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register


def _is_site_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and parts.path in ("", "/")


@register(Tags.security, deploy=True)
def site_url_check(app_configs=None, **kwargs) -> list[Error]:
    """Production needs the platform's address: links in mails and the QR codes on
    certificates would otherwise point to the development address. `kivoucher serve`
    runs this check (with the other deploy checks) before it starts."""
    value = settings.SITE_URL
    if not value:
        return [
            Error(
                "KIVOUCHER_SITE_URL is not set.",
                hint=(
                    "Set it to the address people reach the platform at, e.g. "
                    "https://ki-voucher.example.org; links in mails and the QR codes on "
                    "certificates start with it."
                ),
                id="kivoucher.E001",
            )
        ]
    if not _is_site_url(value):
        return [
            Error(
                f"KIVOUCHER_SITE_URL is not an address like https://ki-voucher.example.org: "
                f"{value!r}.",
                hint="Give scheme and host (and port if needed), without a path.",
                id="kivoucher.E002",
            )
        ]
    return []

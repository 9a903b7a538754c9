"""Two-factor authentication (TOTP, django-otp) for programme staff.

Staff (caseworker, approver, programme admin, auditor) and anyone who may use
the Django admin must confirm a time-based one-time code after the password.
A signed-in staff session without a verified device is sent to the TOTP step
(set-up with a QR code when the person has no device yet, verification
otherwise) before any other page. API bearer tokens are not affected: they are
issued by staff on the console and are a factor of their own.
"""

import base64
from urllib.parse import urlencode

from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from kivoucher.core.models import User

# The development seed of the demo staff accounts (RFC 6238 test key
# "12345678901234567890"): base32 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ. Only the
# demo data uses it; `kivoucher totp-code` prints codes for demo devices only.
DEMO_TOTP_KEY_HEX = "3132333435363738393031323334353637383930"
DEMO_DEVICE_NAME = "demo"

# Pages a signed-in person may open while the second factor is still missing.
OPEN_DURING_TWO_FACTOR = frozenset(
    {"otp-verify", "otp-setup", "logout", "login", "set_language", "healthz"}
)


def two_factor_required(user) -> bool:
    return bool(user.is_authenticated and (user.sees_everything or user.is_staff))


# Set on a session signed on through the agency's directory (OpenID Connect,
# kivoucher.accounts.directory): the directory did the second factor.
DIRECTORY_MFA_SESSION_KEY = "kivoucher_directory_sign_on"


def two_factor_satisfied(user, session=None) -> bool:
    """True when the user needs no second factor, has confirmed one in this session,
    or signed on through the directory (which asks for its own second factor)."""
    if not two_factor_required(user):
        return True
    if session is not None and session.get(DIRECTORY_MFA_SESSION_KEY):
        return True
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def totp_device_confirmed(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The unconfirmed device of a set-up in progress (created on first use)."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
        return device


def totp_device_confirm(*, device: TOTPDevice) -> TOTPDevice:
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return device


def totp_devices_reset(*, user: User, actor=None) -> int:
    """Remove all TOTP devices of a user (lost phone); audited."""
    from kivoucher.core.audit import audit_record

    with transaction.atomic():
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        if removed:
            audit_record(actor=actor, action="user.2fa_reset", obj=user, data={"devices": removed})
    return removed


def totp_device_demo(*, user: User) -> TOTPDevice:
    """The demo staff device with the fixed development seed (idempotent)."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user,
        name=DEMO_DEVICE_NAME,
        defaults={"key": DEMO_TOTP_KEY_HEX, "confirmed": True},
    )
    return device


def totp_secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode()


def session_mark_verified(session, device: TOTPDevice) -> None:
    """Mark a session as verified with a device (what django_otp.login does)."""
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id


class StaffTwoFactorMiddleware:
    """Send staff sessions without a verified second factor to the TOTP step.

    Runs after django-otp's OTPMiddleware (which adds `user.is_verified`).
    The API is left to its own authentication (see kivoucher.api.Session).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or two_factor_satisfied(user, getattr(request, "session", None)):
            return None
        match = request.resolver_match
        if match is not None and (
            match.url_name in OPEN_DURING_TWO_FACTOR or "api" in match.namespaces
        ):
            return None
        if request.path.startswith("/static/"):
            return None
        step = "otp-verify" if totp_device_confirmed(user=user) else "otp-setup"
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()}, safe='/')}")

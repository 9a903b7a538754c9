"""Mandatory e-mail verification for people who signed up on their own.

Such a person is not signed in before confirming (allauth's mandatory
verification; our sign-in form refuses them and sends a new link). Should a session
of an unconfirmed person exist all the same, this middleware keeps it to the start
page, the sign-out and the account pages (where the address can be confirmed,
changed or the link sent again). Whether a session is held back is decided once, at
sign-in, and kept in the session: other requests cost no query.
"""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

GATE_SESSION_KEY = "kivoucher_email_unverified"
OPEN_WHILE_UNVERIFIED = frozenset(
    {"index", "login", "logout", "set_language", "healthz", "account-overview"}
)


def gate_open(request) -> None:
    request.session.pop(GATE_SESSION_KEY, None)


class EmailVerificationGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        session = getattr(request, "session", None)
        if session is None or not session.get(GATE_SESSION_KEY):
            return None
        if not request.user.is_authenticated:
            return None
        match = request.resolver_match
        name = match.url_name if match is not None else None
        if name in OPEN_WHILE_UNVERIFIED or (name or "").startswith("account_"):
            return None
        if request.path.startswith("/static/"):
            return None
        message = _("Please confirm your e-mail address first: follow the link in our mail.")
        if match is not None and "api" in match.namespaces:
            return JsonResponse({"code": "email_unverified", "message": message}, status=403)
        messages.warning(request, message)
        return redirect("account_email")

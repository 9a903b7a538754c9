"""Spam protection of the public feedback form, without third-party captchas.

Three layers, none of which loses a real person's report without telling them:

- a honeypot field that people never see (it sits in an element with the `hidden`
  attribute: not shown, not read out, not reached with the keyboard, not filled by
  the browser's autofill) and simple bots fill in; such a post is answered like a
  sent one and nothing is stored (`views.report`);
- a signed time stamp of when the form was shown (`form_stamp`): a form sent back
  within `FORM_MIN_SECONDS` (nobody reads and writes that fast) or after
  `FORM_MAX_SECONDS` is shown again, its text kept, with a fresh stamp and a
  message saying why;
- a rate limit per client and per e-mail address (`services.ticket_create`), the
  client known only by a keyed hash of its network address (`client_hash`).
"""

import time

from django.core import signing
from django.utils.crypto import salted_hmac

STAMP_SALT = "kivoucher.feedback.form-stamp"
FORM_MIN_SECONDS = 3
FORM_MAX_SECONDS = 24 * 60 * 60

TOO_FAST = "too_fast"
EXPIRED = "expired"
INVALID = "invalid"


def form_stamp(*, now: float | None = None) -> str:
    """A signed time stamp of now (seconds), for the form's hidden field."""
    return signing.dumps(int(time.time() if now is None else now), salt=STAMP_SALT)


def form_stamp_problem(stamp: str, *, now: float | None = None) -> str | None:
    """None for a stamp issued between FORM_MAX_SECONDS and FORM_MIN_SECONDS ago,
    else TOO_FAST, EXPIRED or INVALID (missing, forged, or not a time)."""
    try:
        issued = signing.loads(stamp or "", salt=STAMP_SALT)
    except signing.BadSignature:
        return INVALID
    if not isinstance(issued, int):
        return INVALID
    age = (time.time() if now is None else now) - issued
    if age < FORM_MIN_SECONDS:
        return TOO_FAST
    if age > FORM_MAX_SECONDS:
        return EXPIRED
    return None


def client_hash(address: str | None) -> str:
    """A keyed hash (HMAC-SHA256 with the secret key) of a network address: the same
    client gives the same hash, and without the key the address cannot be found from
    it by trying all addresses. Requests without an address share one hash."""
    return salted_hmac(
        "kivoucher.feedback.client", address or "unknown", algorithm="sha256"
    ).hexdigest()

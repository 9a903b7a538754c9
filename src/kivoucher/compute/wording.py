"""What the pages of line II say for the stable codes the machines exchange: why a
usage record was rejected or a Slurm job skipped, and what each Gaia-X check
checked. The codes stay in the API and the stored rows; people read these words in
their language (an unknown code is shown as it is). Also unit prices, which have up
to four decimals (amounts of money are `core.money.format_eur`)."""

import re
from datetime import datetime
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kivoucher.compute.models import Credential

# ingest.REASONS and the sacct import's codes, in the words of the data centre's page.
REJECTION_REASONS = {
    "invalid_record": gettext_lazy("The record is not a JSON object."),
    "invalid_id": gettext_lazy(
        "The record id (or the id it reverses) is missing, empty or longer than 200 characters."
    ),
    "unknown_field": gettext_lazy("The record has a field the API does not know."),
    "missing_field": gettext_lazy("A required field is missing."),
    "invalid_quantity": gettext_lazy(
        "The quantity is not a number with at most six decimals, or it is implausibly large."
    ),
    "negative_quantity": gettext_lazy(
        "The quantity is negative; a correction is sent as a reversing record."
    ),
    "invalid_time": gettext_lazy("Start or end is not a date and time (ISO 8601)."),
    "end_before_start": gettext_lazy("The end lies before the start."),
    "unknown_voucher": gettext_lazy(
        "No voucher with this code (or Slurm account) is redeemable at this data centre."
    ),
    "voucher_not_active": gettext_lazy("The voucher has expired or was cancelled."),
    "outside_validity": gettext_lazy(
        "The usage lies outside the voucher's validity: it starts before the voucher was "
        "issued or ends after its last valid day."
    ),
    "unknown_resource": gettext_lazy("The resource is not on the data centre's price list."),
    "no_price": gettext_lazy("No price list valid at the end of the usage names this resource."),
    "conflict": gettext_lazy("A record with this id was already received with other content."),
    "unknown_record": gettext_lazy("The record to reverse was not found."),
    "already_reversed": gettext_lazy("The record was already reversed."),
    "invalid_reversal": gettext_lazy("A reversing record cannot itself be reversed."),
    "already_settled": gettext_lazy(
        "The record is part of a settlement statement and cannot be reversed."
    ),
    "malformed_line": gettext_lazy("The line does not match the file's header line."),
}

SKIP_REASONS = {
    "not_finished": gettext_lazy("The job has not finished yet; import it once it has."),
    "no_usage": gettext_lazy("The job used no time; nothing to charge."),
}

CHECKS = {
    "present": gettext_lazy("present"),
    "parse": gettext_lazy("readable"),
    "signature": gettext_lazy("signature"),
    "validity": gettext_lazy("validity period"),
    "integrity": gettext_lazy("unchanged since the compliance check"),
    "participant_matches": gettext_lazy("participant id matches"),
    "provided_by": gettext_lazy("offered by the participant"),
    "location_eu": gettext_lazy("location in the EU/EEA"),
}

_DETAILS = {
    "missing": gettext_lazy("not uploaded"),
    "not listed by the compliance credential": gettext_lazy(
        "not listed by the compliance credential"
    ),
    "hash matches": gettext_lazy("the hash matches"),
    "hash differs: the credential was changed": gettext_lazy(
        "the hash differs: the credential was changed"
    ),
    "no country": gettext_lazy("no country given"),
    "no JsonWebSignature2020 proof": gettext_lazy("no JsonWebSignature2020 proof"),
}
_NOT_PINNED = re.compile(r"key (?P<kid>.+) is not pinned")
_INVALID = re.compile(r"signature invalid: (?P<error>\w+)")
_LINE = re.compile(r"line (?P<number>\d+)")


def rejection_reason(code: str | None) -> str:
    return str(REJECTION_REASONS.get(code, code or ""))


def skip_reason(code: str) -> str:
    return str(SKIP_REASONS.get(code, code))


def record_shown(record_id: str | None) -> str:
    """A rejected record's id as the data centre knows it: "line 7" of a file in the
    reader's language, a Slurm job by its job id."""
    if not record_id:
        return _("(no id)")
    if found := _LINE.fullmatch(record_id):
        return _("line %(number)s") % {"number": found["number"]}
    return record_id


def _when(text: str) -> str:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "SHORT_DATETIME_FORMAT")


def _detail(check: str, detail: str) -> str:
    if check == "validity" and " .. " in detail:
        start, end = detail.split(" .. ", 1)
        return _("from %(start)s until %(end)s") % {
            "start": _when(start) if start != "-" else "–",
            "end": _when(end) if end != "open" else _("open-ended"),
        }
    if detail in _DETAILS:
        return str(_DETAILS[detail])
    if found := _NOT_PINNED.fullmatch(detail):
        return _("key %(kid)s is not pinned") % {"kid": found["kid"]}
    if found := _INVALID.fullmatch(detail):
        return _("the signature is invalid (%(error)s)") % {"error": found["error"]}
    return detail


def check_shown(check: dict) -> dict:
    """One row of a Gaia-X verification (`Verification.checks`) in words: the
    credential's kind, what was checked and the detail, dates in the reader's format."""
    kind = check.get("credential", "")
    credential = (
        _("data centre") if kind == "data_centre" else dict(Credential.Kind.choices).get(kind, kind)
    )
    return {
        "credential": str(credential),
        "check": str(CHECKS.get(check.get("check"), check.get("check", ""))),
        "passed": bool(check.get("passed")),
        "detail": _detail(check.get("check", ""), str(check.get("detail", ""))),
    }


def price_shown(price: Decimal) -> str:
    """A unit price in German notation with two to four decimals: "2,50 €", "0,0425 €"."""
    price = Decimal(price)
    places = max(2, min(4, -price.normalize().as_tuple().exponent))
    text = f"{price:,.{places}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".") + "\u00a0€"

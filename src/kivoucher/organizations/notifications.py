"""E-mails to an organisation's people (`recipients_of`): its members and its own
address. Queued by `kivoucher.core.mail.mail_send` (sent after the commit), so
nobody is told about a change that was rolled back; written in the programme's
language (German), whatever language the person who caused them browses in."""

from collections.abc import Iterable

from django.conf import settings
from django.utils import translation

from kivoucher.core.mail import mail_send
from kivoucher.core.site import absolute_url
from kivoucher.organizations.models import Membership, Organisation
from kivoucher.organizations.selectors import recipients_of


def _send(*, to: list[str], subject, body, params: dict, path: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject_text = str(subject) % params
        text = str(body) % params
    if path:
        text = f"{text}\n\n{absolute_url(path)}\n"
    mail_send(subject=subject_text, body=text, to=to)


def organisation_notify(
    *, organisation: Organisation, subject, body, params: dict | None = None, path: str = ""
) -> None:
    """Mail `organisation`'s people after the transaction commits.

    `subject` and `body` are lazy translations (`gettext_lazy`) with %(name)s
    placeholders filled from `params`; `path` (a page of the platform) is appended as
    a link. Nothing is sent to an organisation without any address."""
    to = recipients_of(organisation)
    if to:
        _send(to=to, subject=subject, body=body, params=params or {}, path=path)


def recipients_by_organisation(organisation_ids: Iterable[int]) -> dict[int, list[str]]:
    """`recipients_of` for many organisations in two queries (for jobs that tell many)."""
    ids = set(organisation_ids)
    found: dict[int, set[str]] = {pk: set() for pk in ids}
    for pk, email in Organisation.objects.filter(pk__in=ids).values_list("pk", "email"):
        if email:
            found[pk].add(email)
    members = Membership.objects.filter(organisation_id__in=ids).exclude(user__email="")
    for pk, email in members.values_list("organisation_id", "user__email"):
        found[pk].add(email)
    return {pk: sorted(emails) for pk, emails in found.items()}


def organisations_notify(
    *, recipients: dict[int, list[str]], organisation_id: int, subject, body, params, path=""
) -> None:
    """`organisation_notify` with the addresses looked up beforehand
    (`recipients_by_organisation`)."""
    to = recipients.get(organisation_id)
    if to:
        _send(to=to, subject=subject, body=body, params=params, path=path)

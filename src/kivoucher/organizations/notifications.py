"""E-mails to an organisation's people (`recipients_of`): its members and its own
address. Queued by `kivoucher.core.mail.mail_send` (sent after the commit), so
nobody is told about a change that was rolled back; written in the programme's
language (German), whatever language the person who caused them browses in."""

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

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


# --- people joining -----------------------------------------------------------------
INVITATION_SUBJECT = gettext_lazy("KI-Voucher: invitation to join %(organisation)s")
INVITATION_BODY = gettext_lazy(
    "%(inviter)s invites you to join %(organisation)s on the KI-Voucher platform as "
    "%(role)s.\n\n"
    "Open the link below, sign in or create an account with this e-mail address "
    "(%(email)s), and confirm. The link works once and until %(until)s."
)
JOIN_REQUEST_SUBJECT = gettext_lazy("KI-Voucher: %(person)s asks to join %(organisation)s")
JOIN_REQUEST_BODY = gettext_lazy(
    "%(person)s (%(email)s) asks to join %(organisation)s on the KI-Voucher platform.\n\n"
    "Message: %(message)s\n\n"
    "As an owner you accept (with a role) or decline the request on the members page:"
)
JOIN_DECIDED_SUBJECT = gettext_lazy("KI-Voucher: your request to join %(organisation)s")
JOIN_ACCEPTED_BODY = gettext_lazy(
    "Your request to join %(organisation)s was accepted: you are now %(role)s."
)
JOIN_DECLINED_BODY = gettext_lazy("Your request to join %(organisation)s was declined.")


def invitation_mail(*, invitation, link: str) -> None:
    """The invitation with its single-use `link` (absolute), to the invited address."""
    with translation.override(settings.LANGUAGE_CODE):
        params = {
            "organisation": invitation.organisation.name,
            "role": str(invitation.get_role_display()),
            "inviter": invitation.invited_by.display_name if invitation.invited_by else "",
            "email": invitation.email,
            "until": date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT"),
        }
        subject = str(INVITATION_SUBJECT) % params
        body = str(INVITATION_BODY) % params
    mail_send(subject=subject, body=f"{body}\n\n{link}\n", to=[invitation.email])


def join_request_notify(*, join_request, owners: list[str], path: str) -> None:
    """Tell the owners of the organisation that someone asks to join."""
    user = join_request.user
    params = {
        "person": user.display_name,
        "email": user.email,
        "organisation": join_request.organisation.name,
        "message": join_request.message or "–",
    }
    _send(to=owners, subject=JOIN_REQUEST_SUBJECT, body=JOIN_REQUEST_BODY, params=params, path=path)


def join_request_decided_notify(*, join_request, path: str) -> None:
    """Tell the person who asked whether they were let in."""
    accepted = join_request.status == join_request.Status.ACCEPTED
    with translation.override(settings.LANGUAGE_CODE):
        role = str(join_request.get_role_display()) if accepted else ""
    _send(
        to=[join_request.user.email],
        subject=JOIN_DECIDED_SUBJECT,
        body=JOIN_ACCEPTED_BODY if accepted else JOIN_DECLINED_BODY,
        params={"organisation": join_request.organisation.name, "role": role},
        path=path if accepted else "",
    )

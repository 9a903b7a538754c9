"""Writes of webhooks: endpoints (register, change, rotate, delete, disable), and the
delivery of messages with retries.

Delivery contract.
- At least once, never twice at the same time: an attempt first *claims* its
  delivery (a conditional UPDATE, or `select_for_update(skip_locked=True)` for a
  batch) by moving `next_attempt_at` to the end of a lease and counting the
  attempt; a second worker then finds it not due. The HTTP request runs outside any
  transaction; its outcome is recorded afterwards. A worker that dies mid-attempt
  leaves the delivery to be retried when the lease ends.
- Every attempt of a delivery carries the same `webhook-id` (its message id), so a
  receiver recognises a message it has already processed; `webhook-timestamp` is the
  time of the attempt and the body is the same bytes every time.
- Retries back off: 5 s, 10 s, 20 s, 40 s, 80 s, 120 s, then doubling up to two
  hours. A delivery that keeps failing for a day gives up; an endpoint without a
  successful attempt for a day is disabled, its open deliveries give up, and its
  organisation is told by mail. Finished deliveries can be sent again (redeliver),
  with their message id.
- Locks: the endpoint row before its deliveries, always (no deadlock between the
  outcome of one delivery and the disabling of its endpoint).
"""

from datetime import datetime, timedelta

from cryptography.fernet import InvalidToken
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kivoucher.core.audit import audit_record
from kivoucher.core.errors import Conflict, DomainError, PermissionDenied
from kivoucher.core.models import User
from kivoucher.organizations.models import Membership, Organisation
from kivoucher.organizations.notifications import organisation_notify
from kivoucher.webhooks import sending
from kivoucher.webhooks.addresses import target_resolve
from kivoucher.webhooks.events import EVENT_TYPES, TEST_EVENT, body_render, message_id_new
from kivoucher.webhooks.models import Delivery, Endpoint, Event
from kivoucher.webhooks.secrets import (
    secret_decrypt,
    secret_encrypt,
    secret_generate,
    signature_header,
)

MAX_ENDPOINTS = 20
BACKOFF_SECONDS = (5, 10, 20, 40, 80, 120)
MAX_DELAY = timedelta(hours=2)
FAILURE_WINDOW = timedelta(days=1)  # a day of failures: give up, disable the endpoint
ROTATION_OVERLAP = timedelta(days=1)  # the previous secret signs too after a rotation
LEASE = timedelta(minutes=5)  # longer than any attempt (two timeouts)
S = Delivery.Status


# --- Endpoints -----------------------------------------------------------------------
def _manage_check(actor: User | None, organisation_id: int) -> None:
    """Endpoints are the organisation's own: only its members manage them."""
    if actor is None:
        return
    member = Membership.objects.filter(user=actor, organisation_id=organisation_id).exists()
    if not member or not actor.acts_for_organisation:
        raise PermissionDenied(_("Only members of the organisation manage its webhooks."))


def events_check(events) -> list[str]:
    if not isinstance(events, list | tuple) or not events:
        raise DomainError(_("Name at least one event type."), code="webhook_events_empty")
    unknown = sorted({str(e) for e in events} - set(EVENT_TYPES))
    if unknown:
        raise DomainError(
            _("Unknown event type(s): %(unknown)s. Known types: %(known)s.")
            % {"unknown": ", ".join(unknown), "known": ", ".join(EVENT_TYPES)},
            code="webhook_event_unknown",
        )
    return sorted(set(events), key=list(EVENT_TYPES).index)


def url_check(url: str) -> str:
    url = (url or "").strip()
    target_resolve(url)
    return url


def endpoint_create(
    *, actor: User | None, organisation: Organisation, url: str, events, description: str = ""
) -> tuple[Endpoint, str]:
    """Register an endpoint; returns it with its secret in clear (shown once)."""
    _manage_check(actor, organisation.pk)
    events = events_check(events)
    url = url_check(url)
    secret = secret_generate()
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        if Endpoint.objects.filter(organisation=organisation).count() >= MAX_ENDPOINTS:
            raise Conflict(
                _("An organisation has at most %(n)s webhook endpoints.") % {"n": MAX_ENDPOINTS},
                code="webhook_endpoints_limit",
            )
        endpoint = Endpoint.objects.create(
            organisation=organisation,
            url=url,
            events=events,
            description=(description or "").strip()[:200],
            secret_encrypted=secret_encrypt(secret),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(
            actor=actor,
            action="webhook_endpoint.create",
            obj=endpoint,
            new_state="enabled",
            data={"organisation": organisation.pk, "url": url, "events": events},
        )
    return endpoint, secret


def _locked(endpoint: Endpoint) -> Endpoint:
    return Endpoint.objects.select_for_update().get(pk=endpoint.pk)


def endpoint_update(
    *,
    actor: User | None,
    endpoint: Endpoint,
    url: str | None = None,
    events=None,
    description: str | None = None,
    enabled: bool | None = None,
) -> Endpoint:
    """Change an endpoint. Enabling a disabled endpoint starts it afresh (the deliveries
    that gave up stay in the log and can be sent again)."""
    _manage_check(actor, endpoint.organisation_id)
    changes = {}
    if url is not None:
        changes["url"] = url_check(url)
    if events is not None:
        changes["events"] = events_check(events)
    if description is not None:
        changes["description"] = description.strip()[:200]
    with transaction.atomic():
        row = _locked(endpoint)
        was_enabled = row.enabled
        changed = {}
        for name, value in changes.items():
            if getattr(row, name) != value:
                changed[name] = [getattr(row, name), value]
                setattr(row, name, value)
        if enabled is not None and enabled != row.enabled:
            changed["enabled"] = [row.enabled, enabled]
            row.enabled = enabled
            row.failing_since = None
            if enabled:
                row.disabled_reason, row.disabled_at = "", None
            else:
                row.disabled_reason = _("Disabled by %(user)s.") % {
                    "user": getattr(actor, "username", "system")
                }
                row.disabled_at = timezone.now()
                _deliveries_give_up(row, reason="endpoint disabled")
        if changed:
            row.save()
            audit_record(
                actor=actor,
                action="webhook_endpoint.update",
                obj=row,
                old_state="enabled" if was_enabled else "disabled",
                new_state="enabled" if row.enabled else "disabled",
                data={"changed": changed},
            )
    return row


def endpoint_delete(*, actor: User | None, endpoint: Endpoint) -> None:
    """Delete an endpoint with its delivery log (the audit log keeps that it existed)."""
    _manage_check(actor, endpoint.organisation_id)
    with transaction.atomic():
        row = _locked(endpoint)
        audit_record(
            actor=actor,
            action="webhook_endpoint.delete",
            obj=row,
            old_state="enabled" if row.enabled else "disabled",
            new_state="deleted",
            data={"organisation": row.organisation_id, "url": row.url},
        )
        row.delete()


def endpoint_secret_rotate(
    *, actor: User | None, endpoint: Endpoint, now: datetime | None = None
) -> tuple[Endpoint, str]:
    """A new secret, returned in clear once. For 24 hours the previous one signs too
    (two signatures in `webhook-signature`), so receivers can switch without losing a
    message; a delivery in flight is signed with what holds when it is sent."""
    _manage_check(actor, endpoint.organisation_id)
    now = now or timezone.now()
    secret = secret_generate()
    with transaction.atomic():
        row = _locked(endpoint)
        row.previous_secret_encrypted = row.secret_encrypted
        row.previous_secret_expires_at = now + ROTATION_OVERLAP
        row.secret_encrypted = secret_encrypt(secret)
        row.secret_rotated_at = now
        row.save(
            update_fields=[
                "previous_secret_encrypted",
                "previous_secret_expires_at",
                "secret_encrypted",
                "secret_rotated_at",
            ]
        )
        audit_record(
            actor=actor,
            action="webhook_endpoint.rotate_secret",
            obj=row,
            data={"previous_valid_until": row.previous_secret_expires_at.isoformat()},
        )
    return row, secret


def endpoint_secrets(endpoint: Endpoint, *, now: datetime | None = None) -> list[str]:
    """The secrets that sign now: the current one, and the previous one for a day after
    a rotation."""
    now = now or timezone.now()
    secrets = [secret_decrypt(endpoint.secret_encrypted)]
    if (
        endpoint.previous_secret_encrypted
        and endpoint.previous_secret_expires_at
        and now < endpoint.previous_secret_expires_at
    ):
        try:
            secrets.append(secret_decrypt(endpoint.previous_secret_encrypted))
        except InvalidToken:  # encrypted under a former SECRET_KEY: the new one signs
            pass
    return secrets


def _deliveries_give_up(endpoint: Endpoint, *, reason: str) -> int:
    return Delivery.objects.filter(endpoint=endpoint, status__in=Delivery.ACTIVE).update(
        status=S.GAVE_UP, next_attempt_at=None, last_error=reason
    )


def _endpoint_disable(*, endpoint: Endpoint, now: datetime) -> None:
    """A day without a successful attempt: disable (the endpoint row is locked)."""
    since = timezone.localtime(endpoint.failing_since)
    endpoint.enabled = False
    endpoint.disabled_at = now
    endpoint.disabled_reason = _("Every attempt failed since %(since)s.") % {
        "since": since.strftime("%d.%m.%Y %H:%M")
    }
    endpoint.save(update_fields=["enabled", "disabled_at", "disabled_reason", "failing_since"])
    _deliveries_give_up(endpoint, reason="endpoint disabled after a day of failures")
    audit_record(
        actor=None,
        action="webhook_endpoint.disable",
        obj=endpoint,
        old_state="enabled",
        new_state="disabled",
        reason="a day of failed deliveries",
        data={"failing_since": endpoint.failing_since.isoformat()},
    )
    organisation_notify(
        organisation=endpoint.organisation,
        subject=gettext_lazy("Webhook endpoint disabled: %(url)s"),
        body=gettext_lazy(
            "Messages to the webhook endpoint %(url)s have failed since %(since)s. "
            "The endpoint has been disabled and receives no further messages. "
            "Check the receiver, enable the endpoint again and send the messages "
            "that were not delivered once more from the delivery log."
        ),
        params={"url": endpoint.url, "since": since.strftime("%d.%m.%Y %H:%M")},
        path=reverse(
            "webhooks:endpoint", kwargs={"org_id": endpoint.organisation_id, "pk": endpoint.pk}
        ),
    )


def endpoint_test(*, actor: User | None, endpoint: Endpoint) -> Delivery:
    """Send a `webhook.test` message to this endpoint (whatever it subscribed to)."""
    _manage_check(actor, endpoint.organisation_id)
    if not endpoint.enabled:
        raise Conflict(
            _("The endpoint is disabled; enable it first."), code="webhook_endpoint_disabled"
        )
    with transaction.atomic():
        data = {"endpoint": endpoint.pk, "organisation": endpoint.organisation_id}
        event = Event.objects.create(type=TEST_EVENT, body=body_render(type=TEST_EVENT, data=data))
        delivery = Delivery.objects.create(
            event=event,
            endpoint=endpoint,
            message_id=message_id_new(),
            next_attempt_at=timezone.now(),
        )
        transaction.on_commit(lambda: deliveries_schedule(delivery_ids=[delivery.pk]))
    return delivery


def delivery_redeliver(*, actor: User | None, delivery: Delivery) -> Delivery:
    """Send a finished delivery again, with the same message id (`webhook-id`)."""
    _manage_check(actor, delivery.endpoint.organisation_id)
    with transaction.atomic():
        endpoint = _locked(delivery.endpoint)
        if not endpoint.enabled:
            raise Conflict(
                _("The endpoint is disabled; enable it first."), code="webhook_endpoint_disabled"
            )
        row = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if row.status in Delivery.ACTIVE:
            raise Conflict(
                _("This message is still being delivered."), code="webhook_delivery_active"
            )
        _status_set(row, S.PENDING, next_attempt_at=timezone.now())
        row.failures = 0
        row.failing_since = None
        row.save(update_fields=["status", "failures", "failing_since", "next_attempt_at"])
        transaction.on_commit(lambda: deliveries_schedule(delivery_ids=[row.pk]))
    return row


# --- Delivery ------------------------------------------------------------------------
def _status_set(delivery: Delivery, to: str, *, next_attempt_at: datetime | None = None) -> None:
    """The one place a delivery's status changes (`Delivery.ALLOWED_TRANSITIONS`). Not
    audited: the delivery log is the record of its attempts."""
    if to != delivery.status and to not in Delivery.ALLOWED_TRANSITIONS[delivery.status]:
        raise Conflict(
            _("A delivery cannot change from %(old)s to %(new)s.")
            % {"old": delivery.status, "new": to},
            code="invalid_transition",
        )
    delivery.status, delivery.next_attempt_at = to, next_attempt_at


def retry_delay(failures: int) -> timedelta:
    """The wait after the `failures`-th failed attempt in a row."""
    if failures <= len(BACKOFF_SECONDS):
        return timedelta(seconds=BACKOFF_SECONDS[max(failures, 1) - 1])
    doubled = BACKOFF_SECONDS[-1] * 2 ** (failures - len(BACKOFF_SECONDS))
    return min(timedelta(seconds=doubled), MAX_DELAY)


def deliveries_schedule(*, delivery_ids: list[int], run_after: datetime | None = None) -> None:
    """Hand deliveries to the task worker (after the commit). Retries are deferred when
    the backend can defer; otherwise `deliveries_send_due` picks them up."""
    from kivoucher.webhooks.tasks import delivery_send

    task = delivery_send
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return
        task = task.using(run_after=run_after)
    for pk in delivery_ids:
        task.enqueue(pk)


def _claim_one(delivery_id: int, now: datetime) -> bool:
    claimed = Delivery.objects.filter(
        pk=delivery_id, status__in=Delivery.ACTIVE, next_attempt_at__lte=now
    ).update(next_attempt_at=now + LEASE, attempts=F("attempts") + 1)
    return claimed == 1


def _claim_due(now: datetime, limit: int) -> list[int]:
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(status__in=Delivery.ACTIVE, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        Delivery.objects.filter(pk__in=ids).update(
            next_attempt_at=now + LEASE, attempts=F("attempts") + 1
        )
    return ids


def _send(delivery_id: int, now: datetime) -> Delivery | None:
    """One attempt of a claimed delivery, then its outcome."""
    delivery = Delivery.objects.select_related("event", "endpoint").filter(pk=delivery_id).first()
    if delivery is None:  # its endpoint was deleted meanwhile
        return None
    endpoint = delivery.endpoint
    sent_at = timezone.now()  # the receiver compares it with its clock
    try:
        secrets = endpoint_secrets(endpoint, now=sent_at)
    except InvalidToken:
        secrets = []
    if not endpoint.enabled:
        outcome = sending.Outcome(ok=False, error="endpoint disabled")
    elif not secrets:
        error = "the secret cannot be read (SECRET_KEY changed?): rotate it"
        outcome = sending.Outcome(ok=False, error=error)
    else:
        timestamp = int(sent_at.timestamp())
        body = delivery.event.body
        headers = {
            "webhook-id": delivery.message_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": signature_header(
                secrets=secrets, msg_id=delivery.message_id, timestamp=timestamp, body=body
            ),
        }
        outcome = sending.post(url=endpoint.url, body=body, headers=headers)
    return _outcome_record(delivery_id=delivery_id, outcome=outcome, now=now)


def _outcome_record(*, delivery_id: int, outcome: sending.Outcome, now: datetime):
    endpoint_id = (
        Delivery.objects.filter(pk=delivery_id).values_list("endpoint_id", flat=True).first()
    )
    retry_at = None
    with transaction.atomic():
        endpoint = (
            Endpoint.objects.select_for_update()
            .select_related("organisation")
            .filter(pk=endpoint_id)
            .first()
        )
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if endpoint is None or delivery is None:
            return None
        delivery.last_attempt_at = now
        delivery.last_status_code = outcome.status_code
        delivery.last_duration_ms = outcome.duration_ms
        delivery.last_error = outcome.error[:500]
        if outcome.ok:
            _status_set(delivery, S.SUCCEEDED)
            delivery.failures, delivery.failing_since = 0, None
            if endpoint.failing_since is not None:
                endpoint.failing_since = None
                endpoint.save(update_fields=["failing_since"])
        elif delivery.status not in Delivery.ACTIVE:
            pass  # given up while the attempt was under way (the endpoint was disabled)
        elif not endpoint.enabled:
            _status_set(delivery, S.GAVE_UP)
        else:
            delivery.failures += 1
            delivery.failing_since = delivery.failing_since or now
            if endpoint.failing_since is None:
                endpoint.failing_since = now
                endpoint.save(update_fields=["failing_since"])
            if now - endpoint.failing_since >= FAILURE_WINDOW:
                _status_set(delivery, S.GAVE_UP)
                _endpoint_disable(endpoint=endpoint, now=now)
            elif now - delivery.failing_since >= FAILURE_WINDOW:
                _status_set(delivery, S.GAVE_UP)
            else:
                retry_at = now + retry_delay(delivery.failures)
                _status_set(delivery, S.FAILED, next_attempt_at=retry_at)
        delivery.save()
        if retry_at is not None:
            transaction.on_commit(
                lambda: deliveries_schedule(delivery_ids=[delivery_id], run_after=retry_at)
            )
    return delivery


def delivery_attempt(*, delivery_id: int, now: datetime | None = None) -> Delivery | None:
    """Attempt one delivery if it is due and no other worker has it (the task)."""
    now = now or timezone.now()
    if not _claim_one(delivery_id, now):
        return None
    return _send(delivery_id, now)


def deliveries_send_due(now: datetime | None = None, *, limit: int = 100) -> int:
    """Attempt every active delivery whose attempt is due (up to `limit`), returns how
    many were attempted. Safe to run in several workers at once."""
    now = now or timezone.now()
    ids = _claim_due(now, limit)
    for pk in ids:
        _send(pk, now)
    return len(ids)

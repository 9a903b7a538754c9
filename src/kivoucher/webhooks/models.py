"""Webhook endpoints of organisations, the event outbox and the delivery log.

An `Endpoint` is a URL an organisation registered for some event types, with its
signing secret (encrypted at rest, `kivoucher.webhooks.secrets`). An `Event` is one
row of the outbox: the JSON body `{"type", "timestamp", "data"}` exactly as it is
sent, written in the transaction of the change it tells of. A `Delivery` is one
event for one endpoint: its message id (`webhook-id`) stays the same on every
attempt, so a receiver can drop a message it has already processed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Endpoint(models.Model):
    organisation = models.ForeignKey(
        "organizations.Organisation", on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.CharField(_("URL"), max_length=2000)
    events = models.JSONField(_("events"), default=list)
    description = models.CharField(_("description"), max_length=200, blank=True)
    # Fernet tokens of the `whsec_...` secrets (kivoucher.webhooks.secrets).
    secret_encrypted = models.TextField()
    previous_secret_encrypted = models.TextField(blank=True)
    # Until then the previous secret signs too (24 hours after a rotation).
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    secret_rotated_at = models.DateTimeField(null=True, blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    disabled_reason = models.CharField(_("reason for disabling"), max_length=300, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    # The first failed attempt since the last successful one (none while it works).
    failing_since = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        # event_emit: the enabled endpoints of a few organisations, one index lookup.
        indexes = [models.Index(fields=["organisation", "enabled"], name="webhook_ep_org_enabled")]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.url}"


class Event(models.Model):
    """One row of the outbox. `body` is the exact JSON text that is signed and sent."""

    type = models.CharField(max_length=64)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")

    def __str__(self) -> str:
        return f"{self.type} #{self.pk}"


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        # The last attempt failed; another one is scheduled.
        FAILED = "failed", _("failed, will retry")
        SUCCEEDED = "succeeded", _("delivered")
        # No further attempts: a day of failures, or the endpoint was disabled.
        GAVE_UP = "gave_up", _("given up")

    ACTIVE = (Status.PENDING, Status.FAILED)
    # A finished delivery may be sent again on request (redeliver), same message id; an
    # attempt under way when its endpoint was disabled may still succeed.
    ALLOWED_TRANSITIONS = {
        Status.PENDING: {Status.FAILED, Status.SUCCEEDED, Status.GAVE_UP},
        Status.FAILED: {Status.FAILED, Status.SUCCEEDED, Status.GAVE_UP},
        Status.SUCCEEDED: {Status.PENDING},
        Status.GAVE_UP: {Status.PENDING, Status.SUCCEEDED},
    }

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    message_id = models.CharField(max_length=40, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    # Failed attempts in a row since the delivery was (re)started: the backoff step.
    failures = models.PositiveIntegerField(default=0)
    # When the next attempt is due; while an attempt runs, the end of its lease.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # The first failed attempt since the delivery was (re)started.
    failing_since = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_duration_ms = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            # deliveries_send_due: the active deliveries whose attempt is due.
            models.Index(
                fields=["next_attempt_at"],
                name="webhook_delivery_due",
                condition=Q(status__in=["pending", "failed"]),
            ),
            models.Index(fields=["endpoint", "-id"], name="webhook_delivery_log"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["event", "endpoint"], name="webhook_delivery_once"),
        ]

    def __str__(self) -> str:
        return self.message_id

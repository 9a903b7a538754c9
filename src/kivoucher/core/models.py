import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from kivoucher.core.roles import ACTING_STAFF_ROLES, ORGANISATION_ROLES, STAFF_ROLES, Role


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.APPLICANT)
    # Anonymised after the retention period (GDPR); financial records keep the row.
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_programme_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def may_act_as_staff(self) -> bool:
        """Staff who change things (not the auditor), and superusers."""
        return self.role in ACTING_STAFF_ROLES or self.is_superuser

    @property
    def sees_everything(self) -> bool:
        """Programme staff (the auditor included) and superusers see every object."""
        return self.role in STAFF_ROLES or self.is_superuser

    @property
    def acts_for_organisation(self) -> bool:
        """Companies, providers, data centres and buyers act for an organisation."""
        return self.role in ORGANISATION_ROLES

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """A bearer token. Only its SHA-256 is stored; the clear text is shown once.

    A token works until `expires_at` unless its owner (or an administrator)
    revokes it first; `last_used_at` is kept to the hour (core/tokens.py).
    """

    class State(models.TextChoices):
        ACTIVE = "active", _("active")
        EXPIRED = "expired", _("expired")
        REVOKED = "revoked", _("revoked")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    def state_at(self, now) -> "ApiToken.State":
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.expires_at <= now:
            return self.State.EXPIRED
        return self.State.ACTIVE


# The audit log is kept in AUDIT_SHARDS independent chains (core/audit.py). The
# number is part of the design: changing it needs a new hash version.
AUDIT_SHARDS = 16


class AuditEvent(models.Model):
    """One row of the append-only, hash-chained audit log.

    Rows form AUDIT_SHARDS chains (`shard`); within its chain a row has its number
    `seq` (1, 2, ...) and `hash` covers every field, the chain and the previous
    row's hash, so changing, removing or adding a row breaks its chain from that
    row on (`kivoucher verify-audit`). Across chains rows are shown in the order
    (created_at, id).
    """

    shard = models.PositiveSmallIntegerField()
    seq = models.BigIntegerField()
    # 1: the single chain before shards (its rows are shard 1's chain, hashed
    # without shard and version); 2: hashed with both.
    hash_version = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    actor_label = models.CharField(max_length=150)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    old_state = models.CharField(max_length=64, blank=True)
    new_state = models.CharField(max_length=64, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["created_at", "id"], name="auditevent_time_order"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["shard", "seq"], name="auditevent_one_row_per_link")
        ]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.shard}/{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """The head of one chain (id = shard), locked by every append to that chain, so
    each chain is extended one row at a time."""

    id = models.PositiveSmallIntegerField(primary_key=True)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id__lt=AUDIT_SHARDS), name="audithead_shard_range"
            )
        ]

    def __str__(self) -> str:
        return f"audit chain {self.id} head #{self.seq}"


class OutgoingMail(models.Model):
    """One mail on its way out (kivoucher.core.mail): stored in the transaction of the
    change it tells about, sent by a task after the commit, retried until it leaves
    or is given up (status `failed`, visible to staff in the admin)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("body"))
    to = models.JSONField(_("recipients"), default=list)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # When the periodic sweep (mails_send_due) takes the mail, if no task did before.
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    # A sender holds the mail until then; another may take it once it has passed.
    lease_until = models.DateTimeField(_("held until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mails")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outgoingmail_due"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} -> {', '.join(self.to)} ({self.status})"


class WorkerHeartbeat(models.Model):
    """A running `kivoucher worker`: it renews `seen_at` every few seconds from a
    thread of its own. A task left RUNNING under a worker whose heartbeat is stale
    was killed with it and is put back in the queue (kivoucher.core.worker)."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"


class ScheduledRun(models.Model):
    """A daily job enqueued for one day: the unique (name, day) lets any number of
    workers try, and only the first enqueues (kivoucher.core.schedule)."""

    name = models.CharField(max_length=100)
    day = models.DateField()
    enqueued_at = models.DateTimeField()
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [
            models.UniqueConstraint(fields=["name", "day"], name="scheduledrun_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.day}"


class TaskProgress(models.Model):
    """How far a background task has come, for the page where a person waits
    (kivoucher.core.progress): `done` of `total` steps and a line of text."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    result_url = models.CharField(max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("task progress")
        verbose_name_plural = _("task progress")

    def __str__(self) -> str:
        return f"{self.key}: {self.done}/{self.total} {self.status}"

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.total)) if self.total else 0

    @property
    def waiting(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}


class ChangeRequestBase(models.Model):
    """What a change request (Änderungsantrag) of either line has: the company asks
    with a reason, a caseworker reviews, a second person decides; `before` and `after`
    keep what the voucher had and has after the approval. The lines add the voucher,
    the kinds and their fields (applications.ChangeRequest, compute.ComputeChangeRequest)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        REVIEWED = "reviewed", _("reviewed, awaiting decision")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    S = Status
    ALLOWED_TRANSITIONS = {
        S.SUBMITTED: {S.REVIEWED, S.WITHDRAWN},
        S.REVIEWED: {S.APPROVED, S.REJECTED, S.WITHDRAWN},
        S.APPROVED: set(),
        S.REJECTED: set(),
        S.WITHDRAWN: set(),
    }
    OPEN = (S.SUBMITTED, S.REVIEWED)
    REFERENCE_PREFIX = "AEA"

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=S.SUBMITTED
    )
    reason = models.TextField(_("reason"))
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("reasons of the decision"), blank=True)

    class Meta:
        abstract = True
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")

    def __str__(self) -> str:
        return f"{self.reference} ({self.voucher_id})"

    @property
    def reference(self) -> str:
        return f"{self.REFERENCE_PREFIX}-{self.pk or 0:06d}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

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

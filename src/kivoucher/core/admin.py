from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from kivoucher.core.models import ApiToken, AuditEvent, OutgoingMail, User, WorkerHeartbeat


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that change only through services (audited, four-eyes, the ledger):
    the admin shows them and changes nothing."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "role", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = [*BaseUserAdmin.fieldsets, (_("Programme"), {"fields": ["role"]})]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "prefix",
        "user",
        "name",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    readonly_fields = ["prefix", "key_hash", "created_at", "expires_at", "last_used_at"]

    def has_add_permission(self, request):
        return False  # tokens are created with `kivoucher create-token`


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Append-only: the audit log can be read, never edited or deleted."""

    list_display = [
        "shard",
        "seq",
        "created_at",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "old_state",
        "new_state",
    ]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "action"]


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ReadOnlyAdmin):
    """Mails on their way out (kivoucher.core.mail): a `failed` one was given up after
    days of refused attempts; its last error says why."""

    list_display = ["created_at", "subject", "status", "attempts", "sent_at", "next_attempt_at"]
    list_filter = ["status"]
    search_fields = ["subject", "to"]
    readonly_fields = ["last_error"]


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin):
    """The running `kivoucher worker` processes and when each was last heard of."""

    list_display = ["worker_id", "hostname", "pid", "started_at", "seen_at"]

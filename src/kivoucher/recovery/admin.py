from django.contrib import admin

from kivoucher.core.admin import ReadOnlyAdmin
from kivoucher.core.audit import audit_record
from kivoucher.recovery.models import BaseRate, Objection, Receivable, RecoveryCase, Repayment


@admin.register(BaseRate)
class BaseRateAdmin(admin.ModelAdmin):
    """The base rates of § 247 BGB: admins add each half-year's published value."""

    list_display = ["valid_from", "rate", "source"]
    ordering = ["-valid_from"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="recovery.baserate.changed" if change else "recovery.baserate.added",
            obj=obj,
            new_state=str(obj.rate),
            data={"valid_from": obj.valid_from.isoformat(), "source": obj.source},
        )

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Receivable)
class ReceivableAdmin(ReadOnlyAdmin):
    list_display = ["reference", "organisation", "kind", "amount", "interest", "status"]
    list_filter = ["status", "kind"]


@admin.register(RecoveryCase)
class RecoveryCaseAdmin(ReadOnlyAdmin):
    list_display = ["pk", "organisation", "origin", "amount", "status"]
    list_filter = ["status"]


admin.site.register(Objection, ReadOnlyAdmin)
admin.site.register(Repayment, ReadOnlyAdmin)

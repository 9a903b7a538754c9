from django.contrib import admin

from kivoucher.payments.models import BankDetailsChange, BankStatementEntry, PaymentBatch, Payout


@admin.register(Payout)
class PayoutAdmin(admin.ModelAdmin):
    list_display = [
        "end_to_end_id",
        "name",
        "amount",
        "status",
        "origin",
        "prepared_by",
        "released_by",
        "created_at",
    ]
    list_filter = ["status"]
    search_fields = ["end_to_end_id", "name", "origin"]
    readonly_fields = [f.name for f in Payout._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PaymentBatch)
class PaymentBatchAdmin(admin.ModelAdmin):
    list_display = ["message_id", "status", "count", "total", "execution_date", "created_at"]
    readonly_fields = [f.name for f in PaymentBatch._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BankDetailsChange)
class BankDetailsChangeAdmin(admin.ModelAdmin):
    list_display = [
        "organisation",
        "old_iban",
        "new_iban",
        "status",
        "requested_by",
        "requested_at",
    ]
    list_filter = ["status"]
    search_fields = ["organisation__name", "old_iban", "new_iban"]
    readonly_fields = [f.name for f in BankDetailsChange._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BankStatementEntry)
class BankStatementEntryAdmin(admin.ModelAdmin):
    list_display = ["entry_id", "kind", "amount", "end_to_end_id", "reference", "result"]
    list_filter = ["result", "kind"]
    search_fields = ["entry_id", "end_to_end_id", "reference", "message_id"]
    readonly_fields = [f.name for f in BankStatementEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

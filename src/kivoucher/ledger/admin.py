from django.contrib import admin

from kivoucher.ledger.models import Account, Hold, Transfer


class ReadOnlyAdmin(admin.ModelAdmin):
    """Money moves only through the ledger services, never by editing rows."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "balance", "floor"]
    search_fields = ["code", "name"]


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    list_display = ["key", "source", "destination", "amount", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["key"]


@admin.register(Hold)
class HoldAdmin(ReadOnlyAdmin):
    list_display = ["key", "account", "amount", "status", "posted_amount"]

from django.contrib import admin

from kivoucher.core.admin import ReadOnlyAdmin
from kivoucher.ledger.models import Account, Hold, Transfer


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

"""The admin shows applications and vouchers read-only: every change goes through the
services (the four-eyes rule cannot be bypassed here)."""

from django.contrib import admin

from kivoucher.applications.models import Application, LotteryDraw, Voucher


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["id", "title", "organisation", "status", "requested_grant", "submitted_at"]
    list_filter = ["status", "call"]
    search_fields = ["title", "organisation__name"]


@admin.register(Voucher)
class VoucherAdmin(ReadOnlyAdmin):
    list_display = ["code", "status", "amount", "valid_until"]
    list_filter = ["status"]
    search_fields = ["code"]


@admin.register(LotteryDraw)
class LotteryDrawAdmin(ReadOnlyAdmin):
    list_display = ["id", "call", "seed", "created_at"]

"""The admin shows applications and vouchers read-only: every change goes through the
services (the four-eyes rule cannot be bypassed here)."""

from django.contrib import admin

from kivoucher.applications.models import Application, LotteryDraw, Voucher
from kivoucher.core.admin import ReadOnlyAdmin


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

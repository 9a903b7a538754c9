from django.contrib import admin

from kivoucher.compute import models


@admin.register(models.DataCentre)
class DataCentreAdmin(admin.ModelAdmin):
    list_display = ("code", "organisation", "location_country", "evidence_status")


@admin.register(models.ComputeVoucher)
class ComputeVoucherAdmin(admin.ModelAdmin):
    list_display = ("code", "organisation", "data_centre", "status", "value", "valid_until")
    list_filter = ("status", "data_centre")
    readonly_fields = ("account", "value", "status")


@admin.register(models.UsageRecord)
class UsageRecordAdmin(admin.ModelAdmin):
    list_display = ("record_id", "data_centre", "voucher", "resource", "quantity", "charged")
    list_filter = ("data_centre",)
    raw_id_fields = ("voucher", "batch", "transfer", "statement", "reverses", "price_list")

    def has_change_permission(self, request, obj=None):
        return False


for model in (
    models.PinnedKey,
    models.Credential,
    models.Verification,
    models.PriceListVersion,
    models.PriceItem,
    models.IngestBatch,
    models.SettlementStatement,
    models.ComputeHold,
    models.ComputeApplication,
    models.FinalReport,
    models.Notification,
):
    admin.site.register(model)

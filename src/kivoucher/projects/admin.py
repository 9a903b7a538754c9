from django.contrib import admin

from kivoucher.projects.models import ProofOfUse


@admin.register(ProofOfUse)
class ProofOfUseAdmin(admin.ModelAdmin):
    list_display = ["invoice_number", "voucher", "status", "net", "gross", "submitted_at"]
    list_filter = ["status", "invoice_format"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

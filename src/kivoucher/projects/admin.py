from django.contrib import admin

from kivoucher.core.admin import ReadOnlyAdmin
from kivoucher.projects.models import ProofOfUse


@admin.register(ProofOfUse)
class ProofOfUseAdmin(ReadOnlyAdmin):
    list_display = ["invoice_number", "voucher", "status", "net", "gross", "submitted_at"]
    list_filter = ["status", "invoice_format"]

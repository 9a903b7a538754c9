from django.contrib import admin

from kivoucher.core.admin import ReadOnlyAdmin
from kivoucher.providers.models import Accreditation, AccreditationCriterion


@admin.register(AccreditationCriterion)
class CriterionAdmin(admin.ModelAdmin):
    """The checklist is programme configuration: admins edit it here."""

    list_display = ["programme", "code", "text", "order", "active"]
    list_filter = ["programme", "active"]


@admin.register(Accreditation)
class AccreditationAdmin(ReadOnlyAdmin):
    """Read-only: decisions go through the accreditation pages (and are audited)."""

    list_display = ["organisation", "programme", "status", "valid_until", "annual_cap"]
    list_filter = ["status", "programme"]

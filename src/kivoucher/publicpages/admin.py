"""The operator's legal details (one row) and the sign language videos, edited by
the programme admin in the Django admin; the public pages show them as entered."""

from django.contrib import admin
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kivoucher.publicpages.models import SINGLETON_ID, LegalDetails, SignLanguageVideo


@admin.register(LegalDetails)
class LegalDetailsAdmin(admin.ModelAdmin):
    """One row: the list leads straight to it (or to the form that creates it)."""

    readonly_fields = ["updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (
            _("Legal notice (§ 5 DDG)"),
            {
                "fields": [
                    "operator_name",
                    "operator_legal_form",
                    "on_behalf_of",
                    "street",
                    "postcode",
                    "city",
                    "country",
                    "representative",
                    "email",
                    "phone",
                    "vat_id",
                    "register_entry",
                    "supervisory_authority",
                    "content_responsible",
                ]
            },
        ),
        (
            _("Privacy notice (Art. 13 GDPR)"),
            {
                "fields": [
                    "dpo_name",
                    "dpo_address",
                    "dpo_email",
                    "dpo_phone",
                    "dp_authority_name",
                    "dp_authority_address",
                    "dp_authority_url",
                    "hosting",
                    "server_log_days",
                    "privacy_notice_date",
                ]
            },
        ),
        (
            _("Accessibility statement (§ 12b BGG)"),
            {
                "fields": [
                    "accessibility_statement_date",
                    "accessibility_reviewed_date",
                    "accessibility_contact_email",
                ]
            },
        ),
        (None, {"fields": ["updated_at"]}),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not LegalDetails.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if LegalDetails.objects.filter(pk=SINGLETON_ID).exists():
            return redirect(reverse("admin:publicpages_legaldetails_change", args=[SINGLETON_ID]))
        if self.has_add_permission(request):
            return redirect(reverse("admin:publicpages_legaldetails_add"))
        return super().changelist_view(request, extra_context)


@admin.register(SignLanguageVideo)
class SignLanguageVideoAdmin(admin.ModelAdmin):
    list_display = ["title", "position", "published", "created_at"]
    list_editable = ["position", "published"]
    list_filter = ["published"]

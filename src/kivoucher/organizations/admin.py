from django.contrib import admin

from kivoucher.organizations.bank_details import BANK_FIELDS
from kivoucher.organizations.models import (
    Director,
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    OwnershipLink,
)


class DirectorInline(admin.TabularInline):
    model = Director
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class OwnersInline(admin.TabularInline):
    model = OwnershipLink
    fk_name = "owned"
    extra = 0
    autocomplete_fields = ["owner"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "federal_state", "employees", "register_number"]
    list_filter = ["kind", "federal_state"]
    search_fields = ["name", "register_number", "vat_id"]
    inlines = [DirectorInline, OwnersInline, MembershipInline]

    def get_readonly_fields(self, request, obj=None):
        # Bank details change through the organisation's edit page or the API, where a
        # change that could redirect payouts waits for a second person.
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, *BANK_FIELDS] if obj is not None else readonly


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are made, accepted and withdrawn by the organisation's owners (the
    members page or the API, audited); the admin shows them."""

    list_display = ["email", "organisation", "role", "status", "created_at", "expires_at"]
    list_filter = ["status", "role"]
    search_fields = ["email", "organisation__name"]
    exclude = ["key_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["user__username", "user__email", "organisation__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

from django.contrib import admin

from kivoucher.organizations.bank_details import BANK_FIELDS
from kivoucher.organizations.models import Director, Membership, Organisation, OwnershipLink


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

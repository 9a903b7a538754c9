from django.contrib import admin

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

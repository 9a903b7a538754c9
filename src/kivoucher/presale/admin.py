"""Back office for line III. Offers are created and edited here (staff only);
status, sequence numbers and slots change only through the services."""

from django.contrib import admin

from kivoucher.presale.models import (
    AllocationRun,
    CalendarFeed,
    HoursTransfer,
    InvestorProfile,
    KeyInvestmentInfo,
    KycDossier,
    KycPerson,
    MaintenanceWindow,
    Offer,
    PriceTier,
    Purchase,
    PurchasePricePart,
    ShareClass,
    ShareRegisterEntry,
    Slot,
    SlotRequest,
)


class PriceTierInline(admin.TabularInline):
    model = PriceTier
    extra = 0


class ShareClassInline(admin.TabularInline):
    model = ShareClass
    extra = 0


class MaintenanceInline(admin.TabularInline):
    model = MaintenanceWindow
    extra = 0


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "status", "funding_target", "deadline", "partitions"]
    list_filter = ["status"]
    search_fields = ["code", "title"]
    readonly_fields = ["status", "operation_start", "calendar_end"]
    inlines = [PriceTierInline, ShareClassInline, MaintenanceInline]


class PricePartInline(admin.TabularInline):
    model = PurchasePricePart
    extra = 0
    can_delete = False
    readonly_fields = ["tier", "unit_hours", "price"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Purchase)
class PurchaseAdmin(admin.ModelAdmin):
    list_display = ["reference", "offer", "buyer", "kind", "amount", "sequence", "status"]
    list_filter = ["offer", "status", "kind"]
    search_fields = ["reference", "buyer__name", "voucher_code"]
    readonly_fields = [f.name for f in Purchase._meta.fields]
    inlines = [PricePartInline]

    def has_add_permission(self, request):
        return False


@admin.register(ShareRegisterEntry)
class ShareRegisterAdmin(admin.ModelAdmin):
    list_display = ["share_class", "holder", "first_number", "last_number", "nominal_total"]
    readonly_fields = [f.name for f in ShareRegisterEntry._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(SlotRequest)
class SlotRequestAdmin(admin.ModelAdmin):
    list_display = ["pk", "purchase", "earliest_start", "latest_end", "block_hours", "status"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in SlotRequest._meta.fields]


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    list_display = ["pk", "offer", "purchase", "partition", "start", "end", "status"]
    list_filter = ["offer", "status"]
    readonly_fields = [f.name for f in Slot._meta.fields]


@admin.register(AllocationRun)
class AllocationRunAdmin(admin.ModelAdmin):
    list_display = ["offer", "started_at", "requests", "served", "partial", "unserved", "seconds"]
    readonly_fields = [f.name for f in AllocationRun._meta.fields]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Read only: holders renew their feeds themselves (the page, the API)."""

    list_display = ["pk", "organisation", "language", "created_at", "expires_at", "revoked_at"]
    list_filter = ["language"]
    readonly_fields = [f.name for f in CalendarFeed._meta.fields]

    def has_add_permission(self, request):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Investor and KYC records change only through the services (audited): the admin
    shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(KeyInvestmentInfo)
class KeyInvestmentInfoAdmin(ReadOnlyAdmin):
    list_display = ["share_class", "version", "published_at", "published_by"]


@admin.register(InvestorProfile)
class InvestorProfileAdmin(ReadOnlyAdmin):
    list_display = [
        "organisation",
        "natural_person",
        "sophisticated",
        "knowledge_test_passed_at",
        "simulation_at",
    ]
    list_filter = ["sophisticated", "natural_person"]


class KycPersonInline(admin.TabularInline):
    model = KycPerson
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(KycDossier)
class KycDossierAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "status", "submitted_at", "checked_at", "checked_by"]
    list_filter = ["status"]
    inlines = [KycPersonInline]


@admin.register(HoursTransfer)
class HoursTransferAdmin(ReadOnlyAdmin):
    list_display = ["purchase", "seller", "buyer", "unit_hours", "price", "status", "created_at"]
    list_filter = ["status"]

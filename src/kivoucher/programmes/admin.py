from django.contrib import admin

from kivoucher.core.admin import ReadOnlyAdmin
from kivoucher.programmes.models import (
    AidAward,
    AidAwardReduction,
    Call,
    Programme,
    ProjectCategory,
)
from kivoucher.programmes.services import call_create


class ProjectCategoryInline(admin.TabularInline):
    model = ProjectCategory
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "line", "rule_set", "max_grant", "payout_mode"]
    inlines = [ProjectCategoryInline]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "opens_at", "closes_at", "budget", "selection"]
    list_filter = ["programme", "selection"]

    def get_readonly_fields(self, request, obj=None):
        # The budget is funded through the ledger when the call is created.
        return ["budget", "programme"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = call_create(
            actor=request.user,
            programme=obj.programme,
            name=obj.name,
            opens_at=obj.opens_at,
            closes_at=obj.closes_at,
            budget=obj.budget,
            selection=obj.selection,
        )
        obj.pk = created.pk


@admin.register(AidAward)
class AidAwardAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "source", "amount", "granted_on", "reference"]
    list_filter = ["source", "programme"]


@admin.register(AidAwardReduction)
class AidAwardReductionAdmin(ReadOnlyAdmin):
    list_display = ["reference", "award", "amount", "reduced_on"]

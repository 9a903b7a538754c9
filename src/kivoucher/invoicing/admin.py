"""Back office of invoicing: staff set up the issuer profiles here (through the
service, audited); issued invoices are shown, never changed or deleted."""

from django import forms
from django.contrib import admin

from kivoucher.invoicing.models import Invoice, InvoiceIssuer, InvoiceLine
from kivoucher.invoicing.services import invoice_issuer_check, invoice_issuer_save


class InvoiceIssuerForm(forms.ModelForm):
    class Meta:
        model = InvoiceIssuer
        fields = ["organisation", "prefix", "tax_number", "contact_name", "contact_phone",
                  "contact_email"]  # fmt: skip

    def clean(self):
        data = super().clean()
        if data.get("organisation") is not None:
            problem = invoice_issuer_check(data["organisation"], data.get("tax_number", ""))
            if problem is not None:
                raise forms.ValidationError(problem.message)
        return data


@admin.register(InvoiceIssuer)
class InvoiceIssuerAdmin(admin.ModelAdmin):
    form = InvoiceIssuerForm
    list_display = ["organisation", "prefix", "tax_number", "contact_name", "contact_email"]
    search_fields = ["organisation__name"]
    raw_id_fields = ["organisation"]

    def save_model(self, request, obj, form, change):
        saved = invoice_issuer_save(
            actor=request.user,
            organisation=obj.organisation,
            prefix=obj.prefix,
            tax_number=obj.tax_number,
            contact_name=obj.contact_name,
            contact_phone=obj.contact_phone,
            contact_email=obj.contact_email,
        )
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        return False


class InvoiceLineInline(admin.TabularInline):
    model = InvoiceLine
    extra = 0
    can_delete = False
    fields = ["position", "description", "quantity", "unit_code", "unit_price", "net"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = ["number", "kind", "issue_date", "buyer", "net", "vat", "gross", "payable"]
    list_filter = ["kind", "issuer"]
    search_fields = ["number", "buyer__name", "buyer_reference"]
    inlines = [InvoiceLineInline]
    exclude = ["xml", "pdf"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name not in ("xml", "pdf")]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

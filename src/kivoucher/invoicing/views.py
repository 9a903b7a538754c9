"""Invoice pages: staff's list of issued invoices per issuer, one invoice, and the
downloads of its XRechnung and ZUGFeRD PDF (the buyer's people and staff only; for
anyone else the invoice does not exist); staff's action that issues the Gutschrift of
a settlement statement. A buyer finds its invoices on the purchase page, staff and
the data centre a Gutschrift on the statement's page (`templatetags/invoicing.py`)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kivoucher.compute.selectors import statement_get_for_user
from kivoucher.core.web import service_run
from kivoucher.invoicing.documents import invoice_pdf_response, invoice_xml_response
from kivoucher.invoicing.selectors import (
    invoice_get_for_user,
    invoices_of_issuer,
    issuers_for_staff,
)
from kivoucher.invoicing.self_billing import statement_self_billing_invoice
from kivoucher.invoicing.services import invoice_pdf_ensure


def _issuer_id(request) -> int | None:
    raw = request.GET.get("issuer", "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


@login_required
def invoice_list(request):
    issuer_id = _issuer_id(request)
    invoices = invoices_of_issuer(user=request.user, issuer_id=issuer_id)
    return render(
        request,
        "invoicing/list.html",
        {
            "invoices": invoices[:500],
            "issuers": issuers_for_staff(),
            "issuer_id": issuer_id,
        },
    )


@login_required
def invoice_detail(request, pk):
    invoice = invoice_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "invoicing/detail.html",
        {"invoice": invoice, "lines": invoice.lines.order_by("position")},
    )


@login_required
def invoice_xml(request, pk):
    return invoice_xml_response(invoice_get_for_user(user=request.user, pk=pk))


@login_required
def invoice_pdf(request, pk):
    invoice = invoice_get_for_user(user=request.user, pk=pk)
    return invoice_pdf_response(invoice, invoice_pdf_ensure(invoice))


@login_required
@require_POST
def statement_self_billing(request, pk):
    """Acting staff issue the Gutschrift of an approved statement (see self_billing.py)."""
    statement = statement_get_for_user(user=request.user, pk=pk)
    service_run(
        request,
        lambda: statement_self_billing_invoice(actor=request.user, statement=statement),
        success=_("The Gutschrift is issued and the payout prepared."),
        forbidden_page=True,
    )
    return redirect("compute:statement", pk=statement.pk)

"""Data centres invoice the programme (issue 22, item 2): an approved statement is paid on
the data centre's XRechnung (or the programme's self-billing invoice with its consent),
validated by the official rules and matched line by line; the payout is prepared from
the invoice, not at approval."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from kivoucher.compute.gdpr import organisation_files
from kivoucher.compute.models import DataCentre, SettlementInvoice, SettlementStatement
from kivoucher.compute.services.ingest import usage_ingest
from kivoucher.compute.services.pricing import price_list_publish
from kivoucher.compute.services.settlement import statement_approve, statement_create
from kivoucher.compute.services.settlement_invoices import (
    InvoiceMismatch,
    data_centre_self_billing_consent_set,
    settlement_invoice_submit,
    statement_invoice_figures,
    statement_lines,
)
from kivoucher.core.errors import Conflict, PermissionDenied
from kivoucher.core.models import AuditEvent
from kivoucher.core.roles import Role
from kivoucher.einvoices.intake import EinvoiceInvalid
from kivoucher.ledger.selectors import ledger_total_balance
from kivoucher.organizations.models import Organisation
from kivoucher.payments.models import Payout
from kivoucher.payments.services import payout_release
from tests.compute.factories import issue, make_data_centre, operator_of
from tests.e2e.openapi_check import CheckedApi
from tests.einvoices.builders import Invoice, Line, cii, ubl
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = Decimal
VAT_ID = "DE123456789"
# 2.38 EUR per GPU hour = 2.00 net + 19 % VAT: every line's net is exact.
PRICE = "2.38"


def _record(rid, voucher, quantity, *, resource="h100-80gb", days_ago=3):
    end = timezone.now().replace(microsecond=0) - timedelta(days=days_ago)
    return {
        "id": rid,
        "voucher": voucher.code,
        "resource": resource,
        "quantity": quantity,
        "start": (end - timedelta(hours=1)).isoformat(),
        "end": end.isoformat(),
    }


class Setting:
    """A data centre (VAT ID as on the invoices), two vouchers with usage three days
    ago, a statement of that day, approved by a second staff member."""

    def __init__(self, code="dc-inv", *, approve=True):
        self.dc = make_data_centre(code)
        Organisation.objects.filter(pk=self.dc.organisation_id).update(vat_id=VAT_ID)
        self.dc.organisation.refresh_from_db()
        price_list_publish(
            actor=None,
            data_centre=self.dc,
            valid_from=timezone.now() - timedelta(days=300),
            items=[{"resource": "h100-80gb", "unit": "gpu_hour", "price": PRICE}],
        )
        self.a = issue(self.dc, value=D("1000"))
        self.b = issue(self.dc, value=D("1000"))
        usage_ingest(
            data_centre=self.dc,
            records=[
                _record("r1", self.a, "4"),
                _record("r2", self.a, "6"),
                _record("r3", self.b, "2.5"),
            ],
        )
        self.operator = operator_of(self.dc)
        self.creator = UserFactory(role=Role.CASEWORKER)
        self.approver = UserFactory(role=Role.APPROVER)
        day = timezone.localdate() - timedelta(days=3)
        self.statement = statement_create(
            actor=self.creator, data_centre=self.dc, period_start=day, period_end=day
        )
        if approve:
            self.statement = statement_approve(actor=self.approver, statement=self.statement)

    def invoice(self, **changes) -> Invoice:
        """The invoice that matches the statement (one line per voucher)."""
        lines = [
            Line(str(n), line.voucher, line.resource, "GPU-Stunden H100", line.quantity,
                 (line.charged * 100 / 119).quantize(D("0.01")))
            for n, line in enumerate(statement_lines(self.statement), start=1)
        ]  # fmt: skip
        fields = {"number": "RZ-2026-001", "buyer_reference": self.statement.reference}
        return Invoice(**{**fields, "lines": lines, **changes})


def test_approval_prepares_no_payout_the_invoice_does():
    s = Setting()
    assert s.statement.status == "approved" and s.statement.payout is None
    assert s.statement.total == D("29.75")  # 12.5 h x 2.38
    assert s.statement.reference == f"KIV-ABR-{s.statement.pk:06d}"
    assert not Payout.objects.filter(origin=f"compute-statement:{s.statement.pk}").exists()

    invoice = settlement_invoice_submit(
        actor=s.operator, statement=s.statement, xml=ubl(s.invoice()), name="rz.xml"
    )
    statement = SettlementStatement.objects.get(pk=s.statement.pk)
    assert statement.status == "invoiced"
    payout = statement.payout
    assert (payout.amount, payout.beneficiary_id) == (D("29.75"), s.dc.organisation_id)
    assert payout.status == "prepared" and "RZ-2026-001" in payout.remittance
    # prepared in the name of the approver, who certified the statement: four eyes
    assert payout.prepared_by == s.approver
    with pytest.raises(PermissionDenied):
        payout_release(actor=s.approver, payout=payout)
    assert (invoice.payable, invoice.net, invoice.vat) == (D("29.75"), D("25.00"), D("4.75"))
    assert invoice.syntax == "UBL" and not invoice.self_billed
    assert invoice.einvoice_validation["is_xrechnung"] is True
    assert invoice.einvoice_validation["findings"][0]["rule_id"] == "BR-DE-TMP-32"
    assert invoice.original_name == "rz.xml" and invoice.size > 0
    assert organisation_files(s.dc.organisation) == [invoice]  # in its data export
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"compute.settlementinvoice.submit", "compute.settlementstatement.invoiced"} <= actions
    assert ledger_total_balance() == 0
    # once only
    with pytest.raises(Conflict):
        settlement_invoice_submit(actor=s.operator, statement=statement, xml=ubl(s.invoice()))


def test_a_cii_invoice_matches_too():
    s = Setting("dc-cii")
    invoice = settlement_invoice_submit(
        actor=s.operator, statement=s.statement, xml=cii(s.invoice())
    )
    assert invoice.syntax == "CII" and invoice.payable == s.statement.total


def _mismatch(s, invoice: Invoice, *, self_billed=False, actor=None) -> str:
    with translation.override("en"), pytest.raises(InvoiceMismatch) as exc:
        settlement_invoice_submit(
            actor=actor or s.operator,
            statement=s.statement,
            xml=ubl(invoice),
            self_billed=self_billed,
        )
    assert exc.value.code == "invoice_mismatch" and exc.value.status == 400
    assert not SettlementInvoice.objects.exists()
    assert SettlementStatement.objects.get(pk=s.statement.pk).status == "approved"
    return exc.value.message


def test_every_difference_is_listed():
    s = Setting("dc-diff")
    good = s.invoice()
    (line_a,) = [x for x in good.lines if x.accounting_reference == s.a.code]  # 10 h
    (line_b,) = [x for x in good.lines if x.accounting_reference == s.b.code]
    wrong = s.invoice(
        buyer_reference="04011000-12345-03",
        seller_vat_id="DE811569869",
        lines=[
            Line("1", line_a.accounting_reference, "h100-80gb", "GPU", D("9"), line_a.net_amount),
            Line("2", "KCV-UNKNOWN", "h100-80gb", "GPU", D("1"), D("2.00")),
        ],
    )
    message = _mismatch(s, wrong)
    assert message.startswith(f"The invoice does not match statement {s.statement.reference}")
    assert "Buyer reference (BT-10) is “04011000-12345-03”" in message
    assert "Seller VAT ID (BT-31) is DE811569869" in message
    assert wrong.payable == D("26.18")
    assert "Amount due (BT-115) is 26.18 EUR, the statement's total is 29.75 EUR" in message
    assert f"voucher {line_a.accounting_reference}, resource h100-80gb): quantity 9" in message
    assert "KCV-UNKNOWN" in message and "no charged records" in message
    assert f"No invoice line for voucher {line_b.accounting_reference}" in message


def test_a_line_whose_amount_differs_is_named():
    s = Setting("dc-amount")
    invoice = s.invoice()
    (line_a,) = [x for x in invoice.lines if x.accounting_reference == s.a.code]
    line_a.net_amount += D("1.00")
    invoice.payable_override = s.statement.total  # the total is right, the line is not
    invoice.rounding = s.statement.total - invoice.gross
    message = _mismatch(s, invoice)
    assert "net 21.00 EUR plus 19 % VAT is 24.99 EUR, the records charged 23.80 EUR" in message


def test_an_invoice_breaking_a_rule_is_refused_with_its_id_and_nothing_is_saved():
    s = Setting("dc-rule")
    broken = s.invoice(payable_override=D("29.75"), rounding=D("0"))
    broken.lines[0].net_amount += D("0.50")  # sums no longer add up: BR-CO-16 and more
    xml = ubl(broken).replace(
        b'<cbc:PayableAmount currencyID="EUR">', b'<cbc:PayableAmount currencyID="EUR">1', 1
    )
    with translation.override("en"), pytest.raises(EinvoiceInvalid) as exc:
        settlement_invoice_submit(actor=s.operator, statement=s.statement, xml=xml)
    assert exc.value.code == "einvoice_invalid" and exc.value.status == 400
    assert "BR-CO-16" in exc.value.message and "Der Zahlbetrag stimmt nicht" in exc.value.message
    assert not SettlementInvoice.objects.exists()
    assert SettlementStatement.objects.get(pk=s.statement.pk).payout is None


def test_who_may_invoice_and_when():
    s = Setting("dc-who", approve=False)
    xml = ubl(s.invoice())
    with pytest.raises(Conflict) as exc:  # a draft is not invoiced
        settlement_invoice_submit(actor=s.operator, statement=s.statement, xml=xml)
    assert exc.value.code == "invalid_transition"
    s.statement = statement_approve(actor=s.approver, statement=s.statement)
    other = operator_of(make_data_centre("dc-other"))
    for stranger in (other, s.approver, UserFactory(role=Role.CASEWORKER)):
        with pytest.raises(PermissionDenied):
            settlement_invoice_submit(actor=stranger, statement=s.statement, xml=xml)
    assert settlement_invoice_submit(actor=s.operator, statement=s.statement, xml=xml)


def test_self_billing_needs_the_data_centres_consent():
    s = Setting("dc-self")
    staff = UserFactory(role=Role.CASEWORKER)
    gutschrift = ubl(s.invoice(type_code="389", number="GS-2026-0001"))
    with pytest.raises(Conflict) as exc:
        settlement_invoice_submit(
            actor=staff, statement=s.statement, xml=gutschrift, self_billed=True
        )
    assert exc.value.code == "no_self_billing_consent"
    with pytest.raises(PermissionDenied):  # staff do not consent for the data centre
        data_centre_self_billing_consent_set(actor=staff, data_centre=s.dc, consent=True)
    dc = data_centre_self_billing_consent_set(actor=s.operator, data_centre=s.dc, consent=True)
    assert dc.self_billing_consent and dc.self_billing_consent_by == s.operator
    assert AuditEvent.objects.filter(
        action="compute.datacentre.self_billing_consent", new_state="consent"
    ).exists()
    s.statement.refresh_from_db()
    s.statement.data_centre.refresh_from_db()
    # a self-billing invoice is type 389, and only the programme issues one
    assert "Invoice type code (BT-3) is 380, expected 389" in _mismatch(
        s, s.invoice(), self_billed=True, actor=staff
    )
    with pytest.raises(PermissionDenied):
        settlement_invoice_submit(
            actor=s.operator, statement=s.statement, xml=gutschrift, self_billed=True
        )
    invoice = settlement_invoice_submit(
        actor=staff, statement=s.statement, xml=gutschrift, self_billed=True
    )
    assert invoice.self_billed and invoice.type_code == "389"
    assert invoice.original_name == f"gutschrift-{s.statement.reference}.xml"
    assert SettlementStatement.objects.get(pk=s.statement.pk).payout.amount == D("29.75")


def test_figures_for_an_invoice_writer_close_the_gap_with_a_rounding_amount():
    s = Setting("dc-fig")
    usage_ingest(data_centre=s.dc, records=[_record("r4", s.b, "0.3", days_ago=2)])
    day = timezone.localdate() - timedelta(days=2)
    statement = statement_approve(
        actor=s.approver,
        statement=statement_create(
            actor=s.creator, data_centre=s.dc, period_start=day, period_end=day
        ),
    )
    assert statement.total == D("0.71")  # 0.3 x 2.38 = 0.714
    figures = statement_invoice_figures(statement, vat_rate=D("19"))
    assert figures.payable == figures.gross + figures.rounding == D("0.71")
    lines = [
        Line("1", line.voucher, line.resource, "GPU", line.quantity, net)
        for line, net in figures.lines
    ]
    xml = ubl(
        Invoice(
            number="RZ-2", buyer_reference=statement.reference, lines=lines,
            rounding=figures.rounding,
        )
    )  # fmt: skip
    assert settlement_invoice_submit(actor=s.operator, statement=statement, xml=xml)


def _file(content: bytes, name="rechnung.xml"):
    f = io.BytesIO(content)
    f.name = name
    return f


def test_the_api_takes_the_invoice_and_the_consent(api_client_for):
    s = Setting("dc-api")
    api = CheckedApi(api_client_for(s.operator))
    sid = s.statement.pk
    shown = api.get("/api/v1/compute/statements").json()
    (statement,) = [x for x in shown if x["id"] == sid]
    assert statement["status"] == "approved" and statement["invoice"] is None
    assert statement["payout"] is None
    reference = statement["reference"]

    wrong = api.post_form(
        f"/api/v1/compute/statements/{sid}/invoice",
        {"invoice": _file(ubl(s.invoice(buyer_reference="X-1")))},
    )
    assert wrong.status_code == 400 and wrong.json()["code"] == "invoice_mismatch"
    not_xml = api.post_form(
        f"/api/v1/compute/statements/{sid}/invoice", {"invoice": _file(b"%PDF-1.4", "r.pdf")}
    )
    assert not_xml.status_code == 400

    done = api.post_form(
        f"/api/v1/compute/statements/{sid}/invoice",
        {"invoice": _file(ubl(s.invoice(buyer_reference=reference)))},
    )
    assert done.status_code == 201, done.content
    body = done.json()
    assert body["status"] == "invoiced" and body["payout"] is not None
    assert body["invoice"]["payable"] == "29.75" and body["invoice"]["number"] == "RZ-2026-001"
    assert body["invoice"]["einvoice_validation"]["is_xrechnung"] is True
    stored = api_client_for(s.approver).get(f"/api/v1/compute/statements/{sid}/invoice/file")
    assert b"".join(stored.streaming_content) == ubl(s.invoice(buyer_reference=reference))
    # the data centre sees the payout it is paid by (the id from the answer)
    assert api.get(f"/api/v1/payments/payouts/{body['payout']}").json()["amount"] == "29.75"

    consent = api.call(
        "PUT", f"/api/v1/compute/data-centres/{s.dc.code}/self-billing-consent", {"consent": True}
    )
    assert consent.status_code == 200 and consent.json()["self_billing_consent"] is True
    other = CheckedApi(api_client_for(operator_of(make_data_centre("dc-api-2"))))
    refused = other.call(
        "PUT", f"/api/v1/compute/data-centres/{s.dc.code}/self-billing-consent", {"consent": True}
    )
    assert refused.status_code == 404
    assert DataCentre.objects.get(pk=s.dc.pk).self_billing_consent


def test_the_statement_page_takes_the_invoice_and_shows_its_rule_check(client_for):
    s = Setting("dc-web")
    url = f"/compute/statements/{s.statement.pk}/"
    operator = client_for(s.operator)
    with translation.override("en"):
        page = operator.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert s.statement.reference in page and 'name="invoice"' in page
    # staff see the expected lines but no upload form
    staff_page = client_for(s.approver).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert s.a.code in staff_page and 'name="invoice"' not in staff_page
    assert client_for(s.approver).post(url, {"invoice": _file(b"<x/>")}).status_code == 403

    refused = operator.post(
        url,
        {"invoice": _file(ubl(s.invoice(payable_override=D("1.00"))))},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert refused.status_code == 200
    assert "BR-CO-16" in refused.content.decode()
    assert not SettlementInvoice.objects.exists()

    done = operator.post(url, {"invoice": _file(ubl(s.invoice()))}, HTTP_ACCEPT_LANGUAGE="en")
    assert done.status_code == 302
    page = client_for(s.approver).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "RZ-2026-001" in page and "E-invoice rules (EN 16931, XRechnung)" in page
    assert "BR-DE-TMP-32" in page  # the hint of the XRechnung rules, shown to staff
    assert client_for(s.approver).get(url + "invoice/").status_code == 200
    stranger = client_for(operator_of(make_data_centre("dc-web-2")))
    assert stranger.get(url + "invoice/").status_code == 404


def test_the_data_centre_gives_its_consent_on_its_page(client_for):
    s = Setting("dc-consent")
    operator = client_for(s.operator)
    page = operator.get(f"/compute/data-centres/{s.dc.code}/").content.decode()
    assert "self-billing-consent" in page
    response = operator.post(
        f"/compute/data-centres/{s.dc.code}/self-billing/", {"self-billing-consent": "on"}
    )
    assert response.status_code == 302
    assert DataCentre.objects.get(pk=s.dc.pk).self_billing_consent
    operator.post(f"/compute/data-centres/{s.dc.code}/self-billing/", {})
    assert not DataCentre.objects.get(pk=s.dc.pk).self_billing_consent
    staff = client_for(UserFactory(role=Role.CASEWORKER))
    assert (
        staff.post(
            f"/compute/data-centres/{s.dc.code}/self-billing/", {"self-billing-consent": "on"}
        ).status_code
        == 403
    )
    assert not DataCentre.objects.get(pk=s.dc.pk).self_billing_consent

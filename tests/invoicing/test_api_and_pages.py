"""Invoices through HTTP: a buyer orders and pays (staff confirm), then finds the
advance-payment invoice in the API (`GET /api/v1/presale/purchases/{id}/invoices`,
ids and links from the answers, every answer checked against /api/openapi.json) and on
the purchase page, and downloads both formats; nobody else sees them."""

import pytest
from django.utils import translation

from kivoucher.core.roles import Role
from kivoucher.invoicing.models import Invoice
from tests.e2e.openapi_check import CheckedApi
from tests.factories import UserFactory
from tests.invoicing.factories import buyer, invoiced_offer
from tests.presale.factories import make_staff

pytestmark = pytest.mark.django_db


def test_buyer_gets_the_invoice_of_its_payment_through_the_api(api_client_for):
    offer = invoiced_offer()
    org, user = buyer()
    buyer_api = CheckedApi(api_client_for(user))
    staff_api = CheckedApi(api_client_for(make_staff(Role.CASEWORKER)))
    order = buyer_api.call(
        "POST", f"/api/v1/presale/offers/{offer.code}/purchases", {"kind": "hours", "unit_hours": 2}
    )
    assert order.status_code == 201, order.content
    purchase_id = order.json()["id"]
    url = f"/api/v1/presale/purchases/{purchase_id}/invoices"
    assert buyer_api.call("GET", url).json() == []  # nothing paid, nothing invoiced
    paid = staff_api.call("POST", f"/api/v1/presale/purchases/{purchase_id}/confirm-payment", {})
    assert paid.status_code == 200, paid.content

    listed = buyer_api.call("GET", url)
    assert listed.status_code == 200
    (entry,) = listed.json()
    assert entry["kind"] == "advance" and entry["type_code"] == "386"
    assert (entry["gross"], entry["payable"]) == ("15000.00", "0.00")
    assert entry["number"].startswith("RE-") and entry["purchase"] == purchase_id
    # the links of the answer download the two formats
    raw = api_client_for(user)
    xml = raw.get(entry["xml_url"])
    assert xml.status_code == 200 and xml["Content-Type"] == "application/xml"
    stored = Invoice.objects.get(pk=entry["id"])
    assert xml.content == bytes(stored.xml)
    assert f'filename="{entry["number"]}.xml"' in xml["Content-Disposition"]
    pdf = raw.get(entry["pdf_url"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert buyer_api.call("GET", f"/api/v1/invoices/{entry['id']}").json() == entry

    # another buyer sees neither the purchase's invoices nor the invoice
    _other_org, other = buyer("Andere GmbH")
    other_api = CheckedApi(api_client_for(other))
    assert other_api.call("GET", url).status_code == 404
    assert other_api.call("GET", f"/api/v1/invoices/{entry['id']}").status_code == 404
    assert api_client_for(other).get(entry["xml_url"]).status_code == 404
    assert api_client_for(other).get(entry["pdf_url"]).status_code == 404
    # staff list the invoices per issuer; a buyer may not list them
    issuer_id = offer.operator.invoice_issuer.pk
    listed = staff_api.call("GET", f"/api/v1/invoices?issuer={issuer_id}").json()
    assert [i["number"] for i in listed] == [entry["number"]]
    assert staff_api.call("GET", f"/api/v1/invoices?issuer={issuer_id + 1000}").json() == []
    assert buyer_api.call("GET", "/api/v1/invoices").status_code == 404
    # the auditor reads them too
    auditor = CheckedApi(api_client_for(UserFactory(role=Role.AUDITOR)))
    assert auditor.call("GET", url).json() == [entry]


def test_purchase_page_lists_the_invoices_with_their_downloads(client_for):
    offer = invoiced_offer()
    from tests.invoicing.factories import paid_purchase

    purchase, _org, user = paid_purchase(offer, unit_hours=2)
    invoice = purchase.invoices.get()
    with translation.override("de"):
        page = client_for(user).get(f"/presale/purchases/{purchase.pk}/", HTTP_ACCEPT_LANGUAGE="de")
    assert page.status_code == 200
    body = page.content.decode()
    assert invoice.number in body
    assert f"/invoices/{invoice.pk}/pdf/" in body and f"/invoices/{invoice.pk}/xml/" in body
    download = client_for(user).get(f"/invoices/{invoice.pk}/xml/")
    assert download.status_code == 200 and download.content == bytes(invoice.xml)
    assert client_for(user).get(f"/invoices/{invoice.pk}/pdf/").content.startswith(b"%PDF-")
    assert client_for(user).get(f"/invoices/{invoice.pk}/").status_code == 200
    # a stranger: 404; staff: the list per issuer
    _org, stranger = buyer("Fremd AG")
    assert client_for(stranger).get(f"/invoices/{invoice.pk}/xml/").status_code == 404
    assert client_for(stranger).get("/invoices/").status_code == 404
    staff = client_for(make_staff(Role.CASEWORKER))
    listed = staff.get(f"/invoices/?issuer={invoice.issuer_id}")
    assert listed.status_code == 200 and invoice.number in listed.content.decode()


def test_invoice_lists_cost_the_same_queries_for_one_invoice_or_many(client_for, api_client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.invoicing.factories import paid_purchase

    offer = invoiced_offer()
    purchase, _org, user = paid_purchase(offer, unit_hours=2)
    staff = make_staff(Role.CASEWORKER)
    pages = {
        "staff page": (client_for(staff), "/invoices/"),
        "staff API": (api_client_for(staff), "/api/v1/invoices"),
        "purchase page": (client_for(user), f"/presale/purchases/{purchase.pk}/"),
        "purchase API": (api_client_for(user), f"/api/v1/presale/purchases/{purchase.pk}/invoices"),
    }

    def counts() -> dict:
        found = {}
        for name, (client, url) in pages.items():
            client.get(url)  # warm sessions and caches
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found[name] = len(queries)
        return found

    before = counts()
    for name in ("Zwei AG", "Drei AG", "Vier AG"):
        paid_purchase(offer, unit_hours=2, name=name)
    # the purchase gets its credit note too: two invoices on its page
    from kivoucher.invoicing.presale_invoices import purchase_credit_note

    purchase_credit_note(actor="system:test", purchase=purchase)
    assert counts() == before

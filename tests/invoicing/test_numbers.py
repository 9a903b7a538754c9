"""Invoice numbers: per issuer and year, sequential without gaps, also when a
transaction that took a number rolls back, and under concurrent issuing on
PostgreSQL (real threads, real row locks)."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import timezone

from kivoucher.invoicing.amounts import vat_from_gross
from kivoucher.invoicing.models import Invoice, InvoiceNumberRange
from kivoucher.invoicing.services import (
    LineDraft,
    bank_account,
    invoice_issue,
    invoice_number_take,
    issuer_party,
    organisation_party,
)
from kivoucher.presale.models import Purchase
from kivoucher.presale.services import purchase_confirm_payment, purchase_create
from tests.factories import OrganisationFactory
from tests.invoicing.factories import buyer, invoiced_offer, issuer_for, paid_purchase
from tests.presale.factories import make_staff


def _issue(issuer, recipient, *, day: date | None = None) -> Invoice:
    totals = vat_from_gross(Decimal("119.00"), Decimal("19"))
    return invoice_issue(
        actor="system:test",
        issuer=issuer,
        kind=Invoice.Kind.FINAL,
        seller=issuer.organisation,
        buyer=recipient,
        parties={
            "seller": issuer_party(issuer),
            "buyer": organisation_party(recipient),
            "payee_account": bank_account(issuer.organisation),
        },
        lines=[LineDraft(description="Rechenzeit", quantity=Decimal(1), net=totals.net)],
        totals=totals,
        vat_rate=Decimal("19"),
        buyer_reference="KIV-TEST",
        issue_date=day or timezone.localdate(),
        payment_terms="Zahlbar sofort.",
    )


@pytest.mark.django_db
def test_numbers_count_per_issuer_and_year():
    year = timezone.localdate().year
    offer = invoiced_offer(code="eins")
    other = invoiced_offer(code="zwei")
    first, _org, _user = paid_purchase(offer, name="A AG")
    second, _org, _user = paid_purchase(offer, name="B AG")
    elsewhere, _org, _user = paid_purchase(other, name="C AG")
    assert [p.invoices.get().number for p in (first, second, elsewhere)] == [
        f"RE-{year}-000001",
        f"RE-{year}-000002",
        f"RE-{year}-000001",
    ]
    issuer = offer.operator.invoice_issuer
    # a new year starts a new range
    invoice = _issue(issuer, first.buyer, day=date(year + 1, 1, 2))
    assert (invoice.number, invoice.sequence, invoice.year) == (
        f"RE-{year + 1}-000001",
        1,
        year + 1,
    )
    assert _issue(issuer, first.buyer).number == f"RE-{year}-000003"


@pytest.mark.django_db
def test_a_rolled_back_payment_confirmation_gives_its_invoice_number_back():
    year = timezone.localdate().year
    offer = invoiced_offer()
    org, user = buyer()
    purchase = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=2)

    class Crash(Exception):
        pass

    with pytest.raises(Crash), transaction.atomic():
        purchase_confirm_payment(actor=make_staff(), purchase=purchase)
        assert Invoice.objects.get(purchase=purchase).number == f"RE-{year}-000001"
        raise Crash
    assert not Invoice.objects.exists()
    assert Purchase.objects.get(pk=purchase.pk).status == Purchase.Status.PENDING
    confirmed = purchase_confirm_payment(actor=make_staff(), purchase=purchase)
    assert confirmed.invoices.get().number == f"RE-{year}-000001"


@pytest.mark.django_db
def test_the_number_is_taken_only_inside_the_invoice_transaction():
    issuer = issuer_for(OrganisationFactory())
    with transaction.atomic():
        assert invoice_number_take(issuer, 2030) == (1, "RE-2030-000001")
        assert invoice_number_take(issuer, 2030) == (2, "RE-2030-000002")
    assert InvoiceNumberRange.objects.get(issuer=issuer, year=2030).last == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_with_rollbacks_leaves_no_gap():
    issuer = issuer_for(OrganisationFactory(name="Betreiber GmbH"))
    recipient = OrganisationFactory(name="Käufer AG", street="Weg 1")
    threads_n, per_thread = 8, 6
    barrier = threading.Barrier(threads_n)
    errors, committed, rolled_back = [], [], []
    lock = threading.Lock()

    class Rollback(Exception):
        pass

    def worker(index: int):
        try:
            barrier.wait()
            for n in range(per_thread):
                try:
                    with transaction.atomic():
                        invoice = _issue(issuer, recipient)
                        if (index + n) % 3 == 0:  # every third transaction fails after numbering
                            raise Rollback(invoice.number)
                    with lock:
                        committed.append(invoice.number)
                except Rollback as taken:
                    with lock:
                        rolled_back.append(str(taken))
        except Exception as exc:  # noqa: BLE001 - collected and checked below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert rolled_back and committed
    year = timezone.localdate().year
    sequences = sorted(Invoice.objects.filter(issuer=issuer).values_list("sequence", flat=True))
    assert sequences == list(range(1, len(committed) + 1))  # no gap, no double
    assert sorted(committed) == [f"RE-{year}-{n:06d}" for n in sequences]
    assert InvoiceNumberRange.objects.get(issuer=issuer, year=year).last == len(committed)

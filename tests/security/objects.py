"""Sample objects for the authorisation matrix: `<thing>(org)` creates (once per test
and organisation) an object OWNED BY `org` through the lines' services and factories.

Where an organisation of that kind cannot own such a thing (a data centre has no
accreditation), the object belongs to a fresh organisation instead: for that
role it is a foreign object, and the matrix registers the role as refused.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from kivoucher.core.roles import Role
from kivoucher.organizations.models import Organisation

_CACHE: dict = {}


def reset() -> None:
    """Forget the objects of the previous test (its transaction is rolled back)."""
    _CACHE.clear()


def _once(name: str, org, make):
    key = (name, org.pk if org is not None else None)
    if key not in _CACHE:
        _CACHE[key] = make()
    return _CACHE[key]


def _fresh(kind) -> Organisation:
    from tests.factories import OrganisationFactory

    return OrganisationFactory(kind=kind)


# --- Line I: applications, vouchers, proofs, accreditations --------------------
def world():
    def make():
        from tests.applications.factories import make_world

        return make_world(budget=Decimal("10000000"))

    return _once("world", None, make)


def _line1_owner(org) -> Organisation:
    return org if org.kind == Organisation.Kind.COMPANY else _fresh(Organisation.Kind.COMPANY)


def world_call(org=None):
    return world().call


def application(org):
    """A submitted application of `org` (a company): its members and staff see it."""

    def make():
        from kivoucher.applications import services

        app = draft_application(org)
        return services.application_submit(actor=app.created_by, application=app)

    return _once("application", org, make)


def draft_application(org):
    """A draft application of `org` (a company): private to the company."""

    def make():
        from kivoucher.applications import services
        from tests.factories import member_of

        w = world()
        owner = _line1_owner(org)
        applicant = member_of(owner, role=Role.APPLICANT)
        today = timezone.localdate()
        return services.application_create(
            actor=applicant,
            organisation=owner,
            call=w.call,
            title="Sichtprüfung",
            description="Ein Prototyp zur automatischen Sichtprüfung von Drehteilen.",
            category=w.category,
            provider=w.provider,
            planned_costs=Decimal("40000.00"),
            planned_start=today + timedelta(days=30),
            planned_end=today + timedelta(days=200),
            sme_declared=True,
            not_in_difficulty=True,
            de_minimis_declared=True,
        )

    return _once("draft", org, make)


def declared_aid(org):
    """Earlier aid declared on the draft application of `org`."""

    def make():
        from kivoucher.applications import services

        app = draft_application(org)
        return services.declared_aid_add(
            actor=app.created_by,
            application=app,
            granting_body="Land Bayern",
            amount=Decimal("1000.00"),
            granted_on=timezone.localdate() - timedelta(days=100),
        )

    return _once("declared_aid", org, make)


def approved_application(org):
    """An approved application of `org` (a company) with its voucher."""

    def make():
        from kivoucher.applications import services

        w = world()
        app = application(org)
        services.application_review(
            actor=w.caseworker,
            application=app,
            checklist=dict.fromkeys(services.review.CHECKLIST, True),
            score=80,
            recommendation="approve",
        )
        app.refresh_from_db()
        return services.application_decide(actor=w.approver, application=app, approve=True)

    return _once("approved", org, make)


def voucher(org):
    return approved_application(org).voucher


def proof(org):
    def make():
        from kivoucher.core.uploads import upload_check
        from kivoucher.projects.services import proof_submit
        from tests.applications.factories import PDF_BYTES

        v = voucher(org)
        return proof_submit(
            actor=v.application.created_by,
            voucher=v,
            invoice=upload_check(PDF_BYTES, name="r.pdf"),
            report="Projekt abgeschlossen, Ergebnis im Einsatz.",
            amounts={
                "invoice_number": "R-1",
                "net": Decimal("20000.00"),
                "vat": Decimal("0.00"),
                "gross": Decimal("20000.00"),
            },
        )

    return _once("proof", org, make)


def instalment(org):
    """A requested instalment on `org`'s voucher with one stored invoice (made directly:
    the sample world's parties are on no real e-invoice)."""

    def make():
        from kivoucher.core.uploads import INVOICES, upload_check
        from kivoucher.projects.models import Instalment, InstalmentInvoice

        v = voucher(org)
        inst = Instalment.objects.create(
            voucher=v, number=1, requested_by=v.application.created_by, claimed_costs=100
        )
        invoice = InstalmentInvoice(
            instalment=inst, invoice_format="ubl", invoice_number="R-1", net=100, vat=0, gross=100
        )
        invoice.fill_from(
            upload_check(b"<?xml version='1.0'?><Invoice/>", allowed=INVOICES, name="r.xml"),
            folder=f"instalments/{v.pk}",
        )
        invoice.save()
        return inst

    return _once("instalment", org, make)


def instalment_invoice(org):
    return instalment(org).invoices.get()


def accreditation(org):
    """A pending accreditation of `org` (a provider or company)."""

    def make():
        from kivoucher.core.uploads import upload_check
        from kivoucher.providers.models import AccreditationCriterion
        from kivoucher.providers.services import accreditation_apply
        from tests.applications.factories import PDF_BYTES
        from tests.factories import member_of

        w = world()
        owner = (
            org
            if org.kind in (Organisation.Kind.PROVIDER, Organisation.Kind.COMPANY)
            else _fresh(Organisation.Kind.PROVIDER)
        )
        for i, text in enumerate(["AI expertise", "References"]):
            AccreditationCriterion.objects.get_or_create(
                programme=w.programme, code=f"crit-{i}", defaults={"text": text, "order": i}
            )
        return accreditation_apply(
            actor=member_of(owner, role=Role.PROVIDER),
            organisation=owner,
            programme=w.programme,
            answers={"crit-0": True, "crit-1": True},
            competences=["ml"],
            categories=[w.category],
            description="KI-Prototypen für KMU.",
            evidence=[upload_check(PDF_BYTES, name="referenzen.pdf")],
        )

    return _once("accreditation", org, make)


def evidence(org):
    return accreditation(org).evidence.order_by("pk").first()


def directory_entry(org):
    """The accredited provider of the line I world (public directory)."""
    from kivoucher.providers.models import Accreditation

    return Accreditation.objects.filter(organisation=world().provider).order_by("pk").first()


# --- Line II: data centres, compute vouchers, statements, reports --------------
def compute_call():
    def make():
        from tests.compute.factories import compute_call as make_call

        return make_call()

    return _once("compute_call", None, make)


def data_centre(org):
    """The data centre operated by `org` (a data-centre organisation)."""

    def make():
        from kivoucher.compute.models import DataCentre
        from kivoucher.compute.services.onboarding import data_centre_onboard
        from kivoucher.compute.services.pricing import price_list_publish
        from tests.compute.factories import PRICES

        owner = (
            org
            if org.kind == Organisation.Kind.DATA_CENTRE
            else _fresh(Organisation.Kind.DATA_CENTRE)
        )
        dc = data_centre_onboard(
            actor=None,
            organisation=owner,
            code=f"dc-{owner.pk}",
            location_city="Frankfurt am Main",
            location_country="DE",
            operator_name=owner.name,
            contact_email="ops@example.org",
        )
        DataCentre.objects.filter(pk=dc.pk).update(evidence_status=DataCentre.Evidence.VALID)
        dc.refresh_from_db()
        price_list_publish(
            actor=None,
            data_centre=dc,
            items=PRICES,
            valid_from=timezone.now() - timedelta(days=400),
        )
        return dc

    return _once("data_centre", org, make)


def _shared_data_centre():
    return _once("shared_dc", None, lambda: data_centre(_fresh(Organisation.Kind.DATA_CENTRE)))


def compute_voucher(org):
    """A compute voucher of `org`: for a data centre one redeemable there, else one it holds."""

    def make():
        from kivoucher.compute.services.vouchers import compute_voucher_issue

        if org.kind == Organisation.Kind.DATA_CENTRE:
            dc, holder = data_centre(org), _fresh(Organisation.Kind.COMPANY)
        else:
            dc, holder = _shared_data_centre(), org
        return compute_voucher_issue(
            actor=None,
            organisation=holder,
            data_centre=dc,
            call=compute_call(),
            value=Decimal("50000"),
        )

    return _once("compute_voucher", org, make)


def compute_application(org):
    def make():
        from kivoucher.compute.services.applications import compute_application_submit
        from tests.factories import member_of

        owner = org if org.kind == Organisation.Kind.COMPANY else _fresh(Organisation.Kind.COMPANY)
        today = timezone.localdate()
        return compute_application_submit(
            actor=member_of(owner, role=Role.APPLICANT),
            organisation=owner,
            call=compute_call(),
            data_centre=_shared_data_centre(),
            project_description="Training eines Sprachmodells für Wartungsberichte.",
            gpu_type="h100-80gb",
            gpu_hours=Decimal("1000"),
            storage_tb=Decimal("1"),
            period_start=today + timedelta(days=10),
            period_end=today + timedelta(days=100),
            not_in_difficulty=True,
        )

    return _once("compute_application", org, make)


def statement(org):
    """A settlement statement of `org`'s data centre (last month)."""

    def make():
        from kivoucher.compute.services.settlement import statement_create

        today = timezone.localdate()
        return statement_create(
            actor=None,
            data_centre=data_centre(org),
            period_start=today - timedelta(days=40),
            period_end=today - timedelta(days=10),
        )

    return _once("statement", org, make)


def invoiced_statement(org):
    """An approved statement of `org`'s data centre with the data centre's XRechnung."""

    def make():
        from kivoucher.compute.services.ingest import usage_ingest
        from kivoucher.compute.services.settlement import statement_approve, statement_create
        from kivoucher.compute.services.settlement_invoices import settlement_invoice_submit
        from tests.compute.factories import issue, statement_xrechnung
        from tests.factories import UserFactory, member_of

        dc = data_centre(org)
        end = timezone.now().replace(microsecond=0) - timedelta(days=5)
        record = {
            "id": f"invoiced-{dc.pk}",
            "voucher": issue(dc, value=Decimal("100")).code,
            "resource": "h100-80gb",
            "quantity": "2",
            "start": (end - timedelta(hours=1)).isoformat(),
            "end": end.isoformat(),
        }
        usage_ingest(data_centre=dc, records=[record])
        day = timezone.localtime(end).date()
        statement = statement_approve(
            actor=UserFactory(role=Role.APPROVER),
            statement=statement_create(
                actor=None, data_centre=dc, period_start=day, period_end=day
            ),
        )
        settlement_invoice_submit(
            actor=member_of(dc.organisation, role=Role.DC_OPERATOR),
            statement=statement,
            xml=statement_xrechnung(statement),
        )
        return statement

    return _once("invoiced_statement", org, make)


def final_report(org):
    def make():
        from kivoucher.compute.services.reports import final_report_open

        return final_report_open(voucher=compute_voucher(org))

    return _once("final_report", org, make)


def hold(org):
    def make():
        from kivoucher.compute.services.holds import compute_hold_create

        v = compute_voucher(org)
        return compute_hold_create(
            actor=None,
            data_centre=v.data_centre,
            voucher=v,
            hold_id=f"hold-{org.pk}",
            amount=Decimal("10.00"),
        )

    return _once("hold", org, make)


# --- Line III: offers, purchases, slot requests, slots -------------------------
def offer(org=None):
    def make():
        from tests.presale.factories import make_offer

        return make_offer(code="matrix-cluster")

    return _once("offer", None, make)


def purchase(org):
    def make():
        from kivoucher.presale.services import purchase_create
        from tests.factories import member_of

        owner = org if org.kind == Organisation.Kind.COMPANY else _fresh(Organisation.Kind.COMPANY)
        return purchase_create(
            actor=member_of(owner, role=Role.BUYER),
            offer=offer(),
            buyer=owner,
            kind="hours",
            unit_hours=10,
        )

    return _once("purchase", org, make)


def slot_request(org):
    def make():
        from kivoucher.presale.models import SlotRequest

        p = purchase(org)
        # Each request gets its own week: slots never overlap (PostgreSQL excludes that).
        start = timezone.now() + timedelta(days=40 + 7 * SlotRequest.objects.count())
        return SlotRequest.objects.create(
            purchase=p,
            created_by=p.created_by,
            earliest_start=start,
            latest_end=start + timedelta(days=10),
            block_hours=4,
        )

    return _once("slot_request", org, make)


def slot(org):
    def make():
        from kivoucher.presale.models import Slot

        r = slot_request(org)
        return Slot.objects.create(
            offer=r.purchase.offer,
            request=r,
            purchase=r.purchase,
            partition=0,
            start=r.earliest_start,
            end=r.earliest_start + timedelta(hours=4),
        )

    return _once("slot", org, make)


def calendar_token(org):
    from kivoucher.presale.exports import feed_token
    from kivoucher.presale.services import calendar_feed_get_or_create

    return feed_token(calendar_feed_get_or_create(actor=None, organisation=org))

"""A line I world for tests: programme, call, company, accredited provider, staff."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from kivoucher.applications import services
from kivoucher.applications.models import Application
from kivoucher.core.roles import Role
from kivoucher.core.uploads import upload_check
from kivoucher.organizations.models import Organisation
from kivoucher.programmes.models import Call, Programme
from kivoucher.providers.models import AccreditationCriterion
from kivoucher.providers.services import accreditation_apply, accreditation_decide
from tests.factories import (
    OrganisationFactory,
    ProgrammeFactory,
    ProjectCategoryFactory,
    UserFactory,
    make_call,
    member_of,
)

# The smallest well-formed PDF (magic bytes are what counts).
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def accredit(*, provider: Organisation, programme: Programme, actor, admin, cap=None):
    for i, text in enumerate(["AI expertise", "References"]):
        AccreditationCriterion.objects.get_or_create(
            programme=programme, code=f"crit-{i}", defaults={"text": text, "order": i}
        )
    acc = accreditation_apply(
        actor=actor,
        organisation=provider,
        programme=programme,
        answers={"crit-0": True, "crit-1": True},
        competences=["ml", "nlp"],
        categories=list(programme.categories.all()[:1]),
        description="We build AI prototypes for SMEs.",
        evidence=[upload_check(PDF_BYTES, name="referenzen.pdf")],
    )
    return accreditation_decide(
        actor=admin, accreditation=acc, approve=True, reason="ok", annual_cap=cap
    )


@dataclass
class World:
    programme: Programme
    call: Call
    category: object
    company: Organisation
    provider: Organisation
    applicant: object
    provider_user: object
    caseworker: object
    approver: object
    admin: object

    def draft(self, **overrides) -> Application:
        today = timezone.localdate()
        fields = dict(
            title="Qualitätsprüfung mit Bildverarbeitung",
            description="Wir bauen einen Prototyp zur automatischen Sichtprüfung von Drehteilen.",
            category=self.category,
            provider=self.provider,
            planned_costs=Decimal("40000.00"),
            planned_start=today + timedelta(days=30),
            planned_end=today + timedelta(days=200),
            sme_declared=True,
            not_in_difficulty=True,
            de_minimis_declared=True,
        )
        fields.update(overrides)
        return services.application_create(
            actor=self.applicant, organisation=self.company, call=self.call, **fields
        )

    def submitted(self, **overrides) -> Application:
        app = self.draft(**overrides)
        return services.application_submit(actor=self.applicant, application=app)

    def reviewed(self, score=80, **overrides) -> Application:
        app = self.submitted(**overrides)
        services.application_review(
            actor=self.caseworker,
            application=app,
            checklist=dict.fromkeys(services.review.CHECKLIST, True),
            score=score,
            recommendation="approve",
        )
        app.refresh_from_db()
        return app

    def approved(self, **overrides) -> Application:
        app = self.reviewed(**overrides)
        return services.application_decide(actor=self.approver, application=app, approve=True)


def make_world(
    *,
    budget=Decimal("200000"),
    selection=Call.Selection.FCFS,
    payout_mode="company",
    company_kwargs=None,
) -> World:
    programme = ProgrammeFactory(payout_mode=payout_mode)
    if programme.payout_mode != payout_mode:
        programme.payout_mode = payout_mode
        programme.save(update_fields=["payout_mode"])
    category = ProjectCategoryFactory(programme=programme)
    admin = UserFactory(role=Role.PROGRAMME_ADMIN)
    call = make_call(programme=programme, budget=budget, selection=selection, actor=admin)
    company = OrganisationFactory(
        vat_id="DE136695976", email="firma@example.org", **(company_kwargs or {})
    )
    provider = OrganisationFactory(
        kind=Organisation.Kind.PROVIDER,
        name="NeuroForge AI GmbH",
        vat_id="DE811569869",
        federal_state="BE",
        city="Berlin",
        iban="DE02120300000000202051",
        bic="BYLADEM1001",
    )
    provider_user = member_of(provider, role=Role.PROVIDER)
    accredit(provider=provider, programme=programme, actor=provider_user, admin=admin)
    return World(
        programme=programme,
        call=call,
        category=category,
        company=company,
        provider=provider,
        applicant=member_of(company, role=Role.APPLICANT),
        provider_user=provider_user,
        caseworker=UserFactory(role=Role.CASEWORKER),
        approver=UserFactory(role=Role.APPROVER),
        admin=admin,
    )


def past(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)

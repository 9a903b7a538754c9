"""Line I rules found in issue 21: the provider must be an accredited one, 'none' is no
declared tie, a recommendation to approve needs the checklist, and a refusal is known
before a form is offered."""

import pytest
from django.utils.translation import gettext, override

from kivoucher.applications import services
from kivoucher.applications.eligibility import application_check, ties_declared
from kivoucher.applications.models import Application
from kivoucher.applications.services.review import CHECKLIST
from kivoucher.core.errors import DomainError
from kivoucher.core.roles import Role
from kivoucher.providers.services import accreditation_revoke
from tests.applications.factories import make_world
from tests.factories import OrganisationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db


def test_a_draft_refuses_a_provider_that_is_not_accredited():
    w = make_world()
    for provider in (OrganisationFactory(kind="provider"), w.company):
        with pytest.raises(DomainError) as exc:
            w.draft(provider=provider)
        assert exc.value.code == "invalid_provider" and exc.value.status == 422
        assert provider.name in exc.value.message
    assert not Application.objects.exists()
    app = w.draft()
    with pytest.raises(DomainError):
        services.application_update(
            actor=w.applicant, application=app, provider=OrganisationFactory(kind="provider")
        )
    app.refresh_from_db()
    assert app.provider == w.provider


def test_an_accreditation_revoked_after_the_draft_stops_the_submission():
    w = make_world()
    app = w.draft()
    accreditation_revoke(
        actor=w.admin, accreditation=w.provider.accreditations.get(), reason="Auflagen"
    )
    with pytest.raises(DomainError) as exc:
        services.application_submit(actor=w.applicant, application=app)
    assert exc.value.code == "not_eligible"


@pytest.mark.parametrize(
    "answer", ["Keine", " keine. ", "nein", "None", "-", "n/a", "–", "Entfällt", "keine vorhanden"]
)
def test_a_none_like_answer_is_no_declared_tie(answer):
    assert not ties_declared(answer)
    w = make_world()
    app = w.draft(declared_ties=answer)
    assert app.declared_ties == ""  # stored as what it means: no ties
    rule = next(
        r for r in application_check(application=app).rules if r.code == "provider_independent"
    )
    assert rule.passed, rule.explanation
    assert services.application_submit(actor=w.applicant, application=app).status == "submitted"


def test_a_described_tie_still_counts():
    assert ties_declared("Der Geschäftsführer ist Gesellschafter des Anbieters.")
    w = make_world()
    app = w.draft(declared_ties="Keine Verflechtung außer einem Rahmenvertrag.")
    check = application_check(application=app)
    rule = next(r for r in check.rules if r.code == "provider_independent")
    assert not rule.passed and rule.figures["reasons"] == ["declared"]


def test_a_recommendation_to_approve_needs_every_checklist_item():
    w = make_world()
    app = w.submitted()
    checklist = dict.fromkeys(CHECKLIST, True) | {"costs_plausible": False}
    with pytest.raises(DomainError) as exc:
        services.application_review(
            actor=w.caseworker,
            application=app,
            checklist=checklist,
            score=80,
            recommendation="approve",
            comment="passt schon",
        )
    assert exc.value.code == "checklist_not_satisfied"
    assert gettext(CHECKLIST["costs_plausible"]) in exc.value.message
    app.refresh_from_db()
    assert app.status == Application.Status.SUBMITTED and not app.reviews.exists()
    # an unticked item can lead to a recommendation to reject, with reasons
    services.application_review(
        actor=w.caseworker,
        application=app,
        checklist=checklist,
        score=30,
        recommendation="reject",
        comment="Kosten nicht plausibel.",
    )
    app.refresh_from_db()
    assert app.status == Application.Status.REVIEWED


@override("en")
def test_the_decide_refusal_is_the_rule_the_decision_applies():
    w = make_world()
    app = w.reviewed()
    colleague = member_of(w.company, role=Role.APPROVER)
    refusal = services.application_decide_refusal
    assert "Only approvers" in refusal(actor=w.caseworker, application=app)
    assert "own organisation" in refusal(actor=colleague, application=app)
    assert refusal(actor=w.approver, application=app) is None
    assert "reviewed" in refusal(actor=w.approver, application=w.submitted())
    # self-approval: the programme admin who reviewed may not decide
    own = w.submitted()
    services.application_review(
        actor=w.admin,
        application=own,
        checklist=dict.fromkeys(CHECKLIST, True),
        score=90,
        recommendation="approve",
    )
    assert "Four-eyes" in refusal(actor=w.admin, application=own)
    assert refusal(actor=UserFactory(role=Role.APPROVER), application=own) is None
    # and the decision refuses the same with the same words
    with pytest.raises(DomainError) as exc:
        services.application_decide(actor=colleague, application=app, approve=True)
    assert exc.value.message == refusal(actor=colleague, application=app)

"""The workflow kernel: one transition function and one separation-of-duties policy."""

import pytest

from kivoucher.core.audit import audit_history
from kivoucher.core.errors import Conflict, PermissionDenied
from kivoucher.core.roles import Role
from kivoucher.core.workflow import (
    FourEyesViolation,
    separation_of_duties_check,
    transition,
)
from kivoucher.presale.models import Offer
from tests.factories import OrganisationFactory, UserFactory, member_of
from tests.presale.factories import make_offer

pytestmark = pytest.mark.django_db


def test_transition_follows_the_table_saves_and_audits():
    offer = make_offer(publish=False)
    admin = UserFactory(role=Role.PROGRAMME_ADMIN)
    result = transition(offer, Offer.Status.OPEN, actor=admin, reason="ready", data={"n": 1})
    assert result.status == offer.status == Offer.Status.OPEN
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.OPEN
    event = audit_history(offer).last()
    assert event.action == "presale.offer.open"
    assert (event.old_state, event.new_state, event.reason) == ("draft", "open", "ready")
    assert event.actor == admin and event.data == {"n": 1}


def test_transition_outside_the_table_is_refused_and_changes_nothing():
    offer = make_offer(publish=False)
    events = audit_history(offer).count()
    with pytest.raises(Conflict) as exc:
        transition(offer, Offer.Status.CLOSED, actor=None)
    assert exc.value.code == "invalid_transition"
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.DRAFT
    assert offer.status == Offer.Status.DRAFT
    assert audit_history(offer).count() == events


def test_transition_reads_the_status_from_the_database_not_the_instance():
    offer = make_offer(publish=False)
    stale = Offer.objects.get(pk=offer.pk)
    transition(offer, Offer.Status.OPEN, actor=None)
    with pytest.raises(Conflict):  # draft -> open again: the row is open already
        transition(stale, Offer.Status.OPEN, actor=None)


def test_transition_saves_the_given_fields_only():
    offer = make_offer(publish=False)
    offer.title = "changed in memory only"
    transition(offer, Offer.Status.OPEN, actor=None, fields={"description": "Neu"})
    row = Offer.objects.get(pk=offer.pk)
    assert row.description == "Neu"
    assert row.title != "changed in memory only"


def test_separation_of_duties():
    company = OrganisationFactory()
    approver = UserFactory(role=Role.APPROVER)
    reviewer = UserFactory(role=Role.CASEWORKER)
    deciders = {Role.APPROVER, Role.PROGRAMME_ADMIN}
    separation_of_duties_check(
        actor=approver, deciders=deciders, prepared_by=[reviewer], organisation_id=company.pk
    )
    with pytest.raises(PermissionDenied) as exc:  # wrong role
        separation_of_duties_check(actor=reviewer, deciders=deciders)
    assert exc.value.code == "forbidden"
    with pytest.raises(FourEyesViolation):  # prepared it (as object or as id)
        separation_of_duties_check(actor=approver, deciders=deciders, prepared_by=[approver.pk])
    colleague = member_of(company, role=Role.APPROVER)
    with pytest.raises(FourEyesViolation):  # a member of the organisation it is for
        separation_of_duties_check(
            actor=colleague, deciders=deciders, prepared_by=[reviewer], organisation_id=company.pk
        )


def test_the_refusal_names_the_object_as_the_model_spells_it():
    """Found by trying the API: "Antrag auf compute-voucher" (str.capitalize lowered
    the rest of the model's name)."""
    from django.utils import translation

    from kivoucher.compute.models import ComputeApplication

    application = ComputeApplication(status=ComputeApplication.Status.APPROVED)
    with translation.override("de"):
        name = str(ComputeApplication._meta.verbose_name)
        with pytest.raises(Conflict) as exc:
            transition(application, ComputeApplication.Status.REVIEWED, actor=None, locked=True)
    assert name != name.lower()  # the name has capitals inside to keep
    assert exc.value.message.startswith(name[:1].upper() + name[1:] + " ")


def test_an_idempotent_transition_to_the_state_the_row_has_changes_nothing():
    offer = make_offer(publish=False)
    stale = Offer.objects.get(pk=offer.pk)
    transition(offer, Offer.Status.OPEN, actor=None)
    events = audit_history(offer).count()
    assert transition(stale, Offer.Status.OPEN, actor=None, idempotent=True).status == "open"
    assert stale.status == Offer.Status.OPEN and audit_history(offer).count() == events
    with pytest.raises(Conflict):  # not a licence for changes outside the table
        transition(stale, Offer.Status.CLOSED, actor=None, idempotent=True)

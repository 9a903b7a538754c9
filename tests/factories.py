"""factory_boy factories of the foundation. Domains add theirs in tests/<domain>/factories.py."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from kivoucher.core.models import User
from kivoucher.core.roles import Role
from kivoucher.organizations.models import Membership, Organisation
from kivoucher.programmes.models import Call, Line, Programme, ProjectCategory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.APPLICANT
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "pw")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Firma {n} GmbH")
    kind = Organisation.Kind.COMPANY
    legal_form = "GmbH"
    register_court = "Amtsgericht München"
    register_number = factory.Sequence(lambda n: f"HRB {10000 + n}")
    city = "München"
    postcode = "80331"
    federal_state = "BY"
    sector = "C28"
    employees = 40
    annual_turnover = Decimal("5000000")
    balance_sheet_total = Decimal("3000000")
    iban = "DE89370400440532013000"
    bic = "COBADEFFXXX"
    account_holder = factory.LazyAttribute(lambda o: o.name)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("code",)

    code = "ki-voucher"
    line = Line.PROJECT
    name = "KI-Voucher"


class ProjectCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectCategory

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"cat-{n}")
    name = factory.Sequence(lambda n: f"Kategorie {n}")


def make_call(
    *,
    programme=None,
    budget=Decimal("100000"),
    selection=Call.Selection.FCFS,
    name="Testaufruf",
    actor=None,
) -> Call:
    """A call opened yesterday for 30 days, with its budget funded through the ledger."""
    from kivoucher.programmes.services import call_create

    now = timezone.now()
    return call_create(
        actor=actor,
        programme=programme or ProgrammeFactory(),
        name=name,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        budget=budget,
        selection=selection,
    )


def member_of(organisation: Organisation, *, role: str = Role.APPLICANT, **kwargs) -> User:
    user = UserFactory(role=role, **kwargs)
    Membership.objects.create(user=user, organisation=organisation)
    return user

"""A small world for the payout tests: a funded programme account, beneficiaries with
bank details and members, and programme staff in every role."""

from dataclasses import dataclass, field
from decimal import Decimal

from kivoucher.core.roles import Role
from kivoucher.ledger.models import Account
from kivoucher.ledger.services import account_get_or_create, transfer_create
from kivoucher.payments.models import Payout
from kivoucher.payments.services import payout_create
from tests.factories import OrganisationFactory, UserFactory, member_of

IBANS = ["DE89370400440532013000", "DE02120300000000202051", "DE02500105170137075030"]


@dataclass
class PayoutWorld:
    source: Account
    orgs: list
    caseworker: object
    approver: object
    second_approver: object
    admin: object
    auditor: object
    members: list = field(default_factory=list)

    def payout(self, n: int, *, amount="100.00", org: int = 0, actor="caseworker") -> Payout:
        who = getattr(self, actor) if isinstance(actor, str) else actor
        return payout_create(
            actor=who,
            key=f"test:{n}",
            origin=f"test:{n}",
            beneficiary=self.orgs[org],
            amount=Decimal(amount),
            source_account=self.source,
            remittance=f"KI-Voucher Test {n}",
        )


def payout_world() -> PayoutWorld:
    world = account_get_or_create(code="world", name="World", floor=None)
    source = account_get_or_create(code="grants", name="Grants")
    transfer_create(
        key="fund", source=world, destination=source, amount=Decimal("100000"), kind="fund"
    )
    orgs = [
        OrganisationFactory(name=f"Empfänger {i} GmbH", iban=iban, bic="")
        for i, iban in enumerate(IBANS)
    ]
    return PayoutWorld(
        source=source,
        orgs=orgs,
        caseworker=UserFactory(role=Role.CASEWORKER),
        approver=UserFactory(role=Role.APPROVER),
        second_approver=UserFactory(role=Role.APPROVER),
        admin=UserFactory(role=Role.PROGRAMME_ADMIN),
        auditor=UserFactory(role=Role.AUDITOR),
        members=[member_of(org, role=Role.APPLICANT) for org in orgs],
    )

import pytest

from kivoucher.core.roles import Role
from tests.factories import OrganisationFactory, member_of
from tests.webhooks.receiver import receiver_start


@pytest.fixture
def receiver():
    receiver, server = receiver_start()
    yield receiver
    server.shutdown()
    server.server_close()


@pytest.fixture
def company(db):
    return OrganisationFactory(email="info@firma.example")


@pytest.fixture
def member(company):
    return member_of(company, role=Role.APPLICANT)


@pytest.fixture
def endpoint_of(member):
    """endpoint_of(url, events=[...]) -> (endpoint, secret) of the member's company."""
    from kivoucher.webhooks.services import endpoint_create

    def make(url, events=("voucher.issued",), organisation=None, actor=None):
        org = organisation or member.memberships.get().organisation
        return endpoint_create(
            actor=actor if organisation else member,
            organisation=org,
            url=url,
            events=list(events),
        )

    return make

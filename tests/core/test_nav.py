"""The main navigation: each domain contributes its links from its own home.py."""

import pytest

from kivoucher.core.home import nav_items
from kivoucher.core.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _urls(user) -> list[str]:
    return [item.url for item in nav_items(user)]


def test_applicant_navigation_in_order():
    assert _urls(UserFactory(role=Role.APPLICANT)) == [
        "/organisation/",
        "/applications/",
        "/vouchers/",
        "/compute/",
        "/account/data/",
        "/account/tokens/",
        "/account/",
    ]


@pytest.mark.parametrize(
    ("role", "present", "absent"),
    [
        (
            Role.PROVIDER,
            ["/vouchers/", "/providers/accreditation/"],
            ["/applications/", "/compute/"],
        ),
        (Role.BUYER, ["/presale/my/"], ["/vouchers/", "/compute/"]),
        (
            Role.CASEWORKER,
            ["/applications/queue/", "/proofs/", "/providers/accreditations/", "/reporting/"],
            ["/vouchers/"],
        ),
        (Role.AUDITOR, ["/reporting/", "/compute/"], ["/organisation/"]),
    ],
)
def test_each_role_sees_its_links(role, present, absent):
    urls = _urls(UserFactory(role=role))
    for url in present:
        assert any(u.startswith(url) for u in urls), (url, urls)
    for url in absent:
        assert not any(u.startswith(url) for u in urls), (url, urls)


def test_the_page_shows_the_navigation(client_for):
    client = client_for(UserFactory(role=Role.BUYER))
    page = client.get("/home/").content.decode()
    assert 'href="/presale/my/"' in page and 'href="/applications/"' not in page

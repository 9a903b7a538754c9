"""Two owners demoting each other, two people registering one company, at the same
time: an organisation keeps an owner and a company is registered once (PostgreSQL,
real threads)."""

import threading

import pytest
from django.db import connection

from kivoucher.core.errors import PermissionDenied
from kivoucher.organizations.members import LastOwner, membership_role_change
from kivoucher.organizations.models import Membership, Organisation
from kivoucher.organizations.registration import OrganisationExists, organisation_register
from tests.factories import OrganisationFactory, UserFactory, member_of
from tests.organizations.test_registration import company

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run(workers) -> tuple[list, list]:
    results, errors = [], []
    barrier = threading.Barrier(len(workers))

    def run(work):
        try:
            barrier.wait()
            results.append(work())
        except Exception as exc:  # noqa: BLE001 - collected for the assertions
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(work,)) for work in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_two_owners_demoting_each_other_leave_one_owner():
    org = OrganisationFactory()
    a, b = member_of(org), member_of(org)
    ma, mb = (Membership.objects.get(user=u) for u in (a, b))
    results, errors = _run(
        [
            lambda: membership_role_change(actor=a, membership=mb, role="member"),
            lambda: membership_role_change(actor=b, membership=ma, role="member"),
        ]
    )
    assert len(results) == 1 and len(errors) == 1
    # the second sees itself demoted already (403), or the other as the last owner (409)
    assert isinstance(errors[0], PermissionDenied | LastOwner)
    assert Membership.objects.filter(organisation=org, role="owner").count() == 1


def test_one_company_registered_twice_at_once_is_registered_once():
    people = [UserFactory(), UserFactory()]
    results, errors = _run(
        [lambda p=p: organisation_register(actor=p, **company()) for p in people]
    )
    assert len(results) == 1
    assert [type(e) for e in errors] == [OrganisationExists]
    assert Organisation.objects.count() == 1

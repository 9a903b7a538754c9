"""Every line I page renders for the roles that use it, on the demo data; lists pin
their query counts (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kivoucher.applications.models import Application, Voucher
from kivoucher.core.management.commands.demo import load_demo
from kivoucher.projects.models import ProofOfUse
from kivoucher.providers.models import Accreditation

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return load_demo()


def test_demo_holds_every_state_of_line_one(demo):
    states = set(Application.objects.values_list("status", flat=True))
    assert states == set(Application.Status.values)
    assert set(Voucher.objects.values_list("status", flat=True)) == set(Voucher.Status.values)
    assert set(ProofOfUse.objects.values_list("status", flat=True)) == set(ProofOfUse.Status.values)
    assert set(Accreditation.objects.values_list("status", flat=True)) >= {
        "submitted",
        "accredited",
        "revoked",
    }
    assert Application.objects.filter(selection="selected").exists()


def test_pages_render_for_each_role(demo, client_for, client):
    app = Application.objects.filter(status="approved").first()
    info = Application.objects.get(status="info_requested")
    reviewed = Application.objects.filter(status="reviewed").first()
    voucher = Voucher.objects.filter(status="active").first()
    proof = ProofOfUse.objects.filter(status="submitted").first()
    acc = Accreditation.objects.filter(status="submitted").first()
    pages = {
        "applicant": [
            "/home/",
            "/applications/",
            "/applications/new/",
            f"/applications/{app.pk}/",
            f"/applications/{info.pk}/",
            f"/applications/{info.pk}/edit/",
            "/vouchers/",
            f"/vouchers/{voucher.code}/",
            f"/vouchers/{voucher.code}/proof/",
        ],
        "provider": [
            "/home/",
            "/vouchers/",
            f"/vouchers/{voucher.code}/",
            "/providers/accreditation/",
        ],
        "caseworker": [
            "/home/",
            "/applications/queue/",
            "/applications/queue/?status=reviewed&sort=score&mine=1",
            f"/applications/{info.pk}/",
            f"/applications/{reviewed.pk}/",
            "/proofs/",
            f"/proofs/{proof.pk}/",
            "/providers/accreditations/",
        ],
        "approver": ["/home/", f"/applications/{reviewed.pk}/decide/"],
        "admin": [
            "/home/",
            f"/providers/accreditations/{acc.pk}/",
            f"/calls/{demo['call_lottery'].pk}/selection/",
            f"/calls/{demo['call_ranking'].pk}/selection/",
            "/admin/applications/application/",
        ],
        "auditor": ["/applications/queue/", f"/applications/{app.pk}/", "/proofs/"],
    }
    for username, urls in pages.items():
        web = client_for(demo[username])
        for url in urls:
            response = web.get(url)
            assert response.status_code == 200, (username, url, response.status_code)
    for url in ["/providers/", f"/verify/{voucher.code}"]:
        assert client.get(url).status_code == 200


def test_foreign_objects_are_not_found(demo, client_for, user_factory):
    from tests.factories import OrganisationFactory, member_of

    stranger = member_of(OrganisationFactory())
    web = client_for(stranger)
    app = Application.objects.filter(status="approved").first()
    voucher = app.voucher
    for url in [
        f"/applications/{app.pk}/",
        f"/applications/{app.pk}/letter.pdf",
        f"/vouchers/{voucher.code}/",
        f"/vouchers/{voucher.code}/certificate.pdf",
        f"/proofs/{ProofOfUse.objects.first().pk}/invoice",
        "/applications/queue/",
    ]:
        assert web.get(url).status_code == 404, url
    assert web.get(f"/api/v1/applications/{app.pk}").status_code == 404


@pytest.mark.parametrize(
    ("username", "url", "limit"),
    [
        ("caseworker", "/applications/queue/", 12),
        ("applicant", "/applications/", 10),
        ("applicant", "/vouchers/", 10),
        ("caseworker", "/proofs/?status=", 10),
        (None, "/providers/", 10),
        ("caseworker", "/api/v1/applications/queue", 8),
        ("applicant", "/api/v1/applications/vouchers", 8),
        # + 3: may a proof of use be submitted (holder, the service's check, proofs)?
        # + 4 (issue 16): the change requests and may the company ask for one; the
        # instalments: may one be requested (the voucher with its proofs and payouts)
        ("applicant", "/vouchers/{voucher}/", 13),
        ("applicant", "/api/v1/applications/vouchers/{voucher}", 3),
        # + 1: a pending change of the organisation's bank details; + 1: recovery cases
        ("applicant", "/home/", 10),
    ],
)
def test_list_query_counts_are_pinned(demo, client_for, client, username, url, limit):
    web = client_for(demo[username]) if username else client
    url = url.format(voucher=Voucher.objects.filter(status="active").first().code)
    web.get(url)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as queries:
        assert web.get(url).status_code == 200
    assert len(queries) <= limit, [q["sql"][:120] for q in queries]

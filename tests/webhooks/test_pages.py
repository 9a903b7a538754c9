"""The organisation's webhook pages."""

from kivoucher.core.roles import Role
from kivoucher.webhooks.models import Delivery, Endpoint
from kivoucher.webhooks.services import endpoint_create, endpoint_test
from tests.factories import UserFactory


def test_register_an_endpoint_and_see_its_secret_once(member, company, client_for, receiver):
    client = client_for(member)
    url = f"/organisation/{company.pk}/webhooks/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Webhooks" in page.content.decode()
    created = client.post(url, {"url": receiver.url, "events": ["voucher.issued", "payout.paid"]})
    assert created.status_code == 200
    endpoint = Endpoint.objects.get()
    assert endpoint.events == ["voucher.issued", "payout.paid"]
    html = created.content.decode()
    assert "whsec_" in html
    again = client.get(url).content.decode()
    assert "whsec_" not in again and receiver.url in again


def test_a_refused_url_is_shown_on_the_form(member, company, client_for, settings):
    settings.KIVOUCHER_WEBHOOK_ALLOW_PRIVATE = False
    client = client_for(member)
    page = client.post(
        f"/organisation/{company.pk}/webhooks/",
        {"url": "https://192.168.0.1/", "events": ["payout.paid"]},
    )
    assert page.status_code == 200
    assert not Endpoint.objects.exists()
    assert "error-summary" in page.content.decode()


def test_the_endpoint_page_shows_the_log_and_its_actions_work(
    member, company, client_for, receiver, django_capture_on_commit_callbacks
):
    client = client_for(member)
    endpoint, secret = endpoint_create(
        actor=member, organisation=company, url=receiver.url, events=["payout.paid"]
    )
    base = f"/organisation/{company.pk}/webhooks/{endpoint.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(base + "test/").status_code == 302
    delivery = Delivery.objects.get()
    page = client.get(base).content.decode()
    assert delivery.message_id in page and "webhook.test" in page and "HTTP 204" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(base + f"deliveries/{delivery.pk}/redeliver/")
    assert [r.headers["webhook-id"] for r in receiver.received] == [delivery.message_id] * 2
    rotated = client.post(base + "rotate/")
    assert rotated.status_code == 200
    assert "whsec_" in rotated.content.decode() and secret not in rotated.content.decode()
    client.post(base + "enabled/", {"enabled": "0"})
    endpoint.refresh_from_db()
    assert not endpoint.enabled
    client.post(base + "enabled/", {"enabled": "1"})
    endpoint.refresh_from_db()
    assert endpoint.enabled
    assert client.post(base + "delete/").status_code == 302
    assert not Endpoint.objects.exists()


def test_the_pages_cost_no_query_per_row(
    member, company, client_for, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(member)

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    endpoint, _ = endpoint_create(
        actor=member, organisation=company, url="http://127.0.0.1:9/0", events=["payout.paid"]
    )
    endpoint_test(actor=member, endpoint=endpoint)
    detail = f"/organisation/{company.pk}/webhooks/{endpoint.pk}/"
    listing = f"/organisation/{company.pk}/webhooks/"
    few = (count(listing), count(detail))
    for i in range(4):
        endpoint_create(
            actor=member,
            organisation=company,
            url=f"http://127.0.0.1:9/{i}",
            events=["payout.paid"],
        )
        endpoint_test(actor=member, endpoint=endpoint)
    assert (count(listing), count(detail)) == few


def test_staff_and_strangers_do_not_see_the_pages(company, client_for, member):
    from tests.factories import OrganisationFactory, member_of

    endpoint, _ = endpoint_create(
        actor=member, organisation=company, url="http://127.0.0.1:9/0", events=["payout.paid"]
    )
    stranger = client_for(member_of(OrganisationFactory()))
    staff = client_for(UserFactory(role=Role.PROGRAMME_ADMIN))
    for client in (stranger, staff):
        assert client.get(f"/organisation/{company.pk}/webhooks/").status_code == 404
        assert client.get(f"/organisation/{company.pk}/webhooks/{endpoint.pk}/").status_code == 404


def test_the_organisation_page_links_to_the_webhooks(member, company, client_for):
    page = client_for(member).get(f"/organisation/{company.pk}/").content.decode()
    assert f"/organisation/{company.pk}/webhooks/" in page

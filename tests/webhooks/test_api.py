"""The webhook API over HTTP, every exchange checked against /api/openapi.json."""

import pytest
from standardwebhooks.webhooks import Webhook

from kivoucher.core.models import AuditEvent
from kivoucher.core.roles import Role
from kivoucher.webhooks.models import Delivery, Endpoint
from tests.e2e.openapi_check import CheckedApi, openapi_document
from tests.factories import OrganisationFactory, UserFactory, member_of
from tests.webhooks.receiver import Answer

BASE = "/api/v1/webhooks"


@pytest.fixture
def api(member, api_client_for):
    return CheckedApi(api_client_for(member))


def test_register_list_change_and_delete(api, member, company, receiver):
    created = api.post(BASE, {"url": receiver.url, "events": ["voucher.issued", "payout.paid"]})
    assert created.status_code == 201
    body = created.json()
    assert body["secret"].startswith("whsec_")
    assert body["url"] == receiver.url and body["events"] == ["voucher.issued", "payout.paid"]
    assert body["organisation"] == company.pk and body["enabled"] is True
    webhook_id = body["id"]
    # the secret is shown once: not in the list nor the detail
    listed = api.get(BASE).json()
    assert [e["id"] for e in listed] == [webhook_id]
    assert "secret" not in listed[0]
    assert "secret" not in api.get(f"{BASE}/{webhook_id}").json()
    changed = api.patch(f"{BASE}/{webhook_id}", {"events": ["payout.paid"], "enabled": False})
    assert changed.status_code == 200
    assert changed.json()["events"] == ["payout.paid"] and changed.json()["enabled"] is False
    assert AuditEvent.objects.filter(
        action="webhook_endpoint.update", object_id=str(webhook_id)
    ).exists()
    deleted = api.client.delete(f"{BASE}/{webhook_id}")
    assert deleted.status_code == 204
    assert "204" in openapi_document()["paths"][BASE + "/{webhook_id}"]["delete"]["responses"]
    assert not Endpoint.objects.exists()
    assert api.get(f"{BASE}/{webhook_id}").status_code == 404
    actions = set(
        AuditEvent.objects.filter(object_type="webhooks.endpoint").values_list("action", flat=True)
    )
    assert {"webhook_endpoint.create", "webhook_endpoint.delete"} <= actions


def test_test_message_deliveries_and_redeliver(api, receiver, django_capture_on_commit_callbacks):
    body = api.post(BASE, {"url": receiver.url, "events": ["payout.paid"]}).json()
    webhook_id, secret = body["id"], body["secret"]
    with django_capture_on_commit_callbacks(execute=True):
        sent = api.post(f"{BASE}/{webhook_id}/test")
    assert sent.status_code == 202
    got = receiver.received[0]
    payload = Webhook(secret).verify(got.body, got.headers)
    assert payload["type"] == "webhook.test" and payload["data"]["endpoint"] == webhook_id
    log = api.get(f"{BASE}/{webhook_id}/deliveries").json()
    assert len(log) == 1
    entry = log[0]
    assert entry["type"] == "webhook.test" and entry["status"] == "succeeded"
    assert entry["message_id"] == got.headers["webhook-id"] and entry["last_status_code"] == 204
    assert entry["last_duration_ms"] is not None
    with django_capture_on_commit_callbacks(execute=True):
        again = api.post(f"{BASE}/{webhook_id}/deliveries/{entry['id']}/redeliver")
    assert again.status_code == 202
    assert [r.headers["webhook-id"] for r in receiver.received] == [entry["message_id"]] * 2
    assert api.get(f"{BASE}/{webhook_id}/deliveries").json()[0]["attempts"] == 2


def test_a_failing_receiver_shows_in_the_log(api, receiver, django_capture_on_commit_callbacks):
    receiver.plan = [Answer(status=500)]
    webhook_id = api.post(BASE, {"url": receiver.url, "events": ["payout.paid"]}).json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        api.post(f"{BASE}/{webhook_id}/test")
    entry = api.get(f"{BASE}/{webhook_id}/deliveries").json()[0]
    assert entry["status"] == "failed" and entry["last_status_code"] == 500
    assert entry["next_attempt_at"] is not None and entry["last_error"] == "HTTP 500"
    # still being delivered: not sent a second time beside the retry
    again = api.post(f"{BASE}/{webhook_id}/deliveries/{entry['id']}/redeliver")
    assert again.status_code == 409 and again.json()["code"] == "webhook_delivery_active"


def test_rotate_secret(api, receiver, django_capture_on_commit_callbacks):
    body = api.post(BASE, {"url": receiver.url, "events": ["payout.paid"]}).json()
    rotated = api.post(f"{BASE}/{body['id']}/rotate-secret")
    assert rotated.status_code == 200
    new = rotated.json()["secret"]
    assert new.startswith("whsec_") and new != body["secret"]
    with django_capture_on_commit_callbacks(execute=True):
        api.post(f"{BASE}/{body['id']}/test")
    got = receiver.received[0]
    Webhook(body["secret"]).verify(got.body, got.headers)
    Webhook(new).verify(got.body, got.headers)


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"url": "no url", "events": ["payout.paid"]}, "webhook_url_invalid"),
        ({"url": "https://127.0.0.1/", "events": ["payout.paid"]}, "webhook_url_private"),
        ({"url": "http://8.8.8.8/", "events": ["payout.paid"]}, "webhook_url_not_https"),
        ({"url": "https://8.8.8.8/", "events": ["voucher.spent"]}, "webhook_event_unknown"),
        ({"url": "https://8.8.8.8/", "events": []}, "webhook_events_empty"),
    ],
)
def test_bad_input_is_refused_with_a_code(api, settings, payload, code):
    settings.KIVOUCHER_WEBHOOK_ALLOW_PRIVATE = False
    refused = api.post(BASE, payload)
    assert refused.status_code == 400
    assert refused.json()["code"] == code
    if code == "webhook_event_unknown":
        assert "voucher.spent" in refused.json()["message"]
        assert "compute_voucher.threshold_reached" in refused.json()["message"]
    assert not Endpoint.objects.exists()


def test_a_foreign_endpoint_is_not_found(api, api_client_for, receiver):
    other = OrganisationFactory()
    stranger = CheckedApi(api_client_for(member_of(other)))
    webhook_id = api.post(BASE, {"url": receiver.url, "events": ["payout.paid"]}).json()["id"]
    assert stranger.get(f"{BASE}/{webhook_id}").status_code == 404
    assert stranger.patch(f"{BASE}/{webhook_id}", {"enabled": False}).status_code == 404
    assert stranger.post(f"{BASE}/{webhook_id}/rotate-secret").status_code == 404
    assert stranger.post(f"{BASE}/{webhook_id}/test").status_code == 404
    assert stranger.get(f"{BASE}/{webhook_id}/deliveries").status_code == 404
    assert stranger.client.delete(f"{BASE}/{webhook_id}").status_code == 404
    assert stranger.get(BASE).json() == []
    # nor may one register for an organisation one is not a member of
    mine = api.post(BASE, {"url": receiver.url, "events": ["payout.paid"]}).json()
    refused = stranger.post(
        BASE, {"url": receiver.url, "events": ["payout.paid"], "organisation": mine["organisation"]}
    )
    assert refused.status_code == 404
    assert Endpoint.objects.count() == 2


def test_staff_do_not_manage_an_organisations_webhooks(api_client_for, receiver):
    staff = CheckedApi(api_client_for(UserFactory(role=Role.CASEWORKER)))
    refused = staff.post(BASE, {"url": receiver.url, "events": ["payout.paid"]})
    assert refused.status_code == 403
    assert staff.get(BASE).json() == []


def test_the_list_costs_no_query_per_endpoint(
    member, company, client_for, django_assert_num_queries
):
    from kivoucher.webhooks.services import endpoint_create

    client = client_for(member)
    for i in range(5):
        endpoint_create(
            actor=member,
            organisation=company,
            url=f"http://127.0.0.1:9/{i}",
            events=["payout.paid"],
        )
    client.get(BASE)  # warm-up (session, user)
    with django_assert_num_queries(3):  # session, user, endpoints
        assert len(client.get(BASE).json()) == 5


def test_the_log_costs_no_query_per_delivery(
    member, company, client_for, django_assert_num_queries
):
    from kivoucher.webhooks.services import endpoint_create, endpoint_test

    client = client_for(member)
    endpoint, _ = endpoint_create(
        actor=member, organisation=company, url="http://127.0.0.1:9/x", events=["payout.paid"]
    )
    for _i in range(4):
        endpoint_test(actor=member, endpoint=endpoint)
    url = f"{BASE}/{endpoint.pk}/deliveries"
    client.get(url)
    with django_assert_num_queries(4):  # session, user, endpoint, deliveries
        assert len(client.get(url).json()) == 4
    assert Delivery.objects.count() == 4

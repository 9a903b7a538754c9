import pytest
from django.apps import apps

from kivoucher.core.audit import audit_verify
from kivoucher.core.management.commands.demo import load_demo
from kivoucher.core.models import User

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = {
    "applicant",
    "provider",
    "dc-operator",
    "caseworker",
    "approver",
    "admin",
    "auditor",
    "buyer",
}


def _counts() -> dict:
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label not in {"sessions", "admin"}
    }


def test_demo_holds_every_demo_account_and_is_idempotent():
    load_demo()
    assert DEMO_USERNAMES <= set(User.objects.values_list("username", flat=True))
    first = _counts()
    load_demo()
    assert _counts() == first
    assert audit_verify().ok


def test_demo_accounts_can_sign_in():
    from django.test import Client

    from kivoucher.core.demo import demo_password

    load_demo()
    for username in DEMO_USERNAMES:
        client = Client()
        assert client.login(username=username, password=demo_password(username)), username


def test_staff_can_read_but_not_change_in_the_admin():
    from django.test import Client

    load_demo()
    client = Client()
    client.force_login(User.objects.get(username="caseworker"))
    assert client.get("/admin/organizations/organisation/").status_code == 200
    org_id = User.objects.get(username="applicant").memberships.get().organisation_id
    response = client.post(
        f"/admin/organizations/organisation/{org_id}/change/", {"name": "Hijacked"}
    )
    assert response.status_code == 403

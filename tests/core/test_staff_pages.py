import pytest

from kivoucher.core.audit import audit_record
from kivoucher.core.models import AuditEvent
from kivoucher.core.roles import Role
from tests.factories import make_call

pytestmark = pytest.mark.django_db


def test_audit_log_is_for_auditors_and_admins(client_for, user_factory):
    audit_record(actor=None, action="thing.change", obj=("thing", 1))
    auditor = client_for(user_factory(role=Role.AUDITOR))
    response = auditor.get("/audit/?verify=1")
    assert response.status_code == 200
    assert "thing.change" in response.text
    assert "1 Einträge geprüft" in response.text
    assert client_for(user_factory(role=Role.APPLICANT)).get("/audit/").status_code == 404


def test_audit_log_shows_a_broken_chain(client_for, user_factory):
    audit_record(actor=None, action="a", obj=("thing", 1))
    audit_record(actor=None, action="b", obj=("thing", 1))
    AuditEvent.objects.filter(seq=1).update(action="forged")
    response = client_for(user_factory(role=Role.AUDITOR)).get("/audit/?verify=1")
    assert 'role="alert"' in response.text and "#1" in response.text


def test_home_lists_the_audit_log_for_auditors(client_for, user_factory):
    response = client_for(user_factory(role=Role.AUDITOR)).get("/home/")
    assert "/audit/" in response.text


def test_calls_page_shows_budgets_from_the_ledger(client):
    make_call(name="Aufruf Test", budget="123456.78")
    response = client.get("/calls/")
    assert response.status_code == 200
    assert "Aufruf Test" in response.text
    assert "123.456,78" in response.text

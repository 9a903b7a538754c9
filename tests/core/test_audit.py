import pytest
from django.core.management import CommandError, call_command

from kivoucher.core.audit import audit_history, audit_record, audit_verify
from kivoucher.core.models import AuditEvent, AuditHead

pytestmark = pytest.mark.django_db


def _write(n: int, user=None):
    for i in range(n):
        audit_record(
            actor=user,
            action="thing.change",
            obj=("thing", i % 3),
            old_state="a",
            new_state="b",
            reason=f"step {i}",
            data={"i": i},
        )


def test_chain_of_appended_events_verifies(user_factory):
    _write(5, user_factory())
    result = audit_verify()
    assert result.ok and result.checked == 5
    assert AuditHead.objects.get().seq == 5
    assert [e.seq for e in audit_history(("thing", 0))] == [1, 4]


def test_changed_row_is_named():
    _write(6)
    AuditEvent.objects.filter(seq=3).update(reason="rewritten")
    result = audit_verify()
    assert not result.ok
    assert result.first_bad_seq == 3
    assert "changed" in result.problem


def test_deleted_row_is_named():
    _write(6)
    AuditEvent.objects.filter(seq=4).delete()
    result = audit_verify()
    assert (result.ok, result.first_bad_seq) == (False, 4)


def test_deleted_last_row_is_noticed():
    _write(3)
    AuditEvent.objects.filter(seq=3).delete()
    result = audit_verify()
    assert (result.ok, result.first_bad_seq) == (False, 3)


def test_rehashed_row_breaks_the_link_to_the_next():
    from kivoucher.core.audit import compute_hash

    _write(4)
    event = AuditEvent.objects.get(seq=2)
    event.reason = "forged"
    event.hash = compute_hash(event)
    event.save()
    result = audit_verify()
    assert (result.ok, result.first_bad_seq) == (False, 3)


def test_verify_audit_command_fails_naming_the_row(capsys):
    _write(3)
    call_command("verify_audit")
    assert "3 rows verified" in capsys.readouterr().out
    AuditEvent.objects.filter(seq=2).update(new_state="x")
    with pytest.raises(CommandError, match="row #2"):
        call_command("verify_audit")

"""The audit log's chains: appends, the order of heads, and that `audit_verify`
names every change, removal and insertion in any chain."""

from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from kivoucher.core.audit import (
    GENESIS,
    LEGACY_SHARD,
    audit_history,
    audit_record,
    audit_shard,
    audit_verify,
    compute_hash,
)
from kivoucher.core.models import AUDIT_SHARDS, AuditEvent, AuditHead

pytestmark = pytest.mark.django_db


def obj_in(shard: int, skip: int = 0) -> tuple[str, int]:
    """An object whose events belong to `shard` (the `skip`-th such object)."""
    found = (("thing", i) for i in range(10_000) if audit_shard("thing", str(i)) == shard)
    for _ in range(skip):
        next(found)
    return next(found)


def write(obj, n: int, user=None) -> None:
    for i in range(n):
        audit_record(
            actor=user,
            action="thing.change",
            obj=obj,
            old_state="a",
            new_state="b",
            reason=f"step {i}",
            data={"i": i},
        )


def chains(*shards: int, rows: int = 4) -> None:
    """`rows` events in each of `shards`, written in ascending order of the chains
    (one test is one transaction, which takes heads in ascending order only)."""
    for shard in sorted(shards):
        write(obj_in(shard), rows)


def row(shard: int, seq: int) -> AuditEvent:
    return AuditEvent.objects.get(shard=shard, seq=seq)


def test_every_chain_has_its_head_after_the_migration():
    assert sorted(AuditHead.objects.values_list("id", flat=True)) == list(range(AUDIT_SHARDS))


def test_the_shard_of_an_object_is_a_stable_hash():
    # SHA-256 of "type\0id", not Python's salted hash(): the same in every process
    assert audit_shard("compute.ingestbatch", "1") == audit_shard("compute.ingestbatch", "1")
    assert {audit_shard("thing", str(i)) for i in range(200)} == set(range(AUDIT_SHARDS))


def test_events_of_different_objects_go_to_their_chains_and_verify(user_factory):
    user = user_factory()
    chains(2, 5, 11, rows=3)
    write(obj_in(11, skip=1), 2, user)  # another object of chain 11
    result = audit_verify()
    assert result.ok and result.checked == 11 and result.problems == []
    heads = dict(AuditHead.objects.filter(seq__gt=0).values_list("id", "seq"))
    assert heads == {2: 3, 5: 3, 11: 5}
    assert [e.seq for e in audit_history(obj_in(11, skip=1))] == [4, 5]
    # the global order: (created_at, id)
    ordered = list(AuditEvent.objects.values_list("shard", flat=True))
    assert ordered == [2] * 3 + [5] * 3 + [11] * 5


def test_each_row_links_to_the_previous_row_of_its_chain():
    chains(3, 4, rows=3)
    for shard in (3, 4):
        first, second, third = AuditEvent.objects.filter(shard=shard).order_by("seq")
        assert first.prev_hash == GENESIS
        assert (second.prev_hash, third.prev_hash) == (first.hash, second.hash)
        head = AuditHead.objects.get(id=shard)
        assert (head.seq, head.hash) == (3, third.hash)


def test_heads_are_taken_in_ascending_order_within_a_transaction():
    """A transaction that holds chain 9 appends the event of an object of chain 4 to
    chain 9: two transactions never wait for each other's heads."""
    write(obj_in(9), 1)
    write(obj_in(4), 1)
    assert list(AuditEvent.objects.values_list("shard", flat=True)) == [9, 9]
    assert audit_verify().ok


TAMPERED_CHAIN = [0, 7, 15]


@pytest.mark.parametrize("shard", TAMPERED_CHAIN)
def test_a_changed_row_is_named_with_its_chain(shard):
    chains(*{0, 7, 15, shard}, rows=5)
    AuditEvent.objects.filter(shard=shard, seq=3).update(reason="rewritten")
    result = audit_verify()
    assert not result.ok
    assert [(p.shard, p.seq) for p in result.problems] == [(shard, 3)]
    assert "changed" in result.problem


@pytest.mark.parametrize("shard", TAMPERED_CHAIN)
def test_a_deleted_row_in_the_middle_is_named(shard):
    chains(0, 7, 15, rows=5)
    row(shard, 2).delete()
    result = audit_verify()
    assert [(p.shard, p.seq) for p in result.problems] == [(shard, 2)]
    assert "missing" in result.problem


@pytest.mark.parametrize("shard", TAMPERED_CHAIN)
def test_a_deleted_last_row_is_noticed_through_the_head(shard):
    chains(0, 7, 15, rows=5)
    row(shard, 5).delete()
    result = audit_verify()
    assert [(p.shard, p.seq) for p in result.problems] == [(shard, 5)]
    assert "head is #5" in result.problem


@pytest.mark.parametrize("shard", TAMPERED_CHAIN)
def test_a_row_added_at_the_end_does_not_match_the_head(shard):
    chains(0, 7, 15, rows=3)
    last = row(shard, 3)
    forged = AuditEvent(
        **{f.attname: getattr(last, f.attname) for f in AuditEvent._meta.concrete_fields}
    )
    forged.pk, forged.seq, forged.prev_hash, forged.reason = None, 4, last.hash, "forged"
    forged.hash = compute_hash(forged)  # a well-formed row, but the head was not moved
    forged.save()
    result = audit_verify()
    assert [(p.shard, p.seq) for p in result.problems] == [(shard, 4)]
    assert "added after the head" in result.problem


@pytest.mark.parametrize("shard", TAMPERED_CHAIN)
def test_a_row_inserted_in_the_middle_breaks_the_next_link(shard):
    chains(0, 7, 15, rows=4)
    # make room at #3 (highest first, so the unique constraint holds) and insert there
    for seq in (4, 3):
        AuditEvent.objects.filter(shard=shard, seq=seq).update(seq=seq + 1)
    before = row(shard, 2)
    forged = AuditEvent(
        **{f.attname: getattr(before, f.attname) for f in AuditEvent._meta.concrete_fields}
    )
    forged.pk, forged.seq, forged.prev_hash, forged.reason = None, 3, before.hash, "forged"
    forged.hash = compute_hash(forged)
    forged.save()
    result = audit_verify()
    assert [(p.shard, p.seq) for p in result.problems] == [(shard, 4)]


def test_a_rehashed_row_breaks_the_link_to_the_next():
    chains(6, rows=4)
    event = row(6, 2)
    event.reason = "forged"
    event.hash = compute_hash(event)
    event.save()
    result = audit_verify()
    assert (result.ok, result.shard, result.first_bad_seq) == (False, 6, 3)


def test_a_rehashed_last_row_does_not_match_the_head():
    chains(6, rows=3)
    event = row(6, 3)
    event.reason = "forged"
    event.hash = compute_hash(event)
    event.save()
    result = audit_verify()
    assert (result.shard, result.first_bad_seq) == (6, 3)
    assert "head does not match" in result.problem


def test_a_row_moved_to_another_chain_is_noticed():
    chains(2, 8, rows=2)
    AuditEvent.objects.filter(shard=8, seq=2).update(shard=9, seq=1)
    AuditHead.objects.filter(id=9).update(seq=1, hash=row(9, 1).hash)
    result = audit_verify()
    assert {(p.shard, p.seq) for p in result.problems} == {(8, 2), (9, 1)}


def test_every_broken_chain_is_reported():
    chains(1, 4, 12, rows=3)
    AuditEvent.objects.filter(shard=4, seq=1).update(action="forged")
    row(12, 3).delete()
    result = audit_verify()
    assert [(p.shard, p.seq) for p in result.problems] == [(4, 1), (12, 3)]
    assert result.checked == 3 + 0 + 2


def test_a_missing_head_of_a_chain_with_rows_is_noticed():
    chains(5, rows=2)
    AuditHead.objects.filter(id=5).delete()
    result = audit_verify()
    assert [(p.shard, p.seq) for p in result.problems] == [(5, 2)]
    assert "head" in result.problem


def test_a_head_deleted_by_a_flush_comes_back_on_the_next_append():
    AuditHead.objects.filter(id=3).delete()
    write(obj_in(3), 2)
    assert AuditHead.objects.get(id=3).seq == 2
    assert audit_verify().ok


def _legacy_rows(n: int) -> list[AuditEvent]:
    """Rows as the single chain wrote them (hash version 1, no shard in the hash),
    with head 1 as the single head."""
    prev = GENESIS
    rows = []
    for seq in range(1, n + 1):
        event = AuditEvent(
            shard=LEGACY_SHARD,
            hash_version=1,
            seq=seq,
            created_at=timezone.now(),
            actor_label="system",
            action="old.change",
            object_type="thing",
            object_id=str(seq),
            data={"seq": seq},
            prev_hash=prev,
        )
        event.hash = prev = compute_hash(event)
        event.save()
        rows.append(event)
    AuditHead.objects.filter(id=LEGACY_SHARD).update(seq=n, hash=prev)
    return rows


def test_rows_of_the_single_chain_start_chain_one_and_new_rows_continue_it():
    _legacy_rows(3)
    write(obj_in(LEGACY_SHARD), 2)
    assert audit_verify().ok
    fourth = row(LEGACY_SHARD, 4)
    assert (fourth.hash_version, fourth.prev_hash) == (2, row(LEGACY_SHARD, 3).hash)


def test_a_changed_hash_version_breaks_the_row():
    _legacy_rows(3)
    AuditEvent.objects.filter(shard=LEGACY_SHARD, seq=2).update(hash_version=2)
    result = audit_verify()
    assert (result.shard, result.first_bad_seq) == (LEGACY_SHARD, 2)


def test_rows_of_the_old_form_are_refused_outside_the_start_of_chain_one():
    _legacy_rows(2)
    write(obj_in(LEGACY_SHARD), 1)
    third = row(LEGACY_SHARD, 3)
    forged = AuditEvent(
        **{f.attname: getattr(third, f.attname) for f in AuditEvent._meta.concrete_fields}
    )
    forged.pk, forged.seq, forged.prev_hash, forged.hash_version = None, 4, third.hash, 1
    forged.hash = compute_hash(forged)
    forged.save()
    AuditHead.objects.filter(id=LEGACY_SHARD).update(seq=4, hash=forged.hash)
    result = audit_verify()
    assert (result.shard, result.first_bad_seq) == (LEGACY_SHARD, 4)
    assert "old single chain" in result.problem


def test_verify_audit_command_names_the_chain_and_row(capsys):
    chains(7, rows=3)
    call_command("verify_audit")
    assert "3 rows verified" in capsys.readouterr().out
    AuditEvent.objects.filter(shard=7, seq=2).update(new_state="x")
    with pytest.raises(CommandError, match="chain 7 at row #2"):
        call_command("verify_audit")


@pytest.mark.django_db(transaction=True)
def test_a_chain_written_before_the_migration_verifies_after_it():
    """Rows and head as the single-chain code wrote them, then the migration to
    chains: nothing is rehashed and the log verifies; new rows continue chain 1."""
    executor = MigrationExecutor(connection)
    executor.migrate([("core", "0004_apitoken_expires_at_required")])
    old = executor.loader.project_state([("core", "0004_apitoken_expires_at_required")]).apps
    old_event, old_head = old.get_model("core", "AuditEvent"), old.get_model("core", "AuditHead")
    prev = GENESIS
    for seq in range(1, 4):
        values = dict(
            seq=seq,
            created_at=timezone.now(),
            actor_id=None,
            actor_label="system",
            action="old.change",
            object_type="thing",
            object_id=str(seq),
            old_state="",
            new_state="x",
            reason="",
            data={"n": seq},
            prev_hash=prev,
        )
        prev = compute_hash(SimpleNamespace(hash_version=1, **values))  # the old form
        old_event.objects.create(hash=prev, **values)
    old_head.objects.update_or_create(id=1, defaults={"seq": 3, "hash": prev})

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert set(AuditEvent.objects.values_list("shard", "hash_version")) == {(1, 1)}
    result = audit_verify()
    assert result.ok and result.checked == 3
    write(obj_in(LEGACY_SHARD), 1)
    assert row(LEGACY_SHARD, 4).prev_hash == prev
    assert audit_verify().ok

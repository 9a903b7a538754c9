"""Appends from real threads on PostgreSQL: to one chain and to different chains,
and transactions that audit two objects whose chains come in opposite orders
(heads are taken in ascending order only, so they cannot deadlock)."""

import threading
from collections import defaultdict

import pytest
from django.db import connection, transaction

from kivoucher.core.audit import GENESIS, audit_record, audit_shard, audit_verify
from kivoucher.core.models import AuditEvent, AuditHead

THREADS = 8
ROUNDS = 15


def objects_in(shard: int, n: int) -> list[tuple[str, int]]:
    found = [("thing", i) for i in range(20_000) if audit_shard("thing", str(i)) == shard]
    return found[:n]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_leave_gapless_unforked_chains():
    hot = objects_in(3, 1)[0]  # every thread also appends to this object's chain
    own = objects_in(9, THREADS)  # one object per thread, all in chain 9
    low, high = objects_in(2, 1)[0], objects_in(13, 1)[0]
    errors = []
    start = threading.Barrier(THREADS)

    def worker(n: int) -> None:
        try:
            start.wait()
            for i in range(ROUNDS):
                audit_record(actor=None, action="t.hot", obj=hot, data={"n": n, "i": i})
                audit_record(actor=None, action="t.own", obj=("thing", f"{n}-{i}"))
                audit_record(actor=None, action="t.same", obj=own[n], data={"i": i})
                # two objects in one transaction, in opposite chain orders by parity
                pair = (low, high) if (n + i) % 2 else (high, low)
                with transaction.atomic():
                    for obj in pair:
                        audit_record(actor=None, action="t.pair", obj=obj, data={"n": n})
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []

    assert AuditEvent.objects.count() == THREADS * ROUNDS * 5
    by_shard = defaultdict(list)
    for shard, seq, prev_hash, hash_ in AuditEvent.objects.order_by("shard", "seq").values_list(
        "shard", "seq", "prev_hash", "hash"
    ):
        by_shard[shard].append((seq, prev_hash, hash_))
    assert len(by_shard) > 4  # the "own" objects spread over the chains
    for shard, rows in by_shard.items():
        assert [seq for seq, _, _ in rows] == list(range(1, len(rows) + 1))  # no gaps
        links = [prev for _, prev, _ in rows]
        assert links == [GENESIS] + [h for _, _, h in rows[:-1]]  # no forks
        head = AuditHead.objects.get(id=shard)
        assert (head.seq, head.hash) == (len(rows), rows[-1][2])
    assert len(by_shard[3]) >= THREADS * ROUNDS
    assert len(by_shard[13]) >= THREADS * ROUNDS  # a pair always ends in the higher chain
    assert AuditEvent.objects.filter(action="t.same", shard=9).count() == THREADS * ROUNDS
    result = audit_verify()
    assert result.ok and result.checked == THREADS * ROUNDS * 5

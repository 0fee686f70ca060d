import json

import pytest
from tampering import append_many, audit_key, rehash, tamper

from sellerops.audit import Tampering, verify_audit_log
from sellerops.models import GENESIS_HASH, AuditEntry


def verify(store):
    with store.operator_read() as session:
        return verify_audit_log(session)


def test_empty_chain_ok(bare_store):
    assert verify(bare_store).ok


def test_chain_links_entries(bare_store):
    append_many(bare_store, 3)
    with bare_store.operator_read() as session:
        first, second = session.get_one(AuditEntry, 1), session.get_one(AuditEntry, 2)
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash


def test_intact_chain_ok(bare_store):
    append_many(bare_store, 5)
    report = verify(bare_store)
    assert report.ok
    assert report.checked == 5
    assert report.summary() == "Audit log intact: 5 entries, hash chain verified."


def test_detail_stored_canonical(bare_store):
    append_many(bare_store, 1)
    with bare_store.operator_read() as session:
        entry = session.get_one(AuditEntry, 1)
    assert json.loads(entry.detail_json) == {}


def test_edited_entry_named(bare_store):
    append_many(bare_store, 5)
    tamper(bare_store, "UPDATE audit_entries SET object_id = 'other' WHERE sequence = 3")
    problem = verify(bare_store).problems[0]
    assert problem.sequence == 3
    assert problem.kind == Tampering.EDITED


def test_edited_summary_names_entry(bare_store):
    append_many(bare_store, 5)
    tamper(bare_store, "UPDATE audit_entries SET result = 'denied' WHERE sequence = 2")
    assert verify(bare_store).summary().startswith("Audit log tampered: entry #2 was edited")


def test_deleted_middle_named(bare_store):
    append_many(bare_store, 5)
    tamper(bare_store, "DELETE FROM audit_entries WHERE sequence = 3")
    problems = verify(bare_store).problems
    assert [(p.sequence, p.kind) for p in problems] == [(3, Tampering.DELETED)]


def test_deleted_first_named(bare_store):
    append_many(bare_store, 3)
    tamper(bare_store, "DELETE FROM audit_entries WHERE sequence = 1")
    problem = verify(bare_store).problems[0]
    assert (problem.sequence, problem.kind) == (1, Tampering.DELETED)


def test_deleted_last_named(bare_store):
    append_many(bare_store, 5)
    tamper(bare_store, "DELETE FROM audit_entries WHERE sequence = 5")
    problems = verify(bare_store).problems
    assert [(p.sequence, p.kind) for p in problems] == [(5, Tampering.DELETED)]


def test_deleted_range_named(bare_store):
    append_many(bare_store, 6)
    tamper(bare_store, "DELETE FROM audit_entries WHERE sequence IN (3, 4)")
    assert verify(bare_store).problems[0].message == "entries #3 to #4 were deleted."


def test_reordered_entries_named(bare_store):
    append_many(bare_store, 5)
    tamper(
        bare_store,
        "UPDATE audit_entries SET sequence = -1 WHERE sequence = 2",
        "UPDATE audit_entries SET sequence = 2 WHERE sequence = 3",
        "UPDATE audit_entries SET sequence = 3 WHERE sequence = -1",
    )
    problems = verify(bare_store).problems
    assert [(p.sequence, p.kind) for p in problems] == [
        (2, Tampering.REORDERED),
        (3, Tampering.REORDERED),
    ]
    assert problems[0].message == ("entry #2 was reordered: it holds the entry written as #3.")


def test_rehashed_edit_named(bare_store):
    append_many(bare_store, 5)
    tamper(
        bare_store, "UPDATE audit_entries SET actor_label = 'operator:someone' WHERE sequence = 3"
    )
    rehash(bare_store, 3, audit_key(bare_store))
    problem = verify(bare_store).problems[0]
    assert (problem.sequence, problem.kind) == (3, Tampering.EDITED)
    assert "re-hashed" in problem.message


def test_rehashed_last_entry_named(bare_store):
    append_many(bare_store, 4)
    tamper(bare_store, "UPDATE audit_entries SET object_id = 'x' WHERE sequence = 4")
    rehash(bare_store, 4, audit_key(bare_store))
    problem = verify(bare_store).problems[0]
    assert (problem.sequence, problem.kind) == (4, Tampering.EDITED)


def test_forged_tail_named(bare_store):
    append_many(bare_store, 2)
    tamper(bare_store, "UPDATE audit_chain_head SET last_sequence = 1")
    problem = verify(bare_store).problems[0]
    assert (problem.sequence, problem.kind) == (2, Tampering.INSERTED)


def test_edit_denial_to_success_detected(bare_store):
    append_many(bare_store, 2)
    tamper(
        bare_store, "UPDATE audit_entries SET result = 'succeeded', action = 'x' WHERE sequence = 1"
    )
    assert not verify(bare_store).ok


@pytest.mark.parametrize("count", [1, 2])
def test_chain_head_tracks_last(bare_store, count):
    append_many(bare_store, count)
    with bare_store.operator_read() as session:
        last = session.get_one(AuditEntry, count)
        from sellerops.models import AuditChainHead

        head = session.get_one(AuditChainHead, 1)
    assert (head.last_sequence, head.last_hash) == (count, last.hash)

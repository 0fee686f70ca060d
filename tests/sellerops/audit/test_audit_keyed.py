"""The keyed chain against an attacker with database rights but without the secret key."""

import pytest
import sqlalchemy.exc
from sqlalchemy import select, text
from tampering import append_many, rehash, tamper

from sellerops.audit import AuditRecord, AuditResult, Tampering, append_entry, verify_audit_log
from sellerops.errors import ConfigurationError
from sellerops.models import GENESIS_HASH, AuditEntry
from sellerops.services import create_plan, rotate_secret_key
from sellerops.services.provisioning import PlanLimits
from sellerops.store import Store

RESET_HEAD = (
    "UPDATE audit_chain_head SET last_sequence = 0, last_hash = :genesis, "
    "key_encrypted = NULL, head_mac = NULL"
)


def verify(store):
    with store.operator_read() as session:
        return verify_audit_log(session)


def rehash_all(store, count):
    """Re-hash every entry from the first edited one, with a key the attacker guessed."""
    for sequence in range(1, count + 1):
        rehash(store, sequence)
        with store.operator_read() as session:
            digest = session.get_one(AuditEntry, sequence).hash
        tamper(
            store,
            "UPDATE audit_entries SET prev_hash = :digest WHERE sequence = :next",
            digest=digest,
            next=sequence + 1,
        )


def test_full_rehash_detected(bare_store):
    append_many(bare_store, 5)
    tamper(bare_store, "UPDATE audit_entries SET object_id = 'forged' WHERE sequence = 2")
    rehash_all(bare_store, 5)
    report = verify(bare_store)
    assert not report.ok
    assert report.problems[0].kind == Tampering.EDITED


def test_wiped_log_detected(store):
    create_plan(store, "operator:test", "small", PlanLimits(max_users=1))
    tamper(store, "DELETE FROM audit_entries", RESET_HEAD, genesis=GENESIS_HASH)
    report = verify(store)
    assert not report.ok
    assert "audit key was removed" in report.problems[0].message


def test_append_after_wipe_rejected(store):
    tamper(store, "DELETE FROM audit_entries", RESET_HEAD, genesis=GENESIS_HASH)
    record = AuditRecord("test.append", "thing", "x", AuditResult.SUCCEEDED, "operator:test")
    with pytest.raises(ConfigurationError), store.operator_write() as session:
        append_entry(session, record)


def test_moved_head_detected(bare_store):
    append_many(bare_store, 4)
    with bare_store.operator_read() as session:
        second = session.get_one(AuditEntry, 2).hash
    tamper(
        bare_store,
        "DELETE FROM audit_entries WHERE sequence > 2",
        "UPDATE audit_chain_head SET last_sequence = 2, last_hash = :second",
        second=second,
    )
    report = verify(bare_store)
    assert not report.ok
    assert "chain head (#2) was changed" in report.problems[0].message


def test_forged_append_detected(bare_store):
    append_many(bare_store, 2)
    with bare_store.operator_read() as session:
        last = session.get_one(AuditEntry, 2)
        created_at = last.created_at
    tamper(
        bare_store,
        "INSERT INTO audit_entries (sequence, created_at, actor_label, action, object_type, "
        "result, detail_json, prev_hash, hash) VALUES (3, :created_at, 'user:ceo@acme.test', "
        "'privacy.erase', 'order', 'succeeded', '{}', :prev, :prev)",
        "UPDATE audit_chain_head SET last_sequence = 3",
        created_at=created_at,
        prev=last.hash,
    )
    rehash(bare_store, 3)
    report = verify(bare_store)
    assert [problem.sequence for problem in report.problems][:1] == [3]


def test_replace_rejected(bare_store):
    if bare_store.engine.dialect.name != "sqlite":
        pytest.skip("INSERT OR REPLACE is SQLite syntax")
    append_many(bare_store, 2)
    statement = text(
        "INSERT OR REPLACE INTO audit_entries SELECT * FROM audit_entries WHERE sequence = 1"
    )
    with pytest.raises(sqlalchemy.exc.IntegrityError), bare_store.engine.begin() as connection:
        connection.execute(statement)


def test_truncate_rejected(bare_store):
    if bare_store.engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL syntax")
    append_many(bare_store, 2)
    with pytest.raises(sqlalchemy.exc.ProgrammingError), bare_store.engine.begin() as connection:
        connection.execute(text("TRUNCATE audit_entries"))


def test_rotation_keeps_chain_valid(bare_store):
    append_many(bare_store, 3)
    rotate_secret_key(bare_store, "operator:test")
    assert verify(bare_store).ok


def test_hash_needs_audit_key(bare_store):
    append_many(bare_store, 1)
    rehash(bare_store, 1)
    with bare_store.operator_read() as session:
        rows = session.scalars(select(AuditEntry.sequence)).all()
    assert rows == [1]
    assert verify(bare_store).problems[0].kind == Tampering.EDITED


def test_running_process_after_rotation(bare_store, settings):
    append_many(bare_store, 1)
    other = Store.open(settings)
    rotate_secret_key(other, "operator:test")
    other.close()
    append_many(bare_store, 1)
    assert verify(bare_store).ok

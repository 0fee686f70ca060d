"""Edit the audit table the way an attacker with full database rights would."""

from __future__ import annotations

from sqlalchemy import text

from sellerops.audit import AuditRecord, AuditResult, append_entry
from sellerops.audit.canonical import EntryContent
from sellerops.audit.keys import read_audit_key
from sellerops.models import CHAIN_HEAD_ID, AuditChainHead, AuditEntry
from sellerops.store import Store

# Statements that switch off the append-only triggers. A PostgreSQL superuser can disable
# triggers for its session. Anyone who can write the SQLite file can drop them, and each test
# works on its own copy of that file.
TRIGGERS_OFF = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS audit_entries_no_update",
        "DROP TRIGGER IF EXISTS audit_entries_no_delete",
        "DROP TRIGGER IF EXISTS audit_entries_no_replace",
    ],
    "postgresql": ["SET LOCAL session_replication_role = replica"],
}


def append_many(store: Store, count: int) -> None:
    """Append `count` entries numbered in their object ids."""
    for number in range(count):
        record = AuditRecord(
            "test.append", "thing", f"thing-{number}", AuditResult.SUCCEEDED, "operator:test"
        )
        with store.operator_write() as session:
            append_entry(session, record)


def tamper(store: Store, *statements: str, **parameters: object) -> None:
    """Switch off the append-only triggers, then run `statements` in one transaction."""
    with store.engine.begin() as connection:
        for statement in TRIGGERS_OFF[store.engine.dialect.name]:
            connection.execute(text(statement))
        for statement in statements:
            connection.execute(text(statement), parameters)


def audit_key(store: Store) -> bytes:
    """Return the decrypted audit key, as an attacker holding the secret key could."""
    with store.operator_read() as session:
        key = read_audit_key(session, session.get_one(AuditChainHead, CHAIN_HEAD_ID))
    assert key is not None
    return key


def rehash(store: Store, sequence: int, key: bytes = b"guessed key") -> None:
    """Recompute and store the hash of entry `sequence` after it was edited, keyed with `key`
    (by default a wrong key, as an attacker without the secret key has to use)."""
    with store.operator_read() as session:
        entry = session.get_one(AuditEntry, sequence)
        digest = EntryContent.of(entry).digest(key)
    statement = "UPDATE audit_entries SET hash = :digest WHERE sequence = :sequence"
    tamper(store, statement, digest=digest, sequence=sequence)

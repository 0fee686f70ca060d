"""Verify the audit chain and name the first entry that was edited, deleted or reordered."""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sellerops.audit.canonical import EntryContent
from sellerops.audit.keys import head_mac, read_audit_key, store_has_rows
from sellerops.models import CHAIN_HEAD_ID, GENESIS_HASH, AuditChainHead, AuditEntry

# Candidate sequences tried per moved entry; keeps a mass rewrite from taking quadratic time.
MAX_REORDER_CANDIDATES = 1000


class Tampering(StrEnum):
    """Kind of change made to an entry, as far as the chain can tell."""

    EDITED = "edited"
    DELETED = "deleted"
    REORDERED = "reordered"
    INSERTED = "inserted"


@dataclass(frozen=True)
class ChainProblem:
    """One break in the chain, located at the sequence number a reader would look up."""

    sequence: int
    kind: Tampering
    message: str


@dataclass(frozen=True)
class ChainReport:
    """The result of a verification: how many entries were read and every break found."""

    checked: int
    problems: list[ChainProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """Return one line: the entry count when intact, else the first problem."""
        if self.ok:
            return f"Audit log intact: {self.checked} entries, hash chain verified."
        more = len(self.problems) - 1
        suffix = f" ({more} more problem{'s' if more != 1 else ''} after it)" if more else ""
        return f"Audit log tampered: {self.problems[0].message}{suffix}"


def verify_audit_log(session: Session) -> ChainReport:
    """Read the whole chain from the database and verify it (see `verify_entries`).

    The session must come from a `Store`, whose secret key decrypts the audit key.

    NOTE: the keyed chain does not detect a cut back to an older head. Anyone who copied the
    chain head row earlier (no key is needed to read it) and can delete rows can remove every
    later entry and restore that row, and the log then verifies as intact. Anyone with both the
    secret key and write access can rewrite any part of the log. Only a copy of the head
    exported regularly to storage that database users cannot write would catch either case.

    NOTE: every entry is loaded into memory (a few hundred bytes each, an estimate). Logs of
    many millions of entries need a streaming pass.
    """
    entries = session.scalars(select(AuditEntry).order_by(AuditEntry.sequence)).all()
    head = session.get(AuditChainHead, CHAIN_HEAD_ID)
    if head is None:
        problem = ChainProblem(0, Tampering.DELETED, "the chain head row was deleted.")
        return ChainReport(checked=len(entries), problems=[problem])

    key = read_audit_key(session, head)
    if key is None:
        return _report_without_key(session, entries, head)

    report = verify_entries(entries, head.last_sequence, head.last_hash, key)
    expected_mac = head_mac(key, head.last_sequence, head.last_hash)
    if head.head_mac is None or not hmac.compare_digest(head.head_mac, expected_mac):
        report.problems.append(
            ChainProblem(
                head.last_sequence,
                Tampering.EDITED,
                f"the chain head (#{head.last_sequence}) was changed without the audit key: "
                f"its MAC does not match.",
            )
        )
    return report


def _report_without_key(session: Session, entries: Sequence[Any], head: Any) -> ChainReport:
    """Report a chain whose head has no audit key, which is valid only in an unused store."""
    if not entries and head.last_sequence == 0 and not store_has_rows(session):
        return ChainReport(checked=0)
    problem = ChainProblem(
        1,
        Tampering.DELETED,
        "the audit key was removed from the chain head, so the log was reset or rewritten "
        "(the store holds plans or tenants, whose creation is always audited).",
    )
    return ChainReport(checked=len(entries), problems=[problem])


def verify_entries(
    entries: Sequence[Any], head_sequence: int, head_hash: str, key: bytes
) -> ChainReport:
    """Check `entries` (sorted by sequence) against each other and against the chain head.

    An entry whose HMAC does not match its own fields was edited, unless its fields match
    under another entry's sequence number, in which case it was moved (reordered). A gap in the
    sequence numbers is a deletion. An intact entry whose `prev_hash` is not the hash of the
    entry before it follows an entry that was edited and re-hashed.
    """
    problems: list[ChainProblem] = []
    intact = {entry.sequence: _matches(entry, key) for entry in entries}
    broken = [entry.sequence for entry in entries if not intact[entry.sequence]]

    expected_sequence = 1
    expected_prev = GENESIS_HASH
    previous_intact = True
    for entry in entries:
        sequence = entry.sequence

        gap = sequence > expected_sequence
        if gap:
            problems.append(_deleted(expected_sequence, sequence - 1))

        if not intact[sequence]:
            problems.append(_moved_or_edited(entry, broken, key))
        elif not gap and previous_intact and entry.prev_hash != expected_prev:
            problems.append(_relinked(sequence))

        expected_sequence = sequence + 1
        expected_prev = entry.hash
        previous_intact = intact[sequence]

    last_sequence = entries[-1].sequence if entries else 0
    problems.extend(_head_problems(last_sequence, expected_prev, head_sequence, head_hash))
    return ChainReport(checked=len(entries), problems=problems)


def _deleted(first: int, last: int) -> ChainProblem:
    if first == last:
        return ChainProblem(first, Tampering.DELETED, f"entry #{first} was deleted.")
    return ChainProblem(first, Tampering.DELETED, f"entries #{first} to #{last} were deleted.")


def _relinked(sequence: int) -> ChainProblem:
    if sequence == 1:
        return ChainProblem(
            1, Tampering.EDITED, "entry #1 was edited and re-hashed: it does not start the chain."
        )
    return ChainProblem(
        sequence - 1,
        Tampering.EDITED,
        f"entry #{sequence - 1} was edited and re-hashed: entry #{sequence} links to a "
        f"different hash.",
    )


def _matches(entry: Any, key: bytes, sequence: int | None = None) -> bool:
    digest = EntryContent.of(entry, sequence=sequence).digest(key)
    return hmac.compare_digest(digest, entry.hash)


def _moved_or_edited(entry: Any, broken: list[int], key: bytes) -> ChainProblem:
    sequence = entry.sequence
    for candidate in broken[:MAX_REORDER_CANDIDATES]:
        if candidate != sequence and _matches(entry, key, candidate):
            return ChainProblem(
                sequence,
                Tampering.REORDERED,
                f"entry #{sequence} was reordered: it holds the entry written as #{candidate}.",
            )
    return ChainProblem(
        sequence,
        Tampering.EDITED,
        f"entry #{sequence} was edited: its stored hash does not match its contents.",
    )


def _head_problems(
    last_sequence: int, last_hash: str, head_sequence: int, head_hash: str
) -> list[ChainProblem]:
    if head_sequence > last_sequence:
        return [_deleted(last_sequence + 1, head_sequence)]
    if head_sequence < last_sequence:
        return [
            ChainProblem(
                head_sequence + 1,
                Tampering.INSERTED,
                f"entries #{head_sequence + 1} to #{last_sequence} were added outside the "
                f"chain: the chain head ends at #{head_sequence}.",
            )
        ]
    if head_hash != last_hash:
        return [
            ChainProblem(
                last_sequence,
                Tampering.EDITED,
                f"entry #{last_sequence} was edited and re-hashed: the chain head records "
                f"a different hash.",
            )
        ]
    return []

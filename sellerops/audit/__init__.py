"""The audit log: append-only, hash-chained, verifiable."""

from sellerops.audit.append import append_entry
from sellerops.audit.records import AuditRecord, AuditResult
from sellerops.audit.verify import ChainProblem, ChainReport, Tampering, verify_audit_log

__all__ = [
    "AuditRecord",
    "AuditResult",
    "ChainProblem",
    "ChainReport",
    "Tampering",
    "append_entry",
    "verify_audit_log",
]

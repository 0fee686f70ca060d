import itertools
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from sqlalchemy import select
from tampering import tamper
from typer.testing import CliRunner

from sellerops.audit import verify_audit_log
from sellerops.cli.main import app
from sellerops.models import AuditEntry
from sellerops.security.keyfile import read_key_file

WORKER = Path(__file__).with_name("append_worker.py")
PER_PROCESS = 500


def run_two_appenders(database_url, key_file):
    environment = {**os.environ, "SELLEROPS_SECRET_KEY": read_key_file(key_file)[0]}
    processes = [
        subprocess.Popen(
            [sys.executable, str(WORKER), database_url, label, str(PER_PROCESS)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment,
        )
        for label in ("worker-a", "worker-b")
    ]

    # Both workers report ready before either receives the signal to start appending.
    for process in processes:
        process.stdout.readline()
    for process in processes:
        process.stdin.write(b"go\n")
        process.stdin.flush()
    errors = [process.communicate(timeout=300)[1].decode() for process in processes]
    return [process.returncode for process in processes], errors


def test_two_processes_keep_chain(bare_store, database_url, settings, monkeypatch):
    codes, errors = run_two_appenders(database_url, settings.resolved_key_file)
    assert codes == [0, 0], errors

    with bare_store.operator_read() as session:
        report = verify_audit_log(session)
        labels = Counter(session.scalars(select(AuditEntry.actor_label)).all())
    assert report.ok, report.summary()
    assert report.checked == 2 * PER_PROCESS
    assert labels == {"worker-a": PER_PROCESS, "worker-b": PER_PROCESS}

    # The appends interleaved: otherwise the test would not have exercised the lock.
    with bare_store.operator_read() as session:
        order = session.scalars(select(AuditEntry.actor_label).order_by(AuditEntry.sequence)).all()
    switches = sum(1 for before, after in itertools.pairwise(order) if before != after)
    assert switches > 1

    tamper(bare_store, "UPDATE audit_entries SET object_id = 'forged' WHERE sequence = 777")
    monkeypatch.setenv("SELLEROPS_DATABASE_URL", database_url)
    monkeypatch.setenv("SELLEROPS_KEY_FILE", str(settings.resolved_key_file))
    result = CliRunner().invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert "entry #777 was edited" in result.stderr

"""Model folders under the data directory: path checks and atomic writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.defs.intelligence.artifacts import artifact_dir, save_artifacts


def test_artifact_dir_layout(tmp_path) -> None:
    folder = artifact_dir(tmp_path, "acme", "a1b2-c3", "rto_risk", "0123456789ab")

    assert folder == tmp_path / "models" / "acme" / "a1b2-c3" / "rto_risk" / "0123456789ab"


@pytest.mark.parametrize(
    ("part", "value"),
    [
        ("tenant_slug", "../other"),
        ("account_id", "a/b"),
        ("model_name", ".hidden"),
        ("version", "v1..2"),
        ("version", ""),
    ],
)
def test_artifact_dir_rejects_part(tmp_path, part, value) -> None:
    parts = {
        "tenant_slug": "acme",
        "account_id": "a1",
        "model_name": "rto_risk",
        "version": "0123456789ab",
    }
    parts[part] = value

    with pytest.raises(ValueError, match="for a model folder"):
        artifact_dir(tmp_path, **parts)


def test_save_writes_every_file(tmp_path) -> None:
    folder = tmp_path / "models" / "v1"

    written = save_artifacts(folder, {"model.txt": "tree\n", "calibration.json": "{}\n"})

    assert written == len("tree\n") + len("{}\n")
    assert (folder / "model.txt").read_text() == "tree\n"
    assert (folder / "calibration.json").read_text() == "{}\n"


def test_save_replaces_and_leaves_no_temporary(tmp_path) -> None:
    folder = tmp_path / "v1"
    save_artifacts(folder, {"model.txt": "old"})

    save_artifacts(folder, {"model.txt": "new"})

    assert (folder / "model.txt").read_text() == "new"
    assert sorted(path.name for path in Path(folder).iterdir()) == ["model.txt"]

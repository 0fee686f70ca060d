"""`sellerops stock ...`, run in-process on both backends."""

import pytest
from test_cli_core import OWNER_ENV, as_owner, cli, tenant

__all__ = ["cli", "tenant"]  # fixtures used by the tests below


@pytest.fixture
def stocked(tenant, tmp_path):
    skus = tmp_path / "skus.csv"
    skus.write_text("sku,title,safety_buffer\nMUG-1,Ceramic Mug,2\n")
    result = tenant(*as_owner("stock", "import", str(skus), "--skus"), env=OWNER_ENV)
    assert result.exit_code == 0, result.output
    return tenant


def stock(run, *args):
    return run(*as_owner("stock", *args), env=OWNER_ENV)


def test_receive_then_levels(stocked):
    result = stock(stocked, "receive", "MUG-1", "10", "--location", "LOC1", "--reference", "G1")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Received MUG-1 at LOC1: +10 on hand, now 10 on hand, 0 reserved, 10 available.\n"
    )

    levels = stock(stocked, "levels")
    assert levels.stdout.splitlines()[1] == "MUG-1\tLOC1\t10\t0\t0\t10\t2"


def test_receive_repeat_changes_nothing(stocked):
    args = ("receive", "MUG-1", "10", "--location", "LOC1", "--reference", "G1")
    stock(stocked, *args)

    result = stock(stocked, *args)

    assert result.exit_code == 0
    assert "was booked before; nothing changed. On hand: 10." in result.stdout


def test_adjust_below_zero_one_line_error(stocked):
    # Options come before `--`, so that the negative delta is not read as an option.
    options = as_owner("stock", "adjust", "--location", "LOC1", "--reason", "broke")
    result = stocked(*options, "--", "MUG-1", "-2", env=OWNER_ENV)

    assert result.exit_code == 2
    assert result.stderr == (
        "Error: Adjusting 'MUG-1' at 'LOC1' by -2 would leave -2 units on hand; record a "
        "stock count instead.\n"
    )


def test_count_unknown_sku_error(stocked):
    result = stock(stocked, "count", "NOPE", "3", "--location", "LOC1")

    assert result.exit_code == 1
    assert result.stderr.startswith("Error: SKU 'NOPE' is not in the SKU master")
    assert len(result.stderr.splitlines()) == 1


def test_import_lists_rejected_lines(stocked, tmp_path):
    path = tmp_path / "stock.csv"
    path.write_text("sku,location_id,quantity\nMUG-1,LOC1,5\nMUG-1,LOC2,-1\nGHOST,LOC1,2\n")

    result = stock(stocked, "import", str(path))

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Loaded 1 stock counts from stock.csv; 2 rejected.",
        "  line 3: quantity -1 is negative; give the counted units (0 or more)",
        "  line 4: sku 'GHOST' is not in the SKU master; import it with the SKU CSV",
    ]


def test_import_missing_file_error(stocked, tmp_path):
    result = stock(stocked, "import", str(tmp_path / "absent.csv"))

    assert result.exit_code == 2
    assert result.stderr.startswith("Error: Cannot read")
    assert len(result.stderr.splitlines()) == 1


def test_export_writes_csv(stocked, tmp_path):
    stock(stocked, "count", "MUG-1", "4", "--location", "LOC1")
    path = tmp_path / "out.csv"

    result = stock(stocked, "export", "--output", str(path))

    assert result.exit_code == 0, result.output
    assert path.read_text().splitlines()[1] == "MUG-1,LOC1,4,0,0,4"


def test_push_unknown_account_error(stocked):
    stock(stocked, "count", "MUG-1", "4", "--location", "LOC1")

    result = stock(stocked, "push", "--account", "no-such-account")

    assert result.exit_code == 1
    assert result.stderr.startswith("Error: No seller account 'no-such-account'")

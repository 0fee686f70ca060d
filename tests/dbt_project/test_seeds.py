"""The seeds agree with the sandbox's geography and catalogue, which the fee oracle uses."""

import csv
from pathlib import Path

from dbt_runner import DBT_PROJECT

from ingestion.sandbox.simulation.categories import CATEGORIES
from ingestion.sandbox.simulation.geography import STATES
from ingestion.sandbox.simulation.records import STATES_BY_TYPE

SEEDS = DBT_PROJECT / "seeds"


def _rows(name: str) -> list[dict[str, str]]:
    with Path(SEEDS / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_gst_states_regions_equal_the_sandbox() -> None:
    """Every sandbox state is in the seed with the same name and region (zones depend on it)."""
    seed = {row["state_code"]: row for row in _rows("gst_states")}

    for code, state in STATES.items():
        assert code in seed, f"state code {code} ({state.name}) is missing from gst_states.csv"
        assert seed[code]["region"] == state.region, code
        assert seed[code]["state_name"] == state.name, code


def test_gst_state_codes_are_two_digits() -> None:
    codes = [row["state_code"] for row in _rows("gst_states")]

    assert all(len(code) == 2 and code.isdigit() for code in codes)


def test_hsn_categories_cover_the_sandbox_catalogue() -> None:
    """Each HSN of the sandbox catalogue maps to the category the sandbox sells it under."""
    seed = {row["hsn"]: row["category"] for row in _rows("hsn_categories")}

    for category in CATEGORIES:
        for kind in category.kinds:
            assert seed.get(kind.hsn) == category.key, f"HSN {kind.hsn} ({kind.noun})"


def test_categories_match_the_sandbox_and_the_rate_card() -> None:
    categories = {row["category"] for row in _rows("categories")}
    card_categories = {row["category"] for row in _rows("rate_card")} - {"*"}

    assert categories == {category.key for category in CATEGORIES}
    assert card_categories <= categories


def test_order_states_know_every_sandbox_status() -> None:
    statuses = {row["item_status"] for row in _rows("order_states")}

    for shipment_type, states in STATES_BY_TYPE.items():
        assert set(states) <= statuses, shipment_type

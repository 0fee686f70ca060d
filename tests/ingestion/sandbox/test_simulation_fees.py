"""Fee arithmetic of the sandbox's own rate-card oracle, checked on hand-computed cases."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from ingestion.sandbox.simulation import Marketplace, SimConfig
from ingestion.sandbox.simulation.fees import (
    DEFAULT_RATE_CARD,
    FeeInput,
    chargeable_weight_g,
    compute_fees,
    load_rate_card,
)

HEADER = (
    "fee_type,category,tier,fulfilment,payment_type,zone,slab_basis,slab_min,slab_max,basis,"
    "value,effective_from,effective_to\n"
)

# A Gold seller's Rs 1,299 kurta sent COD to another region, weighing 369.6 g chargeable.
KURTA = FeeInput(
    category="apparel",
    tier="GOLD",
    fulfilment="NON_FBF",
    payment_type="COD",
    zone="national",
    unit_price=Decimal("1299"),
    quantity=1,
    shipping_charge=Decimal("0"),
    unit_weight_g=Decimal("369.6"),
    order_date=date(2026, 11, 15),
    outcome="delivered",
)


@pytest.fixture(scope="module")
def card():
    return load_rate_card(DEFAULT_RATE_CARD)


# Each case: changes to KURTA, then commission, fixed fee, collection fee, forward shipping,
# reverse shipping, GST on fees and total, worked out by hand from rate_card.csv.
CASES = [
    # 19 % of 1299, Gold non-FBF fixed fee 65 for 1,001-5,000, national under 500 g: 40.
    ({}, ("246.81", "65.00", "0.00", "40.00", "0.00", "63.33", "415.14")),
    # The May 2024 card: fixed fee 55 above Rs 1,000 for every tier.
    (
        {"order_date": date(2025, 6, 1)},
        ("246.81", "55.00", "0.00", "40.00", "0.00", "61.53", "403.34"),
    ),
    # The 2023 card: 17 % commission, COD collection fee 20, national shipping 65.
    (
        {"order_date": date(2024, 1, 15)},
        ("220.83", "50.00", "20.00", "65.00", "0.00", "64.05", "419.88"),
    ),
    # RTO: commission and fixed fee waived, reverse shipping 185 since 1 Oct 2026.
    ({"outcome": "rto"}, ("0.00", "0.00", "0.00", "40.00", "185.00", "40.50", "265.50")),
    # RTO before the 1 Oct 2026 revision: reverse shipping 175.
    (
        {"outcome": "rto", "order_date": date(2026, 9, 15)},
        ("0.00", "0.00", "0.00", "40.00", "175.00", "38.70", "253.70"),
    ),
    # Customer return: commission refunded, fixed fee and both shipping legs charged.
    (
        {"outcome": "customer_return"},
        ("0.00", "65.00", "0.00", "40.00", "185.00", "52.20", "342.20"),
    ),
    ({"outcome": "cancelled"}, ("0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00")),
    # 0 % commission up to Rs 1,000 since Nov 2025, fixed fee 30 for 501-1,000.
    ({"unit_price": Decimal("999")}, ("0.00", "30.00", "0.00", "40.00", "0.00", "12.60", "82.60")),
    # Slab upper bounds are inclusive: Rs 250 pays the up-to-250 fixed fee of 11.
    (
        {"unit_price": Decimal("250"), "zone": "local"},
        ("0.00", "11.00", "0.00", "0.00", "0.00", "1.98", "12.98"),
    ),
    (
        {"unit_price": Decimal("251"), "zone": "local"},
        ("0.00", "18.00", "0.00", "0.00", "0.00", "3.24", "21.24"),
    ),
    # Two units: commission on the line value, fixed fee and shipping per unit.
    (
        {"quantity": 2, "unit_price": Decimal("1100")},
        ("418.00", "130.00", "0.00", "80.00", "0.00", "113.04", "741.04"),
    ),
    # Silver tier pays 75 for 1,001-5,000, and 1.2 kg zonal ships for 63.
    (
        {"tier": "SILVER", "zone": "zonal", "unit_weight_g": Decimal("1200")},
        ("246.81", "75.00", "0.00", "63.00", "0.00", "69.27", "454.08"),
    ),
]
FEE_NAMES = (
    "commission",
    "fixed_fee",
    "collection_fee",
    "forward_shipping",
    "reverse_shipping",
    "gst_on_fees",
    "total",
)


@pytest.mark.parametrize(("changes", "expected"), CASES)
def test_fee_cases(card, changes, expected):
    fees = compute_fees(card, replace(KURTA, **changes))

    for name, amount in zip(FEE_NAMES, expected, strict=True):
        assert fees[name] == Decimal(amount), name


def test_specific_rule_beats_wildcard(tmp_path):
    path = tmp_path / "card.csv"
    path.write_text(
        HEADER
        + "commission,*,*,*,*,*,price,0,,percent,10,2020-01-01,\n"
        + "commission,apparel,*,*,*,*,price,0,,percent,5,2020-01-01,\n"
    )

    fees = compute_fees(load_rate_card(path), KURTA)

    assert fees["commission"] == Decimal("64.95")


def test_missing_rule_means_no_fee(tmp_path):
    path = tmp_path / "card.csv"
    path.write_text(HEADER + "commission,books,*,*,*,*,price,0,,percent,5,2020-01-01,\n")

    fees = compute_fees(load_rate_card(path), KURTA)

    assert fees["total"] == Decimal("0.00")


def test_shipping_charge_counts_in_commission(tmp_path):
    path = tmp_path / "card.csv"
    path.write_text(HEADER + "commission,*,*,*,*,*,price,0,,percent,10,2020-01-01,\n")
    item = replace(KURTA, unit_price=Decimal("299"), shipping_charge=Decimal("40"))

    assert compute_fees(load_rate_card(path), item)["commission"] == Decimal("33.90")


def test_malformed_card_names_the_line(tmp_path):
    path = tmp_path / "card.csv"
    path.write_text(HEADER + "commission,*,*,*,*,*,price,0,,percent,ten,2020-01-01,\n")

    with pytest.raises(ValueError, match="line 2"):
        load_rate_card(path)


def test_chargeable_weight_takes_volumetric():
    assert chargeable_weight_g(600, 40, 30, 20) == Decimal("4800")


def test_chargeable_weight_takes_dead_weight():
    assert chargeable_weight_g(900, 10, 10, 10) == Decimal("900")


def test_truth_fees_use_given_card(tmp_path):
    path = tmp_path / "card.csv"
    path.write_text(HEADER + "fixed_fee,*,*,*,*,*,price,0,,flat,7,2020-01-01,\n")
    market = Marketplace(SimConfig(seed=2, sellers=1, history_days=5, orders_per_day=10, speed=0))

    truth = market.truth(rate_card=path)
    seller = next(iter(truth["sellers"].values()))
    delivered = [item for item in seller["orderItems"].values() if item["outcome"] == "delivered"]

    assert delivered
    for item in delivered:
        assert item["fees"]["fixed_fee"] == str(
            Decimal(7 * item["quantity"]).quantize(Decimal("0.01"))
        )

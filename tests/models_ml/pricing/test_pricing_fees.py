"""The Python fee and profit arithmetic against the warehouse's fee model and small cards."""

from datetime import date
from decimal import Decimal

import duckdb
import pytest
from pricing_warehouse import PricingWarehouse, seed_rate_card

from models_ml.pricing.fees import FeeCase, item_fees, item_money, parse_rate_card


def case(**overrides) -> FeeCase:
    values = {
        "category": "toys",
        "tier": "GOLD",
        "fulfilment": "NON_FBF",
        "payment_type": "PREPAID",
        "zone": "local",
        "quantity": 1,
        "selling_price": Decimal("400"),
        "shipping_charge": Decimal("0"),
        "unit_weight_g": Decimal("300"),
        "order_date": date(2025, 6, 1),
        "outcome": "delivered",
        "gst_rate": Decimal("18"),
        "cost_price": Decimal("200"),
    }
    values.update(overrides)
    return FeeCase(**values)


RATE_CARD_COLUMNS = (
    "fee_type",
    "category",
    "tier",
    "fulfilment",
    "payment_type",
    "zone",
    "slab_basis",
    "slab_min",
    "slab_max",
    "basis",
    "value",
    "effective_from",
    "effective_to",
)


def card(*rows: str):
    """Return the rules of rate card CSV lines written without a header."""
    lines = [dict(zip(RATE_CARD_COLUMNS, row.split(","), strict=True)) for row in rows]
    return parse_rate_card(lines)


@pytest.mark.xdist_group("dbt-build")
def test_fees_match_warehouse_to_paisa(pricing_warehouse: PricingWarehouse):
    """Every order item's fees, GST on fees, taxable value and net profit equal the mart's."""
    rules = parse_rate_card(pricing_warehouse.rate_card.to_dicts())
    items = pricing_warehouse.items
    connection = duckdb.connect(str(pricing_warehouse.path), read_only=True)
    try:
        mart = connection.sql(
            "select order_item_id, marketplace_fees, gst_on_fees, taxable_value, net_profit "
            "from marts.order_items"
        ).pl()
    finally:
        connection.close()
    expected = {row["order_item_id"]: row for row in mart.iter_rows(named=True)}

    mismatches = []
    for row in items.iter_rows(named=True):
        money = item_money(
            rules,
            FeeCase(
                category=row["category"],
                tier=row["tier"],
                fulfilment=row["fulfilment"],
                payment_type=row["payment_type"],
                zone=row["zone"],
                quantity=row["quantity"],
                selling_price=row["selling_price"],
                shipping_charge=row["shipping_charge"],
                unit_weight_g=row["unit_weight_g"],
                order_date=row["order_date"],
                outcome=row["outcome"],
                gst_rate=row["gst_rate"] if row["gst_rate"] is not None else Decimal(0),
                cost_price=row["cost_price"],
            ),
        )
        want = expected[row["order_item_id"]]
        got = (money.marketplace_fees, money.gst_on_fees, money.taxable_value, money.net_profit)
        expected_values = (
            want["marketplace_fees"],
            want["gst_on_fees"],
            want["taxable_value"],
            want["net_profit"],
        )
        if got != expected_values:
            mismatches.append((row["order_item_id"], got, expected_values))

    assert items.height > 5000
    assert set(items["outcome"]) >= {"delivered", "rto", "customer_return", "cancelled"}
    assert mismatches == []


@pytest.mark.parametrize(
    ("selling_price", "quantity", "fixed_fee"),
    [
        (Decimal("300"), 1, Decimal("15.00")),
        (Decimal("300.01"), 1, Decimal("20.00")),
        (Decimal("600"), 2, Decimal("30.00")),
        (Decimal("600.02"), 2, Decimal("40.00")),
    ],
)
def test_price_slab_upper_edge_inclusive(selling_price, quantity, fixed_fee):
    rules = card(
        "fixed_fee,*,*,*,*,*,price,0,300,flat,15,2023-04-01,",
        "fixed_fee,*,*,*,*,*,price,300,500,flat,20,2023-04-01,",
    )
    fees = item_fees(rules, case(selling_price=selling_price, quantity=quantity))
    assert fees["fixed_fee"] == fixed_fee


def test_most_specific_rule_wins():
    rules = card(
        "fixed_fee,*,*,*,*,*,price,0,,flat,5,2023-04-01,",
        "fixed_fee,*,GOLD,NON_FBF,*,*,price,0,250,flat,11,2025-11-01,",
    )
    gold = item_fees(rules, case(selling_price=Decimal("200"), order_date=date(2025, 12, 1)))
    silver = item_fees(
        rules, case(selling_price=Decimal("200"), order_date=date(2025, 12, 1), tier="SILVER")
    )
    assert gold["fixed_fee"] == Decimal("11.00")
    assert silver["fixed_fee"] == Decimal("5.00")


@pytest.mark.parametrize(
    ("outcome", "charged"),
    [
        ("delivered", {"commission", "fixed_fee", "collection_fee", "forward_shipping"}),
        ("open", {"commission", "fixed_fee", "collection_fee", "forward_shipping"}),
        ("rto", {"forward_shipping", "reverse_shipping"}),
        (
            "customer_return",
            {"fixed_fee", "collection_fee", "forward_shipping", "reverse_shipping"},
        ),
        ("cancelled", set()),
    ],
)
def test_outcome_decides_fees_charged(outcome, charged):
    fees = item_fees(seed_rate_card(), case(outcome=outcome, order_date=date(2024, 1, 10)))
    assert {name for name, amount in fees.items() if amount > 0} == charged


def test_rto_loses_fees_only():
    money = item_money(seed_rate_card(), case(outcome="rto", zone="national"))
    assert money.net_profit == -(money.marketplace_fees + money.gst_on_fees)
    assert money.net_profit < 0


def test_percent_fee_rounds_half_up():
    rules = card("commission,toys,*,*,*,*,price,0,,percent,10,2023-04-01,")
    fees = item_fees(rules, case(selling_price=Decimal("100.05")))
    assert fees["commission"] == Decimal("10.01")


def test_invalid_rate_card_row_named():
    with pytest.raises(ValueError, match="row 1"):
        card("discount,*,*,*,*,*,price,0,,flat,5,2023-04-01,")


def test_invalid_outcome_rejected():
    with pytest.raises(ValueError, match="Outcome 'lost'"):
        item_fees(seed_rate_card(), case(outcome="lost"))

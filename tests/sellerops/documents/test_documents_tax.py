"""GST arithmetic: tax heads per line by place of supply, paise rounding and the round-off."""

from decimal import Decimal

import pytest

from sellerops.documents.model import LineInput
from sellerops.documents.tax import compute_lines, gst_state, totals
from sellerops.errors import InvalidInputError

D = Decimal


def line(price, rate, *, quantity=1, discount="0", shipping="0", item="OI-1"):
    return LineInput(
        order_item_id=item,
        sku="SKU-1",
        fsn=None,
        title="Steel Water Bottle",
        hsn="7323",
        quantity=quantity,
        unit_price=D(price),
        discount=D(discount),
        shipping=D(shipping),
        gst_rate=D(rate),
    )


# (case, line, seller state, delivery state, expected taxable, {head: (rate, amount)}, total)
CASES = [
    (
        "intra-state",
        line("1180", "18"),
        "29",
        "29",
        "1000.00",
        {"cgst": ("9", "90.00"), "sgst": ("9", "90.00")},
        "1180.00",
    ),
    ("inter-state", line("1599", "5"), "29", "27", "1522.86", {"igst": ("5", "76.14")}, "1599.00"),
    (
        "UT without legislature",
        line("1050", "5"),
        "04",
        "04",
        "1000.00",
        {"cgst": ("2.5", "25.00"), "utgst": ("2.5", "25.00")},
        "1050.00",
    ),
    (
        "UT with legislature",
        line("1120", "12"),
        "07",
        "07",
        "1000.00",
        {"cgst": ("6", "60.00"), "sgst": ("6", "60.00")},
        "1120.00",
    ),
    (
        "into UT without legislature",
        line("1050", "5"),
        "29",
        "04",
        "1000.00",
        {"igst": ("5", "50.00")},
        "1050.00",
    ),
    (
        "into UT with legislature",
        line("1050", "5"),
        "29",
        "34",
        "1000.00",
        {"igst": ("5", "50.00")},
        "1050.00",
    ),
    (
        "quantity above one",
        line("118", "18", quantity=3),
        "29",
        "33",
        "300.00",
        {"igst": ("18", "54.00")},
        "354.00",
    ),
    (
        "discount",
        line("500", "12", quantity=2, discount="100"),
        "29",
        "29",
        "803.57",
        {"cgst": ("6", "48.21"), "sgst": ("6", "48.21")},
        "899.99",
    ),
    (
        "shipping",
        line("452", "5", shipping="49"),
        "29",
        "27",
        "477.14",
        {"igst": ("5", "23.86")},
        "501.00",
    ),
    (
        "zero-rated",
        line("250", "0"),
        "29",
        "29",
        "250.00",
        {"cgst": ("0", "0.00"), "sgst": ("0", "0.00")},
        "250.00",
    ),
    (
        "half paisa rounds up",
        line("1.05", "5"),
        "29",
        "29",
        "1.00",
        {"cgst": ("2.5", "0.03"), "sgst": ("2.5", "0.03")},
        "1.06",
    ),
]
HEADS = ("cgst", "sgst", "utgst", "igst")


@pytest.mark.parametrize(
    ("case", "given", "seller", "delivery", "taxable", "heads", "total"),
    CASES,
    ids=[case[0] for case in CASES],
)
def test_tax_line(case, given, seller, delivery, taxable, heads, total):
    (computed,) = compute_lines([given], seller, delivery)

    assert computed.taxable_value == D(taxable), case
    for head in HEADS:
        rate, amount = heads.get(head, ("0", "0.00"))
        assert getattr(computed, f"{head}_rate") == D(rate), f"{case}: {head} rate"
        assert getattr(computed, head) == D(amount), f"{case}: {head} amount"
    assert computed.total == D(total), case
    assert computed.line is given


def test_gross_includes_shipping_less_discount():
    (computed,) = compute_lines(
        [line("500", "12", quantity=2, discount="100", shipping="40")], "29", "29"
    )
    assert computed.gross == D("940.00")


def test_amounts_keep_paise():
    (computed,) = compute_lines([line("1599", "5")], "29", "27")
    assert computed.taxable_value.as_tuple().exponent == -2
    assert computed.igst.as_tuple().exponent == -2


def test_totals_lines_at_different_rates():
    lines = [line("1180", "18", item="A"), line("1050", "5", item="B"), line("250", "0", item="C")]
    summed = totals(compute_lines(lines, "29", "29"))

    assert summed.taxable_total == D("2250.00")
    assert summed.cgst_total == D("115.00")
    assert summed.sgst_total == D("115.00")
    assert summed.utgst_total == D("0.00")
    assert summed.igst_total == D("0.00")
    assert summed.round_off == D("0.00")
    assert summed.grand_total == D("2480")


@pytest.mark.parametrize(
    ("lines", "round_off", "grand_total"),
    [
        ([line("500", "12", quantity=2, discount="100")], "0.01", "900"),
        ([line("1.05", "5")], "-0.06", "1"),
        ([line("1599", "5"), line("452", "5", shipping="49", item="OI-2")], "0.00", "2100"),
    ],
    ids=["up", "down", "exact"],
)
def test_totals_round_off(lines, round_off, grand_total):
    summed = totals(compute_lines(lines, "29", "29"))
    exact = sum((tax_line.total for tax_line in compute_lines(lines, "29", "29")), D("0"))

    assert summed.round_off == D(round_off)
    assert summed.grand_total == D(grand_total)
    assert summed.grand_total == exact + summed.round_off


def test_totals_of_inter_state_lines():
    lines = [line("1599", "5"), line("118", "18", quantity=3, item="OI-2")]
    summed = totals(compute_lines(lines, "29", "27"))

    assert summed.igst_total == D("130.14")
    assert summed.cgst_total == D("0.00")
    assert summed.taxable_total == D("1822.86")


def test_state_label_from_seed():
    assert gst_state("29").label == "Karnataka (29)"
    assert gst_state("4").uses_utgst


def test_unknown_state_rejected():
    with pytest.raises(InvalidInputError) as caught:
        compute_lines([line("100", "5")], "29", "99")
    assert "Unknown GST state code '99'" in str(caught.value)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (line("100", "5", quantity=0), "quantity 0 is below 1"),
        (line("-1", "5"), "must not be negative"),
        (line("100", "150"), "GST rate 150 is outside 0-100"),
        (line("100", "5", discount="200"), "discount 200 exceeds"),
    ],
    ids=["quantity", "negative", "rate", "discount"],
)
def test_invalid_line_rejected(given, message):
    with pytest.raises(InvalidInputError) as caught:
        compute_lines([given], "29", "29")
    assert message in str(caught.value)

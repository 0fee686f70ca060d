"""Amounts in words with Indian grouping."""

from decimal import Decimal

import pytest

from sellerops.documents.words import amount_in_words
from sellerops.errors import InvalidInputError

CASES = [
    ("0", "Rupees Zero Only"),
    ("0.50", "Fifty Paise Only"),
    ("0.05", "Five Paise Only"),
    ("1", "Rupees One Only"),
    ("15.75", "Rupees Fifteen and Seventy Five Paise Only"),
    ("999", "Rupees Nine Hundred Ninety Nine Only"),
    ("1000", "Rupees One Thousand Only"),
    ("100000", "Rupees One Lakh Only"),
    ("120050", "Rupees One Lakh Twenty Thousand Fifty Only"),
    ("10000000", "Rupees One Crore Only"),
    (
        "999999999",
        "Rupees Ninety Nine Crore Ninety Nine Lakh Ninety Nine Thousand Nine Hundred "
        "Ninety Nine Only",
    ),
    ("1000000000", "Rupees One Hundred Crore Only"),
    (
        "12345678901.10",
        "Rupees One Thousand Two Hundred Thirty Four Crore Fifty Six Lakh Seventy "
        "Eight Thousand Nine Hundred One and Ten Paise Only",
    ),
    ("2.345", "Rupees Two and Thirty Five Paise Only"),
]


@pytest.mark.parametrize(("amount", "words"), CASES, ids=[case[0] for case in CASES])
def test_amount_in_words(amount, words):
    assert amount_in_words(Decimal(amount)) == words


def test_negative_amount_rejected():
    with pytest.raises(InvalidInputError):
        amount_in_words(Decimal("-1"))

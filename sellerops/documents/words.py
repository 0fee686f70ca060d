"""Amounts in words with Indian grouping: thousand, lakh (1,00,000) and crore (1,00,00,000)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from sellerops.errors import InvalidInputError

ONES = [
    "Zero",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Eleven",
    "Twelve",
    "Thirteen",
    "Fourteen",
    "Fifteen",
    "Sixteen",
    "Seventeen",
    "Eighteen",
    "Nineteen",
]
TENS = ["_", "_", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety"]

CRORE = 10_000_000
LAKH = 100_000
THOUSAND = 1_000
HUNDRED = 100


def amount_in_words(amount: Decimal) -> str:
    """Spell a rupee amount, rounded half up to the paisa, e.g. "Rupees One Lakh Only".

    Paise follow the rupees ("Rupees Ten and Fifty Paise Only"); an amount below one rupee is
    spelt in paise alone ("Fifty Paise Only"). Amounts of 100 crore and more repeat the
    grouping inside the crore count ("One Hundred Twenty Crore").
    """
    if amount < 0:
        raise InvalidInputError(
            f"Amount {amount} is negative; spell the absolute value and print the sign apart."
        )
    exact = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    rupees = int(exact)
    paise = int((exact - rupees) * 100)

    if rupees == 0 and paise > 0:
        return f"{whole_number_in_words(paise)} Paise Only"
    text = f"Rupees {whole_number_in_words(rupees)}"
    if paise:
        text += f" and {whole_number_in_words(paise)} Paise"
    return f"{text} Only"


def whole_number_in_words(number: int) -> str:
    """Spell a non-negative whole number with Indian grouping."""
    if number < 0:
        raise InvalidInputError(f"Number {number} is negative; pass zero or more.")
    if number == 0:
        return ONES[0]
    return " ".join(_groups(number))


def _groups(number: int) -> list[str]:
    words: list[str] = []

    crores, number = divmod(number, CRORE)
    if crores:
        # A crore count of 100 or more is itself spelt with lakh and thousand.
        words += [*_groups(crores), "Crore"]
    for size, name in ((LAKH, "Lakh"), (THOUSAND, "Thousand"), (HUNDRED, "Hundred")):
        count, number = divmod(number, size)
        if count:
            words += [*_below_hundred(count), name]
    if number:
        words += _below_hundred(number)
    return words


def _below_hundred(number: int) -> list[str]:
    if number < 20:
        return [ONES[number]]
    tens, ones = divmod(number, 10)
    return [TENS[tens]] if ones == 0 else [TENS[tens], ONES[ones]]

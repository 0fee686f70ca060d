"""The SKU master of a tenant: validate and upsert SKU rows, list them."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, fields, replace
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from sqlalchemy import select

from sellerops.errors import InvalidInputError
from sellerops.models import Sku
from sellerops.security.permissions import Action
from sellerops.security.text_input import has_control_characters
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize, record_success
from sellerops.services.locks import lock_tenant
from sellerops.services.stock_values import check_sku_start

# Column lengths of `skus`.
MAX_SKU_LENGTH = 100
MAX_TITLE_LENGTH = 300
MAX_CATEGORY_LENGTH = 64

# GST rates in percent: the general slabs, 0.25 % (rough precious stones) and 3 % (gold and
# jewellery).
GST_RATES = frozenset(Decimal(rate) for rate in ("0", "0.25", "3", "5", "12", "18", "28", "40"))
HSN_PATTERN = re.compile(r"^[0-9]{4}([0-9]{2}){0,2}$")
PAISA = Decimal("0.01")
# Upper bounds (exclusive) that fit NUMERIC(18,2) and NUMERIC(8,2).
MAX_COST_PRICE = Decimal(10) ** 16
MAX_SIZE_CM = Decimal(10) ** 6
MAX_INTEGER = 2**31 - 1
# The catalogue categories that the rate card prices; the warehouse reads the same seed.
CATEGORIES_SEED = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "categories.csv"
# SKUs looked up per query, far below the bound-parameter limits of SQLite and PostgreSQL.
LOOKUP_BATCH = 500

MASTER_FIELDS = (
    "title",
    "category",
    "hsn",
    "gst_rate",
    "cost_price",
    "weight_g",
    "length_cm",
    "breadth_cm",
    "height_cm",
    "low_stock_threshold",
    "safety_buffer",
)


@dataclass(frozen=True)
class SkuInput:
    """One SKU row to upsert: rates in percent, money in rupees, weight in g, sizes in cm.

    Numbers may be given as `Decimal`, `int` or numeric text. Every field except `sku` may be
    None, and an upsert stores None as NULL.
    """

    sku: str
    title: str = ""
    category: str | None = None
    hsn: str | None = None
    gst_rate: Decimal | int | str | None = None
    cost_price: Decimal | int | str | None = None
    weight_g: int | None = None
    length_cm: Decimal | int | str | None = None
    breadth_cm: Decimal | int | str | None = None
    height_cm: Decimal | int | str | None = None
    low_stock_threshold: int | None = None
    safety_buffer: int | None = None


@dataclass(frozen=True)
class SkuView:
    """A SKU of the master as services return it."""

    id: str
    sku: str
    title: str
    category: str | None
    hsn: str | None
    gst_rate: Decimal | None
    cost_price: Decimal | None
    weight_g: int | None
    length_cm: Decimal | None
    breadth_cm: Decimal | None
    height_cm: Decimal | None
    low_stock_threshold: int | None
    safety_buffer: int | None
    updated_at: datetime

    @classmethod
    def of(cls, row: Sku) -> SkuView:
        return cls(**{field.name: getattr(row, field.name) for field in fields(cls)})


def upsert_skus(actor: Actor, rows: list[SkuInput]) -> int:
    """Insert or replace SKUs by (tenant, sku); return how many rows were inserted or changed.

    Every row is checked before anything is written, and the first invalid row raises
    `InvalidInputError` naming its number (from 1) and the value.
    """
    checked = [validate_sku(number, row) for number, row in enumerate(rows, start=1)]
    _reject_repeats(checked)
    authorize(actor, Action.SKU_EDIT, object_type="sku_master", object_id=actor.tenant_id)

    with actor.store.write(actor.tenant_id) as session:
        # Serializes upserts of one tenant, so two writers never insert the same SKU.
        lock_tenant(session, actor.tenant_id)
        existing: dict[str, Sku] = {}
        for start in range(0, len(checked), LOOKUP_BATCH):
            names = [row.sku for row in checked[start : start + LOOKUP_BATCH]]
            for stored in session.scalars(select(Sku).where(Sku.sku.in_(names))).all():
                existing[stored.sku] = stored

        inserted = updated = 0
        for row in checked:
            values = {name: getattr(row, name) for name in MASTER_FIELDS}
            stored = existing.get(row.sku)
            if stored is None:
                session.add(Sku(tenant_id=actor.tenant_id, sku=row.sku, **values))
                inserted += 1
            elif any(getattr(stored, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(stored, name, value)
                updated += 1
        session.flush()

        detail = {"rows": len(checked), "inserted": inserted, "updated": updated}
        record_success(
            session,
            actor,
            Action.SKU_EDIT,
            object_type="sku_master",
            object_id=actor.tenant_id,
            detail=detail,
        )
        return inserted + updated


def list_skus(actor: Actor) -> list[SkuView]:
    """Return the SKU master of the actor's tenant, by SKU."""
    authorize(actor, Action.SKU_VIEW, object_type="sku_master", object_id=actor.tenant_id)
    with actor.store.read(actor.tenant_id) as session:
        rows = session.scalars(select(Sku).order_by(Sku.sku)).all()
        return [SkuView.of(row) for row in rows]


def validate_sku(number: int, row: SkuInput) -> SkuInput:
    """Return `row` normalized (text stripped, numbers as `Decimal`); raises `InvalidInputError`."""
    where = f"SKU row {number}"
    sku = _text(where, "sku", row.sku, MAX_SKU_LENGTH)
    if not sku:
        raise InvalidInputError(f"{where}: the sku is empty; give the seller's SKU id.")
    try:
        check_sku_start(sku)
    except InvalidInputError as error:
        raise InvalidInputError(f"{where}: {error}") from None
    where = f"SKU row {number} ({sku!r})"

    hsn = _optional_text(where, "hsn", row.hsn, 8)
    if hsn is not None and not HSN_PATTERN.match(hsn):
        raise InvalidInputError(f"{where}: hsn {hsn!r} is invalid; use 4, 6 or 8 digits.")

    gst_rate = _decimal(where, "gst_rate", row.gst_rate)
    if gst_rate is not None and gst_rate not in GST_RATES:
        rates = ", ".join(str(rate) for rate in sorted(GST_RATES))
        raise InvalidInputError(f"{where}: gst_rate {gst_rate} is not a GST rate; use {rates}.")

    cost_price = _decimal(where, "cost_price", row.cost_price)
    if cost_price is not None and not Decimal(0) <= cost_price < MAX_COST_PRICE:
        raise InvalidInputError(f"{where}: cost_price {cost_price} must be 0 or more rupees.")

    sizes = {
        name: _positive_decimal(where, name, getattr(row, name), MAX_SIZE_CM)
        for name in ("length_cm", "breadth_cm", "height_cm")
    }
    return replace(
        row,
        sku=sku,
        title=_text(where, "title", row.title or "", MAX_TITLE_LENGTH),
        category=_category(where, row.category),
        hsn=hsn,
        gst_rate=gst_rate,
        cost_price=cost_price,
        weight_g=_integer(where, "weight_g", row.weight_g, minimum=1),
        low_stock_threshold=_integer(where, "low_stock_threshold", row.low_stock_threshold),
        safety_buffer=_integer(where, "safety_buffer", row.safety_buffer),
        **sizes,
    )


def _reject_repeats(rows: list[SkuInput]) -> None:
    first_row: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        if row.sku in first_row:
            raise InvalidInputError(
                f"SKU row {number}: sku {row.sku!r} repeats row {first_row[row.sku]}; "
                f"give each SKU once."
            )
        first_row[row.sku] = number


def _text(where: str, name: str, value: object, maximum: int) -> str:
    if not isinstance(value, str):
        raise InvalidInputError(f"{where}: {name} must be text, got {value!r}.")
    text = value.strip()
    if len(text) > maximum:
        raise InvalidInputError(
            f"{where}: {name} has {len(text)} characters; use at most {maximum}."
        )
    if has_control_characters(text):
        raise InvalidInputError(f"{where}: {name} contains a control character; remove it.")
    return text


def _optional_text(where: str, name: str, value: object, maximum: int) -> str | None:
    if value is None:
        return None
    return _text(where, name, value, maximum) or None


@cache
def known_categories() -> tuple[str, ...]:
    """Return the category ids of the categories seed, in file order."""
    with CATEGORIES_SEED.open(newline="", encoding="utf-8") as seed:
        return tuple(row["category"] for row in csv.DictReader(seed))


def _category(where: str, value: object) -> str | None:
    category = _optional_text(where, "category", value, MAX_CATEGORY_LENGTH)
    if category is None:
        return None

    categories = known_categories()
    if category not in categories:
        raise InvalidInputError(
            f"{where}: category {category!r} is not a known category; use one of "
            f"{', '.join(categories)}, or leave it empty to take it from the HSN code."
        )
    return category


def _decimal(where: str, name: str, value: object) -> Decimal | None:
    """Return `value` as a Decimal with at most 2 decimals, or None when absent or blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool | float):
        raise InvalidInputError(
            f"{where}: {name} {value!r} must be a Decimal, an int or numeric text."
        )
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)  # type: ignore[arg-type]
    except (InvalidOperation, TypeError, ValueError):
        raise InvalidInputError(f"{where}: {name} {value!r} is not a number.") from None
    if not number.is_finite():
        raise InvalidInputError(f"{where}: {name} {value!r} is not a finite number.")
    if number != number.quantize(PAISA):
        raise InvalidInputError(f"{where}: {name} {value} has more than 2 decimals; round it.")
    return number


def _positive_decimal(where: str, name: str, value: object, limit: Decimal) -> Decimal | None:
    number = _decimal(where, name, value)
    if number is not None and not Decimal(0) < number < limit:
        raise InvalidInputError(f"{where}: {name} {number} must be more than 0 and below {limit}.")
    return number


def _integer(where: str, name: str, value: object, *, minimum: int = 0) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError(f"{where}: {name} {value!r} must be a whole number.")
    if not minimum <= value <= MAX_INTEGER:
        raise InvalidInputError(
            f"{where}: {name} {value} must be between {minimum} and {MAX_INTEGER}."
        )
    return value

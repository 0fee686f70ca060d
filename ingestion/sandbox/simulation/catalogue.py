"""A seller's catalogue: SKUs with FSNs, listing ids, prices, stock per location and true demand."""

import hashlib
import random
import string
from dataclasses import dataclass, field

from .categories import CATEGORIES, Category, ProductKind, gst_rate

_UPPER_ALNUM = string.ascii_uppercase + string.digits

MIN_SKUS = 40
MAX_SKUS = 150
# Share of SKU-locations with fewer units on the shelf than the listing shows (as when a
# seller uploads stock once and then sells elsewhere), and the range of units they contain.
SHORT_SHELF_SHARE = 0.2
SHORT_SHELF_UNITS = (1, 8)


@dataclass(slots=True)
class Product:
    """One SKU of one seller: static product facts plus its current listing state."""

    sku: str
    fsn: str
    listing_id: str
    title: str
    category: Category
    kind: ProductKind
    mrp: int
    base_price: int  # the price at which the demand multiplier is 1
    elasticity: float  # demand multiplier = (price / base_price) ** elasticity
    popularity: float  # relative share of the seller's demand at base price
    weight_g: int
    size_cm: tuple[int, int, int]
    dispatch_sla: int  # days from order to dispatch-by
    slow_to_pack: bool  # packing this SKU takes the seller longer (made to order, fragile...)
    selling_price: int = 0
    listing_status: str = "ACTIVE"
    stock: dict[str, int] = field(default_factory=dict)  # location id -> listed units
    # Units on the seller's shelf and units promised to open live orders, by location id.
    physical: dict[str, int] = field(default_factory=dict)
    committed: dict[str, int] = field(default_factory=dict)
    location_enabled: dict[str, bool] = field(default_factory=dict)

    def demand_multiplier(self) -> float:
        """Return the true demand multiplier of the current listed price."""
        return (self.selling_price / self.base_price) ** self.elasticity

    def gst_rate(self, unit_price: float | None = None) -> int:
        """Return the GST rate in percent at unit_price (default: the listed price)."""
        return gst_rate(self.kind, self.selling_price if unit_price is None else unit_price)

    def package_id(self) -> str:
        """Return the package id: PKG followed by the listing id's FSN and suffix."""
        return "PKG" + self.listing_id[3:]

    def sellable_at(self, location_id: str, quantity: int) -> bool:
        """Return whether quantity units can be sold from the location right now."""
        return (
            self.listing_status == "ACTIVE"
            and self.location_enabled.get(location_id, False)
            and self.stock.get(location_id, 0) >= quantity
        )


def round_price(value: float) -> int:
    """Round a rupee amount to a retail price ending in 9 (e.g. 499, 1299)."""
    if value >= 1000:
        return int(value // 100) * 100 + 99
    return int(value // 10) * 10 + 9


def initial_physical_stock(fsn: str, location_id: str, listed: int) -> int:
    """Return the units on the shelf at start: the listed stock, or a few units on a short shelf.

    The choice comes from a SHA-256 of the FSN and location rather than a random stream, so
    adding physical stock changed no other output of the simulator.
    """
    digest = hashlib.sha256(f"{fsn}:{location_id}:shelf".encode()).digest()
    fraction = int.from_bytes(digest[:8], "big") / 2**64
    if fraction >= SHORT_SHELF_SHARE:
        return listed
    low, high = SHORT_SHELF_UNITS
    units = low + int(fraction / SHORT_SHELF_SHARE * (high - low + 1))
    return min(units, listed)


def _random_code(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(_UPPER_ALNUM) for _ in range(length))


def build_catalogue(
    rng: random.Random, seller_code: str, location_ids: tuple[str, ...]
) -> list[Product]:
    """Build 40-150 SKUs over several categories, with popularity following a Zipf-like curve."""
    count = rng.randint(60, 140)
    chosen = rng.sample(CATEGORIES, k=rng.randint(4, len(CATEGORIES)))
    products: list[Product] = []
    used_skus: set[str] = set()

    for index in range(count):
        category = chosen[index % len(chosen)]
        kind = rng.choice(category.kinds)
        variant = rng.choice(kind.variants)
        brand = rng.choice(category.brands)

        sku = f"{seller_code}-{kind.code}-{variant.upper().replace(' ', '')}-{index + 1:03d}"
        if sku in used_skus:
            sku = f"{sku}-{index}"
        used_skus.add(sku)

        fsn = kind.code + _random_code(rng, 13)
        listing_id = "LST" + fsn + _random_code(rng, 6)

        low, high = kind.price_range
        base_price = round_price(rng.uniform(low, high))
        mrp = round_price(base_price * rng.uniform(1.25, 2.4))
        weight = rng.randint(*kind.weight_range)
        heavy = weight >= 2000

        product = Product(
            sku=sku,
            fsn=fsn,
            listing_id=listing_id,
            title=f"{brand} {kind.noun} ({variant})",
            category=category,
            kind=kind,
            mrp=mrp,
            base_price=base_price,
            elasticity=round(rng.uniform(-3.0, -1.5), 3),
            popularity=1.0 / (1 + rng.randrange(count)) ** 0.9,
            weight_g=weight,
            size_cm=kind.size_cm,
            dispatch_sla=2 if heavy or rng.random() < 0.2 else 1,
            slow_to_pack=heavy or rng.random() < 0.12,
            selling_price=base_price,
            listing_status="INACTIVE" if rng.random() < 0.03 else "ACTIVE",
        )
        for location_id in location_ids:
            product.stock[location_id] = rng.randint(20, 400)
            product.location_enabled[location_id] = True
            product.physical[location_id] = initial_physical_stock(
                fsn, location_id, product.stock[location_id]
            )
            product.committed[location_id] = 0
        products.append(product)

    return products

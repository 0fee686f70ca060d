"""Ground truth of the simulated world as JSON-ready data, for measuring pipelines and models."""

import hashlib
import logging
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

from .catalogue import Product
from .config import SimConfig, iso, iso_or_none
from .fees import (
    DEFAULT_RATE_CARD,
    FeeInput,
    RateRule,
    compute_fees,
    fee_input,
    load_rate_card,
)
from .records import Shipment
from .world import SellerWorld

logger = logging.getLogger(__name__)

# Bounds of a SKU's cost as a share of its base price.
COST_SHARE_MIN = Decimal("0.40")
COST_SHARE_MAX = Decimal("0.65")


def build_truth(
    config: SimConfig, now: float, worlds: list[SellerWorld], rate_card: Path | None
) -> dict:
    """Return seed, now and, per seller, the true state of every shipment, return, item and SKU.

    Fees come from `rate_card`, which must exist (FileNotFoundError otherwise). Without one
    they come from the default card in the source tree. When that file is missing, the fees
    are left out and the output's `warnings` list records it.
    """
    card_path, warnings = _rate_card_path(rate_card)
    card = load_rate_card(card_path) if card_path is not None else None
    fee_of = _fee_calculator(card) if card is not None else None
    return {
        "seed": config.seed,
        "now": iso(now),
        "rateCard": card_path.name if card_path is not None else None,
        "warnings": warnings,
        "sellers": {
            world.account.seller_id: _seller_truth(world, now, fee_of, config.seed)
            for world in worlds
        },
    }


def _rate_card_path(rate_card: Path | None) -> tuple[Path | None, list[str]]:
    """Return the card to read (None when the default is missing) and the warnings to report."""
    if rate_card is not None:
        path = Path(rate_card)
        if not path.is_file():
            raise FileNotFoundError(f"Rate card {path} not found; pass the path of a CSV file.")
        return path, []

    if DEFAULT_RATE_CARD.is_file():
        return DEFAULT_RATE_CARD, []
    warning = f"Default rate card {DEFAULT_RATE_CARD} not found, so item fees are left out."
    logger.warning("%s", warning)
    return None, [warning]


def _fee_calculator(card: list[RateRule]):
    """Wrap compute_fees with a cache, because many items share the same fee inputs."""

    @lru_cache(maxsize=65536)
    def fees_for(item: FeeInput) -> dict[str, str]:
        return {name: str(amount) for name, amount in compute_fees(card, item).items()}

    return fees_for


def _dispatched_late(shipment: Shipment, now: float) -> bool | None:
    """Return True if ready-to-dispatch came after dispatch-by, None while still in time."""
    if shipment.rtd_at is not None:
        return shipment.rtd_at > shipment.dispatch_by
    if shipment.status == "CANCELLED":
        return None
    return True if now > shipment.dispatch_by else None


def cost_price(seed: int, sku: str, base_price: int) -> Decimal:
    """Return a SKU's unit cost: 40-65 % of its base price, rounded to a rupee.

    The share comes from a SHA-256 of the seed and the SKU rather than from the simulator's
    random streams, so adding it changed no other output of the simulator.
    """
    digest = hashlib.sha256(f"sellerops-sandbox:{seed}:cost:{sku}".encode()).digest()
    fraction = Decimal(int.from_bytes(digest[:8], "big")) / Decimal(2**64)
    share = COST_SHARE_MIN + (COST_SHARE_MAX - COST_SHARE_MIN) * fraction
    rupees = (Decimal(base_price) * share).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return rupees.quantize(Decimal("0.01"))


def _sku_truth(product: Product, world: SellerWorld, seed: int) -> dict:
    return {
        "category": product.category.key,
        "elasticity": product.elasticity,
        "basePrice": float(product.base_price),
        "listedPrice": float(product.selling_price),
        "priceHistory": [
            [iso(moment), float(price)]
            for moment, price in world.price_history.get(product.sku, ())
        ],
        "costPrice": str(cost_price(seed, product.sku, product.base_price)),
        "hsn": product.kind.hsn,
        "weightG": product.weight_g,
        "sizeCm": list(product.size_cm),
        "title": product.title,
        "physicalStock": dict(sorted(product.physical.items())),
        "committedStock": dict(sorted(product.committed.items())),
    }


def _seller_truth(world: SellerWorld, now: float, fee_of, seed: int) -> dict:
    shipments = {}
    items = {}
    for shipment_id in sorted(world.shipments):
        shipment = world.shipments[shipment_id]
        shipments[shipment_id] = {
            "state": shipment.status,
            "orderDate": iso(shipment.order_date),
            "updatedAt": iso(shipment.updated_at),
            "locationId": shipment.location_id,
            "dispatchByDate": iso(shipment.dispatch_by),
            "readyToDispatchAt": iso_or_none(shipment.rtd_at),
            "dispatchedLate": _dispatched_late(shipment, now),
            "tier": shipment.tier,
        }
        outcome = shipment.outcome()
        for item in shipment.items:
            entry = {
                "shipmentId": shipment_id,
                "orderId": shipment.order.order_id,
                "orderDate": iso(shipment.order_date),
                "sku": item.product.sku,
                "category": item.product.category.key,
                "paymentType": shipment.order.payment_type,
                "stateCode": shipment.order.city.state_code,
                "pincode": shipment.order.pincode,
                "zone": shipment.zone,
                "price": float(item.unit_price),
                "quantity": item.quantity,
                "rtoProbability": round(item.rto_probability, 6),
                "returnProbability": round(item.return_probability, 6),
                "outcome": outcome,
            }
            if fee_of is not None:
                entry["fees"] = fee_of(fee_input(shipment, item, world.account.tier, outcome))
                entry["feesFinal"] = outcome != "open"
            items[item.order_item_id] = entry

    returns = {
        return_id: {
            "source": record.source,
            "status": record.status,
            "orderItemId": record.item.order_item_id,
            "createdDate": iso(record.created_at),
        }
        for return_id, record in sorted(world.returns.items())
    }
    skus = {product.sku: _sku_truth(product, world, seed) for product in world.products}
    return {
        "sellerId": world.account.seller_id,
        "tier": world.account.tier,
        "shipments": shipments,
        "returns": returns,
        "orderItems": items,
        "skus": skus,
        "counts": {
            "shipments": len(shipments),
            "returns": len(returns),
            "orderItems": len(items),
            "oversold_orders": world.oversold_orders,
            "lost_orders": world.lost_orders,
        },
    }

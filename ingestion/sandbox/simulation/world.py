"""Everything one simulated seller owns: catalogue, orders, shipments, returns and indexes."""

import random
from bisect import insort
from collections import deque
from dataclasses import dataclass, field

from .accounts import SellerAccount
from .catalogue import Product
from .geography import CITY_BY_NAME, City
from .ids import IdMaker
from .records import Item, Order, Return, Shipment


@dataclass
class SellerWorld:
    """The state of one seller. It is not thread-safe, so callers hold the Marketplace lock."""

    index: int
    account: SellerAccount
    products: list[Product]
    ids: IdMaker
    history_rng: random.Random
    live_rng: random.Random
    action_rng: random.Random
    # Random stream of the autopilot seller's packing steps, or None when autopilot is off.
    autopilot_rng: random.Random | None = None
    product_by_sku: dict[str, Product] = field(default_factory=dict)
    product_by_listing: dict[str, Product] = field(default_factory=dict)
    orders: dict[str, Order] = field(default_factory=dict)
    shipments: dict[str, Shipment] = field(default_factory=dict)
    items: dict[str, tuple[Shipment, Item]] = field(default_factory=dict)
    returns: dict[str, Return] = field(default_factory=dict)
    returns_by_tracking: dict[str, Return] = field(default_factory=dict)
    by_state: dict[str, set[str]] = field(default_factory=dict)
    by_order_date: list[tuple[float, str]] = field(default_factory=list)
    invoice_serial: dict[int, int] = field(default_factory=dict)  # financial year -> last number
    lost_orders: int = 0  # arrivals dropped because no location had stock
    # Live orders accepted while the shelf minus committed units could not fill them.
    oversold_orders: int = 0
    oversold_order_ids: set[str] = field(default_factory=set)
    price_history: dict[str, list[tuple[float, int]]] = field(default_factory=dict)
    next_bucket: float = 0.0  # start of the next hour whose live arrivals are not drawn yet
    arrivals: deque = field(default_factory=deque)  # drawn future arrivals: (time, product, picker)

    def __post_init__(self) -> None:
        for product in self.products:
            self.product_by_sku[product.sku] = product
            self.product_by_listing[product.listing_id] = product

    def location_city(self, location_id: str) -> City:
        number = self.account.location_ids.index(location_id)
        return CITY_BY_NAME[self.account.location_cities[number]]

    def location_number(self, location_id: str) -> int:
        return self.account.location_ids.index(location_id)

    def add_shipment(self, shipment: Shipment) -> None:
        """Register a new shipment in every index."""
        self.shipments[shipment.shipment_id] = shipment
        for item in shipment.items:
            self.items[item.order_item_id] = (shipment, item)
        self.by_state.setdefault(shipment.status, set()).add(shipment.shipment_id)
        entry = (shipment.order_date, shipment.shipment_id)
        if not self.by_order_date or self.by_order_date[-1] <= entry:
            self.by_order_date.append(entry)
        else:
            insort(self.by_order_date, entry)

    def set_status(self, shipment: Shipment, status: str) -> None:
        """Move a shipment to another state, keeping the state index right."""
        if shipment.status == status:
            return
        self.by_state[shipment.status].discard(shipment.shipment_id)
        self.by_state.setdefault(status, set()).add(shipment.shipment_id)
        shipment.status = status

    def add_return(self, record: Return) -> None:
        self.returns[record.return_id] = record
        self.returns_by_tracking[record.tracking_id] = record
        record.shipment.returns.append(record)

    def next_invoice_number(self, moment_year: int, moment_month: int) -> str:
        """Return the next invoice number of the financial year (April-March), 16 characters."""
        year = moment_year if moment_month >= 4 else moment_year - 1
        serial = self.invoice_serial.get(year, 0) + 1
        self.invoice_serial[year] = serial
        prefix = self.account.seller_id[:5].upper()
        return f"F{prefix}{year % 100:02d}{serial:08d}"

"""Mutable records of the simulated world: orders, shipments, order items and returns."""

from dataclasses import dataclass, field

from .catalogue import Product
from .geography import City

PRE_DISPATCH_STATES = (
    "APPROVED",
    "PACKING_IN_PROGRESS",
    "PACKED",
    "FORM_FAILED",
    "READY_TO_DISPATCH",
)
# NOTE: Flipkart documents only PICKUP_COMPLETE, SHIPPED and DELIVERED for postDispatch. The
# sandbox also files RETURN_REQUESTED, RETURNED and COMPLETED there so returned shipments stay
# findable by the filter.
POST_DISPATCH_STATES = (
    "PICKUP_COMPLETE",
    "SHIPPED",
    "DELIVERED",
    "RETURN_REQUESTED",
    "RETURNED",
    "COMPLETED",
)
CANCELLED_STATES = ("CANCELLED",)

STATES_BY_TYPE: dict[str, tuple[str, ...]] = {
    "preDispatch": PRE_DISPATCH_STATES,
    "postDispatch": POST_DISPATCH_STATES,
    "cancelled": CANCELLED_STATES,
}

CANCELLATION_TYPES = ("sellerCancellation", "buyerCancellation", "marketplaceCancellation")


@dataclass(slots=True)
class Fate:
    """The future of a shipment (cancellation, hold, transit, outcome), drawn when it is ordered."""

    cancel_type: str | None = None  # one of CANCELLATION_TYPES
    cancel_after_hours: float = 0.0
    cancel_reason: str | None = None
    cancel_sub_reason: str | None = None
    hold_hours: float = 0.0
    transit_hours: float = 48.0
    ship_after_pickup_hours: float = 4.0
    outcome: str = "delivered"  # delivered | rto | customer_return
    rto_attempt_hours: float = 48.0
    return_after_hours: float = 72.0
    return_transit_hours: float = 96.0
    return_cancelled: bool = False
    return_id: str = ""
    return_reason: tuple[str, str] = ("", "")
    return_tracking_id: str = ""


@dataclass(slots=True)
class Order:
    """One checkout by one buyer."""

    order_id: str
    seller_index: int
    order_date: float
    payment_type: str  # COD | PREPAID
    city: City
    pincode: str
    zone: str
    buyer_seed: str  # seeds the lazily drawn buyer name and address
    shipments: list["Shipment"] = field(default_factory=list)


@dataclass(slots=True)
class Item:
    """One order item (one product line with a quantity)."""

    order_item_id: str
    product: Product
    quantity: int
    unit_price: int  # listed selling price per unit when the order was placed
    shipping_charge: int  # charged to the buyer for the line
    flipkart_discount: int  # funded by Flipkart, so the seller still earns the selling price
    rto_probability: float
    return_probability: float

    @property
    def selling_price(self) -> int:
        return self.unit_price * self.quantity

    @property
    def customer_price(self) -> int:
        return self.selling_price + self.shipping_charge - self.flipkart_discount


@dataclass(slots=True)
class Return:
    """A return of every item of one shipment: RTO (courier_return) or customer_return."""

    return_id: str
    source: str
    shipment: "Shipment"
    item: Item
    created_at: float
    updated_at: float
    reason: str
    sub_reason: str
    tracking_id: str
    courier_name: str
    expected_at: float
    status: str = "created"  # created | completed | cancelled
    completed_at: float | None = None
    shipment_status: str = "start"


@dataclass(slots=True)
class Shipment:
    """The unit a seller packs and hands over. All its items share one state."""

    shipment_id: str
    order: Order
    items: list[Item]
    location_id: str
    dispatch_after: float
    dispatch_by: float
    tier: str  # REGULAR | EXPRESS
    zone: str  # local | zonal | national, from the fulfilling location to the buyer
    fate: Fate
    tracking_id: str
    vendor_name: str
    status: str = "APPROVED"
    hold: bool = False
    updated_at: float = 0.0
    packed_at: float | None = None
    rtd_at: float | None = None
    pickup_at: float | None = None
    shipped_at: float | None = None
    delivered_at: float | None = None
    cancelled_at: float | None = None
    cancel_type: str | None = None
    cancel_reason: str | None = None
    cancel_sub_reason: str | None = None
    invoice_number: str | None = None
    invoice_date: float | None = None
    tax_rates: dict[str, float] = field(default_factory=dict)  # order item id -> percent
    dimensions: dict | None = None  # seller override from the labels request
    labels_requested_at: float | None = None
    returns: list[Return] = field(default_factory=list)
    pending: list[tuple[float, str]] = field(default_factory=list)  # future (time, event), sorted
    next_seq: int = 0  # sequence of the shipment's live entry in the event queue
    live: bool = False  # placed after start, so it took listed stock
    is_test: bool = False

    @property
    def order_date(self) -> float:
        return self.order.order_date

    @property
    def shipment_type(self) -> str:
        return "EXPRESS" if self.tier == "EXPRESS" else "NORMAL"

    def outcome(self) -> str:
        """Return open, delivered, rto, customer_return or cancelled as of the current state."""
        if self.status == "CANCELLED":
            return "cancelled"
        if self.returns and self.returns[0].status != "cancelled":
            return "rto" if self.returns[0].source == "courier_return" else "customer_return"
        if self.status == "DELIVERED":
            return "delivered"
        return "open"

"""Shipment and return searches over one seller's indexes, with validation of every argument."""

from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass

from .config import Range, range_bounds
from .records import CANCELLATION_TYPES, STATES_BY_TYPE, Shipment
from .world import SellerWorld

SORT_FIELDS = {
    "dispatchByDate": lambda shipment: shipment.dispatch_by,
    "dispatchAfterDate": lambda shipment: shipment.dispatch_after,
    "orderDate": lambda shipment: shipment.order.order_date,
    "modifiedDate": lambda shipment: shipment.updated_at,
}
SORT_ORDERS = ("asc", "desc")
SERVICE_PROFILES = ("FBF", "NON_FBF", "FBF_LITE")
SHIPMENT_TYPES = ("EXPRESS", "NORMAL", "SELF")
DISPATCH_SERVICE_TIERS = ("EXPRESS", "REGULAR")
RETURN_SOURCES = ("customer_return", "courier_return")


def _inside(value: float | None, bounds: tuple[float, float] | None) -> bool:
    if bounds is None:
        return True
    if value is None:
        return False
    return bounds[0] <= value <= bounds[1]


def _check_members(name: str, values: list[str] | None, allowed: tuple[str, ...]) -> None:
    for value in values or ():
        if value not in allowed:
            raise ValueError(f"invalid {name} {value!r}. Expected one of {', '.join(allowed)}")


def validate_shipment_query(
    type: str,
    states: list[str] | None,
    cancellation_type: str | None,
    shipment_types: list[str] | None,
    service_profiles: list[str] | None,
    dispatch_service_tiers: list[str] | None,
    sort_field: str,
    sort_order: str,
) -> tuple[str, ...]:
    """Check a filter and return the states it selects, raising ValueError on a bad value."""
    if type not in STATES_BY_TYPE:
        raise ValueError(
            f"invalid filter type {type!r}. Expected one of {', '.join(STATES_BY_TYPE)}"
        )
    allowed = STATES_BY_TYPE[type]
    for state in states or ():
        if state not in allowed:
            raise ValueError(
                f"invalid state {state!r} for type {type}. Expected one of {', '.join(allowed)}"
            )
    if type == "cancelled":
        if cancellation_type is None:
            raise ValueError(
                "cancellationType is required for type cancelled. Expected one of "
                + ", ".join(CANCELLATION_TYPES)
            )
        _check_members("cancellationType", [cancellation_type], CANCELLATION_TYPES)
    elif cancellation_type is not None:
        _check_members("cancellationType", [cancellation_type], CANCELLATION_TYPES)
    _check_members("shipmentType", shipment_types, SHIPMENT_TYPES)
    _check_members("serviceProfile", service_profiles, SERVICE_PROFILES)
    _check_members("dispatchServiceTier", dispatch_service_tiers, DISPATCH_SERVICE_TIERS)
    if sort_field not in SORT_FIELDS:
        raise ValueError(
            f"invalid sort field {sort_field!r}. Expected one of {', '.join(SORT_FIELDS)}"
        )
    if sort_order not in SORT_ORDERS:
        raise ValueError(f"invalid sort order {sort_order!r}. Expected asc or desc")
    return tuple(states) if states else allowed


@dataclass(frozen=True)
class ShipmentQuery:
    """A validated shipment filter with bounds in epoch seconds, hashable for caching."""

    seller_id: str
    states: tuple[str, ...]
    location_id: str | None
    skus: frozenset[str] | None
    order_date: tuple[float, float] | None
    modified_date: tuple[float, float] | None
    dispatch_by_date: tuple[float, float] | None
    dispatch_after_date: tuple[float, float] | None
    cancellation_date: tuple[float, float] | None
    cancellation_type: str | None
    shipment_types: frozenset[str] | None
    service_profiles: frozenset[str] | None
    dispatch_service_tiers: frozenset[str] | None
    sort_field: str
    descending: bool

    def matches(self, shipment: Shipment) -> bool:
        """Return whether the shipment passes every condition of the filter."""
        if shipment.status not in self.states:
            return False
        if self.service_profiles is not None and "NON_FBF" not in self.service_profiles:
            return False
        if self.location_id is not None and shipment.location_id != self.location_id:
            return False
        if self.cancellation_type is not None and shipment.cancel_type != self.cancellation_type:
            return False
        if self.shipment_types is not None and shipment.shipment_type not in self.shipment_types:
            return False
        if (
            self.dispatch_service_tiers is not None
            and shipment.tier not in self.dispatch_service_tiers
        ):
            return False
        if self.skus is not None and not any(
            item.product.sku in self.skus for item in shipment.items
        ):
            return False
        return (
            _inside(shipment.order.order_date, self.order_date)
            and _inside(shipment.updated_at, self.modified_date)
            and _inside(shipment.dispatch_by, self.dispatch_by_date)
            and _inside(shipment.dispatch_after, self.dispatch_after_date)
            and _inside(shipment.cancelled_at, self.cancellation_date)
        )

    def sort_key(self, shipment: Shipment) -> tuple[float, str]:
        return (SORT_FIELDS[self.sort_field](shipment), shipment.shipment_id)


def _frozen(values: list[str] | None) -> frozenset[str] | None:
    return frozenset(values) if values else None


def build_query(
    seller_id: str,
    *,
    type: str,
    states: list[str] | None,
    location_id: str | None,
    skus: list[str] | None,
    order_date: Range | None,
    modified_date: Range | None,
    dispatch_by_date: Range | None,
    dispatch_after_date: Range | None,
    cancellation_date: Range | None,
    cancellation_type: str | None,
    shipment_types: list[str] | None,
    service_profiles: list[str] | None,
    dispatch_service_tiers: list[str] | None,
    sort_field: str,
    sort_order: str,
) -> ShipmentQuery:
    """Validate a filter (ValueError names any bad value) and normalise it into a query."""
    selected = validate_shipment_query(
        type,
        states,
        cancellation_type,
        shipment_types,
        service_profiles,
        dispatch_service_tiers,
        sort_field,
        sort_order,
    )
    return ShipmentQuery(
        seller_id=seller_id,
        states=selected,
        location_id=location_id,
        skus=_frozen(skus),
        order_date=range_bounds(order_date),
        modified_date=range_bounds(modified_date),
        dispatch_by_date=range_bounds(dispatch_by_date),
        dispatch_after_date=range_bounds(dispatch_after_date),
        cancellation_date=range_bounds(cancellation_date),
        cancellation_type=cancellation_type,
        shipment_types=_frozen(shipment_types),
        service_profiles=None if service_profiles is None else frozenset(service_profiles),
        dispatch_service_tiers=_frozen(dispatch_service_tiers),
        sort_field=sort_field,
        descending=sort_order == "desc",
    )


class ShipmentResult:
    """Sorted matches of one query at one version, patchable with the shipments changed since."""

    def __init__(self, version: int, entries: list[tuple[float, str]]) -> None:
        self.version = version
        self.entries = entries  # ascending (sort key, shipment id)
        self.keys = {shipment_id: key for key, shipment_id in entries}

    def ids(self, descending: bool) -> list[str]:
        ordered = [shipment_id for _, shipment_id in self.entries]
        if descending:
            ordered.reverse()
        return ordered

    def patch(
        self, world: SellerWorld, query: ShipmentQuery, changed: set[str], version: int
    ) -> None:
        """Re-check only the changed shipments, moving or dropping their entries."""
        for shipment_id in changed:
            shipment = world.shipments.get(shipment_id)
            if shipment is None:
                continue
            old_key = self.keys.pop(shipment_id, None)
            if old_key is not None:
                position = bisect_left(self.entries, (old_key, shipment_id))
                del self.entries[position]
            if query.matches(shipment):
                key = query.sort_key(shipment)
                insort(self.entries, key)
                self.keys[shipment_id] = key[0]
        self.version = version


def search_shipments(world: SellerWorld, query: ShipmentQuery, version: int) -> ShipmentResult:
    """Find the shipments matching query, narrowing candidates with the state and date indexes."""
    candidates: set[str] = set()
    for state in query.states:
        candidates |= world.by_state.get(state, set())

    if query.order_date is not None:
        low = bisect_left(world.by_order_date, (query.order_date[0], ""))
        high = bisect_right(world.by_order_date, (query.order_date[1], "\uffff"))
        if high - low < len(candidates):
            candidates &= {shipment_id for _, shipment_id in world.by_order_date[low:high]}

    entries = []
    for shipment_id in candidates:
        shipment = world.shipments[shipment_id]
        if query.matches(shipment):
            entries.append(query.sort_key(shipment))
    entries.sort()
    return ShipmentResult(version, entries)


def search_returns(
    world: SellerWorld,
    *,
    source: str | None,
    created: Range | None,
    modified: Range | None,
    location_id: str | None,
) -> list[str]:
    """Return ids of matching returns ordered by (createdDate, returnId)."""
    if source is not None and source not in RETURN_SOURCES:
        raise ValueError(
            f"invalid return source {source!r}. Expected one of {', '.join(RETURN_SOURCES)}"
        )
    created_bounds = range_bounds(created)
    modified_bounds = range_bounds(modified)
    matches = [
        record
        for record in world.returns.values()
        if (source is None or record.source == source)
        and (location_id is None or record.shipment.location_id == location_id)
        and _inside(record.created_at, created_bounds)
        and _inside(record.updated_at, modified_bounds)
    ]
    matches.sort(key=lambda record: (record.created_at, record.return_id))
    return [record.return_id for record in matches]

"""Shipment and return searches over one seller's indexes, with validation of every argument."""

from bisect import bisect_left, bisect_right

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
            raise ValueError(f"invalid {name} {value!r}; expected one of {', '.join(allowed)}")


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
    """Check a filter and return the states it selects; raise ValueError naming a bad value."""
    if type not in STATES_BY_TYPE:
        raise ValueError(
            f"invalid filter type {type!r}; expected one of {', '.join(STATES_BY_TYPE)}"
        )
    allowed = STATES_BY_TYPE[type]
    for state in states or ():
        if state not in allowed:
            raise ValueError(
                f"invalid state {state!r} for type {type}; expected one of {', '.join(allowed)}"
            )
    if type == "cancelled":
        if cancellation_type is None:
            raise ValueError(
                "cancellationType is required for type cancelled; expected one of "
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
            f"invalid sort field {sort_field!r}; expected one of {', '.join(SORT_FIELDS)}"
        )
    if sort_order not in SORT_ORDERS:
        raise ValueError(f"invalid sort order {sort_order!r}; expected asc or desc")
    return tuple(states) if states else allowed


def search_shipments(
    world: SellerWorld,
    states: tuple[str, ...],
    *,
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
) -> list[str]:
    """Return the ids of matching shipments in the requested order, ties broken by shipmentId."""
    candidates: set[str] = set()
    for state in states:
        candidates |= world.by_state.get(state, set())

    ordered = range_bounds(order_date)
    if ordered is not None:
        low = bisect_left(world.by_order_date, (ordered[0], ""))
        high = bisect_right(world.by_order_date, (ordered[1], "\uffff"))
        if high - low < len(candidates):
            in_range = {shipment_id for _, shipment_id in world.by_order_date[low:high]}
            candidates &= in_range

    modified = range_bounds(modified_date)
    dispatch_by = range_bounds(dispatch_by_date)
    dispatch_after = range_bounds(dispatch_after_date)
    cancelled = range_bounds(cancellation_date)
    sku_set = set(skus) if skus else None
    type_set = set(shipment_types) if shipment_types else None
    tier_set = set(dispatch_service_tiers) if dispatch_service_tiers else None
    profile_ok = service_profiles is None or "NON_FBF" in service_profiles

    matches: list[Shipment] = []
    if not profile_ok:
        return []
    for shipment_id in candidates:
        shipment = world.shipments[shipment_id]
        if location_id is not None and shipment.location_id != location_id:
            continue
        if cancellation_type is not None and shipment.cancel_type != cancellation_type:
            continue
        if type_set is not None and shipment.shipment_type not in type_set:
            continue
        if tier_set is not None and shipment.tier not in tier_set:
            continue
        if sku_set is not None and not any(item.product.sku in sku_set for item in shipment.items):
            continue
        if not (
            _inside(shipment.order.order_date, ordered)
            and _inside(shipment.updated_at, modified)
            and _inside(shipment.dispatch_by, dispatch_by)
            and _inside(shipment.dispatch_after, dispatch_after)
            and _inside(shipment.cancelled_at, cancelled)
        ):
            continue
        matches.append(shipment)

    key = SORT_FIELDS[sort_field]
    matches.sort(
        key=lambda shipment: (key(shipment), shipment.shipment_id), reverse=sort_order == "desc"
    )
    return [shipment.shipment_id for shipment in matches]


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
            f"invalid return source {source!r}; expected one of {', '.join(RETURN_SOURCES)}"
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

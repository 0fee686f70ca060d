"""Translate a shipment filter request body into `Marketplace.find_shipments` arguments."""

from typing import Any

from ..simulation.queries import SORT_FIELDS, SORT_ORDERS
from .parsing import parse_range, string_list
from .responses import RequestError

RANGE_FIELDS = {
    "orderDate": "order_date",
    "modifiedDate": "modified_date",
    "dispatchByDate": "dispatch_by_date",
    "dispatchAfterDate": "dispatch_after_date",
    "cancellationDate": "cancellation_date",
}
LIST_FIELDS = {
    "states": "states",
    "sku": "skus",
    "shipmentTypes": "shipment_types",
    "serviceProfiles": "service_profiles",
    "dispatchServiceTiers": "dispatch_service_tiers",
}
UNSUPPORTED_FIELDS = ("hold", "mps")
BODY_KEYS = frozenset({"filter", "pagination", "sort", "sellerId"})
FILTER_KEYS = frozenset({"type", "locationId", "cancellationType", *RANGE_FIELDS, *LIST_FIELDS})


def normalise_request(body: dict[str, Any]) -> dict[str, Any]:
    """Check the body's shape and return the query part (filter and sort) a page token keeps."""
    unknown = set(body) - BODY_KEYS
    if unknown:
        raise RequestError(
            f"Unknown top-level fields {sorted(unknown)}; use filter, pagination, sort, sellerId."
        )

    filter_body = body.get("filter")
    if not isinstance(filter_body, dict):
        raise RequestError('filter is missing; send {"filter": {"type": "preDispatch", ...}}.')

    sort = body.get("sort")
    if sort is None:
        sort = {}
    _check_sort(sort)
    return {"filter": filter_body, "sort": sort}


def page_size_of(body: dict[str, Any], *, default: int, maximum: int) -> int:
    """Return the requested page size cut to `maximum`, or `default` when none is given."""
    pagination = body.get("pagination") or {}
    if not isinstance(pagination, dict):
        raise RequestError(
            f'pagination must be an object such as {{"pageSize": 20}}, got {pagination!r}.'
        )

    size = pagination.get("pageSize", default)
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise RequestError(f"pagination.pageSize must be a positive integer, got {size!r}.")
    return min(size, maximum)


def find_arguments(query: dict[str, Any]) -> dict[str, Any]:
    """Build the keyword arguments of `find_shipments` from a normalised query."""
    filter_body: dict[str, Any] = query["filter"]
    _reject_unknown(filter_body)

    shipment_type = filter_body.get("type")
    if not isinstance(shipment_type, str) or not shipment_type:
        raise RequestError("filter.type is required: preDispatch, postDispatch or cancelled.")

    arguments: dict[str, Any] = {"type": shipment_type}
    for wire_name, argument in LIST_FIELDS.items():
        if filter_body.get(wire_name) is not None:
            arguments[argument] = string_list(filter_body[wire_name], name=f"filter.{wire_name}")
    for wire_name, argument in RANGE_FIELDS.items():
        if filter_body.get(wire_name) is not None:
            arguments[argument] = parse_range(filter_body[wire_name], name=f"filter.{wire_name}")

    location_id = filter_body.get("locationId")
    if location_id is not None:
        if not isinstance(location_id, str):
            raise RequestError(f"filter.locationId must be a string, got {location_id!r}.")
        arguments["location_id"] = location_id

    cancellation_type = filter_body.get("cancellationType")
    if cancellation_type is not None:
        if shipment_type != "cancelled":
            raise RequestError(
                "filter.cancellationType applies only to type cancelled; "
                f"remove it from a {shipment_type!r} filter."
            )
        arguments["cancellation_type"] = _single_string(
            cancellation_type, "filter.cancellationType"
        )

    sort: dict[str, Any] = query["sort"]
    if sort.get("field") is not None:
        arguments["sort_field"] = _single_string(sort["field"], "sort.field")
    if sort.get("order") is not None:
        arguments["sort_order"] = _single_string(sort["order"], "sort.order")
    return arguments


def _check_sort(sort: Any) -> None:
    fields = ", ".join(SORT_FIELDS)
    if not isinstance(sort, dict):
        raise RequestError(
            f'sort must be an object such as {{"field": "dispatchByDate", "order": "asc"}}, '
            f"got {sort!r}."
        )

    unknown = set(sort) - {"field", "order"}
    if unknown:
        raise RequestError(f"sort has unknown keys {sorted(unknown)}; use field and order.")
    field = sort.get("field")
    if field is not None and (not isinstance(field, str) or field not in SORT_FIELDS):
        raise RequestError(f"sort.field must be one of {fields}, got {field!r}.")
    order = sort.get("order")
    if order is not None and order not in SORT_ORDERS:
        raise RequestError(f"sort.order must be asc or desc, got {order!r}.")


def _reject_unknown(filter_body: dict[str, Any]) -> None:
    for name in UNSUPPORTED_FIELDS:
        if name in filter_body:
            raise RequestError(
                f"filter.{name} is in Flipkart's old documentation only and the sandbox does not "
                "support it; filter the results on the client instead."
            )

    unknown = set(filter_body) - FILTER_KEYS
    if unknown:
        raise RequestError(
            f"Unknown filter fields {sorted(unknown)}; known: {sorted(FILTER_KEYS)}."
        )


def _single_string(value: Any, name: str) -> str:
    # Real traffic sends one string; one third-party schema shows a list, so a list of one works.
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if not isinstance(value, str):
        raise RequestError(f"{name} must be a string, got {value!r}.")
    return value

"""The simulated Flipkart marketplace: the public API the sandbox HTTP server calls.

All public methods are thread-safe (see engine.Engine). Shipment, return and listing dicts come
back in Flipkart's JSON wire shapes.
"""

from pathlib import Path

from .accounts import SellerAccount
from .commands import SellerCommands
from .config import Range
from .queries import build_query, search_returns, search_shipments
from .records import Shipment
from .wire import (
    PACKED_OR_LATER,
    invoice_wire,
    listing_wire,
    return_wire,
    shipment_details_wire,
    shipment_wire,
)

QUERY_CACHE_SIZE = 128
PATCH_LIMIT = 5000  # above this many changed shipments a fresh search is faster than patching
LISTING_STATUSES = ("ACTIVE", "INACTIVE")


class Marketplace(SellerCommands):
    """A deterministic, seeded simulation of Flipkart for one or more sellers."""

    # ---- sellers -----------------------------------------------------------------------------

    def seller_by_app_id(self, app_id: str) -> SellerAccount | None:
        """Return the seller owning an OAuth client id, or None."""
        return self._by_app_id.get(app_id)

    # ---- shipment reads ----------------------------------------------------------------------

    def find_shipments(
        self,
        seller_id: str,
        *,
        type: str,
        states: list[str] | None = None,
        location_id: str | None = None,
        skus: list[str] | None = None,
        order_date: Range | None = None,
        modified_date: Range | None = None,
        dispatch_by_date: Range | None = None,
        dispatch_after_date: Range | None = None,
        cancellation_date: Range | None = None,
        cancellation_type: str | None = None,
        shipment_types: list[str] | None = None,
        service_profiles: list[str] | None = None,
        dispatch_service_tiers: list[str] | None = None,
        sort_field: str = "dispatchByDate",
        sort_order: str = "asc",
    ) -> list[str]:
        """Return the ids of matching shipments, sorted, ties broken by shipmentId.

        Results are cached per query. A later call re-checks only the shipments changed since,
        so paging through a large result stays cheap while the world moves.
        """
        query = build_query(
            seller_id,
            type=type,
            states=states,
            location_id=location_id,
            skus=skus,
            order_date=order_date,
            modified_date=modified_date,
            dispatch_by_date=dispatch_by_date,
            dispatch_after_date=dispatch_after_date,
            cancellation_date=cancellation_date,
            cancellation_type=cancellation_type,
            shipment_types=shipment_types,
            service_profiles=service_profiles,
            dispatch_service_tiers=dispatch_service_tiers,
            sort_field=sort_field,
            sort_order=sort_order,
        )
        with self._lock:
            world = self._world(seller_id)
            self._sync()
            result = self._query_cache.get(query)
            if result is not None and result.version != self._version:
                changed = self.changed_since(result.version)
                if changed is None or len(changed) > PATCH_LIMIT:
                    result = None
                else:
                    result.patch(world, query, changed, self._version)
            if result is None:
                result = search_shipments(world, query, self._version)
                self._query_cache[query] = result
                if len(self._query_cache) > QUERY_CACHE_SIZE:
                    self._query_cache.popitem(last=False)
            self._query_cache.move_to_end(query)
            return result.ids(query.descending)

    def shipment(self, seller_id: str, shipment_id: str) -> dict | None:
        """Return one shipment in the filter shape, or None if the seller has no such shipment."""
        with self._lock:
            world = self._world(seller_id)
            self._sync()
            shipment = world.shipments.get(shipment_id)
            return None if shipment is None else shipment_wire(shipment)

    def shipments_by(
        self,
        seller_id: str,
        *,
        shipment_ids: list[str] | None = None,
        order_item_ids: list[str] | None = None,
        order_ids: list[str] | None = None,
    ) -> list[dict]:
        """Return the seller's shipments matching any of the given ids, in request order."""
        with self._lock:
            world = self._world(seller_id)
            self._sync()
            found: dict[str, Shipment] = {}
            for shipment_id in shipment_ids or ():
                shipment = world.shipments.get(shipment_id)
                if shipment is not None:
                    found.setdefault(shipment_id, shipment)
            for item_id in order_item_ids or ():
                entry = world.items.get(item_id)
                if entry is not None:
                    found.setdefault(entry[0].shipment_id, entry[0])
            for order_id in order_ids or ():
                order = world.orders.get(order_id)
                for shipment in order.shipments if order is not None else ():
                    found.setdefault(shipment.shipment_id, shipment)
            return [shipment_wire(shipment) for shipment in found.values()]

    def shipment_details(self, seller_id: str, shipment_id: str) -> dict | None:
        """Return the shipping details (addresses, courier) of one shipment, or None."""
        with self._lock:
            world = self._world(seller_id)
            self._sync()
            shipment = world.shipments.get(shipment_id)
            if shipment is None:
                return None
            return shipment_details_wire(shipment, world.account)

    def invoice(self, seller_id: str, shipment_id: str) -> dict | None:
        """Return the invoice JSON of a shipment, or None until it has been packed.

        An invoice issued at packing stays available when the shipment is cancelled later.
        """
        with self._lock:
            world = self._world(seller_id)
            self._sync()
            shipment = world.shipments.get(shipment_id)
            if shipment is None:
                return None
            if shipment.status not in PACKED_OR_LATER and shipment.packed_at is None:
                return None
            return invoice_wire(shipment, world.account)

    def document_available(self, seller_id: str, shipment_id: str) -> str | None:
        """Return None when labels and invoice PDFs can be downloaded, else an errorCode."""
        with self._lock:
            world = self._world(seller_id)
            self._sync()
            shipment = world.shipments.get(shipment_id)
            if shipment is None:
                if self._owner_of_shipment.get(shipment_id) is not None:
                    return "OPERATION_NOT_ALLOWED"
                return "INVALID_SHIPMENTS"
            if shipment.status == "PACKING_IN_PROGRESS":
                return "ORDER_ITEM_PACKING_IN_PROGRESS"
            if shipment.status not in PACKED_OR_LATER:
                return "ORDER_ITEM_NOT_PACKED"
            return None

    # ---- returns -----------------------------------------------------------------------------

    def find_returns(
        self,
        seller_id: str,
        *,
        source: str | None = None,
        created: Range | None = None,
        modified: Range | None = None,
        location_id: str | None = None,
    ) -> list[str]:
        """Return ids of the seller's returns ordered by (createdDate, returnId)."""
        key = ("returns", seller_id, source, created, modified, location_id)
        with self._lock:
            world = self._world(seller_id)
            self._sync()
            cached = self._query_cache.get(key)
            if cached is not None and cached[0] == self._version:
                return list(cached[1])
            found = search_returns(
                world, source=source, created=created, modified=modified, location_id=location_id
            )
            self._query_cache[key] = (self._version, found)
            if len(self._query_cache) > QUERY_CACHE_SIZE:
                self._query_cache.popitem(last=False)
            return list(found)

    def return_item(self, seller_id: str, return_id: str) -> dict | None:
        """Return one return item, or None if the seller has no such return."""
        with self._lock:
            world = self._world(seller_id)
            self._sync()
            record = world.returns.get(return_id)
            return None if record is None else return_wire(record, world.account)

    def returns_by(
        self,
        seller_id: str,
        *,
        return_ids: list[str] | None = None,
        tracking_ids: list[str] | None = None,
    ) -> list[dict]:
        """Return the seller's returns matching any of the given return or tracking ids."""
        with self._lock:
            world = self._world(seller_id)
            self._sync()
            found = {}
            for return_id in return_ids or ():
                record = world.returns.get(return_id)
                if record is not None:
                    found.setdefault(record.return_id, record)
            for tracking_id in tracking_ids or ():
                record = world.returns_by_tracking.get(tracking_id)
                if record is not None:
                    found.setdefault(record.return_id, record)
            return [return_wire(record, world.account) for record in found.values()]

    # ---- listings ----------------------------------------------------------------------------

    def listing(self, seller_id: str, sku: str) -> dict | None:
        """Return the listing object of a SKU, or None when the seller does not list it."""
        with self._lock:
            world = self._world(seller_id)
            self._sync()
            product = world.product_by_sku.get(sku)
            if product is None:
                return None
            return listing_wire(product, world.account.location_ids)

    def listing_skus(self, seller_id: str, listing_status: str | None = None) -> list[str]:
        """Return the seller's SKUs, sorted, optionally only those with a listing_status."""
        if listing_status is not None and listing_status not in LISTING_STATUSES:
            raise ValueError(
                f"invalid listing_status {listing_status!r}. Expected ACTIVE or INACTIVE"
            )
        with self._lock:
            world = self._world(seller_id)
            return sorted(
                product.sku
                for product in world.products
                if listing_status is None or product.listing_status == listing_status
            )

    def truth(self, seller_id: str | None = None, rate_card: Path | None = None) -> dict:
        """Return the JSON-ready ground truth as of now (see truth.build_truth)."""
        from .truth import build_truth

        with self._lock:
            now = self._sync()
            worlds = self._worlds if seller_id is None else [self._world(seller_id)]
            return build_truth(self.config, now, worlds, rate_card)

    # ---- push notifications ------------------------------------------------------------------

    def shipment_changes(self, version: int | None) -> tuple[int, list[dict] | None]:
        """Return the version now and the shipments changed after `version`, with their returns.

        Each entry is `{"sellerId", "shipment": <shipment object>, "returns": [<return item>]}`.
        With `version` None every shipment is listed. The list is None when the change log no
        longer reaches back to `version`.
        """
        with self._lock:
            self._sync()
            if version is None:
                shipment_ids: list[str] = list(self._owner_of_shipment)
            else:
                changed = self.changed_since(version)
                if changed is None:
                    return self._version, None
                shipment_ids = sorted(changed)

            entries = []
            for shipment_id in shipment_ids:
                world = self._worlds[self._owner_of_shipment[shipment_id]]
                shipment = world.shipments[shipment_id]
                entries.append(
                    {
                        "sellerId": world.account.seller_id,
                        "shipment": shipment_wire(shipment),
                        "returns": [
                            return_wire(record, world.account) for record in shipment.returns
                        ],
                    }
                )
            return self._version, entries

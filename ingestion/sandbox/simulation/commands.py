"""Seller actions, listing writes and sandbox self-serve calls of the Marketplace API."""

from . import actions, listings, selfserve
from .engine import Engine
from .handover import handover_counts as count_handovers


class SellerCommands(Engine):
    """The state-changing calls. Each returns Flipkart's per-item result or raises ValueError."""

    def update_inventory(self, seller_id: str, sku: str, payload: dict) -> dict:
        """Set stock per location of one SKU, the only stock that later orders can use."""
        with self._lock:
            world = self._world(seller_id)
            self._sync()
            outcome = listings.update_inventory(world, sku, payload)
            if outcome["status"] != "FAILURE":
                self.touch()
            return outcome

    def update_price(self, seller_id: str, sku: str, payload: dict) -> dict:
        """Set MRP and selling price of one SKU. Demand follows the new price from the next hour."""
        with self._lock:
            world = self._world(seller_id)
            self._sync()
            outcome = listings.update_price(world, sku, payload)
            if outcome["status"] != "FAILURE":
                self.touch()
            return outcome

    # ---- seller actions ----------------------------------------------------------------------

    def pack(self, seller_id: str, request: dict) -> dict:
        """Request labels for one shipment (one element of the labels body)."""
        with self._lock:
            world = self._world(seller_id)
            now = self._sync()
            outcome = actions.pack(self, world, request, now)
            return outcome

    def dispatch(self, seller_id: str, shipment_id: str, location_id: str) -> dict:
        """Mark one PACKED shipment ready to dispatch."""
        with self._lock:
            world = self._world(seller_id)
            now = self._sync()
            outcome = actions.dispatch(self, world, shipment_id, location_id, now)
            if outcome["status"] == "SUCCESS":
                self.touch(shipment_id)
            return outcome

    def cancel(self, seller_id: str, request: dict) -> dict:
        """Cancel one shipment as the seller (one element of the cancel body)."""
        with self._lock:
            world = self._world(seller_id)
            now = self._sync()
            outcome = actions.cancel(self, world, request, now)
            if outcome["status"] == "SUCCESS":
                self.touch(outcome["shipmentId"])
            return outcome

    def handover_counts(self, seller_id: str, location_id: str) -> list[dict]:
        """Return ready-to-dispatch counts per courier at a location, with the pickup window."""
        with self._lock:
            world = self._world(seller_id)
            now = self._sync()
            return count_handovers(world, location_id, now)

    # ---- Flipkart sandbox self-serve endpoints -----------------------------------------------

    def create_test_order(self, seller_id: str, body: dict) -> dict:
        """Create an order from a test_orders body, raising ValueError when the body is invalid."""
        with self._lock:
            world = self._world(seller_id)
            now = self._sync()
            order = selfserve.create_test_order(world, body, now)
            for shipment in order.shipments:
                self._add_live_shipment(world, shipment)
            return {
                "orderId": order.order_id,
                "orderItems": [
                    {
                        "orderItemId": item.order_item_id,
                        "listingId": item.product.listing_id,
                        "quantity": item.quantity,
                    }
                    for shipment in order.shipments
                    for item in shipment.items
                ],
            }

    def set_hold(self, seller_id: str, order_item_id: str, hold: bool) -> str:
        """Put the shipment of an order item on hold or release it."""
        with self._lock:
            world = self._world(seller_id)
            now = self._sync()
            message = selfserve.set_hold(self, world, order_item_id, hold, now)
            self.touch(world.items[order_item_id][0].shipment_id)
            return message

    def advance_item(self, seller_id: str, order_item_id: str, event: str) -> str:
        """Move an order item's shipment on: pick_up_complete, shipped or delivered."""
        with self._lock:
            world = self._world(seller_id)
            now = self._sync()
            message = selfserve.advance_item(self, world, order_item_id, event, now)
            self.touch(world.items[order_item_id][0].shipment_id)
            return message

    def create_return(self, seller_id: str, order_item_id: str, return_type: str) -> str:
        """Open a courier or customer return for a dispatched order item."""
        with self._lock:
            world = self._world(seller_id)
            now = self._sync()
            message = selfserve.create_return(self, world, order_item_id, return_type, now)
            self.touch(world.items[order_item_id][0].shipment_id)
            return message

    def return_event(self, seller_id: str, order_item_id: str, event_type: str) -> str:
        """Complete or cancel the open return of an order item."""
        with self._lock:
            world = self._world(seller_id)
            now = self._sync()
            message = selfserve.return_event(self, world, order_item_id, event_type, now)
            self.touch(world.items[order_item_id][0].shipment_id)
            return message

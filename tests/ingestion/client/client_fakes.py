"""In-process fakes of Flipkart endpoints for httpx.MockTransport, used by the client tests."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import httpx

from ingestion.client import FlipkartClient, RetryPolicy

HOST = "http://flipkart.test"
APP_ID = "app-id-1"
APP_SECRET = "app-secret-XYZ"
TOKEN_PATH = "/oauth-service/oauth/token"

Handler = Callable[[httpx.Request], httpx.Response]


class TokenIssuer:
    """Issue tokens `token-1`, `token-2`, … and record each request, without locks on purpose."""

    def __init__(self, expires_in: int = 5183999) -> None:
        self.calls: list[httpx.Request] = []
        self.expires_in = expires_in

    @property
    def current(self) -> str:
        return f"token-{len(self.calls)}"

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        body = {
            "access_token": f"token-{len(self.calls)}",
            "token_type": "bearer",
            "expires_in": self.expires_in,
            "scope": "Seller_Api",
        }
        return httpx.Response(200, json=body)


def route(api: Handler, tokens: TokenIssuer | None = None) -> tuple[Handler, TokenIssuer]:
    """Combine a token issuer with an API handler into one MockTransport handler."""
    issuer = tokens or TokenIssuer()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == TOKEN_PATH:
            return issuer(request)
        return api(request)

    return handler, issuer


def make_client(
    api: Handler,
    *,
    tokens: TokenIssuer | None = None,
    policy: RetryPolicy | None = None,
    sleeps: list[float] | None = None,
    **options: Any,
) -> tuple[FlipkartClient, TokenIssuer]:
    """Build a client on a MockTransport; waits are recorded in `sleeps`, never slept."""
    handler, issuer = route(api, tokens)
    recorded = sleeps if sleeps is not None else []
    client = FlipkartClient(
        "local",
        APP_ID,
        APP_SECRET,
        base_url=HOST,
        transport=httpx.MockTransport(handler),
        retry_policy=policy or RetryPolicy(max_attempts=4, base_delay=0.01, max_delay=0.05),
        sleep=recorded.append,
        **options,
    )
    return client, issuer


def json_body(request: httpx.Request) -> Any:
    return json.loads(request.content)


def pdf_response() -> httpx.Response:
    return httpx.Response(
        200,
        content=b"%PDF-1.4\n%fake\nstartxref\n0\n%%EOF",
        headers={"Content-Type": "application/pdf"},
    )


IST_OFFSET = "+05:30"
BASE_TIME = datetime(2026, 1, 1, tzinfo=UTC)


def shipment_payload(
    number: int, order_date: datetime, updated_at: datetime, status: str = "APPROVED"
) -> dict[str, Any]:
    """A shipment in Flipkart's wire shape with a 17-digit numeric order item id."""
    item_id = 12248267400772201 + number
    return {
        "shipmentId": f"ship-{number:05d}",
        "updatedAt": updated_at.isoformat(timespec="milliseconds"),
        "locationId": "LOC914d90fdeade4be8a84a7894c19d70e3",
        "hold": False,
        "subShipments": [{"subShipmentId": "SS-1", "packages": []}],
        "orderItems": [
            {
                "orderItemId": str(item_id),
                "orderId": f"OD{item_id}000",
                "orderDate": order_date.isoformat(timespec="milliseconds"),
                "status": status,
                "quantity": 1,
                "sku": f"SKU-{number % 50}",
                "priceComponents": {"sellingPrice": 452.0, "totalPrice": 501.0},
                "is_replacement": False,
            }
        ],
    }


class FakeShipmentServer:
    """A small offset-paged shipment filter, details and invoices server that can mutate data.

    After each filter page, `mutate` gets the count of pages served so far. Tests use it to
    move shipments between types in the middle of a pull.
    """

    TYPE_OF_STATE: ClassVar[dict[str, str]] = {
        "APPROVED": "preDispatch",
        "PACKED": "preDispatch",
        "SHIPPED": "postDispatch",
        "DELIVERED": "postDispatch",
        "CANCELLED": "cancelled",
    }

    def __init__(self, shipments: list[dict[str, Any]], page_size: int = 20) -> None:
        self.shipments = {item["shipmentId"]: item for item in shipments}
        self.page_size = page_size
        self.pages_served = 0
        self.mutate: Callable[[FakeShipmentServer, int], None] | None = None
        self.lock = threading.Lock()
        self.requests: list[httpx.Request] = []

    def set_state(self, shipment_id: str, status: str, at: datetime) -> None:
        shipment = self.shipments[shipment_id]
        shipment["orderItems"][0]["status"] = status
        shipment["updatedAt"] = at.isoformat(timespec="milliseconds")

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.requests.append(request)
            return self._handle(request)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/sellers/v3/shipments/filter":
            if request.method == "POST":
                query = json_body(request)
                offset = 0
            else:
                state = json.loads(base64.urlsafe_b64decode(request.url.params["next_token"]))
                query, offset = state["query"], state["offset"]
            return self._filter_page(query, offset)
        if path == "/v2/returns" or path == "/sellers/v2/returns":
            return httpx.Response(200, json={"hasMore": False, "returnItems": []})
        if path.endswith("/invoices"):
            ids = path.split("/")[4].split(",")
            invoices = [
                {"shipmentId": shipment_id, "invoiceNumber": f"INV-{shipment_id}", "orderItems": []}
                for shipment_id in ids
            ]
            return httpx.Response(200, json={"invoices": invoices})
        if path.startswith("/sellers/v3/shipments/"):
            ids = path.split("/")[4].split(",")
            details = [{"shipmentId": shipment_id, "orderItems": []} for shipment_id in ids]
            return httpx.Response(200, json={"shipments": details})
        return httpx.Response(404, json={"errorCode": "NOT_FOUND", "errorMessage": path})

    def _filter_page(self, query: dict[str, Any], offset: int) -> httpx.Response:
        matches = sorted(
            (item for item in self.shipments.values() if self._matches(item, query["filter"])),
            key=lambda item: (self._sort_value(item, query), item["shipmentId"]),
        )
        page = [json.loads(json.dumps(item)) for item in matches[offset : offset + self.page_size]]
        has_more = offset + self.page_size < len(matches)
        token = base64.urlsafe_b64encode(
            json.dumps({"query": query, "offset": offset + self.page_size}).encode()
        ).decode()
        body = {
            "hasMore": has_more,
            "nextPageUrl": f"/v3/shipments/filter?next_token={token}",
            "shipments": page,
        }
        self.pages_served += 1
        if self.mutate is not None:
            self.mutate(self, self.pages_served)
        return httpx.Response(200, json=body)

    def _matches(self, item: dict[str, Any], criteria: dict[str, Any]) -> bool:
        status = item["orderItems"][0]["status"]
        if self.TYPE_OF_STATE[status] != criteria["type"]:
            return False
        for field, value in (
            ("orderDate", item["orderItems"][0]["orderDate"]),
            ("modifiedDate", item["updatedAt"]),
        ):
            bounds = criteria.get(field)
            if bounds is None:
                continue
            moment = datetime.fromisoformat(value)
            if "from" in bounds and moment < datetime.fromisoformat(bounds["from"]):
                return False
            if "to" in bounds and moment > datetime.fromisoformat(bounds["to"]):
                return False
        return True

    @staticmethod
    def _sort_value(item: dict[str, Any], query: dict[str, Any]) -> str:
        field = query.get("sort", {}).get("field", "orderDate")
        if field == "modifiedDate":
            return item["updatedAt"]
        return item["orderItems"][0]["orderDate"]


def days(count: float) -> timedelta:
    return timedelta(days=count)

"""Flipkart's sandbox self-serve hooks: create test orders, hold, advance items, returns.

They return `{"response": "<text>"}`, except test orders, which return the created order.
A change the marketplace does not allow is a 400 with the marketplace's message.
Faults never apply here.
"""

from collections.abc import Callable
from typing import TypeVar

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .responses import RequestError, json_response, read_json_object
from .state import sandbox_state, seller_id_of

T = TypeVar("T")


async def test_orders(request: Request) -> Response:
    state = sandbox_state(request)
    body = await read_json_object(request)
    result = _call(lambda: state.marketplace.create_test_order(seller_id_of(request), body))
    return json_response(result)


async def on_hold(request: Request) -> Response:
    return await _hold(request, hold=True)


async def un_hold(request: Request) -> Response:
    return await _hold(request, hold=False)


def _advance_route(event: str) -> Callable:
    async def advance(request: Request) -> Response:
        state = sandbox_state(request)
        order_item_id = _required(await read_json_object(request), "orderItemId")
        text = _call(
            lambda: state.marketplace.advance_item(seller_id_of(request), order_item_id, event)
        )
        return json_response({"response": text})

    advance.__name__ = f"advance_{event}"
    return advance


async def create_returns(request: Request) -> Response:
    state = sandbox_state(request)
    body = await read_json_object(request)
    order_item_id = _required(body, "orderItemId")
    return_type = _required(body, "returnType")

    seller_id = seller_id_of(request)
    text = _call(lambda: state.marketplace.create_return(seller_id, order_item_id, return_type))
    return json_response({"response": text})


async def return_events(request: Request) -> Response:
    state = sandbox_state(request)
    body = await read_json_object(request)
    order_item_id = _required(body, "orderItemId")
    event_type = _required(body, "eventType")

    seller_id = seller_id_of(request)
    text = _call(lambda: state.marketplace.return_event(seller_id, order_item_id, event_type))
    return json_response({"response": text})


async def _hold(request: Request, *, hold: bool) -> Response:
    state = sandbox_state(request)
    order_item_id = _required(await read_json_object(request), "orderItemId")
    text = _call(lambda: state.marketplace.set_hold(seller_id_of(request), order_item_id, hold))
    return json_response({"response": text})


def _required(body: dict, name: str) -> str:
    value = body.get(name)
    if value is None or value == "":
        raise RequestError(f"{name} is required.")
    return str(value)


def _call(action: Callable[[], T]) -> T:
    try:
        return action()
    except ValueError as exc:
        raise RequestError(str(exc), code="UNPROCESSABLE_ENTITY") from exc


ROUTES = [
    Route("/sellers/orders/sandbox/test_orders", test_orders, methods=["POST"]),
    Route("/sellers/orders/sandbox/on_hold", on_hold, methods=["PUT"]),
    Route("/sellers/orders/sandbox/un_hold", un_hold, methods=["PUT"]),
    Route(
        "/sellers/orders/sandbox/pick_up_complete",
        _advance_route("pick_up_complete"),
        methods=["POST"],
    ),
    Route("/sellers/orders/sandbox/shipped", _advance_route("shipped"), methods=["POST"]),
    Route("/sellers/orders/sandbox/delivered", _advance_route("delivered"), methods=["POST"]),
    Route("/sellers/returns/sandbox/create_returns", create_returns, methods=["POST"]),
    Route("/sellers/returns/sandbox/return_events", return_events, methods=["POST"]),
]

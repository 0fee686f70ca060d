"""Document downloads: labels (PDF), label-only PDFs and invoices (PDF or JSON).

A PDF is served only when every requested shipment has its documents. Otherwise the response is
400 with a per-shipment `FAILURE` list (`ORDER_ITEM_NOT_PACKED`, `INVALID_SHIPMENTS`, ...) plus
the usual `errors` entry. Invoice JSON returns 200 with the invoices that exist and lists the
shipments without one under `shipments`. Flipkart documents neither case exactly.
"""

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .documents import invoices_pdf, labels_pdf
from .parsing import split_ids
from .responses import PDF_TYPE, RequestError, json_response, pdf_response
from .state import sandbox_state, seller_id_of

MAX_LABEL_IDS = 100
MAX_LABEL_ONLY_IDS = 50
MAX_INVOICE_IDS = 100

ERROR_MESSAGES = {
    "INVALID_SHIPMENTS": "Shipment {id} does not exist.",
    # NOTE: kept as Flipkart documents it, though it confirms that another seller's id exists.
    "OPERATION_NOT_ALLOWED": "Shipment {id} belongs to another seller.",
    "ORDER_ITEM_PACKING_IN_PROGRESS": (
        "Labels of shipment {id} are still being generated; retry in a few seconds."
    ),
    "ORDER_ITEM_NOT_PACKED": "Shipment {id} is not packed; generate its labels first.",
}


def failure(shipment_id: str, code: str) -> dict:
    """Build one per-shipment FAILURE entry with a readable message for `code`."""
    template = ERROR_MESSAGES.get(code, "Documents of shipment {id} are not available.")
    return {
        "shipmentId": shipment_id,
        "status": "FAILURE",
        "errorCode": code,
        "errorMessage": template.format(id=shipment_id),
    }


async def labels(request: Request) -> Response:
    return await _labels(request, limit=MAX_LABEL_IDS, with_invoice=True, media_type=PDF_TYPE)


async def label_only_pdf(request: Request) -> Response:
    _check_reprint(request)
    return await _labels(request, limit=MAX_LABEL_ONLY_IDS, with_invoice=False, media_type=PDF_TYPE)


async def label_only_stream(request: Request) -> Response:
    _check_reprint(request)
    return await _labels(
        request, limit=MAX_LABEL_ONLY_IDS, with_invoice=False, media_type="application/octet-stream"
    )


async def invoices(request: Request) -> Response:
    state = sandbox_state(request)
    seller_id = seller_id_of(request)
    ids = split_ids(request.path_params["shipment_ids"], name="shipmentIds", limit=MAX_INVOICE_IDS)

    found = []
    failures = []
    for shipment_id in ids:
        invoice = state.marketplace.invoice(seller_id, shipment_id)
        if invoice is not None:
            found.append(invoice)
            continue
        code = (
            state.marketplace.document_available(seller_id, shipment_id) or "ORDER_ITEM_NOT_PACKED"
        )
        failures.append(failure(shipment_id, code))

    if "application/pdf" in request.headers.get("accept", ""):
        if failures:
            return _failures_response(failures, len(ids))
        return pdf_response(await run_in_threadpool(invoices_pdf, found))

    body: dict = {"invoices": found}
    if failures:
        body["shipments"] = failures
    return json_response(body)


async def _labels(request: Request, *, limit: int, with_invoice: bool, media_type: str) -> Response:
    state = sandbox_state(request)
    seller_id = seller_id_of(request)
    ids = split_ids(request.path_params["shipment_ids"], name="shipmentIds", limit=limit)

    failures = []
    for shipment_id in ids:
        code = state.marketplace.document_available(seller_id, shipment_id)
        if code is not None:
            failures.append(failure(shipment_id, code))
    if failures:
        return _failures_response(failures, len(ids))

    shipments = [state.marketplace.shipment(seller_id, shipment_id) for shipment_id in ids]
    body = await run_in_threadpool(
        labels_pdf, [shipment for shipment in shipments if shipment], with_invoice=with_invoice
    )
    return pdf_response(body, media_type=media_type)


def _check_reprint(request: Request) -> None:
    # NOTE: Flipkart packs an unpacked shipment when reprint is false. The sandbox serves
    # label-only PDFs of packed shipments only, so both values act alike here.
    reprint = request.query_params.get("reprint")
    if reprint is not None and reprint not in ("true", "false"):
        raise RequestError(f"reprint must be true or false, got {reprint!r}.")


def _failures_response(failures: list[dict], requested: int) -> Response:
    message = (
        f"{len(failures)} of {requested} shipments have no documents yet; "
        "see the per-shipment errors."
    )
    first_code = failures[0]["errorCode"]
    body = {"errors": [{"errorCode": first_code, "errorMessage": message}], "shipments": failures}
    return json_response(body, status=400)


ROUTES = [
    Route("/sellers/v3/shipments/{shipment_ids}/labels", labels, methods=["GET"]),
    Route(
        "/sellers/v3/shipments/{shipment_ids}/labelOnly/pdf",
        label_only_pdf,
        methods=["GET", "POST"],
    ),
    Route(
        "/sellers/v3/shipments/{shipment_ids}/labelOnly", label_only_stream, methods=["GET", "POST"]
    ),
    Route("/sellers/v3/shipments/{shipment_ids}/invoices", invoices, methods=["GET"]),
]

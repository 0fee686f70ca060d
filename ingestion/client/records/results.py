"""Per-item results of bulk actions and per-SKU results of listing writes.

Flipkart returns HTTP 200 for these calls and reports failures item by item, so a failed
item is a result with `ok == False`, never an exception. A result list that cannot be read
raises InvalidResponseError.
"""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError

from ingestion.client.errors import InvalidResponseError

SUCCESS = "SUCCESS"
# Status of a result for an id that was sent but is missing from the response.
NO_RESULT = "NO_RESULT"


class ItemResult(BaseModel):
    """Outcome for one shipment or return id; `status` is SUCCESS or FAILURE."""

    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True)

    id: str = Field(validation_alias=AliasChoices("id", "shipmentId", "returnId", "orderItemId"))
    status: str = Field(validation_alias=AliasChoices("status", "processingStatus"))
    error_code: str | None = Field(
        default=None, validation_alias=AliasChoices("error_code", "errorCode")
    )
    error_message: str | None = Field(
        default=None, validation_alias=AliasChoices("error_message", "errorMessage")
    )

    @property
    def ok(self) -> bool:
        return self.status == SUCCESS


class BulkResult(BaseModel):
    """The results of every batch of one bulk call, in the order the ids were sent."""

    results: list[ItemResult] = Field(default_factory=list)

    @property
    def succeeded(self) -> list[ItemResult]:
        return [result for result in self.results if result.ok]

    @property
    def failed(self) -> list[ItemResult]:
        return [result for result in self.results if not result.ok]


class ListingIssue(BaseModel):
    """One entry of `errors` or `attribute_errors` in a listing write response."""

    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True)

    severity: str | None = None
    code: str | None = None
    description: str | None = None
    path: str | None = None
    attribute: str | None = None


class ListingResult(BaseModel):
    """Outcome for one SKU: SUCCESS, WARNING (applied, with remarks) or FAILURE."""

    sku: str
    status: str
    errors: list[ListingIssue] = Field(default_factory=list)
    attribute_errors: list[ListingIssue] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in (SUCCESS, "WARNING")


def item_results(payload: Any, key: str, sent_ids: list[str], description: str) -> list[ItemResult]:
    """Read the per-item list under `key`, adding a NO_RESULT entry for every id missing from it.

    Raises InvalidResponseError, naming `description` (method and path), when an entry is not
    a result object, because the action may have run for any of `sent_ids`.
    """
    entries = payload.get(key) if isinstance(payload, dict) else None
    if entries is not None and not isinstance(entries, list):
        raise _unreadable(description, f"{key!r} is {type(entries).__name__}, not a list")
    results = []
    for index, entry in enumerate(entries or []):
        try:
            results.append(ItemResult.model_validate(entry))
        except ValidationError as error:
            raise _unreadable(description, f"{key}[{index}]: {_first_problem(error)}") from None

    returned = {result.id for result in results}
    for missing in (item for item in sent_ids if item not in returned):
        results.append(
            ItemResult(
                id=missing,
                status=NO_RESULT,
                error_message="Flipkart returned no result for this id; "
                "read its current state before sending it again.",
            )
        )
    return results


def listing_results(payload: Any, sent_skus: list[str], description: str) -> list[ListingResult]:
    """Read a SKU-keyed response into one result per sent SKU, in the order sent.

    Raises InvalidResponseError, naming `description`, when a SKU's entry has malformed
    `errors`. The update may have been applied.
    """
    by_sku = payload if isinstance(payload, dict) else {}
    results = []

    for sku in sent_skus:
        entry = by_sku.get(sku)
        if not isinstance(entry, dict):
            results.append(
                ListingResult(
                    sku=sku,
                    status=NO_RESULT,
                    errors=[ListingIssue(description="Flipkart returned no result for this SKU.")],
                )
            )
            continue
        try:
            result = ListingResult(
                sku=sku,
                status=str(entry.get("status") or NO_RESULT),
                errors=entry.get("errors") or [],
                attribute_errors=entry.get("attribute_errors") or [],
            )
        except ValidationError as error:
            raise _unreadable(description, f"SKU {sku!r}: {_first_problem(error)}") from None
        results.append(result)
    return results


def _first_problem(error: ValidationError) -> str:
    first = error.errors()[0]
    location = ".".join(str(part) for part in first["loc"]) or "entry"
    return f"{location}: {first['msg']}"


def _unreadable(description: str, problem: str) -> InvalidResponseError:
    return InvalidResponseError(
        f"{description} returned a result that cannot be read ({problem}). The action may "
        "have run: read the current state of the items before sending them again."
    )

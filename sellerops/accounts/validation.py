"""Checks of seller account input: environment, GSTIN (with its check character), locations."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field

from sellerops.errors import InvalidInputError
from sellerops.security.text_input import check_optional_text, check_text

ENVIRONMENTS = ("production", "sandbox", "local")
GSTIN_PATTERN = re.compile(r"^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$")
LOCATION_PATTERN = re.compile(r"^LOC[0-9A-Za-z]{1,61}$")
STATE_CODE_PATTERN = re.compile(r"^[0-9]{2}$")
GSTIN_ALPHABET = string.digits + string.ascii_uppercase

# Column lengths of `seller_accounts`. The secret is stored encrypted in a TEXT column, so its
# limit is a sanity bound, far above the length of a Flipkart app secret.
MAX_NAME_LENGTH = 100
MAX_APP_ID_LENGTH = 200
MAX_STATE_LENGTH = 100
MAX_BASE_URL_LENGTH = 300
MAX_APP_SECRET_LENGTH = 1000


@dataclass(frozen=True)
class AccountInput:
    """Input of an owner who adds a Flipkart seller account; `repr` hides the secret."""

    name: str
    environment: str
    app_id: str
    app_secret: str = field(repr=False)
    gstin: str
    state_code: str
    state: str
    location_ids: list[str] = field(default_factory=list)
    base_url: str | None = None


def gstin_check_character(first_fourteen: str) -> str:
    """Return the 15th character of a GSTIN: a base-36 checksum of the first fourteen.

    Each character's value (0-9, A-Z = 10-35) is weighted 1 and 2 alternately; the
    quotient and remainder of each product by 36 are added, and the check character brings
    the sum to a multiple of 36.
    """
    total = 0
    for position, character in enumerate(first_fourteen):
        weighted = GSTIN_ALPHABET.index(character) * (1 if position % 2 == 0 else 2)
        total += weighted // 36 + weighted % 36
    return GSTIN_ALPHABET[(36 - total % 36) % 36]


def validate_account_input(account: AccountInput) -> AccountInput:
    """Return `account` normalized; raises `InvalidInputError` naming the bad value and the fix."""
    _check_lengths(account)
    name = account.name.strip()
    if not name:
        raise InvalidInputError("The account name is empty; give a short name such as 'main'.")
    if account.environment not in ENVIRONMENTS:
        raise InvalidInputError(
            f"Unknown environment {account.environment!r}; use one of: {', '.join(ENVIRONMENTS)}."
        )
    base_url = _validate_base_url(account.environment, account.base_url)
    if not account.app_id.strip():
        raise InvalidInputError("The app id is empty; copy it from the Flipkart developer console.")
    if not account.app_secret:
        raise InvalidInputError(
            "The app secret is empty; copy it from the Flipkart developer console."
        )

    state_code = account.state_code.strip()
    if not STATE_CODE_PATTERN.match(state_code):
        raise InvalidInputError(
            f"State code {account.state_code!r} is not two digits; use the GST state code, "
            f"e.g. 29 for Karnataka."
        )
    gstin = validate_gstin(account.gstin, state_code)
    for location_id in account.location_ids:
        if not LOCATION_PATTERN.match(location_id):
            raise InvalidInputError(
                f"Location id {location_id!r} is malformed; Flipkart location ids look like "
                f"LOC followed by letters and digits."
            )

    return AccountInput(
        name=name,
        environment=account.environment,
        app_id=account.app_id.strip(),
        app_secret=account.app_secret,
        gstin=gstin,
        state_code=state_code,
        state=account.state.strip(),
        location_ids=list(dict.fromkeys(account.location_ids)),
        base_url=base_url,
    )


def _check_lengths(account: AccountInput) -> None:
    check_text("account name", account.name, MAX_NAME_LENGTH)
    check_text("app id", account.app_id, MAX_APP_ID_LENGTH)
    check_text("app secret", account.app_secret, MAX_APP_SECRET_LENGTH)
    check_text("state", account.state, MAX_STATE_LENGTH)
    check_optional_text("base URL", account.base_url, MAX_BASE_URL_LENGTH)


def validate_gstin(gstin: str, state_code: str) -> str:
    """Return `gstin` upper-cased if it is well formed, in `state_code` and its checksum holds."""
    value = gstin.strip().upper()
    if not GSTIN_PATTERN.match(value):
        raise InvalidInputError(
            f"GSTIN {gstin!r} is malformed; a GSTIN has 15 characters: state code, PAN, entity "
            f"number, 'Z' and a check character."
        )
    if value[:2] != state_code:
        raise InvalidInputError(
            f"GSTIN {gstin!r} belongs to state code {value[:2]}, not {state_code}; fix the "
            f"GSTIN or the state code."
        )
    if gstin_check_character(value[:14]) != value[14]:
        raise InvalidInputError(
            f"GSTIN {gstin!r} has a wrong check character; copy the GSTIN again from the "
            f"registration certificate."
        )
    return value


def _validate_base_url(environment: str, base_url: str | None) -> str | None:
    if not base_url:
        return None
    if environment != "local":
        raise InvalidInputError(
            f"A base URL is only used with the 'local' environment, not {environment!r}; "
            f"remove --base-url."
        )
    if not re.match(r"^https?://[^\s/]+", base_url):
        raise InvalidInputError(
            f"Base URL {base_url!r} is malformed; use e.g. http://127.0.0.1:8765."
        )
    return base_url.rstrip("/")

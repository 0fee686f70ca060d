"""The `X_Authorization: FKLOGIN …` signature of Flipkart's push notifications.

Flipkart signs each notification with the app secret of the seller's API app:

    fk_signature    = hex(SHA1(<epoch seconds of X_Date> + <receiver URL> + <method> + <secret>))
    X_Authorization = "FKLOGIN " + base64(<app id> + ":" + fk_signature)

The URL is the receiver URL exactly as registered with Flipkart, query string included.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime

SCHEME = "FKLOGIN"
# A notification whose X_Date is further than this from the receiver's clock, in either
# direction, is rejected, so a captured request cannot be replayed later.
MAX_CLOCK_SKEW = timedelta(minutes=5)

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# RFC 1123 dates, and the form seen in a real capture with an offset after the zone name:
# "Tue, 03 Aug 2021 11:51:47 GMT+05:30", where the clock time is local to that offset.
X_DATE_PATTERN = re.compile(
    r"^\s*(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+"
    r"(\d{2}):(\d{2}):(\d{2})\s*(?:GMT|UTC|Z)?\s*(?:([+-])(\d{2}):?(\d{2}))?\s*$"
)


class SignatureError(ValueError):
    """The notification's X_Date or X_Authorization header is missing, malformed or wrong.

    `reason` is one short phrase for the log line; it never contains a secret.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_x_date(text: str) -> datetime:
    """Parse an X_Date header into an aware UTC datetime; raise SignatureError if malformed."""
    match = X_DATE_PATTERN.match(text)
    if match is None:
        raise SignatureError(f"X_Date {text[:40]!r} is not an HTTP date")
    day, month_name, year, hour, minute, second, sign, offset_hours, offset_minutes = match.groups()
    if month_name.lower() not in MONTHS:
        raise SignatureError(f"X_Date {text[:40]!r} has an unknown month")

    offset = timedelta(0)
    if sign is not None:
        offset = timedelta(hours=int(offset_hours), minutes=int(offset_minutes))
        if sign == "-":
            offset = -offset
    try:
        local = datetime(
            int(year),
            MONTHS.index(month_name.lower()) + 1,
            int(day),
            int(hour),
            int(minute),
            int(second),
            tzinfo=timezone(offset),
        )
        # The offset can shift a valid local time past year 9999 or before year 1 in UTC.
        return local.astimezone(UTC)
    except (ValueError, OverflowError) as error:
        raise SignatureError(f"X_Date {text[:40]!r} is not a valid date ({error})") from None


def format_x_date(moment: datetime) -> str:
    """Format an aware datetime as the RFC 1123 X_Date header, in GMT."""
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def fk_signature(epoch_seconds: int, url: str, method: str, app_secret: str) -> str:
    """Return the hex SHA-1 digest Flipkart computes over date, URL, method and secret."""
    message = f"{epoch_seconds}{url}{method.upper()}{app_secret}"
    return hashlib.sha1(message.encode("utf-8"), usedforsecurity=False).hexdigest()


def authorization_header(
    app_id: str, app_secret: str, url: str, method: str, x_date: datetime
) -> str:
    """Return the X_Authorization value for a notification sent at `x_date` (whole seconds)."""
    digest = fk_signature(int(x_date.timestamp()), url, method, app_secret)
    token = base64.b64encode(f"{app_id}:{digest}".encode()).decode("ascii")
    return f"{SCHEME} {token}"


def verify_signature(
    x_authorization: str | None,
    x_date: str | None,
    *,
    app_id: str,
    app_secret: str,
    url: str,
    method: str,
    now: datetime,
    max_skew: timedelta = MAX_CLOCK_SKEW,
) -> datetime:
    """Check a notification's headers against the account's app; return its X_Date in UTC.

    Raises SignatureError when either header is missing or malformed, when X_Date is more than
    `max_skew` away from `now`, or when the app id or the digest differ. Both comparisons run
    in constant time.
    """
    if not x_date:
        raise SignatureError("X_Date header is missing")
    if not x_authorization:
        raise SignatureError("X_Authorization header is missing")

    sent_at = parse_x_date(x_date)
    skew = abs(now - sent_at)
    if skew > max_skew:
        raise SignatureError(
            f"X_Date is {skew.total_seconds():.0f} s from the receiver's clock "
            f"(limit {max_skew.total_seconds():.0f} s)"
        )

    claimed_app_id, claimed_digest = _decode_authorization(x_authorization)
    expected_digest = fk_signature(int(sent_at.timestamp()), url, method, app_secret)
    app_id_matches = hmac.compare_digest(claimed_app_id.encode(), app_id.encode())
    digest_matches = hmac.compare_digest(claimed_digest.lower().encode(), expected_digest.encode())
    if not app_id_matches:
        raise SignatureError("X_Authorization names another app id")
    if not digest_matches:
        raise SignatureError("X_Authorization signature does not match")
    return sent_at


def _decode_authorization(header: str) -> tuple[str, str]:
    scheme, _, token = header.strip().partition(" ")
    if scheme.upper() != SCHEME or not token:
        raise SignatureError(f"X_Authorization does not use the {SCHEME} scheme")
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise SignatureError("X_Authorization token is not valid base64") from None
    app_id, separator, digest = decoded.rpartition(":")
    if not separator or not app_id or not digest:
        raise SignatureError("X_Authorization token is not '<app id>:<signature>'")
    return app_id, digest

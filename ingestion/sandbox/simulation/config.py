"""Configuration of a simulated marketplace and the time conventions shared by its modules."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

IST = timezone(timedelta(hours=5, minutes=30), "IST")

# Inclusive bounds as aware datetimes, where None leaves that side open.
Range = tuple[datetime | None, datetime | None]

DEFAULT_START = datetime(2026, 11, 30, 10, 0, tzinfo=IST)

# Seller i gets orders_per_day * SELLER_VOLUME_FACTORS[i % 4] daily orders, so sellers differ.
SELLER_VOLUME_FACTORS = (1.0, 0.55, 0.8, 0.35)


@dataclass(frozen=True)
class SimConfig:
    """Settings of one simulated world. The same config always builds the same world."""

    seed: int = 7
    sellers: int = 2
    history_days: int = 120
    orders_per_day: float = 40.0
    start: datetime = field(default=DEFAULT_START)
    speed: float = 1.0
    pack_delay_seconds: float = 2.0
    form_failure_rate: float = 0.0
    # IST weekday (Monday 0 to Sunday 6) whose orders the simulated seller readies only after
    # their dispatch-by, a planted pattern for dispatch-delay analysis. None plants nothing.
    # It applies to history orders, and to orders after start when autopilot is on.
    late_weekday: int | None = None
    # When True, the simulated seller also requests labels and marks ready to dispatch for the
    # orders it has not handled by start and for every order placed after start (test orders
    # excepted), at the times the history uses. When False those steps are the API user's.
    autopilot: bool = False

    def __post_init__(self) -> None:
        if self.start.tzinfo is None:
            raise ValueError(f"SimConfig.start must be timezone-aware, got {self.start!r}")
        if self.sellers < 1:
            raise ValueError(f"SimConfig.sellers must be at least 1, got {self.sellers}")
        if self.history_days < 0:
            raise ValueError(f"SimConfig.history_days must be >= 0, got {self.history_days}")
        if self.orders_per_day < 0:
            raise ValueError(f"SimConfig.orders_per_day must be >= 0, got {self.orders_per_day}")
        if self.speed < 0:
            raise ValueError(f"SimConfig.speed must be >= 0, got {self.speed}")
        if not 0.0 <= self.form_failure_rate <= 1.0:
            raise ValueError(
                f"SimConfig.form_failure_rate must be within 0..1, got {self.form_failure_rate}"
            )
        if self.late_weekday is not None and not 0 <= self.late_weekday <= 6:
            raise ValueError(
                f"SimConfig.late_weekday must be within 0..6 (Monday to Sunday) or None, "
                f"got {self.late_weekday}"
            )

    def volume_of(self, seller_index: int) -> float:
        """Return the mean daily orders of one seller before weekly and trend effects."""
        return (
            self.orders_per_day * SELLER_VOLUME_FACTORS[seller_index % len(SELLER_VOLUME_FACTORS)]
        )


def whole_millis(epoch: float) -> float:
    """Round epoch seconds to whole milliseconds, the precision of every timestamp on the wire.

    Keeping stored times at millisecond precision makes a range bound copied from a response
    compare equal to the record it came from.
    """
    return round(epoch * 1000) / 1000


def to_epoch(moment: datetime) -> float:
    """Convert an aware datetime to epoch seconds, rejecting naive values."""
    if moment.tzinfo is None:
        raise ValueError(f"datetime {moment!r} has no timezone. Pass an aware datetime")
    return moment.timestamp()


def iso(epoch: float) -> str:
    """Format epoch seconds as Flipkart does: ISO-8601, milliseconds, IST offset."""
    return datetime.fromtimestamp(epoch, IST).isoformat(timespec="milliseconds")


def iso_or_none(epoch: float | None) -> str | None:
    """Format epoch seconds like `iso`, passing None through."""
    if epoch is None:
        return None
    return iso(epoch)


def range_bounds(bounds: Range | None) -> tuple[float, float] | None:
    """Turn an inclusive datetime range into epoch bounds, with infinities for open sides."""
    if bounds is None:
        return None
    low, high = bounds
    low_epoch = float("-inf") if low is None else to_epoch(low)
    high_epoch = float("inf") if high is None else to_epoch(high)
    return (low_epoch, high_epoch)

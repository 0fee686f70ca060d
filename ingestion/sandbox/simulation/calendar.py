"""Working hours, dispatch-by deadlines and courier pickup slots in IST."""

from datetime import datetime, timedelta

from .config import IST

SUNDAY = 6

# Seller warehouse hours in IST per location number, Monday to Saturday (closed on Sunday).
# The second warehouse opens later and closes earlier, so it dispatches more slowly.
WAREHOUSE_HOURS = ((9.5, 19.5), (10.0, 18.0))

DISPATCH_BY_HOUR = 18  # regular shipments: by 18:00 IST on the last SLA day
EXPRESS_DISPATCH_BY_HOUR = 12  # express shipments: by noon the next working day
PICKUP_CUTOFF_HOUR = 14  # shipments ready by 14:00 are picked up the same working day
PICKUP_HOUR = 15


def _at(day: datetime, hour: float) -> float:
    midnight = day.replace(hour=0, minute=0, second=0, microsecond=0)
    return (midnight + timedelta(hours=hour)).timestamp()


def _next_working_day(day: datetime) -> datetime:
    day += timedelta(days=1)
    while day.weekday() == SUNDAY:
        day += timedelta(days=1)
    return day


def dispatch_by(order_time: float, sla_days: int, express: bool) -> float:
    """Return the dispatch-by deadline: SLA working days after the order day (Sundays skipped)."""
    day = datetime.fromtimestamp(order_time, IST)
    if express:
        return _at(_next_working_day(day), EXPRESS_DISPATCH_BY_HOUR)
    for _ in range(sla_days):
        day = _next_working_day(day)
    return _at(day, DISPATCH_BY_HOUR)


def next_open(moment: float, location_number: int) -> float:
    """Return moment if the warehouse is open then, else its next opening time."""
    opening, closing = WAREHOUSE_HOURS[min(location_number, len(WAREHOUSE_HOURS) - 1)]
    day = datetime.fromtimestamp(moment, IST)
    if day.weekday() != SUNDAY:
        if moment < _at(day, opening):
            return _at(day, opening)
        if moment < _at(day, closing):
            return moment
    return _at(_next_working_day(day), opening)


def add_working_hours(moment: float, hours: float, location_number: int) -> float:
    """Advance moment by hours of warehouse working time, carrying over closed hours and days."""
    opening, closing = WAREHOUSE_HOURS[min(location_number, len(WAREHOUSE_HOURS) - 1)]
    current = next_open(moment, location_number)
    remaining = hours * 3600.0
    while True:
        day = datetime.fromtimestamp(current, IST)
        closes_at = _at(day, closing)
        if current + remaining <= closes_at:
            return current + remaining
        remaining -= closes_at - current
        current = _at(_next_working_day(day), opening)


def pickup_slot(ready_time: float) -> float:
    """Return when the courier pickup slot starts for a shipment ready at ready_time."""
    day = datetime.fromtimestamp(ready_time, IST)
    if day.weekday() != SUNDAY and day.hour < PICKUP_CUTOFF_HOUR:
        return _at(day, PICKUP_HOUR)
    return _at(_next_working_day(day), PICKUP_HOUR)


def next_day_start(moment: float) -> float:
    """Return midnight IST after moment."""
    day = datetime.fromtimestamp(moment, IST) + timedelta(days=1)
    return _at(day, 0)

"""The simulation engine: sellers' worlds, the clock, and the queues that move them over time.

Every public Marketplace call holds one re-entrant lock and first brings the world up to the
simulated now: live arrivals, scheduled marketplace events (and the seller's own steps when
SimConfig.autopilot is on) and packing that has finished.
"""

import heapq
import logging
import random
import threading
import time
from bisect import bisect_right
from collections import OrderedDict
from datetime import datetime

from .accounts import SellerAccount, build_seller
from .catalogue import build_catalogue
from .clock import SimClock
from .config import IST, SimConfig, to_epoch, whole_millis
from .demand import HOUR, HOUR_SHARES, SkuPicker, day_factor, ist_hour, poisson
from .history import build_history
from .ids import IdMaker
from .lifecycle import apply_event, mark_packed, plan_autopilot, plan_live
from .orders import place_order
from .physical import commit_units
from .records import Shipment
from .world import SellerWorld

logger = logging.getLogger(__name__)

IST_OFFSET_SECONDS = 19800.0
CHANGE_LOG_SIZE = 200_000  # shipment changes kept for patching cached query results


def _next_ist_hour(moment: float) -> float:
    """Return the first IST hour boundary strictly after moment."""
    shifted = moment + IST_OFFSET_SECONDS
    return (shifted // HOUR + 1) * HOUR - IST_OFFSET_SECONDS


class Engine:
    """Builds the sellers' worlds and plays arrivals and lifecycle events up to the clock."""

    def __init__(self, config: SimConfig) -> None:
        began = time.perf_counter()
        self.config = config
        self._lock = threading.RLock()
        self._start = to_epoch(config.start)
        self._clock = SimClock(self._start, config.speed)
        self._version = 0
        self._seq = 0
        self._events: list[tuple[float, int, int, str]] = []
        self._packing: list[tuple[float, int, int, str]] = []
        self._query_cache: OrderedDict = OrderedDict()
        self._changes: list[tuple[int, str]] = []  # (version, shipment id), versions ascending
        self._changes_floor = 0  # changes up to this version were dropped from the log
        self._owner_of_shipment: dict[str, int] = {}
        self._owner_of_item: dict[str, int] = {}

        self.sellers: list[SellerAccount] = [
            build_seller(config.seed, index) for index in range(config.sellers)
        ]
        self._by_seller_id = {
            account.seller_id: index for index, account in enumerate(self.sellers)
        }
        self._by_app_id = {account.app_id: account for account in self.sellers}
        self._worlds = [
            self._build_world(index, account) for index, account in enumerate(self.sellers)
        ]

        logger.info(
            "Marketplace built: seed %s, %d sellers, %d shipments in %.2f s",
            config.seed,
            len(self.sellers),
            len(self._owner_of_shipment),
            time.perf_counter() - began,
        )

    def _build_world(self, index: int, account: SellerAccount) -> SellerWorld:
        seed = self.config.seed
        catalogue_rng = random.Random(f"{seed}:{index}:catalogue")
        seller_code = "".join(word[0] for word in account.name.split()[:3]).upper()
        world = SellerWorld(
            index=index,
            account=account,
            products=build_catalogue(catalogue_rng, seller_code, account.location_ids),
            ids=IdMaker(random.Random(f"{seed}:{index}:ids")),
            history_rng=random.Random(f"{seed}:{index}:history"),
            live_rng=random.Random(f"{seed}:{index}:live"),
            action_rng=random.Random(f"{seed}:{index}:actions"),
            autopilot_rng=random.Random(f"{seed}:{index}:autopilot")
            if self.config.autopilot
            else None,
        )
        build_history(
            world,
            self._start,
            self.config.history_days,
            self.config.volume_of(index),
            late_weekday=self.config.late_weekday,
        )
        for shipment in world.shipments.values():
            self._register(world, shipment)
        world.next_bucket = self._start
        return world

    def _register(self, world: SellerWorld, shipment: Shipment) -> None:
        self._owner_of_shipment[shipment.shipment_id] = world.index
        for item in shipment.items:
            self._owner_of_item[item.order_item_id] = world.index
        self.schedule(world, shipment)

    # ---- clock -------------------------------------------------------------------------------

    def now(self) -> datetime:
        """Return the simulated now as an aware datetime in IST."""
        with self._lock:
            return datetime.fromtimestamp(self._clock.now(), IST)

    def set_speed(self, speed: float) -> None:
        """Set simulated seconds per real second, where 0 freezes the clock."""
        with self._lock:
            self._sync()
            self._clock.set_speed(speed)

    def advance(self, seconds: float) -> None:
        """Jump the simulated clock forward and play every event on the way."""
        with self._lock:
            self._clock.advance(seconds)
            self._sync()

    @property
    def version(self) -> int:
        """A counter that increases on every state change, for caching query results."""
        with self._lock:
            self._sync()
            return self._version

    # ---- internal engine ---------------------------------------------------------------------

    def schedule(self, world: SellerWorld, shipment: Shipment) -> None:
        """Queue the shipment's next pending event (older queue entries become stale)."""
        if not shipment.pending:
            shipment.next_seq = -1
            return
        self._seq += 1
        shipment.next_seq = self._seq
        heapq.heappush(
            self._events, (shipment.pending[0][0], self._seq, world.index, shipment.shipment_id)
        )

    def queue_packing(self, world: SellerWorld, shipment: Shipment) -> None:
        """Finish packing after pack_delay_seconds of real time, so it works on a frozen clock."""
        self._seq += 1
        deadline = time.monotonic() + self.config.pack_delay_seconds
        heapq.heappush(self._packing, (deadline, self._seq, world.index, shipment.shipment_id))
        self.touch(shipment.shipment_id)

    def owner_of_shipment(self, shipment_id: str) -> int | None:
        return self._owner_of_shipment.get(shipment_id)

    def owner_of_item(self, order_item_id: str) -> int | None:
        return self._owner_of_item.get(order_item_id)

    def touch(self, shipment_id: str | None = None) -> None:
        """Record a state change, and which shipment changed, so cached results can be patched."""
        self._version += 1
        if shipment_id is not None:
            self._changes.append((self._version, shipment_id))
            if len(self._changes) > CHANGE_LOG_SIZE:
                self._changes_floor = self._changes[CHANGE_LOG_SIZE // 2 - 1][0]
                del self._changes[: CHANGE_LOG_SIZE // 2]

    def changed_since(self, version: int) -> set[str] | None:
        """Return ids of shipments changed after version, or None if the log lost that range."""
        if version < self._changes_floor:
            return None
        position = bisect_right(self._changes, (version, "\uffff"))
        return {shipment_id for _, shipment_id in self._changes[position:]}

    def _sync(self) -> float:
        now = self._clock.now()
        self._finish_packing(now)
        for world in self._worlds:
            self._draw_arrivals(world, now)

        while True:
            event_time = self._events[0][0] if self._events else float("inf")
            arrival_world = None
            arrival_time = float("inf")
            for world in self._worlds:
                if world.arrivals and world.arrivals[0][0] < arrival_time:
                    arrival_time = world.arrivals[0][0]
                    arrival_world = world
            if min(event_time, arrival_time) > now:
                break
            if arrival_world is not None and arrival_time <= event_time:
                moment, product, picker = arrival_world.arrivals.popleft()
                self._place_live_order(arrival_world, moment, product, picker)
            else:
                self._play_next_event()
        return now

    def _finish_packing(self, now: float) -> None:
        real_now = time.monotonic()
        while self._packing and self._packing[0][0] <= real_now:
            _, _, index, shipment_id = heapq.heappop(self._packing)
            world = self._worlds[index]
            shipment = world.shipments[shipment_id]
            if shipment.status != "PACKING_IN_PROGRESS":
                continue
            rate = self.config.form_failure_rate
            if rate > 0 and world.action_rng.random() < rate:
                world.set_status(shipment, "FORM_FAILED")
            else:
                mark_packed(world, shipment, now)
            shipment.updated_at = now
            self.touch(shipment_id)

    def _draw_arrivals(self, world: SellerWorld, now: float) -> None:
        """Draw live arrivals hour by hour up to now, at the prices listed when each hour begins."""
        volume = self.config.volume_of(world.index)
        while world.next_bucket <= now:
            bucket = world.next_bucket
            bucket_end = _next_ist_hour(bucket)
            picker = SkuPicker(world.products, [p.selling_price for p in world.products])
            mean = (
                volume
                * day_factor(bucket, self._start)
                * picker.demand_ratio
                * HOUR_SHARES[ist_hour(bucket)]
                * (bucket_end - bucket)
                / HOUR
            )
            rng = world.live_rng
            count = poisson(rng, mean) if picker.products else 0
            span = bucket_end - bucket
            moments = sorted(whole_millis(bucket + rng.random() * span) for _ in range(count))
            for moment in moments:
                world.arrivals.append((moment, picker.pick(rng), picker))
            world.next_bucket = bucket_end

    def _place_live_order(self, world: SellerWorld, moment: float, product, picker) -> None:
        order = place_order(world, moment, product, picker, world.live_rng, check_stock=True)
        if order is None:
            return
        for shipment in order.shipments:
            self._add_live_shipment(world, shipment)

    def _add_live_shipment(self, world: SellerWorld, shipment: Shipment) -> None:
        shipment.live = True
        shipment.hold = shipment.fate.hold_hours > 0
        world.add_shipment(shipment)
        commit_units(world, shipment)
        shipment.pending = plan_live(shipment)
        if world.autopilot_rng is not None and not shipment.is_test:
            seller_steps = plan_autopilot(world, shipment, self.config.late_weekday)
            shipment.pending = sorted(shipment.pending + seller_steps)
        self._register(world, shipment)
        self.touch(shipment.shipment_id)

    def _play_next_event(self) -> None:
        moment, seq, index, shipment_id = heapq.heappop(self._events)
        world = self._worlds[index]
        shipment = world.shipments[shipment_id]
        if shipment.next_seq != seq or not shipment.pending:
            return
        _, event = shipment.pending.pop(0)
        if apply_event(world, shipment, event, moment):
            self.touch(shipment_id)
        self.schedule(world, shipment)

    def _world(self, seller_id: str) -> SellerWorld:
        index = self._by_seller_id.get(seller_id)
        if index is None:
            raise ValueError(f"unknown seller id {seller_id!r}")
        return self._worlds[index]

    # ---- faults ------------------------------------------------------------------------------

    def perturb(self, seller_id: str, rng: random.Random) -> str | None:
        """Play one random pending event of the seller's shipments or returns now.

        Returns the id of the changed shipment (or return), or None when nothing can move.
        """
        with self._lock:
            world = self._world(seller_id)
            now = self._sync()
            shipment = self._pick_pending(world, rng)
            if shipment is None:
                return None
            _, event = shipment.pending.pop(0)
            if not apply_event(world, shipment, event, now):
                self.schedule(world, shipment)
                return None
            self.touch(shipment.shipment_id)
            self.schedule(world, shipment)
            if event in ("return_complete", "return_cancel") and shipment.returns:
                return shipment.returns[0].return_id
            return shipment.shipment_id

    def _pick_pending(self, world: SellerWorld, rng: random.Random) -> Shipment | None:
        entries = self._events
        for _ in range(64):
            if not entries:
                return None
            _, seq, index, shipment_id = entries[rng.randrange(len(entries))]
            if index != world.index:
                continue
            shipment = world.shipments[shipment_id]
            if shipment.next_seq == seq and shipment.pending:
                return shipment
        live = sorted(
            shipment_id
            for _, seq, index, shipment_id in entries
            if index == world.index and world.shipments[shipment_id].next_seq == seq
        )
        if not live:
            return None
        return world.shipments[rng.choice(live)]

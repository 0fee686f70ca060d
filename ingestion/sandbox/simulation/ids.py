"""Identifiers in the shapes Flipkart uses, drawn from a seeded generator and kept unique."""

import random
import uuid

COURIERS = (("Ekart Logistics", 0.70), ("Delhivery", 0.20), ("Xpressbees", 0.10))


class IdMaker:
    """Draws unique ids of each Flipkart shape from one random stream."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def _unique(self, make) -> str:
        while True:
            value = make()
            if value not in self._used:
                self._used.add(value)
                return value

    def _digits(self, count: int) -> str:
        first = str(self._rng.randrange(1, 10))
        return first + f"{self._rng.randrange(10 ** (count - 1)):0{count - 1}d}"

    def shipment_id(self) -> str:
        """Draw a UUID4 string, like 32813d5e-527f-4244-a32c-992a179bc11d."""
        return self._unique(lambda: str(uuid.UUID(int=self._rng.getrandbits(128), version=4)))

    def order_ids(self, item_count: int) -> tuple[str, list[str]]:
        """Draw an order id (OD + 18 digits) and its item ids (its first 15 digits + 2 more)."""
        stem = self._unique(lambda: self._digits(15))
        order_id = f"OD{stem}000"
        return order_id, [f"{stem}{n + 1:02d}" for n in range(item_count)]

    def return_id(self) -> str:
        """Draw a 20-digit return id ending in 0, so per-item ids can replace the last digit."""
        return self._unique(lambda: self._digits(19) + "0")

    def courier(self) -> tuple[str, str]:
        """Draw a forward courier and a tracking id in that courier's format."""
        point = self._rng.random()
        vendor = COURIERS[-1][0]
        for name, share in COURIERS:
            if point < share:
                vendor = name
                break
            point -= share
        return vendor, self.tracking_id(vendor)

    def tracking_id(self, vendor: str, reverse: bool = False) -> str:
        """Draw a tracking id (AWB) in the vendor's format."""
        if vendor == "Ekart Logistics":
            prefix = "FMPR" if reverse else "FMPP"
            return self._unique(lambda: prefix + self._digits(10))
        if vendor == "Delhivery":
            return self._unique(lambda: self._digits(13))
        return self._unique(lambda: "14" + self._digits(12))

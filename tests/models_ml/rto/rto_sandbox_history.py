"""The sandbox history the RTO tests share (a module of its own, so tests can import it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl


@dataclass(frozen=True)
class SandboxHistory:
    """One account's order item frame from a built warehouse, and the sandbox's truth."""

    account_id: str
    items: pl.DataFrame
    truth: dict
    warehouse: Path

    @property
    def true_probabilities(self) -> pl.DataFrame:
        """order_item_id and the simulator's true RTO probability (true_probability)."""
        order_items = self.truth["sellers"][self.account_id]["orderItems"]
        return pl.DataFrame(
            {
                "order_item_id": list(order_items),
                "true_probability": [entry["rtoProbability"] for entry in order_items.values()],
            }
        )

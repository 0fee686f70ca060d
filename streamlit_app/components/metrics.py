"""Metric cards: one row of bordered `st.metric` tiles with formatted values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st


@dataclass(frozen=True)
class Card:
    """One metric tile, with `value` and `delta` already formatted for display."""

    label: str
    value: str
    delta: str | None = None
    help: str | None = None
    inverse: bool = False


def metric_row(cards: Sequence[Card]) -> None:
    """Draw `cards` side by side. An `inverse` card shows a rise in red (returns, delays)."""
    if not cards:
        return
    for column, card in zip(st.columns(len(cards)), cards, strict=True):
        with column:
            st.metric(
                card.label,
                card.value,
                delta=card.delta,
                delta_color="inverse" if card.inverse else "normal",
                help=card.help,
                border=True,
            )

"""plotly figure builders shared by the pages. Each takes a polars frame and returns a figure.

Each figure is built in one `go.Figure(data=..., layout=...)` call from plain dicts: plotly
validates a figure on every `add_trace` and `update_*`, and building in steps cost a page about
30 ms per chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl

# One palette for every page, so a series keeps its colour from page to page.
COLOURS = {
    "primary": "#2563eb",
    "profit": "#16a34a",
    "loss": "#dc2626",
    "neutral": "#64748b",
    "warning": "#d97706",
}
CHART_HEIGHT = 320
GRID = "#e2e8f0"
TEMPLATE = "sellerops"
# A small template of our own: plotly's "plotly_white" styles every trace type and costs about
# 30 ms per figure. Streamlit's chart theme styles the rest in the browser.
pio.templates[TEMPLATE] = go.layout.Template(
    layout={
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "colorway": list(COLOURS.values()),
        "xaxis": {"gridcolor": GRID, "zerolinecolor": GRID},
        "yaxis": {"gridcolor": GRID, "zerolinecolor": GRID},
    }
)


def base_layout(title: str, **overrides: Any) -> dict[str, Any]:
    """Return the layout every chart shares: title, height, margins, template; then `overrides`."""
    return {
        "title": {"text": title, "x": 0, "font": {"size": 15}},
        "height": CHART_HEIGHT,
        "margin": {"l": 10, "r": 10, "t": 45, "b": 10},
        "template": TEMPLATE,
        **overrides,
    }


def value_axis(title: str, *, money: bool, tickformat: str | None = None) -> dict[str, Any]:
    """Return the axis of counts or rupees; d3 formats have no rupee sign, so it is a prefix."""
    axis: dict[str, Any] = {"title": {"text": title}, "tickformat": ",.0f" if money else ",d"}
    if money:
        axis["tickprefix"] = "₹"
    if tickformat:
        axis["tickformat"] = tickformat
    return axis


def _series_layout(title: str, y_title: str, *, money: bool, **overrides: Any) -> dict[str, Any]:
    return base_layout(
        title,
        legend={"orientation": "h", "y": -0.2},
        hovermode="x unified",
        yaxis=value_axis(y_title, money=money),
        **overrides,
    )


def _floats(frame: pl.DataFrame, column: str) -> list[float]:
    # plotly draws floats; the rupee amounts stay Decimal everywhere else.
    return frame.get_column(column).cast(pl.Float64).to_list()


def line_chart(
    frame: pl.DataFrame,
    x: str,
    series: Sequence[tuple[str, str, str]],
    *,
    title: str,
    y_title: str,
    money: bool = False,
) -> go.Figure:
    """Draw one line per `(column, label, colour name)` in `series` against column `x`."""
    days = frame.get_column(x).to_list()
    lines = [
        {
            "type": "scatter",
            "x": days,
            "y": _floats(frame, column),
            "name": label,
            "mode": "lines+markers",
            "line": {"color": COLOURS[colour], "width": 2},
            "marker": {"size": 5},
        }
        for column, label, colour in series
    ]
    return go.Figure(data=lines, layout=_series_layout(title, y_title, money=money))


def bar_chart(
    frame: pl.DataFrame,
    x: str,
    y: str,
    *,
    title: str,
    y_title: str,
    money: bool = False,
    horizontal: bool = False,
    colour: str = "primary",
    signed: bool = False,
    tickformat: str | None = None,
) -> go.Figure:
    """Draw bars of `y` by `x`. With `signed`, negative bars are red and the rest green.

    A horizontal chart lists `x` down the side, first at the top. `tickformat` overrides the
    value axis's d3 format.
    """
    values = _floats(frame, y)
    labels = frame.get_column(x).to_list()
    colours: str | list[str] = COLOURS[colour]
    if signed:
        colours = [COLOURS["loss"] if value < 0 else COLOURS["profit"] for value in values]
    axis = value_axis(y_title, money=money, tickformat=tickformat)
    if horizontal:
        bar = {"type": "bar", "x": values, "y": labels, "orientation": "h"}
        layout = base_layout(
            title,
            legend={"orientation": "h", "y": -0.2},
            hovermode="y unified",
            xaxis=axis,
            yaxis={"autorange": "reversed"},
        )
    else:
        bar = {"type": "bar", "x": labels, "y": values}
        layout = base_layout(
            title, legend={"orientation": "h", "y": -0.2}, hovermode="x unified", yaxis=axis
        )
    return go.Figure(data=[{**bar, "marker": {"color": colours}}], layout=layout)


def stacked_bars(
    frame: pl.DataFrame,
    x: str,
    series: Sequence[tuple[str, str, str]],
    *,
    title: str,
    y_title: str,
    money: bool = False,
) -> go.Figure:
    """Draw one stacked bar per row of `frame` with a segment per `(column, label, colour)`."""
    periods = frame.get_column(x).to_list()
    bars = [
        {
            "type": "bar",
            "x": periods,
            "y": _floats(frame, column),
            "name": label,
            "marker": {"color": COLOURS[colour]},
        }
        for column, label, colour in series
    ]
    layout = _series_layout(title, y_title, money=money, barmode="stack")
    return go.Figure(data=bars, layout=layout)


def funnel_chart(stages: Sequence[str], counts: Sequence[int], *, title: str) -> go.Figure:
    """Draw how many order items reached each stage of the lifecycle."""
    funnel = {
        "type": "funnel",
        "y": list(stages),
        "x": list(counts),
        "marker": {"color": COLOURS["primary"]},
    }
    return go.Figure(data=[funnel], layout=base_layout(title))

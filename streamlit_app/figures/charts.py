"""plotly figure builders shared by the pages. Each takes a polars frame and returns a figure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
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


def _layout(figure: go.Figure, title: str, y_title: str, *, money: bool) -> go.Figure:
    figure.update_layout(
        title={"text": title, "x": 0, "font": {"size": 15}},
        height=CHART_HEIGHT,
        margin={"l": 10, "r": 10, "t": 45, "b": 10},
        legend={"orientation": "h", "y": -0.2},
        hovermode="x unified",
        template="plotly_white",
    )
    _axis_format(figure.update_yaxes, y_title, money=money)
    return figure


def _axis_format(update_axes: Any, title: str, *, money: bool) -> None:
    # d3 number formats have no rupee symbol, so rupee axes get it as a tick prefix.
    update_axes(
        title=title, tickprefix="₹" if money else None, tickformat=",.0f" if money else ",d"
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
    figure = go.Figure()
    for column, label, colour in series:
        figure.add_trace(
            go.Scatter(
                x=frame.get_column(x).to_list(),
                y=_floats(frame, column),
                name=label,
                mode="lines+markers",
                line={"color": COLOURS[colour], "width": 2},
                marker={"size": 5},
            )
        )
    return _layout(figure, title, y_title, money=money)


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
) -> go.Figure:
    """Draw bars of `y` by `x`. With `signed`, negative bars are red and the rest green."""
    values = _floats(frame, y)
    labels = frame.get_column(x).to_list()
    colours: str | list[str] = COLOURS[colour]
    if signed:
        colours = [COLOURS["loss"] if value < 0 else COLOURS["profit"] for value in values]
    bar = (
        go.Bar(x=values, y=labels, orientation="h", marker_color=colours)
        if horizontal
        else go.Bar(x=labels, y=values, marker_color=colours)
    )
    figure = _layout(go.Figure(bar), title, y_title, money=money and not horizontal)
    if horizontal:
        _axis_format(figure.update_xaxes, y_title, money=money)
        figure.update_yaxes(title=None, autorange="reversed", tickformat=None, tickprefix=None)
        figure.update_layout(hovermode="y unified")
    return figure


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
    figure = go.Figure()
    for column, label, colour in series:
        figure.add_trace(
            go.Bar(
                x=frame.get_column(x).to_list(),
                y=_floats(frame, column),
                name=label,
                marker_color=COLOURS[colour],
            )
        )
    figure.update_layout(barmode="stack")
    return _layout(figure, title, y_title, money=money)


def funnel_chart(stages: Sequence[str], counts: Sequence[int], *, title: str) -> go.Figure:
    """Draw how many order items reached each stage of the lifecycle."""
    figure = go.Figure(
        go.Funnel(y=list(stages), x=list(counts), marker={"color": COLOURS["primary"]})
    )
    figure.update_layout(
        title={"text": title, "x": 0, "font": {"size": 15}},
        height=CHART_HEIGHT,
        margin={"l": 10, "r": 10, "t": 45, "b": 10},
        template="plotly_white",
    )
    return figure

"""plotly figures of the Intelligence page: RTO risk bands and delay effects with intervals."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from streamlit_app.figures.charts import CHART_HEIGHT, COLOURS, base_layout

RISK_BANDS = 10


def band_label(band: int) -> str:
    """Return the label of risk band `band` (0-9): `30–40%` for band 3."""
    return f"{band * 10}–{band * 10 + 10}%"


def risk_band_chart(bands: pl.DataFrame, high_risk: float) -> go.Figure:
    """Draw the open items per band of RTO risk; bands at or above `high_risk` are red.

    `bands` has columns band (0-9) and items; missing bands are drawn as zero.
    """
    counts = dict(zip(bands.get_column("band"), bands.get_column("items"), strict=True))
    labels = [band_label(band) for band in range(RISK_BANDS)]
    values = [int(counts.get(band, 0)) for band in range(RISK_BANDS)]
    colours = [
        COLOURS["loss"] if band / RISK_BANDS >= high_risk else COLOURS["primary"]
        for band in range(RISK_BANDS)
    ]
    bars = {"type": "bar", "x": labels, "y": values, "marker": {"color": colours}}
    layout = base_layout(
        "Open order items by predicted RTO risk",
        hovermode="x unified",
        xaxis={"title": {"text": "Predicted RTO probability"}},
        yaxis={"title": {"text": "Order items"}, "tickformat": ",d"},
    )
    return go.Figure(data=[bars], layout=layout)


def delay_effect_chart(findings: pl.DataFrame) -> go.Figure:
    """Draw each finding's late rate against the rest's, with the effect's interval.

    `findings` has dimension, value, late_rate, rest_rate, low and high (rates as fractions).
    """
    labels = [
        f"{dimension}: {value}"
        for dimension, value in zip(
            findings.get_column("dimension"), findings.get_column("value"), strict=True
        )
    ]
    late = [rate * 100 for rate in findings.get_column("late_rate").cast(pl.Float64)]
    rest = [rate * 100 for rate in findings.get_column("rest_rate").cast(pl.Float64)]
    low = findings.get_column("low").cast(pl.Float64).to_list()
    high = findings.get_column("high").cast(pl.Float64).to_list()
    # The interval is of the effect (late rate minus the rest's), drawn around the late rate.
    error_minus = [
        max(0.0, (rate - rest_rate) - effect_low * 100)
        for rate, rest_rate, effect_low in zip(late, rest, low, strict=True)
    ]
    error_plus = [
        max(0.0, effect_high * 100 - (rate - rest_rate))
        for rate, rest_rate, effect_high in zip(late, rest, high, strict=True)
    ]

    rest_bars = {
        "type": "bar",
        "y": labels,
        "x": rest,
        "orientation": "h",
        "name": "Late rate of all other shipments",
        "marker": {"color": COLOURS["neutral"]},
    }
    group_bars = {
        "type": "bar",
        "y": labels,
        "x": late,
        "orientation": "h",
        "name": "Late rate of this group",
        "marker": {"color": COLOURS["warning"]},
        "error_x": {
            "type": "data",
            "symmetric": False,
            "array": error_plus,
            "arrayminus": error_minus,
            "color": COLOURS["loss"],
        },
    }
    layout = base_layout(
        "Late ready-to-dispatch rate by group",
        barmode="group",
        height=max(CHART_HEIGHT, 60 + 38 * len(labels)),
        legend={"orientation": "h", "y": -0.15},
        xaxis={"title": {"text": "Shipments marked ready after the dispatch deadline (%)"}},
        yaxis={"autorange": "reversed"},
    )
    return go.Figure(data=[rest_bars, group_bars], layout=layout)

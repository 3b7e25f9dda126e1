"""Charts in the house style of the Government Analysis Function.

Every function returns a ``Chart``: the matplotlib Figure and an alt text generated
from the data ("Line chart: ..., peaking in July 2016 at 512").  Nothing is shown or
saved here; ``Section.show_chart`` does that.  Style: the Analysis Function's
accessible categorical palette, bars from zero, horizontal labels, a title that
states the message, a subtitle that states the data, and a source line.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

import matplotlib.ticker as ticker  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

#: Government Analysis Function categorical palette (accessible, in this order)
PALETTE = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")
HIGHLIGHT, CONTEXT = PALETTE[0], "#BFBFBF"
TEXT = "#0B0C0C"

matplotlib.rcParams.update(
    {
        "font.family": "DejaVu Sans",
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": "#505A5F",
        "axes.labelcolor": TEXT,
        "xtick.color": TEXT,
        "ytick.color": TEXT,
        "svg.hashsalt": "cspanalysis",
        "svg.fonttype": "none",
    }
)


@dataclass
class Chart:
    """A figure with the text that stands in for it."""

    figure: Figure
    alt: str


def _frame(title: str, subtitle: str, source: str, size=(8, 4.2)) -> tuple[Figure, object]:
    figure = Figure(figsize=size, dpi=100, layout="constrained")
    axes = figure.add_subplot()
    figure.suptitle(title, x=0.0, ha="left", fontsize=13, fontweight="bold", color=TEXT)
    axes.set_title(subtitle, loc="left", fontsize=10, color="#505A5F", pad=10)
    figure.text(0.0, -0.02, f"Source: {source}", ha="left", va="top", fontsize=8, color="#505A5F")
    return figure, axes


def _month(ts: pd.Timestamp) -> str:
    return f"{ts:%B %Y}"


def line_chart(series: pd.Series, *, title: str, subtitle: str, source: str, what: str, ylabel: str = "",
               baseline: tuple[float, float] | None = None, baseline_label: str = "") -> Chart:
    """A monthly or yearly line from zero; ``what`` names the series in the alt text."""
    figure, axes = _frame(title, subtitle, source)
    x = series.index
    axes.plot(x, series.values, color=HIGHLIGHT, linewidth=2.2, marker="o", markersize=3.5)
    if baseline is not None:
        axes.axhspan(baseline[0], baseline[1], color=PALETTE[1], alpha=0.18, linewidth=0)
        axes.annotate(baseline_label, xy=(x[0], baseline[1]), xytext=(0, 3), textcoords="offset points",
                      fontsize=8, color=TEXT)
    axes.set_ylim(0, max(series.max(), baseline[1] if baseline else 0) * 1.15 or 1)
    axes.set_ylabel(ylabel, rotation=0, ha="left", va="bottom")
    axes.yaxis.set_label_coords(-0.02, 1.0)
    axes.yaxis.set_major_formatter(ticker.StrMethodFormatter("{x:,.0f}"))
    axes.grid(axis="y", color="#E6E6E6")
    axes.tick_params(axis="x", labelrotation=0)
    is_monthly = isinstance(x, pd.DatetimeIndex)
    if is_monthly:
        import matplotlib.dates as mdates

        axes.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
        axes.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
        first, last = _month(x[0]), _month(x[-1])
        peak = _month(series.idxmax())
    else:
        first, last, peak = str(x[0]), str(x[-1]), str(series.idxmax())
    alt = (f"Line chart: {what}, {first} to {last}, from {series.iloc[0]:,.0f} to {series.iloc[-1]:,.0f}, "
           f"peaking in {peak} at {series.max():,.0f}.")
    if baseline is not None:
        alt += f" Shaded band: {baseline_label}."
    return Chart(figure, alt)


def ranked_bars(values: pd.Series, *, highlight: str, title: str, subtitle: str, source: str, what: str,
                number_format: str = "{:,.1f}") -> Chart:
    """Horizontal bars from zero, lowest at the top, one area highlighted."""
    ordered = values.sort_values(ascending=True)
    figure, axes = _frame(title, subtitle, source, size=(8, 0.32 * len(ordered) + 1.6))
    colours = [HIGHLIGHT if name == highlight else CONTEXT for name in ordered.index]
    axes.barh(range(len(ordered)), ordered.values, color=colours)
    axes.set_yticks(range(len(ordered)), ordered.index)
    axes.invert_yaxis()
    axes.set_xlim(0, ordered.max() * 1.15 if ordered.max() > 0 else 1)
    for position, value in enumerate(ordered.values):
        axes.text(value, position, " " + number_format.format(value), va="center", fontsize=8, color=TEXT)
    axes.spines["left"].set_visible(False)
    axes.tick_params(axis="y", length=0)
    axes.xaxis.set_visible(False)
    place = list(ordered.index).index(highlight) + 1 if highlight in ordered.index else None
    alt = (f"Bar chart: {what}, {len(ordered)} areas, from {number_format.format(ordered.iloc[0])} in {ordered.index[0]} "
           f"(lowest) to {number_format.format(ordered.iloc[-1])} in {ordered.index[-1]} (highest)")
    if place:
        alt += f"; {highlight} is {place} of {len(ordered)} at {number_format.format(ordered[highlight])}"
    return Chart(figure, alt + ".")


def column_bars(values: pd.Series, *, title: str, subtitle: str, source: str, what: str) -> Chart:
    """Vertical bars from zero for a few categories (labels kept horizontal by wrapping)."""
    import textwrap

    figure, axes = _frame(title, subtitle, source)
    labels = ["\n".join(textwrap.wrap(str(i), 14)) for i in values.index]
    axes.bar(range(len(values)), values.values, color=HIGHLIGHT)
    axes.set_xticks(range(len(values)), labels, fontsize=8)
    axes.set_ylim(0, values.max() * 1.15 if values.max() > 0 else 1)
    axes.yaxis.set_major_formatter(ticker.StrMethodFormatter("{x:,.0f}"))
    axes.grid(axis="y", color="#E6E6E6")
    biggest = values.idxmax()
    alt = f"Bar chart: {what}, {len(values)} categories; the largest is {biggest} at {values.max():,.0f}."
    return Chart(figure, alt)

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


def _ranked_alt(ordered: pd.Series, highlight: str, what: str, number_format: str) -> str:
    """Alt text of bars sorted lowest first: the range, and where the highlighted area stands."""
    shown = number_format.format
    alt = (f"Bar chart: {what}, {len(ordered)} areas, from {shown(ordered.iloc[0])} in {ordered.index[0]} "
           f"(lowest) to {shown(ordered.iloc[-1])} in {ordered.index[-1]} (highest)")
    if highlight in ordered.index:
        place = list(ordered.index).index(highlight) + 1
        alt += f"; {highlight} is {place} of {len(ordered)} at {shown(ordered[highlight])}"
    return alt + "."


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
    return Chart(figure, _ranked_alt(ordered, highlight, what, number_format))


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


def grouped_columns(values: pd.DataFrame, *, title: str, subtitle: str, source: str, what: str,
                    number_format: str = "{:,.1f}") -> Chart:
    """Vertical bars from zero, one group per row (a period) and one bar per column (an area or average).

    For comparing an area with an average over a few periods: rows are the groups along
    the x axis, columns the series in the legend, each labelled with its value. The alt
    text lists every value, since a handful of bars is read value by value.
    """
    import numpy as np

    figure, axes = _frame(title, subtitle, source)
    groups, series = list(values.index), list(values.columns)
    width = 0.8 / len(series)
    positions = np.arange(len(groups))
    for n, name in enumerate(series):
        x = positions - 0.4 + width * (n + 0.5)
        bars = axes.bar(x, values[name].values, width=width * 0.95, color=PALETTE[n % len(PALETTE)], label=str(name))
        axes.bar_label(bars, labels=[number_format.format(v) for v in values[name].values], fontsize=8, color=TEXT)
    axes.set_xticks(positions, [str(g) for g in groups])
    top = float(np.nanmax(values.to_numpy(dtype=float))) if values.size else 0.0
    axes.set_ylim(0, top * 1.2 if top > 0 else 1)
    axes.yaxis.set_major_formatter(ticker.StrMethodFormatter("{x:,.0f}"))
    axes.grid(axis="y", color="#E6E6E6")
    axes.set_axisbelow(True)
    axes.legend(frameon=False, loc="upper left", bbox_to_anchor=(0, -0.12), ncol=len(series), fontsize=9)
    parts = "; ".join(
        f"{group}: " + ", ".join(f"{name} {number_format.format(values.loc[group, name])}" for name in series)
        for group in groups
    )
    return Chart(figure, f"Bar chart: {what}, {len(groups)} groups of {len(series)} bars. {parts}.")


def lines_against_baseline(frame: pd.DataFrame, baselines: dict[str, float], *, baseline_years: tuple[int, int],
                           title: str, subtitle: str, source: str, what: str, ylabel: str = "") -> Chart:
    """Yearly lines from zero, each with its baseline (a mean over ``baseline_years``) as a dashed line.

    ``frame`` is indexed by year with one column per series (its name is the line's
    label); ``baselines`` gives each column's baseline value.  The baseline years are
    shaded; lines and baselines are labelled directly at the right (no legend), the
    labels nudged apart so they never overlap.  The alt text says, for each series,
    where it started, peaked and ended and whether its last year is below its baseline.
    """
    figure, axes = _frame(title, subtitle, source)
    years = [int(year) for year in frame.index]
    first, last = baseline_years
    top = max(float(frame.max().max()), max(baselines.values(), default=0)) * 1.15 or 1
    axes.axvspan(first - 0.5, last + 0.5, color="#F3F2F1", linewidth=0, zorder=0)
    axes.text((first + last) / 2, top * 0.98, f"Baseline years {first} to {last}", ha="center", va="top",
              fontsize=8, color="#505A5F")
    labels, described = [], []
    for number, column in enumerate(frame.columns):
        colour = PALETTE[number % len(PALETTE)]
        values = frame[column]
        axes.plot(years, values.values, color=colour, linewidth=2.2, marker="o", markersize=3.5, zorder=3)
        labels.append([float(values.iloc[-1]), str(column), colour])
        sentence = (f"{column}: from {values.iloc[0]:,.0f} in {years[0]} to {values.iloc[-1]:,.0f} in {years[-1]}, "
                    f"peaking in {int(values.idxmax())} at {values.max():,.0f}")
        if column in baselines:
            level = float(baselines[column])
            axes.hlines(level, years[0] - 0.5, years[-1] + 0.25, color=colour, linewidth=1.2, linestyles=(0, (4, 3)),
                        zorder=2)
            labels.append([level, f"{column} average {level:,.1f}", colour])
            position = "below" if values.iloc[-1] < level else "at or above"
            sentence += f"; its {first} to {last} average is {level:,.1f} (dashed line) and {years[-1]} is {position} it"
        described.append(sentence)
    gap = top * 0.055
    labels.sort(key=lambda label: label[0])
    for below, above in zip(labels, labels[1:]):
        above[0] = max(above[0], below[0] + gap)
    for y, text, colour in labels:
        axes.text(years[-1] + 0.35, y, text, va="center", ha="left", fontsize=8, color=colour)
    longest = max(len(text) for _, text, _ in labels)
    axes.set_xlim(years[0] - 0.6, years[-1] + 0.5 + longest * 0.0125 * len(years))
    axes.set_xticks(years, [str(year) for year in years], fontsize=8)
    axes.set_ylim(0, top)
    axes.set_ylabel(ylabel, rotation=0, ha="left", va="bottom")
    axes.yaxis.set_label_coords(-0.02, 1.0)
    axes.yaxis.set_major_formatter(ticker.StrMethodFormatter("{x:,.0f}"))
    axes.grid(axis="y", color="#E6E6E6")
    alt = f"Line chart: {what}, {years[0]} to {years[-1]}. " + ". ".join(described) + "."
    return Chart(figure, alt)


def scatter_chart(x: pd.Series, y: pd.Series, *, highlight, title: str, subtitle: str, source: str, what: str,
                  xlabel: str, ylabel: str, highlight_label: str = "Highlighted", other_label: str = "Others") -> Chart:
    """Labelled points (x against y, both from zero), the ``highlight`` points in the house colour.

    ``x`` and ``y`` share their index, whose values label the points (e.g. harm against
    likelihood per issue); the alt text names the highest of each and the highlighted points.
    """
    if not x.index.equals(y.index):
        raise ValueError("scatter_chart: x and y must have the same index (one label per point)")
    highlight = [label for label in x.index if label in set(highlight)]
    figure, axes = _frame(title, subtitle, source, size=(8, 5.2))
    marked = x.index.isin(highlight)
    axes.scatter(x[~marked], y[~marked], s=46, color=CONTEXT, edgecolor="#505A5F", linewidth=0.6, label=other_label,
                 zorder=2)
    axes.scatter(x[marked], y[marked], s=54, color=HIGHLIGHT, label=highlight_label, zorder=3)
    width, height = max(x.max() * 1.2, 1), max(y.max() * 1.15, 1)
    for label in x.index:
        # a label runs to the right: put it below its point when a point just to the left sits at the same height
        crowded = ((x < x[label]) & (x > x[label] - 0.3 * width) & ((y - y[label]).abs() < 0.05 * height)).any()
        axes.annotate(str(label), xy=(x[label], y[label]), xytext=(5, -11 if crowded else 4), textcoords="offset points",
                      fontsize=8, color=TEXT)
    axes.set_xlim(0, width)
    axes.set_ylim(0, height)
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel, rotation=0, ha="left", va="bottom")
    axes.yaxis.set_label_coords(-0.02, 1.0)
    axes.grid(color="#E6E6E6")
    if highlight and len(highlight) < len(x):
        axes.legend(frameon=False, fontsize=8, loc="lower right")
    shown = ", ".join(str(h) for h in highlight[:-1]) + (" and " if len(highlight) > 1 else "") + (
        str(highlight[-1]) if highlight else "")
    alt = (f"Scatter chart: {what}, {len(x)} points; the highest {ylabel.lower()} is {y.idxmax()} at {y.max():,.1f} "
           f"and the highest {xlabel.lower()} is {x.idxmax()} at {x.max():,.1f}")
    if highlight:
        alt += f"; {highlight_label.lower()}: {shown}"
    return Chart(figure, alt + ".")


def flagged_line_chart(series: pd.Series, flagged, *, title: str, subtitle: str, source: str, what: str,
                       ylabel: str = "", flag_label: str = "Flagged") -> Chart:
    """A monthly line from zero with some months marked (spikes): a contrasting point and its value.

    ``flagged`` lists the months (index values of ``series``) to mark; the legend names
    them with ``flag_label`` and the alt text lists each marked month with its value.
    """
    import matplotlib.dates as mdates

    flagged = [month for month in series.index if month in set(flagged)]
    figure, axes = _frame(title, subtitle, source)
    axes.plot(series.index, series.values, color=HIGHLIGHT, linewidth=2.2, marker="o", markersize=3.5, zorder=2)
    if flagged:
        axes.scatter(flagged, series[flagged].values, s=70, color=PALETTE[3], edgecolor=TEXT, linewidth=0.8,
                     zorder=3, label=flag_label)
        for month in flagged:
            axes.annotate(f"{series[month]:,.0f}", xy=(month, series[month]), xytext=(0, 8), textcoords="offset points",
                          ha="center", fontsize=8, color=TEXT)
        axes.legend(frameon=False, fontsize=8, loc="upper left")
    axes.set_ylim(0, max(series.max(), 1) * 1.25)
    axes.set_ylabel(ylabel, rotation=0, ha="left", va="bottom")
    axes.yaxis.set_label_coords(-0.02, 1.0)
    axes.yaxis.set_major_formatter(ticker.StrMethodFormatter("{x:,.0f}"))
    axes.grid(axis="y", color="#E6E6E6")
    axes.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
    alt = (f"Line chart: {what}, {_month(series.index[0])} to {_month(series.index[-1])}, from {series.iloc[0]:,.0f} "
           f"to {series.iloc[-1]:,.0f}, peaking in {_month(series.idxmax())} at {series.max():,.0f}.")
    if flagged:
        alt += f" {flag_label}: " + ", ".join(f"{_month(m)} ({series[m]:,.0f})" for m in flagged) + "."
    else:
        alt += f" No month is marked {flag_label.lower()}."
    return Chart(figure, alt)


def change_bars(values: pd.Series, *, highlight: str, title: str, subtitle: str, source: str, what: str,
                number_format: str = "{:+.1f}%") -> Chart:
    """Horizontal bars either side of zero for changes that may be falls or rises, lowest at the top, one area highlighted.

    Like ``ranked_bars`` but for signed values (percentage changes): bars start at a zero
    line, falls to the left and rises to the right, each labelled at its end.
    """
    ordered = values.sort_values(ascending=True)
    figure, axes = _frame(title, subtitle, source, size=(8, 0.32 * len(ordered) + 1.6))
    colours = [HIGHLIGHT if name == highlight else CONTEXT for name in ordered.index]
    positions = range(len(ordered))
    axes.barh(positions, ordered.values, color=colours)
    axes.set_yticks(positions, ordered.index)
    axes.invert_yaxis()
    low, high = min(float(ordered.min()), 0.0), max(float(ordered.max()), 0.0)
    pad = (high - low) * 0.18 or 1
    axes.set_xlim(low - (pad if low < 0 else 0), high + (pad if high > 0 else 0))
    axes.axvline(0, color="#505A5F", linewidth=0.8)
    for position, value in enumerate(ordered.values):
        axes.text(value, position, f" {number_format.format(value)} " if value >= 0 else f"{number_format.format(value)} ",
                  va="center", ha="left" if value >= 0 else "right", fontsize=8, color=TEXT)
    for side in ("left", "bottom"):
        axes.spines[side].set_visible(False)
    axes.tick_params(axis="y", length=0)
    axes.xaxis.set_visible(False)
    return Chart(figure, _ranked_alt(ordered, highlight, what, number_format))

"""Charts: what the figures show and the alt text generated from the data."""

import pandas as pd

from cspanalysis.plots import grouped_columns


def test_grouped_columns_draws_one_bar_per_cell_and_lists_every_value_in_the_alt_text():
    values = pd.DataFrame(
        {"Tunbridge Wells": [37.0, 41.0], "Kent average": [38.0, 38.0]},
        index=["April to November 2015", "April to November 2016"],
    )
    chart = grouped_columns(values, title="Repeat rates", subtitle="Share of incidents (%)", source="police",
                            what="repeat rate", number_format="{:.0f}%")
    assert chart.alt == (
        "Bar chart: repeat rate, 2 groups of 2 bars. "
        "April to November 2015: Tunbridge Wells 37%, Kent average 38%; "
        "April to November 2016: Tunbridge Wells 41%, Kent average 38%."
    )
    axes = chart.figure.axes[0]
    heights = [patch.get_height() for patch in axes.patches]
    assert heights == [37.0, 41.0, 38.0, 38.0]  # series by series, in column order
    assert axes.get_ylim()[0] == 0  # bars from zero
    assert [label.get_text() for label in axes.get_legend().get_texts()] == ["Tunbridge Wells", "Kent average"]
    assert [tick.get_text() for tick in axes.get_xticklabels()] == list(values.index)

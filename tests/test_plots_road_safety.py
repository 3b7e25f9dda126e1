"""Charts of the road safety section: ``lines_against_baseline`` (yearly lines and their baselines), ``change_bars``."""

import pandas as pd

from cspanalysis.plots import change_bars, lines_against_baseline

YEARS = range(2004, 2010)
CHILDREN = pd.DataFrame({"Slightly injured": [34, 38, 30, 32, 41, 23], "KSI": [3, 4, 4, 2, 2, 3]}, index=YEARS)


def draw(frame=CHILDREN, baselines=None):
    return lines_against_baseline(
        frame, baselines if baselines is not None else {"Slightly injured": 35.0, "KSI": 3.0},
        baseline_years=(2004, 2008), title="Child casualties", subtitle="Per year", source="DfT STATS19",
        what="child casualties per year",
    )


def test_alt_text_describes_each_line_and_where_its_last_year_stands():
    assert draw().alt == (
        "Line chart: child casualties per year, 2004 to 2009. "
        "Slightly injured: from 34 in 2004 to 23 in 2009, peaking in 2008 at 41; "
        "its 2004 to 2008 average is 35.0 (dashed line) and 2009 is below it. "
        "KSI: from 3 in 2004 to 3 in 2009, peaking in 2005 at 4; "
        "its 2004 to 2008 average is 3.0 (dashed line) and 2009 is at or above it."
    )


def test_lines_from_zero_with_a_dashed_baseline_each_and_the_baseline_years_shaded():
    axes = draw().figure.axes[0]
    lines = [line for line in axes.lines if line.get_linestyle() == "-"]
    assert [list(line.get_ydata()) for line in lines] == [[34, 38, 30, 32, 41, 23], [3, 4, 4, 2, 2, 3]]
    assert axes.get_ylim()[0] == 0
    dashed = [list(segment[:, 1]) for collection in axes.collections for segment in collection.get_segments()]
    assert dashed == [[35.0, 35.0], [3.0, 3.0]]
    shaded = axes.patches[0].get_extents()  # the span over 2003.5 .. 2008.5, in display units
    left, right = axes.transData.transform([(2003.5, 0), (2008.5, 0)])[:, 0]
    assert round(shaded.x0) == round(left) and round(shaded.x1) == round(right)


def test_labels_are_direct_and_never_overlap():
    axes = draw().figure.axes[0]
    labels = {text.get_text(): text.get_position()[1] for text in axes.texts if text.get_position()[0] > 2009}
    assert set(labels) == {"Slightly injured", "Slightly injured average 35.0", "KSI", "KSI average 3.0"}
    assert axes.get_legend() is None
    # KSI ends at 3, on its own average of 3.0: the two labels are pushed apart
    heights = sorted(labels.values())
    gap = axes.get_ylim()[1] * 0.05
    assert all(upper - lower >= gap for lower, upper in zip(heights, heights[1:]))


def test_a_series_without_a_baseline_gets_no_dashed_line():
    chart = draw(CHILDREN[["KSI"]], baselines={})
    assert chart.alt == "Line chart: child casualties per year, 2004 to 2009. KSI: from 3 in 2004 to 3 in 2009, peaking in 2005 at 4."
    assert not chart.figure.axes[0].collections


CHANGES = pd.Series({"Dover": -1.1, "Tunbridge Wells": -12.2, "Maidstone": 2.0, "Gravesham": -13.9})


def test_change_bars_start_at_zero_either_side_lowest_first():
    chart = change_bars(CHANGES, highlight="Tunbridge Wells", title="t", subtitle="s", source="DfT STATS19",
                        what="percentage change in road casualties")
    assert chart.alt == (
        "Bar chart: percentage change in road casualties, 4 areas, from -13.9% in Gravesham (lowest) to +2.0% in "
        "Maidstone (highest); Tunbridge Wells is 2 of 4 at -12.2%."
    )
    axes = chart.figure.axes[0]
    assert [patch.get_width() for patch in axes.patches] == [-13.9, -12.2, -1.1, 2.0]
    assert all(patch.get_x() == 0 for patch in axes.patches)  # every bar starts at zero
    low, high = axes.get_xlim()
    assert low < -13.9 and high > 2.0  # falls and rises both inside the chart
    assert [tick.get_text() for tick in axes.get_yticklabels()] == ["Gravesham", "Tunbridge Wells", "Dover", "Maidstone"]
    colours = [patch.get_facecolor() for patch in axes.patches]
    assert colours[1] != colours[0] and colours[0] == colours[2] == colours[3]  # only the district stands out
    assert [text.get_text().strip() for text in axes.texts] == ["-13.9%", "-12.2%", "-1.1%", "+2.0%"]


def test_change_bars_of_rises_only_keep_zero_at_the_left_edge():
    axes = change_bars(pd.Series({"A": 3.0, "B": 5.0}), highlight="A", title="t", subtitle="s", source="x",
                       what="change").figure.axes[0]
    assert axes.get_xlim()[0] == 0

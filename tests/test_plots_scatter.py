"""The scatter chart (harm against likelihood): points, highlighted points and the alt text written from the data."""

import pandas as pd
import pytest

from cspanalysis.plots import CONTEXT, HIGHLIGHT, scatter_chart


def chart(highlight):
    likelihood = pd.Series({"Domestic abuse": 3.3, "Violent crime": 3.7, "Prevent": 1.0})
    harm = pd.Series({"Domestic abuse": 22.5, "Violent crime": 12.5, "Prevent": 31.5})
    return scatter_chart(likelihood, harm, highlight=highlight, title="Two are recommended", subtitle="Harm against likelihood",
                         source="test", what="harm score against likelihood", xlabel="Likelihood", ylabel="Harm score",
                         highlight_label="Recommended", other_label="Not recommended")


def test_alt_text_names_the_highest_points_and_the_highlighted_ones():
    result = chart(["Prevent", "Domestic abuse", "Burglary"])  # Burglary is not a point: ignored
    assert result.alt == ("Scatter chart: harm score against likelihood, 3 points; the highest harm score is Prevent at 31.5 "
                          "and the highest likelihood is Violent crime at 3.7; recommended: Domestic abuse and Prevent.")


def test_points_are_coloured_by_highlight_and_labelled():
    axes = chart(["Domestic abuse"]).figure.axes[0]
    others, marked = axes.collections
    assert len(others.get_offsets()) == 2 and len(marked.get_offsets()) == 1
    assert tuple(marked.get_offsets()[0]) == (3.3, 22.5)
    assert marked.get_facecolor()[0][:3] == pytest.approx(tuple(int(HIGHLIGHT[i:i + 2], 16) / 255 for i in (1, 3, 5)))
    assert others.get_facecolor()[0][:3] == pytest.approx(tuple(int(CONTEXT[i:i + 2], 16) / 255 for i in (1, 3, 5)))
    assert sorted(t.get_text() for t in axes.texts) == ["Domestic abuse", "Prevent", "Violent crime"]
    assert axes.get_xlim()[0] == 0 and axes.get_ylim()[0] == 0


def test_without_highlight_the_alt_text_says_nothing_of_it():
    assert chart([]).alt.endswith("the highest likelihood is Violent crime at 3.7.")


def test_x_and_y_must_label_the_same_points():
    with pytest.raises(ValueError, match="x and y must have the same index"):
        scatter_chart(pd.Series({"a": 1.0}), pd.Series({"b": 2.0}), highlight=[], title="t", subtitle="s", source="x",
                      what="w", xlabel="x", ylabel="y")

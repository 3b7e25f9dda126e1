import math

import pandas as pd
import pytest

from cspanalysis.errors import ConfigError
from cspanalysis.metrics import comparison


def test_percent_change_from_the_plans_counts():
    assert comparison.percent_change(5285, 5040) == pytest.approx(245 / 5040 * 100)
    assert math.isnan(comparison.percent_change(3, 0))


def test_rate_per_1000():
    assert comparison.rate_per_1000(1696, 116_000) == pytest.approx(14.6206, abs=1e-4)
    with pytest.raises(ValueError, match="population must be positive"):
        comparison.rate_per_1000(1, 0)


def test_rank_lowest_first_ties_share_the_better_rank():
    ranks = comparison.rank_lowest_first(pd.Series({"a": 3.0, "b": 1.0, "c": 3.0, "d": 5.0}))
    assert ranks.to_dict() == {"a": 2, "b": 1, "c": 2, "d": 4}


def test_compare_areas_ranks_rate_and_change():
    table = comparison.compare_areas(
        pd.Series({"A": 100, "B": 300}), pd.Series({"A": 50, "B": 290}), pd.Series({"A": 10_000, "B": 20_000})
    )
    assert table.loc["A", "rate_per_1000"] == 10.0 and table.loc["B", "rate_per_1000"] == 15.0
    assert table.loc["A", "rate_rank"] == 1
    assert table.loc["B", "change_rank"] == 1  # +3.4% is a smaller change than +100%
    assert table.loc["A", "change_pct"] == 100.0


def test_compare_counts_fills_missing_categories_with_zero():
    table = comparison.compare_counts(pd.Series({"x": 4}), pd.Series({"y": 2}))
    assert table.loc["x"].tolist()[:2] == [4, 0] and table.loc["y"].tolist()[:2] == [0, 2]


def test_population_in_names_a_missing_area():
    population = pd.DataFrame({"area_name": ["A"], "year": [2016], "population": [100]})
    with pytest.raises(ConfigError, match="no mid-2016 population estimate for: B"):
        comparison.population_in(population, 2016, ["A", "B"])

import pandas as pd
import pytest

from cspanalysis.errors import ConfigError
from cspanalysis.periods import crime_year, financial_quarters, parse_period, weeks_around


def test_crime_year_runs_october_to_september():
    year = crime_year(2016)
    assert year.start == pd.Timestamp("2015-10-01")
    assert year.end == pd.Timestamp("2016-09-30")
    assert year.label == "October 2015 to September 2016"
    assert year.code == "2015-10..2016-09"


def test_previous_crime_year_is_the_twelve_months_before():
    previous = parse_period("2015-10..2016-09").previous()
    assert (previous.start, previous.end) == (pd.Timestamp("2014-10-01"), pd.Timestamp("2015-09-30"))


def test_year_before_keeps_the_months():
    window = parse_period("2016-04..2016-11").year_before()
    assert (window.start, window.end) == (pd.Timestamp("2015-04-01"), pd.Timestamp("2015-11-30"))


def test_financial_quarters_q1_to_q3_are_april_to_december():
    period = parse_period("2016/17 Q1-Q3")
    assert (period.start, period.end) == (pd.Timestamp("2016-04-01"), pd.Timestamp("2016-12-31"))
    assert period.label.startswith("2016/17 Q1-Q3")
    assert financial_quarters(2016, 4, 4).end == pd.Timestamp("2017-03-31")


def test_financial_year_and_calendar_years():
    assert parse_period("2015/16").end == pd.Timestamp("2016-03-31")
    baseline = parse_period("2004..2008")
    assert (baseline.start.year, baseline.end.year, baseline.days) == (2004, 2008, 1827)
    assert parse_period("2015").label == "2015"


def test_mid_year_is_the_june_inside_the_period():
    assert parse_period("2015-10..2016-09").mid_year == 2016
    assert parse_period("2014-10..2015-09").mid_year == 2015


def test_weeks_around_an_event():
    before, after = weeks_around(pd.Timestamp("2016-06-23"), 4)
    assert before.code == "2016-05-26..2016-06-22"
    assert after.code == "2016-06-23..2016-07-20"


def test_contains_counts_whole_days():
    year = crime_year(2016)
    dates = pd.Series(pd.to_datetime(["2015-09-30 23:59", "2015-10-01 00:00", "2016-09-30 18:00", "2016-10-01 00:00"]))
    assert year.contains(dates).tolist() == [False, True, True, False]


@pytest.mark.parametrize(
    "text, message",
    [
        ("last year", "is not a period"),
        ("2016/18", "18 does not follow 2016"),
        ("2016/17 Q3-Q1", "last quarter comes before the first"),
        ("2016-13..2017-01", "a month must be 01 to 12"),
        ("2016-09..2016-01", "ends .* before it starts"),
    ],
)
def test_bad_periods_say_what_is_wrong(text, message):
    with pytest.raises(ConfigError, match=message):
        parse_period(text)

import pandas as pd

from cspanalysis.metrics import crime
from cspanalysis.periods import parse_period


def crimes(rows):
    return pd.DataFrame(rows, columns=["recorded_date", "district_name", "offence_group"]).assign(
        recorded_date=lambda f: pd.to_datetime(f["recorded_date"])
    )


def test_counts_by_district_use_the_recorded_date_and_fill_zero():
    frame = crimes([
        ("2015-09-30", "A", "Robbery"), ("2015-10-01", "A", "Robbery"), ("2016-09-30", "B", "Robbery"),
        ("2016-10-01", "B", "Robbery"),
    ])
    counts = crime.count_by_district(frame, parse_period("2015-10..2016-09"), ["A", "B", "C"])
    assert counts.to_dict() == {"A": 1, "B": 1, "C": 0}


def test_monthly_counts_are_zero_filled():
    frame = crimes([("2016-01-05", "A", "Robbery"), ("2016-03-31", "A", "Robbery"), ("2016-03-01", "A", "Robbery")])
    months = crime.monthly_counts(frame, parse_period("2016-01..2016-04"))
    assert months.tolist() == [1, 0, 2, 0]


def test_violent_crime_is_three_groups():
    frame = crimes([
        ("2016-01-01", "A", "Violence against the person"), ("2016-01-01", "A", "Robbery"),
        ("2016-01-01", "A", "Sexual offences"), ("2016-01-01", "A", "Theft offences"),
    ])
    assert crime.is_violent_crime(frame).tolist() == [True, True, True, False]

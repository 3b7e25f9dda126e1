"""End to end: the violent crime section run on the demo world, checked on the published files.

The review is run once for the module, restricted to ``03_violent_crime``, on the demo
world (the ``demo_world`` fixture where a conftest provides it, else built here).
Expected figures are the Partnership Plan's, transcribed by hand from its text
(``seed/figures.csv`` lists them); the published tables are read back to check that no
sexual offence or hate crime count from 1 to 4 is shown below district level.
"""

from __future__ import annotations

import csv
import html
import json
import re
from html.parser import HTMLParser

import pytest

from tests.demo.conftest import demo_world  # noqa: F401  (the session fixture: the built demo world)
from tests.notebooks.conftest import published_section


pytestmark = pytest.mark.e2e

SECTION = "violent_crime"

#: the plan's figures (counts and ranks exactly; percentages to 0 and rates to 1 decimal place as printed)
EXACT = {
    "violent_crime": 1696, "violent_crime_prev": 1501, "violent_crime_rate_rank_kent": 2,
    "drunk_arrests": 56, "drunk_arrests_prev": 119, "drunk_arrests_town_centre": 44,
    "drunk_arrests_town_centre_prev": 103, "drunk_incidents_town_centre": 25, "drunk_incidents_town_centre_prev": 55,
    "robbery_personal": 19, "robbery_personal_prev": 43, "robbery_business": 6, "robbery_business_prev": 10,
    "robbery_rate_rank_kent": 2,
    "hate_race_before": 4, "hate_race_after": 9, "hate_religion_before": 2, "hate_religion_after": 2,
    "hate_kent_before": 109, "hate_kent_after": 172,
    "sexual_offences": 165, "sexual_offences_prev": 125,
    "sexual_offences_2016_06": 13, "sexual_offences_2016_07": 16, "sexual_offences_2016_08": 15,
    "sexual_offences_2016_09": 26, "sexual_offences_frittenden": 7, "sexual_offences_frittenden_historic": 5,
    "street_pastors_ambulance_calls": 8, "street_pastors_police_calls": 16, "street_pastors_cctv_calls": 18,
    "stp_violence_exclusions": 11, "cctv_violent_incidents": 126, "clo_hate_cases": 102,
}
ROUNDED = {  # id: (value as printed, decimal places)
    "violent_crime_change_pct": (13, 0), "violent_crime_rate_per_1000": (14.6, 1),
    "sexual_offences_change_pct": (32, 0), "sexual_offences_serious_change_pct": (36, 0),
}
#: tables of criminal-offence data below district level or in small breakdowns, and their count columns
SENSITIVE = {
    "sexual-offences-wards": ("April 2015 to November 2015", "April 2016 to November 2016"),
    "sexual-offences-places": ("Sexual offences recorded", "Of which historic"),
    "hate-crime": ("Tunbridge Wells: before", "Tunbridge Wells: after", "Force area: before", "Force area: after"),
}

CONFIG = """\
review: {review}
title: Violent crime section test
district: Tunbridge Wells
data_dir: {data_dir}
sources:
  ons_lookup: ons/LSOA11_WD16_LAD16_EW_LU.csv
  population: population
  police_crimes: police_crimes/crimes.csv
  police_arrests: police_arrests/arrests.csv
  partner_returns: partner_returns
periods:
  crime: 2015-10..2016-09
  partner_activity: 2016/17 Q1-Q3
  ward_window: 2016-04..2016-11
  year_to_date: 2016-01..2016-09
sections: [03_violent_crime]
settings:
  violent_crime:
    town_centre_wards: [Park, "Pantiles and St Mark's", "St James'", Culverden]
    hate_event: {{date: 2016-06-23, weeks: 4, name: the EU referendum}}
    places: {{Frittenden: [E01024803]}}
    historic_after_days: 365
    force: the Kent Police area
    plan_sexual_offences_average: 11.5
"""


@pytest.fixture(scope="module")
def published(demo_world, tmp_path_factory):  # noqa: F811
    """Run the review restricted to this section; yield the published folder, then clean up."""
    with published_section(demo_world, tmp_path_factory, "violent-crime", CONFIG) as output:
        yield output


@pytest.fixture(scope="module")
def figures(published):
    return json.loads((published / "figures.json").read_text())


@pytest.fixture(scope="module")
def review_text(published):
    """The review's visible text, tags removed, spaces collapsed."""
    markup = (published / "review.html").read_text(encoding="utf-8")
    markup = re.sub(r"<(style|script)\b.*?</\1>", "", markup, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


class _Tables(HTMLParser):
    """The HTML tables inside ``<figure id="table-...">`` as {name: rows of cell text}."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self._name, self._cell = {}, None, None

    def handle_starttag(self, tag, attrs):
        ident = dict(attrs).get("id") or ""
        if tag == "figure" and ident.startswith("table-"):
            self._name = ident[len("table-"):]
            self.tables[self._name] = []
        elif tag == "tr" and self._name:
            self.tables[self._name].append([])
        elif tag in ("td", "th") and self._name:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[self._name][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "figure":
            self._name = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _small_counts(rows, columns) -> list[str]:
    """Cells of the count columns that show a count from 1 to 4."""
    header = rows[0]
    found = []
    for row in rows[1:]:
        for column in columns:
            cell = row[header.index(column)].replace(",", "")
            if re.fullmatch(r"\d+(\.0+)?", cell) and 1 <= float(cell) <= 4:
                found.append(f"{row[0]} / {column}: {cell}")
    return found


def test_every_violent_crime_figure_of_the_plan(figures):
    for figure, expected in EXACT.items():
        assert figures[figure] == expected, figure
    for figure, (expected, places) in ROUNDED.items():
        assert round(figures[figure], places) == expected, figure
    assert sorted(figures["vap_top_wards"]) == ["Culverden", "Park", "Sherwood", "Southborough and High Brooms"]
    assert figures["street_pastors_people_engaged"] > 1800  # "over 1800"
    assert figures["violent_crime_priority"] is False


def test_the_erratum_average_is_computed_and_explained(figures, review_text):
    average = figures["sexual_offences_avg_12m_before_sep"]
    # October 2015 to August 2016 alone held 165 - 26 = 139 offences, so the 12 months before September hold more
    assert average >= 139 / 12 and average != 11.5
    assert f"is {average:.1f} sexual offences a month" in review_text
    assert "the Partnership Plan gives 11.5 for this average, which cannot be right" in review_text
    assert "11.5 a month for twelve months is 138 offences, fewer than the 139 recorded from October 2015 to August 2016" in review_text


def test_the_spike_rule_is_stated_and_september_is_flagged(published, review_text):
    assert "more than 1.5 times the mean of the three months before it and more than the mean plus two standard deviations" in review_text
    assert "Spikes in October 2014 to September 2016: September 2016 (26)." in review_text
    assert "September 2016 saw 26 recorded sexual offences, against 13, 16 and 15 in the three months before" in review_text
    # the chart marks the spike, and its alt text says so
    assert "Spike: September 2016 (26)." in html.unescape((published / "review.html").read_text(encoding="utf-8"))


def test_windows_and_population_year_are_stated(review_text):
    assert "the four weeks before the EU referendum (26 May 2016 to 22 June 2016)" in review_text
    assert "the four weeks from it (23 June 2016 to 20 July 2016)" in review_text
    assert "(mid-2016 population estimate)" in review_text
    assert "recorded more than 365 days after it was committed" in review_text


def test_no_small_sensitive_count_in_the_csv_tables(published):
    for name, columns in SENSITIVE.items():
        path = published / "tables" / f"{SECTION}-{name}.csv"
        rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
        assert all(column in rows[0] for column in columns), f"{path.name}: {rows[0]}"
        assert _small_counts(rows, columns) == [], path.name
    wards = list(csv.reader((published / "tables" / f"{SECTION}-sexual-offences-wards.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert any("[c]" in row for row in wards[1:])  # the demo's small ward counts were there to hide


def test_no_small_sensitive_count_in_the_review(published, review_text):
    parser = _Tables()
    parser.feed((published / "review.html").read_text(encoding="utf-8"))
    for name, columns in SENSITIVE.items():
        rows = [row for row in parser.tables[f"{SECTION}-{name}"] if row]
        assert _small_counts(rows, columns) == [], name
    # the sentences show what the tables show: the district's 4 race-based hate crimes before the vote are hidden
    assert "Race-based hate crime went from [c] to 9" in review_text


def test_the_recommendation_follows_from_the_rank(review_text):
    assert "unless its rate per 1,000 residents ranks among the three lowest of the twelve Kent districts" in review_text
    assert "We therefore recommend that violent crime is NOT set as a priority for 2017/18." in review_text

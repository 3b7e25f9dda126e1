"""The demo police crime extract: its format, its mess, and its calibration to the published figures.

Expected values are those of ``seed/figures.csv`` (ids in the comments), counted here with
plain pandas from the written file: exact duplicate rows dropped, cells stripped, counts by
``District`` and ``Recorded Date``.  Crime years run October to September.
"""

import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest

from cspanalysis.demo import DEFAULT_SEED, crimes
from cspanalysis.demo.world import make_world

TW = "Tunbridge Wells"
KENT_12 = [
    "Ashford", "Canterbury", "Dartford", "Dover", "Gravesham", "Maidstone", "Sevenoaks", "Shepway", "Swale",
    "Thanet", "Tonbridge and Malling", "Tunbridge Wells",
]
HEADER = (
    "Crime Reference,Recorded Date,Offence Date,HO Code,Offence Description,Offence Group,Offence Subgroup,"
    "LSOA Code,Ward,District,Domestic Abuse,Hate Motivation,Historic,Vulnerability Flags,Victim Reference"
)
GROUPS = {
    "Violence against the person": {"Homicide", "Violence with injury", "Violence without injury"},
    "Sexual offences": {"Most serious sexual crime", "Other sexual offences"},
    "Robbery": {"Robbery of business property", "Robbery of personal property"},
    "Theft offences": {
        "Domestic burglary", "Non-domestic burglary", "Vehicle offences", "Theft from the person", "Bicycle theft",
        "Shoplifting", "All other theft offences",
    },
    "Criminal damage and arson": {"Criminal damage", "Arson"},
    "Drug offences": {"Trafficking of drugs", "Possession of drugs"},
    "Possession of weapons offences": {"Possession of weapons offences"},
    "Public order offences": {"Public order offences"},
    "Miscellaneous crimes against society": {"Miscellaneous crimes against society"},
}
VIOLENT = ["Violence against the person", "Robbery", "Sexual offences"]


@pytest.fixture(scope="module")
def path(demo_world) -> Path:
    return demo_world / "police_crimes" / "crimes.csv"


@pytest.fixture(scope="module")
def raw(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


@pytest.fixture(scope="module")
def extract(raw) -> pd.DataFrame:
    """Distinct crimes, cells stripped, dates parsed."""
    frame = raw.drop_duplicates().apply(lambda column: column.str.strip())
    frame["recorded"] = pd.to_datetime(frame["Recorded Date"], format="%d/%m/%Y")
    frame["offence"] = pd.to_datetime(frame["Offence Date"].replace("", None), format="%d/%m/%Y")
    return frame


@pytest.fixture(scope="module")
def population(demo_world) -> dict:
    out = {}
    for year in (2015, 2016):
        table = pd.read_csv(demo_world / "population" / f"MYE2-mid-{year}.csv")
        out[year] = table.set_index("Name")["All ages"]
    return out


def between(frame, start, end):
    return frame[(frame["recorded"] >= start) & (frame["recorded"] <= end)]


def current(frame):
    return between(frame, "2015-10-01", "2016-09-30")


def previous(frame):
    return between(frame, "2014-10-01", "2015-09-30")


def per_district(frame) -> pd.Series:
    return frame.groupby("District").size().reindex(KENT_12 + ["Medway"], fill_value=0)


def rate(frame, population, year) -> pd.Series:
    return (per_district(frame) / population[year].reindex(KENT_12 + ["Medway"]) * 1000)[KENT_12]


def rank_of_tw(values: pd.Series) -> int:
    """1 = lowest among the 12 Kent districts."""
    return int((values < values[TW]).sum()) + 1


def tw(frame):
    return frame[frame["District"].eq(TW)]


# --- the file ----------------------------------------------------------------------------------


def test_the_file_has_the_extract_header_a_bom_and_unix_lines(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + HEADER.encode() + b"\n")
    assert b"\r" not in raw


def test_cells_are_in_the_documented_formats(extract):
    assert extract["Recorded Date"].str.fullmatch(r"\d{2}/\d{2}/\d{4}").all()
    assert extract["Offence Date"].str.fullmatch(r"(\d{2}/\d{2}/\d{4})?").all()
    assert extract["HO Code"].str.fullmatch(r"\d{3}/\d{2}").all()
    assert extract["LSOA Code"].str.fullmatch(r"(E01\d{6})?").all()
    for column in ("Domestic Abuse", "Historic"):
        assert set(extract[column]) == {"Y", "N"}
    motivations = set(";".join(extract["Hate Motivation"]).split(";")) - {""}
    assert motivations == {"Race", "Religion", "Sexual orientation", "Disability", "Transgender"}
    flags = set(";".join(extract["Vulnerability Flags"]).split(";")) - {""}
    assert flags == {"CSE", "Modern slavery", "Child abuse", "Gang related"}
    assert extract["Victim Reference"].str.fullmatch(r"(V[0-9A-F]{10})?").all()
    assert extract["Crime Reference"].is_unique
    pairs = extract.groupby("Offence Group")["Offence Subgroup"].unique().map(set).to_dict()
    assert pairs == GROUPS
    assert extract["recorded"].min() == pd.Timestamp("2013-10-01")
    assert extract["recorded"].max() == pd.Timestamp("2016-12-31")
    assert extract["District"].nunique() == 13


def test_the_file_has_a_real_exports_mess(raw, extract):
    assert 100 < raw.duplicated().sum() < 5000  # whole rows repeated
    text = raw.drop(columns=["Crime Reference"])
    assert (text != text.apply(lambda c: c.str.strip())).any(axis=None)  # stray spaces
    described = raw["Offence Description"].str.strip()
    assert (described.str.isupper() & described.str.len().gt(12)).sum() > 1000  # upper-cased descriptions
    blank = extract[extract["LSOA Code"].eq("")]
    assert 100 < len(blank) < 5000
    assert blank["Ward"].ne("").all() and blank["District"].ne("").all()
    assert (extract["Offence Date"] == "").sum() > 0


def test_historic_flag_means_offence_more_than_365_days_before_recording(extract):
    dated = extract[extract["offence"].notna()]
    lag = (dated["recorded"] - dated["offence"]).dt.days
    assert (lag >= 0).all()
    assert ((lag > 365) == dated["Historic"].eq("Y")).all()
    assert extract.loc[extract["offence"].isna(), "Historic"].eq("N").all()
    sexual = extract[extract["Offence Group"].eq("Sexual offences")]
    assert 0.1 < sexual["Historic"].eq("Y").mean() < 0.35


def test_victims_are_blank_for_victimless_crimes_and_some_repeat(extract):
    victimless = extract["Offence Group"].isin(["Drug offences", "Possession of weapons offences"])
    assert extract.loc[victimless, "Victim Reference"].eq("").all()
    violence = extract[extract["Offence Group"].eq("Violence against the person")]
    assert violence["Victim Reference"].ne("").all()
    repeats = extract.loc[extract["Victim Reference"].ne(""), "Victim Reference"].value_counts()
    assert (repeats > 1).sum() > 1000


def test_domestic_abuse_and_vulnerability_flags_are_plausible(extract):
    violence = extract[extract["Offence Group"].eq("Violence against the person")]
    assert 0.10 <= violence["Domestic Abuse"].eq("Y").mean() <= 0.16
    for district in KENT_12:  # every district recorded more domestic abuse crimes (plan text)
        flagged = extract[extract["District"].eq(district) & extract["Domestic Abuse"].eq("Y")]
        assert len(current(flagged)) > len(previous(flagged))
    in_2015 = extract[extract["recorded"].dt.year.eq(2015)]
    for flag in ("CSE", "Modern slavery", "Child abuse", "Gang related"):
        count = in_2015["Vulnerability Flags"].str.contains(flag).sum()
        assert 10 <= count <= 100, flag  # a few dozen a year force-wide
    tw_2016 = tw(extract[extract["recorded"].dt.year.eq(2016)])
    assert 1 <= tw_2016["Vulnerability Flags"].ne("").sum() <= 15  # a handful in Tunbridge Wells


def test_volumes_and_seasons_are_realistic(extract):
    assert 90_000 < len(current(extract)) < 130_000  # Kent Police area, one year
    months = extract.groupby(extract["recorded"].dt.to_period("M")).size()
    summer = months[months.index.month.isin([7, 8])].mean()
    winter = months[months.index.month.isin([1, 2])].mean()
    assert summer > winter
    town = tw(current(extract))
    shoplifting = town[town["Offence Subgroup"].eq("Shoplifting")]["Ward"].value_counts()
    assert shoplifting.index[0] in {"Park", "Culverden"}  # town-centre wards busier


def test_same_bytes_every_build(path, tmp_path):
    world = make_world(DEFAULT_SEED)
    (written,) = crimes.build(tmp_path, world, DEFAULT_SEED)
    assert hashlib.sha256(written.read_bytes()).digest() == hashlib.sha256(path.read_bytes()).digest()


# --- calibration: overview ----------------------------------------------------------------------


def test_tunbridge_wells_crime_totals(extract):
    assert len(tw(current(extract))) == 5285  # crime_total
    assert len(tw(previous(extract))) == 5040  # crime_total_prev


def test_tunbridge_wells_has_the_smallest_rise_and_lowest_rate_in_kent(extract, population):
    now, before = per_district(current(extract))[KENT_12], per_district(previous(extract))[KENT_12]
    change = (now - before) / before * 100
    assert round(change[TW], 1) == 4.9  # crime_total_change_pct
    assert rank_of_tw(change) == 1  # crime_change_rank_kent
    assert rank_of_tw(rate(current(extract), population, 2016)) == 1  # crime_rate_rank_kent
    assert (change.drop(TW) > change[TW]).all()


# --- calibration: violent crime ------------------------------------------------------------------


def test_violent_crime(extract, population):
    violent = extract[extract["Offence Group"].isin(VIOLENT)]
    assert len(tw(current(violent))) == 1696  # violent_crime
    assert len(tw(previous(violent))) == 1501  # violent_crime_prev
    rates = rate(current(violent), population, 2016)
    assert round(rates[TW], 1) == 14.6  # violent_crime_rate_per_1000
    assert rank_of_tw(rates) == 2  # violent_crime_rate_rank_kent
    assert rates.idxmin() == "Sevenoaks"


def test_four_wards_with_most_violence_against_the_person(extract):
    vap = between(tw(extract), "2016-04-01", "2016-11-30")
    counts = vap[vap["Offence Group"].eq("Violence against the person")]["Ward"].value_counts()
    assert set(counts.index[:4]) == {"Park", "Culverden", "Sherwood", "Southborough and High Brooms"}  # vap_top_wards
    assert counts.iloc[3] > 1.3 * counts.iloc[4]  # clearly ahead of the fifth


def test_robbery(extract, population):
    robbery = extract[extract["Offence Group"].eq("Robbery")]
    personal = robbery[robbery["Offence Subgroup"].eq("Robbery of personal property")]
    business = robbery[robbery["Offence Subgroup"].eq("Robbery of business property")]
    assert len(tw(current(personal))) == 19  # robbery_personal
    assert len(tw(previous(personal))) == 43  # robbery_personal_prev
    assert len(tw(current(business))) == 6  # robbery_business
    assert len(tw(previous(business))) == 10  # robbery_business_prev
    assert rank_of_tw(rate(current(robbery), population, 2016)) == 2  # robbery_rate_rank_kent


def test_hate_crime_around_the_referendum(extract):
    hate = extract[extract["Hate Motivation"].ne("")]
    windows = {"before": ("2016-05-26", "2016-06-22"), "after": ("2016-06-23", "2016-07-20")}
    expected = {"before": (4, 2, 109), "after": (9, 2, 172)}  # hate_race_*, hate_religion_*, hate_kent_*
    for name, (start, end) in windows.items():
        inside = between(hate, start, end)
        motivations = tw(inside)["Hate Motivation"].str.split(";").explode()
        race, religion, kent = expected[name]
        assert (motivations == "Race").sum() == race
        assert (motivations == "Religion").sum() == religion
        assert len(inside) == kent


def test_sexual_offences(extract):
    sexual = extract[extract["Offence Group"].eq("Sexual offences")]
    assert len(tw(current(sexual))) == 165  # sexual_offences
    assert len(tw(previous(sexual))) == 125  # sexual_offences_prev
    serious = sexual[sexual["Offence Subgroup"].eq("Most serious sexual crime")]
    now, before = len(tw(current(serious))), len(tw(previous(serious)))
    assert round((now - before) / before * 100) == 36  # sexual_offences_serious_change_pct
    monthly = tw(sexual).groupby(tw(sexual)["recorded"].dt.to_period("M")).size()
    assert [monthly[pd.Period(m, "M")] for m in ("2016-06", "2016-07", "2016-08", "2016-09")] == [13, 16, 15, 26]
    twelve = (monthly.index >= pd.Period("2015-09", "M")) & (monthly.index <= pd.Period("2016-08", "M"))
    before_september = monthly[twelve]
    assert monthly[pd.Period("2016-09", "M")] > 1.8 * before_september.mean()  # the September spike


def test_sexual_offences_in_frittenden(extract):
    sexual = extract[extract["Offence Group"].eq("Sexual offences") & extract["LSOA Code"].eq("E01024803")]
    this_year = between(sexual, "2016-01-01", "2016-09-30")
    assert len(this_year) == 7  # sexual_offences_frittenden
    lag = (this_year["recorded"] - this_year["offence"]).dt.days
    assert (lag > 365).sum() == 5  # sexual_offences_frittenden_historic
    assert this_year["Historic"].eq("Y").sum() == 5
    earlier = between(sexual, "2014-01-01", "2015-12-31")
    assert len(earlier) < 7  # "an unusually high number"


def test_sexual_offences_rise_in_park_and_three_more_wards(extract):
    sexual = tw(extract[extract["Offence Group"].eq("Sexual offences")])
    before = between(sexual, "2015-04-01", "2015-11-30")["Ward"].value_counts()
    after = between(sexual, "2016-04-01", "2016-11-30")["Ward"].value_counts()
    assert after["Park"] >= 2 * before["Park"]  # "a sharp rise in incidents in Park ward"
    assert (after - before).idxmax() == "Park"
    for ward in ("Hawkhurst and Sandhurst", "Benenden and Cranbrook", "St James'"):
        assert after[ward] > before[ward], ward


# --- calibration: drugs ---------------------------------------------------------------------------


def test_drug_offences(extract, population):
    drugs = extract[extract["Offence Group"].eq("Drug offences")]
    rates = rate(current(drugs), population, 2016)
    assert round(rates[TW], 1) == 1.6  # drug_offences_rate_per_1000
    assert round(len(tw(previous(drugs))) / population[2015][TW] * 1000, 1) == 1.8  # drug_offences_rate_per_1000_prev
    assert round(rates.mean(), 1) == 1.6  # drug_offences_rate_kent_avg
    assert rank_of_tw(rates) == 9  # drug_offences_rate_rank_kent
    possession = drugs[drugs["Offence Subgroup"].eq("Possession of drugs")]
    trafficking = drugs[drugs["Offence Subgroup"].eq("Trafficking of drugs")]
    assert len(tw(current(possession))) == 162  # drug_possession
    assert len(tw(previous(possession))) == 165  # drug_possession_prev
    possession_rates = rate(current(possession), population, 2016)
    assert rank_of_tw(possession_rates) == 11  # drug_possession_rate_rank_kent
    assert possession_rates[TW] > possession_rates.mean()
    assert len(tw(current(trafficking))) < len(tw(previous(trafficking)))  # drug_trafficking_change
    earlier = between(drugs, "2013-10-01", "2014-09-30")
    assert len(tw(earlier)) > len(tw(previous(drugs)))  # "two consecutive annual reductions"


def test_sampling_is_exact_for_any_seed():
    """The published counts hold by construction, not by a lucky seed."""
    frame = crimes.make_crimes(make_world(12345))
    town = frame[frame["district_name"].eq(TW)]
    recorded = town["recorded_date"]
    in_current = town[(recorded >= "2015-10-01") & (recorded <= "2016-09-30")]
    assert len(in_current) == 5285
    sexual = in_current[in_current["offence_group"].eq("Sexual offences")]
    assert len(sexual) == 165
    frittenden = town[
        town["lsoa_code"].eq("E01024803") & town["offence_group"].eq("Sexual offences")
        & (recorded >= "2016-01-01") & (recorded <= "2016-09-30")
    ]
    assert len(frittenden) == 7 and frittenden["historic"].sum() == 5
    assert re.fullmatch(r"46/\d{6}/\d{2}", frame["crime_reference"].iloc[0])

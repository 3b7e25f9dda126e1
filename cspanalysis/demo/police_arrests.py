"""Demo world part: the police arrests extract for the Kent Police area, one row per arrest.

Writes ``police_arrests/arrests.csv`` (the format ``cspanalysis.sources.police_arrests``
reads: ``Arrest Reference, Arrest Date, Incident Reference, Offence, Offence Category,
Ward, District``) for the 12 Kent districts and Medway, arrests from 1 October 2013 to
31 December 2016: about 25,000 a year force-wide in 13 offence categories, falling a
few per cent a year, busier at weekends, in December and in town-centre wards.

An arrest arises from an incident; some incidents lead to several arrests (a fight
outside a pub), so arrests and incidents differ.  ``Incident Reference`` is
``46-YYYYMMDD-NNNN`` (the day the incident was raised and its number that day);
``Arrest Reference`` is ``46/AR/NNNNNN/YY`` (numbered through each calendar year in
order of arrest).  An arrest is on the day of its incident, or (one in ten arrests other
than the calibrated ones) the day after.

Calibrated by construction to the Partnership Plan's drunkenness figures for Tunbridge
Wells (``seed/figures.csv``; crime years October to September, arrests of the
``Drunkenness`` category by arrest date): 119 arrests in October 2014 - September 2015
and 56 in October 2015 - September 2016 (``drunk_arrests_prev``, ``drunk_arrests``);
in the town-centre wards (Park, Pantiles and St Mark's, St James', Culverden, as the
review config lists them) 103 and 44 (``drunk_arrests_town_centre_prev``,
``drunk_arrests_town_centre``), from 55 and 25 distinct incidents
(``drunk_incidents_town_centre_prev``, ``drunk_incidents_town_centre``).  Some of those
incidents also led to an arrest for another offence (an assault, a public order
offence), which does not change the drunkenness counts.  The other years and districts
are plausible, from rates per 1,000 residents.

Realistic mess: a UTF-8 BOM, stray spaces around some cells, some categories in lower
or upper case, a few whole rows repeated, and a few arrests (never drunkenness ones)
without a ward.  Everything is drawn from ``world.rng("police_arrests")``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from cspanalysis.demo.world import allocate_counts, choose_weighted

if TYPE_CHECKING:
    from cspanalysis.demo.world import World

RELATIVE_PATH = Path("police_arrests") / "arrests.csv"
HEADER = ["Arrest Reference", "Arrest Date", "Incident Reference", "Offence", "Offence Category", "Ward", "District"]
FORCE_NUMBER = "46"

#: months of the extract: October 2013 (index 0) to December 2016 (index 38); crime year of
#: each month: 0 = 2013/14, 1 = 2014/15 (previous), 2 = 2015/16 (current), 3 = Oct-Dec 2016
MONTHS = pd.period_range("2013-10", "2016-12", freq="M")
YEAR_OF_MONTH = np.minimum(np.arange(len(MONTHS)) // 12, 3)

# --- calibration targets, transcribed from seed/figures.csv ------------------------------------

CALIBRATED = "Tunbridge Wells"
#: the town-centre wards of the review config (settings.violent_crime.town_centre_wards)
TOWN_CENTRE = ("Park", "Pantiles and St Mark's", "St James'", "Culverden")
#: Tunbridge Wells drunkenness per crime year: (all arrests, town-centre arrests, town-centre
#: incidents); 2014/15 and 2015/16 are the plan's (drunk_arrests_prev, drunk_arrests_town_centre_prev,
#: drunk_incidents_town_centre_prev; drunk_arrests, drunk_arrests_town_centre,
#: drunk_incidents_town_centre), 2013/14 and October-December 2016 plausible
TW_DRUNKENNESS = {0: (131, 112, 61), 1: (119, 103, 55), 2: (56, 44, 25), 3: (15, 12, 7)}
#: town-centre wards' shares of the drunkenness incidents
TOWN_CENTRE_WEIGHTS = {"Park": 0.45, "Pantiles and St Mark's": 0.22, "St James'": 0.13, "Culverden": 0.20}
#: share of Tunbridge Wells drunkenness incidents that also led to an arrest for something else
COMPANION_SHARE = 0.15
COMPANIONS = ("Common assault", "Section 4 Public Order Act", "Criminal damage", "Assault on an emergency worker")

# --- the other arrests -------------------------------------------------------------------------

#: category -> (arrests per 1,000 residents a year in 2015/16, chance an incident has more than
#: one arrest, (offence, weight) ...)
CATEGORIES = {
    "Drunkenness": (0.9, 0.25, (("Drunk and disorderly", 70), ("Drunk and incapable", 24),
                                ("Drunk in charge of a child", 2), ("Drunk on licensed premises", 4))),
    "Violence against the person": (4.0, 0.15, (("Common assault", 40), ("Assault occasioning actual bodily harm", 35),
                                                ("Grievous bodily harm", 6), ("Assault on an emergency worker", 8),
                                                ("Harassment", 8), ("Threats to kill", 3))),
    "Sexual offences": (0.3, 0.03, (("Sexual assault", 60), ("Rape", 30), ("Exposure", 10))),
    "Robbery": (0.2, 0.3, (("Robbery", 100),)),
    "Theft": (2.2, 0.1, (("Shoplifting", 55), ("Theft", 30), ("Theft of a motor vehicle", 10), ("Handling stolen goods", 5))),
    "Burglary": (0.6, 0.2, (("Burglary dwelling", 65), ("Burglary other than a dwelling", 35))),
    "Criminal damage": (1.0, 0.1, (("Criminal damage", 90), ("Arson", 10))),
    "Drug offences": (1.4, 0.2, (("Possession of cannabis", 50), ("Possession of a controlled drug", 25),
                                 ("Possession with intent to supply", 25))),
    "Possession of weapons": (0.35, 0.1, (("Possession of a bladed article", 60), ("Possession of an offensive weapon", 40))),
    "Public order": (0.8, 0.25, (("Section 4 Public Order Act", 40), ("Section 5 Public Order Act", 45), ("Affray", 15))),
    "Motoring": (1.1, 0.02, (("Drink driving", 45), ("Driving while disqualified", 30), ("Dangerous driving", 25))),
    "Warrants and breaches": (1.6, 0.01, (("Failing to appear (warrant)", 45), ("Breach of bail conditions", 35),
                                          ("Recall to prison", 20))),
    "Other": (0.6, 0.05, (("Other offence", 100),)),
}
#: yearly fall in arrests (the years to 2016 saw fewer arrests each year)
YEARLY_CHANGE = -0.05
#: month of year (January first) factors for night-time offences (drunkenness, violence, public order)
NIGHT_SEASON = np.array([0.85, 0.8, 0.9, 0.95, 1.0, 1.05, 1.15, 1.1, 0.95, 0.95, 0.95, 1.35])
NIGHT_CATEGORIES = ("Drunkenness", "Violence against the person", "Public order")
#: Monday..Sunday weights of the day of an incident, for night-time offences and the rest
NIGHT_WEEKDAY = np.array([0.6, 0.5, 0.6, 0.8, 1.6, 2.1, 1.2])
OTHER_WEEKDAY = np.array([1.05, 1.05, 1.0, 1.0, 1.05, 0.95, 0.9])
#: how much busier a town-centre ward is for night-time offences, and for the rest
TOWN_FACTOR = {"night": 5.0, "other": 1.8}

DUPLICATE_SHARE = 0.003
BLANK_WARD_SHARE = 0.004
STRAY_SPACE_SHARE = 0.01
ODD_CASE_SHARE = 0.02


def build(out_dir: Path, world: World, seed: int) -> list[Path]:
    """Write the arrests extract with a real export's mess; return its path."""
    rng = world.rng("police_arrests")
    arrests = make_arrests(world, rng)
    target = Path(out_dir) / RELATIVE_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"\xef\xbb\xbf" + _messy_csv(arrests, rng).encode("utf-8"))
    return [target]


def make_arrests(world: World, rng: np.random.Generator) -> pd.DataFrame:
    """The tidy arrests (one row per arrest), sorted by arrest date and reference."""
    wards = _ward_table(world, rng)
    incidents = pd.concat([_background_incidents(world, wards, rng), _calibrated_incidents(wards, rng)], ignore_index=True)
    incidents = _number_incidents(incidents, rng)
    return _arrests_of(incidents, rng)


# --- incidents -----------------------------------------------------------------------------------


def _ward_table(world: World, rng) -> pd.DataFrame:
    """Wards of the force area with a weight for night-time offences and one for the rest."""
    from cspanalysis.demo.crimes import TOWN_CENTRE_WARDS

    wards = world.lookup.groupby(["district_name", "ward_name"]).size().rename("lsoas").reset_index()
    town = {d: set(w) for d, w in TOWN_CENTRE_WARDS.items()}
    town[CALIBRATED] = set(TOWN_CENTRE)
    is_town = np.array([w in town.get(d, ()) for d, w in zip(wards["district_name"], wards["ward_name"])])
    base = wards["lsoas"].to_numpy(dtype=float) * rng.lognormal(0, 0.3, len(wards))
    wards["night"] = base * np.where(is_town, TOWN_FACTOR["night"], 1.0)
    wards["other"] = base * np.where(is_town, TOWN_FACTOR["other"], 1.0)
    wards["town_centre"] = is_town
    return wards.sort_values(["district_name", "ward_name"], ignore_index=True)


def _days(months: np.ndarray, weekday_weights: np.ndarray, rng) -> np.ndarray:
    """A day for each month index in ``months`` (into ``MONTHS``), drawn with the weekday weights."""
    days = pd.date_range(MONTHS[0].start_time, MONTHS[-1].end_time.normalize(), freq="D")
    month_of_day = np.searchsorted(MONTHS.start_time.to_numpy(), days.to_numpy(), side="right") - 1
    weights = weekday_weights[days.day_of_week]
    starts = np.searchsorted(month_of_day, np.arange(len(MONTHS)))
    cumulative = pd.Series(weights).groupby(month_of_day).cumsum().to_numpy()
    cumulative = cumulative / pd.Series(cumulative).groupby(month_of_day).transform("max").to_numpy()
    return days.to_numpy()[choose_weighted(np.asarray(months, dtype=np.int64), starts, cumulative, rng)]


def _background_incidents(world: World, wards: pd.DataFrame, rng) -> pd.DataFrame:
    """Incidents of every district and category, except Tunbridge Wells drunkenness (calibrated apart)."""
    population = world.population[world.population["year"] == 2016].set_index("district_name")["population"]
    years_from_current = (np.arange(len(MONTHS)) - 29.5) / 12  # months from the middle of 2015/16
    calendar = MONTHS.month.to_numpy() - 1
    parts = []
    for district in world.districts["district_name"]:
        local = wards[wards["district_name"] == district]
        for category, (rate, multiple, _offences) in CATEGORIES.items():
            if district == CALIBRATED and category == "Drunkenness":
                continue
            night = category in NIGHT_CATEGORIES
            season = NIGHT_SEASON[calendar] if night else np.ones(len(MONTHS))
            per_month = population[district] / 1000 * rate / 12 * season * (1 + YEARLY_CHANGE) ** years_from_current
            per_month *= rng.lognormal(0, 0.1)  # districts differ
            # expected arrests -> incidents: an incident with several arrests has 2.5 on average
            month = np.repeat(np.arange(len(MONTHS)), rng.poisson(per_month / (1 + 1.5 * multiple)))
            n = len(month)
            weights = local["night" if night else "other"].to_numpy()
            parts.append(pd.DataFrame({
                "district_name": district,
                "ward_name": local["ward_name"].to_numpy()[rng.choice(len(local), n, p=weights / weights.sum())],
                "month": month,
                "category": category,
                "arrests": 1 + np.where(rng.random(n) < multiple, 1 + rng.geometric(0.6, n), 0),
                "night": night,
            }))
    incidents = pd.concat(parts, ignore_index=True)
    night = incidents["night"].to_numpy()
    dates = np.empty(len(incidents), dtype="datetime64[ns]")
    dates[night] = _days(incidents["month"].to_numpy()[night], NIGHT_WEEKDAY, rng)
    dates[~night] = _days(incidents["month"].to_numpy()[~night], OTHER_WEEKDAY, rng)
    return incidents.assign(date=dates, calibrated=False).drop(columns=["month", "night"])


def _calibrated_incidents(wards: pd.DataFrame, rng) -> pd.DataFrame:
    """Tunbridge Wells drunkenness incidents: exactly the published arrests and incidents per crime year."""
    local = wards[wards["district_name"] == CALIBRATED]
    centre = list(TOWN_CENTRE_WEIGHTS)
    outside = local[~local["ward_name"].isin(TOWN_CENTRE)]
    season = NIGHT_SEASON[MONTHS.month.to_numpy() - 1]
    parts = []
    for year, (arrests, centre_arrests, centre_incidents) in TW_DRUNKENNESS.items():
        months = np.flatnonzero(YEAR_OF_MONTH == year)
        # town centre: incidents over the months, arrests over the incidents (each at least one)
        per_month = allocate_counts(np.array([centre_incidents]), season[months][None, :], rng)[0]
        sizes = 1 + allocate_counts(np.array([centre_arrests - centre_incidents]),
                                    rng.random(centre_incidents)[None, :] ** 2, rng)[0]
        weights = np.array([TOWN_CENTRE_WEIGHTS[w] for w in centre])
        dates = _days(np.repeat(months, per_month), NIGHT_WEEKDAY, rng)
        parts.append(pd.DataFrame({
            "district_name": CALIBRATED, "ward_name": np.array(centre)[rng.choice(len(centre), centre_incidents, p=weights)],
            "date": dates, "category": "Drunkenness", "arrests": sizes, "calibrated": True,
        }))
        # the rest of the borough: one arrest per incident
        rest = arrests - centre_arrests
        per_month = allocate_counts(np.array([rest]), season[months][None, :], rng)[0]
        dates = _days(np.repeat(months, per_month), NIGHT_WEEKDAY, rng)
        weights = outside["night"].to_numpy()
        parts.append(pd.DataFrame({
            "district_name": CALIBRATED,
            "ward_name": outside["ward_name"].to_numpy()[rng.choice(len(outside), rest, p=weights / weights.sum())],
            "date": dates, "category": "Drunkenness", "arrests": np.ones(rest, dtype=np.int64), "calibrated": True,
        }))
    return pd.concat(parts, ignore_index=True)


def _number_incidents(incidents: pd.DataFrame, rng) -> pd.DataFrame:
    """Incident references ``46-YYYYMMDD-NNNN``, numbered through each day in a random order."""
    incidents = incidents.assign(_order=rng.random(len(incidents))).sort_values(["date", "_order"], ignore_index=True)
    number = incidents.groupby("date").cumcount() + 1
    incidents["incident_reference"] = (
        FORCE_NUMBER + "-" + pd.DatetimeIndex(incidents["date"]).strftime("%Y%m%d") + "-" + number.astype(str).str.zfill(4)
    )
    return incidents.drop(columns="_order")


# --- arrests -------------------------------------------------------------------------------------


def _arrests_of(incidents: pd.DataFrame, rng) -> pd.DataFrame:
    """One row per arrest: each incident's arrests, plus companions of some calibrated incidents.

    An arrest is on its incident's day, or for one in ten the day after (not for the
    calibrated arrests, nor past the last day of the extract).
    """
    rows = incidents.loc[incidents.index.repeat(incidents["arrests"])].reset_index(drop=True)
    n = len(rows)
    # the day after the incident for one arrest in ten (never for the calibrated ones)
    late = (rng.random(n) < 0.1) & ~rows["calibrated"].to_numpy() & (rows["date"] < MONTHS[-1].end_time.normalize()).to_numpy()
    rows["arrest_date"] = rows["date"] + pd.to_timedelta(late.astype(int), unit="D")
    rows["offence"] = ""
    for category, (_rate, _multiple, offences) in CATEGORIES.items():
        inside = (rows["category"] == category).to_numpy()
        names = np.array([o for o, _ in offences], dtype=object)
        weights = np.array([w for _, w in offences], dtype=float)
        rows.loc[inside, "offence"] = names[rng.choice(len(names), int(inside.sum()), p=weights / weights.sum())]
    # companions: another offence arrested at some calibrated drunkenness incidents
    calibrated = incidents[incidents["calibrated"]]
    chosen = calibrated[rng.random(len(calibrated)) < COMPANION_SHARE]
    companions = chosen.assign(
        arrest_date=chosen["date"],
        offence=np.array(COMPANIONS, dtype=object)[rng.integers(0, len(COMPANIONS), len(chosen))],
    )
    companions["category"] = companions["offence"].map(
        {o: c for c, (_r, _m, offences) in CATEGORIES.items() for o, _w in offences}
    )
    companions["calibrated"] = False
    rows = pd.concat([rows, companions], ignore_index=True)
    rows = rows.assign(_order=rng.random(len(rows))).sort_values(["arrest_date", "_order"], ignore_index=True)
    year = rows["arrest_date"].dt.year
    sequence = rows.groupby(year).cumcount() + 1
    rows["arrest_reference"] = (
        f"{FORCE_NUMBER}/AR/" + sequence.astype(str).str.zfill(6) + "/" + (year % 100).astype(str).str.zfill(2)
    )
    return pd.DataFrame({
        "arrest_reference": rows["arrest_reference"].astype("str"),
        "arrest_date": rows["arrest_date"],
        "incident_reference": rows["incident_reference"].astype("str"),
        "offence": rows["offence"].astype("str"),
        "offence_category": rows["category"].astype("str"),
        "ward_name": rows["ward_name"].astype("str"),
        "district_name": rows["district_name"].astype("str"),
    })


def _messy_csv(arrests: pd.DataFrame, rng) -> str:
    """The arrests as CSV text with an export's mess (see the module docstring)."""
    n = len(arrests)
    table = pd.DataFrame({
        "Arrest Reference": arrests["arrest_reference"].to_numpy(dtype=object),
        "Arrest Date": arrests["arrest_date"].dt.strftime("%d/%m/%Y").to_numpy(dtype=object),
        "Incident Reference": arrests["incident_reference"].to_numpy(dtype=object),
        "Offence": arrests["offence"].to_numpy(dtype=object),
        "Offence Category": arrests["offence_category"].to_numpy(dtype=object),
        "Ward": arrests["ward_name"].to_numpy(dtype=object),
        "District": arrests["district_name"].to_numpy(dtype=object),
    })
    blank = (rng.random(n) < BLANK_WARD_SHARE) & (table["Offence Category"] != "Drunkenness").to_numpy()
    table.loc[blank, "Ward"] = ""
    odd = rng.random(n) < ODD_CASE_SHARE
    upper = rng.random(n) < 0.5
    table.loc[odd & upper, "Offence Category"] = table.loc[odd & upper, "Offence Category"].str.upper()
    table.loc[odd & ~upper, "Offence Category"] = table.loc[odd & ~upper, "Offence Category"].str.lower()
    for column in ("Offence", "Ward", "District"):
        spaced = (rng.random(n) < STRAY_SPACE_SHARE) & (table[column] != "").to_numpy()
        table.loc[spaced, column] = " " + table.loc[spaced, column] + " "
    repeat = np.flatnonzero(rng.random(n) < DUPLICATE_SHARE)
    order = np.sort(np.concatenate([np.arange(n), repeat]), kind="stable")
    table = table.iloc[order]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(table.to_numpy(dtype=object).tolist())
    return buffer.getvalue()

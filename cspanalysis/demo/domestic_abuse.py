"""Demo world part: the police domestic abuse (DA) incidents extract for the Kent Police area.

Writes ``police_da/da_incidents.csv`` (the format ``cspanalysis.sources.domestic_abuse``
reads): every DA incident, crime and non-crime, recorded in the 13 areas of the force
(12 Kent districts and Medway) from 1 October 2012 to 31 December 2016, with
pseudonymised victims who come back, so that repeat victimisation is a real
computation from the records.  The year before October 2013 is history, so that the
12-month look-back of the repeat measures is complete from October 2013.

Calibration is by construction, not by luck.  For each district and month the number of
incidents and how many of them are repeats are set first (exactly, to the Partnership
Plan's figures for Tunbridge Wells and the Kent district average); the victims'
histories are then drawn to match: a repeat incident continues the history of a victim
whose last incident was 1 to 365 days earlier, any other incident starts a new victim
or one whose last incident was more than 365 days earlier.  Figures it reproduces
(``seed/figures.csv``, all computed with ``cspanalysis.metrics.domestic_abuse``):

- Tunbridge Wells incidents: 1,131 (Oct 2013-Sep 2014), 1,323 (Oct 2014-Sep 2015),
  1,403 (Oct 2015-Sep 2016): rises of 17% and 6%; every district rises in the last year;
- 589 repeat victims in Tunbridge Wells in Oct 2015-Sep 2016 (602 repeat incidents);
- 42% of Tunbridge Wells' DA crimes in that year are repeats (299 of 712);
- repeat rate April-November: Tunbridge Wells 37% (2015) and 41% (2016); mean of the
  12 Kent districts' rates 38% in both.

About 29,000 incidents a year force-wide, a little under half of them crimes at first,
a little over half by 2016.  Realistic mess: a BOM, stray spaces, odd capitalisation, a
few exact duplicate rows, blank LSOA codes and risk grades.
"""

from __future__ import annotations

import bisect
import csv
import io
from datetime import date
from pathlib import Path

import numpy as np

from cspanalysis.errors import ConfigError

#: where the extract goes, under the demo folder
RELATIVE_PATH = Path("police_da") / "da_incidents.csv"

HEADER = [
    "Incident Reference", "Recorded Date", "District", "Ward", "LSOA Code",
    "Crime Or Non-Crime", "Crime Reference", "Victim Reference", "Risk Grade",
]

CALIBRATED = "Tunbridge Wells"

#: months covered: October 2012 (index 0) to December 2016 (index 50)
FIRST_MONTH = (2012, 10)
MONTHS = 51
W0, W1, W2, W3 = range(0, 12), range(12, 24), range(24, 36), range(36, 48)  # crime years Oct-Sep
P1, P2, P3, P4, P5 = range(30, 36), range(36, 38), range(38, 42), range(42, 48), range(48, 50)
APR_NOV_2015, APR_NOV_2016 = range(30, 38), range(42, 50)

#: Tunbridge Wells incidents per crime year, 2013/14 to 2015/16 (+17%, +6%)
TW_YEARS = (1131, 1323, 1403)
#: Tunbridge Wells, October 2015 - September 2016
TW_REPEAT_VICTIMS = 589
TW_SECOND_REPEATS = 13  # repeat incidents of victims already counted: 602 repeat incidents
TW_CRIMES, TW_REPEAT_CRIMES = 712, 299  # 41.99%
#: repeat rates April-November 2015 and 2016
TW_RATES = (0.37, 0.41)

#: incidents in October 2015 - September 2016 and % rises on the year before, by district
VOLUMES = {
    "Ashford": (2250, 3.1, 14.0),
    "Canterbury": (2150, 2.4, 12.5),
    "Dartford": (1850, 4.6, 16.0),
    "Dover": (2050, 1.8, 11.0),
    "Gravesham": (1950, 3.9, 13.5),
    "Maidstone": (2450, 5.2, 16.0),
    "Sevenoaks": (1350, 2.9, 10.5),
    "Shepway": (2250, 4.1, 15.0),
    "Swale": (2600, 3.4, 15.5),
    "Thanet": (3200, 2.2, 10.0),
    "Tonbridge and Malling": (1600, 4.8, 16.5),
    "Medway": (4300, 3.6, 12.0),
}
DEFAULT_VOLUME = (2000, 3.5, 14.0)

#: repeat rates April-November 2015 and 2016 of the 11 other Kent districts, in name order;
#: with Tunbridge Wells' 37% and 41% both means are 38%
OTHER_KENT_RATES = (
    (0.38, 0.37), (0.40, 0.39), (0.36, 0.34), (0.42, 0.42), (0.35, 0.38), (0.39, 0.40),
    (0.33, 0.34), (0.41, 0.40), (0.37, 0.36), (0.40, 0.38), (0.38, 0.37),
)
OUTSIDE_KENT_RATES = (0.40, 0.41)

#: seasonal pattern of DA incidents, January to December
SEASON = (1.00, 0.90, 0.97, 0.98, 1.04, 1.03, 1.08, 1.07, 0.98, 0.98, 0.94, 1.03)
#: Monday to Sunday
WEEKDAY = (1.00, 0.92, 0.92, 0.94, 1.02, 1.18, 1.20)

REPEAT_DAYS = 365
CROSS_DISTRICT = 0.03  # share of repeats whose victim's last incident was in another district
RETURNING = 0.10  # share of other incidents whose victim had an incident over a year before
RISKS = ("Standard", "Medium", "High")
RISK_SHARES = (0.72, 0.20, 0.08)


def _month(index: int) -> tuple[int, int]:
    months = FIRST_MONTH[0] * 12 + FIRST_MONTH[1] - 1 + index
    return months // 12, months % 12 + 1


def _spread(total: int, weights: np.ndarray) -> np.ndarray:
    """Split ``total`` into whole numbers in proportion to ``weights`` (largest remainder)."""
    weights = np.asarray(weights, dtype=float)
    share = total * weights / weights.sum()
    counts = np.floor(share).astype(int)
    order = np.argsort(-(share - counts), kind="stable")
    counts[order[: total - counts.sum()]] += 1
    return counts


def _districts(world) -> list[dict]:
    """The districts to write, Tunbridge Wells' place and the Kent districts, from the world's geography."""
    table = world.districts.sort_values("district_name").reset_index(drop=True)
    names = table["district_name"].tolist()
    if CALIBRATED not in names:
        raise ConfigError(f"the demo world has no district {CALIBRATED!r}: the DA extract is calibrated to it")
    others = [n for n, kent in zip(names, table["kent_county"]) if kent and n != CALIBRATED]
    if len(others) != len(OTHER_KENT_RATES):
        raise ConfigError(f"the demo world has {len(others) + 1} Kent County districts, expected 12")
    rates = dict(zip(others, OTHER_KENT_RATES))
    result = []
    for code, name, kent in zip(table["district_code"], names, table["kent_county"]):
        areas = world.lookup[world.lookup["district_code"].eq(code)].sort_values("lsoa_code")
        result.append({
            "code": code,
            "name": name,
            "kent": bool(kent),
            "lsoas": areas["lsoa_code"].tolist(),
            "wards": areas["ward_name"].tolist(),
            "rates": TW_RATES if name == CALIBRATED else rates.get(name, OUTSIDE_KENT_RATES),
        })
    return result


def _monthly_incidents(district: dict, rng) -> np.ndarray:
    """Incidents per month, October 2012 - December 2016; crime-year totals fixed."""
    if district["name"] == CALIBRATED:
        years = [round(TW_YEARS[0] / 1.10), *TW_YEARS]
        rise = 100.0 * (TW_YEARS[2] - TW_YEARS[1]) / TW_YEARS[1]
    else:
        last, rise, rise_before = VOLUMES.get(district["name"], DEFAULT_VOLUME)
        previous = round(last / (1 + rise / 100))
        before = round(previous / (1 + rise_before / 100))
        years = [round(before / 1.09), before, previous, last]
    counts = np.zeros(MONTHS, dtype=int)
    for year, total in zip((W0, W1, W2, W3), years):
        trend = np.array([1 + (rise / 100) * (i - 5.5) / 12 for i in range(12)])
        season = np.array([SEASON[_month(m)[1] - 1] for m in year])
        counts[year.start:year.stop] = _spread(total, season * trend * rng.normal(1, 0.03, 12))
    for m in range(48, MONTHS):
        level = years[-1] / 12 * (1 + rise / 100 * 0.7)
        counts[m] = round(level * SEASON[_month(m)[1] - 1] * rng.normal(1, 0.03))
    return counts


def _monthly_repeats(district: dict, counts: np.ndarray) -> np.ndarray:
    """Repeat incidents per month: rates rising to the April-November windows' exact rates."""
    rate15, rate16 = district["rates"]
    base = rate15 - 0.015
    repeats = np.zeros(MONTHS, dtype=int)
    for m in range(0, 30):  # history builds up from the extract's start, then a steady rate
        rate = base * (1 - np.exp(-m / 3)) if m < 12 else base + 0.005 * (m - 12) / 18
        repeats[m] = round(rate * counts[m])

    def fill(months: range, total: int):
        repeats[months.start:months.stop] = _spread(total, counts[months.start:months.stop])

    n = {name: int(counts[r.start:r.stop].sum()) for name, r in
         {"P1": P1, "P2": P2, "P3": P3, "P4": P4, "P5": P5, "A15": APR_NOV_2015, "A16": APR_NOV_2016}.items()}
    if district["name"] == CALIBRATED:
        in_p2, in_p4 = round(0.405 * n["P2"]), round(0.425 * n["P4"])
        fill(P1, round(rate15 * n["A15"]) - in_p2)
        fill(P2, in_p2)
        fill(P3, TW_REPEAT_VICTIMS + TW_SECOND_REPEATS - in_p2 - in_p4)
        fill(P4, in_p4)
        fill(P5, round(rate16 * n["A16"]) - in_p4)
    else:
        fill(APR_NOV_2015, round(rate15 * n["A15"]))
        fill(P3, round((rate15 + rate16) / 2 * n["P3"]))
        fill(APR_NOV_2016, round(rate16 * n["A16"]))
    repeats[50] = round(rate16 * counts[50])
    return repeats


def _draw_incidents(districts: list[dict], rng) -> dict[str, np.ndarray]:
    """Every incident's district, day, repeat and crime flags, in recording order."""
    district_of, day_of, repeat_of, crime_of = [], [], [], []
    for d, district in enumerate(districts):
        counts = _monthly_incidents(district, rng)
        repeats = _monthly_repeats(district, counts)
        offset = rng.normal(0, 0.02)
        for m in range(MONTHS):
            year, month = _month(m)
            first = date(year, month, 1).toordinal()
            last = date(year + month // 12, month % 12 + 1, 1).toordinal()
            days = np.arange(first, last)
            weights = np.array([WEEKDAY[date.fromordinal(int(x)).weekday()] for x in days])
            for special in ((12, 25), (12, 26), (1, 1)):
                if month == special[0]:
                    weights[special[1] - 1] *= 1.6
            drawn = np.sort(rng.choice(days, size=counts[m], p=weights / weights.sum()))
            flags = np.zeros(counts[m], dtype=bool)
            flags[rng.permutation(counts[m])[: repeats[m]]] = True
            crime_share = 0.44 + 0.09 * m / (MONTHS - 1) + offset
            district_of.append(np.full(counts[m], d))
            day_of.append(drawn)
            repeat_of.append(flags)
            crime_of.append(rng.random(counts[m]) < crime_share)
    incidents = {
        "district": np.concatenate(district_of),
        "day": np.concatenate(day_of),
        "repeat": np.concatenate(repeat_of),
        "crime": np.concatenate(crime_of),
    }
    # Tunbridge Wells, October 2015 - September 2016: exactly 712 crimes, 299 of them repeats
    calibrated = next(i for i, district in enumerate(districts) if district["name"] == CALIBRATED)
    year = (incidents["district"] == calibrated) & _in_months(incidents["day"], W3)
    for is_repeat, crimes in ((True, TW_REPEAT_CRIMES), (False, TW_CRIMES - TW_REPEAT_CRIMES)):
        chosen = np.flatnonzero(year & (incidents["repeat"] == is_repeat))
        incidents["crime"][chosen] = False
        incidents["crime"][rng.choice(chosen, size=crimes, replace=False)] = True
    order = np.lexsort((rng.random(len(incidents["day"])), incidents["day"]))
    return {key: values[order] for key, values in incidents.items()}


def _in_months(days: np.ndarray, months: range) -> np.ndarray:
    start = date(*_month(months.start), 1).toordinal()
    end_year, end_month = _month(months.stop)
    return (days >= start) & (days < date(end_year, end_month, 1).toordinal())


def _pick(pools: list[list], low: int, high: int, target: int, rng):
    """Take from the pools the tail (day, seq, victim) nearest ``target`` with low <= day <= high."""
    best = None
    for pool in pools:
        start = bisect.bisect_left(pool, (low, -1, -1))
        stop = bisect.bisect_right(pool, (high, 1 << 62, 1 << 62))
        if start >= stop:
            continue
        j = min(max(bisect.bisect_left(pool, (target, -1, -1)), start), stop - 1)
        if j > start and abs(pool[j - 1][0] - target) <= abs(pool[j][0] - target) and rng.random() < 0.5:
            j -= 1
        distance = abs(pool[j][0] - target)
        if best is None or distance < best[0]:
            best = (distance, pool, j)
    if best is None:
        return None
    return best[1].pop(best[2])


def _link_victims(incidents: dict[str, np.ndarray], districts: list[dict], rng) -> np.ndarray:
    """A victim for every incident so that exactly the incidents flagged as repeats are repeats.

    A repeat continues the history of a victim whose last incident was 1-365 days before
    (in the same district, now and then another); any other incident is a new victim or
    one whose last incident was more than 365 days before.  In Tunbridge Wells in October
    2015 - September 2016, 13 repeat incidents go to victims who already had a repeat
    incident there that year and the other 589 to victims who had not.
    """
    count = len(incidents["day"])
    calibrated = next(i for i, district in enumerate(districts) if district["name"] == CALIBRATED)
    in_year = (incidents["district"] == calibrated) & _in_months(incidents["day"], W3) & incidents["repeat"]
    year_positions = np.flatnonzero(in_year)
    second = set(rng.choice(year_positions[150:], size=TW_SECOND_REPEATS, replace=False).tolist())

    gaps = np.where(rng.random(count) < 0.6, rng.exponential(45, count), rng.uniform(1, REPEAT_DAYS, count))
    gaps = np.clip(np.round(gaps), 1, REPEAT_DAYS).astype(int)
    old_gaps = rng.integers(REPEAT_DAYS + 1, 1000, count)
    moves = rng.random(count) < CROSS_DISTRICT
    returns = rng.random(count) < RETURNING
    elsewhere = rng.integers(0, len(districts) - 1, count)

    pools = {(d, counted): [] for d in range(len(districts)) for counted in (False, True)}
    counted_victims: set[int] = set()
    victims = np.empty(count, dtype=np.int64)
    next_victim = 0
    for i in range(count):
        d, day = int(incidents["district"][i]), int(incidents["day"][i])
        tail = None
        if incidents["repeat"][i]:
            if in_year[i]:
                choices = [pools[(d, i in second)]]
            else:
                source = d
                if moves[i]:
                    source = int(elsewhere[i]) + (int(elsewhere[i]) >= d)
                choices = [pools[(source, False)], pools[(source, True)]]
            tail = _pick(choices, day - REPEAT_DAYS, day - 1, day - int(gaps[i]), rng)
            if tail is None:
                raise RuntimeError(f"no earlier incident to repeat on day {date.fromordinal(day)} in {districts[d]['name']}")
        elif returns[i]:
            tail = _pick([pools[(d, False)], pools[(d, True)]], 0, day - REPEAT_DAYS - 1, day - int(old_gaps[i]), rng)
        if tail is None:
            victim = next_victim
            next_victim += 1
        else:
            victim = tail[2]
        if in_year[i]:
            counted_victims.add(victim)
        victims[i] = victim
        pools[(d, victim in counted_victims)].append((day, i, victim))
    return victims


def _describe(incidents: dict[str, np.ndarray], victims: np.ndarray, districts: list[dict], rng) -> list[list[str]]:
    """The extract's rows: references, places, pseudonyms and risk grades for the linked incidents."""
    count = len(victims)
    pseudonyms = {}
    codes = rng.choice(16**8, size=int(victims.max()) + 1, replace=False)
    places = []  # for each district, an LSOA (index) drawn in advance for each of its incidents
    for d, district in enumerate(districts):
        weights = rng.gamma(2.0, 1.0, len(district["lsoas"]))
        places.append(iter(rng.choice(len(weights), size=int((incidents["district"] == d).sum()), p=weights / weights.sum())))
    same_place = rng.random(count) < 0.8
    same_risk = rng.random(count) < 0.7
    escalate = rng.random(count) < 0.1
    fresh_risk = rng.choice(3, size=count, p=RISK_SHARES)
    unknown_risk = rng.random(count)
    last_place: dict[int, tuple[int, int]] = {}
    last_risk: dict[int, int] = {}
    per_day: dict[int, int] = {}
    # crime numbers run through all the force's crimes of the year: DA crimes take about one in eight
    crime_steps = rng.integers(1, 15, count)
    per_year: dict[int, int] = {FIRST_MONTH[0]: 82_000}
    rows = []
    for i in range(count):
        d, day, victim = int(incidents["district"][i]), int(incidents["day"][i]), int(victims[i])
        district = districts[d]
        place, drawn = last_place.get(victim), int(next(places[d]))
        lsoa = place[1] if place is not None and place[0] == d and same_place[i] else drawn
        last_place[victim] = (d, lsoa)
        risk = last_risk.get(victim)
        if risk is None or not same_risk[i]:
            risk = int(fresh_risk[i])
        elif incidents["repeat"][i] and escalate[i]:
            risk = min(risk + 1, 2)
        last_risk[victim] = risk
        when = date.fromordinal(day)
        per_day[day] = per_day.get(day, 0) + 1
        is_crime = bool(incidents["crime"][i])
        crime_reference = ""
        if is_crime:
            per_year[when.year] = per_year.get(when.year, 0) + int(crime_steps[i])
            crime_reference = f"46/{per_year[when.year]:06d}/{when.year % 100:02d}"
        blank_risk = unknown_risk[i] < (0.04 if is_crime else 0.12)
        pseudonyms.setdefault(victim, f"{codes[victim]:08X}")
        rows.append([
            f"46-{when:%Y%m%d}-{per_day[day]:04d}",
            f"{when:%d/%m/%Y}",
            district["name"],
            district["wards"][lsoa],
            district["lsoas"][lsoa],
            "Crime" if is_crime else "Non-crime",
            crime_reference,
            pseudonyms[victim],
            "" if blank_risk else RISKS[risk],
        ])
    return rows


def _add_mess(rows: list[list[str]], rng) -> list[list[str]]:
    """What a real export looks like: stray spaces, odd case, blank LSOAs, a few repeated rows."""
    count = len(rows)
    for i in np.flatnonzero(rng.random(count) < 0.025):
        rows[i][4] = ""
    for i in np.flatnonzero(rng.random(count) < 0.01):
        rows[i][3] = rows[i][3] + " "
    for i in np.flatnonzero(rng.random(count) < 0.005):
        rows[i][2] = " " + rows[i][2]
    for i in np.flatnonzero(rng.random(count) < 0.004):
        rows[i][5] = rows[i][5].upper()
    for i in np.flatnonzero(rng.random(count) < 0.003):
        rows[i][8] = rows[i][8].lower()
    repeated = set(rng.choice(count, size=37, replace=False).tolist())
    result = []
    for i, row in enumerate(rows):
        result.append(row)
        if i in repeated:
            result.append(list(row))
    return result


def build(out_dir: Path, world, seed: int) -> list[Path]:
    """Write ``police_da/da_incidents.csv`` under ``out_dir``; return the path written.

    ``seed`` is the world's seed; this part draws only from ``world.rng("domestic_abuse")``.
    """
    rng = world.rng("domestic_abuse")
    districts = _districts(world)
    incidents = _draw_incidents(districts, rng)
    victims = _link_victims(incidents, districts, rng)
    rows = _add_mess(_describe(incidents, victims, districts, rng), rng)

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    path = Path(out_dir) / RELATIVE_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    return [path]

"""The demo Fingertips export: alcohol-specific hospital admissions for Kent's districts, Kent and England.

Writes ``fingertips/alcohol-specific-admissions.csv`` as Fingertips exports it today: the
27 columns ``Indicator ID, Indicator Name, Parent Code, Parent Name, Area Code, Area Name,
Area Type, Sex, Age, Category Type, Category, Time period, Value, Lower CI 95.0 limit,
Upper CI 95.0 limit, Lower CI 99.8 limit, Upper CI 99.8 limit, Count, Denominator, Value
note, Recent Trend, Compared to England value or percentiles, Compared to percentiles,
Time period Sortable, New data, Compared to goal, Time period range`` (UTF-8, no BOM).

Two indicators of PHE's Local Alcohol Profiles:

- 92906 *Admission episodes for alcohol-specific conditions*: financial years 2012/13 to
  2015/16, persons, males and females, all ages; a directly age-standardised rate per
  100,000 (``Value``), its 95% and 99.8% confidence limits, the episodes (``Count``) and
  the resident population (``Denominator``); for England (with rows by deprivation decile,
  which are not headline rows), Kent (``County & UA (pre 4/19)``) and its 12 districts
  (``District & UA (pre 4/19)``, parent Kent);
- 92904 *Admission episodes for alcohol-specific conditions - Under 18s*: three-year
  pooled periods (``2013/14 - 15/16``), persons, a crude rate per 100,000 under-18s.

Tunbridge Wells' counts are those of the demo admissions extract
(``cspanalysis.demo.admissions``: 66 in 2015/16 and 93 in 2014/15), so the two sources
agree; the extract gives the other Kent districts the counts drawn here too
(``draw_district_counts``). The other districts' rates are drawn around Kent's with ``world.rng("fingertips")``
(Tunbridge Wells among the lowest); Kent's are the sums of its districts; England's rate
is above Kent's. Denominators are the demo world's mid-year populations.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from cspanalysis.demo.admissions import ALCOHOL, TOTALS

if TYPE_CHECKING:
    from cspanalysis.demo.world import World

RELATIVE_PATH = Path("fingertips") / "alcohol-specific-admissions.csv"
HEADER = [
    "Indicator ID", "Indicator Name", "Parent Code", "Parent Name", "Area Code", "Area Name", "Area Type", "Sex",
    "Age", "Category Type", "Category", "Time period", "Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit",
    "Lower CI 99.8 limit", "Upper CI 99.8 limit", "Count", "Denominator", "Value note", "Recent Trend",
    "Compared to England value or percentiles", "Compared to percentiles", "Time period Sortable", "New data",
    "Compared to goal", "Time period range",
]

ALL_AGES = (92906, "Admission episodes for alcohol-specific conditions")
UNDER_18S = (92904, "Admission episodes for alcohol-specific conditions - Under 18s")
ENGLAND = ("E92000001", "England", "England")
KENT = ("E10000016", "Kent", "County & UA (pre 4/19)")
DISTRICT_TYPE = "District & UA (pre 4/19)"
DISTRICT = "Tunbridge Wells"

YEARS = (2012, 2013, 2014, 2015)  # financial years 2012/13 to 2015/16
#: Tunbridge Wells alcohol-specific admissions: the extract's years, and 2012/13 before it
TW_ALL_AGES = {2012: 112} | {year: TOTALS[ALCOHOL][year][0] for year in TOTALS[ALCOHOL]}
#: Tunbridge Wells under-18 admissions by financial year (2013/14 on: the extract's)
TW_UNDER_18 = {2011: 6, 2012: 4} | {year: TOTALS[ALCOHOL][year][1] for year in TOTALS[ALCOHOL]}
POOLED_ENDS = (2013, 2014, 2015)  # three-year periods ending 2013/14, 2014/15, 2015/16

#: mid-year population of England (ONS), by year
ENGLAND_POPULATION = {2011: 53_107_200, 2012: 53_493_700, 2013: 53_865_800, 2014: 54_316_600, 2015: 54_786_300}
UNDER_18_SHARE = 0.21
MALE_SHARE = 0.63  # of alcohol-specific admissions
ENGLAND_ABOVE_KENT = 1.25  # England's rate against Kent's
DECILES = ("Most deprived decile (IMD2015)",) + tuple(f"{n} more deprived decile (IMD2015)" for n in
                                                        ("Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh",
                                                         "Eighth", "Ninth")) + ("Least deprived decile (IMD2015)",)
DECILE_TYPE = "County & UA deprivation deciles in England (IMD2015)"
Z95, Z998 = 1.959964, 3.090232


def draw_district_counts(world: "World") -> tuple[dict, dict, dict, np.random.Generator]:
    """The 12 Kent districts' alcohol-specific admissions, all ages, by financial year: Tunbridge Wells
    as in the extract, the others around it (their factor against Tunbridge Wells' rate).

    Returns ``counts`` ((district, year) -> episodes), ``factor`` (district -> factor),
    ``standardise`` (area -> age-standardisation factor) and the ``world.rng("fingertips")``
    stream after these draws, so ``build`` goes on with the same stream and the demo
    admissions extract (``cspanalysis.demo.admissions``) can give each district these counts.
    """
    rng = world.rng("fingertips")
    population = world.population.set_index(["district_name", "year"])["population"]
    names = list(world.districts.loc[world.districts["kent_county"], "district_name"])
    factor = {name: (1.0 if name == DISTRICT else float(rng.uniform(1.05, 1.9))) for name in names}
    trend = {year: float(TW_ALL_AGES[year]) / population[(DISTRICT, year)] for year in YEARS}
    standardise = {name: float(rng.uniform(0.96, 1.04)) for name in names + ["Kent", "England"]}
    counts = {}
    for name in names:
        for year in YEARS:
            if name == DISTRICT:
                counts[(name, year)] = TW_ALL_AGES[year]
            else:
                expected = trend[year] * factor[name] * population[(name, year)] * float(rng.uniform(0.92, 1.08))
                counts[(name, year)] = int(round(expected))
    return counts, factor, standardise, rng


def build(out_dir: Path, world: "World", seed: int) -> list[Path]:
    """Write the Fingertips export; return its path."""
    kent = world.districts[world.districts["kent_county"]]
    population = world.population.set_index(["district_name", "year"])["population"]
    names = list(kent["district_name"])
    codes = dict(zip(kent["district_name"], kent["district_code"]))

    # alcohol-specific admissions, all ages: Tunbridge Wells as in the extract, others around it
    counts, factor, standardise, rng = draw_district_counts(world)
    rows = []
    for year in YEARS:
        kent_count = sum(counts[(n, year)] for n in names)
        kent_population = int(sum(population[(n, year)] for n in names))
        england_population = ENGLAND_POPULATION[year]
        england_count = int(round(kent_count / kent_population * ENGLAND_ABOVE_KENT * england_population))
        england_value = england_count / england_population * 1e5 * standardise["England"]
        areas = [(ENGLAND, None, england_count, england_population)]
        areas.append((KENT, ENGLAND, kent_count, kent_population))
        areas += [((codes[n], n, DISTRICT_TYPE), KENT, counts[(n, year)], int(population[(n, year)])) for n in names]
        for (code, name, area_type), parent, count, denominator in areas:
            for sex, share in (("Persons", 1.0), ("Male", MALE_SHARE), ("Female", 1 - MALE_SHARE)):
                part = count if sex == "Persons" else int(round(count * share))
                people = denominator if sex == "Persons" else int(round(denominator / 2))
                rows.append(_row(ALL_AGES, parent, code, name, area_type, sex, "All ages", None, None,
                                 f"{year}/{(year + 1) % 100:02d}", part, people, standardise[name],
                                 england_value, f"{year}0000", "1y"))
            if name == "England":
                weights = np.linspace(1.9, 0.5, len(DECILES))
                split = rng.multinomial(count, weights / weights.sum())
                for decile, part in zip(DECILES, split):
                    rows.append(_row(ALL_AGES, None, code, name, area_type, "Persons", "All ages", DECILE_TYPE, decile,
                                     f"{year}/{(year + 1) % 100:02d}", int(part), denominator // len(DECILES),
                                     standardise["England"], england_value, f"{year}0000", "1y"))

    # under-18s: three-year pooled periods, a crude rate
    for end in POOLED_ENDS:
        years = (end - 2, end - 1, end)
        label = f"{end - 2}/{(end - 1) % 100:02d} - {end % 100:02d}/{(end + 1) % 100:02d}"
        pooled = {}
        for name in names:
            if name == DISTRICT:
                pooled[name] = sum(TW_UNDER_18[y] for y in years)
            else:
                expected = sum(TW_UNDER_18[y] for y in years) / population[(DISTRICT, end)] * factor[name] * population[(name, end)]
                pooled[name] = int(rng.poisson(expected))
        young = {n: int(round(sum(population[(n, y)] for y in years) * UNDER_18_SHARE)) for n in names}
        kent_count, kent_young = sum(pooled.values()), sum(young.values())
        england_young = int(round(sum(ENGLAND_POPULATION[y] for y in years) * UNDER_18_SHARE))
        england_count = int(round(kent_count / kent_young * ENGLAND_ABOVE_KENT * england_young))
        england_value = england_count / england_young * 1e5
        areas = [(ENGLAND, None, england_count, england_young), (KENT, ENGLAND, kent_count, kent_young)]
        areas += [((codes[n], n, DISTRICT_TYPE), KENT, pooled[n], young[n]) for n in names]
        for (code, name, area_type), parent, count, denominator in areas:
            rows.append(_row(UNDER_18S, parent, code, name, area_type, "Persons", "<18 yrs", None, None, label, count,
                             denominator, 1.0, england_value, f"{end - 2}0000", "3y"))

    rows.sort(key=lambda r: (r[0], _area_order(r), r[7] != "Persons", r[7], r[9] or "", r[10] or "", r[23]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows([["" if cell is None else cell for cell in row] for row in rows])
    path = Path(out_dir) / RELATIVE_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return [path]


def _area_order(row) -> tuple:
    return ({"England": 0, KENT[2]: 1}.get(row[6], 2), row[4])


def _limits(count: int, z: float) -> tuple[float, float]:
    """Byar's approximation to the Poisson confidence limits of a count."""
    if count == 0:  # the exact upper limit of a zero count
        return 0.0, -math.log(1 - _normal(z))
    lower = count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3
    upper = (count + 1) * (1 - 1 / (9 * (count + 1)) + z / (3 * math.sqrt(count + 1))) ** 3
    return lower, upper


def _normal(z: float) -> float:
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def _row(indicator, parent, code, name, area_type, sex, age, category_type, category, period, count, denominator,
         standardise, england_value, sortable, span) -> list:
    scale = 1e5 / denominator * standardise
    value = count * scale
    low95, high95 = (v * scale for v in _limits(count, Z95))
    low998, high998 = (v * scale for v in _limits(count, Z998))
    if name == "England":
        compared = "Not compared"
    elif high95 < england_value:
        compared = "Better"
    elif low95 > england_value:
        compared = "Worse"
    else:
        compared = "Similar"
    parent_code, parent_name = (parent[0], parent[1]) if parent else (None, None)
    return [indicator[0], indicator[1], parent_code, parent_name, code, name, area_type, sex, age, category_type,
            category, period, f"{value:.6f}", f"{low95:.6f}", f"{high95:.6f}", f"{low998:.6f}", f"{high998:.6f}",
            str(count), str(denominator), None, None, compared, "Not compared", sortable, None, None, span]

"""The demo hospital admissions extract: admissions by ward and quarter in every district of the Kent Police area.

Writes ``admissions/ward-quarter-admissions.csv`` in the layout
``cspanalysis.sources.admissions`` reads::

    Financial Year,Quarter,Ward Code,Ward Name,District,Condition,Age Group,Admissions

for the financial years 2013/14 to 2015/16, one row per year, quarter, ward (the 2016
wards of the 12 Kent districts and Medway, each district's own from ``world.lookup``),
condition (``Alcohol-specific``, ``Substance misuse``) and age group (``Under 18``,
``18 and over``) that had admissions: rows with none are left out, as extracts do.
UTF-8 with a BOM (saved from Excel), rows sorted by year, quarter, ward code, condition
and age group. Every count is exact (this extract is shared under the
partnership's information-sharing agreement; the reader also takes a provider's ``*``).

Tunbridge Wells is calibrated to the Partnership Plan (``seed/figures.csv``):

- alcohol-specific admissions, both age groups: 66 in 2015/16 (alcohol_specific_admissions)
  and 93 in 2014/15 (alcohol_specific_admissions_prev);
- in 2015/16 no ward has more than 4 in any quarter, and one ward-quarter has exactly 4
  (alcohol_admissions_ward_quarter_max); 2014/15 had busier ward-quarters (up to 6);
- under-18 alcohol-specific admissions in 2015/16: 2, below 5 (alcohol_admissions_under18);
- substance misuse admissions fell by 94, from 148 to 54, with Pantiles and St Mark's,
  Sherwood and Pembury the wards with most (the plan's "Reduction of 94 admissions").

Counts are spread over wards by fixed ward weights (town-centre and Sherwood wards
higher) with ``world.rng("admissions")``, so the bytes are the same on every run.

The other districts (so that a batch run can review each of them) come from their own
stream, ``world.rng("admissions-other-districts")``, which leaves every Tunbridge Wells
row exactly as above. Their alcohol-specific admissions are the Fingertips export's
counts of each year (``fingertips.draw_district_counts``; Medway, not in that export, is
drawn the same way from its population); under-18s are a binomial share
(``UNDER_18_SHARE``); substance misuse admissions follow Tunbridge Wells' per resident,
times the district's Fingertips factor; each is spread over the district's wards and
quarters by random ward weights, without a calibrated largest cell.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from cspanalysis.demo.world import World

RELATIVE_PATH = Path("admissions") / "ward-quarter-admissions.csv"
HEADER = ["Financial Year", "Quarter", "Ward Code", "Ward Name", "District", "Condition", "Age Group", "Admissions"]
DISTRICT = "Tunbridge Wells"
YEARS = (2013, 2014, 2015)  # financial years 2013/14 to 2015/16, by the year they start
ALCOHOL, SUBSTANCE = "Alcohol-specific", "Substance misuse"
UNDER_18, ADULT = "Under 18", "18 and over"

#: condition -> year -> (admissions, under-18 admissions among them, most in a ward-quarter)
TOTALS = {
    ALCOHOL: {2013: (104, 5, 7), 2014: (93, 3, 6), 2015: (66, 2, 4)},
    SUBSTANCE: {2013: (139, 6, 9), 2014: (148, 5, 9), 2015: (54, 3, 5)},
}

#: relative weight of each ward (others 1.0): alcohol harm concentrates in the town centre
#: and Sherwood; substance misuse admissions most in Pantiles and St Mark's, Sherwood, Pembury
WARD_WEIGHTS = {
    ALCOHOL: {"Sherwood": 3.0, "Pantiles and St Mark's": 2.4, "Park": 2.2, "Southborough and High Brooms": 2.0,
              "St James'": 1.8, "Culverden": 1.5, "Pembury": 1.4, "Broadwater": 1.3, "Rusthall": 1.3,
              "Benenden and Cranbrook": 0.6, "Frittenden and Sissinghurst": 0.3, "Speldhurst and Bidborough": 0.5,
              "Capel": 0.4, "Goudhurst and Lamberhurst": 0.6},
    SUBSTANCE: {"Pantiles and St Mark's": 4.0, "Sherwood": 3.8, "Pembury": 3.4, "Park": 1.8, "St James'": 1.6,
                "Southborough and High Brooms": 1.6, "Culverden": 1.2, "Rusthall": 1.1,
                "Frittenden and Sissinghurst": 0.2, "Capel": 0.3, "Speldhurst and Bidborough": 0.4,
                "Benenden and Cranbrook": 0.5, "Goudhurst and Lamberhurst": 0.5},
}

#: other districts: the share of admissions that are of under-18s (binomial), and the range of
#: the random ward weights (uniform)
UNDER_18_SHARE = {ALCOHOL: 0.035, SUBSTANCE: 0.04}
OTHER_WARD_WEIGHTS = (0.3, 2.5)


def build(out_dir: Path, world: "World", seed: int) -> list[Path]:
    """Write the ward x quarter admissions extract of every district; return its path."""
    rng = world.rng("admissions")
    wards = district_wards(world, DISTRICT)
    rows = []
    for condition in (ALCOHOL, SUBSTANCE):
        weights = np.array([WARD_WEIGHTS[condition].get(name, 1.0) for name in wards["ward_name"]])
        for year in YEARS:
            total, under_18, most = TOTALS[condition][year]
            counts = spread_counts(total, weights, most, rng)
            young = split_under_18(counts, under_18, rng)
            rows += list_rows(DISTRICT, wards, condition, year, counts, young)
    rows += draw_other_districts(world)
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[5], r[6]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for year, quarter, code, name, district, condition, age, count in rows:
        writer.writerow([f"{year}/{(year + 1) % 100:02d}", f"Q{quarter}", code, name, district, condition, age, count])
    path = Path(out_dir) / RELATIVE_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\ufeff" + buffer.getvalue(), encoding="utf-8", newline="")
    return [path]


def district_wards(world: "World", district: str):
    """The district's wards (``ward_code, ward_name``) in the world's lookup, by code."""
    return (world.lookup[world.lookup["district_name"] == district][["ward_code", "ward_name"]]
            .drop_duplicates().sort_values("ward_code").reset_index(drop=True))


def list_rows(district: str, wards, condition: str, year: int, counts: np.ndarray, young: np.ndarray) -> list[tuple]:
    """The extract's rows of one district, condition and year: one per ward, quarter and age group with admissions."""
    rows = []
    for (w, q), n in np.ndenumerate(counts):
        for age, k in ((UNDER_18, young[w, q]), (ADULT, n - young[w, q])):
            if k > 0:
                rows.append((year, q + 1, wards["ward_code"][w], wards["ward_name"][w], district, condition, age, int(k)))
    return rows


def draw_other_districts(world: "World") -> list[tuple]:
    """The rows of every district but Tunbridge Wells (see the module docstring), from their own stream."""
    from cspanalysis.demo.fingertips import draw_district_counts  # here: fingertips imports this module

    rng = world.rng("admissions-other-districts")
    fingertips, factor, _standardise, _rng = draw_district_counts(world)
    population = world.population.set_index(["district_name", "year"])["population"]
    rows = []
    for district in world.districts["district_name"]:
        if district == DISTRICT:
            continue
        wards = district_wards(world, district)
        times = factor.get(district) or float(rng.uniform(1.05, 1.9))  # Medway: not in the Fingertips export
        weights = rng.uniform(*OTHER_WARD_WEIGHTS, size=len(wards))
        for condition in (ALCOHOL, SUBSTANCE):
            for year in YEARS:
                per_resident = TOTALS[condition][year][0] / population[(DISTRICT, year)]
                total = fingertips.get((district, year)) if condition == ALCOHOL else None
                if total is None:
                    total = int(round(per_resident * times * population[(district, year)] * rng.uniform(0.92, 1.08)))
                counts = rng.multinomial(total, np.repeat(weights, 4) / (weights.sum() * 4)).reshape(len(wards), 4)
                young = split_under_18(counts, int(rng.binomial(total, UNDER_18_SHARE[condition])), rng)
                rows += list_rows(district, wards, condition, year, counts, young)
    return rows


def spread_counts(total: int, weights: np.ndarray, most: int, rng: np.random.Generator) -> np.ndarray:
    """Spread ``total`` admissions over wards x 4 quarters so that the largest cell is exactly ``most``.

    Cells are drawn in proportion to the ward weights, then units move from cells above
    ``most`` to cells below it, and, if no cell reaches ``most``, from other cells into the
    biggest one. Returns an int array shaped (wards, 4).
    """
    cells = len(weights) * 4
    if total > most * cells or total < most:
        raise ValueError(f"{total} admissions cannot have {most} as the largest of {cells} cells")
    share = np.repeat(weights, 4) / (weights.sum() * 4)
    counts = rng.multinomial(total, share)
    while counts.max() > most:
        source = int(rng.choice(np.flatnonzero(counts == counts.max())))
        room = np.flatnonzero(counts < most)
        target = int(rng.choice(room, p=share[room] / share[room].sum()))
        counts[source] -= 1
        counts[target] += 1
    top = int(np.argmax(counts * 1000 + share))  # the busiest cell, the heaviest ward on a tie
    while counts[top] < most:
        donors = np.flatnonzero(counts > 0)
        donors = donors[donors != top]
        counts[int(rng.choice(donors))] -= 1
        counts[top] += 1
    return counts.reshape(len(weights), 4)


def split_under_18(counts: np.ndarray, under_18: int, rng: np.random.Generator) -> np.ndarray:
    """Choose ``under_18`` of the admissions at random to be of under-18s; their count per cell."""
    units = np.repeat(np.arange(counts.size), counts.ravel())
    chosen = rng.choice(units, size=under_18, replace=False)
    return np.bincount(chosen, minlength=counts.size).reshape(counts.shape)

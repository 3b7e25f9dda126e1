"""The demo world every part is built from: areas, populations and one random stream per part.

``make_world(seed)`` gives a frozen ``World``:

- ``lookup``: one row per 2011 LSOA of the Kent Police area (the 12 Kent County districts
  and Medway), columns ``lsoa_code, lsoa_name, ward_code, ward_name, district_code,
  district_name`` (the real 2016 wards and LSOAs, see ``geography``);
- ``population``: ``district_code, district_name, year, population`` for mid-2004 to
  mid-2017, one row per district and year;
- ``districts``: ``district_code, district_name, kent_county`` (True for the 12 Kent County
  districts, False for Medway), the 12 Kent districts by code, then Medway;
- ``rng(part)``: the random stream of one part, derived from the seed and the part's name
  (SHA-256 of the name, never Python's ``hash``), so parts never share or shift draws.

The calibration targets stay out of the world: only the population of Tunbridge Wells is
set from them (its published violent crime rate fixes it within a few hundred people).
The module also holds the small sampling helpers the parts share.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cspanalysis.demo import targets

#: the areas of the Kent Police area: (code, name, in Kent County), in the world's order
DISTRICTS = (
    ("E07000105", "Ashford", True),
    ("E07000106", "Canterbury", True),
    ("E07000107", "Dartford", True),
    ("E07000108", "Dover", True),
    ("E07000109", "Gravesham", True),
    ("E07000110", "Maidstone", True),
    ("E07000111", "Sevenoaks", True),
    ("E07000112", "Shepway", True),
    ("E07000113", "Swale", True),
    ("E07000114", "Thanet", True),
    ("E07000115", "Tonbridge and Malling", True),
    ("E07000116", "Tunbridge Wells", True),
    ("E06000035", "Medway", False),
)

#: mid-2016 resident population (plausible, close to the ONS estimates) and yearly growth
POPULATION_2016 = {
    "Ashford": (127_100, 0.012),
    "Canterbury": (162_400, 0.010),
    "Dartford": (104_400, 0.017),
    "Dover": (113_100, 0.004),
    "Gravesham": (106_400, 0.008),
    "Maidstone": (166_400, 0.013),
    "Sevenoaks": (119_600, 0.006),
    "Shepway": (111_000, 0.005),
    "Swale": (144_900, 0.010),
    "Thanet": (140_800, 0.008),
    "Tonbridge and Malling": (126_000, 0.011),
    "Tunbridge Wells": (targets.POPULATION_2016, 0.006),
    "Medway": (276_500, 0.009),
}

FIRST_YEAR, LAST_YEAR = 2004, 2017


@dataclass(frozen=True, eq=False)
class World:
    """The shared facts of the demo world (see the module docstring for the columns)."""

    seed: int
    lookup: pd.DataFrame
    population: pd.DataFrame
    districts: pd.DataFrame

    def rng(self, part: str) -> np.random.Generator:
        """The independent, deterministic random stream of one part of the world."""
        key = int.from_bytes(hashlib.sha256(part.encode("utf-8")).digest()[:8], "big")
        return np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(key,)))


def make_world(seed: int) -> World:
    """The demo world for a seed: areas, populations, random streams."""
    from cspanalysis.demo.geography import read_areas

    districts = pd.DataFrame(
        {
            "district_code": pd.array([d[0] for d in DISTRICTS], dtype="str"),
            "district_name": pd.array([d[1] for d in DISTRICTS], dtype="str"),
            "kent_county": [d[2] for d in DISTRICTS],
        }
    )
    return World(seed=seed, lookup=read_areas(), population=_make_population(), districts=districts)


def _make_population() -> pd.DataFrame:
    """Mid-year populations 2004-2017: the mid-2016 figure grown or shrunk at a steady rate."""
    rows = []
    for code, name, _ in DISTRICTS:
        base, growth = POPULATION_2016[name]
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            rows.append((code, name, year, int(round(base * (1 + growth) ** (year - 2016)))))
    frame = pd.DataFrame(rows, columns=["district_code", "district_name", "year", "population"])
    frame["district_code"] = frame["district_code"].astype("str")
    frame["district_name"] = frame["district_name"].astype("str")
    frame["year"] = frame["year"].astype("int64")
    frame["population"] = frame["population"].astype("int64")
    return frame


# --- sampling helpers shared by the parts --------------------------------------------------


def allocate_counts(totals, weights, rng: np.random.Generator) -> np.ndarray:
    """Split each whole ``totals[i]`` over the columns of ``weights[i]``, exactly.

    Systematic sampling: each cell gets the floor or the ceiling of its expected share
    (with the right probabilities), and every row adds up to its total.  Columns with
    zero weight get nothing.  Returns an int array shaped like ``weights``.
    """
    totals = np.asarray(totals, dtype=np.int64)
    weights = np.asarray(weights, dtype=float)
    if weights.ndim == 1:
        return allocate_counts(totals.reshape(1), weights.reshape(1, -1), rng)[0]
    running = np.cumsum(weights, axis=1)
    sums = running[:, -1:]
    if np.any((sums[:, 0] <= 0) & (totals > 0)):
        raise ValueError("a positive total has no positive weight to go to")
    cumulative = np.divide(running, sums, out=np.zeros_like(running), where=sums > 0) * totals[:, None]
    # from the last positive weight on, the running total is exact (nothing after it moves)
    at_end = np.broadcast_to(running == sums, cumulative.shape)
    cumulative[at_end] = np.broadcast_to(totals[:, None], cumulative.shape)[at_end]
    offset = rng.random(len(totals))[:, None]
    floors = np.floor(cumulative + offset)
    counts = np.diff(np.concatenate([np.zeros((len(totals), 1)), floors], axis=1), axis=1)
    return counts.astype(np.int64)


def choose_in_groups(groups: np.ndarray, wanted: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Pick exactly ``wanted[g]`` members of each group ``g`` at random (all of it if fewer).

    ``groups`` holds each item's group number (negative: never picked); returns a mask.
    """
    groups = np.asarray(groups, dtype=np.int64)
    order = np.lexsort((rng.random(len(groups)), groups))
    ordered = groups[order]
    first = np.searchsorted(ordered, ordered, side="left")
    rank = np.arange(len(groups)) - first
    picked = np.zeros(len(groups), dtype=bool)
    valid = ordered >= 0
    picked[order[valid]] = rank[valid] < np.asarray(wanted)[ordered[valid]]
    return picked


def choose_weighted(segment: np.ndarray, starts: np.ndarray, cumulative: np.ndarray, rng) -> np.ndarray:
    """For each item, pick an index inside its segment with the segment's weights.

    ``cumulative`` is the running share within each segment (ending at 1.0 per segment),
    laid out segment after segment; ``starts[k]`` is where segment ``k`` begins.
    """
    position = segment + rng.random(len(segment))
    ladder = cumulative + np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(cumulative))))
    index = np.searchsorted(ladder, position, side="right")
    ends = np.append(starts[1:], len(cumulative)) - 1
    return np.minimum(index, ends[segment])


def format_hex(values: np.ndarray, width: int, *, upper: bool = True) -> np.ndarray:
    """Whole numbers (below 16**width) as fixed-width hexadecimal text, vectorised."""
    values = np.asarray(values, dtype=np.uint64)
    shifts = (4 * np.arange(width - 1, -1, -1)).astype(np.uint64)
    digits = (values[:, None] >> shifts[None, :]) & np.uint64(0xF)
    alphabet = np.frombuffer(b"0123456789ABCDEF" if upper else b"0123456789abcdef", dtype="S1")
    chars = np.ascontiguousarray(alphabet[digits.astype(np.int64)])
    return chars.view(f"S{width}").ravel().astype(str)


def random_hex(rng: np.random.Generator, count: int, width: int, *, upper: bool = False) -> np.ndarray:
    """``count`` random hexadecimal strings of ``width`` characters (e.g. 64 for a hash)."""
    nbytes = (width + 1) // 2
    raw = np.frombuffer(rng.bytes(count * nbytes), dtype=np.uint8).reshape(count, nbytes)
    nibbles = np.empty((count, nbytes * 2), dtype=np.uint8)
    nibbles[:, 0::2] = raw >> 4
    nibbles[:, 1::2] = raw & 0xF
    alphabet = np.frombuffer(b"0123456789ABCDEF" if upper else b"0123456789abcdef", dtype="S1")
    chars = np.ascontiguousarray(alphabet[nibbles[:, :width]])
    return chars.view(f"S{width}").ravel().astype(str)

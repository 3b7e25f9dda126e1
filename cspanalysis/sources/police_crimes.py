"""The police crime extract: one row per recorded crime, as a force's records system exports it.

Columns in the file (see ``data/raw/README.md``) and the tidy names returned:

=====================  =====================  ==============================================
file column            returned as            content
=====================  =====================  ==============================================
Crime Reference        crime_reference        unique per crime
Recorded Date          recorded_date          dd/mm/yyyy -> datetime
Offence Date           offence_date           dd/mm/yyyy -> datetime, may be blank
HO Code                ho_code                Home Office code, NNN/NN
Offence Description    offence_description    text, spelling made consistent per HO code
Offence Group          offence_group          Home Office group, official spelling
Offence Subgroup       offence_subgroup       Home Office subgroup, official spelling
LSOA Code              lsoa_code              may be blank
Ward                   ward_name
District               district_name
Domestic Abuse         domestic_abuse         Y/N -> bool
Hate Motivation        hate_motivation        ';'-separated motivations, official spelling
Historic               historic_flag          Y/N -> bool (the force's flag)
Vulnerability Flags    vulnerability_flags    ';'-separated flags, official spelling
Victim Reference       victim_reference       pseudonymised, may be blank
=====================  =====================  ==============================================

Exact duplicate rows (an export repeating a record) are dropped and counted in
``frame.attrs["duplicate_rows_dropped"]``; two different rows with one crime reference
are an error, as are unknown offence groups or subgroups, a subgroup outside its group,
unknown flags and dates that do not parse.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cspanalysis.errors import InputError, Problem
from cspanalysis.offences import HATE_MOTIVATIONS, OFFENCE_GROUPS, SUBGROUPS, VULNERABILITY_FLAGS, canonical
from cspanalysis.sources.reading import (
    Field,
    date_check,
    matches_check,
    one_of_check,
    parse_dates,
    read_csv_file,
    rows_of,
)

DATE_FORMAT = "%d/%m/%Y"
_YES_NO = one_of_check(("Y", "N"), "Y or N", case=False)


def _list_check(known: tuple[str, ...], what: str):
    """Cells that are ';'-separated lists of known values (any case)."""
    import pandera.pandas as pa

    allowed = {k.casefold() for k in known}

    def is_known(series: pd.Series) -> pd.Series:
        parts = series.str.casefold().str.split(";")
        return series.isna() | parts.map(lambda items: all(i.strip() in allowed for i in items) if isinstance(items, list) else True)

    return pa.Check(is_known, error=f"is not a ';'-separated list of {what}: {', '.join(known)}")


FIELDS = [
    Field("Crime Reference", "crime_reference"),
    Field("Recorded Date", "recorded_date", checks=(date_check(DATE_FORMAT, "dd/mm/yyyy"),)),
    Field("Offence Date", "offence_date", nullable=True, checks=(date_check(DATE_FORMAT, "dd/mm/yyyy"),)),
    Field("HO Code", "ho_code", checks=(matches_check(r"^\d{1,3}[A-Z]?/\d{1,2}[A-Z]?$", "a Home Office code like 008/01"),)),
    Field("Offence Description", "offence_description"),
    Field("Offence Group", "offence_group", checks=(one_of_check(OFFENCE_GROUPS, "a Home Office offence group", case=False),)),
    Field("Offence Subgroup", "offence_subgroup", checks=(one_of_check(SUBGROUPS, "a Home Office offence subgroup", case=False),)),
    Field("LSOA Code", "lsoa_code", nullable=True, checks=(matches_check(r"^[EW]01\d{6}$", "an LSOA code like E01024798"),)),
    Field("Ward", "ward_name", nullable=True),
    Field("District", "district_name"),
    Field("Domestic Abuse", "domestic_abuse", checks=(_YES_NO,)),
    Field("Hate Motivation", "hate_motivation", nullable=True, checks=(_list_check(HATE_MOTIVATIONS, "hate motivations"),)),
    Field("Historic", "historic_flag", checks=(_YES_NO,)),
    Field("Vulnerability Flags", "vulnerability_flags", nullable=True, checks=(_list_check(VULNERABILITY_FLAGS, "vulnerability flags"),)),
    Field("Victim Reference", "victim_reference", nullable=True),
]


def _canonical_list(series: pd.Series, known: tuple[str, ...]) -> pd.Series:
    mapping = canonical(known, known)
    by_key = {k.casefold(): v for k, v in mapping.items()}
    return series.map(
        lambda cell: ";".join(by_key[p.strip().casefold()] for p in cell.split(";")) if isinstance(cell, str) else cell
    )


def read_crime_extract(path: str | Path) -> pd.DataFrame:
    """Read, validate and tidy a police crime extract (one row per crime)."""
    path = Path(path)
    frame = read_csv_file(path, FIELDS)
    before = len(frame)
    frame = frame.drop_duplicates(keep="first")
    dropped = before - len(frame)

    problems = []
    repeated = frame["crime_reference"].duplicated(keep=False)
    if repeated.any():
        for ref, row in zip(frame.loc[repeated, "crime_reference"], rows_of(repeated)):
            problems.append(Problem(f"crime reference {ref!r} is used by more than one different row", row=row, column="Crime Reference"))

    for column in ("offence_group", "offence_subgroup"):
        known = OFFENCE_GROUPS if column == "offence_group" else SUBGROUPS
        frame[column] = frame[column].map(canonical(frame[column].unique(), known))
    group_of = {sub: group for group, subs in OFFENCE_GROUPS.items() for sub in subs}
    misplaced = frame["offence_subgroup"].map(group_of) != frame["offence_group"]
    for (sub, group), row in zip(frame.loc[misplaced, ["offence_subgroup", "offence_group"]].itertuples(index=False), rows_of(misplaced)):
        problems.append(Problem(f"subgroup {sub!r} is not in the offence group {group!r}", row=row, column="Offence Subgroup"))
    if problems:
        raise InputError(path, problems)

    frame["recorded_date"] = parse_dates(frame["recorded_date"], DATE_FORMAT)
    frame["offence_date"] = parse_dates(frame["offence_date"], DATE_FORMAT)
    for column in ("domestic_abuse", "historic_flag"):
        frame[column] = frame[column].str.upper().eq("Y")
    frame["hate_motivation"] = _canonical_list(frame["hate_motivation"], HATE_MOTIVATIONS)
    frame["vulnerability_flags"] = _canonical_list(frame["vulnerability_flags"], VULNERABILITY_FLAGS)
    # one spelling per Home Office code: the most common one in the file
    spelling = (
        frame.groupby(["ho_code", "offence_description"], observed=True).size().reset_index(name="n")
        .assign(key=lambda f: f["offence_description"].str.casefold())
        .sort_values(["ho_code", "n", "offence_description"], ascending=[True, False, True])
        .drop_duplicates(["ho_code", "key"])
    )
    frame["offence_description"] = frame["offence_description"].str.casefold().map(
        dict(zip(spelling["key"], spelling["offence_description"]))
    )
    frame = frame.reset_index(drop=True)
    frame.attrs["duplicate_rows_dropped"] = dropped
    return frame

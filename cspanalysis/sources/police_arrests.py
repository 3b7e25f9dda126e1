"""The police arrests extract: one row per arrest, as a force's custody system exports it.

An arrest belongs to the incident the police attended (its ``Incident Reference``);
several people can be arrested at one incident, so arrests and incidents are counted
apart.  The extract covers the whole force area.  Columns in the file (UTF-8, a BOM is
fine; extra columns are ignored) and the tidy names returned:

=====================  =====================  ==============================================
file column            returned as            content
=====================  =====================  ==============================================
Arrest Reference       arrest_reference       the force's arrest reference, unique
Arrest Date            arrest_date            dd/mm/yyyy -> datetime
Incident Reference     incident_reference     the incident the arrest arose from
Offence                offence                the offence arrested for, as the force words
                                              it (``Drunk and disorderly``, ...)
Offence Category       offence_category       one of ``ARREST_CATEGORIES`` (any case,
                                              returned in the spelling listed there)
Ward                   ward_name              ward of the arrest; may be blank (an arrest
                                              outside any ward of the force area)
District               district_name          local authority district name
=====================  =====================  ==============================================

Drunkenness arrests are those whose ``Offence Category`` is ``Drunkenness`` (drunk and
disorderly, drunk and incapable, drunk in charge of a child, ...).  Exact duplicate rows
(an export repeating a record) are dropped and counted in
``frame.attrs["duplicate_rows_dropped"]``; two different rows with one arrest reference
are an error.  Rows keep the file's order.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cspanalysis.errors import InputError, Problem
from cspanalysis.offences import canonical
from cspanalysis.sources.reading import Field, date_check, one_of_check, parse_dates, read_csv_file, rows_of

DATE_FORMAT = "%d/%m/%Y"

#: offence categories of the arrests extract; ``Drunkenness`` is the one the review counts
ARREST_CATEGORIES = (
    "Drunkenness",
    "Violence against the person",
    "Sexual offences",
    "Robbery",
    "Theft",
    "Burglary",
    "Criminal damage",
    "Drug offences",
    "Possession of weapons",
    "Public order",
    "Motoring",
    "Warrants and breaches",
    "Other",
)
DRUNKENNESS = "Drunkenness"

FIELDS = [
    Field("Arrest Reference", "arrest_reference"),
    Field("Arrest Date", "arrest_date", checks=(date_check(DATE_FORMAT, "dd/mm/yyyy"),)),
    Field("Incident Reference", "incident_reference"),
    Field("Offence", "offence"),
    Field("Offence Category", "offence_category",
          checks=(one_of_check(ARREST_CATEGORIES, "an arrest offence category (" + ", ".join(ARREST_CATEGORIES) + ")", case=False),)),
    Field("Ward", "ward_name", nullable=True),
    Field("District", "district_name"),
]

COLUMNS = [f.rename for f in FIELDS]


def read_arrests(path: str | Path) -> pd.DataFrame:
    """Read, validate and tidy a police arrests extract (one row per arrest)."""
    path = Path(path)
    frame = read_csv_file(path, FIELDS)[COLUMNS]
    # one spelling per category before comparing rows, so 'drunkenness' and 'Drunkenness' are one record
    frame["offence_category"] = frame["offence_category"].map(canonical(frame["offence_category"].unique(), ARREST_CATEGORIES))
    before = len(frame)
    frame = frame.drop_duplicates(keep="first")
    dropped = before - len(frame)

    repeated = frame["arrest_reference"].duplicated(keep=False)
    problems = [
        Problem(f"arrest reference {ref!r} is used by more than one different row", row=row, column="Arrest Reference")
        for ref, row in zip(frame.loc[repeated, "arrest_reference"], rows_of(repeated))
    ]
    if problems:
        raise InputError(path, problems)

    frame["arrest_date"] = parse_dates(frame["arrest_date"], DATE_FORMAT)
    frame = frame.reset_index(drop=True)
    frame.attrs["duplicate_rows_dropped"] = dropped
    return frame


__all__ = ["read_arrests", "FIELDS", "ARREST_CATEGORIES", "DRUNKENNESS"]

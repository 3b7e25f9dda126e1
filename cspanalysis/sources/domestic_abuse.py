"""The police domestic abuse (DA) incidents extract: one row per DA incident, crime or not.

Police record every domestic abuse call they attend as an incident; some are crimes
(they carry a crime reference), the rest are non-crime incidents.  The extract covers
the whole force area, so a victim's earlier incidents in another district are seen
(repeat victimisation is counted force-wide) and districts can be compared.  Victims
are pseudonymised: the same person always has the same ``Victim Reference``.

Columns in the file (UTF-8, a BOM is fine; extra columns are ignored) and the tidy
names returned:

=====================  =====================  ==============================================
file column            returned as            content
=====================  =====================  ==============================================
Incident Reference     incident_reference     the force's incident reference, unique
Recorded Date          recorded_date          dd/mm/yyyy -> datetime
District               district_name          local authority district name
Ward                   ward_name              ward name as the force records it
LSOA Code              lsoa_code              LSOA (2011) code, may be blank
Crime Or Non-Crime     is_crime               ``Crime`` or ``Non-crime`` (any case) -> bool
Crime Reference        crime_reference        the crime's reference; blank for non-crime
Victim Reference       victim_reference       pseudonymised victim reference
Risk Grade             risk_grade             DASH risk: ``Standard``, ``Medium``, ``High``
                                              (any case, returned capitalised); blank
                                              where not known
=====================  =====================  ==============================================

Exact duplicate rows (an export repeating a record) are dropped and counted in
``frame.attrs["duplicate_rows_dropped"]``; two different rows with one incident reference
are an error, as is a crime without a crime reference or a non-crime incident with one.
Rows keep the file's order.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cspanalysis.errors import InputError, Problem
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

#: values of ``Crime Or Non-Crime`` as the force writes them
CRIME_CLASSES = ("Crime", "Non-crime")

#: DASH risk grades, lowest to highest
RISK_GRADES = ("Standard", "Medium", "High")

FIELDS = [
    Field("Incident Reference", "incident_reference"),
    Field("Recorded Date", "recorded_date", checks=(date_check(DATE_FORMAT, "dd/mm/yyyy"),)),
    Field("District", "district_name"),
    Field("Ward", "ward_name"),
    Field("LSOA Code", "lsoa_code", nullable=True, checks=(matches_check(r"^[EW]01\d{6}$", "an LSOA code like E01024798"),)),
    Field("Crime Or Non-Crime", "is_crime", checks=(one_of_check(CRIME_CLASSES, "Crime or Non-crime", case=False),)),
    Field("Crime Reference", "crime_reference", nullable=True),
    Field("Victim Reference", "victim_reference"),
    Field("Risk Grade", "risk_grade", nullable=True, checks=(one_of_check(RISK_GRADES, "a risk grade: Standard, Medium or High", case=False),)),
]

COLUMNS = [f.rename for f in FIELDS]


def read_da_incidents(path: str | Path) -> pd.DataFrame:
    """Read, validate and tidy a police DA incidents extract (one row per incident)."""
    path = Path(path)
    frame = read_csv_file(path, FIELDS)[COLUMNS]
    # spellings made consistent before comparing rows, so 'crime' and 'Crime' are one record
    frame["is_crime"] = frame["is_crime"].str.casefold().eq("crime")
    grades = {g.casefold(): g for g in RISK_GRADES}
    frame["risk_grade"] = frame["risk_grade"].str.casefold().map(grades)

    before = len(frame)
    frame = frame.drop_duplicates(keep="first")
    dropped = before - len(frame)

    problems = []
    repeated = frame["incident_reference"].duplicated(keep=False)
    for ref, row in zip(frame.loc[repeated, "incident_reference"], rows_of(repeated)):
        problems.append(
            Problem(f"incident reference {ref!r} is used by more than one different row", row=row, column="Incident Reference")
        )
    no_reference = frame["is_crime"] & frame["crime_reference"].isna()
    for row in rows_of(no_reference):
        problems.append(Problem("is blank but the incident is a crime: a crime reference is required", row=row, column="Crime Reference"))
    stray_reference = ~frame["is_crime"] & frame["crime_reference"].notna()
    for ref, row in zip(frame.loc[stray_reference, "crime_reference"], rows_of(stray_reference)):
        problems.append(
            Problem(f"{ref!r} given for a non-crime incident: expected blank (or Crime in 'Crime Or Non-Crime')",
                    row=row, column="Crime Reference")
        )
    if problems:
        problems.sort(key=lambda p: (p.row or 0, p.column or ""))
        raise InputError(path, problems)

    frame["recorded_date"] = parse_dates(frame["recorded_date"], DATE_FORMAT)
    frame = frame.reset_index(drop=True)
    frame.attrs["duplicate_rows_dropped"] = dropped
    return frame


__all__ = ["read_da_incidents", "FIELDS", "CRIME_CLASSES", "RISK_GRADES"]

"""ONS LSOA -> ward -> local authority district lookups, as published on the Open Geography Portal.

Any vintage is read (``LSOA11CD,LSOA11NM,WD16CD,WD16NM,LAD16CD,LAD16NM`` or the
WD17/LAD17 edition with its Welsh ward names): columns are found by their prefix, so
the year in their names does not matter.  Returned columns: ``lsoa_code, lsoa_name,
ward_code, ward_name, district_code, district_name``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from cspanalysis.errors import InputError, Problem
from cspanalysis.sources.reading import Field, matches_check, read_csv_file, read_header, rows_of

_WANTED = {
    "lsoa_code": (r"LSOA\d\dCD", "an LSOA code like E01024798", r"^[EW]01\d{6}$"),
    "lsoa_name": (r"LSOA\d\dNM", None, None),
    "ward_code": (r"WD\d\dCD", "a ward code like E05005165", r"^[EW]05\d{6}$"),
    "ward_name": (r"WD\d\dNM", None, None),
    "district_code": (r"LAD\d\dCD", "a district code like E07000116", r"^[EWSN]\d{8}$"),
    "district_name": (r"LAD\d\dNM", None, None),
}


def _fields(header: list[str], path: Path) -> list[Field]:
    fields, problems = [], []
    for tidy, (pattern, expected, regex) in _WANTED.items():
        found = [c for c in header if re.fullmatch(pattern, c)]
        if not found:
            problems.append(Problem(f"missing column: expected a column named like {pattern.replace(chr(92) + 'd', '9')}", column=tidy))
            continue
        checks = (matches_check(regex, expected),) if regex else ()
        fields.append(Field(found[0], tidy, checks=checks))
    if problems:
        raise InputError(path, problems)
    return fields


def read_lsoa_lookup(path: str | Path) -> pd.DataFrame:
    """Read an ONS LSOA-to-ward-to-district lookup; each LSOA must appear once."""
    path = Path(path)
    fields = _fields(read_header(path), path)
    frame = read_csv_file(path, fields)
    duplicated = frame["lsoa_code"].duplicated(keep=False)
    if duplicated.any():
        problems = [
            Problem(f"LSOA {code!r} appears more than once: each LSOA belongs to one ward", row=row, column=fields[0].name)
            for code, row in zip(frame.loc[duplicated, "lsoa_code"], rows_of(duplicated))
        ]
        raise InputError(path, problems)
    return frame[list(_WANTED)].reset_index(drop=True)


"""Fetch alcohol indicators for a district and its parent areas from the Fingertips API (OHID).

Fingertips (``https://fingertips.phe.org.uk/api/``, Open Government Licence v3.0) is
asked in three steps, the indicators found by their name, never by a fixed id:

1. ``indicator_search?search_text=<words>``: the ids of the indicators whose metadata
   matches the words, by area type id (``{"501": [92906, ...], ...}``);
2. ``indicator_metadata/by_indicator_id?indicator_ids=<ids>``: their metadata, whose
   ``Descriptive.Name`` is matched to the names asked (case and spacing ignored, otherwise
   exact, so "(Narrow)" and "(Broad)" stay apart);
3. for each indicator, ``all_data/csv/by_indicator_id?indicator_ids=<id>&child_area_type_id=<area type>&parent_area_type_id=<parent area type>``:
   the CSV export (the 27 columns of the website's "Export table as CSV": ``Indicator ID``,
   ``Indicator Name``, ``Parent Code``, ``Parent Name``, ``Area Code``, ``Area Name``,
   ``Area Type``, ``Sex``, ``Age``, ..., ``Time period``, ``Value``, ..., ``Count``,
   ``Denominator``, ...), with rows for England, every parent area (county) and every
   district, saved unchanged as ``<out>/fingertips-<indicator id>.csv``.

Area types (Fingertips ids): 501 "Districts & UAs (from Apr 2023)", 502 "Counties & UAs
(from Apr 2023)", 6 regions, 15 England.  The district must have rows in each CSV,
otherwise the fetch fails saying so (a district code of another vintage, say).
``SOURCE.json`` records, per file, the indicator id and name, the area types, the district
and the parent codes found on its rows; fetching the same names again downloads nothing.

Default indicators (Local Alcohol Profiles for England): the admission episodes for
alcohol-specific and for alcohol-related (narrow) conditions, the measures of the plan's
alcohol section.
"""

from __future__ import annotations

import csv
import difflib
import re
import urllib.parse
from pathlib import Path
from typing import Callable, Iterable

from cspanalysis import paths
from cspanalysis.errors import ConfigError
from cspanalysis.fetch.download import Downloader, FetchError, join_url
from cspanalysis.fetch.record import FetchResult, SourceRecord

FINGERTIPS_API_URL = "https://fingertips.phe.org.uk/api/"
PUBLISHER = "Office for Health Improvement and Disparities, Fingertips public health profiles"
ALCOHOL_INDICATORS = (
    "Admission episodes for alcohol-specific conditions",
    "Admission episodes for alcohol-related conditions (Narrow)",
)
DISTRICT_AREA_TYPE = 501  # Districts & UAs (from Apr 2023)
COUNTY_AREA_TYPE = 502  # Counties & UAs (from Apr 2023)
ENGLAND = "E92000001"
#: indicator ids asked for in one metadata request
_BATCH = 100
_DISTRICT = re.compile(r"^E0[6-9]\d{6}$")


def _normal(name: str) -> str:
    return " ".join(name.split()).casefold()


def _manual(folder: Path) -> str:
    return (f"To download by hand, find the indicator at https://fingertips.phe.org.uk/, choose the district "
            f"area type, use 'Export table as CSV file' and save the file in {folder}")


def fetch_fingertips(district: str, out: str | Path | None = None, *, indicators: Iterable[str] = ALCOHOL_INDICATORS,
                     search: str = "alcohol", area_type: int = DISTRICT_AREA_TYPE,
                     parent_area_type: int = COUNTY_AREA_TYPE, base_url: str = FINGERTIPS_API_URL,
                     downloader: Downloader | None = None, refresh: bool = False,
                     report: Callable[[str], None] | None = None) -> FetchResult:
    """Download the CSV export of each indicator named in ``indicators`` into ``out`` (default ``data/raw/fingertips``).

    ``search`` is the text given to Fingertips' indicator search; it must find every name.
    """
    if not _DISTRICT.match(district):
        raise ConfigError(f"'{district}' is not an ONS code of an English district or unitary authority "
                          "(E06, E07, E08 or E09 and six digits, e.g. E07000116)")
    names = list(dict.fromkeys(indicators))
    if not names:
        raise ConfigError("no Fingertips indicator names given")
    folder = Path(out) if out is not None else paths.RAW_DIR / "fingertips"
    downloader = downloader or Downloader(report=report)
    record = SourceRecord.load(folder, source="fingertips", publisher=PUBLISHER)
    result = FetchResult(folder)
    manual = _manual(folder)

    def recorded(name: str) -> str | None:
        return record.find(lambda e: _normal(e.get("indicator_name", "")) == _normal(name)
                           and e.get("district") == district and e.get("area_type") == area_type
                           and e.get("parent_area_type") == parent_area_type)

    wanted = []
    for name in names:
        kept = None if refresh else recorded(name)
        if kept:
            result.kept.append(kept)
        else:
            wanted.append(name)
    if not wanted:
        return result

    search_url = join_url(base_url, "indicator_search?" + urllib.parse.urlencode({"search_text": search}))
    by_area_type = downloader.get_json(search_url, manual=manual)
    if not isinstance(by_area_type, dict) or not all(isinstance(v, list) for v in by_area_type.values()):
        raise FetchError(search_url, "the answer is not Fingertips' indicator search result "
                                     "(an object of area type ids to lists of indicator ids)", manual)
    ids = sorted({int(i) for values in by_area_type.values() for i in values})
    if not ids:
        raise FetchError(search_url, f"Fingertips found no indicators for '{search}'", manual)
    metadata = {}
    for start in range(0, len(ids), _BATCH):
        batch = ",".join(map(str, ids[start:start + _BATCH]))
        url = join_url(base_url, "indicator_metadata/by_indicator_id?" + urllib.parse.urlencode({"indicator_ids": batch}, safe=","))
        answer = downloader.get_json(url, manual=manual)
        if not isinstance(answer, dict):
            raise FetchError(url, "the answer is not Fingertips' indicator metadata (an object by indicator id)", manual)
        metadata.update(answer)
    named: dict[str, list[int]] = {}
    for key, entry in metadata.items():
        name = ((entry or {}).get("Descriptive") or {}).get("Name") if isinstance(entry, dict) else None
        if name:
            named.setdefault(_normal(name), []).append(int(entry.get("IID", key)))
    available = {int(i) for i in by_area_type.get(str(area_type), [])}

    for name in wanted:
        matches = sorted(set(named.get(_normal(name), [])))
        if not matches:
            close = difflib.get_close_matches(_normal(name), list(named), n=5, cutoff=0.5)
            hint = f"; the closest names found are: {'; '.join(repr(c) for c in close)}" if close else ""
            raise FetchError(search_url, f"no Fingertips indicator is named '{name}' among the "
                                         f"{len(named)} found for '{search}'{hint} (to look further, give --search words "
                                         "that find it)", manual)
        usable = [i for i in matches if i in available]
        if not usable:
            where = sorted((t for t, v in by_area_type.items() if set(map(int, v)) & set(matches)), key=int)
            raise FetchError(search_url, f"the indicator '{name}' (id {', '.join(map(str, matches))}) has no data for "
                                         f"area type {area_type}; it has data for area types {', '.join(where)}", manual)
        for indicator in usable:
            result.downloaded.append(_fetch_indicator(indicator, name, district, area_type, parent_area_type,
                                                      folder, base_url, downloader, record, manual))
    return result


def _fetch_indicator(indicator: int, name: str, district: str, area_type: int, parent_area_type: int,
                     folder: Path, base_url: str, downloader: Downloader, record: SourceRecord, manual: str) -> str:
    """Download one indicator's CSV export, check the district is in it, and record it."""
    query = urllib.parse.urlencode({"indicator_ids": indicator, "child_area_type_id": area_type,
                                    "parent_area_type_id": parent_area_type})
    url = join_url(base_url, f"all_data/csv/by_indicator_id?{query}")
    file_name = f"fingertips-{indicator}.csv"
    got = downloader.download(url, folder / file_name, manual=manual)
    parents = _check_district(got.path, district, url, area_type, manual)
    record.add(file_name, url=url, size=got.size, sha256=got.sha256, indicator_id=indicator, indicator_name=name,
               district=district, parents=parents, area_type=area_type, parent_area_type=parent_area_type)
    return file_name


def _check_district(path: Path, district: str, url: str, area_type: int, manual: str) -> list[str]:
    """The parent area codes on the district's rows; a ``FetchError`` when the CSV has no such rows."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = csv.DictReader(handle)
        if not rows.fieldnames or "Area Code" not in rows.fieldnames:
            path.unlink(missing_ok=True)
            raise FetchError(url, "the download is not a Fingertips CSV export (no 'Area Code' column)", manual)
        parents, areas = set(), set()
        for row in rows:
            areas.add(row["Area Code"])
            if row["Area Code"] == district and row.get("Parent Code"):
                parents.add(row["Parent Code"])
    if district not in areas:
        path.unlink(missing_ok=True)
        raise FetchError(url, f"the export has no rows for {district} at area type {area_type}: check the district "
                              "code, or choose the area type of its vintage (--area-type)", manual)
    return sorted(parents | ({ENGLAND} & areas))

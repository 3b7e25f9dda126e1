"""A 1 GB input stays within bounded memory: the readers use pyarrow, not Python rows (slow)."""

import json
import subprocess
import sys

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pytest

pytestmark = pytest.mark.slow

GIGABYTE = 1_000_000_000
#: DESIGN.md's memory budget for the largest job (a national year of street files)
MEMORY_BUDGET_MB = 4096


def write_big_street_file(path, target_bytes: int) -> int:
    """A police.uk street file of about ``target_bytes``, written in chunks; returns its rows."""
    rng = np.random.default_rng(7)
    rows, chunk = 0, 500_000
    with pa_csv.CSVWriter(path, pa.schema([(name, pa.string()) for name in (
            "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
            "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context")])) as writer:
        while path.stat().st_size < target_bytes:
            ids = np.char.add(f"{rows:012d}", np.arange(chunk).astype(str))
            writer.write_table(pa.table({
                "Crime ID": ids, "Month": np.full(chunk, "2016-09"), "Reported by": np.full(chunk, "Kent Police"),
                "Falls within": np.full(chunk, "Kent Police"),
                "Longitude": np.char.mod("%.6f", rng.uniform(0, 1, chunk)),
                "Latitude": np.char.mod("%.6f", rng.uniform(51, 52, chunk)),
                "Location": np.full(chunk, "On or near Parking Area"), "LSOA code": np.full(chunk, "E01024798"),
                "LSOA name": np.full(chunk, "Tunbridge Wells 001A"), "Crime type": np.full(chunk, "Burglary"),
                "Last outcome category": np.full(chunk, "Under investigation"), "Context": np.full(chunk, ""),
            }))
            rows += chunk
    return rows


def test_a_one_gigabyte_street_file_reads_within_the_memory_budget(tmp_path):
    month = tmp_path / "street" / "2016-09"
    month.mkdir(parents=True)
    rows = write_big_street_file(month / "2016-09-kent-street.csv", GIGABYTE)
    code = (
        "import json, resource, sys; from cspanalysis.sources.police_uk import read_street_files;"
        "frame = read_street_files(sys.argv[1]);"
        "print(json.dumps({'rows': len(frame), 'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "street")], capture_output=True, text=True,
                            check=True, timeout=600)
    measured = json.loads(result.stdout)
    assert measured["rows"] == rows
    assert measured["peak_mb"] < MEMORY_BUDGET_MB, f"peak memory {measured['peak_mb']:.0f} MB for a 1 GB file"

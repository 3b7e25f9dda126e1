"""Prepare once per run: read every configured source, check them against each other, save parquet.

Raw files are validated by their readers; here the sources are checked together
(districts and LSOAs against the ONS lookup, months missing from a year) and each
tidy table is written to ``data/processed/<data folder>/<table>.parquet``.  A table
is read again only when the SHA-256 of its raw input changed, so a second run of the
same review, or the reviews of other districts on the same data, reuse it.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cspanalysis import paths
from cspanalysis.config import ReviewConfig, check_district
from cspanalysis.errors import ConfigError, InputError, Problem

FORMAT_VERSION = 2  # 2: a folder's digest is made from its files' checksums


def sha256_of(file: Path) -> str:
    """SHA-256 of one file's bytes."""
    digest = hashlib.sha256()
    with open(file, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_files(path: Path) -> list[dict]:
    """Each file of a source with its size and SHA-256, for the manifest and About the data."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    return [{"file": paths.shown(f), "bytes": f.stat().st_size, "sha256": sha256_of(f)} for f in files]


def source_digest(files: list[dict]) -> str:
    """One SHA-256 for a source: its files' names and checksums, in name order (one file: its own)."""
    if len(files) == 1:
        return files[0]["sha256"]
    digest = hashlib.sha256()
    for entry in files:
        digest.update(f"{entry['file']}\0{entry['sha256']}\n".encode())
    return digest.hexdigest()


def processed_dir_for(config: ReviewConfig) -> Path:
    return paths.PROCESSED_DIR / config.data_dir.name


@dataclass
class Prepared:
    """Where the processed tables are, and what was read to make them."""

    folder: Path
    tables: dict[str, Path]
    #: source -> {"path", "sha256" (the source as a whole), "files" (each file, as ``input_files``)}
    inputs: dict[str, dict]
    quality: dict[str, dict]


def prepare(config: ReviewConfig, folder: Path | None = None) -> Prepared:
    """Read, check and save every source the config names; reuse unchanged ones."""
    from cspanalysis.sources import LOADERS  # the readers (pandera, openpyxl) load only when preparing

    folder = folder or processed_dir_for(config)
    folder.mkdir(parents=True, exist_ok=True)
    stamp_file = folder / "inputs.json"
    stamps = json.loads(stamp_file.read_text()) if stamp_file.exists() else {}
    if stamps.get("format") != FORMAT_VERSION:
        stamps = {"format": FORMAT_VERSION, "sources": {}}

    unknown = sorted(set(config.sources) - set(LOADERS))
    if unknown:
        raise ConfigError(f"{config.path}: unknown sources {', '.join(unknown)} (known: {', '.join(sorted(LOADERS))})")

    tables: dict[str, Path] = {}
    inputs: dict[str, dict] = {}
    quality: dict[str, dict] = {}
    fresh: dict[str, dict[str, pd.DataFrame]] = {}
    for name, path in config.sources.items():
        if not path.exists():
            raise InputError(path, f"the source {name!r} named in {config.path.name} is not there")
        files = input_files(path)
        digest = source_digest(files)
        inputs[name] = {"path": paths.shown(path), "sha256": digest, "files": files}
        known = stamps["sources"].get(name)
        if known and known["sha256"] == digest and all((folder / f"{t}.parquet").exists() for t in known["tables"]):
            tables.update({t: folder / f"{t}.parquet" for t in known["tables"]})
            quality[name] = known.get("quality", {})
            continue
        fresh[name] = LOADERS[name](path)

    if fresh:
        everything = {t: f for frames in fresh.values() for t, f in frames.items()}
        for table in ("lookup", "crimes"):
            if table not in everything and (folder / f"{table}.parquet").exists() and table in tables:
                everything[table] = pd.read_parquet(tables[table])
        check_together(config, everything)
        for name, frames in fresh.items():
            quality[name] = {t: describe(f) for t, f in frames.items()}
            for table, frame in frames.items():
                target = folder / f"{table}.parquet"
                temporary = target.with_suffix(".parquet.tmp")
                frame.to_parquet(temporary, index=False)
                os.replace(temporary, target)
                tables[table] = target
            stamps["sources"][name] = {"sha256": inputs[name]["sha256"], "tables": sorted(frames), "quality": quality[name]}
        stamp_file.write_text(json.dumps(stamps, indent=1, sort_keys=True))

    lookup = pd.read_parquet(tables["lookup"], columns=["district_name"]) if "lookup" in tables else None
    if lookup is not None:
        check_district(config, sorted(lookup["district_name"].unique()))
    return Prepared(folder, tables, inputs, quality)


def describe(frame: pd.DataFrame) -> dict:
    """Row count and the data-quality notes a reader left on the frame."""
    notes = {"rows": int(len(frame))}
    notes.update({k: int(v) for k, v in frame.attrs.items() if isinstance(v, int)})
    if "lsoa_code" in frame:
        notes["blank_lsoa"] = int(frame["lsoa_code"].isna().sum())
    return notes


def check_together(config: ReviewConfig, tables: dict[str, pd.DataFrame]) -> None:
    """Checks across sources: crime districts and LSOAs in the lookup, no month missing."""
    lookup = tables.get("lookup")
    crimes = tables.get("crimes")
    if crimes is None:
        return
    path = config.source("police_crimes")
    problems = []
    if lookup is not None:
        districts = set(lookup["district_name"])
        unknown = crimes.loc[~crimes["district_name"].isin(districts), "district_name"].value_counts()
        for name, count in unknown.items():
            problems.append(Problem(f"district {name!r} ({count} crimes) is not in the ONS lookup", column="District"))
        lsoas = set(lookup["lsoa_code"])
        outside = crimes["lsoa_code"].notna() & ~crimes["lsoa_code"].isin(lsoas)
        for code, count in crimes.loc[outside, "lsoa_code"].value_counts().head(20).items():
            problems.append(Problem(f"LSOA {code!r} ({count} crimes) is not in the ONS lookup", column="LSOA Code"))
    months = crimes["recorded_date"].dt.to_period("M")
    expected = pd.period_range(months.min(), months.max(), freq="M")
    missing = [str(m) for m in expected if m not in set(months.unique())]
    if missing:
        problems.append(Problem(f"no crimes recorded in {', '.join(missing)}: is a month missing from the extract?", column="Recorded Date"))
    if problems:
        raise InputError(path, problems)


def load_table(folder: Path, name: str) -> pd.DataFrame:
    """A processed table by name, with a clear message when the source was not prepared."""
    target = Path(folder) / f"{name}.parquet"
    if not target.exists():
        raise ConfigError(f"no processed table {name!r} in {paths.shown(Path(folder))}: is its source in the review config?")
    return pd.read_parquet(target)

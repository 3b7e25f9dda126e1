"""``make bench``: time the project on this machine and compare with the budget in DESIGN.md.

Prints, for each step, the median of several runs and the target it is held to:

* building the demo world;
* reading and validating one force-year of police.uk street files, and the same with
  pandas' default CSV engine (as a ratio);
* preparing the processed data from scratch;
* one review (data prepared), against the floor: a papermill run of an empty notebook
  times the number of notebooks, divided by the workers;
* the 12 Kent districts' reviews in one batch;
* a national year of street files (about 6 million rows, generated for the benchmark)
  reduced to district counts, with its peak memory.

``python -m cspanalysis.bench --quick`` runs each step once and skips the batch and the national year.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from cspanalysis import paths

CONFIG = "config/tunbridge-wells-2016-17.yml"


def _median_time(step, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _line(name: str, seconds: float, target: str = "", verdict: bool | None = None) -> None:
    mark = "" if verdict is None else ("  ok" if verdict else "  OVER BUDGET")
    print(f"{name:<58} {seconds:8.2f} s   {target}{mark}", flush=True)


def bench_demo(runs: int) -> None:
    from cspanalysis.demo import build_demo_world

    with tempfile.TemporaryDirectory() as folder:
        seconds = _median_time(lambda: build_demo_world(Path(folder) / "demo"), runs)
    _line("demo world build", seconds)


def bench_street_files(runs: int) -> None:
    import pandas as pd

    from cspanalysis.sources.police_uk import list_street_files, read_street_files

    folder = paths.DEMO_DIR / "police_uk"
    months = ("2015-10", "2016-09")
    ours = _median_time(lambda: read_street_files(folder, months=months), runs)
    files = [name for month, name in list_street_files(folder) if months[0] <= month <= months[1]]
    rows = len(read_street_files(folder, months=months))
    default = _median_time(lambda: pd.concat([pd.read_csv(f) for f in files]), runs)
    _line(f"read + validate a force-year of street files ({rows:,} rows)", ours, "target < 0.5 s", ours < 0.5)
    _line("  pandas default CSV engine, read only", default, f"ratio ours/pandas = {ours / default:.2f}")


def bench_prepare(runs: int) -> None:
    from cspanalysis.config import load_config
    from cspanalysis.prepare import prepare

    config = load_config(CONFIG)
    with tempfile.TemporaryDirectory() as folder:
        def fresh():
            shutil.rmtree(folder, ignore_errors=True)
            prepare(config, Path(folder))

        _line("prepare processed data from raw (no cache)", _median_time(fresh, runs))


def _floor(notebooks: int, workers: int, runs: int) -> float:
    import papermill
    from traitlets.config import Config

    from cspanalysis.run import KERNEL_NAME, ensure_kernel

    ensure_kernel()
    with tempfile.TemporaryDirectory() as folder:
        empty = Path(folder) / "empty.ipynb"
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
        notebook.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": KERNEL_NAME, "language": "python"}
        nbformat.write(notebook, empty)
        one = _median_time(lambda: papermill.execute_notebook(
            str(empty), str(Path(folder) / "out.ipynb"), kernel_name=KERNEL_NAME, progress_bar=False,
            config=Config({"KernelManager": {"transport_encryption": "auto"}})), runs)
    return one * notebooks / workers


def bench_review(runs: int, workers: int = 2) -> None:
    from cspanalysis.config import load_config
    from cspanalysis.prepare import prepare
    from cspanalysis.run import run_review

    config = load_config(CONFIG)
    prepare(config)
    seconds = _median_time(lambda: run_review(CONFIG, workers=workers, progress=lambda _: None), runs)
    floor = _floor(len(config.sections), workers, runs)
    _line(f"floor: empty notebook x {len(config.sections)} notebooks / {workers} workers", floor)
    _line("one review (data prepared)", seconds, f"target < 30 s and < 2x floor ({2 * floor:.1f} s)",
          seconds < 30 and seconds < 2 * floor)


def bench_batch() -> None:
    """All 12 Kent districts' reviews in one batch (one run: it is the longest step)."""
    from cspanalysis.run import run_batch

    started = time.perf_counter()
    batch = run_batch(CONFIG, workers=2, progress=lambda _: None)
    seconds = time.perf_counter() - started
    _line(f"batch: {len(batch.results)} district reviews ({len(batch.failures)} failed)", seconds,
          "target < 180 s", seconds < 180 and batch.ok)


def bench_national(rows: int) -> None:
    """Generate a national year of street files, then reduce it in a fresh process to measure its memory."""
    from cspanalysis.demo.national import write_national_street_files

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        lookup = write_national_street_files(Path(folder), rows)
        _line(f"  generate a national year of street files ({rows:,} rows)", time.perf_counter() - started)
        code = (
            "import json, resource, sys, time; from pathlib import Path;"
            "from cspanalysis.sources.ons_lookup import read_lsoa_lookup;"
            "from cspanalysis.sources.police_uk import count_street_rows;"
            "t = time.perf_counter(); lookup = read_lsoa_lookup(Path(sys.argv[2]));"
            "counts = count_street_rows(Path(sys.argv[1]), dict(zip(lookup.lsoa_code, lookup.district_name)));"
            "print(json.dumps({'seconds': time.perf_counter() - t, 'rows': int(counts['count'].sum()),"
            "'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))"
        )
        result = subprocess.run([sys.executable, "-c", code, folder, str(lookup)], capture_output=True, text=True, check=True)
        measured = json.loads(result.stdout)
    _line(f"national year reduced to district counts ({measured['rows']:,} rows)", measured["seconds"],
          f"target < 30 s; peak memory {measured['peak_mb']:,.0f} MB (target < 4,096 MB)",
          measured["seconds"] < 30 and measured["peak_mb"] < 4096)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cspanalysis.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="one run of each step, no national year")
    parser.add_argument("--runs", type=int, default=3, help="runs per step (median reported)")
    parser.add_argument("--national-rows", type=int, default=6_000_000)
    args = parser.parse_args(argv)
    runs = 1 if args.quick else args.runs
    print(f"cspanalysis benchmark on {os.cpu_count()} cores, median of {runs} run(s)\n", flush=True)
    bench_demo(runs)
    bench_street_files(max(runs, 3))
    bench_prepare(runs)
    bench_review(runs)
    if not args.quick:
        bench_batch()
        bench_national(args.national_rows)
    print(f"\npeak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

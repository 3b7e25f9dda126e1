"""Running a review: prepare the data, execute each section notebook, stitch, check, publish.

Everything is built in a staging folder beside ``outputs/<review>/`` and moved into
place only when every notebook ran and every check passed.  A failure leaves the
previous review untouched, keeps the failed executed notebook in
``outputs/failed/<review>/`` and raises ``RunError`` naming the notebook and cell.
Two runs of one review cannot overlap: a lock file makes the second stop with a
clear message.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import nbformat

from cspanalysis import __version__, paths
from cspanalysis.about import about_the_data
from cspanalysis.config import ReviewConfig, load_config
from cspanalysis.errors import ConfigError, RunError
from cspanalysis.prepare import prepare
from cspanalysis.stitch import export_html, join_notebooks

log = logging.getLogger("cspanalysis")

KERNEL_NAME = "cspanalysis"
#: the only parameters a notebook may be given, with the pattern their values must match
PARAMETERS = {
    "review_config": re.compile(r"^[A-Za-z0-9_./\\:-][A-Za-z0-9 _./\\:-]*\.ya?ml$"),
    "district": re.compile(r"^[A-Za-z][A-Za-z ,.'&-]{0,60}$"),
    "output_dir": re.compile(r"^[A-Za-z0-9_./\\:-][A-Za-z0-9 _./\\:-]*$"),
}
CELL_TIMEOUT = 600


def check_parameters(parameters: dict) -> dict:
    """Refuse any parameter not on the allow-list, or a value that is not a plain string of its kind."""
    for name, value in parameters.items():
        if name not in PARAMETERS:
            raise ConfigError(f"parameter {name!r} is not allowed (allowed: {', '.join(PARAMETERS)})")
        if not isinstance(value, str) or not PARAMETERS[name].match(value) or ".." in Path(value).parts:
            raise ConfigError(f"parameter {name}={value!r} is refused: it is not a plain {name.replace('_', ' ')}")
    return parameters


def ensure_kernel() -> None:
    """Register the project's Jupyter kernel in this environment if it is not there yet."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        from ipykernel.kernelspec import install

        install(kernel_name=KERNEL_NAME, display_name="Python (cspanalysis)", prefix=sys.prefix)


@contextmanager
def review_lock(review: str):
    """Hold ``outputs/.<review>.lock`` for the run; a second run stops with a clear message."""
    paths.OUTPUTS_DIR.mkdir(parents=True, exist_ok=True)
    lock_path = paths.OUTPUTS_DIR / f".{review}.lock"
    handle = open(lock_path, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise RunError(f"another run of {review} is in progress ({holder}); wait for it to finish") from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()} since {datetime.now(timezone.utc):%Y-%m-%d %H:%M:%S} UTC")
    handle.flush()
    try:
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


@dataclass
class RunResult:
    review: str
    folder: Path
    figures: dict
    timings: dict = field(default_factory=dict)


def _execute(notebook: Path, target: Path, parameters: dict) -> float:
    import papermill
    from traitlets.config import Config

    started = time.perf_counter()
    papermill.execute_notebook(
        str(notebook), str(target), parameters=parameters, kernel_name=KERNEL_NAME,
        cwd=str(paths.PROJ_ROOT), progress_bar=False, log_output=False,
        execution_timeout=CELL_TIMEOUT, request_save_on_cell_execute=False,
        # kernels on this machine talk over loopback; "auto" keeps ipykernel from warning at every start
        config=Config({"KernelManager": {"transport_encryption": "auto"}}),
        # the notebook is saved: stop the kernel at once (a graceful stop interrupts it and logs an error)
        shutdown_kernel="immediate",
    )
    return time.perf_counter() - started


def _failed_cell(target: Path) -> str:
    """Which cell failed and how, from the executed notebook papermill left behind."""
    try:
        notebook = nbformat.read(target, as_version=4)
    except Exception:  # noqa: BLE001 - the notebook may not have been written at all
        return "the notebook did not start"
    for position, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                return f"cell {position} ({first_line[:60]!r}): {output.get('ename')}: {output.get('evalue')}"
    return "no failing cell found"


def execute_sections(config: ReviewConfig, resolved: Path, staging: Path, workers: int, progress) -> dict:
    """Run every section notebook into ``staging/notebooks``; raise RunError naming every failure."""
    parameters = check_parameters({
        "review_config": str(resolved), "district": config.district, "output_dir": str(staging),
    })
    (staging / "notebooks").mkdir(parents=True, exist_ok=True)
    from tqdm import tqdm

    timings, failures = {}, []
    bar = tqdm(total=len(config.sections), desc=config.review, unit="notebook", disable=not sys.stderr.isatty())
    with bar, ThreadPoolExecutor(max_workers=workers) as pool:
        jobs = {
            pool.submit(_execute, paths.NOTEBOOKS_DIR / f"{s}.ipynb", staging / "notebooks" / f"{s}.ipynb", parameters): s
            for s in config.sections
        }
        for job in as_completed(jobs):
            section = jobs[job]
            try:
                timings[section] = round(job.result(), 2)
                progress(f"{section}: ran in {timings[section]:.1f} s")
            except Exception as error:  # noqa: BLE001 - papermill raises its own error types
                failures.append((section, error))
                progress(f"{section}: FAILED")
            bar.update()
    if failures:
        failed_dir = paths.OUTPUTS_DIR / "failed" / config.review
        if failed_dir.exists():
            shutil.rmtree(failed_dir)
        failed_dir.mkdir(parents=True)
        messages = []
        for section, _error in sorted(failures):
            executed = staging / "notebooks" / f"{section}.ipynb"
            if executed.exists():
                shutil.copy2(executed, failed_dir / executed.name)
            messages.append(f"notebook {section}.ipynb failed at {_failed_cell(executed)}")
        raise RunError("; ".join(messages) + f". The failed notebook is in {paths.shown(failed_dir)}; "
                       f"the published review was not changed.")
    return timings


def merge_figures(staging: Path) -> dict:
    figures = {}
    for file in sorted((staging / "figures").glob("*.json")):
        for key, value in json.loads(file.read_text()).items():
            if key in figures:
                raise RunError(f"figure {key!r} is recorded by two sections")
            figures[key] = value
    return dict(sorted(figures.items()))


def _git_commit() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=paths.PROJ_ROOT, capture_output=True,
                              text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


def _versions() -> dict:
    names = ["pandas", "numpy", "pyarrow", "pandera", "matplotlib", "seaborn", "papermill", "nbconvert", "nbformat"]
    return {"python": platform.python_version(), "cspanalysis": __version__,
            **{n: metadata.version(n) for n in names}}


def publish(staging: Path, target: Path) -> None:
    """Swap the staging folder into place; the previous review is removed only after the swap."""
    old = target.with_name(f".old-{target.name}")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    try:
        staging.rename(target)
    except OSError:
        if old.exists():
            old.rename(target)
        raise
    if old.exists():
        shutil.rmtree(old)


def latest_quarter(prepared) -> str:
    """The last financial-year quarter the police data covers completely (its last month included)."""
    import pandas as pd

    if "crimes" not in prepared.tables:
        raise ConfigError("--quarter latest needs the police crime extract (source police_crimes) to find the last quarter")
    last = pd.read_parquet(prepared.tables["crimes"], columns=["recorded_date"])["recorded_date"].max()
    month_end = (last + pd.offsets.MonthEnd(0)).normalize()
    quarter_end = month_end if month_end.month in (3, 6, 9, 12) else (month_end - pd.offsets.QuarterEnd(1))
    first_year = quarter_end.year if quarter_end.month >= 4 else quarter_end.year - 1
    number = {6: 1, 9: 2, 12: 3, 3: 4}[quarter_end.month]
    return f"{first_year}/{(first_year + 1) % 100:02d} Q{number}"


def find_revisions(previous: Path, figures: dict) -> list[dict]:
    """Figures that differ from the last published run of the same review: each is marked [r]."""
    if not previous.exists():
        return []
    before = json.loads(previous.read_text())
    return [{"figure": key, "before": before[key], "now": value}
            for key, value in figures.items() if key in before and before[key] != value]


def run_review(config_path: str | Path, *, district: str | None = None, quarter: str | None = None,
               workers: int = 2, progress=print) -> RunResult:
    """Prepare, execute, stitch, check and publish one review; see the module docstring.

    ``district`` runs the same review for another district of the data; ``quarter``
    (``2016/17 Q3`` or ``latest``) runs the quarterly report to that quarter's end.
    """
    config = load_config(config_path)
    if district:
        config = config.with_district(district)
    prepared = None
    if quarter:
        if quarter == "latest":
            prepared = prepare(config)
            quarter = latest_quarter(prepared)
            progress(f"latest complete quarter in the data: {quarter}")
        config = config.for_quarter(quarter)
    with review_lock(config.review):
        started = time.perf_counter()
        timings = {}
        prepared = prepared or prepare(config)
        timings["prepare"] = round(time.perf_counter() - started, 2)
        progress(f"prepared data in {timings['prepare']:.1f} s")
        ensure_kernel()
        staging = paths.OUTPUTS_DIR / f".staging-{config.review}-{os.getpid()}"
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir(parents=True)
        target = paths.OUTPUTS_DIR / config.review
        try:
            resolved = config.write(staging / "config.yml")
            timings["sections"] = execute_sections(config, resolved, staging, workers, progress)
            figures = merge_figures(staging)
            (staging / "figures.json").write_text(json.dumps(figures, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
            revisions = find_revisions(target / "figures.json", figures)
            write_tables_workbook(config, staging)
            stamp = f"Run {datetime.now(timezone.utc):%d %B %Y %H:%M} UTC"
            sources = {name: prepared.inputs[name]["files"] for name in config.sources}
            appendix = about_the_data(config, staging, sources, prepared.quality, revisions, figures)
            notebook = join_notebooks(
                config.title, _subtitle(config),
                [(s.split("_", 1)[-1].replace("_", "-"), staging / "notebooks" / f"{s}.ipynb") for s in config.sections],
                appendix, stamp,
            )
            (staging / "review.html").write_text(export_html(notebook), encoding="utf-8")
            _check_published(staging)
            timings["total"] = round(time.perf_counter() - started, 2)
            manifest = {
                "review": config.review, "district": config.district,
                "config": paths.shown(config.path),
                "parameters": {"district": config.district, "quarter": quarter, "sections": list(config.sections)},
                "periods": {name: p.code for name, p in config.periods.items()},
                "inputs": sources, "versions": _versions(), "git_commit": _git_commit(),
                "revisions": revisions, "timings_seconds": timings, "status": "published", "run_at": stamp,
            }
            (staging / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
            publish(staging, target)
        finally:
            if staging.exists():
                shutil.rmtree(staging)
        progress(f"published {paths.shown(target)}/review.html in {timings['total']:.1f} s")
        return RunResult(config.review, target, figures, timings)


@dataclass
class BatchResult:
    results: dict
    failures: dict

    @property
    def ok(self) -> bool:
        return not self.failures


def run_batch(config_path: str | Path, districts: list[str] | None = None, *, quarter: str | None = None,
              workers: int = 2, progress=print) -> BatchResult:
    """The review of each district (all of the comparison group by default), one after another on all cores.

    The data is prepared once and shared; a failing district is reported and the others go on.
    """
    from tqdm import tqdm

    config = load_config(config_path)
    districts = districts or list(config.comparison_districts)
    prepare(config)
    results, failures = {}, {}
    bar = tqdm(districts, desc="districts", unit="review", disable=not sys.stderr.isatty())
    for name in bar:
        bar.set_postfix_str(name)
        try:
            results[name] = run_review(config_path, district=name, quarter=quarter, workers=workers,
                                       progress=lambda _message: None)
            progress(f"{name}: published {paths.shown(results[name].folder)}")
        except Exception as error:  # noqa: BLE001 - one district failing must not stop the others
            failures[name] = str(error).splitlines()[0] if str(error) else type(error).__name__
            progress(f"{name}: FAILED: {failures[name]}")
    width = max(len(d) for d in districts)
    progress("\n".join([f"{'district':<{width}}  result"] + [
        f"{d:<{width}}  {'published ' + str(results[d].folder.name) if d in results else 'FAILED: ' + failures[d]}"
        for d in districts]))
    return BatchResult(results, failures)


def write_tables_workbook(config: ReviewConfig, staging: Path) -> Path:
    """Every published table in ``tables/tables.xlsx``, in the order the sections published them."""
    from cspanalysis.definitions import DEFINITIONS
    from cspanalysis.tables import write_workbook

    logs = [json.loads(p.read_text()) for p in sorted((staging / "disclosure").glob("*.json"))]
    order = {name.split("_", 1)[-1]: i for i, name in enumerate(config.sections)}
    logs.sort(key=lambda log: (order.get(log["table"].split("-", 1)[0].replace("-", "_"), 99), log["table"]))
    tables = [{"slug": log["table"], "title": log["title"], "footnote": log.get("footnote", ""),
               "csv": staging / "tables" / f"{log['table']}.csv"} for log in logs]
    about = [("District", config.district), ("Review", config.review),
             *[(name.replace("_", " ").capitalize(), period.label) for name, period in config.periods.items()],
             ("Suppressed cells", "[c]: withheld to protect people (see Notes)")]
    notes = ["Suppressed cells show [c]: counts of criminal-offence data small enough to identify someone, and any "
             "cell from which one could be worked out, are withheld. Zero is shown."]
    notes += [f"{term}: {text}" for term, text in DEFINITIONS.items()]
    return write_workbook(tables, staging / "tables" / "tables.xlsx", title=config.title, about=about, notes=notes)


def _subtitle(config: ReviewConfig) -> str:
    crime = config.periods.get("crime")
    return f"Review of the year for {config.district}" + (f": police recorded crime {crime.label}" if crime else "")


def _check_published(staging: Path) -> None:
    """After stitching: no protected count may appear in the review or the tables."""
    from cspanalysis.disclosure import check_published

    check_published(staging)

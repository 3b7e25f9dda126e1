"""The demo world: a synthetic Kent Police area in the real publishers' formats.

Real record-level data for a borough is not public, so ``cspanalysis demo`` writes a
deterministic synthetic world under ``data/raw/demo/``, calibrated so that the 2016/17
review of Tunbridge Wells reproduces the figures published in its Partnership Plan.
The analysis never reads the generator or its targets: it only sees the files.
Nothing else in the package imports this subpackage (a test enforces it).

Each part of the world is a module with ``build(out_dir, world, seed) -> list[Path]``;
the parts are built in the order of ``PARTS``, each from its own random stream, so that
adding a part never changes the bytes of another.
"""

from __future__ import annotations

import importlib
import shutil
import tempfile
from pathlib import Path

#: modules of this package that write one source each, in build order
PARTS = (
    "geography",
    "population",
    "crimes",
    "police_uk",
    "police_arrests",
    "domestic_abuse",
    "stats19",
    "partner_returns",
    "fingertips",
    "admissions",
)

DEFAULT_SEED = 20170301


def build_demo_world(out_dir: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the whole demo world into ``out_dir`` (replaced atomically); return the files."""
    from cspanalysis.demo.world import make_world

    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    world = make_world(seed)
    staging = Path(tempfile.mkdtemp(prefix=".demo-", dir=out_dir.parent))
    try:
        written: list[Path] = []
        for name in PARTS:
            try:
                module = importlib.import_module(f"cspanalysis.demo.{name}")
            except ModuleNotFoundError as error:
                if error.name == f"cspanalysis.demo.{name}":
                    continue  # that part of the world is not written yet
                raise
            written += module.build(staging, world, seed)
        if out_dir.exists():
            shutil.rmtree(out_dir)
        staging.rename(out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return [out_dir / path.relative_to(staging) for path in written]

"""Running one section of a review end to end on the demo world, for the section tests."""

from __future__ import annotations

import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path

from cspanalysis import paths
from cspanalysis.run import run_review


@contextmanager
def published_section(world: Path, tmp_path_factory, name: str, config: str):
    """Publish a review of one section and yield its folder; everything it made is removed afterwards.

    ``config`` is the review config with ``{review}`` and ``{data_dir}`` to fill.  The demo world
    is linked under a name of its own, so the run has its own data/processed cache.
    """
    review = f"pytest-{name}-{uuid.uuid4().hex[:8]}"
    folder = tmp_path_factory.mktemp(f"{name}-section")
    data_dir = folder / f"demo-{review}"
    data_dir.symlink_to(world, target_is_directory=True)
    config_path = folder / f"{review}.yml"
    config_path.write_text(config.format(review=review, data_dir=data_dir))
    output = paths.OUTPUTS_DIR / review
    try:
        run_review(config_path, progress=lambda _: None)
        yield output
    finally:
        for leftover in (output, paths.OUTPUTS_DIR / "failed" / review, paths.PROCESSED_DIR / data_dir.name,
                         paths.OUTPUTS_DIR / "_scratch" / review):
            shutil.rmtree(leftover, ignore_errors=True)
        (paths.OUTPUTS_DIR / f".{review}.lock").unlink(missing_ok=True)

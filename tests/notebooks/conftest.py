"""Running one section of a review end to end on the demo world, for the section tests."""

from __future__ import annotations

import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path

import yaml

from cspanalysis import paths
from cspanalysis.run import run_review


def section_config(section: str) -> dict:
    """The project's review config restricted to one section, without the plan's printed figures."""
    config = yaml.safe_load((paths.CONFIG_DIR / "tunbridge-wells-2016-17.yml").read_text(encoding="utf-8"))
    config["sections"] = [section]
    config.pop("published", None)
    return config


@contextmanager
def published_section(world: Path, tmp_path_factory, name: str, config: str | dict):
    """Publish a review of one section and yield its folder; everything it made is removed afterwards.

    ``config`` is the review config text with ``{review}`` and ``{data_dir}`` to fill, or a config
    mapping (``section_config``) whose review and data_dir are set here.  The demo world is linked
    under a name of its own, so the run has its own data/processed cache.
    """
    review = f"pytest-{name}-{uuid.uuid4().hex[:8]}"
    folder = tmp_path_factory.mktemp(f"{name}-section")
    data_dir = folder / f"demo-{review}"
    data_dir.symlink_to(world, target_is_directory=True)
    config_path = folder / f"{review}.yml"
    if isinstance(config, dict):
        config_path.write_text(yaml.safe_dump({**config, "review": review, "data_dir": str(data_dir)}, sort_keys=False))
    else:
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

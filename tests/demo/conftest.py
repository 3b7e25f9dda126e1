"""The demo world, built once per test session into a temporary folder for every demo test."""

from pathlib import Path

import pytest

from cspanalysis.demo import DEFAULT_SEED, build_demo_world


@pytest.fixture(scope="session")
def demo_world(tmp_path_factory) -> Path:
    """The folder holding the whole demo world, built with the default seed."""
    folder = tmp_path_factory.mktemp("demo-world") / "demo"
    build_demo_world(folder, seed=DEFAULT_SEED)
    return folder

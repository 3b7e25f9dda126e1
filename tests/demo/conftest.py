"""The demo world, built once per test session into a temporary folder for every demo test.

Test modules elsewhere import this fixture, which gives each module its own copy of the
fixture definition; the build is therefore cached on disk under the session's base temporary
folder, so the world is built once per session however many modules use it.
"""

from pathlib import Path

import pytest

from cspanalysis.demo import DEFAULT_SEED, build_demo_world


@pytest.fixture(scope="session")
def demo_world(tmp_path_factory) -> Path:
    """The folder holding the whole demo world, built with the default seed."""
    folder = tmp_path_factory.getbasetemp() / "demo-world" / "demo"
    done = folder.parent / "complete"
    if not done.exists():
        build_demo_world(folder, seed=DEFAULT_SEED)
        done.touch()
    return folder

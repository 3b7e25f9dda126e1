"""Shared test fixtures: where the real published files are, and small file writers."""

from pathlib import Path

import pytest

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real"


@pytest.fixture
def real_data() -> Path:
    """The real published files in ../shared/data/real (never copied into the repository)."""
    if not REAL.is_dir():
        pytest.skip(f"real published files not found at {REAL}: these tests need the shared folder beside the repository")
    return REAL


@pytest.fixture
def write(tmp_path):
    """Write text (or bytes) to a file under tmp_path and return its path."""

    def writer(name: str, content, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding=encoding, newline="")
        return path

    return writer


@pytest.fixture(scope="session")
def demo_review() -> Path:
    """The demo world's review, run once for the session; returns its published folder."""
    from cspanalysis.run import run_review

    return run_review("config/tunbridge-wells-2016-17.yml", progress=lambda _: None).folder

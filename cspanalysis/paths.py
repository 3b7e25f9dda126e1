"""Folders of the project, anchored at the repository and never at the current folder.

Importing this module does nothing but compute paths.
"""

from pathlib import Path

PROJ_ROOT = Path(__file__).resolve().parents[1]
CONFIG_DIR = PROJ_ROOT / "config"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
DATA_DIR = PROJ_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = DATA_DIR / "processed"
OUTPUTS_DIR = PROJ_ROOT / "outputs"
DEMO_DIR = RAW_DIR / "demo"


def resolve(path: str | Path) -> Path:
    """A path from a config or a parameter: absolute as given, else relative to the project."""
    path = Path(path)
    return path if path.is_absolute() else PROJ_ROOT / path


def shown(path: str | Path) -> str:
    """A path as messages show it: relative to the project when inside it."""
    path = Path(path)
    try:
        return str(path.relative_to(PROJ_ROOT))
    except ValueError:
        return str(path)

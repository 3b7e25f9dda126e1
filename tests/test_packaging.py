"""The house rules a checkout must keep: one source of dependencies, clean notebooks, demo kept apart."""

import ast
import json
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!\[ ;]", requirement, maxsplit=1)[0].lower()


def test_environment_yml_installs_exactly_what_pyproject_declares():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = set(project["dependencies"])
    for extra in ("lab", "test", "browser"):
        declared |= set(project["optional-dependencies"][extra])
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    listed = {r for r in pip if r != "-e ."}
    assert listed == declared, f"only in environment.yml: {listed - declared}; only in pyproject: {declared - listed}"


def test_known_pins_are_kept():
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert "matplotlib>=3.9,<3.13" in dependencies  # seaborn's boxplot uses an argument removed in 3.13
    assert "nbconvert>=7.17.1" in dependencies  # security fixes


def test_committed_notebooks_carry_no_outputs():
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks
    for path in notebooks:
        cells = json.loads(path.read_text())["cells"]
        dirty = [i for i, c in enumerate(cells) if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
        assert not dirty, f"{path.name}: cells {dirty} have outputs or execution counts: strip them (outputs may hold data)"


def test_every_notebook_has_a_parameters_cell_with_typed_literals():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        tagged = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1, f"{path.name}: needs exactly one cell tagged 'parameters'"
        tree = ast.parse("".join(tagged[0]["source"]))
        assert all(isinstance(node, ast.AnnAssign) for node in tree.body), f"{path.name}: parameters must be typed"
        names = {node.target.id for node in tree.body}
        assert names == {"review_config", "district", "output_dir"}, f"{path.name}: parameters {names}"


def test_analysis_code_never_imports_the_demo_generator():
    offenders = []
    for path in (ROOT / "cspanalysis").rglob("*.py"):
        # the generator itself, the command that runs it and the benchmark may use it
        if "demo" in path.relative_to(ROOT / "cspanalysis").parts or path.name in ("cli.py", "bench.py"):
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(m.startswith("cspanalysis.demo") for m in modules):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == [], f"analysis modules import the demo generator: {offenders}"


def test_notebooks_import_only_from_cspanalysis():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] != "code":
                continue
            tree = ast.parse("".join(cell["source"]))
            for node in ast.walk(tree):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
                    assert module.startswith("cspanalysis"), f"{path.name} imports {module}"
                assert not isinstance(node, (ast.FunctionDef, ast.ClassDef)), f"{path.name} defines a function"

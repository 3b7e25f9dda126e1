"""Quarterly runs, revisions against the last published run, and batches of districts (tiny world)."""

import json

import pytest

from cspanalysis import paths
from cspanalysis.run import run_batch, run_review
from tests.tiny_world import HEADER, ROW, TinyReview, crime_rows

pytestmark = pytest.mark.e2e


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "OUTPUTS_DIR", tmp_path / "outputs")
    review = TinyReview(tmp_path / "world")
    yield review
    review.cleanup()


def test_latest_quarter_is_the_last_complete_one_and_gets_its_own_folder(tiny):
    # the tiny world's crimes end in September 2016: 2016/17 Q2, the 12 months October 2015 to September 2016
    result = run_review(tiny.config, quarter="latest", progress=lambda _: None)
    assert result.folder.name == "tunbridge-wells-2016-17-q2"
    figures = json.loads((result.folder / "figures.json").read_text())
    assert (figures["crime_total"], figures["crime_total_prev"]) == (15, 12)
    manifest = json.loads((result.folder / "manifest.json").read_text())
    assert manifest["periods"]["crime"] == "2015-10..2016-09" and manifest["parameters"]["quarter"] == "2016/17 Q2"


def test_an_earlier_quarter_covers_the_twelve_months_to_its_end(tiny):
    result = run_review(tiny.config, quarter="2016/17 Q1", progress=lambda _: None)
    figures = json.loads((result.folder / "figures.json").read_text())
    # July 2015 to June 2016: 12 monthly crimes plus the three extra ones (January to March 2016)
    assert figures["crime_total"] == 15 and result.folder.name == "tunbridge-wells-2016-17-q1"


def test_revised_figures_are_marked_against_the_last_published_run(tiny):
    run_review(tiny.config, quarter="2016/17 Q2", progress=lambda _: None)
    late = ROW.format(n=999, date="20/09/2016", lsoa="E01024798", ward="Park", district="Tunbridge Wells")
    (tiny.data_dir / "police_crimes" / "crimes.csv").write_text(HEADER + crime_rows() + late)
    result = run_review(tiny.config, quarter="2016/17 Q2", progress=lambda _: None)
    manifest = json.loads((result.folder / "manifest.json").read_text())
    revised = {r["figure"]: (r["before"], r["now"]) for r in manifest["revisions"]}
    assert revised["crime_total"] == (15, 16)
    page = (result.folder / "review.html").read_text()
    assert "crime_total [r]" in page


def test_a_quarter_that_is_not_a_quarter(tiny):
    from cspanalysis.errors import ConfigError

    with pytest.raises(ConfigError, match="'2016 Q5' is not a financial-year quarter"):
        run_review(tiny.config, quarter="2016 Q5", progress=lambda _: None)


def test_batch_runs_every_district_and_one_failure_does_not_stop_the_others(tiny):
    batch = run_batch(tiny.config, ["Sevenoaks", "Nowhere", "Tunbridge Wells"], progress=lambda _: None)
    assert sorted(batch.results) == ["Sevenoaks", "Tunbridge Wells"]
    assert list(batch.failures) == ["Nowhere"] and "unknown district 'Nowhere'" in batch.failures["Nowhere"]
    assert not batch.ok
    sevenoaks = json.loads((batch.results["Sevenoaks"].folder / "figures.json").read_text())
    assert (sevenoaks["crime_total"], sevenoaks["crime_total_prev"]) == (12, 12)  # one a month, both years
    assert batch.results["Sevenoaks"].folder.name.startswith("sevenoaks")

"""Running and publishing a review end to end, on the tiny hand-countable world."""

import json
import re
import threading

import pytest

from cspanalysis.errors import ConfigError, RunError
from cspanalysis.run import check_parameters, review_lock, run_review
from tests.tiny_world import TinyReview

pytestmark = pytest.mark.e2e


@pytest.fixture
def tiny(tmp_path):
    review = TinyReview(tmp_path)
    yield review
    review.cleanup()


def test_publishes_figures_counted_by_hand(tiny):
    result = run_review(tiny.config, progress=lambda _: None)
    figures = json.loads((tiny.output / "figures.json").read_text())
    # see tests/tiny_world.py: 15 against 12, rates 15.0 and 4.0 per 1,000
    assert figures["crime_total"] == 15 and figures["crime_total_prev"] == 12
    assert figures["crime_total_change_pct"] == pytest.approx(25.0)
    assert figures["crime_rate_per_1000"] == pytest.approx(15.0)
    assert figures["crime_rate_rank_kent"] == 2 and figures["crime_change_rank_kent"] == 2
    assert result.folder == tiny.output
    for name in ("review.html", "manifest.json", "tables/overview-districts.csv", "notebooks/00_overview.ipynb"):
        assert (tiny.output / name).exists(), name
    manifest = json.loads((tiny.output / "manifest.json").read_text())
    assert manifest["status"] == "published" and manifest["periods"]["crime"] == "2015-10..2016-09"
    assert all(len(f["sha256"]) == 64 for files in manifest["inputs"].values() for f in files)


def test_same_inputs_give_byte_identical_figures_and_tables(tiny):
    run_review(tiny.config, progress=lambda _: None)
    first = {p.name: p.read_bytes() for p in [tiny.output / "figures.json", *sorted((tiny.output / "tables").glob("*.csv"))]}
    html_first = (tiny.output / "review.html").read_text()
    run_review(tiny.config, progress=lambda _: None)
    second = {p.name: p.read_bytes() for p in [tiny.output / "figures.json", *sorted((tiny.output / "tables").glob("*.csv"))]}
    assert first == second
    stamp = re.compile(r"Run \d{1,2} \w+ \d{4} \d{2}:\d{2} UTC")
    assert stamp.sub("", html_first) == stamp.sub("", (tiny.output / "review.html").read_text())


def test_a_failing_notebook_publishes_nothing_and_keeps_the_previous_review(tmp_path, tiny):
    run_review(tiny.config, progress=lambda _: None)
    before = {p.relative_to(tiny.output): p.read_bytes() for p in tiny.output.rglob("*") if p.is_file()}
    # a crime year with no mid-year population makes the overview notebook fail inside
    broken = TinyReview(tmp_path / "broken", review=tiny.review, crime_period="2019-10..2020-09")
    with pytest.raises(RunError, match=r"notebook 00_overview.ipynb failed at cell \d+ .*no mid-2020 population estimate"):
        run_review(broken.config, progress=lambda _: None)
    after = {p.relative_to(tiny.output): p.read_bytes() for p in tiny.output.rglob("*") if p.is_file()}
    assert after == before
    assert (tiny.failed / "00_overview.ipynb").exists()
    broken.cleanup()  # same review id: cleans the processed data of the broken world too


def test_two_runs_of_one_review_cannot_overlap(tiny):
    with review_lock(tiny.review):
        with pytest.raises(RunError, match=f"another run of {tiny.review} is in progress"):
            run_review(tiny.config, progress=lambda _: None)


def test_the_lock_is_released_after_a_run(tiny):
    with review_lock(tiny.review):
        pass
    done = threading.Event()
    with review_lock(tiny.review):
        done.set()
    assert done.is_set()


@pytest.mark.parametrize(
    "parameters, message",
    [
        ({"__import__('os').system('id')": "x"}, "is not allowed"),
        ({"kernel_name": "python3"}, r"parameter 'kernel_name' is not allowed \(allowed: review_config, district, output_dir\)"),
        ({"district": "Tunbridge Wells'); import os; os.system('id') #"}, "is refused"),
        ({"district": "Tunbridge\nWells"}, "is refused"),
        ({"output_dir": "../../etc"}, "is refused"),
        ({"review_config": "config/x.yml; rm -rf /"}, "is refused"),
        ({"district": 3}, "is refused"),
    ],
)
def test_hostile_parameters_are_refused_before_papermill(parameters, message):
    with pytest.raises(ConfigError, match=message):
        check_parameters(parameters)


def test_plain_parameters_pass():
    plain = {"review_config": "/work/config/tunbridge-wells-2016-17.yml", "district": "Tonbridge and Malling", "output_dir": "outputs/.staging-x"}
    assert check_parameters(plain) == plain


def test_text_from_data_is_escaped_in_the_review(tmp_path):
    from tests.tiny_world import HEADER, crime_rows

    hostile = crime_rows().replace("Park", "<script>alert(1)</script>Park")
    review = TinyReview(tmp_path, crimes=HEADER + hostile)
    try:
        run_review(review.config, progress=lambda _: None)
        page = (review.output / "review.html").read_text()
        assert "<script" not in page.lower()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;Park" in page
    finally:
        review.cleanup()

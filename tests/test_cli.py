"""The command line: one clear message, a non-zero exit and nothing published for each bad input."""

import pytest

from cspanalysis.cli import main
from tests.tiny_world import HEADER, TinyReview, crime_rows

pytestmark = pytest.mark.e2e


def run_cli(capsys, *argv):
    code = main(list(argv))
    return code, capsys.readouterr().err


@pytest.fixture
def make_tiny(tmp_path):
    made = []

    def make(**options):
        review = TinyReview(tmp_path / f"t{len(made)}", **options)
        made.append(review)
        return review

    yield make
    for review in made:
        review.cleanup()


BAD_CRIMES = {
    "missing column": (HEADER.replace("Recorded Date,", "") + "x\n", r"crimes\.csv: .*column 'Recorded Date': missing column"),
    "non-date": (HEADER + crime_rows().replace("15/10/2014", "31/02/2016", 1),
                 r"crimes\.csv: 1 problem: row 2 column 'Recorded Date': '31/02/2016' is not a date \(expected dd/mm/yyyy\)"),
    "empty file": ("", r"crimes\.csv: 1 problem: the file is empty"),
    "not CSV": (b"PK\x03\x04\x14\x00\x00\x00", r"crimes\.csv: 1 problem: is not a CSV text file: it looks like a ZIP archive"),
}


@pytest.mark.parametrize("case", sorted(BAD_CRIMES))
def test_bad_input_file_is_one_message_exit_3_and_nothing_published(capsys, make_tiny, case):
    content, message = BAD_CRIMES[case]
    tiny = make_tiny(crimes=content)
    code, err = run_cli(capsys, "review", str(tiny.config))
    assert code == 3
    assert err.startswith("cspanalysis: error: ") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert __import__("re").search(message, err), err
    assert not tiny.output.exists()


def test_unknown_district_in_the_config(capsys, make_tiny):
    tiny = make_tiny(district="Royal Tunbridge")
    code, err = run_cli(capsys, "review", str(tiny.config))
    assert code == 2
    assert "unknown district 'Royal Tunbridge': the lookup has Sevenoaks, Tunbridge Wells" in err
    assert not tiny.output.exists()


def test_a_district_not_allowed_as_a_parameter(capsys, make_tiny):
    tiny = make_tiny()
    code, err = run_cli(capsys, "review", str(tiny.config), "--district", "Tunbridge Wells'); import os #")
    assert code == 2 and "Traceback" not in err
    assert not tiny.output.exists()


def test_missing_config(capsys, tmp_path):
    code, err = run_cli(capsys, "review", str(tmp_path / "nope.yml"))
    assert code == 2 and "no such review config" in err


def test_good_review_exits_0(capsys, make_tiny):
    tiny = make_tiny()
    code, err = run_cli(capsys, "review", str(tiny.config))
    assert code == 0, err
    assert (tiny.output / "review.html").exists()
    assert "published" in err


def test_demo_refuses_to_overwrite_without_force(capsys, tmp_path):
    (tmp_path / "demo").mkdir()
    code, err = run_cli(capsys, "demo", "--out", str(tmp_path / "demo"))
    assert code == 0 and "already in" in err and "--force" in err

import argparse
from pathlib import Path

import pytest

from cspanalysis.fetch.command import add_fetch_parser, parse_months, parse_years
from cspanalysis.fetch.download import FetchError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "fetch"


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="cspanalysis")
    add_fetch_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.handler(args)


def test_fetch_stats19(publisher, tmp_path, capsys):
    for path in (FIXTURES / "dft").glob("*2024.csv"):
        publisher.serve(f"dft/{path.name}", path)
    out = tmp_path / "stats19"
    assert _run(["fetch", "stats19", "--years", "2024", "--out", str(out), "--base-url", publisher.url("dft/")]) == 0
    assert len(list(out.glob("*.csv"))) == 3
    assert f"stats19: 3 files in {out} (3 downloaded, 0 already there" in capsys.readouterr().err
    assert _run(["fetch", "stats19", "--years", "2024", "--out", str(out), "--base-url", publisher.url("dft/"), "--quiet"]) == 0
    assert capsys.readouterr().err == (f"stats19: 3 files in {out} (0 downloaded, 3 already there with matching "
                                       f"checksums; see {out / 'SOURCE.json'})\n")


def test_fetch_police_uk(publisher, zip_folder, tmp_path, capsys):
    publisher.serve("archive/2016-09.zip", zip_folder(FIXTURES / "police_uk" / "2016-09"))
    code = _run(["fetch", "police-uk", "--force", "kent", "--months", "2016-08..2016-09", "--out", str(tmp_path),
                 "--base-url", publisher.url("archive/")])
    assert code == 0
    assert (tmp_path / "2016-08" / "2016-08-kent-street.csv").exists()
    assert "police_uk: 2 files" in capsys.readouterr().err


def test_fetch_fingertips(publisher, tmp_path):
    api = FIXTURES / "fingertips"
    publisher.serve("api/indicator_search?search_text=alcohol", api / "indicator_search.json")
    publisher.serve("api/indicator_metadata/by_indicator_id?indicator_ids=91380,91414,92906,93764",
                    api / "indicator_metadata.json")
    publisher.serve("api/all_data/csv/by_indicator_id?indicator_ids=93764&child_area_type_id=501&parent_area_type_id=502",
                    api / "all_data_93764.csv")
    code = _run(["fetch", "fingertips", "--district", "E07000116", "--out", str(tmp_path), "--base-url",
                 publisher.url("api/"), "--indicator", "Admission episodes for alcohol-related conditions (Narrow)"])
    assert code == 0
    assert [p.name for p in tmp_path.glob("*.csv")] == ["fingertips-93764.csv"]


def test_fetch_url(publisher, tmp_path):
    url = publisher.serve("ons/lookup.csv", "LSOA11CD,LSOA11NM,WD16CD,WD16NM,LAD16CD,LAD16NM\n")
    assert _run(["fetch", "url", url, "--source", "ons", "--out", str(tmp_path), "--name", "LSOA11_WD16_LAD16_EW_LU.csv"]) == 0
    assert (tmp_path / "LSOA11_WD16_LAD16_EW_LU.csv").exists()


def test_a_failed_fetch_raises_the_package_error_for_the_main_command(closed_port, tmp_path):
    with pytest.raises(FetchError, match="cannot connect"):
        _run(["fetch", "url", f"http://127.0.0.1:{closed_port}/MYE2-mid-2016.csv", "--source", "population",
              "--out", str(tmp_path), "--retries", "0", "--timeout", "1"])


def test_a_bad_year_range_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as stopped:
        _run(["fetch", "stats19", "--years", "2015-2014"])
    assert stopped.value.code == 2
    assert "the years run backwards: 2015 is after 2014" in capsys.readouterr().err


@pytest.mark.parametrize(("text", "years"), [
    ("2015", [2015]),
    ("2014-2016", [2014, 2015, 2016]),
    ("2004..2006", [2004, 2005, 2006]),
    ("2004-2005,2015", [2004, 2005, 2015]),
])
def test_parse_years(text, years):
    assert parse_years(text) == years


@pytest.mark.parametrize("text", ["15", "2014-15", "last year", "2014,"])
def test_parse_years_rejects_what_is_not_a_year(text):
    with pytest.raises(argparse.ArgumentTypeError, match="is not a year or a range of years like 2014-2015"):
        parse_years(text)


def test_parse_months():
    assert parse_months("2016-01..2016-09") == ("2016-01", "2016-09")
    assert parse_months("2016-09") == ("2016-09", "2016-09")
    with pytest.raises(argparse.ArgumentTypeError, match="is not a month or a range of months like 2016-01..2016-09"):
        parse_months("2016-01-2016-09")


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--retries", "-1", "'-1' is not a whole number of 0 or more"),
    ("--timeout", "0", "'0' is not a number of seconds above 0"),
    ("--timeout", "soon", "'soon' is not a number of seconds above 0"),
])
def test_bad_retries_and_timeouts_are_usage_errors(option, value, message, capsys):
    with pytest.raises(SystemExit):
        _run(["fetch", "stats19", "--years", "2015", option, value])
    assert message in capsys.readouterr().err

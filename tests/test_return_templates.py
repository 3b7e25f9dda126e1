"""Partner return templates: written, filled in with openpyxl and read back through the partner-returns reader."""

from __future__ import annotations

import argparse

import pytest
from openpyxl import load_workbook

from cspanalysis.action_plans import load_action_plans
from cspanalysis.errors import ConfigError, InputError
from cspanalysis.return_templates import (
    HEADER,
    HEADER_ROW,
    add_template_parser,
    default_template_path,
    list_template_measures,
    write_return_template,
)
from cspanalysis.registry import load_registry
from cspanalysis.sources.partner_returns import parse_quarter, read_partner_returns


@pytest.fixture(scope="module")
def registry():
    return load_registry()


@pytest.fixture(scope="module")
def plans(registry):
    return load_action_plans(registry=registry)


def measure_rows(sheet) -> dict[str, int]:
    """measure id -> row number of the template's measure rows."""
    return {sheet.cell(r, 2).value: r for r in range(HEADER_ROW + 1, sheet.max_row + 1) if sheet.cell(r, 2).value}


def test_template_lists_exactly_the_measures_the_action_plans_ask_of_the_agency(tmp_path, registry, plans):
    path = write_return_template("Kent Police", "2017/18 Q1", registry, plans, tmp_path / "police.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["Cover", "Kent Police"]
    sheet = book["Kent Police"]
    assert [sheet.cell(HEADER_ROW, c).value for c in range(1, len(HEADER) + 1)] == list(HEADER)
    # Priority 3: action 6 (Alcohol Control Zone dispersals) and action 13 (gang arrests and prosecutions)
    assert list(measure_rows(sheet)) == ["alcohol_control_zone_dispersals", "gang_arrests", "gang_prosecutions"]
    first = HEADER_ROW + 1
    assert [sheet.cell(first, c).value for c in range(1, 6)] == ["2017/18 Q1", "alcohol_control_zone_dispersals", None, None, None]
    assert sheet.cell(first, 9).value == "Priority 3, action 6"
    assert "speed_watch_operations_attended" not in measure_rows(sheet)  # a registry measure no action asks for


def test_template_validates_whole_numbers_of_zero_or_more(tmp_path, registry, plans):
    path = write_return_template("DAVSS", "2017/18 Q1", registry, plans, tmp_path / "davss.xlsx")
    sheet = load_workbook(path)["DAVSS"]
    rules = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    values = rules[f"C{HEADER_ROW + 1}:C{HEADER_ROW + 2 + 200}"]
    assert (values.type, values.operator, values.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert values.showErrorMessage and "whole number of 0 or more" in values.error
    risk = rules[f"D{HEADER_ROW + 1}"]  # referrals: DAVSS may give the risk level
    assert risk.type == "list" and risk.formula1 == '"high,medium,standard,standard or medium"'
    period = rules[f"A{HEADER_ROW + 1}:A{HEADER_ROW + 2 + 200}"]
    assert period.type == "list" and period.formula1 == '"2017/18 Q1"'


def test_cover_sheet_names_agency_period_instructions_and_contact(tmp_path, registry, plans):
    path = write_return_template("davss", "2017/18 Q2", registry, plans, tmp_path / "davss.xlsx")
    cover = {row[0]: row[1] for row in load_workbook(path)["Cover"].iter_rows(values_only=True) if row[0]}
    assert cover["Agency"] == "Domestic Abuse Volunteer Support Services"
    assert cover["Quarter"] == "2017/18 Q2 (1 July 2017 to 30 September 2017)"
    assert cover["Sheet to fill in"] == "DAVSS"
    assert cover["Measures asked for"].startswith("2, from ")
    assert "whole number of 0 or more" in cover["1"]
    assert cover["Telephone"] == "01892 554224" and cover["Team"].startswith("Community Safety Unit")


def fill(path, sheet_name, values: dict, extra_rows=()) -> None:
    """Fill the template like an agency would: values by measure id, and extra rows appended."""
    book = load_workbook(path)
    sheet = book[sheet_name]
    rows = measure_rows(sheet)
    for measure, value in values.items():
        sheet.cell(rows[measure], 3, value)
    for extra in extra_rows:
        sheet.append(extra)
    book.save(path)


def test_filled_template_reads_back_as_filled(tmp_path, registry, plans):
    path = write_return_template("KFRS", "2017/18 Q1", registry, plans, tmp_path / "kfrs.xlsx")
    filled = {"education_projects_completed": 3, "road_safety_centre_sessions": 0, "restorative_road_checks": 1,
              "road_check_drivers_engaged": 48}
    fill(path, "KFRS", filled)
    returns = read_partner_returns(path, registry, expected_agencies=["KFRS"])
    assert set(returns["period"]) == {"2017/18 Q1"} and set(returns["agency"]) == {"kfrs"}
    assert dict(zip(returns["measure"], returns["value"])) == filled
    assert returns["breakdown"].isna().all()


def test_breakdown_rows_an_agency_adds_read_back(tmp_path, registry, plans):
    path = write_return_template("DAVSS", "2017/18 Q1", registry, plans, tmp_path / "davss.xlsx")
    book = load_workbook(path)
    sheet = book["DAVSS"]
    rows = measure_rows(sheet)
    sheet.cell(rows["referrals"], 3, 9)
    sheet.cell(rows["referrals"], 4, "high")
    sheet.cell(rows["training_provided"], 3, 2)
    sheet.append(["2017/18 Q1", "referrals", 14, "standard or medium"])
    book.save(path)
    returns = read_partner_returns(path, registry)
    got = {(m, b if isinstance(b, str) else None): v for m, b, v in zip(returns["measure"], returns["breakdown"], returns["value"])}
    assert got == {("referrals", "high"): 9, ("referrals", "standard or medium"): 14, ("training_provided", None): 2}


def test_filled_template_with_an_unknown_measure_is_the_readers_error(tmp_path, registry, plans):
    path = write_return_template("CDAP", "2017/18 Q1", registry, plans, tmp_path / "cdap.xlsx")
    fill(path, "CDAP", {"men_supported": 4}, extra_rows=[["2017/18 Q1", "women_supported", 2]])
    with pytest.raises(InputError, match=r"cdap.xlsx\[CDAP\]: 1 problem: row 6 column 'measure': 'women_supported' is not a "
                                         r"measure of CDAP: its measures are men_supported"):
        read_partner_returns(path, registry)


def test_filled_template_with_a_negative_number_is_the_readers_error(tmp_path, registry, plans):
    path = write_return_template("CDAP", "2017/18 Q1", registry, plans, tmp_path / "cdap.xlsx")
    fill(path, "CDAP", {"men_supported": -3})
    with pytest.raises(InputError, match=r"cdap.xlsx\[CDAP\]: 1 problem: row 5 column 'value': .*is negative: a count is 0 or more"):
        read_partner_returns(path, registry)


def test_an_unfilled_template_is_not_a_return(tmp_path, registry, plans):
    path = write_return_template("CDAP", "2017/18 Q1", registry, plans, tmp_path / "cdap.xlsx")
    with pytest.raises(InputError, match=r"row 5 column 'value'"):
        read_partner_returns(path, registry)


def test_all_measures_adds_the_agencys_other_registry_measures(registry, plans):
    police = registry.get_agency("Kent Police")
    rows = list_template_measures(police, registry, plans, all_measures=True)
    assert [r.measure.id for r in rows] == ["alcohol_control_zone_dispersals", "gang_arrests", "gang_prosecutions",
                                            "class_a_supply_arrests", "speed_watch_operations_attended"]
    assert rows[-1].asked_for_by == "review of the year"
    speed_watch = registry.get_agency("Speed Watch")
    with pytest.raises(ConfigError, match=r"ask Speed Watch for no measure: use all_measures \(--all-measures\)"):
        list_template_measures(speed_watch, registry, plans)
    assert [r.measure.id for r in list_template_measures(speed_watch, registry, plans, all_measures=True)] == [
        "events", "advisory_letters"]


def test_unknown_agency_or_quarter_is_a_clear_error(tmp_path, registry, plans):
    with pytest.raises(ConfigError, match="'Nobody' is not a known agency"):
        write_return_template("Nobody", "2017/18 Q1", registry, plans, tmp_path / "x.xlsx")
    with pytest.raises(ConfigError, match="'2017/18 Q5' is not a quarter that exists"):
        write_return_template("DAVSS", "2017/18 Q5", registry, plans, tmp_path / "x.xlsx")


def test_command_line_writes_the_template(tmp_path):
    parser = argparse.ArgumentParser()
    add_template_parser(parser.add_subparsers(dest="command", required=True))
    target = tmp_path / "out" / "marac.xlsx"
    args = parser.parse_args(["template", "--agency", "West Kent MARAC", "--period", "2017/18 Q1", "--out", str(target)])
    assert args.handler(args) == 0
    assert load_workbook(target).sheetnames == ["Cover", "MARAC"]
    registry = load_registry()
    assert default_template_path(registry.get_agency("MARAC"), parse_quarter("2017/18 Q1")).name == "marac-2017-18-q1.xlsx"

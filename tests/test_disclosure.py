"""Disclosure control: primary and secondary suppression, rounding, derived columns, and the published-file check.

Every expected table is worked out by hand from the rules in the module docstring.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook

from cspanalysis.disclosure import check_published, protect_table
from cspanalysis.errors import ConfigError, DisclosureError

C = "[c]"


def wards(rows: dict[str, list], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
    frame.index.name = "ward"
    return frame


def shown(protected) -> list[list[str]]:
    return protected.display.values.tolist()


# --- primary suppression ---------------------------------------------------------------------


def test_policy_none_publishes_counts_as_they_are():
    protected = protect_table(wards({"Park": [3], "Sherwood": [0]}, ["incidents"]), "none", name="t")
    assert shown(protected) == [["3"], ["0"]]
    assert protected.cells == () and protected.footnote == ""


def test_policy_none_shows_rates_and_changes_and_keeps_labels_from_a_column():
    frame = pd.DataFrame({
        "District": ["Ashford", "Sevenoaks", "Tunbridge Wells"], "count": [9000, 5000, 5285],
        "change": [-59, 3, 245], "Change (%)": [1.24, -0.5, 4.86], "Crimes per 1,000": [70.12, np.nan, 45.0],
    }).sort_values("count")  # an unnamed whole-number index, out of order: not labels
    protected = protect_table(frame, "none", name="districts")
    assert protected.label_column == "District"
    assert protected.table.values.tolist() == [
        ["Sevenoaks", "5000", "3", "-0.5", "[x]"],
        ["Tunbridge Wells", "5285", "245", "4.9", "45.0"],
        ["Ashford", "9000", "-59", "1.2", "70.1"],
    ]
    assert protected.cells == () and protected.footnote == "[x] = not available."


def test_one_to_four_suppressed_zero_shown_and_the_next_smallest_hides_it_from_the_total():
    table = wards({"Park": [3], "Culverden": [0], "Sherwood": [7], "Pembury": [20], "Rusthall": [15]}, ["incidents"])
    protected = protect_table(table, "suppress-1-4", name="t")
    # the column's total (published elsewhere) would give Park = total - 42; the next smallest above
    # zero (Sherwood, 7) is hidden too; the zero is shown and never used to hide a count
    assert shown(protected) == [[C], ["0"], [C], ["20"], ["15"]]
    assert [(c.row, c.reason, c.value) for c in protected.cells] == [("Park", "primary", 3), ("Sherwood", "secondary", 7)]
    assert "Zero is shown: a count of none describes no one, so it is not disclosive." in protected.footnote
    assert protected.footnote.startswith("[c] = confidential: counts from 1 to 4 are not shown")
    assert "worked out from a total" in protected.footnote


def test_one_to_nine_threshold():
    table = wards({"Park": [9], "Sherwood": [10], "Pembury": [1], "Rusthall": [0]}, ["incidents"])
    # Park and Pembury primary: two in the column, nothing more needed
    assert shown(protect_table(table, "suppress-1-9", name="t")) == [[C], ["10"], [C], ["0"]]


def test_nhs_2018_suppresses_one_to_seven_and_rounds_the_rest_to_five():
    table = wards({"A": [0], "B": [3], "C": [7], "D": [8], "E": [12], "F": [13], "G": [100], "H": [43]}, ["n"])
    protected = protect_table(table, "nhs-2018", name="t")
    # no secondary suppression: every other count is rounded, so totals cannot give B or C back
    assert shown(protected) == [["0"], [C], [C], ["10"], ["10"], ["15"], ["100"], ["45"]]
    assert [(c.row, c.shown, c.reason) for c in protected.cells] == [
        ("B", C, "primary"), ("C", C, "primary"), ("D", "10", "rounded"), ("E", "10", "rounded"),
        ("F", "15", "rounded"), ("H", "45", "rounded"),
    ]
    assert "rounded to the nearest 5" in protected.footnote and "Zero is shown" in protected.footnote


# --- secondary suppression: primary suppression alone would leak through totals -----------------


def test_row_total_would_reveal_the_cell():
    table = wards({"Park": [3, 20, 23], "Sherwood": [30, 40, 70]}, ["2015", "2016", "Total"])
    protected = protect_table(table, "suppress-1-4", name="t", total_column="Total", totals_known="declared")
    # with Park 2015 alone hidden, 23 - 20 = 3: the 2016 cell is hidden too; the columns have no total
    assert shown(protected) == [[C, C, "23"], ["30", "40", "70"]]
    assert [(c.row, c.column, c.reason) for c in protected.cells] == [("Park", "2015", "primary"), ("Park", "2016", "secondary")]


def test_column_total_row_would_reveal_the_cell():
    table = wards({"Park": [2], "Sherwood": [15], "Culverden": [0], "Total": [17]}, ["incidents"])
    protected = protect_table(table, "suppress-1-4", name="t", total_row="Total", totals_known="declared")
    # 17 - 15 - 0 = 2: Sherwood (the smallest count above zero) is hidden; the zero stays
    assert shown(protected) == [[C], [C], ["0"], ["17"]]


def test_both_totals_iterate_until_no_line_has_a_single_hidden_cell():
    table = wards(
        {"A": [2, 10, 12], "B": [6, 8, 14], "C": [9, 5, 14], "D": [12, 11, 23], "Total": [29, 34, 63]},
        ["crime", "non-crime", "Total"],
    )
    protected = protect_table(table, "suppress-1-4", name="t", total_row="Total", total_column="Total", totals_known="declared")
    # pass 1, rows: A has 2 hidden alone -> hide A non-crime (10)
    #         columns: crime has A -> hide B crime (6); non-crime has A -> hide C non-crime (5)
    # pass 2, rows: B has 6 alone -> hide B non-crime (8); C has 5 alone -> hide C crime (9)
    # pass 3: every row and column has 0 or at least 2 hidden cells
    assert shown(protected) == [
        [C, C, "12"], [C, C, "14"], [C, C, "14"], ["12", "11", "23"], ["29", "34", "63"],
    ]
    assert sum(c.reason == "secondary" for c in protected.cells) == 5


def test_implicit_totals_of_rows_and_columns():
    table = wards({"X": [1, 5, 9], "Y": [6, 7, 8]}, ["a", "b", "c"])
    # rows first: X hides b (5); columns: a hides Y a (6), b hides Y b (7); then stable
    assert shown(protect_table(table, "suppress-1-4", name="t")) == [[C, C, "9"], [C, C, "8"]]
    # when only the columns add up to something (years, say), rows need nothing
    assert shown(protect_table(table, "suppress-1-4", name="t", totals_known="columns")) == [[C, "5", "9"], [C, "7", "8"]]
    # and when nothing adds up, primary suppression alone
    assert shown(protect_table(table, "suppress-1-4", name="t", totals_known="declared")) == [[C, "5", "9"], ["6", "7", "8"]]


def test_a_hidden_total_hides_a_cell_of_its_line():
    table = wards({"Park": [0, 3, 3], "Sherwood": [12, 30, 42]}, ["crime", "non-crime", "Total"])
    protected = protect_table(table, "suppress-1-4", name="t", total_column="Total", totals_known="declared")
    # Park non-crime (3) and its total (3) are both primary: two in the row, nothing more
    assert shown(protected) == [["0", C, C], ["12", "30", "42"]]


# --- derived columns -----------------------------------------------------------------------------


def test_rate_and_change_are_withheld_with_their_counts():
    table = wards({"Park": [3, 12, 300.0, 1.2], "Sherwood": [20, 30, 50.0, 9.87], "Culverden": [10, 2, -80.0, 0.4]},
                  ["2015", "2016", "change_pct", "rate_per_1000"])
    protected = protect_table(
        table, "suppress-1-4", name="t", totals_known="columns",
        derived={"change_pct": ["2015", "2016"], "rate_per_1000": "2016"},
    )
    # columns: 2015 has Park -> hide Culverden 2015 (10); 2016 has Culverden -> hide Park 2016 (12)
    assert shown(protected) == [[C, C, C, C], ["20", "30", "50.0", "9.9"], [C, C, C, C]]
    assert {(c.row, c.column): c.reason for c in protected.cells}[("Park", "rate_per_1000")] == "derived"
    assert "a rate or change is not shown where its count is not" in protected.footnote


def test_an_undeclared_rate_column_is_refused():
    table = wards({"Park": [3, 1.25]}, ["incidents", "rate"])
    with pytest.raises(DisclosureError, match=r"table 't' row 'Park' column 'rate': 1.25 is not a count .*derived="):
        protect_table(table, "suppress-1-4", name="t")


def test_negative_count_is_refused():
    with pytest.raises(DisclosureError, match=r"column 'incidents': -2 is not a count"):
        protect_table(wards({"Park": [-2]}, ["incidents"]), "suppress-1-4", name="t")


@pytest.mark.parametrize("options, message", [
    ({"total_row": "All wards"}, r"total_row 'All wards' is not a row label"),
    ({"total_column": "Sum"}, r"total_column 'Sum' is not a count column"),
    ({"derived": {"rate": "incidents"}}, r"derived column 'rate' names columns the table lacks: \['rate'\]"),
    ({"totals_known": "some"}, r"totals_known must be both, rows, columns or declared"),
])
def test_bad_declarations(options, message):
    with pytest.raises(ConfigError, match=message):
        protect_table(wards({"Park": [3]}, ["incidents"]), "suppress-1-4", name="t", **options)


def test_unknown_policy():
    with pytest.raises(ConfigError, match=r"unknown disclosure policy 'suppress-1-5': expected one of none, suppress-1-4, suppress-1-9, nhs-2018"):
        protect_table(wards({"Park": [3]}, ["incidents"]), "suppress-1-5", name="t")


def test_missing_counts_are_not_available():
    protected = protect_table(wards({"Park": [np.nan], "Sherwood": [12.0]}, ["incidents"]), "suppress-1-4", name="t")
    assert shown(protected) == [["[x]"], ["12"]]
    assert protected.footnote.endswith(". Zero is shown: a count of none describes no one, so it is not disclosive. [x] = not available.")


def test_labels_in_a_column_and_the_flat_table_to_publish():
    frame = pd.DataFrame({"ward": ["Park", "Sherwood", "Pembury"], "incidents": [3, 0, 9]})
    protected = protect_table(frame, "suppress-1-4", name="t")
    assert protected.label_column == "ward"
    assert protected.table.values.tolist() == [["Park", C], ["Sherwood", "0"], ["Pembury", C]]
    indexed = protect_table(frame.set_index("ward"), "suppress-1-4", name="t")
    assert indexed.table.columns.tolist() == ["ward", "incidents"]
    assert indexed.table.values.tolist() == protected.table.values.tolist()
    # the log that is published says where [c] is, never the value
    assert protected.suppressed_cells() == [
        {"row": "Park", "column": "incidents", "shown": C, "reason": "primary"},
        {"row": "Pembury", "column": "incidents", "shown": C, "reason": "secondary"},
    ]


# --- checking the published files ----------------------------------------------------------------


@pytest.fixture
def protected():
    table = wards({"Park": [3, 20], "Culverden": [10, 2], "Sherwood": [20, 30], "Pembury": [0, 0]}, ["2015", "2016"])
    return protect_table(table, "suppress-1-4", name="da-wards", totals_known="columns")


def publish(folder, protected, raw=None, *, log=True):
    """Publish like Section.publish_table: tables/<name>.csv, a figure in review.html, disclosure/<name>.json."""
    (folder / "tables").mkdir(parents=True, exist_ok=True)
    flat = protected.table if raw is None else raw.reset_index()
    flat.to_csv(folder / "tables" / f"{protected.name}.csv", index=False, lineterminator="\n")
    body = flat.to_html(index=False, border=0)
    (folder / "review.html").write_text(
        f'<html><body><h2>Domestic abuse</h2><figure class="table" id="table-{protected.name}">{body}</figure></body></html>')
    if log:
        (folder / "disclosure").mkdir(exist_ok=True)
        (folder / "disclosure" / f"{protected.name}.json").write_text(
            json.dumps({"table": protected.name, "policy": protected.policy, "suppressed": protected.suppressed_cells()}))
    return folder


def test_protected_tables_pass_the_check(tmp_path, protected):
    # 2015 has Park (3) alone -> hide Culverden (10); 2016 has Culverden (2) alone -> hide Park (20)
    assert shown(protected) == [[C, C], [C, C], ["20", "30"], ["0", "0"]]
    folder = publish(tmp_path, protected)
    checked = check_published(folder)  # from the logs in disclosure/
    assert len(checked) == 2 and any("da-wards.csv" in c for c in checked) and any("review.html" in c for c in checked)
    assert len(check_published(folder, [protected])) == 2


def test_a_raw_count_in_the_published_csv_is_caught(tmp_path, protected):
    raw = wards({"Park": [3, 20], "Culverden": [10, 2], "Sherwood": [20, 30], "Pembury": [0, 0]}, ["2015", "2016"])
    folder = publish(tmp_path, protected, raw)
    with pytest.raises(DisclosureError, match=r"protected counts would be published: 8 problems: .*review.html \(HTML table 1\): "
                                              r"table 'da-wards' row 'Park' column '2015' shows '3' where '\[c\]' must be shown "
                                              r"\(primary protection, policy suppress-1-4\)"):
        check_published(folder)
    (folder / "review.html").unlink()
    with pytest.raises(DisclosureError, match=r"4 problems: .*da-wards.csv: table 'da-wards' row 'Park' column '2015' shows '3'.*"
                                              r"row 'Culverden' column '2015' shows '10' where '\[c\]' must be shown \(secondary"):
        check_published(folder)


def test_a_raw_copy_shown_by_mistake_is_caught(tmp_path, protected):
    folder = publish(tmp_path, protected)
    raw = wards({"Park": [3, 20], "Culverden": [10, 2], "Sherwood": [20, 30], "Pembury": [0, 0]}, ["2015", "2016"])
    page = folder / "review.html"
    page.write_text(page.read_text().replace("</body>", f"<div>{raw.to_html()}</div></body>"))
    check_published(folder)  # the logs know positions only: a table without the name is not theirs
    with pytest.raises(DisclosureError, match=r"review.html \(HTML table 2\): table 'da-wards' row 'Park' column '2015' shows '3'"):
        check_published(folder, [protected])


def test_another_table_of_the_same_shape_is_not_mistaken_for_it(tmp_path, protected):
    folder = publish(tmp_path, protected)
    other = wards({"Park": [150, 160], "Culverden": [90, 80], "Sherwood": [70, 75], "Pembury": [20, 21]}, ["2015", "2016"])
    other.reset_index().to_csv(folder / "tables" / "violence-wards.csv", index=False)
    assert len(check_published(folder, [protected])) == 2


def test_a_named_table_without_its_rows_cannot_be_checked(tmp_path, protected):
    folder = publish(tmp_path, protected)
    (folder / "tables" / "da-wards.csv").write_text("ward,2015,2016\nTown,[c],[c]\n")
    with pytest.raises(DisclosureError, match=r"da-wards.csv: table 'da-wards' cannot be checked: its protected rows or columns are not in it"):
        check_published(folder)


def test_leaks_in_notebook_outputs_and_workbooks_are_caught(tmp_path, protected):
    folder = publish(tmp_path, protected)
    raw = protected.table.copy()
    raw.loc[0, "2015"] = "3"
    notebook = {"cells": [{"cell_type": "code", "outputs": [
        {"output_type": "display_data", "data": {"text/html": [f'<figure id="table-da-wards">{raw.to_html(index=False)}</figure>']}}]}]}
    (folder / "notebooks").mkdir()
    (folder / "notebooks" / "01_domestic_abuse.ipynb").write_text(json.dumps(notebook))
    with pytest.raises(DisclosureError, match=r"01_domestic_abuse.ipynb cell 1 \(HTML table 1\): table 'da-wards' row 'Park' column '2015' shows '3'"):
        check_published(folder)
    (folder / "notebooks" / "01_domestic_abuse.ipynb").unlink()
    book = Workbook()
    sheet = book.active
    sheet.title = "da-wards"
    for row in [["ward", "2015", "2016"], ["Park", 3, "[c]"], ["Culverden", "[c]", "[c]"]]:
        sheet.append(row)
    book.save(folder / "tables.xlsx")
    with pytest.raises(DisclosureError, match=r"tables.xlsx\[da-wards\]: table 'da-wards' row 'Park' column '2015' shows '3'"):
        check_published(folder)


def test_a_rounded_count_published_exactly_is_caught(tmp_path):
    protected = protect_table(wards({"Park": [12], "Sherwood": [40]}, ["admissions"]), "nhs-2018", name="admissions")
    raw = wards({"Park": [12], "Sherwood": [40]}, ["admissions"])
    folder = publish(tmp_path, protected, raw, log=False)
    with pytest.raises(DisclosureError, match=r"row 'Park' column 'admissions' shows '12' where '10' must be shown \(rounded protection"):
        check_published(folder, [protected])


def test_missing_published_path():
    with pytest.raises(DisclosureError, match="cannot check published files that do not exist"):
        check_published(["/nonexistent/review"], [])

"""The Fingertips export reader: the real 27-column header, the older 26 columns, comparators by prefix, bad files."""

import pandas as pd
import pytest

from cspanalysis.errors import InputError
from cspanalysis.sources.fingertips import COLUMNS, read_fingertips_export

#: the header of a Fingertips CSV export as Fingertips writes it today (27 columns)
HEADER_27 = (
    "Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,Category Type,"
    "Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,Lower CI 99.8 limit,Upper CI 99.8 limit,"
    "Count,Denominator,Value note,Recent Trend,Compared to England value or percentiles,Compared to percentiles,"
    "Time period Sortable,New data,Compared to goal,Time period range"
)
#: an older export: no Time period range, and the parent comparison named after the region
HEADER_26 = HEADER_27.replace("Compared to percentiles", "Compared to Region value or percentiles").removesuffix(
    ",Time period range")

NAME = "Admission episodes for alcohol-specific conditions"
ENGLAND = f"92906,{NAME},,,E92000001,England,England,Persons,All ages,,,2015/16,646.8,642.1,651.5,638.4,655.2,363640,54786300,,Decreasing,Not compared,Not compared,20150000,,,1y"
KENT = f"92906,{NAME},E92000001,England,E10000016,Kent,County & UA (pre 4/19),Persons,All ages,,,2015/16,500.25,490.1,510.5,485.0,515.9,7523,1510400,,No significant change,Better,Not compared,20150000,,,1y"
TW = f"92906,{NAME},E10000016,Kent,E07000116,Tunbridge Wells,District & UA (pre 4/19),Persons,All ages,,,2015/16,57.436650,44.419397,73.074631,38.021152,82.838843,66,115507,,,Better,Not compared,20150000,New data,,1y"
DECILE = f"92906,{NAME},,,E92000001,England,England,Persons,All ages,County & UA deprivation deciles in England (IMD2015),Most deprived decile (IMD2015),2015/16,901.2,890.0,912.4,885.0,917.5,52000,5770000,,,Worse,Not compared,20150000,,,1y"
SUPPRESSED = ('92904,"Admission episodes for alcohol-specific conditions - Under 18s, persons",E10000016,Kent,E07000116,'
              'Tunbridge Wells,District & UA (pre 4/19),Persons,<18 yrs,,,2013/14 - 15/16,,,,,,,,'
              'Value suppressed for disclosure control due to small count,,Not compared,Not compared,20130000,,,3y')


def test_reads_the_real_27_column_export(write):
    path = write("ft.csv", "\n".join([HEADER_27, ENGLAND, KENT, TW, DECILE, SUPPRESSED]) + "\n")
    frame = read_fingertips_export(path)
    assert frame.columns.tolist() == COLUMNS
    assert len(frame) == 5
    tw = frame[frame["area_name"] == "Tunbridge Wells"].iloc[0]
    assert tw["indicator_id"] == 92906 and tw["parent_name"] == "Kent" and tw["area_code"] == "E07000116"
    assert tw["value"] == pytest.approx(57.43665) and tw["count"] == 66 and tw["denominator"] == 115507
    assert tw["upper_ci_99_8"] == pytest.approx(82.838843)
    assert tw["compared_to_england"] == "Better" and tw["compared_to_parent"] == "Not compared"
    assert tw["time_period_sortable"] == 20150000 and tw["time_period_range"] == "1y" and tw["new_data"] == "New data"
    assert frame.attrs["parent_comparison_column"] == "Compared to percentiles"
    # blank Category Type: the headline rows; the decile row is kept, marked by its category type
    assert frame["category_type"].isna().tolist() == [True, True, True, False, True]
    assert pd.isna(frame.loc[0, "parent_code"])


def test_a_blank_value_is_missing_not_zero(write):
    frame = read_fingertips_export(write("ft.csv", "\n".join([HEADER_27, SUPPRESSED]) + "\n"))
    row = frame.iloc[0]
    assert pd.isna(row["value"]) and pd.isna(row["count"])
    assert row["value_note"] == "Value suppressed for disclosure control due to small count"
    assert row["indicator_name"] == "Admission episodes for alcohol-specific conditions - Under 18s, persons"
    assert row["time_period"] == "2013/14 - 15/16" and row["time_period_range"] == "3y"


def test_older_export_without_time_period_range_and_a_region_comparator(write):
    rows = [line.replace(",1y", "") for line in (ENGLAND, KENT, TW)]
    frame = read_fingertips_export(write("old.csv", "\n".join([HEADER_26, *rows]) + "\n"))
    assert frame.columns.tolist() == COLUMNS
    assert frame["time_period_range"].isna().all()
    assert frame["compared_to_parent"].tolist() == ["Not compared"] * 3
    assert frame.attrs["parent_comparison_column"] == "Compared to Region value or percentiles"
    assert frame["value"].tolist() == pytest.approx([646.8, 500.25, 57.43665])


def test_an_area_listed_under_two_parents_is_kept_once(write):
    again = TW.replace("E10000016,Kent,E07000116", "E12000008,South East region,E07000116")
    frame = read_fingertips_export(write("ft.csv", "\n".join([HEADER_27, TW, again, KENT]) + "\n"))
    assert frame["area_name"].tolist() == ["Tunbridge Wells", "Kent"]
    assert frame.attrs["repeated_rows_dropped"] == 1


def test_one_figure_with_two_values_is_an_error(write):
    again = TW.replace("E10000016,Kent,", "E12000008,South East region,").replace(",57.436650,", ",60.1,")
    with pytest.raises(InputError, match=r"ft.csv: 2 problems: row 2 column 'Value': Tunbridge Wells, 2015/16: one "
                                         r"figure is given more than once with different values \(here 57.4367\); row 3"):
        read_fingertips_export(write("ft.csv", "\n".join([HEADER_27, TW, again]) + "\n"))


def test_a_folder_of_exports_is_read_together(write, tmp_path):
    write("ft/a.csv", "\n".join([HEADER_27, ENGLAND]) + "\n")
    write("ft/b.csv", "\n".join([HEADER_26, TW.removesuffix(",1y")]) + "\n")
    frame = read_fingertips_export(tmp_path / "ft")
    assert frame["area_name"].tolist() == ["England", "Tunbridge Wells"]
    assert frame["time_period_range"].tolist()[0] == "1y" and pd.isna(frame["time_period_range"].tolist()[1])


# ------------------------------------------------------------------------------- bad inputs


def test_bad_cells_are_all_reported_with_row_and_column(write):
    bad = TW.replace(",57.436650,", ",n/a,").replace(",20150000,", ",2015,").replace("92906,", "92906a,", 1)
    with pytest.raises(InputError) as caught:
        read_fingertips_export(write("ft.csv", "\n".join([HEADER_27, ENGLAND, bad]) + "\n"))
    message = str(caught.value)
    assert message.startswith(str(caught.value.path) + ": 3 problems:")
    assert "row 3 column 'Indicator ID': '92906a' is not a whole-number indicator id" in message
    assert "row 3 column 'Time period Sortable': '2015' is not an 8-digit sortable period like 20150000" in message
    assert "row 3 column 'Value': 'n/a' is not a number" in message


def test_a_missing_england_comparison_is_named(write):
    header = HEADER_27.replace("Compared to England value or percentiles", "England comparison")
    with pytest.raises(InputError, match="missing column: expected a column starting 'Compared to England'"):
        read_fingertips_export(write("ft.csv", "\n".join([header, TW]) + "\n"))


def test_too_many_comparison_columns(write):
    header = HEADER_27.replace("Compared to goal", "Compared to Region value or percentiles")
    with pytest.raises(InputError, match="has more comparison columns than one for England and one for the parent area"):
        read_fingertips_export(write("ft.csv", "\n".join([header, TW]) + "\n"))


def test_a_missing_column_is_named(write):
    header = HEADER_27.replace("Area Code,", "")
    row = TW.replace("E07000116,", "", 1)
    with pytest.raises(InputError, match=r"column 'Area Code': missing column: expected it in the header"):
        read_fingertips_export(write("ft.csv", "\n".join([header, row]) + "\n"))


def test_a_blank_required_cell(write):
    with pytest.raises(InputError, match=r"row 2 column 'Area Name': is blank: a value is required"):
        read_fingertips_export(write("ft.csv", "\n".join([HEADER_27, TW.replace("Tunbridge Wells", "")]) + "\n"))


def test_empty_file_and_empty_folder(write, tmp_path):
    with pytest.raises(InputError, match="the file is empty"):
        read_fingertips_export(write("empty.csv", ""))
    (tmp_path / "none").mkdir()
    with pytest.raises(InputError, match="no Fingertips exports: expected CSV files in the folder"):
        read_fingertips_export(tmp_path / "none")


def test_a_workbook_instead_of_csv(write):
    with pytest.raises(InputError, match="is not a CSV text file: it looks like a ZIP archive or an XLSX workbook"):
        read_fingertips_export(write("ft.csv", b"PK\x03\x04rest of a workbook"))

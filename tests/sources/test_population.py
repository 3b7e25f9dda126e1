import pytest

from cspanalysis.errors import InputError
from cspanalysis.sources.population import read_population

HEADER = "Code,Name,Geography,All ages,0,1\n"


def test_reads_one_file_a_year(write, tmp_path):
    write("pop/MYE2-mid-2015.csv", HEADER + "E07000116,Tunbridge Wells,Non-metropolitan District,115800,1,2\n")
    write("pop/MYE2-mid-2016.csv", HEADER + 'E07000116,Tunbridge Wells,Non-metropolitan District,"116,200",1,2\n')
    frame = read_population(tmp_path / "pop")
    assert frame[["year", "population"]].values.tolist() == [[2015, 115800], [2016, 116200]]


def test_file_name_must_say_the_year(write, tmp_path):
    write("pop/MYE2-mid-2016.csv", HEADER + "E07000116,Tunbridge Wells,x,1,1,1\n")
    write("pop/MYE2-mid-2016-copy.csv", HEADER + "E07000116,Tunbridge Wells,x,1,1,1\n")
    with pytest.raises(InputError, match=r"Tunbridge Wells \(E07000116\) has two estimates for mid-2016"):
        read_population(tmp_path / "pop")


def test_bad_population_value(write, tmp_path):
    write("pop/MYE2-mid-2016.csv", HEADER + "E07000116,Tunbridge Wells,x,lots,1,1\n")
    with pytest.raises(InputError, match=r"row 2 column 'All ages': 'lots' is not a whole number of people"):
        read_population(tmp_path / "pop")


def test_empty_folder(tmp_path):
    (tmp_path / "pop").mkdir()
    with pytest.raises(InputError, match="no mid-year estimate files"):
        read_population(tmp_path / "pop")

import pytest

from cspanalysis.errors import InputError
from cspanalysis.sources.police_crimes import read_crime_extract

HEADER = ("Crime Reference,Recorded Date,Offence Date,HO Code,Offence Description,Offence Group,Offence Subgroup,"
          "LSOA Code,Ward,District,Domestic Abuse,Hate Motivation,Historic,Vulnerability Flags,Victim Reference\n")
ASSAULT = "46/{n}/16,{d},{d},008/01,Assault with injury,Violence against the person,Violence with injury,E01024798,Park,Tunbridge Wells,N,,N,,V{n}\n"


def extract(write, body, name="crimes.csv"):
    return write(name, HEADER + body)


def test_reads_and_tidies_a_messy_extract(write):
    body = ASSAULT.format(n=1, d="01/10/2015") + (
        " 46/2/16 ,02/10/2015,01/01/2010,019/07,sexual assault on a female,sexual offences,MOST SERIOUS SEXUAL CRIME,,Park,Tunbridge Wells,y,race;Religion,Y,cse,V2\n"
    ) + ASSAULT.format(n=1, d="01/10/2015")
    frame = read_crime_extract(extract(write, body))
    assert len(frame) == 2 and frame.attrs["duplicate_rows_dropped"] == 1
    second = frame.iloc[1]
    assert second["crime_reference"] == "46/2/16"
    assert (second["offence_group"], second["offence_subgroup"]) == ("Sexual offences", "Most serious sexual crime")
    assert second["domestic_abuse"] and second["historic_flag"]
    assert second["hate_motivation"] == "Race;Religion" and second["vulnerability_flags"] == "CSE"
    assert str(second["recorded_date"].date()) == "2015-10-02" and str(second["offence_date"].date()) == "2010-01-01"
    assert frame["lsoa_code"].isna().tolist() == [False, True]


def test_one_reference_on_two_different_rows(write):
    body = ASSAULT.format(n=1, d="01/10/2015") + ASSAULT.format(n=1, d="02/10/2015")
    with pytest.raises(InputError, match=r"row 2 column 'Crime Reference': crime reference '46/1/16' is used by more than one different row"):
        read_crime_extract(extract(write, body))


def test_unknown_offence_group_is_reported_not_dropped(write):
    body = ASSAULT.format(n=1, d="01/10/2015").replace("Violence against the person", "Cybercrime")
    with pytest.raises(InputError, match=r"row 2 column 'Offence Group': 'Cybercrime' is not a Home Office offence group"):
        read_crime_extract(extract(write, body))


def test_subgroup_outside_its_group(write):
    body = ASSAULT.format(n=1, d="01/10/2015").replace("Violence with injury", "Shoplifting")
    with pytest.raises(InputError, match="subgroup 'Shoplifting' is not in the offence group 'Violence against the person'"):
        read_crime_extract(extract(write, body))


def test_bad_flags_and_dates(write):
    body = ASSAULT.format(n=1, d="31/02/2016").replace(",N,,N,,", ",maybe,Weather,N,,")
    with pytest.raises(InputError) as caught:
        read_crime_extract(extract(write, body))
    message = str(caught.value)
    assert "row 2 column 'Recorded Date': '31/02/2016' is not a date (expected dd/mm/yyyy)" in message
    assert "row 2 column 'Domestic Abuse': 'maybe' is not Y or N" in message
    assert "row 2 column 'Hate Motivation': 'Weather' is not a ';'-separated list of hate motivations" in message


def test_missing_column(write):
    path = write("crimes.csv", HEADER.replace("Offence Group,", "") + "x\n")
    with pytest.raises(InputError, match="column 'Offence Group': missing column"):
        read_crime_extract(path)

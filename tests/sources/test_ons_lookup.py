import pytest

from cspanalysis.errors import InputError
from cspanalysis.sources.ons_lookup import read_lsoa_lookup

HEADER = "LSOA11CD,LSOA11NM,WD16CD,WD16NM,LAD16CD,LAD16NM,FID\n"


def test_real_2016_lookup_has_tunbridge_wells_twenty_wards(real_data):
    lookup = read_lsoa_lookup(real_data / "ons" / "LSOA11_WD16_LAD16_EW_LU.csv")
    assert list(lookup.columns) == ["lsoa_code", "lsoa_name", "ward_code", "ward_name", "district_code", "district_name"]
    wells = lookup[lookup["district_code"] == "E07000116"]
    assert wells["district_name"].unique().tolist() == ["Tunbridge Wells"]
    assert wells["ward_name"].nunique() == 20
    assert "Frittenden and Sissinghurst" in set(wells["ward_name"])


def test_real_2017_lookup_with_welsh_names_is_read_by_prefix(real_data):
    lookup = read_lsoa_lookup(real_data / "ons" / "LSOA11_WD17_LAD17_EW_LU.csv")
    assert lookup["lsoa_code"].is_unique and len(lookup) > 30_000


def test_small_lookup(write):
    path = write("lu.csv", HEADER + "E01024798,Tunbridge Wells 001A,E05005164,Speldhurst and Bidborough,E07000116,Tunbridge Wells,1\n")
    assert read_lsoa_lookup(path).iloc[0]["ward_name"] == "Speldhurst and Bidborough"


def test_missing_ward_columns(write):
    path = write("lu.csv", "LSOA11CD,LSOA11NM,LAD16CD,LAD16NM\nE01024798,x,E07000116,Tunbridge Wells\n")
    with pytest.raises(InputError, match=r"column 'ward_code': missing column: expected a column named like WD99CD"):
        read_lsoa_lookup(path)


def test_bad_codes_and_repeated_lsoa(write):
    bad = write("bad.csv", HEADER + "X01024798,a,E05005164,w,E07000116,d,1\n")
    with pytest.raises(InputError, match=r"row 2 column 'LSOA11CD': 'X01024798' is not an LSOA code"):
        read_lsoa_lookup(bad)
    twice = write("twice.csv", HEADER + "E01024798,a,E05005164,w,E07000116,d,1\nE01024798,a,E05005165,v,E07000116,d,2\n")
    with pytest.raises(InputError, match=r"row 3 column 'LSOA11CD': LSOA 'E01024798' appears more than once"):
        read_lsoa_lookup(twice)

import pytest

from cspanalysis.errors import ConfigError
from cspanalysis.published import find_errata, read_published

FILE = """id,printed,unit,plan_says
crime_total,5285,count,increased from 5040 to 5285
crime_total_change_pct,4.7,percent_1dp,This is a rise of 4.7%
da_incidents_change_pct,6,percent_0dp,an increase of 6%
sexual_offences_avg_12m_before_sep,11.5,rate_1dp,The average ... is 11.5
vap_top_wards,Park|Culverden,set_of_wards,Park and Culverden
street_pastors_people_engaged,1800,count_at_least,over 1800 people
drug_trafficking_change,<0,relation,a clear reduction
not_computed,3,count,three
"""


def test_errata_are_the_figures_that_disagree_once_rounded_as_printed(write):
    published = read_published(write("p.csv", FILE))
    figures = {
        "crime_total": 5285, "crime_total_change_pct": 245 / 5040 * 100, "da_incidents_change_pct": 6.047,
        "sexual_offences_avg_12m_before_sep": 151 / 12, "vap_top_wards": ["Culverden", "Park"],
        "street_pastors_people_engaged": 1843, "drug_trafficking_change": -19,
    }
    errata = {e.figure.id: e.shown for e in find_errata(published, figures)}
    # 5040 -> 5285 is +4.86%, printed 4.7; 151 / 12 = 12.58, printed 11.5
    assert errata == {"crime_total_change_pct": "4.9", "sexual_offences_avg_12m_before_sep": "12.6"}


def test_rounding_is_half_up_as_printed(write):
    published = read_published(write("p.csv", "id,printed,unit,plan_says\nx,37,percent_0dp,37%\n"))
    assert find_errata(published, {"x": 36.5}) == []
    assert [e.shown for e in find_errata(published, {"x": 36.49})] == ["36"]


def test_bad_published_file(write):
    with pytest.raises(ConfigError, match="row 2: unit 'percent' is not one of"):
        read_published(write("p.csv", "id,printed,unit,plan_says\nx,1,percent,one\n"))
    with pytest.raises(ConfigError, match="expected the columns id, printed, unit, plan_says"):
        read_published(write("q.csv", "id,value\nx,1\n"))

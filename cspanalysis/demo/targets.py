"""Calibration targets of the demo world, transcribed by hand from ``seed/figures.csv``.

The demo world is built so that the 2016/17 review of Tunbridge Wells (TW) reproduces
these published figures; each constant cites its figure id.  Only the demo generator
imports this module: the analysis never sees it, only the files the generator writes.

Crime years run October to September: the current year is recorded 2015-10-01 to
2016-09-30, the previous year 2014-10-01 to 2015-09-30.  Counts are of distinct crimes
(duplicate rows removed) by the extract's ``District`` and ``Recorded Date``.
"""

from __future__ import annotations

from datetime import date

DISTRICT = "Tunbridge Wells"

CURRENT_YEAR = (date(2015, 10, 1), date(2016, 9, 30))
PREVIOUS_YEAR = (date(2014, 10, 1), date(2015, 9, 30))

# --- overview -------------------------------------------------------------------------
CRIME_TOTAL = 5285  # crime_total
CRIME_TOTAL_PREV = 5040  # crime_total_prev
CRIME_CHANGE_RANK_KENT = 1  # crime_change_rank_kent: smallest % change of the 12 Kent districts
CRIME_RATE_RANK_KENT = 1  # crime_rate_rank_kent: lowest crime rate per 1,000 of the 12

# --- violent crime (violence against the person + robbery + sexual offences) ------------
VIOLENT_CRIME = 1696  # violent_crime
VIOLENT_CRIME_PREV = 1501  # violent_crime_prev (1696 - 195)
VIOLENT_CRIME_RATE_PER_1000 = 14.6  # violent_crime_rate_per_1000 (mid-2016 population)
VIOLENT_CRIME_RATE_RANK_KENT = 2  # violent_crime_rate_rank_kent: second lowest, Sevenoaks lowest
LOWEST_VIOLENT_CRIME_RATE = "Sevenoaks"  # violent_crime_rate_rank_kent ("after Sevenoaks")

#: mid-2016 population of TW: 1696 / 116,200 * 1000 = 14.60 (violent_crime_rate_per_1000);
#: any value from 115,768 to 116,564 rounds to 14.6.  Not published in figures.csv.
POPULATION_2016 = 116_200

VAP_TOP_WARDS = ("Park", "Culverden", "Sherwood", "Southborough and High Brooms")  # vap_top_wards
VAP_TOP_WARDS_WINDOW = (date(2016, 4, 1), date(2016, 11, 30))  # vap_top_wards period

ROBBERY_PERSONAL = 19  # robbery_personal
ROBBERY_PERSONAL_PREV = 43  # robbery_personal_prev
ROBBERY_BUSINESS = 6  # robbery_business
ROBBERY_BUSINESS_PREV = 10  # robbery_business_prev
ROBBERY_RATE_RANK_KENT = 2  # robbery_rate_rank_kent: second lowest of 12

# --- hate crime around the EU referendum of 23 June 2016 --------------------------------
HATE_WINDOW_BEFORE = (date(2016, 5, 26), date(2016, 6, 22))  # hate_race_before period
HATE_WINDOW_AFTER = (date(2016, 6, 23), date(2016, 7, 20))  # hate_race_after period
HATE_RACE_BEFORE = 4  # hate_race_before
HATE_RACE_AFTER = 9  # hate_race_after
HATE_RELIGION_BEFORE = 2  # hate_religion_before
HATE_RELIGION_AFTER = 2  # hate_religion_after
HATE_KENT_BEFORE = 109  # hate_kent_before: distinct hate crimes, all 13 areas
HATE_KENT_AFTER = 172  # hate_kent_after

# --- sexual offences -------------------------------------------------------------------
SEXUAL_OFFENCES = 165  # sexual_offences
SEXUAL_OFFENCES_PREV = 125  # sexual_offences_prev
SERIOUS_SEXUAL_CHANGE_PCT = 36  # sexual_offences_serious_change_pct (rounded to whole %)
#: sexual_offences_2016_06 .. sexual_offences_2016_09 (recorded in the month)
SEXUAL_OFFENCES_MONTHLY = {(2016, 6): 13, (2016, 7): 16, (2016, 8): 15, (2016, 9): 26}

#: the village of Frittenden stands as the single LSOA of the Frittenden and Sissinghurst
#: ward, Tunbridge Wells 013E (sexual_offences_frittenden)
FRITTENDEN_LSOA = "E01024803"
FRITTENDEN_WARD = "Frittenden and Sissinghurst"
FRITTENDEN_WINDOW = (date(2016, 1, 1), date(2016, 9, 30))  # calendar year to date
SEXUAL_OFFENCES_FRITTENDEN = 7  # sexual_offences_frittenden
SEXUAL_OFFENCES_FRITTENDEN_HISTORIC = 5  # sexual_offences_frittenden_historic
#: a historic offence: offence date more than this many days before the recorded date
HISTORIC_AFTER_DAYS = 365

#: plan text next to sexual_offences_2016_09: "a sharp rise in incidents in Park ward with
#: other significant rises in Hawkhurst, Cranbrook and St James", April-November 2016
#: against April-November 2015
SEXUAL_RISE_SHARP_WARD = "Park"
SEXUAL_RISE_WARDS = ("Hawkhurst and Sandhurst", "Benenden and Cranbrook", "St James'")

# --- drug offences (possession + trafficking) -----------------------------------------
DRUG_RATE_PER_1000 = 1.6  # drug_offences_rate_per_1000 (mid-2016 population)
DRUG_RATE_PER_1000_PREV = 1.8  # drug_offences_rate_per_1000_prev (mid-2015 population)
DRUG_RATE_KENT_AVG = 1.6  # drug_offences_rate_kent_avg: mean of the 12 districts' rates
DRUG_RATE_RANK_KENT = 9  # drug_offences_rate_rank_kent: 1 = lowest
DRUG_POSSESSION = 162  # drug_possession
DRUG_POSSESSION_PREV = 165  # drug_possession_prev
DRUG_POSSESSION_RATE_RANK_KENT = 11  # drug_possession_rate_rank_kent (and above the mean)
#: trafficking, chosen so the rates round as published: (162 + 24) / 116.2 = 1.60 and
#: (165 + 43) / 115.5 = 1.80; drug_trafficking_change < 0
DRUG_TRAFFICKING = 24
DRUG_TRAFFICKING_PREV = 43

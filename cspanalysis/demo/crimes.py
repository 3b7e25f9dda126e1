"""The police crime extract of the demo world: one row per recorded crime, Kent Police area.

Writes ``police_crimes/crimes.csv`` in the format of ``data/raw/README.md`` (columns
``Crime Reference, Recorded Date, Offence Date, HO Code, Offence Description, Offence
Group, Offence Subgroup, LSOA Code, Ward, District, Domestic Abuse, Hate Motivation,
Historic, Vulnerability Flags, Victim Reference``) for the 12 Kent County districts and
Medway, crimes recorded from 1 October 2013 to 31 December 2016.

How the crimes are made (exact by construction, no trial and error):

1. counts per district, crime year (October to September; October-December 2016 is a
   part year) and Home Office subgroup: Tunbridge Wells from the published figures
   (``targets``), the other districts from a crime rate, a yearly change and rates for
   violence, robbery and drugs chosen so that the published ranks hold;
2. counts per month: each year's count split over its months with a seasonal profile
   (summer peak for violence, winter for burglary) - pinned where a month is published;
3. wards: each district/subgroup count in a block of months is split over the wards with
   weights by kind of crime (town-centre wards busier for violence and shoplifting) and
   the records of the block shuffled; the LSOA is drawn within the ward;
4. the flags are drawn on the records: domestic abuse (an exact share per district, year
   and subgroup), hate motivations (exact counts in the four weeks either side of the EU
   referendum), vulnerability flags, offence dates and pseudonymised victims (some
   victims in several crimes, more often for domestic abuse).

Definitions: a **historic** offence (``Historic`` = ``Y``) is one whose offence date is
more than 365 days before its recorded date; a blank offence date is never historic.
``Victim Reference`` is ``V`` and 10 hexadecimal digits, blank for crimes without a
personal victim (drug, weapons and most public order offences, shoplifting, business
robbery).  ``HO Code`` is the Home Office classification code written ``NNN/NN``: the
class number in three digits and the sub-class letter as its place in the alphabet
(``8N`` Assault with injury -> ``008/14``, ``105A`` -> ``105/01``, no letter -> ``00``).

The mess of a real export is added when writing: a UTF-8 BOM, stray spaces around some
cells, some offence descriptions in upper case, a few hundred whole rows repeated, and a
few crimes without an LSOA (ward and district still filled).  ``make_crimes(world)`` gives
the tidy crimes (one row per distinct crime) that the police.uk part also publishes.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from cspanalysis.demo import targets
from cspanalysis.demo.world import allocate_counts, choose_in_groups, choose_weighted, format_hex

if TYPE_CHECKING:
    from cspanalysis.demo.world import World

CRIMES_FILE = Path("police_crimes") / "crimes.csv"
HEADER = [
    "Crime Reference", "Recorded Date", "Offence Date", "HO Code", "Offence Description",
    "Offence Group", "Offence Subgroup", "LSOA Code", "Ward", "District", "Domestic Abuse",
    "Hate Motivation", "Historic", "Vulnerability Flags", "Victim Reference",
]

#: months of the extract: October 2013 (index 0) to December 2016 (index 38)
MONTHS = pd.period_range("2013-10", "2016-12", freq="M")
#: crime year of each month: 0 = 2013/14, 1 = 2014/15 (previous), 2 = 2015/16 (current),
#: 3 = October-December 2016
YEAR_OF_MONTH = np.minimum(np.arange(len(MONTHS)) // 12, 3)
PREVIOUS, CURRENT, LATE = 1, 2, 3
#: first months of the blocks inside which wards are allocated (April-November windows whole)
WARD_BLOCKS = np.array([0, 6, 14, 18, 26, 30, 38])
APRIL_NOVEMBER_2016_BLOCK = 5

# --- the Home Office classification (2016) --------------------------------------------------

VAP, SEX, ROB, THEFT = "Violence against the person", "Sexual offences", "Robbery", "Theft offences"
CDA, DRUGS = "Criminal damage and arson", "Drug offences"
WEAPONS, PUBLIC_ORDER = "Possession of weapons offences", "Public order offences"
MISC = "Miscellaneous crimes against society"

#: (group, subgroup) in a fixed order; the index is the subgroup number used below
SUBGROUPS = (
    (VAP, "Homicide"), (VAP, "Violence with injury"), (VAP, "Violence without injury"),
    (SEX, "Most serious sexual crime"), (SEX, "Other sexual offences"),
    (ROB, "Robbery of business property"), (ROB, "Robbery of personal property"),
    (THEFT, "Domestic burglary"), (THEFT, "Non-domestic burglary"), (THEFT, "Vehicle offences"),
    (THEFT, "Theft from the person"), (THEFT, "Bicycle theft"), (THEFT, "Shoplifting"),
    (THEFT, "All other theft offences"),
    (CDA, "Criminal damage"), (CDA, "Arson"),
    (DRUGS, "Trafficking of drugs"), (DRUGS, "Possession of drugs"),
    (WEAPONS, WEAPONS), (PUBLIC_ORDER, PUBLIC_ORDER), (MISC, MISC),
)
SUBGROUP_INDEX = {sub: i for i, (_, sub) in enumerate(SUBGROUPS)}
(HOMICIDE, WITH_INJURY, WITHOUT_INJURY, SERIOUS_SEXUAL, OTHER_SEXUAL, ROBBERY_BUSINESS, ROBBERY_PERSONAL,
 DOMESTIC_BURGLARY, NON_DOMESTIC_BURGLARY, VEHICLE, THEFT_PERSON, BICYCLE, SHOPLIFTING, OTHER_THEFT,
 CRIMINAL_DAMAGE, ARSON, TRAFFICKING, POSSESSION, WEAPONS_I, PUBLIC_ORDER_I, MISC_I) = range(len(SUBGROUPS))

#: (HO code, offence description, subgroup, weight within the subgroup); weight 0 marks the
#: racially or religiously aggravated offences, given only to crimes with such a hate motivation
OFFENCES = (
    ("001/00", "Murder", "Homicide", 6),
    ("004/01", "Manslaughter", "Homicide", 3),
    ("002/00", "Attempted murder", "Violence with injury", 0.4),
    ("004/04", "Causing death or serious injury by dangerous driving", "Violence with injury", 0.4),
    ("004/07", "Causing death or serious injury by careless or inconsiderate driving", "Violence with injury", 0.3),
    ("005/04", "Assault with intent to cause serious harm", "Violence with injury", 6),
    ("005/05", "Endangering life", "Violence with injury", 1.5),
    ("008/14", "Assault with injury", "Violence with injury", 90),
    ("008/16", "Racially or religiously aggravated assault with injury", "Violence with injury", 0),
    ("003/01", "Conspiracy to murder", "Violence without injury", 0.03),
    ("003/02", "Threats to kill", "Violence without injury", 4),
    ("008/12", "Harassment", "Violence without injury", 30),
    ("008/13", "Racially or religiously aggravated harassment", "Violence without injury", 0),
    ("008/17", "Stalking", "Violence without injury", 3),
    ("011/01", "Cruelty to children/young persons", "Violence without injury", 4),
    ("013/00", "Child abduction", "Violence without injury", 0.4),
    ("036/00", "Kidnapping", "Violence without injury", 1.2),
    ("104/00", "Assault without injury on a constable", "Violence without injury", 4),
    ("105/01", "Assault without injury", "Violence without injury", 50),
    ("105/02", "Racially or religiously aggravated assault without injury", "Violence without injury", 0),
    ("106/00", "Modern slavery", "Violence without injury", 0.12),
    ("019/03", "Rape of a female aged 16 and over", "Most serious sexual crime", 22),
    ("019/04", "Rape of a female child under 16", "Most serious sexual crime", 7),
    ("019/05", "Rape of a female child under 13", "Most serious sexual crime", 5),
    ("019/06", "Rape of a male aged 16 and over", "Most serious sexual crime", 1.5),
    ("019/07", "Rape of a male child under 16", "Most serious sexual crime", 1),
    ("019/08", "Rape of a male child under 13", "Most serious sexual crime", 1.5),
    ("020/01", "Sexual assault on a female aged 13 and over", "Most serious sexual crime", 30),
    ("020/02", "Sexual assault on a female child under 13", "Most serious sexual crime", 7),
    ("017/01", "Sexual assault on a male aged 13 and over", "Most serious sexual crime", 4),
    ("017/02", "Sexual assault on a male child under 13", "Most serious sexual crime", 3),
    ("021/00", "Sexual activity involving a child under 13", "Most serious sexual crime", 4),
    ("022/01", "Causing sexual activity without consent", "Most serious sexual crime", 2),
    ("022/02", "Sexual activity involving child under 16", "Most serious sexual crime", 8),
    ("070/00", "Sexual activity etc with a person with a mental disorder", "Most serious sexual crime", 0.6),
    ("071/00", "Abuse of children through sexual exploitation", "Most serious sexual crime", 0.8),
    ("072/00", "Trafficking for sexual exploitation", "Most serious sexual crime", 0.1),
    ("023/00", "Incest or familial sexual offences", "Other sexual offences", 5),
    ("024/00", "Exploitation of prostitution", "Other sexual offences", 1),
    ("027/00", "Soliciting for the purposes of prostitution", "Other sexual offences", 0.5),
    ("073/00", "Abuse of position of trust of a sexual nature", "Other sexual offences", 3),
    ("088/01", "Sexual grooming", "Other sexual offences", 4),
    ("088/03", "Other miscellaneous sexual offences", "Other sexual offences", 40),
    ("088/04", "Unnatural sexual offences", "Other sexual offences", 0.5),
    ("088/05", "Exposure and voyeurism", "Other sexual offences", 45),
    ("034/01", "Robbery of business property", "Robbery of business property", 1),
    ("034/02", "Robbery of personal property", "Robbery of personal property", 1),
    ("028/01", "Burglary in a dwelling", "Domestic burglary", 70),
    ("028/02", "Attempted burglary in a dwelling", "Domestic burglary", 22),
    ("028/03", "Distraction burglary in a dwelling", "Domestic burglary", 3),
    ("029/00", "Aggravated burglary in a dwelling", "Domestic burglary", 1),
    ("030/01", "Burglary in a building other than a dwelling", "Non-domestic burglary", 80),
    ("030/02", "Attempted burglary in a building other than a dwelling", "Non-domestic burglary", 18),
    ("031/00", "Aggravated burglary in a building other than a dwelling", "Non-domestic burglary", 0.3),
    ("045/00", "Theft from a vehicle", "Vehicle offences", 60),
    ("048/00", "Theft or unauthorised taking of a motor vehicle", "Vehicle offences", 22),
    ("037/02", "Aggravated vehicle taking", "Vehicle offences", 2),
    ("126/00", "Interfering with a motor vehicle", "Vehicle offences", 10),
    ("039/00", "Theft from the person", "Theft from the person", 1),
    ("044/00", "Theft or unauthorised taking of a pedal cycle", "Bicycle theft", 1),
    ("046/00", "Shoplifting", "Shoplifting", 1),
    ("035/00", "Blackmail", "All other theft offences", 1),
    ("040/00", "Theft in a dwelling other than from an automatic machine or meter", "All other theft offences", 14),
    ("041/00", "Theft by an employee", "All other theft offences", 3),
    ("042/00", "Theft of mail", "All other theft offences", 1),
    ("043/00", "Dishonest use of electricity", "All other theft offences", 0.5),
    ("047/00", "Theft from automatic machine or meter", "All other theft offences", 0.5),
    ("049/00", "Other theft", "All other theft offences", 80),
    ("058/01", "Criminal damage to a dwelling", "Criminal damage", 30),
    ("058/02", "Criminal damage to a building other than a dwelling", "Criminal damage", 14),
    ("058/03", "Criminal damage to a vehicle", "Criminal damage", 36),
    ("058/04", "Other criminal damage", "Criminal damage", 20),
    ("058/10", "Racially or religiously aggravated criminal damage", "Criminal damage", 0),
    ("056/01", "Arson endangering life", "Arson", 12),
    ("056/02", "Arson not endangering life", "Arson", 88),
    ("092/01", "Trafficking in controlled drugs", "Trafficking of drugs", 90),
    ("092/03", "Other drug offences", "Trafficking of drugs", 10),
    ("092/04", "Possession of controlled drugs (cannabis)", "Possession of drugs", 70),
    ("092/05", "Possession of controlled drugs (excluding cannabis)", "Possession of drugs", 30),
    ("010/01", "Possession of firearms with intent", "Possession of weapons offences", 2),
    ("010/02", "Possession of firearms offences", "Possession of weapons offences", 8),
    ("010/03", "Possession of other weapons", "Possession of weapons offences", 30),
    ("010/04", "Possession of article with blade or point", "Possession of weapons offences", 60),
    ("009/01", "Public fear, alarm or distress", "Public order offences", 85),
    ("062/01", "Violent disorder", "Public order offences", 3),
    ("066/00", "Other offences against the State or public order", "Public order offences", 12),
    ("125/00", "Racially or religiously aggravated public fear, alarm or distress", "Public order offences", 0),
    ("033/00", "Going equipped for stealing, etc", "Miscellaneous crimes against society", 8),
    ("054/00", "Handling stolen goods", "Miscellaneous crimes against society", 12),
    ("059/00", "Threat or possession with intent to commit criminal damage", MISC, 10),
    ("061/00", "Other forgery", "Miscellaneous crimes against society", 6),
    ("061/01", "Possession of false documents", "Miscellaneous crimes against society", 6),
    ("067/00", "Perjury", "Miscellaneous crimes against society", 0.5),
    ("076/00", "Aiding suicide", "Miscellaneous crimes against society", 0.2),
    ("079/00", "Perverting the course of justice", "Miscellaneous crimes against society", 6),
    ("080/00", "Absconding from lawful custody", "Miscellaneous crimes against society", 1),
    ("083/00", "Bail offences", "Miscellaneous crimes against society", 4),
    ("086/00", "Obscene publications etc", "Miscellaneous crimes against society", 12),
    ("099/00", "Other notifiable offences", "Miscellaneous crimes against society", 20),
    ("802/00", "Dangerous driving", "Miscellaneous crimes against society", 14),
)
#: the aggravated offence a race or religion motivated crime is recorded as, by subgroup
AGGRAVATED = {WITH_INJURY: "008/16", WITHOUT_INJURY: "105/02", PUBLIC_ORDER_I: "125/00", CRIMINAL_DAMAGE: "058/10"}
HARASSMENT, AGGRAVATED_HARASSMENT = "008/12", "008/13"
CHILD_SEXUAL_CODES = ("019/04", "019/05", "019/07", "019/08", "020/02", "017/02", "021/00", "022/02", "071/00")

# --- counts per district ---------------------------------------------------------------

#: Tunbridge Wells, crimes by subgroup in the previous and the current crime year; the
#: published counts come from targets, the rest are plausible; All other theft offences
#: takes what is left of the published totals
TW_COUNTS = {
    HOMICIDE: (1, 1),
    WITH_INJURY: (575, 620),
    SERIOUS_SEXUAL: (50, 68),  # +36%: sexual_offences_serious_change_pct
    ROBBERY_BUSINESS: (targets.ROBBERY_BUSINESS_PREV, targets.ROBBERY_BUSINESS),
    ROBBERY_PERSONAL: (targets.ROBBERY_PERSONAL_PREV, targets.ROBBERY_PERSONAL),
    DOMESTIC_BURGLARY: (275, 260),
    NON_DOMESTIC_BURGLARY: (262, 250),
    VEHICLE: (420, 430),
    THEFT_PERSON: (80, 75),
    BICYCLE: (100, 95),
    SHOPLIFTING: (540, 560),
    CRIMINAL_DAMAGE: (545, 560),
    ARSON: (28, 30),
    TRAFFICKING: (targets.DRUG_TRAFFICKING_PREV, targets.DRUG_TRAFFICKING),
    POSSESSION: (targets.DRUG_POSSESSION_PREV, targets.DRUG_POSSESSION),
    WEAPONS_I: (38, 45),
    PUBLIC_ORDER_I: (130, 190),
    MISC_I: (33, 48),
}
#: Tunbridge Wells, all crime in 2013/14 (drug offences fell two years running)
TW_TOTAL_2013_14 = 4870

#: other districts, current year per 1,000 residents (mid-2016): all crime, violent crime,
#: robbery, drug possession, drug trafficking; and the % change of all crime on the previous
#: year and of the previous year on 2013/14.  Chosen so that Tunbridge Wells keeps its
#: published ranks among the 12 Kent districts (lowest crime rate, smallest rise, second
#: lowest violence and robbery after Sevenoaks, 9th for drugs, 11th for possession).
DISTRICT_RATES = {
    #                       crime violent robbery possess traffic change change_prev
    "Ashford": (62, 19.5, 0.40, 1.15, 0.15, 12, 6),
    "Canterbury": (64, 20.5, 0.55, 1.32, 0.18, 9, 5),
    "Dartford": (70, 23.0, 0.85, 1.30, 0.85, 14, 7),
    "Dover": (63, 21.5, 0.35, 1.20, 0.20, 15, 4),
    "Gravesham": (72, 24.0, 1.05, 1.35, 1.00, 11, 6),
    "Maidstone": (63, 20.0, 0.45, 1.12, 0.13, 16, 8),
    "Sevenoaks": (48, 13.8, 0.17, 0.95, 0.15, 10, 3),
    "Shepway": (69, 22.5, 0.40, 1.28, 0.27, 13, 5),
    "Swale": (71, 23.5, 0.45, 1.30, 0.15, 18, 7),
    "Thanet": (88, 28.0, 0.75, 1.85, 0.55, 20, 6),
    "Tonbridge and Malling": (52, 16.0, 0.30, 1.05, 0.15, 8, 5),
    "Medway": (75, 24.0, 0.90, 1.50, 0.60, 17, 7),
}
#: share of all crime of the subgroups that no rate above fixes (England & Wales-like mix)
OTHER_SHARES = {
    DOMESTIC_BURGLARY: 5.5, NON_DOMESTIC_BURGLARY: 5.5, VEHICLE: 8.5, THEFT_PERSON: 1.5, BICYCLE: 1.8,
    SHOPLIFTING: 8.5, OTHER_THEFT: 14.0, CRIMINAL_DAMAGE: 11.5, ARSON: 0.7, WEAPONS_I: 0.9,
    PUBLIC_ORDER_I: 5.0, MISC_I: 1.3,
}
#: yearly change of a subgroup relative to its district's all-crime change
CHANGE_OFFSET = np.array([
    0.0, 0.06, 0.08, 0.12, 0.10, 0.0, 0.0, -0.05, -0.04, -0.02, -0.02, -0.04, 0.0, -0.05,
    0.0, 0.0, -0.10, -0.10, 0.10, 0.25, 0.05,
])
#: bounds of the yearly growth factor used for the trend inside a year and into October-December 2016
TREND_LIMITS = (0.85, 1.20)

#: seasonal profile by subgroup: (amplitude, month of the peak)
SEASON = (
    (0.05, 7), (0.10, 7), (0.10, 7), (0.06, 7), (0.06, 7), (0.10, 12), (0.10, 11),
    (0.15, 12), (0.08, 1), (0.08, 11), (0.10, 12), (0.30, 7), (0.06, 12), (0.10, 7),
    (0.08, 8), (0.25, 5), (0.10, 7), (0.10, 7), (0.08, 7), (0.12, 7), (0.03, 1),
)
#: Tunbridge Wells possession spikes (operations) in the eighteen months to March 2015
TW_POSSESSION_SPIKES = {"2014-01": 2.0, "2014-06": 1.8, "2014-11": 2.2, "2015-03": 1.9}

# --- wards -----------------------------------------------------------------------------

#: which ward weights a subgroup's crimes follow
PROFILE_OF_SUBGROUP = (
    "night", "night", "night", "sexual", "sexual", "retail", "night", "home", "retail", "home",
    "night", "home", "retail", "home", "home", "home", "drugs", "drugs", "night", "night", "home",
)
PROFILES = ("night", "retail", "home", "sexual", "drugs", "asb")
#: how much busier a town-centre ward is, by profile
TOWN_CENTRE_FACTOR = {"night": 3.0, "retail": 4.0, "home": 1.0, "sexual": 1.3, "drugs": 2.0, "asb": 1.8}
#: town-centre wards of the districts other than Tunbridge Wells
TOWN_CENTRE_WARDS = {
    "Ashford": ("Victoria",),
    "Canterbury": ("Westgate", "Northgate"),
    "Dartford": ("Town",),
    "Dover": ("Town and Pier", "Castle", "Tower Hamlets"),
    "Gravesham": ("Central", "Pelham", "Riverside"),
    "Maidstone": ("High Street",),
    "Sevenoaks": ("Sevenoaks Town and St John's", "Swanley St Mary's"),
    "Shepway": ("Folkestone Central", "Folkestone Harbour"),
    "Swale": ("Sheerness", "Chalkwell", "Abbey"),
    "Thanet": ("Margate Central", "Cliftonville West", "Central Harbour"),
    "Tonbridge and Malling": ("Castle", "Judd"),
    "Medway": ("Chatham Central", "Gillingham North", "Rochester West", "Strood South"),
}
#: Tunbridge Wells ward weights by profile (night-time violence highest in Park, then
#: Culverden, Sherwood and Southborough and High Brooms: vap_top_wards); Frittenden's
#: sexual offences are placed by hand (sexual_offences_frittenden)
TW_WARD_WEIGHTS = {
    #                                 night retail home sexual drugs asb
    "Park": (14, 14, 6, 9, 14, 12),
    "Culverden": (10, 16, 6, 7, 10, 9),
    "Sherwood": (10, 3, 7, 7, 8, 8),
    "Southborough and High Brooms": (10, 5, 8, 7, 8, 9),
    "Pantiles and St Mark's": (6, 8, 5, 5, 9, 7),
    "St James'": (5.5, 5, 5, 5, 6, 6),
    "St John's": (5.5, 6, 6, 5, 6, 6),
    "Broadwater": (4.5, 2, 4, 4, 5, 5),
    "Rusthall": (4, 1.5, 3.5, 3, 4, 4),
    "Southborough North": (3.5, 2, 4, 3, 2.5, 3.5),
    "Pembury": (3.5, 4, 4, 3.5, 3, 3),
    "Paddock Wood East": (3.5, 5, 4, 3, 3, 4.5),
    "Paddock Wood West": (3, 3, 3.5, 3, 2.5, 3.5),
    "Hawkhurst and Sandhurst": (3, 4, 4.5, 3.5, 2, 3),
    "Benenden and Cranbrook": (3, 4, 5, 3.5, 2, 3),
    "Brenchley and Horsmonden": (2, 1, 3.5, 2, 1, 2),
    "Capel": (1.2, 0.5, 2, 1, 0.8, 1.2),
    "Goudhurst and Lamberhurst": (2, 1.5, 3.5, 2, 1, 2),
    "Speldhurst and Bidborough": (1.5, 0.5, 3.5, 1.5, 0.7, 1.5),
    "Frittenden and Sissinghurst": (0.8, 0.5, 1.5, 0, 0.4, 0.8),
}
#: April-November 2016: sexual offences rise sharply in Park, and in three more wards
TW_SEXUAL_RISE = {targets.SEXUAL_RISE_SHARP_WARD: 2.8, "Hawkhurst and Sandhurst": 2.0,
                  "Benenden and Cranbrook": 2.0, "St James'": 1.8}

# --- flags -----------------------------------------------------------------------------

#: share of each subgroup flagged as domestic abuse
DOMESTIC_ABUSE_SHARE = np.array([
    0.2, 0.16, 0.14, 0.10, 0.05, 0, 0, 0.01, 0, 0, 0, 0, 0, 0.01, 0.05, 0.03, 0, 0, 0, 0.01, 0,
])
#: share of each subgroup with a personal victim
VICTIM_SHARE = np.array([
    1, 1, 1, 1, 0.95, 0, 1, 0.98, 0.15, 0.95, 1, 0.98, 0, 0.9, 0.85, 0.5, 0, 0, 0, 0.3, 0.1,
])
#: chance that a crime's victim is someone already a victim in the district
REPEAT_VICTIM = {"domestic abuse": 0.35, "other": 0.07}
#: chance that an offence is historic, by subgroup (sexual offences more so from 2016)
HISTORIC_SHARE = np.array([
    0.02, 0.004, 0.015, 0.22, 0.12, 0, 0, 0, 0, 0, 0, 0, 0, 0.004, 0, 0, 0, 0, 0, 0, 0.01,
])
HISTORIC_SEXUAL_2016 = 1.5
#: hate crime: subgroups a motivation can go with (relative likelihood), the chance per
#: crime (rising through the years, higher for some weeks after the referendum), and the mix
HATE_SUBGROUPS = {WITHOUT_INJURY: 1.0, PUBLIC_ORDER_I: 2.5, WITH_INJURY: 0.5, CRIMINAL_DAMAGE: 0.35}
HATE_CHANCE_2013 = 0.027
HATE_GROWTH = 0.10
HATE_MIX = {"Race": 0.78, "Religion": 0.07, "Sexual orientation": 0.09, "Disability": 0.05, "Transgender": 0.01}
#: Tunbridge Wells hate crimes in the four weeks before and after the referendum, one string
#: per crime (hate_race_before/after, hate_religion_before/after; the others plausible)
TW_HATE_BEFORE = ("Race",) * targets.HATE_RACE_BEFORE + ("Religion",) * targets.HATE_RELIGION_BEFORE + (
    "Sexual orientation",)
TW_HATE_AFTER = ("Race",) * (targets.HATE_RACE_AFTER - 1) + ("Race;Religion",) + ("Religion",) * (
    targets.HATE_RELIGION_AFTER - 1) + ("Disability",)
#: chances of the vulnerability flags
VULNERABILITY_ORDER = ("CSE", "Modern slavery", "Child abuse", "Gang related")

#: realistic mess of the written file
DUPLICATE_SHARE = 0.004
BLANK_LSOA_SHARE = 0.003
BLANK_OFFENCE_DATE_SHARE = 0.002
STRAY_SPACE_SHARE = 0.012
UPPER_CASE_SHARE = 0.03
FORCE_NUMBER = "46"


@functools.lru_cache(maxsize=2)
def _make_crimes(world: World) -> pd.DataFrame:
    rng = world.rng("crimes")
    districts = list(world.districts["district_name"])
    counts = _count_crimes(world, rng)
    wards = weigh_wards(world)
    records = _place_crimes(world, counts, wards, rng)
    _pin_frittenden(records, world, rng)
    _flag_domestic_abuse(records, rng)
    _date_offences(records, rng)
    _flag_hate(records, districts, rng)
    _flag_vulnerability(records, rng)
    _name_victims(records, rng)
    return _tidy(records, world, rng)


def make_crimes(world: World) -> pd.DataFrame:
    """The crimes of the world, one row per distinct crime, tidy (no mess).

    Columns: ``crime_reference, recorded_date, offence_date`` (datetime, may be NaT),
    ``ho_code, offence_description, offence_group, offence_subgroup, lsoa_code`` (blank
    for a few crimes), ``lsoa_name, ward_name, district_name, domestic_abuse`` (bool),
    ``hate_motivation, historic`` (bool), ``vulnerability_flags, victim_reference``
    (blank text where none).  Sorted by recorded date and crime reference.
    """
    return _make_crimes(world).copy()


# --- step 1: counts ------------------------------------------------------------------------


def _count_crimes(world: World, rng: np.random.Generator) -> np.ndarray:
    """Crimes per district, month and subgroup: an int array (districts, months, subgroups)."""
    names = list(world.districts["district_name"])
    population = world.population.set_index(["district_name", "year"])["population"]
    yearly = np.zeros((len(names), 3, len(SUBGROUPS)), dtype=np.int64)
    for d, name in enumerate(names):
        if name == targets.DISTRICT:
            yearly[d] = _count_tunbridge_wells(rng)
        else:
            yearly[d] = _count_district(name, population.loc[(name, 2016)], rng)
    months = np.zeros((len(names), len(MONTHS), len(SUBGROUPS)), dtype=np.int64)
    calendar = MONTHS.month.to_numpy()
    season = np.array([1 + a * np.cos(2 * np.pi * (calendar - peak) / 12) for a, peak in SEASON]).T
    # months from the middle of their crime year (October-December 2016 continue 2015/16)
    position = np.arange(len(MONTHS)) - 12 * np.minimum(YEAR_OF_MONTH, CURRENT) - 5.5
    late, current = YEAR_OF_MONTH == LATE, YEAR_OF_MONTH == CURRENT
    for d, name in enumerate(names):
        # a steady trend inside each year, so that years join without a step
        counts = np.maximum(yearly[d], 1).astype(float)
        step = (counts[1] / counts[0], counts[2] / counts[1])
        growth = np.clip(np.stack([step[0], np.sqrt(step[0] * step[1]), step[1], step[1]]), *TREND_LIMITS)
        expected = season * growth[YEAR_OF_MONTH] ** (position[:, None] / 12)
        weights = expected * rng.lognormal(0, 0.07, expected.shape)
        if name == targets.DISTRICT:
            for month, factor in TW_POSSESSION_SPIKES.items():
                weights[MONTHS.get_loc(pd.Period(month, "M")), POSSESSION] *= factor
        for year in range(3):
            inside = YEAR_OF_MONTH == year
            months[d, inside, :] = allocate_counts(yearly[d, year], weights[inside].T, rng).T
        share = expected[late].sum(axis=0) / expected[current].sum(axis=0)
        late_total = np.round(yearly[d, CURRENT] * share).astype(np.int64)
        months[d, late, :] = allocate_counts(late_total, weights[late].T, rng).T
        if name == targets.DISTRICT:
            _pin_sexual_months(months[d], weights, rng)
    return months


def _count_tunbridge_wells(rng: np.random.Generator) -> np.ndarray:
    """TW crimes per crime year (2013/14, previous, current) and subgroup, as published."""
    out = np.zeros((3, len(SUBGROUPS)), dtype=np.int64)
    for sub, (previous, current) in TW_COUNTS.items():
        out[PREVIOUS, sub], out[CURRENT, sub] = previous, current
    vap = (
        targets.VIOLENT_CRIME_PREV - targets.SEXUAL_OFFENCES_PREV
        - targets.ROBBERY_PERSONAL_PREV - targets.ROBBERY_BUSINESS_PREV,
        targets.VIOLENT_CRIME - targets.SEXUAL_OFFENCES - targets.ROBBERY_PERSONAL - targets.ROBBERY_BUSINESS,
    )
    for year, total, sexual, violence in (
        (PREVIOUS, targets.CRIME_TOTAL_PREV, targets.SEXUAL_OFFENCES_PREV, vap[0]),
        (CURRENT, targets.CRIME_TOTAL, targets.SEXUAL_OFFENCES, vap[1]),
    ):
        out[year, WITHOUT_INJURY] = violence - out[year, HOMICIDE] - out[year, WITH_INJURY]
        out[year, OTHER_SEXUAL] = sexual - out[year, SERIOUS_SEXUAL]
        out[year, OTHER_THEFT] = total - out[year].sum()
    assert (out[1:] >= 0).all() and out[PREVIOUS].sum() == targets.CRIME_TOTAL_PREV
    out[0] = _earlier_year(out[PREVIOUS], TW_TOTAL_2013_14, rng)
    return out


def _earlier_year(previous: np.ndarray, total: int, rng: np.random.Generator) -> np.ndarray:
    """2013/14 counts by subgroup: the previous year's mix turned back by each subgroup's trend."""
    weights = previous / (1 + 0.05 + CHANGE_OFFSET)
    return allocate_counts(np.array([total]), weights[None, :], rng)[0]


def _count_district(name: str, population: int, rng: np.random.Generator) -> np.ndarray:
    """Crimes per crime year and subgroup of a district other than TW, from its rates."""
    crime, violent, robbery, possession, trafficking, change, change_prev = DISTRICT_RATES[name]
    # the profile's round numbers, roughened so no published rate or change comes out whole
    crime *= rng.uniform(0.985, 1.015)
    change += rng.uniform(-0.45, 0.45)
    per = population / 1000
    current = np.zeros(len(SUBGROUPS), dtype=np.int64)
    total = round(crime * per)
    violent_n = round(violent * per)
    current[ROBBERY_PERSONAL] = round(robbery * per * 0.8)
    current[ROBBERY_BUSINESS] = round(robbery * per) - current[ROBBERY_PERSONAL]
    sexual = round(violent_n * rng.uniform(0.085, 0.105))
    current[SERIOUS_SEXUAL] = round(sexual * rng.uniform(0.40, 0.48))
    current[OTHER_SEXUAL] = sexual - current[SERIOUS_SEXUAL]
    vap = violent_n - sexual - round(robbery * per)
    current[HOMICIDE] = min(rng.poisson(1.1 * population / 100_000), 4)
    current[WITH_INJURY] = round((vap - current[HOMICIDE]) * rng.uniform(0.39, 0.45))
    current[WITHOUT_INJURY] = vap - current[HOMICIDE] - current[WITH_INJURY]
    current[POSSESSION] = round(possession * per)
    current[TRAFFICKING] = round(trafficking * per)
    rest = total - current.sum()
    others = list(OTHER_SHARES)
    mix = np.array([OTHER_SHARES[s] for s in others]) * rng.lognormal(0, 0.1, len(others))
    current[others] = allocate_counts(np.array([rest]), mix[None, :], rng)[0]
    # earlier years: each subgroup turned back by the district's change and its own trend
    previous_total = round(total / (1 + change / 100))
    previous = allocate_counts(
        np.array([previous_total]), (current / (1 + change / 100 + CHANGE_OFFSET))[None, :], rng
    )[0]
    earlier = allocate_counts(
        np.array([round(previous_total / (1 + change_prev / 100))]),
        (previous / (1 + change_prev / 100 + CHANGE_OFFSET))[None, :],
        rng,
    )[0]
    return np.stack([earlier, previous, current])


def _pin_sexual_months(months: np.ndarray, weights: np.ndarray, rng: np.random.Generator) -> None:
    """TW sexual offences in the current year: published months pinned, the rest spread."""
    current = np.flatnonzero(YEAR_OF_MONTH == CURRENT)
    total = np.zeros(len(current), dtype=np.int64)
    pinned = {
        MONTHS.get_loc(pd.Period(year=y, month=m, freq="M")): n for (y, m), n in targets.SEXUAL_OFFENCES_MONTHLY.items()
    }
    free = [i for i, m in enumerate(current) if m not in pinned]
    for i, m in enumerate(current):
        if m in pinned:
            total[i] = pinned[m]
    rest = targets.SEXUAL_OFFENCES - total.sum()
    total[free] = allocate_counts(np.array([rest]), weights[current[free], SERIOUS_SEXUAL][None, :], rng)[0]
    serious = allocate_counts(np.array([months[current, SERIOUS_SEXUAL].sum()]), total[None, :].astype(float), rng)[0]
    months[current, SERIOUS_SEXUAL] = serious
    months[current, OTHER_SEXUAL] = total - serious


# --- step 2: wards, LSOAs and days -----------------------------------------------------------


def weigh_wards(world: World) -> pd.DataFrame:
    """Ward weights by profile of crime: ``district_name, ward_code, ward_name`` + one column per profile.

    Wards are in the order of ``world.districts`` then ward code.  A ward's weight is its
    number of LSOAs times a fixed deprivation factor, times a factor for town-centre wards;
    Tunbridge Wells has hand-set weights (``TW_WARD_WEIGHTS``).  The anti-social behaviour
    profile (``asb``) serves the police.uk part.
    """
    rng = world.rng("ward_weights")
    order = {name: i for i, name in enumerate(world.districts["district_name"])}
    wards = (
        world.lookup.groupby(["district_name", "ward_code", "ward_name"]).size().rename("lsoas").reset_index()
    )
    wards = wards.assign(_o=wards["district_name"].map(order)).sort_values(["_o", "ward_code"], ignore_index=True)
    wards = wards.drop(columns="_o")
    deprivation = rng.lognormal(0, 0.35, len(wards))
    for profile in PROFILES:
        town = np.array(
            [w in TOWN_CENTRE_WARDS.get(d, ()) for d, w in zip(wards["district_name"], wards["ward_name"])]
        )
        factor = np.where(town, TOWN_CENTRE_FACTOR[profile], 1.0)
        wards[profile] = wards["lsoas"] * deprivation * factor * rng.lognormal(0, 0.15, len(wards))
    is_tw = wards["district_name"].eq(targets.DISTRICT)
    for i, profile in enumerate(PROFILES):
        wards.loc[is_tw, profile] = wards.loc[is_tw, "ward_name"].map(lambda w: TW_WARD_WEIGHTS[w][i])
    return wards


def _place_crimes(world: World, months: np.ndarray, wards: pd.DataFrame, rng: np.random.Generator) -> dict:
    """One record per crime with district, month, subgroup, ward, LSOA, day and HO code."""
    n_districts, n_months, n_subgroups = months.shape
    by_cell = months.transpose(0, 2, 1)  # district, subgroup, month
    cell = np.repeat(np.arange(by_cell.size), by_cell.ravel())
    district, rest = np.divmod(cell, n_subgroups * n_months)
    subgroup, month = np.divmod(rest, n_months)
    n_blocks = len(WARD_BLOCKS)
    block = np.searchsorted(WARD_BLOCKS, month, side="right") - 1
    group = (district * n_subgroups + subgroup) * n_blocks + block
    per_group = np.bincount(group, minlength=n_districts * n_subgroups * n_blocks)

    profile_index = np.array([PROFILES.index(p) for p in PROFILE_OF_SUBGROUP])
    weights_all = wards[list(PROFILES)].to_numpy(dtype=float)
    names = list(world.districts["district_name"])
    labels = []
    for d, name in enumerate(names):
        rows = np.flatnonzero(wards["district_name"].eq(name).to_numpy())
        base = weights_all[rows][:, profile_index].T  # subgroup x ward
        weights = np.repeat(base[:, None, :], n_blocks, axis=1)  # subgroup x block x ward
        noise = rng.lognormal(0, 0.08, weights.shape)
        if name == targets.DISTRICT:
            fixed = np.isin(np.array(PROFILE_OF_SUBGROUP), ("night", "sexual"))
            noise[fixed] = 1.0
            ward_names = wards["ward_name"].to_numpy()[rows]
            for ward, factor in TW_SEXUAL_RISE.items():
                w = int(np.flatnonzero(ward_names == ward)[0])
                weights[[SERIOUS_SEXUAL, OTHER_SEXUAL], APRIL_NOVEMBER_2016_BLOCK, w] *= factor
        weights = (weights * noise).reshape(n_subgroups * n_blocks, len(rows))
        totals = per_group[d * n_subgroups * n_blocks:(d + 1) * n_subgroups * n_blocks]
        split = allocate_counts(totals, weights, rng)
        labels.append(np.repeat(np.tile(rows, n_subgroups * n_blocks), split.ravel()))
    labels = np.concatenate(labels)
    labels = labels[np.lexsort((rng.random(len(labels)), group))]
    ward = labels

    # LSOA within its ward
    lookup = _ordered_lookup(world, wards)
    ward_of_lsoa = lookup["_ward"].to_numpy()
    lsoa_weight = rng.lognormal(0, 0.3, len(lookup))
    starts = np.searchsorted(ward_of_lsoa, np.arange(len(wards)))
    running = np.zeros(len(lookup))
    for k in range(len(wards)):  # a few hundred wards: cumulative share within each
        end = starts[k + 1] if k + 1 < len(wards) else len(lookup)
        chunk = np.cumsum(lsoa_weight[starts[k]:end])
        running[starts[k]:end] = chunk / chunk[-1]
    lsoa = choose_weighted(ward, starts, running, rng)

    # day within the month
    first = MONTHS.start_time.to_numpy().astype("datetime64[D]")
    length = MONTHS.days_in_month.to_numpy()
    day = (rng.random(len(cell)) * length[month]).astype(np.int64)
    recorded = first[month] + day.astype("timedelta64[D]")

    # offence code within the subgroup
    codes = pd.DataFrame(OFFENCES, columns=["code", "description", "subgroup", "weight"])
    codes["s"] = codes["subgroup"].map(SUBGROUP_INDEX)
    codes = codes.sort_values("s", kind="stable", ignore_index=True)
    code_starts = np.searchsorted(codes["s"].to_numpy(), np.arange(n_subgroups))
    code_running = codes.groupby("s")["weight"].transform(lambda w: w.cumsum() / w.sum()).to_numpy()
    offence = choose_weighted(subgroup, code_starts, code_running, rng)

    return {
        "district": district, "month": month, "subgroup": subgroup, "ward": ward, "lsoa": lsoa,
        "recorded": recorded, "offence": offence, "codes": codes, "lookup": lookup, "wards": wards,
        "pinned": np.zeros(len(cell), dtype=bool),
    }


def _ordered_lookup(world: World, wards: pd.DataFrame) -> pd.DataFrame:
    """The LSOAs in ward order, each with its ward's row number in ``wards``."""
    position = {code: i for i, code in enumerate(wards["ward_code"])}
    lookup = world.lookup.assign(_ward=world.lookup["ward_code"].map(position))
    return lookup.sort_values(["_ward", "lsoa_code"], ignore_index=True)


def _pin_frittenden(records: dict, world: World, rng: np.random.Generator) -> None:
    """Place TW sexual offences in Frittenden: 7 recorded January-September 2016, 5 historic.

    The crimes are taken from wards whose rise the plan does not mention, so the April-
    November comparison keeps its shape; one earlier offence each in 2014 and 2015 shows
    that seven is unusually many.
    """
    wards, lookup = records["wards"], records["lookup"]
    tw = int(np.flatnonzero(world.districts["district_name"].to_numpy() == targets.DISTRICT)[0])
    target_ward = int(np.flatnonzero(wards["ward_name"].eq(targets.FRITTENDEN_WARD).to_numpy()
                                     & wards["district_name"].eq(targets.DISTRICT).to_numpy())[0])
    target_lsoa = int(np.flatnonzero(lookup["lsoa_code"].eq(targets.FRITTENDEN_LSOA).to_numpy())[0])
    keep_out = set(TW_SEXUAL_RISE)
    movable = (
        (records["district"] == tw)
        & np.isin(records["subgroup"], (SERIOUS_SEXUAL, OTHER_SEXUAL))
        & ~np.isin(wards["ward_name"].to_numpy()[records["ward"]], list(keep_out))
    )
    recorded = records["recorded"]
    start, end = (np.datetime64(d) for d in targets.FRITTENDEN_WINDOW)
    windows = (
        ((recorded >= start) & (recorded <= end), targets.SEXUAL_OFFENCES_FRITTENDEN),
        ((recorded >= np.datetime64("2014-02-01")) & (recorded <= np.datetime64("2014-09-30")), 1),
        ((recorded >= np.datetime64("2015-02-01")) & (recorded <= np.datetime64("2015-09-30")), 1),
    )
    chosen = []
    for window, count in windows:
        chosen.append(np.sort(rng.choice(np.flatnonzero(movable & window), count, replace=False)))
    records["ward"][np.concatenate(chosen)] = target_ward
    records["lsoa"][np.concatenate(chosen)] = target_lsoa
    records["pinned"][np.concatenate(chosen)] = True
    # of the seven this year, five historic and two recent
    records["frittenden_historic"] = chosen[0][: targets.SEXUAL_OFFENCES_FRITTENDEN_HISTORIC]
    records["frittenden_recent"] = np.concatenate([chosen[0][targets.SEXUAL_OFFENCES_FRITTENDEN_HISTORIC:],
                                                   *chosen[1:]])


# --- step 3: flags -----------------------------------------------------------------------------


def _flag_domestic_abuse(records: dict, rng: np.random.Generator) -> None:
    """Exactly the subgroup's share (rounded) of each district's crimes per year and subgroup."""
    year = YEAR_OF_MONTH[records["month"]]
    group = (records["district"] * 4 + year) * len(SUBGROUPS) + records["subgroup"]
    sizes = np.bincount(group, minlength=(records["district"].max() + 1) * 4 * len(SUBGROUPS))
    share = np.tile(DOMESTIC_ABUSE_SHARE, len(sizes) // len(SUBGROUPS))
    records["domestic_abuse"] = choose_in_groups(group, np.round(sizes * share).astype(np.int64), rng)


def _date_offences(records: dict, rng: np.random.Generator) -> None:
    """Offence dates: mostly the day of recording or days before; historic ones years before."""
    n = len(records["subgroup"])
    subgroup = records["subgroup"]
    chance = HISTORIC_SHARE[subgroup].copy()
    sexual = np.isin(subgroup, (SERIOUS_SEXUAL, OTHER_SEXUAL))
    chance[sexual & (records["recorded"] >= np.datetime64("2016-01-01"))] *= HISTORIC_SEXUAL_2016
    historic = rng.random(n) < chance
    kind = rng.random(n)
    lag = np.where(
        kind < 0.55, 0,
        np.where(kind < 0.88, rng.geometric(0.45, n),
                 np.where(kind < 0.99, rng.integers(7, 91, n), rng.integers(91, 366, n))),
    )
    long_lag = (targets.HISTORIC_AFTER_DAYS + 1 + rng.uniform(0.05, 28, n) * 365.25).astype(np.int64)
    pinned_historic = np.zeros(n, dtype=bool)
    pinned_historic[records["frittenden_historic"]] = True
    historic = (historic & ~records["pinned"]) | pinned_historic
    lag = np.where(historic, long_lag, np.minimum(lag, targets.HISTORIC_AFTER_DAYS))
    lag[records["frittenden_recent"]] = np.minimum(lag[records["frittenden_recent"]], 30)
    blank = (rng.random(n) < BLANK_OFFENCE_DATE_SHARE) & ~records["pinned"]
    offence = records["recorded"] - lag.astype("timedelta64[D]")
    records["offence_date"] = np.where(blank, np.datetime64("NaT"), offence).astype("datetime64[D]")
    records["historic"] = historic & ~blank


def _flag_hate(records: dict, districts: list[str], rng: np.random.Generator) -> None:
    """Hate motivations: a rising chance per crime, exact counts in the referendum windows."""
    n = len(records["subgroup"])
    recorded = records["recorded"]
    likelihood = np.zeros(len(SUBGROUPS))
    for sub, factor in HATE_SUBGROUPS.items():
        likelihood[sub] = factor
    eligible = likelihood[records["subgroup"]] > 0
    before = _within(recorded, targets.HATE_WINDOW_BEFORE)
    after = _within(recorded, targets.HATE_WINDOW_AFTER)
    years = (recorded - np.datetime64("2013-10-01")).astype(np.int64) / 365.25
    chance = HATE_CHANCE_2013 * (1 + HATE_GROWTH) ** years * likelihood[records["subgroup"]]
    since = (recorded - np.datetime64(targets.HATE_WINDOW_AFTER[1])).astype(np.int64)
    chance = np.where(since > 0, chance * (1 + 0.5 * np.exp(-since / 45)), chance)
    hate = (rng.random(n) < chance) & eligible & ~before & ~after
    motivation = np.full(n, "", dtype=object)
    motivation[hate] = _draw_motivations(int(hate.sum()), rng)

    tw = districts.index(targets.DISTRICT)
    for window, kent_total, tw_list in (
        (before, targets.HATE_KENT_BEFORE, TW_HATE_BEFORE),
        (after, targets.HATE_KENT_AFTER, TW_HATE_AFTER),
    ):
        candidates = eligible & window
        weights = np.bincount(records["district"][candidates], minlength=len(districts)).astype(float)
        weights[tw] = 0
        wanted = allocate_counts(np.array([kent_total - len(tw_list)]), weights[None, :], rng)[0]
        wanted[tw] = len(tw_list)
        # prefer the offences that carry hate most often, by their likelihood
        groups = np.where(candidates, records["district"], -1)
        picked = _choose_likely(groups, wanted, likelihood[records["subgroup"]], rng)
        in_tw = picked & (records["district"] == tw)
        others = picked & ~in_tw
        motivation[np.flatnonzero(in_tw)] = rng.permutation(np.array(tw_list, dtype=object))
        motivation[others] = _draw_motivations(int(others.sum()), rng)
    records["hate"] = motivation
    # race or religion makes an aggravated offence more often than not
    aggravated = np.array(["Race" in m or "Religion" in m for m in motivation]) & (rng.random(n) < 0.6)
    codes = records["codes"]
    code_row = {c: i for i, c in enumerate(codes["code"])}
    for sub, code in AGGRAVATED.items():
        hit = aggravated & (records["subgroup"] == sub)
        if sub == WITHOUT_INJURY:
            harassment = records["offence"] == code_row[HARASSMENT]
            records["offence"][hit & harassment] = code_row[AGGRAVATED_HARASSMENT]
            hit = hit & ~harassment
        records["offence"][hit] = code_row[code]


def _choose_likely(groups: np.ndarray, wanted: np.ndarray, likelihood: np.ndarray, rng) -> np.ndarray:
    """Like ``choose_in_groups`` but weighted: items drawn with chance proportional to ``likelihood``."""
    key = -np.log(rng.random(len(groups))) / np.maximum(likelihood, 1e-12)  # exponential race
    order = np.lexsort((key, groups))
    ordered = groups[order]
    rank = np.arange(len(groups)) - np.searchsorted(ordered, ordered, side="left")
    picked = np.zeros(len(groups), dtype=bool)
    valid = ordered >= 0
    picked[order[valid]] = rank[valid] < wanted[ordered[valid]]
    return picked


def _draw_motivations(count: int, rng: np.random.Generator) -> np.ndarray:
    """Hate motivations for ``count`` crimes; about 3% carry a second one."""
    names = np.array(list(HATE_MIX), dtype=object)
    first = rng.choice(len(names), count, p=np.array(list(HATE_MIX.values())))
    second = rng.choice(len(names), count, p=np.array(list(HATE_MIX.values())))
    out = names[first].astype(object)
    double = (rng.random(count) < 0.03) & (first != second)
    pairs = np.sort(np.stack([first, second]), axis=0)
    out[double] = [f"{names[a]};{names[b]}" for a, b in pairs[:, double].T]
    return out


def _flag_vulnerability(records: dict, rng: np.random.Generator) -> None:
    """CSE, modern slavery, child abuse and gang flags: a few dozen a year each, force-wide."""
    n = len(records["subgroup"])
    codes = records["codes"]["code"].to_numpy()[records["offence"]]
    subgroup = records["subgroup"]
    child_sexual = np.isin(codes, CHILD_SEXUAL_CODES)
    flags = {
        "CSE": (child_sexual & (rng.random(n) < 0.07)) | ((codes == "088/01") & (rng.random(n) < 0.25)),
        "Modern slavery": (codes == "106/00") | ((codes == "072/00") & (rng.random(n) < 0.5)),
        "Child abuse": ((codes == "011/01") & (rng.random(n) < 0.06)) | (child_sexual & (rng.random(n) < 0.035)),
        "Gang related": (
            ((subgroup == TRAFFICKING) & (rng.random(n) < 0.05))
            | ((subgroup == ROBBERY_PERSONAL) & (rng.random(n) < 0.02))
            | ((subgroup == WEAPONS_I) & (rng.random(n) < 0.012))
            | ((subgroup == WITH_INJURY) & (rng.random(n) < 0.001))
        ),
    }
    text = np.full(n, "", dtype=object)
    for name in VULNERABILITY_ORDER:
        hit = flags[name]
        text[hit] = np.where(text[hit] == "", name, text[hit] + ";" + name)
    records["vulnerability"] = text


def _name_victims(records: dict, rng: np.random.Generator) -> None:
    """Pseudonymised victims: new people mostly, some earlier victims of the district again."""
    n = len(records["subgroup"])
    has_victim = rng.random(n) < VICTIM_SHARE[records["subgroup"]]
    domestic = records["domestic_abuse"]
    pool = records["district"] * 2 + domestic.astype(np.int64)
    pool = np.where(has_victim, pool, -1)
    order = np.lexsort((records["recorded"], pool))
    order = order[pool[order] >= 0]
    ordered_pool = pool[order]
    first = np.searchsorted(ordered_pool, ordered_pool, side="left")
    index_in_pool = np.arange(len(order)) - first
    repeat_chance = np.where(ordered_pool % 2 == 1, REPEAT_VICTIM["domestic abuse"], REPEAT_VICTIM["other"])
    repeat = (rng.random(len(order)) < repeat_chance) & (index_in_pool > 0)
    parent = np.arange(len(order))
    parent[repeat] = first[repeat] + (rng.random(int(repeat.sum())) * index_in_pool[repeat]).astype(np.int64)
    while True:  # follow repeats back to the first crime of each victim
        grand = parent[parent]
        if np.array_equal(grand, parent):
            break
        parent = grand
    roots, victim_of = np.unique(parent, return_inverse=True)
    numbers = rng.choice(16**10, size=len(roots), replace=False)
    names = np.char.add("V", format_hex(numbers, 10))
    victim = np.full(n, "", dtype=object)
    victim[order] = names[victim_of]
    records["victim"] = victim


def _within(days: np.ndarray, window) -> np.ndarray:
    return (days >= np.datetime64(window[0])) & (days <= np.datetime64(window[1]))


# --- step 4: the tidy frame and the file ------------------------------------------------------


def _tidy(records: dict, world: World, rng: np.random.Generator) -> pd.DataFrame:
    """The tidy crimes frame, with crime references in order of recording."""
    n = len(records["subgroup"])
    codes, lookup, wards = records["codes"], records["lookup"], records["wards"]
    blank_lsoa = (rng.random(n) < BLANK_LSOA_SHARE) & ~records["pinned"]
    order = np.lexsort((rng.random(n), records["recorded"]))
    frame = pd.DataFrame(
        {
            "recorded_date": records["recorded"][order].astype("datetime64[s]"),
            "offence_date": records["offence_date"][order].astype("datetime64[s]"),
            "ho_code": codes["code"].to_numpy()[records["offence"][order]],
            "offence_description": codes["description"].to_numpy()[records["offence"][order]],
            "offence_group": np.array([g for g, _ in SUBGROUPS])[records["subgroup"][order]],
            "offence_subgroup": np.array([s for _, s in SUBGROUPS])[records["subgroup"][order]],
            "lsoa_code": np.where(blank_lsoa, "", lookup["lsoa_code"].to_numpy()[records["lsoa"]])[order],
            "lsoa_name": np.where(blank_lsoa, "", lookup["lsoa_name"].to_numpy()[records["lsoa"]])[order],
            "ward_name": wards["ward_name"].to_numpy()[records["ward"][order]],
            "district_name": world.districts["district_name"].to_numpy()[records["district"][order]],
            "domestic_abuse": records["domestic_abuse"][order],
            "hate_motivation": records["hate"][order],
            "historic": records["historic"][order],
            "vulnerability_flags": records["vulnerability"][order],
            "victim_reference": records["victim"][order],
        }
    )
    year = frame["recorded_date"].dt.year.to_numpy()
    sequence = pd.Series(year).groupby(year).cumcount().to_numpy() + 1
    number = pd.Series(sequence).astype(str).str.zfill(6)
    reference = FORCE_NUMBER + "/" + number + "/" + pd.Series(year % 100).astype(str).str.zfill(2)
    frame.insert(0, "crime_reference", reference.to_numpy())
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].astype("str")
    return frame


def _format_dates(days: pd.Series) -> np.ndarray:
    """Dates as dd/mm/yyyy text, blank where missing (one strftime per distinct day)."""
    values = days.to_numpy().astype("datetime64[D]")
    valid = ~np.isnat(values)
    out = np.full(len(values), "", dtype=object)
    unique, inverse = np.unique(values[valid], return_inverse=True)
    text = pd.DatetimeIndex(unique).strftime("%d/%m/%Y").to_numpy()
    out[valid] = text[inverse]
    return out


def build(out_dir: Path, world: World, seed: int) -> list[Path]:
    """Write the police crime extract with a real export's mess; return its path."""
    crimes = _make_crimes(world)
    rng = world.rng("crimes_mess")
    n = len(crimes)
    table = pd.DataFrame(
        {
            "Crime Reference": crimes["crime_reference"].to_numpy(dtype=object),
            "Recorded Date": _format_dates(crimes["recorded_date"]),
            "Offence Date": _format_dates(crimes["offence_date"]),
            "HO Code": crimes["ho_code"].to_numpy(dtype=object),
            "Offence Description": crimes["offence_description"].to_numpy(dtype=object),
            "Offence Group": crimes["offence_group"].to_numpy(dtype=object),
            "Offence Subgroup": crimes["offence_subgroup"].to_numpy(dtype=object),
            "LSOA Code": crimes["lsoa_code"].to_numpy(dtype=object),
            "Ward": crimes["ward_name"].to_numpy(dtype=object),
            "District": crimes["district_name"].to_numpy(dtype=object),
            "Domestic Abuse": np.where(crimes["domestic_abuse"], "Y", "N").astype(object),
            "Hate Motivation": crimes["hate_motivation"].to_numpy(dtype=object),
            "Historic": np.where(crimes["historic"], "Y", "N").astype(object),
            "Vulnerability Flags": crimes["vulnerability_flags"].to_numpy(dtype=object),
            "Victim Reference": crimes["victim_reference"].to_numpy(dtype=object),
        }
    )
    assert list(table.columns) == HEADER
    upper = rng.random(n) < UPPER_CASE_SHARE
    table.loc[upper, "Offence Description"] = table.loc[upper, "Offence Description"].str.upper()
    spaced = np.flatnonzero(rng.random(n) < STRAY_SPACE_SHARE)
    columns = np.array(["Ward", "District", "Offence Description", "Offence Subgroup", "Offence Group"])
    which = columns[rng.integers(0, len(columns), len(spaced))]
    side = rng.integers(0, 3, len(spaced))
    for column in columns:
        for s, (before, after) in enumerate((("  ", ""), ("", " "), (" ", " "))):
            rows = spaced[(which == column) & (side == s)]
            table.loc[rows, column] = before + table.loc[rows, column].astype(str) + after
    repeat = np.flatnonzero(rng.random(n) < DUPLICATE_SHARE)
    position = np.concatenate([np.arange(n), repeat])
    table = table.iloc[np.sort(position, kind="stable")].reset_index(drop=True)
    path = Path(out_dir) / CRIMES_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(path, index=False, lineterminator="\n", encoding="utf-8-sig")
    return [path]

"""The definitions a review states, each written once: the metrics cite them, About the data prints them."""

from __future__ import annotations

#: term -> definition, in the order About the data lists them
DEFINITIONS: dict[str, str] = {
    "Recorded crime": (
        "Crimes recorded by the police, counted by the date they were recorded (not the date they happened) "
        "and by the district and ward the force recorded them in. Anti-social behaviour is not crime."
    ),
    "Crime year": "October to September: the review year is October 2015 to September 2016, against the year before.",
    "Rate per 1,000": (
        "Count divided by the resident population and multiplied by 1,000, using the ONS mid-year estimate "
        "for the 30 June inside the period (mid-2016 for October 2015 to September 2016)."
    ),
    "Kent ranking": (
        "Ranks compare the 12 Kent County districts (Medway, a unitary authority, is excluded). "
        "Rank 1 is the lowest value: the lowest rate, or the smallest change. Ties share the better rank."
    ),
    "Percentage change": "(this period - previous period) / previous period x 100, computed from the counts.",
    "Violent crime": "Violence against the person + robbery + sexual offences (Home Office offence groups).",
    "Drug offences": "Possession of drugs + trafficking of drugs (Home Office offence subgroups).",
    "Kent district average": "The plain mean of the 12 Kent districts' rates: each district counts once, whatever its size.",
    "Alcohol-specific admissions": (
        "Hospital admission episodes of residents for conditions wholly caused by alcohol, by financial year, from "
        "the ward by quarter admissions extract (both age groups). Counts from 1 to 4 are published only as <5 or [c]."
    ),
    "Fingertips rates": "Public Health England's directly age-standardised rates per 100,000, headline rows (no category) for persons.",
    "Anti-social behaviour (ASB)": (
        "Incidents reported to the police, from the police.uk street-level files (crime type 'Anti-social behaviour'), "
        "counted by the month of the file and the ward and district of their LSOA. ASB is not crime. Incidents without "
        "a location, or with an LSOA outside the lookup, are in no district's or ward's count."
    ),
    "ASB hotspot ward": (
        "A ward whose ASB rose against its own previous year by at least 20% and by at least 10 incidents (a ward with "
        "none the year before needs a rise of 10); the thresholds are review settings."
    ),
    "Vulnerability-flagged crime": (
        "A crime the police flagged for child sexual exploitation (CSE), modern slavery, child abuse or gang "
        "involvement, counted by recorded date; a crime with two flags counts under each flag and once in the total. "
        "District counts from 1 to 9 are not published."
    ),
    "Domestic abuse incident": (
        "An incident of domestic abuse recorded by the police, a crime or a non-crime incident, counted by the date "
        "it was recorded and in the district where it was recorded."
    ),
    "Repeat victim": (
        "A domestic abuse victim with another domestic abuse incident recorded anywhere in the force area in the "
        "365 days before an incident; that incident is a repeat. Repeat victims in a period are the distinct victims "
        "with at least one repeat incident in the district in the period."
    ),
    "Repeat rate": (
        "Repeat incidents as a percentage of all domestic abuse incidents in the district in the period. The share "
        "of domestic abuse crimes that are repeats leaves non-crime incidents out of both counts."
    ),
    "Domestic abuse priority rule": (
        "Domestic abuse stays a priority when its % rise in incidents is above the Kent district average rise, or "
        "its latest repeat rate is above the Kent district average repeat rate."
    ),
    "Historic offence": "An offence recorded more than 365 days after the date it was committed.",
    "Monthly spike": (
        "A month whose count is more than 1.5 times the mean of the three months before it and more than the mean "
        "plus two standard deviations (sample) of the twelve months before it."
    ),
    "Hate crime around an event": (
        "Crimes recorded in the N weeks before the event day and the N weeks from it (the event day is in the second "
        "window). A crime with several motivations counts under each; totals are distinct crimes."
    ),
    "Drunkenness arrests": (
        "Arrests whose offence category is Drunkenness (drunk and disorderly, drunk and incapable, drunk in charge "
        "of a child, ...), counted by arrest date; the incidents behind them are their distinct incident references."
    ),
    "Violent crime priority rule": (
        "Violent crime is recommended as a priority unless its rate per 1,000 ranks among the three lowest of the "
        "comparison districts."
    ),
    "Town centre": "The wards the review config lists as the town centre (for Tunbridge Wells: Park, Pantiles and St Mark's, St James', Culverden).",
    "Road casualty": (
        "A person killed or injured in a road collision reported to the police (STATS19), counted in the calendar "
        "year and district where the collision happened, not where the casualty lives."
    ),
    "Road casualty baseline": (
        "Kent County Council's 2004-2008 baseline: the mean yearly count over 2004 to 2008 (all casualties, "
        "child KSI, child slight), not rounded."
    ),
    "Ward of a collision": (
        "The ward of the LSOA where the collision happened (ONS lookup); collisions without a recorded LSOA, or "
        "with one outside the lookup, are 'Location not known'."
    ),
    "KSI": "Killed or seriously injured: road casualties whose severity is fatal or serious (STATS19).",
    "Child": "A road casualty aged 0 to 15; where the age is missing, the age band says.",
    "Priority matrix (MoRiLE-style)": (
        "Harm (physical, psychological, financial, community and environment, each 0-4) x vulnerability and scope "
        "multipliers = harm score; harm score x likelihood = risk; risk x confidence multiplier x organisational-"
        "position multiplier (capacity, capability, partnership) = total."
    ),
    "Likelihood from the data": (
        "The mean of three 1-5 scores from the crime year against the year before: volume (the count), the rate per "
        "1,000 against the Kent district average, and the % change, each banded by the matrix file's cut points. "
        "Vulnerability themes without data take a judgement score with its evidence."
    ),
    "Priority recommendation": (
        "Every candidate whose total is at least the threshold (40), highest first. CSE, modern slavery, Prevent, and "
        "gangs and organised crime are taken together as Vulnerable victims, scored by their highest theme."
    ),
    "Action status": (
        "No data: no return is bound to the action, or none has a value yet. Behind: a return is below its target "
        "for this point in the year, or every return is 0. On track: otherwise."
    ),
    "Direction": "The latest quarter of partner returns against the quarter before.",
    "Financial year to date": "Partner activity is reported by financial-year quarter (Q1 = April to June); Q1-Q3 is April to December.",
}

CAVEATS: tuple[str, ...] = (
    "Victims of domestic abuse are strongly encouraged to report incidents and the way such calls are handled "
    "keeps improving, so a rise in recorded domestic abuse may partly reflect more reporting and better recording.",
    "Domestic abuse repeat rates are compared over the same April to November months of two years, the span with "
    "comparable data.",
    "Vulnerability flags depend on officers recognising and recording the victim's circumstances: they undercount, "
    "and changes may reflect awareness and recording as much as offending.",
    "Admissions rates on Fingertips and counts from the ward extract may differ where the provider suppresses small "
    "counts (*, 1 to 4): totals that include them are given as ranges.",
    "Police recorded crime reflects what is reported to and recorded by the police: changes in recording "
    "practice (such as better compliance with the National Crime Recording Standard) move the figures as well "
    "as changes in crime, so short-term trends should be read with care.",
    "A hate crime may have more than one motivating factor; it is counted once under each.",
    "Anti-social behaviour is not crime: police.uk incidents are shown separately, and their locations are "
    "anonymised to a nearby point.",
    "Police forces have moved, at different times, from the officer's judgement of injury severity to "
    "injury-based recording (CRASH), which records more casualties as seriously injured; serious and KSI counts "
    "either side of a force's change are not like for like. DfT publishes adjusted figures in its 2024+ files.",
)

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
    "Repeat victim": (
        "A domestic abuse victim with another domestic abuse incident recorded in the 365 days before the "
        "incident. An incident is a repeat when its victim is a repeat victim at that incident; the repeat "
        "rate is the share of a period's incidents that are repeats."
    ),
    "Historic offence": "An offence recorded more than 365 days after the date it was committed.",
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
    "Financial year to date": "Partner activity is reported by financial-year quarter (Q1 = April to June); Q1-Q3 is April to December.",
}

CAVEATS: tuple[str, ...] = (
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

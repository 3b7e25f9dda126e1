"""The Home Office offence classification and the project's offence definitions.

Groups and subgroups are those of the Home Office counting rules used in police
recorded crime tables (2016/17).  The definitions a review states ("violent crime",
"drug offences") are defined here once and nowhere else.
"""

from __future__ import annotations

#: Home Office offence groups and their subgroups
OFFENCE_GROUPS: dict[str, tuple[str, ...]] = {
    "Violence against the person": ("Homicide", "Violence with injury", "Violence without injury"),
    "Sexual offences": ("Most serious sexual crime", "Other sexual offences"),
    "Robbery": ("Robbery of business property", "Robbery of personal property"),
    "Theft offences": (
        "Domestic burglary",
        "Non-domestic burglary",
        "Vehicle offences",
        "Theft from the person",
        "Bicycle theft",
        "Shoplifting",
        "All other theft offences",
    ),
    "Criminal damage and arson": ("Criminal damage", "Arson"),
    "Drug offences": ("Trafficking of drugs", "Possession of drugs"),
    "Possession of weapons offences": ("Possession of weapons offences",),
    "Public order offences": ("Public order offences",),
    "Miscellaneous crimes against society": ("Miscellaneous crimes against society",),
}

SUBGROUPS = tuple(sub for subs in OFFENCE_GROUPS.values() for sub in subs)

#: Violent crime = violence against the person + robbery + sexual offences (the plan's definition)
VIOLENT_CRIME_GROUPS = ("Violence against the person", "Robbery", "Sexual offences")

#: Drug offences = possession + trafficking
DRUG_SUBGROUPS = ("Possession of drugs", "Trafficking of drugs")

#: hate crime motivations as police flag them
HATE_MOTIVATIONS = ("Race", "Religion", "Sexual orientation", "Disability", "Transgender")

#: vulnerability flags carried by the crime extract
VULNERABILITY_FLAGS = ("CSE", "Modern slavery", "Child abuse", "Gang related")

#: crime types published on police.uk (street-level data, 2013 onwards)
POLICE_UK_CRIME_TYPES = (
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
)

ANTI_SOCIAL_BEHAVIOUR = "Anti-social behaviour"


def canonical(values, known) -> dict[str, str]:
    """Map each spelling in ``values`` to its official spelling in ``known``, ignoring case and spaces."""
    by_key = {" ".join(k.split()).casefold(): k for k in known}
    return {v: by_key[" ".join(v.split()).casefold()] for v in values if " ".join(v.split()).casefold() in by_key}

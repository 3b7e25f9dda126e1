"""The demo partner returns: 2016/17 Q1-Q3 for every agency and measure of the registry.

Agencies send their quarterly returns in the two forms the reader takes: most as one
sheet each of the workbook ``partner_returns/2016-17-returns.xlsx`` (compiled by the
Community Safety Unit, with a Notes sheet first; some sheets name the agency in a column,
others leave it to the sheet name; some give the measure's label, others its id; one has
a title above the header), and Speed Watch, Kent Police and the Street Pastors as CSV
files in ``partner_returns/`` (one with a byte-order mark and the agency's name in
another case).

The quarterly values add up exactly to the partner figures of the Partnership Plan
(``seed/figures.csv`` rows whose definition starts "Partner return", and the other
numbers the plan states: Freedom Programme residents and sessions, Licence to Kill, the
Road Safety Centre, Safety in Action, the Road Safety Show, Kenward Trust outreach, the
Winter Shelter, licensed premises visits, individual interventions, KYDIS specialist
treatment, Sherwood admissions, the Street Cruiser's 13-27 young people). Measures the
plan gives no number for get plausible small values. Stocks (young people in active
treatment, exclusions in force) are written as the value at each quarter's end.
Everything is drawn from ``world.rng("partner_returns")``, so the bytes are the same on
every run (the workbook's timestamps are fixed).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import numpy as np

from cspanalysis.registry import Registry, load_registry

RELATIVE_DIR = Path("partner_returns")
WORKBOOK = RELATIVE_DIR / "2016-17-returns.xlsx"
#: agencies that send CSV files, and the file each sends
CSV_FILES = {
    "speed_watch": RELATIVE_DIR / "2016-17-speed-watch.csv",
    "kent_police": RELATIVE_DIR / "2016-17-kent-police.csv",
    "street_pastors": RELATIVE_DIR / "2016-17-street-pastors.csv",
}
QUARTERS = ("2016/17 Q1", "2016/17 Q2", "2016/17 Q3")

# --- the plan's numbers (Q1-Q3 of 2016/17 unless said) -------------------------------------
DAVSS_HIGH, DAVSS_STANDARD_OR_MEDIUM = 71, 124  # davss_referrals_high_risk, _standard_medium
MARAC_NEW, MARAC_REPEAT = 74, 19  # marac_new_cases, marac_repeat_cases
CDAP_MEN = 7  # cdap_men_supported
ISVA_VICTIMS = 39  # isva_victims_supported
SANCTUARY_PROPERTIES = 2  # sanctuary_properties
#: Freedom Programme: quarter -> town -> (residents, sessions); Q2's sessions are not stated
FREEDOM = {0: {"Edenbridge": (5, 29), "Sevenoaks": (2, 13)}, 1: {"Tonbridge": (5, None)}}
SPEEDWATCH_LETTERS = 1751  # speedwatch_letters
SPEEDWATCH_HAWKHURST = 1275  # speedwatch_letters_hawkhurst
SPEEDWATCH_FIVE_OAK_GREEN = 141  # speedwatch_letters_five_oak_green_tudeley
#: the 17 wards, parishes and towns with a Speed Watch event (speedwatch_locations)
SPEEDWATCH_LOCATIONS = (
    "Hawkhurst", "Five Oak Green and Tudeley", "Benenden", "Bidborough", "Brenchley and Matfield",
    "Cranbrook", "Frittenden", "Goudhurst", "Horsmonden", "Lamberhurst", "Langton Green",
    "Paddock Wood", "Pembury", "Rusthall", "Sandhurst", "Southborough", "Speldhurst",
)
LICENCE_TO_KILL = 141
ROAD_SAFETY_CENTRE_SCHOOLS, ROAD_SAFETY_CENTRE_CHILDREN = 4, 82
ROAD_SAFETY_SHOW_PUPILS = 800  # "approximately 800": drawn within 10 of it
SAFETY_IN_ACTION_CHILDREN, SAFETY_IN_ACTION_SCHOOLS = 400, 18  # "over 400 children from 18 schools"
STREET_PASTORS_PEOPLE = 1800  # street_pastors_people_engaged: "over 1800"
STREET_PASTORS_AMBULANCE, STREET_PASTORS_POLICE, STREET_PASTORS_CCTV = 8, 16, 18
STP_EXCLUSIONS_IN_FORCE = 11  # stp_violence_exclusions, at the end of Q3
CCTV_VIOLENT = 126  # cctv_violent_incidents
PUBWATCH_INCIDENTS = 100  # "over 100 times"
LICENSED_PREMISES_VISITS = 8
CLO_HATE_CASES = 102  # clo_hate_cases
CGL_STRUCTURED_TREATMENT = 308  # cgl_structured_treatment
ADDACTION_EARLY, ADDACTION_STARTED, ADDACTION_LEFT, ADDACTION_IN_TREATMENT = 81, 9, 37, 35
INDIVIDUAL_INTERVENTIONS_H1 = 15  # Q1-Q2
DUST_TRAINED = 20  # dust_staff_trained
KYDIS_REFERRALS, KYDIS_SPECIALIST = 8, 9  # kydis_referrals; "a further nine"
KENWARD_H1 = 700  # "over 700 young people" in Q1-Q2
CLASS_A_ARRESTS = 16  # class_a_supply_arrests
CLASS_A_AREAS = ("Town centre", "Rusthall", "Pembury", "Southborough and High Brooms")
WINTER_SHELTER_GUESTS = {"male": 6, "female": 1}  # "six men, one woman"
STREET_CRUISER_LOWEST, STREET_CRUISER_HIGHEST = 13, 27  # "13-27 young people"
SHERWOOD_ALCOHOL_H1, SHERWOOD_SUBSTANCE_H1 = 21, 3  # Q1-Q2

_FIXED_TIME = datetime(2017, 1, 20, 9, 0, 0)


def build(out_dir: Path, world, seed: int) -> list[Path]:
    """Write the demo partner returns for 2016/17 Q1-Q3 under ``out_dir``; return the files."""
    registry = load_registry()
    rng = world.rng("partner_returns")
    rows = _make_rows(registry, rng)
    out_dir = Path(out_dir)
    (out_dir / RELATIVE_DIR).mkdir(parents=True, exist_ok=True)
    written = [_write_workbook(out_dir / WORKBOOK, registry, rows)]
    for agency_id, relative in sorted(CSV_FILES.items(), key=lambda item: str(item[1])):
        written.append(_write_csv(out_dir / relative, registry, agency_id, rows[agency_id]))
    return sorted(written)


# --- values ----------------------------------------------------------------------------------


def _spread(total: int, rng: np.random.Generator, quarters: int = 3) -> list[int]:
    """Split a whole total over quarters at random (each quarter about as likely)."""
    weights = rng.dirichlet([6.0] * quarters)
    return [int(v) for v in rng.multinomial(total, weights)]


def _each(low: int, high: int, rng: np.random.Generator) -> list[int]:
    """A value from low to high (inclusive) for each quarter."""
    return [int(v) for v in rng.integers(low, high + 1, size=3)]


def _by_quarter(values, breakdown=None) -> list[tuple]:
    return [(q, breakdown, v, None) for q, v in enumerate(values)]


def _speed_watch(rng: np.random.Generator) -> dict[str, list[tuple]]:
    """Events and letters by location: Hawkhurst runs many more operations than other areas."""
    others = SPEEDWATCH_LOCATIONS[2:]
    rest = SPEEDWATCH_LETTERS - SPEEDWATCH_HAWKHURST - SPEEDWATCH_FIVE_OAK_GREEN
    other_letters = 1 + rng.multinomial(rest - len(others), rng.dirichlet([2.0] * len(others)))
    letters_total = {"Hawkhurst": SPEEDWATCH_HAWKHURST, "Five Oak Green and Tudeley": SPEEDWATCH_FIVE_OAK_GREEN}
    letters_total.update({place: int(n) for place, n in zip(others, other_letters)})
    events, letters = [], []
    for place in SPEEDWATCH_LOCATIONS:
        if place == "Hawkhurst":
            per_quarter = _each(6, 9, rng)
        else:
            per_quarter = [0, 0, 0]
            for _ in range(int(rng.integers(1, 4))):
                per_quarter[int(rng.integers(0, 3))] += 1
        active = [q for q in range(3) if per_quarter[q] > 0]
        shares = _spread(letters_total[place], rng, len(active))
        for q, n in zip(active, shares):
            events.append((q, place, per_quarter[q], None))
            letters.append((q, place, n, None))
    return {"events": events, "advisory_letters": letters}


def _make_rows(registry: Registry, rng: np.random.Generator) -> dict[str, list[tuple]]:
    """agency id -> rows (quarter index, measure id, breakdown, value, note), in writing order."""
    values: dict[tuple[str, str], list[tuple]] = {}

    def put(agency, measure, rows):
        values[(agency, measure)] = rows

    put("davss", "referrals", [
        (q, level, v, None)
        for level, total in (("high", DAVSS_HIGH), ("standard or medium", DAVSS_STANDARD_OR_MEDIUM))
        for q, v in enumerate(_spread(total, rng))
    ])
    put("davss", "training_provided", [
        (q, kind, v, None) for kind in ("awareness workshop", "professionals' training") for q, v in enumerate(_each(0, 3, rng))
    ])
    put("marac", "new_cases", _by_quarter(_spread(MARAC_NEW, rng)))
    put("marac", "repeat_cases", _by_quarter(_spread(MARAC_REPEAT, rng)))
    q2_sessions = int(rng.integers(25, 41))
    scheduled = "a further programme is scheduled for Q4"
    for measure, pick in (("programmes_run", lambda r, s: 1), ("residents", lambda r, s: r), ("sessions", lambda r, s: s)):
        rows = []
        for q in range(3):
            towns = FREEDOM.get(q)
            if not towns:
                rows.append((q, None, 0, scheduled))
                continue
            for town, (residents, sessions) in towns.items():
                rows.append((q, town, pick(residents, sessions if sessions is not None else q2_sessions), None))
        put("freedom_programme", measure, rows)
    put("cdap", "men_supported", _by_quarter(_spread(CDAP_MEN, rng)))
    put("family_matters", "victims_supported", _by_quarter(_spread(ISVA_VICTIMS, rng)))
    put("twbc_housing", "properties_secured", _by_quarter(_spread(SANCTUARY_PROPERTIES, rng)))
    put("one_stop_shop", "clients_attending", _by_quarter(_each(2, 8, rng), "Tonbridge"))

    for measure, rows in _speed_watch(rng).items():
        put("speed_watch", measure, rows)

    put("kfrs", "licence_to_kill_young_people", _by_quarter(_spread(LICENCE_TO_KILL, rng)))
    put("kfrs", "education_projects_completed", _by_quarter(_each(1, 4, rng)))
    schools = [0, 0, 0]
    for q in sorted(rng.integers(0, 3, size=ROAD_SAFETY_CENTRE_SCHOOLS)):
        schools[int(q)] += 1
    children = rng.multinomial(ROAD_SAFETY_CENTRE_CHILDREN, np.array(schools) / ROAD_SAFETY_CENTRE_SCHOOLS)
    put("kfrs", "road_safety_centre_schools", _by_quarter(schools))
    put("kfrs", "road_safety_centre_children", _by_quarter([int(c) for c in children]))
    put("kfrs", "road_safety_centre_sessions", _by_quarter(schools))
    pupils = ROAD_SAFETY_SHOW_PUPILS + int(rng.integers(-10, 11))
    goudhurst = int(rng.integers(90, 131))
    put("kfrs", "road_safety_show_pupils", [
        (0, None, 0, None), (1, None, 0, None),
        (2, "Assembly Hall Theatre", pupils - goudhurst, "Road Safety Week, November"),
        (2, "Goudhurst primary school", goudhurst, "Road Safety Week, November"),
    ])
    checks = _each(0, 1, rng)
    put("kfrs", "restorative_road_checks", _by_quarter(checks))
    put("kfrs", "road_check_drivers_engaged", _by_quarter([int(rng.integers(20, 61)) if c else 0 for c in checks]))

    put("kcc_wardens", "road_safety_presentations", [
        (q, town, v, None) for town in ("Hawkhurst", "Cranbrook") for q, v in enumerate(_each(1, 3, rng))
    ])
    put("kcc_wardens", "safety_in_action_children",
        _by_quarter([SAFETY_IN_ACTION_CHILDREN + int(rng.integers(1, 61)), 0, 0]))
    put("kcc_wardens", "safety_in_action_schools", _by_quarter([SAFETY_IN_ACTION_SCHOOLS, 0, 0]))

    put("street_pastors", "people_engaged", _by_quarter(_spread(STREET_PASTORS_PEOPLE + int(rng.integers(1, 100)), rng)))
    put("street_pastors", "ambulance_calls", _by_quarter(_spread(STREET_PASTORS_AMBULANCE, rng)))
    put("street_pastors", "police_calls", _by_quarter(_spread(STREET_PASTORS_POLICE, rng)))
    put("street_pastors", "cctv_calls", _by_quarter(_spread(STREET_PASTORS_CCTV, rng)))
    put("street_pastors", "statements_given", _by_quarter(_each(0, 3, rng)))

    first = STP_EXCLUSIONS_IN_FORCE - int(rng.integers(2, 5))
    put("safe_town_partnership", "violence_exclusions_in_force",
        _by_quarter([first, int(rng.integers(first, STP_EXCLUSIONS_IN_FORCE + 1)), STP_EXCLUSIONS_IN_FORCE]))
    put("twbc_cctv", "violent_incidents_monitored", _by_quarter(_spread(CCTV_VIOLENT, rng)))
    put("twbc_cctv", "pubwatch_incidents_monitored", _by_quarter(_spread(PUBWATCH_INCIDENTS + int(rng.integers(1, 31)), rng)))
    put("kent_police_licensing", "licensed_premises_visits", _by_quarter(_spread(LICENSED_PREMISES_VISITS, rng)))
    put("kent_police_licensing", "licensing_training_sessions", _by_quarter(_each(1, 3, rng)))
    put("clo", "hate_cases", _by_quarter(_spread(CLO_HATE_CASES, rng)))

    put("cgl", "structured_treatment", _by_quarter(_spread(CGL_STRUCTURED_TREATMENT, rng)))
    put("cgl", "hotspot_individuals_engaged", [
        (q, place, v, None)
        for place in ("Town centre", "Sherwood", "Southborough and High Brooms")
        for q, v in enumerate(_each(5, 25, rng))
    ])
    put("cgl", "offending_individuals_engaged", [
        (q, kind, v, None) for kind in ("group", "one-to-one") for q, v in enumerate(_each(3, 15, rng))
    ])
    started, left = _spread(ADDACTION_STARTED, rng), _spread(ADDACTION_LEFT, rng)
    stock = ADDACTION_IN_TREATMENT - ADDACTION_STARTED + ADDACTION_LEFT  # at the start of Q1
    in_treatment = [int(stock + sum(started[: q + 1]) - sum(left[: q + 1])) for q in range(3)]
    put("addaction", "early_intervention_young_people", _by_quarter(_spread(ADDACTION_EARLY, rng)))
    put("addaction", "individual_interventions",
        _by_quarter(_spread(INDIVIDUAL_INTERVENTIONS_H1, rng, 2) + [int(rng.integers(4, 11))]))
    put("addaction", "started_treatment", _by_quarter(started))
    put("addaction", "left_treatment", _by_quarter(left))
    put("addaction", "in_active_treatment", [(q, None, v, "at the end of the quarter") for q, v in enumerate(in_treatment)])
    put("addaction", "dust_staff_trained", _by_quarter(_spread(DUST_TRAINED, rng), "Tunbridge Wells Hospital"))
    put("kydis", "referrals", _by_quarter(_spread(KYDIS_REFERRALS, rng)))
    put("kydis", "specialist_treatment", _by_quarter(_spread(KYDIS_SPECIALIST, rng)))
    put("kenward_trust", "outreach_young_people",
        _by_quarter(_spread(KENWARD_H1 + int(rng.integers(1, 100)), rng, 2) + [int(rng.integers(80, 201))]))

    areas = 1 + rng.multinomial(CLASS_A_ARRESTS - len(CLASS_A_AREAS), rng.dirichlet([2.0] * len(CLASS_A_AREAS)))
    put("kent_police", "class_a_supply_arrests", [
        (q, area, v, None) for area, total in zip(CLASS_A_AREAS, areas) for q, v in enumerate(_spread(int(total), rng))
    ])
    put("kent_police", "gang_arrests", _by_quarter(_each(0, 4, rng)))
    put("kent_police", "gang_prosecutions", _by_quarter(_each(0, 2, rng)))
    put("kent_police", "alcohol_control_zone_dispersals", _by_quarter(_each(5, 20, rng)))
    put("kent_police", "speed_watch_operations_attended", _by_quarter(_each(3, 5, rng)))

    closed = "the shelter was not open"
    put("winter_shelter", "guests_substance_misuse",
        [(0, None, 0, closed), (1, None, 0, closed)] + [(2, sex, n, None) for sex, n in WINTER_SHELTER_GUESTS.items()])
    put("winter_shelter", "guests_offenders", [(0, None, 0, closed), (1, None, 0, closed), (2, None, int(rng.integers(2, 6)), None)])
    put("winter_shelter", "guests_positive_outcomes",
        [(0, None, 0, closed), (1, None, 0, closed), (2, None, int(rng.integers(1, 5)), None)])

    put("street_cruiser", "evenings_held", _by_quarter([13 - int(v) for v in rng.integers(0, 3, size=3)]))
    quietest, busiest = int(rng.integers(0, 3)), int(rng.integers(0, 3))
    put("street_cruiser", "evening_attendance_lowest", _by_quarter(
        [STREET_CRUISER_LOWEST if q == quietest else STREET_CRUISER_LOWEST + int(rng.integers(1, 6)) for q in range(3)]))
    put("street_cruiser", "evening_attendance_highest", _by_quarter(
        [STREET_CRUISER_HIGHEST if q == busiest else STREET_CRUISER_HIGHEST - int(rng.integers(1, 7)) for q in range(3)]))
    put("sherwood_partnership", "alcohol_related_admissions",
        _by_quarter(_spread(SHERWOOD_ALCOHOL_H1, rng, 2) + [int(rng.integers(6, 13))]))
    put("sherwood_partnership", "substance_admissions",
        _by_quarter(_spread(SHERWOOD_SUBSTANCE_H1, rng, 2) + [int(rng.integers(0, 3))]))
    put("trading_standards", "underage_test_purchases", _by_quarter(_each(0, 2, rng)))
    put("phe", "iba_professionals_trained", _by_quarter(_each(0, 10, rng)))

    put("csu", "road_safety_campaigns_supported", [
        (0, "pedestrian safety month", 1, None), (1, "'20 is plenty'", 1, None), (2, "Road Safety Week", 1, None),
    ])
    put("csu", "road_safety_week_activities", _by_quarter([0, 0, int(rng.integers(3, 7))]))
    put("csu", "twenty_is_plenty_meetings", _by_quarter(_each(1, 3, rng)))
    put("csu", "pspo_enforcements", [(q, None, 0, "no Public Spaces Protection Order in force yet") for q in range(3)])
    put("csu", "awareness_campaigns", [
        (0, None, 0, None), (1, None, 0, None),
        (2, "Anti-Slavery Day", 1, None), (2, "Counter Terrorism Awareness Week", 1, None),
    ])
    put("csu", "awareness_training_staff", [
        (q, theme, v, None) for theme in ("CSE", "modern slavery", "Prevent") for q, v in enumerate(_each(0, 15, rng))
    ])

    rows: dict[str, list[tuple]] = {}
    for agency in registry.agencies:
        agency_rows = []
        for measure in agency.measures:
            generated = values.get((agency.id, measure.id))
            if generated is None:  # a measure added to the registry later: small counts, no breakdown
                generated = _by_quarter(_each(0, 10, rng))
            agency_rows += [(q, measure.id, breakdown, value, note) for q, breakdown, value, note in generated]
        rows[agency.id] = sorted(agency_rows, key=lambda r: r[0])  # stable: quarter, then registry order
    return rows


# --- writing ---------------------------------------------------------------------------------


def _write_csv(path: Path, registry: Registry, agency_id: str, rows: list[tuple]) -> Path:
    agency = registry.get_agency(agency_id)
    written_as = {"kent_police": "Kent police"}.get(agency_id, agency.short_name)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["period", "agency", "measure", "value", "breakdown", "note"])
    for q, measure, breakdown, value, note in rows:
        writer.writerow([QUARTERS[q], written_as, measure, value, breakdown or "", note or ""])
    bom = "\ufeff" if agency_id == "kent_police" else ""
    path.write_text(bom + buffer.getvalue(), encoding="utf-8", newline="")
    return path


def _write_workbook(path: Path, registry: Registry, rows: dict[str, list[tuple]]) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    notes = workbook.active
    notes.title = "Notes"
    notes.append(["Tunbridge Wells Community Safety Partnership: partner returns 2016/17 Q1-Q3"])
    notes.append(["Compiled by the Community Safety Unit from the agencies' quarterly returns; one sheet per agency."])
    notes.append(["Speed Watch, Kent Police and the Street Pastors send CSV files, kept beside this workbook."])
    workbook.properties.creator = "Tunbridge Wells Community Safety Unit"
    workbook.properties.created = _FIXED_TIME
    sheets = [a for a in registry.agencies if a.id not in CSV_FILES]
    for number, agency in enumerate(sheets):
        sheet = workbook.create_sheet(agency.sheet_name)
        named = number % 2 == 0  # every other sheet names the agency in a column
        if number % 5 == 3:  # a title above the header, as some agencies send it
            sheet.append([f"{agency.name}: quarterly return to the Community Safety Partnership"])
            sheet.append([])
        header = ["period"] + (["agency"] if named else []) + ["measure", "breakdown", "value", "note"]
        sheet.append(header if number % 3 else [h.capitalize() for h in header])
        for q, measure_id, breakdown, value, note in rows[agency.id]:
            measure = agency.find_measure(measure_id)
            written = measure.label if named else measure.id
            sheet.append([QUARTERS[q]] + ([agency.short_name] if named else []) + [written, breakdown, value, note])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(_fixed_zip(buffer.getvalue()))
    return path


def _fixed_zip(data: bytes) -> bytes:
    """The workbook's zip with fixed member times and modification date, for the same bytes every run."""
    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>" + stamp.encode() + rb"\g<2>", content)
            member = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = info.external_attr
            target.writestr(member, content)
    return out.getvalue()


__all__ = ["CSV_FILES", "QUARTERS", "RELATIVE_DIR", "WORKBOOK", "build"]

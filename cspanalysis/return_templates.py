"""Partner return templates: an XLSX workbook per agency and quarter, ready to fill in and send back.

``write_return_template`` writes a workbook with two sheets:

* **Cover**: the agency, the quarter and its dates, how to fill the return in, and whom to
  send it to (the ``contact`` of the action plans);
* **the agency's sheet**, named after the agency's short name (its XLSX sheet name in the
  registry), in the layout ``cspanalysis.sources.partner_returns.read_partner_returns``
  reads: a title, then the header ``period, measure, value, breakdown, note`` followed by
  columns the reader ignores (``label, unit, what to count, asked for by``), one row per
  measure with the period and the measure id filled in and the value left blank.

Which measures: exactly those the action plans bind to the agency (in the plans' order),
because the action plans are what the partnership monitors each quarter.  With
``all_measures=True`` the agency's other registry measures follow them, marked "review of
the year": the yearly review also reports measures no action asks for (Speed Watch's
advisory letters, KFRS's Licence to Kill), so the community safety team sends the full
template once a year, or to an agency no action names.  An agency the action plans ask
nothing of is a ``ConfigError`` unless ``all_measures`` is set.

Validation in the sheet: value cells (of the measure rows and 200 rows below them, for
breakdown rows an agency adds) accept only whole numbers of 0 or more; breakdown cells of
measures with a closed list of values (a risk level, a sex) offer that list; the period
column accepts only the template's quarter.  The reader checks all of this again when the
return comes back.  Cover text that a spreadsheet could take for a formula is neutralised.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from cspanalysis import paths
from cspanalysis.action_plans import DEFAULT_ACTION_PLANS, ActionPlans, load_action_plans
from cspanalysis.errors import ConfigError
from cspanalysis.registry import Agency, Measure, Registry, load_registry
from cspanalysis.sources.partner_returns import FinancialQuarter, parse_quarter
from cspanalysis.tables import neutralise_cell

#: the header of the agency sheet: the reader's columns first, then columns it ignores
HEADER = ("period", "measure", "value", "breakdown", "note", "label", "unit", "what to count", "asked for by")
#: the row the header is on (the reader looks for it in the first 10 rows)
HEADER_ROW = 4
#: rows below the measure rows that still validate values (room for breakdown rows)
SPARE_ROWS = 200

_WIDTHS = (12, 34, 10, 22, 28, 44, 14, 70, 30)


@dataclass(frozen=True)
class TemplateRow:
    """A measure in a template and why it is asked for."""

    measure: Measure
    asked_for_by: str


def list_template_measures(agency: Agency, registry: Registry, action_plans: ActionPlans, *,
                           all_measures: bool = False) -> list[TemplateRow]:
    """The measures a template asks of the agency: the action plans' (in order), then, if asked, its other measures."""
    rows = [
        TemplateRow(registry.get_measure(agency.id, measure_id), "; ".join(action_plans.list_asked_by(agency.id, measure_id)))
        for _agency, measure_id in action_plans.list_returns(agency.id)
    ]
    if all_measures:
        asked = {row.measure.id for row in rows}
        rows += [TemplateRow(m, "review of the year") for m in agency.measures if m.id not in asked]
    if not rows:
        raise ConfigError(
            f"the action plans ({action_plans.path}) ask {agency.short_name} for no measure: "
            "use all_measures (--all-measures) for a template of all its registry measures"
        )
    return rows


def write_return_template(agency: str, period: str, registry: Registry, action_plans: ActionPlans, path: str | Path,
                          *, all_measures: bool = False) -> Path:
    """Write the XLSX return template of ``agency`` (id, name or alias) for ``period`` (``2017/18 Q1``) to ``path``."""
    from openpyxl import Workbook

    found = registry.get_agency(agency)
    quarter = parse_quarter(period)
    rows = list_template_measures(found, registry, action_plans, all_measures=all_measures)
    workbook = Workbook()
    _write_cover(workbook.active, found, quarter, rows, action_plans)
    _write_return_sheet(workbook.create_sheet(found.sheet_name), found, quarter, rows, registry)
    workbook.properties.creator = action_plans.contact.get("team", "Community Safety Partnership")
    workbook.properties.title = f"{found.short_name} partner return {quarter.label}"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def _write_cover(sheet, agency: Agency, quarter: FinancialQuarter, rows: list[TemplateRow], plans: ActionPlans) -> None:
    from openpyxl.styles import Font

    sheet.title = "Cover"
    dates = f"{quarter.start.day} {quarter.start:%B %Y} to {quarter.end.day} {quarter.end:%B %Y}"
    contact = plans.contact
    lines = [
        (f"Partner return to the Community Safety Partnership: {agency.short_name}, {quarter.label}", "title"),
        ("", None),
        ("Agency", agency.name),
        ("Sheet to fill in", agency.sheet_name),
        ("Quarter", f"{quarter.label} ({dates})"),
        ("Measures asked for", f"{len(rows)}, from {plans.plan} ({plans.plan_year} action plans)"),
        ("", None),
        ("How to fill in this return", "heading"),
        ("1", f"On the sheet {agency.sheet_name!r}, write in the value column a whole number of 0 or more for every "
              "measure: what happened in the quarter (for stocks, such as people in treatment, the number at its end)."),
        ("2", "Write 0 when nothing happened; leave no value blank. Do not change the period or measure columns."),
        ("3", "To give a breakdown (by risk level, place or type), replace the measure's row by one row per "
              "breakdown value, each with its own value; give either the breakdown rows or the total, not both."),
        ("4", "Use the note column for anything the numbers need explaining; 'what to count' says exactly what each "
              "measure counts."),
        ("5", "Keep the sheet names and the header row as they are, then send the workbook back."),
        ("", None),
        ("Contact", "heading"),
        *[(key.capitalize(), value) for key, value in contact.items()],
    ]
    for number, (first, second) in enumerate(lines, start=1):
        if second == "title":
            sheet.cell(number, 1, neutralise_cell(first)).font = Font(bold=True, size=14)
        elif second == "heading":
            sheet.cell(number, 1, neutralise_cell(first)).font = Font(bold=True)
        else:
            sheet.cell(number, 1, neutralise_cell(first) or None)
            sheet.cell(number, 2, neutralise_cell(second) or None)
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 110


def _write_return_sheet(sheet, agency: Agency, quarter: FinancialQuarter, rows: list[TemplateRow],
                        registry: Registry) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet.cell(1, 1, f"{agency.name}: quarterly return, {quarter.label}").font = Font(bold=True, size=13)
    sheet.cell(2, 1, "Fill in the value column: whole numbers of 0 or more (see the Cover sheet).")
    for column, name in enumerate(HEADER, start=1):
        sheet.cell(HEADER_ROW, column, name).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = _WIDTHS[column - 1]
    first = HEADER_ROW + 1
    last = first + len(rows) - 1
    closed: dict[str, DataValidation] = {}
    for number, row in enumerate(rows, start=first):
        measure = row.measure
        kind = registry.breakdowns[measure.breakdown]
        cells = [quarter.label, measure.id, None, None, None, measure.label, measure.unit,
                 measure.description + _breakdown_hint(kind), row.asked_for_by]
        for column, value in enumerate(cells, start=1):
            sheet.cell(number, column, neutralise_cell(value))
        if kind.values:
            if kind.id not in closed:
                closed[kind.id] = DataValidation(
                    type="list", formula1='"' + ",".join(kind.values) + '"', allow_blank=True, showErrorMessage=True,
                    errorTitle="Not a breakdown value", error=f"Choose one of: {', '.join(kind.values)}",
                )
            closed[kind.id].add(f"D{number}")
    values = DataValidation(
        type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True, showErrorMessage=True,
        errorTitle="Not a count", error="Enter a whole number of 0 or more.",
        showInputMessage=True, promptTitle="Value", prompt="A whole number of 0 or more (0 when nothing happened).",
    )
    values.add(f"C{first}:C{last + SPARE_ROWS}")
    period = DataValidation(
        type="list", formula1=f'"{quarter.label}"', allow_blank=True, showErrorMessage=True,
        errorTitle="Another quarter", error=f"This return is for {quarter.label} only.",
    )
    period.add(f"A{first}:A{last + SPARE_ROWS}")
    for validation in (values, period, *closed.values()):
        sheet.add_data_validation(validation)
    sheet.freeze_panes = f"A{first}"


def _breakdown_hint(kind) -> str:
    if kind.id == "none":
        return ""
    if kind.values:
        return f" Breakdown allowed: {kind.description.rstrip('.')}; one of {', '.join(kind.values)}."
    return f" Breakdown allowed: {kind.description.rstrip('.')}."


# --- command line ---------------------------------------------------------------------------------


def default_template_path(agency: Agency, quarter: FinancialQuarter) -> Path:
    """outputs/templates/<agency id>-<2017-18-q1>.xlsx"""
    slug = re.sub(r"[^a-z0-9]+", "-", quarter.label.lower()).strip("-")
    return paths.OUTPUTS_DIR / "templates" / f"{agency.id}-{slug}.xlsx"


def _run_template(args) -> int:
    registry = load_registry(args.registry) if args.registry else load_registry()
    plans = load_action_plans(args.action_plans, registry)
    agency = registry.get_agency(args.agency)
    quarter = parse_quarter(args.period)
    target = Path(args.out) if args.out else default_template_path(agency, quarter)
    written = write_return_template(agency.id, quarter.label, registry, plans, target, all_measures=args.all_measures)
    print(f"wrote the {quarter.label} return template of {agency.short_name} to {written}", file=sys.stderr)
    return 0


def add_template_parser(subparsers) -> argparse.ArgumentParser:
    """Add ``cspanalysis template --agency NAME --period "2017/18 Q1" [--out FILE]`` to the command line."""
    parser = subparsers.add_parser("template", help="write a partner agency's quarterly return template (XLSX)")
    parser.add_argument("--agency", required=True, help="agency id, name or alias from config/partner-measures.yml")
    parser.add_argument("--period", required=True, help='financial-year quarter, e.g. "2017/18 Q1"')
    parser.add_argument("--out", help="file to write (default: outputs/templates/<agency>-<quarter>.xlsx)")
    parser.add_argument("--all-measures", action="store_true",
                        help="also list the agency's registry measures no action asks for (the review of the year's)")
    parser.add_argument("--action-plans", default=str(DEFAULT_ACTION_PLANS), help="action plans YAML (default: %(default)s)")
    parser.add_argument("--registry", help="registry of agencies and measures (default: config/partner-measures.yml)")
    parser.set_defaults(handler=_run_template)
    return parser


__all__ = ["HEADER", "HEADER_ROW", "SPARE_ROWS", "TemplateRow", "add_template_parser", "default_template_path",
           "list_template_measures", "write_return_template"]

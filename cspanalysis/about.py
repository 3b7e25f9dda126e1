"""The "About the data" appendix, generated from the run: sources, periods, definitions, caveats, disclosure."""

from __future__ import annotations

import html
import json
from pathlib import Path

from cspanalysis.config import ReviewConfig
from cspanalysis.definitions import CAVEATS, DEFINITIONS

_QUALITY_WORDS = {
    "rows": "rows read",
    "duplicate_rows_dropped": "exact duplicate rows dropped",
    "blank_lsoa": "rows without an LSOA",
}


def _value(value) -> str:
    return f"{value:,.1f}" if isinstance(value, float) else str(value)


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="data-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def about_the_data(config: ReviewConfig, staging: Path, sources: dict[str, list[dict]], quality: dict,
                   revisions: list[dict] | None = None, figures: dict | None = None) -> str:
    """The appendix as HTML in a markdown cell."""
    parts = ['<h2 id="about-the-data">About the data</h2>']
    workbook = staging / "tables" / "tables.xlsx"
    if workbook.exists():
        size = workbook.stat().st_size
        parts.append(f'<p class="table-download">Every table of this review in one workbook: '
                     f'<a href="tables/tables.xlsx" download>Download all tables (XLSX, {size / 1024:.0f} KB)</a>, '
                     "with a cover sheet, contents and notes. Each table can also be downloaded as CSV under it.</p>")

    parts.append('<h3 id="about-sources">Sources</h3>')
    rows = []
    for name, files in sources.items():
        for entry in files:
            rows.append([name, entry["file"], f'{entry["bytes"]:,}', entry["sha256"]])
    parts.append('<details><summary>Files read by this run, with their SHA-256 checksums '
                 f'({len(rows)} files)</summary>' + _table(["Source", "File", "Bytes", "SHA-256"], rows) + "</details>")
    notes = []
    for name, tables in quality.items():
        for table, facts in tables.items():
            described = ", ".join(f"{facts[k]:,} {w}" for k, w in _QUALITY_WORDS.items() if facts.get(k))
            if described:
                notes.append([name, table, described])
    if notes:
        parts.append("<p>What the readers found and did:</p>" + _table(["Source", "Table", "Notes"], notes))

    if revisions:
        parts.append('<h3 id="about-revisions">Revisions</h3>')
        parts.append("<p>Figures marked [r] differ from the last published run of this review "
                     "(data are revised as records are reclassified or arrive late):</p>")
        parts.append(_table(["Figure", "Before", "Now"], [[f"{r['figure']} [r]", _value(r["before"]), _value(r["now"])] for r in revisions]))

    parts.append('<h3 id="about-periods">Periods</h3>')
    parts.append(_table(["Used for", "Period"], [[k.replace("_", " ").capitalize(), p.label] for k, p in config.periods.items()]))

    parts.append('<h3 id="about-definitions">Definitions</h3><dl>')
    for term, text in DEFINITIONS.items():
        parts.append(f"<dt><strong>{html.escape(term)}</strong></dt><dd>{html.escape(text)}</dd>")
    parts.append("</dl>")

    parts.append('<h3 id="about-caveats">Caveats</h3><ul>' + "".join(f"<li>{html.escape(c)}</li>" for c in CAVEATS) + "</ul>")

    if config.published and figures is not None:
        from cspanalysis.published import find_errata, read_published

        errata = find_errata(read_published(config.published), figures)
        parts.append('<h3 id="about-errata">Errata: where this review differs from the published plan</h3>')
        if errata:
            parts.append("<p>These figures, computed from the records and rounded as the plan rounds them, are not "
                         "what the plan printed. The review states the computed figure.</p>")
            parts.append(_table(["Figure", "The plan printed", "Computed", "The plan's words"],
                                [[e.figure.id, e.figure.printed, e.shown, e.figure.words] for e in errata]))
        else:
            parts.append("<p>Every figure the plan printed that this review computes agrees with the plan.</p>")

    parts.append('<h3 id="about-disclosure">Disclosure control</h3>')
    parts.append(
        "<p>Domestic abuse, sexual offence and hate crime figures are criminal-offence data. Every published "
        "table passes through one disclosure function with a policy per table; suppressed cells show "
        "<code>[c]</code>, further cells are suppressed where a total would reveal them, and rates or changes "
        "are withheld when their count is.</p>"
    )
    logs = [json.loads(p.read_text()) for p in sorted((staging / "disclosure").glob("*.json"))]
    rows = [[entry["title"], entry["policy"], str(len(entry["suppressed"]))] for entry in logs]
    if rows:
        parts.append(_table(["Table", "Policy", "Cells suppressed"], rows))
    return "\n".join(parts)

"""What a section notebook talks to: its data, periods, figures, tables, charts and sentences.

A notebook opens its section once::

    section = open_section("overview", review_config, district, output_dir)

and then only calls the package.  ``output_dir`` is the run's staging folder (the
run passes it); left empty, as in JupyterLab, a scratch folder under
``outputs/_scratch/`` is used, so an analyst can run a notebook on its own.
Everything a section publishes goes through here:

* ``record(id, value)``: a headline figure, into ``figures/<section>.json``;
* ``publish_table(name, frame, ...)``: through disclosure control into
  ``tables/<section>-<name>.csv``, shown with its caption and download link;
* ``show_chart(chart, name)``: PNG with alt text in the review, SVG in ``charts/``;
* ``say(text)``: a generated sentence, escaped, as HTML.
"""

from __future__ import annotations

import base64
import html
import io
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import mistune
import numpy as np
import pandas as pd

from cspanalysis import paths
from cspanalysis.config import DISTRICT_SOURCES, ReviewConfig, load_config
from cspanalysis.errors import ConfigError
from cspanalysis.periods import Period
from cspanalysis.plots import Chart
from cspanalysis.prepare import load_table, prepare, processed_dir_for
from cspanalysis.tables import write_csv

_markdown = mistune.create_markdown(escape=True)


def _plain(value):
    """A value as JSON holds it: numpy numbers to Python, sets sorted into lists."""
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        value = float(value)
        return None if math.isnan(value) else value
    if isinstance(value, (set, frozenset, tuple, list, pd.Index, np.ndarray, pd.Series)):
        return [_plain(v) for v in (sorted(value) if isinstance(value, (set, frozenset)) else list(value))]
    if isinstance(value, (np.bool_,)):
        return bool(value)
    return value


@dataclass
class Shown:
    """Rich output for the notebook and the stitched review."""

    html_text: str

    def _repr_html_(self) -> str:
        return self.html_text


@dataclass
class ChartOutput:
    png: bytes
    alt: str

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"image/png": base64.b64encode(self.png).decode("ascii"), "text/plain": self.alt}
        return data, {"image/png": {"alt": self.alt}}


@dataclass
class Section:
    """One section of one review run."""

    name: str
    config: ReviewConfig
    output_dir: Path
    processed_dir: Path
    _figures: dict = field(default_factory=dict)

    @property
    def district(self) -> str:
        return self.config.district

    def period(self, name: str) -> Period:
        return self.config.period(name)

    def setting(self, name: str, default=None):
        return self.config.setting(self.name, name, default)

    def has_source(self, name: str) -> bool:
        """Whether this review has the source: a review of another district than the config's has no
        district-only source (``config.DISTRICT_SOURCES``, e.g. partner returns), and its sections
        say so instead of reading it."""
        return name in self.config.sources

    def data(self, table: str) -> pd.DataFrame:
        """A processed table (see ``cspanalysis.sources.LOADERS`` for the names).

        A district-only source this review does not have is refused even though the processed
        table of the configured district may be on disk: check ``has_source`` first."""
        if table in DISTRICT_SOURCES and not self.has_source(table):
            raise ConfigError(f"the review of {self.district} has no source {table!r}: it holds the configured "
                              f"district's data only; check section.has_source({table!r}) first")
        return load_table(self.processed_dir, table)

    # -- figures ---------------------------------------------------------------------------
    def record(self, figure_id: str, value) -> None:
        """Record a headline figure under its id (figures.csv ids where they apply)."""
        self._figures[figure_id] = _plain(value)
        target = self.output_dir / "figures" / f"{self.name}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(self._figures, indent=1, sort_keys=True, ensure_ascii=False) + "\n")

    # -- tables ----------------------------------------------------------------------------
    def publish_table(self, name: str, frame: pd.DataFrame, *, title: str, policy: str = "none",
                      notes: str = "", **protect_options) -> Shown:
        """Publish a table: disclosure control, CSV download, and an accessible HTML table."""
        from cspanalysis.disclosure import protect_table

        protected = protect_table(frame, policy, name=f"{self.name}-{name}", **protect_options)
        shown = protected.table
        slug = f"{self.name}-{name}"
        target = write_csv(shown, self.output_dir / "tables" / f"{slug}.csv")
        log = self.output_dir / "disclosure" / f"{slug}.json"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(json.dumps({"table": slug, "title": title, "policy": policy, "footnote": protected.footnote,
                                   "notes": notes, "suppressed": protected.suppressed_cells()},
                                  indent=1, sort_keys=True) + "\n")
        size = target.stat().st_size
        body = shown.to_html(index=False, escape=True, border=0, classes="data-table", na_rep="",
                             float_format=lambda v: f"{v:,.1f}")
        body = body.replace("<table", f'<table aria-label="{html.escape(title)}"', 1)
        caption = f'<p class="table-title"><strong>{html.escape(title)}</strong></p>'
        footnote = f'<p class="table-note">{html.escape(protected.footnote)}</p>' if protected.footnote else ""
        extra = f'<p class="table-note">{html.escape(notes)}</p>' if notes else ""
        link = (f'<p class="table-download"><a href="tables/{slug}.csv" download>Download this table '
                f'(CSV, {_size(size)})</a></p>')
        return Shown(f'<figure class="table" id="table-{slug}">{caption}{body}{footnote}{extra}{link}</figure>')

    # -- charts ----------------------------------------------------------------------------
    def show_chart(self, chart: Chart, name: str) -> ChartOutput:
        """Save the chart as SVG beside the review and show it as a PNG with its alt text."""
        folder = self.output_dir / "charts"
        folder.mkdir(parents=True, exist_ok=True)
        chart.figure.savefig(folder / f"{self.name}-{name}.svg", format="svg", metadata={"Date": None}, bbox_inches="tight")
        buffer = io.BytesIO()
        chart.figure.savefig(buffer, format="png", dpi=110, metadata={"Software": None}, bbox_inches="tight")
        return ChartOutput(buffer.getvalue(), chart.alt)

    # -- words -----------------------------------------------------------------------------
    def say(self, text: str) -> Shown:
        """A generated sentence or paragraph (markdown), with any HTML in it escaped."""
        return Shown(f'<div class="narrative">{_markdown(text)}</div>')


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} bytes"


def open_section(name: str, review_config: str, district: str = "", output_dir: str = "") -> Section:
    """Open a section for a notebook; prepares the data first if it has not been prepared."""
    config = load_config(review_config)
    if district and district != config.district:
        config = config.with_district(district)
    out = Path(output_dir) if output_dir else paths.OUTPUTS_DIR / "_scratch" / config.review
    out.mkdir(parents=True, exist_ok=True)
    processed = processed_dir_for(config)
    if not (processed / "inputs.json").exists():
        prepare(config)
    if not name.isidentifier():
        raise ConfigError(f"section name {name!r} must be a plain word like overview")
    return Section(name=name, config=config, output_dir=out, processed_dir=processed)

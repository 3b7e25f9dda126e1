"""Stitching executed section notebooks into one self-contained HTML review.

nbconvert cannot merge notebooks, so the cells are joined with nbformat into one
notebook (cell ids made unique, each section's headings demoted under a page title,
the parameter cells dropped) and exported once with the project's template
(``cspanalysis/templates/review``): no code, no prompts, images embedded with alt
text, no external scripts, fonts or styles, a contents list linking to each section.

Outputs (the only place data reaches the page) are sanitised with bleach against an
allow-list; markdown cells are the analysts' own reviewed text and keep their
headings' ids so in-page links work.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import bleach
import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor

from cspanalysis import __version__

TEMPLATE_DIR = Path(__file__).parent / "templates"

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "div", "dl", "dt", "em", "figure",
    "figcaption", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "small", "span",
    "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": ["class", "id", "aria-label", "title"],
    "a": ["href", "download"],
    "td": ["colspan", "rowspan"],
    "th": ["colspan", "rowspan", "scope"],
}


class SanitiseOutputs(Preprocessor):
    """Clean every HTML output against the allow-list; drop script and JavaScript outputs."""

    def preprocess_cell(self, cell, resources, index):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            for mime in [m for m in data if "javascript" in m or m.startswith("application/vnd")]:
                del data[mime]
            if "text/html" in data:
                data["text/html"] = bleach.clean(
                    data["text/html"], tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                    protocols={"http", "https", "mailto"}, strip=True,
                )
        return cell, resources


def _demote(source: str) -> str:
    """Headings one level down (# -> ##), so the page has a single top heading."""
    return re.sub(r"^(#{1,5})(\s)", r"#\1\2", source, flags=re.MULTILINE)


def _section_title(notebook) -> str:
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, flags=re.MULTILINE)
            if match:
                return match.group(1).strip()
    return notebook.metadata.get("title", "Section")


def join_notebooks(title: str, subtitle: str, sections: list[tuple[str, Path]], appendix: str, stamp: str):
    """One notebook: title page, contents, each section's cells, About the data."""
    joined = nbformat.v4.new_notebook()
    joined.metadata["language_info"] = {"name": "python"}
    joined.metadata["title"] = title
    contents, cells = [], []
    for anchor, path in sections:
        notebook = nbformat.read(path, as_version=4)
        section_title = _section_title(notebook)
        contents.append(f'<li><a href="#{anchor}">{html.escape(section_title)}</a></li>')
        first_heading_done = False
        for position, cell in enumerate(notebook.cells):
            tags = cell.metadata.get("tags", [])
            if "parameters" in tags or "injected-parameters" in tags:
                continue
            if cell.cell_type == "code" and not cell.get("outputs"):
                continue
            cell = nbformat.from_dict(dict(cell))
            cell.id = f"{anchor}-{position}"
            if cell.cell_type == "markdown":
                source = cell.source
                if not first_heading_done and re.search(r"^#\s+", source, flags=re.MULTILINE):
                    source = re.sub(r"^#\s+(.+)$", lambda m: f'<h2 id="{anchor}">{html.escape(m.group(1).strip())}</h2>',
                                    source, count=1, flags=re.MULTILINE)
                    first_heading_done = True
                cell.source = _demote(source)
            cells.append(cell)
    contents.append('<li><a href="#about-the-data">About the data</a></li>')
    front = (f'<h1 id="top">{html.escape(title)}</h1>\n\n<p class="subtitle">{html.escape(subtitle)}</p>\n\n'
             f'<nav aria-label="Contents"><h2 id="contents">Contents</h2><ol class="contents">{"".join(contents)}</ol></nav>')
    joined.cells = [nbformat.v4.new_markdown_cell(front, id="front")] + cells + [
        nbformat.v4.new_markdown_cell(appendix, id="about-the-data-cell")
    ]
    joined.metadata["cspanalysis"] = {"stamp": stamp, "version": __version__}
    return joined


def export_html(notebook) -> str:
    """The stitched notebook as one offline HTML page, with no code and sanitised outputs."""
    exporter = HTMLExporter(
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        template_name="review",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        mathjax_url="",
        require_js_url="",
        anchor_link_text="",
    )
    exporter.register_preprocessor(SanitiseOutputs(), enabled=True)
    body, _resources = exporter.from_notebook_node(notebook)
    return body

"""Offline, self-contained HTML from an executed notebook.

One ``HTMLExporter`` per process and option set is built once and reused (building
one costs more than rendering a report). The ``newsdesk_report`` template (under
``newsdesk/templates``) drops every CDN script of the stock template and adds a
Content-Security-Policy that forbids scripts and network fetches; plots are inline
``data:`` images, each with the alt text its output metadata carries (``alt_text_html``);
code is hidden unless ``show_code``. The footer lists the
parameters, package versions, article and corpus hashes and, where the licence
requires it, the CC BY attribution. Everything taken from an article is escaped here.

>>> footer_html(ReportMeta(report="quotes", parameters={"article_id": "a<b"}))[:30]
'<dl><dt>Report</dt><dd>quotes<'
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import config

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"
TEMPLATE_NAME = "newsdesk_report"


@dataclass
class ReportMeta:
    """What the header and footer of one report page show (all plain text, escaped on output)."""

    report: str
    parameters: dict[str, Any] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)  # the notebook's own, as written in it
    article_id: str | None = None
    title: str | None = None
    source: str | None = None
    date: str | None = None
    url: str | None = None
    content_hash: str | None = None
    corpus_hash: str | None = None
    versions: dict[str, str] = field(default_factory=dict)
    attribution: str | None = None
    index_href: str = "../index.html"


def attribution_text(licence: str | None, attribution: str | None, licence_url: str | None = None,
                     title: str | None = None, url: str | None = None, changes: str | None = None) -> str | None:
    """Return the attribution line an article's licence requires, or ``None`` if none is needed.

    Creative Commons BY licences (any BY variant) require naming the author, the
    licence with its link, and saying what was changed.

    >>> attribution_text("CC BY 2.5", "Wikinews contributors")
    'Article text (c) Wikinews contributors, licensed CC BY 2.5 (https://creativecommons.org/licenses/by/2.5/).'
    >>> attribution_text("Public domain", None) is None
    True
    """
    if not licence or not licence.upper().replace("-", " ").startswith("CC BY"):
        return None
    if not licence_url:
        parts = licence.replace("-", " ").split()
        kind = "-".join(p.lower() for p in parts[1:] if not p[0].isdigit())
        version = next((p for p in parts if p[0].isdigit()), "4.0")
        licence_url = f"https://creativecommons.org/licenses/{kind}/{version}/"
    who = attribution or "its authors"
    work = f"“{title}” ({url}) " if title and url else ""
    text = f"{work}Article text (c) {who}, licensed {licence} ({licence_url})."
    if changes:
        text += f" Changed: {changes}."
    return text


def changes_note(extra: dict[str, Any] | None) -> str:
    """Describe how the kit changed an article's text (for the attribution line)."""
    extra = extra or {}
    if extra.get("changes"):
        return str(extra["changes"])
    if extra.get("source_repo"):
        return (f"plain text rebuilt from {extra['source_repo']}"
                f"{' (' + str(extra['source_path']) + ')' if extra.get('source_path') else ''}; "
                "headline moved to line 1; whitespace normalized by newsdesk ingest")
    return "text normalized to plain text by newsdesk ingest"


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def header_html(meta: ReportMeta) -> str:
    """Return the escaped header line: report name, article title, source and date."""
    bits = [f"<span class=\"nd-kind\">{_e(meta.report)}</span>"]
    if meta.article_id:
        bits.append(f"<span class=\"nd-title\">{_e(meta.title or meta.article_id)}</span>")
    for v in (meta.source, meta.date):
        if v:
            bits.append(f"<span>{_e(v)}</span>")
    return " · ".join(bits)


_WEB_URL = re.compile(r"https?://[^\s/?#]+[^\s]*", re.ASCII | re.IGNORECASE)


def source_link(url: str) -> str:
    """Return the article's source URL as a link when it is an http(s) web address, else as
    text: the URL comes from the article's metadata, and a ``javascript:`` or ``data:`` one
    would otherwise become a live link in a shared page (the page's policy blocks scripts,
    but a copied link or another viewer need not).

    >>> source_link("https://example.org/a?b=1&c=2")
    '<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">https://example.org/a?b=1&amp;c=2</a>'
    >>> source_link(" javascript:alert(1)")
    '<span class="nd-url"> javascript:alert(1)</span>'
    """
    if _WEB_URL.fullmatch(url):
        return f'<a href="{_e(url)}" rel="noopener noreferrer">{_e(url)}</a>'
    return f'<span class="nd-url">{_e(url)}</span>'


def footer_html(meta: ReportMeta) -> str:
    """Return the escaped footer: report, parameters, hashes, versions, attribution."""
    rows = [("Report", _e(meta.report))]
    if meta.article_id:
        rows.append(("Article", _e(meta.article_id)))
    if meta.url:
        rows.append(("Source URL", source_link(meta.url)))
    # a path shows relative to the project (or as a file name): the page may be shared
    params = ", ".join(f"{_e(k)} = {_e(repr(config.shown_path(v) if isinstance(v, str) and os.path.isabs(v) else v))}"
                       for k, v in meta.parameters.items())
    rows.append(("Parameters", params or "(defaults)"))
    kept = ", ".join(f"{_e(k)} = {_e(v)}" for k, v in meta.defaults.items() if k not in meta.parameters)
    if kept:
        rows.append(("Defaults", kept))
    if meta.content_hash:
        rows.append(("Article hash", f"sha256 {_e(meta.content_hash)}"))
    if meta.corpus_hash:
        rows.append(("Corpus hash", f"sha256 {_e(meta.corpus_hash)}"))
    if meta.versions:
        rows.append(("Versions", ", ".join(f"{_e(k)} {_e(v)}" for k, v in meta.versions.items())))
    out = ["<dl>"] + [f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows] + ["</dl>"]
    if meta.attribution:
        out.append(f'<p class="nd-attribution">{_e(meta.attribution)}</p>')
    return "".join(out)


def alt_text_html(output) -> None:
    """Give a PNG output that carries alt text in its metadata (``{"image/png": {"alt": ...}}``, as
    ``newsdesk.views.figures.ReportFigure`` writes it) an ``<img>`` with that ``alt`` attribute:
    nbconvert's image template has no alt and marks every plot "No description has been provided
    for this image". Changes ``output`` (nbconvert's own copy of the notebook) in place.

    >>> out = {"output_type": "display_data", "data": {"image/png": "iVBOR\\n"}, "metadata": {"image/png": {"alt": "A <b>"}}}
    >>> alt_text_html(out); out["data"]
    {'text/html': '<img src="data:image/png;base64,iVBOR" alt="A &lt;b&gt;">'}
    """
    data, meta = output.get("data") or {}, (output.get("metadata") or {}).get("image/png") or {}
    if "image/png" not in data or not meta.get("alt"):
        return
    png = "".join(str(data["image/png"]).split())
    size = "".join(f' {k}="{_e(meta[k])}"' for k in ("width", "height") if meta.get(k))
    data["text/html"] = f'<img src="data:image/png;base64,{_e(png)}" alt="{_e(meta["alt"])}"{size}>'
    del data["image/png"]


@lru_cache(maxsize=1)
def css() -> str:
    """The report stylesheet (inlined into every page)."""
    return (TEMPLATE_DIR / TEMPLATE_NAME / "report.css").read_text(encoding="utf-8")


@lru_cache(maxsize=4)
def exporter(show_code: bool = False):
    """Return the (cached) HTML exporter for the report template."""
    from . import fastimport

    fastimport.apply()
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    c = Config()
    c.HTMLExporter.extra_template_basedirs = [str(TEMPLATE_DIR)]
    c.HTMLExporter.template_name = TEMPLATE_NAME
    c.HTMLExporter.exclude_input = not show_code
    c.HTMLExporter.exclude_input_prompt = True
    c.HTMLExporter.exclude_output_prompt = True
    # cells tagged by notebook authors: "remove-cell" never shows, "hide-input" shows output only
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_cell_tags = {"remove-cell"}
    c.TagRemovePreprocessor.remove_input_tags = {"hide-input"}
    exp = HTMLExporter(config=c)
    exp.register_preprocessor("nbconvert.preprocessors.TagRemovePreprocessor", enabled=True)
    exp.register_preprocessor(_alt_text_preprocessor(), enabled=True)
    import logging

    exp.log.setLevel(logging.ERROR)  # "alternative text missing" warnings for every plot
    return exp


def _alt_text_preprocessor():
    from nbconvert.preprocessors import Preprocessor

    class AltText(Preprocessor):
        """Every plot's alt text from its output metadata (``alt_text_html``)."""

        def preprocess_cell(self, cell, resources, index):
            for output in cell.get("outputs", []):
                alt_text_html(output)
            return cell, resources

    return AltText


def render(nb, meta: ReportMeta, show_code: bool = False, error: str | None = None) -> str:
    """Return the self-contained HTML page of the executed notebook ``nb``."""
    resources = {
        "metadata": {"name": f"{meta.report}: {meta.title or meta.article_id or 'corpus'}"},
        "newsdesk": {
            "css": css(),
            "header_html": header_html(meta),
            "footer_html": footer_html(meta),
            "error": error,
            "index_href": meta.index_href,
        },
    }
    body, _ = exporter(show_code).from_notebook_node(nb, resources=resources)
    return body

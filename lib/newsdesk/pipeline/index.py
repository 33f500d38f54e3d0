"""The index page: every article with its summary and links to its reports, sortable in place.

The page is self-contained: inline CSS and one small inline sorting script, allowed by
its SHA-256 in the page's Content-Security-Policy (nothing else may run or load).
Every value is escaped by Jinja's autoescaping.

>>> html = index_html([{"id": "a", "title": "<b>x</b>", "reports": []}], corpus_hash="0" * 64)
>>> "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html
True
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from .render import TEMPLATE_DIR

COLUMNS = [
    ("title", "Title", "text"),
    ("source", "Source", "text"),
    ("date", "Date", "text"),
    ("primary_frame", "Primary frame", "text"),
    ("compound", "Sentiment", "number"),
    ("quotes", "Quotes", "number"),
    ("top_speaker", "Most-quoted speaker", "text"),
]


def column_labels(options: dict[str, str] | None = None) -> list[tuple[str, str, str]]:
    """``COLUMNS`` with the scheme behind "Primary frame" and any sentiment override file named.

    >>> [label for _, label, _ in column_labels({"scheme": "policy", "overrides": "/x/news.csv"})][3:5]
    ['Primary frame (policy)', 'Sentiment (overrides news.csv)']
    """
    opts = options or {}
    scheme = Path(opts.get("scheme") or "generic")
    named = {"primary_frame": f"Primary frame ({scheme.stem if scheme.suffix else scheme})"}
    if opts.get("overrides"):
        named["compound"] = f"Sentiment (overrides {Path(opts['overrides']).name})"
    return [(k, named.get(k, label), t) for k, label, t in COLUMNS]


@lru_cache(maxsize=1)
def _env():
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR / "index")),
                              autoescape=True, keep_trailing_newline=True)


def script_hash(script: str) -> str:
    """The CSP source expression allowing exactly this inline script."""
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()


def ingest_skips(corpus_dir: Path) -> list[dict[str, str]]:
    """What the last ``newsdesk ingest`` skipped (``ingest_report.json``), each ``{"file", "reason"}``
    with the file as a shared page may show it: a researcher looking at the index learns that an
    article is missing, and why, not only the terminal that ran the ingest."""
    from .. import config

    try:
        report = json.loads((Path(corpus_dir) / "ingest_report.json").read_text(encoding="utf-8"))
        skipped = report.get("skipped") or []
    except (OSError, ValueError, AttributeError):
        return []
    out = []
    for s in skipped:
        if isinstance(s, dict) and s.get("file"):
            path, line = re.fullmatch(r"(.*?)(:\d+)?", str(s["file"]), re.S).groups()  # "recs.jsonl:2": a record
            out.append({"file": config.shown_path(path) + (line or ""), "reason": str(s.get("reason", ""))})
    return out


def index_html(rows: list[dict[str, Any]], *, corpus_hash: str, versions: dict[str, str] | None = None,
               attributions: list[str] | None = None, corpus_href: str = "corpus.html",
               corpus_status: str = "ok", options: dict[str, str] | None = None,
               skipped: list[dict[str, str]] | None = None) -> str:
    """Return the index page. ``rows``: ``tables.summary_row`` dicts plus ``reports``:
    a list of ``{"name", "href", "status"}`` (status ok, failed or missing). ``options``: the
    framing scheme and sentiment override file the summary was computed with (named in the headers).
    ``skipped``: the inputs the ingest skipped (``ingest_skips``), listed under the header."""
    script = (TEMPLATE_DIR / "index" / "sort.js").read_text(encoding="utf-8")
    css = (TEMPLATE_DIR / "index" / "index.css").read_text(encoding="utf-8")
    failed = sum(1 for r in rows for rep in r.get("reports", []) if rep["status"] == "failed")
    failed += corpus_status == "failed"
    full = [{k: r.get(k) for k, _, _ in COLUMNS} | {"id": r["id"], "sentiment": r.get("sentiment"),
            "top_speaker_quotes": r.get("top_speaker_quotes"), "top_speaker_tied": r.get("top_speaker_tied"),
            "reports": r.get("reports", []),
            "lead": r.get("lead") or ""} for r in rows]
    return _env().get_template("index.html.j2").render(
        rows=full, columns=column_labels(options), n_articles=len(rows), corpus_hash=corpus_hash,
        versions=", ".join(f"{k} {v}" for k, v in (versions or {}).items()),
        attributions=attributions or [], corpus_href=corpus_href, corpus_status=corpus_status,
        failed=failed, css=css, script=script, script_hash=script_hash(script), skipped=skipped or [],
    )

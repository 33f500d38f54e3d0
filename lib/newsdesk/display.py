"""Small display helpers shared by the report notebooks.

Everything that puts article text into HTML goes through ``html.escape`` here, so an
article containing ``<script>`` shows it as text and runs nothing.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

PALETTE = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
]


@dataclass(frozen=True, slots=True)
class Mark:
    """A highlighted span: ``text[start:end]`` gets ``color`` and a hover ``title``."""

    start: int
    end: int
    color: str
    title: str = ""
    label: str = ""


def highlight_html(text: str, marks: Sequence[Mark], paragraphs: Sequence[tuple[int, int]] | None = None) -> str:
    """Return escaped HTML of ``text`` with ``marks`` as coloured ``<mark>`` spans.

    Overlapping marks are clipped (the earlier one wins). Paragraph spans, if given,
    become ``<p>`` elements.

    >>> highlight_html("a <b> c", [Mark(2, 5, "#ff0")])
    '<div class="nd-text"><p>a <mark style="background:#ff0" title="">&lt;b&gt;</mark> c</p></div>'
    """
    paragraphs = list(paragraphs) if paragraphs else [(0, len(text))]
    marks = sorted(marks, key=lambda m: (m.start, -m.end))
    # only marks overlapping a paragraph can show in it: sweep them in (start < b) and drop
    # those ended (end <= a), so 10,000 paragraphs x 10,000 sentence marks stay linear;
    # paragraphs out of text order fall back to looking at every mark
    in_order = all(p[0] <= q[0] for p, q in zip(paragraphs, paragraphs[1:]))
    active: list[Mark] = []
    nxt = 0
    out = ['<div class="nd-text">']
    for a, b in paragraphs:
        out.append("<p>")
        pos = a
        if in_order:
            while nxt < len(marks) and marks[nxt].start < b:
                active.append(marks[nxt])
                nxt += 1
            active = [m for m in active if m.end > a]
        for m in active if in_order else marks:
            s, e = max(m.start, pos), min(m.end, b)
            if e <= s:
                continue
            out.append(html.escape(text[pos:s]))
            lab = f'<sup>{html.escape(m.label)}</sup>' if m.label else ""
            out.append(
                f'<mark style="background:{html.escape(m.color)}" title="{html.escape(m.title)}">'
                f"{html.escape(text[s:e])}</mark>{lab}"
            )
            pos = e
        out.append(html.escape(text[pos:b]))
        out.append("</p>")
    out.append("</div>")
    return "".join(out)


def shorten(text: str, max_chars: int) -> str:
    """``text`` cut to at most ``max_chars`` characters, an ellipsis marking the cut.

    >>> shorten("Prices rose again.", 10), shorten("Prices", 10)
    ('Prices ro…', 'Prices')
    """
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"


def color_for(key: str, keys: Sequence[str]) -> str:
    """Return a stable palette colour for ``key`` by its position in ``keys``."""
    try:
        i = list(keys).index(key)
    except ValueError:
        return "#dddddd"
    return PALETTE[i % len(PALETTE)]


def show_html(markup: str):
    """Display raw (already escaped) HTML in a notebook; returns the IPython object."""
    from IPython.display import HTML, display

    obj = HTML(markup)
    display(obj)
    return obj


def show_markdown(text: str):
    """Display Markdown (a caption computed from the data) in a notebook; returns the IPython object."""
    from IPython.display import Markdown, display

    obj = Markdown(text)
    display(obj)
    return obj


MISSING = "—"


def dash_missing(df):
    """``df`` with missing values (None, NaN) in its text columns shown as "—"; numbers keep NaN.

    pandas prints a None in a text column as the word "None", which reads like a value.

    >>> import pandas as pd
    >>> dash_missing(pd.DataFrame({"cue": ["said", None], "n": [1.0, None]})).to_dict("list")
    {'cue': ['said', '—'], 'n': [1.0, nan]}
    """
    import pandas as pd

    out = df.copy()
    for i in range(out.shape[1]):
        col = out.iloc[:, i]
        if not pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col) and col.isna().any():
            out.isetitem(i, col.astype(object).where(col.notna(), MISSING))
    return out


def show_missing_as_dash() -> None:
    """In a notebook, show every DataFrame with ``dash_missing`` (the report notebooks' setup cell calls it)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    ip = get_ipython()
    if ip is None:
        return
    import pandas as pd

    ip.display_formatter.formatters["text/html"].for_type(pd.DataFrame, lambda df: dash_missing(df)._repr_html_())

"""Figures and tables for the quotes report (``notebooks/quotes.ipynb``).

Every function takes what ``newsdesk.quotes.analyze`` returns (an ``Attribution``) and
gives back a DataFrame, an HTML string or a matplotlib figure, so the notebook stays a
parameters cell plus calls. Article text reaches HTML only through ``display.highlight_html``
(escaped).

>>> from newsdesk import quotes
>>> res = quotes.analyze('“We will win,” Mayor Jane Roe said.')
>>> voice_share(res)[["speaker", "kind", "words"]].values.tolist()
[['Jane Roe', 'direct', 3]]
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from .. import config, display, records
from ..model import Article
from ..quotes import FIELDS, Attribution, analyze
from ..segment import word_count
from .figures import ReportFigure, with_alt

NO_SPEAKER = "(no speaker)"


def load_article(article_id: str, corpus_dir: str | Path | None = None) -> Article:
    """Return an article from the corpus; if there is no corpus yet, from ``seeds/<id>.txt``.

    Raises ``KeyError`` (naming close ids) when the corpus exists but lacks the id.
    """
    from .. import corpus

    try:
        return corpus.get_article(article_id, corpus_dir or None)
    except FileNotFoundError:
        raw = config.seeds_dir() / f"{article_id}.txt"
        if not raw.is_file():
            raise
        return records.article_from_text(raw.read_text(encoding="utf-8"), article_id)


def speaker_keys(res: Attribution) -> list[str]:
    """Speakers in order of first quote (the colour order of every figure)."""
    keys: list[str] = []
    for q in res.quotes:
        k = q.speaker or NO_SPEAKER
        if k not in keys:
            keys.append(k)
    return keys


def _colour(key: str, keys: list[str]) -> str:
    return "#e0e0e0" if key == NO_SPEAKER else display.color_for(key, [k for k in keys if k != NO_SPEAKER])


def article_html(article: Article, res: Attribution) -> str:
    """Return the article as escaped HTML, each quote highlighted in its speaker's colour,
    with a legend. Hovering a quote shows speaker, kind and cue."""
    keys = speaker_keys(res)
    marks = []
    for q in res.quotes:
        k = q.speaker or NO_SPEAKER
        title = f"{k} · {q.kind} · cue: {q.cue or '—'}" + (f" · via {q.via}" if q.via else "")
        marks.append(display.Mark(q.start, q.end, _colour(k, keys), title))
    body = display.highlight_html(article.text, marks, article.paragraphs or None)
    legend = "".join(
        f'<span style="background:{_colour(k, keys)};padding:0 .4em;margin-right:.5em">{html.escape(k)}</span>'
        for k in keys
    )
    return f'<div class="nd-legend">{legend}</div>{body}'


def quotes_table(res: Attribution, max_chars: int = 120) -> pd.DataFrame:
    """Return one row per quote (speaker, role, cue, kind, via, quote shortened to ``max_chars``)."""
    rows = []
    for q in res.quotes:
        text = display.shorten(q.quote, max_chars)
        rows.append({
            "paragraph": q.paragraph, "sentence": q.sentence, "kind": q.kind, "speaker": q.speaker,
            "mention": q.speaker_mention, "role": q.speaker_role, "type": q.speaker_type,
            "cue": q.cue, "via": q.via, "quote": text,
        })
    return pd.DataFrame(rows, columns=["paragraph", "sentence", "kind", "speaker", "mention", "role", "type", "cue", "via", "quote"])


def quotes_frame(res: Attribution) -> pd.DataFrame:
    """Return the full tidy table: one row per quote with every ``Quote`` field."""
    return pd.DataFrame([{"article_id": res.article_id, **q.to_dict()} for q in res.quotes],
                        columns=["article_id", *FIELDS])


def voice_share(res: Attribution) -> pd.DataFrame:
    """Return words quoted per speaker and kind (``direct`` / ``reported``), most words first."""
    rows = [{"speaker": q.speaker or NO_SPEAKER, "kind": "direct" if q.kind == "direct" else "reported",
             "words": word_count(q.quote)} for q in res.quotes if q.kind != "scare"]  # a label is narration
    df = pd.DataFrame(rows, columns=["speaker", "kind", "words"])
    if df.empty:
        return df
    df = df.groupby(["speaker", "kind"], as_index=False)["words"].sum()
    order = df.groupby("speaker")["words"].sum().sort_values(ascending=False).index.tolist()
    df["speaker"] = pd.Categorical(df["speaker"], order, ordered=True)
    df = df.sort_values(["speaker", "kind"]).reset_index(drop=True)
    df["speaker"] = df["speaker"].astype(str)
    return df


def voice_share_chart(res: Attribution) -> ReportFigure:
    """Return a horizontal stacked bar chart of words quoted per speaker, direct vs reported
    (a matplotlib figure carrying its alt text; a notebook shows it as the cell's result)."""
    df = voice_share(res)
    fig = ReportFigure(figsize=(7, 0.5 + 0.45 * max(1, df["speaker"].nunique() if not df.empty else 1)))
    ax = fig.subplots()
    if df.empty:
        ax.text(0.5, 0.5, "no quotes in this article", ha="center", va="center")
        ax.set_axis_off()
        return with_alt(fig, "Voice share chart: no quotes in this article.")
    wide = df.pivot_table(index="speaker", columns="kind", values="words", aggfunc="sum", fill_value=0)
    for col in ("direct", "reported"):
        if col not in wide:
            wide[col] = 0
    wide = wide.loc[list(dict.fromkeys(df["speaker"]))][["direct", "reported"]].iloc[::-1]
    ax.barh(wide.index, wide["direct"], color="#4e79a7", label="direct (in quotation marks)")
    ax.barh(wide.index, wide["reported"], left=wide["direct"], color="#f28e2b", label="reported speech")
    ax.set_xlabel("words quoted")
    ax.set_ylabel("speaker")
    ax.set_title("Voice share: words quoted per speaker")
    ax.legend(loc="lower right", fontsize="small", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    listed = "; ".join(f"{s}: {int(r.direct)} direct, {int(r.reported)} reported" for s, r in wide.iloc[::-1].iterrows())
    return with_alt(fig, f"Stacked bar chart of the words quoted per speaker, in quotation marks (direct) and in "
                    f"reported speech, most words first. {listed}.")


def roster_table(res: Attribution) -> pd.DataFrame:
    """Return the speakers with type, role, how the article names them, and quote count."""
    rows = [{"speaker": name, "type": d["type"], "role": d["role"], "named as": ", ".join(d["mentions"]),
             "quotes": d["quotes"]} for name, d in res.speakers.items()]
    return pd.DataFrame(rows, columns=["speaker", "type", "role", "named as", "quotes"])


def warnings_table(res: Attribution) -> pd.DataFrame:
    """Return the warnings (unbalanced quotation marks, unresolved pronouns) and the
    unattributed quotes (scare quotes and quotes with no cue), one row each."""
    rows = [{"what": "warning", "detail": w} for w in res.warnings]
    for q in res.quotes:
        if q.kind == "scare":
            rows.append({"what": "quoted label (scare quote)", "detail": f"{q.quote[:80]!r}: no speaker, no cue; "
                                                                        "counted as narration, not as a quote"})
        elif q.speaker is None:
            why = "no attribution cue" if q.cue is None and q.speaker_mention is None else \
                f"speaker not named ({q.speaker_mention or 'no mention'})"
            rows.append({"what": f"{q.kind} quote without speaker", "detail": f"{q.quote[:80]!r}: {why}"})
    return pd.DataFrame(rows, columns=["what", "detail"])


def table_html(df: pd.DataFrame) -> str:
    """Return a table as escaped HTML with every cell in full and a missing value as "—" (no NaN, no None)."""
    return display.dash_missing(df).to_html(index=False, na_rep=display.MISSING, escape=True, border=0, classes="nd-table")


def show_table(df: pd.DataFrame):
    """Display a table in full in a notebook (see ``table_html``); returns the display object."""
    return display.show_html(table_html(df))


# The lexicon files the quote attribution reads (``newsdesk.cues``, ``newsdesk.speakers``,
# ``newsdesk.quotes``) and the sentence splitter's abbreviations.
LEXICONS = ("quote_cues.csv", "according_cues.txt", "speech_nouns.txt", "person_titles.txt", "role_words.txt",
            "speaker_orgs.csv", "org_words.txt", "name_stopwords.txt", "places.txt", "given_names.csv",
            "abbreviations.txt")


def lexicon_versions() -> pd.DataFrame:
    """Which files and versions produced the quotes: each lexicon file (path, sha256) and ``newsdesk``."""
    from .. import __version__
    from ..pipeline.hashing import file_digest

    rows = [{"component": f"lexicon: {name}", "version": None, "file": config.shown_path(config.lexicon_path(name)),
             "sha256": file_digest(config.lexicon_path(name))} for name in LEXICONS]
    rows.append({"component": "newsdesk", "version": __version__, "file": "", "sha256": ""})
    return pd.DataFrame(rows, columns=["component", "version", "file", "sha256"])


def report(article_id: str, corpus_dir: str | Path | None = None) -> tuple[Article, Attribution]:
    """Load one article and attribute its quotes (the notebook's first call)."""
    art = load_article(article_id, corpus_dir)
    return art, analyze(art)

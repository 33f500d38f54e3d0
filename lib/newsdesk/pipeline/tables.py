"""The tidy tables behind the reports, for R, Stata and spreadsheet users, and the index summary.

``article_tables(article)`` calls the same public functions the report notebooks call
(``newsdesk.quotes``, ``newsdesk.sentiment``, ``newsdesk.framing``) and returns one
DataFrame per table, each with an ``article_id`` column; ``write_tables`` stacks them
over the corpus into ``outputs/tables/<name>.csv`` and ``.parquet``.
``summary_row`` gives the one-line summary of an article shown on the index page; the
``articles`` table stacks those rows. Lists (cues, sentences) stay lists in Parquet and
become ``a; b`` strings in CSV.

>>> from newsdesk.records import article_from_text
>>> t = article_tables(article_from_text('“We won,” Mayor Ann Lee said. It was a good day.', "a1"))
>>> t["quotes"][["article_id", "speaker"]].values.tolist()
[['a1', 'Ann Lee']]
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from .. import atomic
from ..model import Article

TABLES_DIR = "tables"


def article_tables(article: Article, scheme: str = "generic", overrides: str = "") -> dict[str, pd.DataFrame]:
    """Return ``{table name: DataFrame}`` for one article: quotes, speakers, sentiment, frames.

    ``scheme`` and ``overrides`` are the framing scheme and sentiment override file, as
    given to the framing and sentiment notebooks.
    """
    from .. import framing as f
    from .. import quotes as q
    from .. import sentiment as s

    att = q.analyze(article)
    quotes = pd.DataFrame([{"article_id": article.id, **x.to_dict()} for x in att.quotes],
                          columns=["article_id", *q.FIELDS])
    speakers = pd.DataFrame(
        [{"article_id": article.id, "speaker": name, "type": d.get("type"), "role": d.get("role"),
          "quotes": d.get("quotes", 0), "mentions": "; ".join(d.get("mentions", []))}
         for name, d in att.speakers.items()],
        columns=["article_id", "speaker", "type", "role", "quotes", "mentions"],
    )
    sres = s.analyze(article, att.quotes, overrides or None)
    fres = f.analyze(article, scheme or "generic")
    out = {
        "quotes": quotes,
        "speakers": speakers,
        "sentiment_sentences": s.sentences_frame(sres),
        "sentiment_voices": s.voices_frame(sres),
        "sentiment_speakers": s.speakers_frame(sres),
        "sentiment_articles": pd.DataFrame([{"article_id": article.id, **sres.summary(), "lexicon": sres.lexicon}]),
        "frame_scores": f.scores_frame(fres),
        "frame_indicators": f.indicators_frame(fres),
        "frame_hits": f.hits_frame(fres),
        "frame_sentences": f.sentences_frame(fres),
    }
    for df in out.values():
        df.attrs.clear()  # attrs do not survive concatenation consistently
    return out


def primary_frame(scores: pd.DataFrame | None) -> str | None:
    """The primary frame from a ``frame_scores`` table (``newsdesk.framing``'s choice), or ``None``."""
    if scores is None or scores.empty or "primary" not in scores.columns:
        return None
    hit = scores[scores["primary"].astype(bool)]
    return str(hit["frame"].iloc[0]) if len(hit) else None


def _lead(article: Article, max_chars: int = 90) -> str:
    """The start of the first sentence: what the index shows for an article without a headline."""
    from ..display import shorten

    first = article.sentences[0] if article.sentences else None
    return shorten(" ".join(article.text[first.start:first.end].split()) if first else "", max_chars)


def summary_row(article: Article, tables: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """One index-page row: title, source, date, primary frame, sentiment, quotes, top speaker."""
    from .. import sentiment as s

    sa = tables.get("sentiment_articles")
    compound = None if sa is None or sa.empty or pd.isna(sa["compound"].iloc[0]) else float(sa["compound"].iloc[0])
    sp = tables.get("speakers")
    top, top_n, tied = None, 0, 0
    if sp is not None and not sp.empty:
        best = sp.sort_values(["quotes", "speaker"], ascending=[False, True]).iloc[0]
        top, top_n = str(best["speaker"]), int(best["quotes"])
        tied = int((sp["quotes"] == top_n).sum()) - 1  # others quoted as often (the first by name is shown)
    quotes = tables.get("quotes")
    return {
        "id": article.id,
        "title": article.title,
        "lead": _lead(article),
        "source": article.source,
        "date": article.date,
        "words": article.word_count,
        "primary_frame": primary_frame(tables.get("frame_scores")),
        "compound": compound,
        "sentiment": s.label(compound) if compound is not None else None,
        "quotes": 0 if quotes is None else int((quotes["kind"] != "scare").sum()),  # a quoted label is no quote
        "top_speaker": top,
        "top_speaker_quotes": top_n,
        "top_speaker_tied": tied,
    }


SUMMARY_COLUMNS = ["id", "title", "source", "date", "words", "primary_frame", "compound", "sentiment",
                   "quotes", "top_speaker", "top_speaker_quotes", "top_speaker_tied"]


def summary_frame(rows: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """The ``articles`` table: one ``summary_row`` per article (what the index page shows)."""
    return pd.DataFrame([{k: r.get(k) for k in SUMMARY_COLUMNS} for r in rows], columns=SUMMARY_COLUMNS)


def corpus_tables(corpus_dir: str | Path | None = None, scheme: str = "generic", overrides: str = "") -> dict[str, pd.DataFrame]:
    """Every table for the whole corpus, plus the ``articles`` summary table (computed now).

    ``newsdesk reports`` writes the same tables, cached, to ``outputs/tables/``.
    """
    from .. import corpus

    parts, rows = [], []
    for a in corpus.iter_articles(corpus_dir or None):
        t = article_tables(a, scheme, overrides)
        parts.append(t)
        rows.append(summary_row(a, t))
    out = combine(parts)
    out["articles"] = summary_frame(rows)
    return out


def read_tables(tables_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Read the tables written by ``newsdesk reports`` (``<name>.parquet``) back into DataFrames."""
    return {p.stem: pd.read_parquet(p) for p in sorted(Path(tables_dir).glob("*.parquet"))}


def combine(parts: Iterable[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Stack per-article tables into one DataFrame per table name."""
    stacks: dict[str, list[pd.DataFrame]] = {}
    for tabs in parts:
        for name, df in tabs.items():
            stacks.setdefault(name, []).append(df)
    return {name: pd.concat([d for d in dfs if not d.empty] or dfs[:1], ignore_index=True)
            for name, dfs in stacks.items()}


def _flat(df: pd.DataFrame) -> pd.DataFrame:
    """Lists become ``a; b`` strings for CSV readers (Parquet keeps them as lists)."""
    df = df.copy()
    for col in df.columns:
        if df[col].dtype == object and df[col].map(lambda v: isinstance(v, (list, tuple))).any():
            df[col] = df[col].map(lambda v: "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    return df


def write_tables(frames: dict[str, pd.DataFrame], out_dir: Path) -> list[Path]:
    """Write each table as ``<name>.csv`` and ``<name>.parquet`` (atomically); return the paths."""
    written = []
    for name, df in sorted(frames.items()):
        csv_path, pq_path = out_dir / f"{name}.csv", out_dir / f"{name}.parquet"
        atomic.write_text(csv_path, _flat(df).to_csv(index=False))
        with atomic.path_atomic(pq_path) as tmp:
            df.to_parquet(tmp, index=False)
        written += [csv_path, pq_path]
    return written

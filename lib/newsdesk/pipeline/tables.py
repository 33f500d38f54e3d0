"""The tidy tables behind the reports, for R, Stata and spreadsheet users, and the index summary.

``article_tables(article)`` calls the same public functions the report notebooks call
(``newsdesk.quotes``, ``newsdesk.sentiment``, ``newsdesk.framing``) and returns one
DataFrame per table, each with an ``article_id`` column; ``write_tables`` stacks them
over the corpus into ``outputs/tables/<name>.csv`` and ``.parquet``.
``summary_row`` gives the one-line summary of an article shown on the index page.

>>> from newsdesk.records import article_from_text
>>> t = article_tables(article_from_text('“We won,” Mayor Ann Lee said. It was a good day.', "a1"))
>>> t["quotes"][["article_id", "speaker"]].values.tolist()
[['a1', 'Ann Lee']]
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from .. import atomic
from ..model import Article

TABLES_DIR = "tables"


def _framing():
    try:
        from .. import framing
    except ImportError:  # the framing module is optional for the pipeline
        return None
    return framing


def _frame_tables(article: Article) -> dict[str, pd.DataFrame]:
    framing = _framing()
    if framing is None:
        return {}
    out: dict[str, pd.DataFrame] = {}
    if hasattr(framing, "frames_frame"):
        out["frames"] = framing.frames_frame(article)
    if hasattr(framing, "evidence_frame"):
        out["frame_evidence"] = framing.evidence_frame(article)
    return out


def primary_frame(article: Article, frames: pd.DataFrame | None) -> str | None:
    """The article's primary frame (from ``newsdesk.framing``), ``None`` when there is none."""
    framing = _framing()
    if framing is not None and hasattr(framing, "primary_frame"):
        try:
            return framing.primary_frame(article)
        except Exception:
            pass
    if frames is not None and len(frames) and {"frame", "score"} <= set(frames.columns):
        best = frames.sort_values("score", ascending=False).iloc[0]
        return str(best["frame"]) if best["score"] else None
    return None


def article_tables(article: Article) -> dict[str, pd.DataFrame]:
    """Return ``{table name: DataFrame}`` for one article: quotes, speakers, sentiment, frames."""
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
    sres = s.analyze(article, att.quotes)
    summ = {"article_id": article.id, **sres.summary()}
    out = {
        "quotes": quotes,
        "speakers": speakers,
        "sentiment_sentences": s.sentences_frame(sres),
        "sentiment_voices": s.voices_frame(sres),
        "sentiment_speakers": s.speakers_frame(sres),
        "sentiment_articles": pd.DataFrame([summ]),
        **_frame_tables(article),
    }
    for df in out.values():
        df.attrs.clear()  # attrs do not survive concatenation consistently
    return out


def summary_row(article: Article, tables: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """One index-page row: title, source, date, primary frame, sentiment, quotes, top speaker."""
    from .. import sentiment as s

    sa = tables.get("sentiment_articles")
    compound = None if sa is None or sa.empty or pd.isna(sa["compound"].iloc[0]) else float(sa["compound"].iloc[0])
    sp = tables.get("speakers")
    top, top_n = None, 0
    if sp is not None and not sp.empty:
        best = sp.sort_values(["quotes", "speaker"], ascending=[False, True]).iloc[0]
        top, top_n = str(best["speaker"]), int(best["quotes"])
    return {
        "id": article.id,
        "title": article.title or article.id,
        "source": article.source,
        "date": article.date,
        "words": article.word_count,
        "primary_frame": primary_frame(article, tables.get("frames")),
        "compound": compound,
        "sentiment": s.label(compound) if compound is not None else None,
        "quotes": int(len(tables.get("quotes", []))),
        "top_speaker": top,
        "top_speaker_quotes": top_n,
    }


SUMMARY_COLUMNS = ["id", "title", "source", "date", "words", "primary_frame", "compound", "sentiment",
                   "quotes", "top_speaker", "top_speaker_quotes"]


def summary_frame(rows: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """The ``articles`` table: one ``summary_row`` per article (what the index page shows)."""
    return pd.DataFrame([{k: r.get(k) for k in SUMMARY_COLUMNS} for r in rows], columns=SUMMARY_COLUMNS)


def corpus_tables(corpus_dir: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Every table for the whole corpus, plus the ``articles`` summary table (computed now).

    ``newsdesk reports`` writes the same tables, cached, to ``outputs/tables/``.
    """
    from .. import corpus

    parts, rows = [], []
    for a in corpus.iter_articles(corpus_dir or None):
        t = article_tables(a)
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


def write_tables(frames: dict[str, pd.DataFrame], out_dir: Path) -> list[Path]:
    """Write each table as ``<name>.csv`` and ``<name>.parquet`` (atomically); return the paths."""
    written = []
    for name, df in sorted(frames.items()):
        csv_path, pq_path = out_dir / f"{name}.csv", out_dir / f"{name}.parquet"
        atomic.write_text(csv_path, df.to_csv(index=False))
        tmp = atomic.temp_path_for(pq_path)
        try:
            df.to_parquet(tmp, index=False)
            os.replace(tmp, pq_path)
        finally:
            tmp.unlink(missing_ok=True)
        written += [csv_path, pq_path]
    return written

"""Figures and tables of the corpus report (``notebooks/corpus.ipynb``): the corpus at a glance.

Every function takes the tables of ``newsdesk.pipeline.tables`` (``load_tables``) and
returns a DataFrame or a closed matplotlib ``Figure`` (a notebook shows it once, as its
cell's result). Text from articles only reaches the page
through pandas' escaped HTML or matplotlib, never as raw HTML.

>>> t = {"articles": pd.DataFrame({"id": ["a"], "title": ["<T>"], "source": ["S"], "date": ["2020-01-02"],
...      "primary_frame": [None], "compound": [0.5], "sentiment": ["positive"], "quotes": [2],
...      "top_speaker": ["Ann"], "top_speaker_quotes": [2], "words": [10]})}
>>> articles_table(t["articles"]).columns.tolist()[:3]
['Title', 'Source', 'Date']
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from ..display import PALETTE
from ..pipeline import tables as _tables


def load_tables(corpus_dir: str = "", tables_dir: str = "") -> dict[str, pd.DataFrame]:
    """Tables from ``tables_dir`` (as written by ``newsdesk reports``), else computed from the corpus."""
    if tables_dir and (Path(tables_dir) / "articles.parquet").is_file():
        return _tables.read_tables(tables_dir)
    return _tables.corpus_tables(corpus_dir or None)


def articles_table(articles: pd.DataFrame) -> pd.DataFrame:
    """The article list, newest first, with readable column names."""
    df = articles.sort_values("date", ascending=False, na_position="last")
    return pd.DataFrame({
        "Title": df["title"], "Source": df["source"], "Date": df["date"],
        "Primary frame": df["primary_frame"].fillna("—"),
        "Sentiment": df["compound"].round(3), "Quotes": df["quotes"],
        "Most-quoted speaker": df["top_speaker"].fillna("—"),
    }).reset_index(drop=True)


def by_source(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per source: articles, words, mean sentiment, quotes per article, date range."""
    g = articles.groupby(articles["source"].fillna("(unknown)"))
    return pd.DataFrame({
        "articles": g.size(),
        "words": g["words"].sum(),
        "mean sentiment": g["compound"].mean().round(3),
        "quotes per article": g["quotes"].mean().round(1),
        "first": g["date"].min(),
        "last": g["date"].max(),
    })


def _figure(figsize: tuple[float, float]) -> Figure:
    # made by pyplot (which turns on the notebook's inline backend), then closed so the
    # notebook shows it once, as the cell's result, not again when the cell ends
    fig = plt.figure(figsize=figsize, layout="constrained")
    plt.close(fig)
    return fig


def _empty(message: str, figsize=(7, 1.2)) -> Figure:
    fig = _figure(figsize)
    ax = fig.subplots()
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", color="#5f6368")
    return fig


def frames_by_source(articles: pd.DataFrame) -> Figure:
    """Stacked bars: how many articles of each source have each primary frame."""
    df = articles.dropna(subset=["primary_frame"])
    if df.empty:
        return _empty("No primary frames: the framing analysis found none (or did not run).")
    ct = pd.crosstab(df["source"].fillna("(unknown)"), df["primary_frame"])
    fig = _figure(figsize=(8, 0.5 + 0.45 * len(ct)))
    ax = fig.subplots()
    left = pd.Series(0, index=ct.index)
    for i, frame in enumerate(ct.columns):
        ax.barh(ct.index, ct[frame], left=left, label=frame, color=PALETTE[i % len(PALETTE)])
        left += ct[frame]
    ax.set_xlabel("articles")
    ax.legend(title="primary frame", bbox_to_anchor=(1.01, 1), loc="upper left", fontsize=8)
    ax.invert_yaxis()
    return fig


def sentiment_over_time(articles: pd.DataFrame) -> Figure:
    """Each article's mean sentence compound against its date, one colour per source."""
    df = articles.dropna(subset=["compound"]).copy()
    df["when"] = pd.to_datetime(df["date"], errors="coerce")
    df = df.dropna(subset=["when"])
    if df.empty:
        return _empty("No dated articles with sentiment scores.")
    fig = _figure(figsize=(8, 3.2))
    ax = fig.subplots()
    for i, (source, g) in enumerate(df.groupby(df["source"].fillna("(unknown)"))):
        ax.scatter(g["when"], g["compound"], label=source, color=PALETTE[i % len(PALETTE)], s=28)
    ax.axhline(0, color="#999", lw=0.8)
    ax.set_ylabel("mean compound (VADER)")
    ax.legend(fontsize=8, loc="best")
    return fig


def top_speakers(speakers: pd.DataFrame, n: int = 12) -> Figure:
    """The most-quoted speakers across the corpus (quotes, and in how many articles)."""
    if speakers is None or speakers.empty:
        return _empty("No attributed quotes in the corpus.")
    g = speakers.groupby("speaker").agg(quotes=("quotes", "sum"), articles=("article_id", "nunique"))
    g = g.sort_values(["quotes", "articles"], ascending=False).head(n).iloc[::-1]
    fig = _figure(figsize=(8, 0.4 + 0.32 * len(g)))
    ax = fig.subplots()
    ax.barh([f"{s} ({a} art.)" for s, a in zip(g.index, g["articles"])], g["quotes"], color=PALETTE[0])
    ax.set_xlabel("quotes")
    return fig


def voices_by_source(voices: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Mean compound of narration and of quoted material per source (sentence parts)."""
    if voices is None or voices.empty:
        return pd.DataFrame()
    df = voices.merge(articles[["id", "source"]], left_on="article_id", right_on="id", how="left")
    df = df.dropna(subset=["compound"])
    return (df.pivot_table(index=df["source"].fillna("(unknown)"), columns="voice", values="compound", aggfunc="mean")
            .round(3))

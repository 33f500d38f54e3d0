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

import pandas as pd
from matplotlib.figure import Figure

from ..display import PALETTE
from ..pipeline import tables as _tables
from .figures import ReportFigure, with_alt

NO_PRIMARY = "(no primary frame)"


def _n(k: int, word: str) -> str:
    return f"{k} {word}" + ("" if k == 1 else "s")


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


def _figure(figsize: tuple[float, float]) -> ReportFigure:
    # not made by pyplot: the notebook shows it once, as the cell's result (with its alt text)
    return ReportFigure(figsize=figsize, layout="constrained")


def _empty(message: str, figsize=(7, 1.2)) -> ReportFigure:
    fig = _figure(figsize)
    ax = fig.subplots()
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", color="#5f6368")
    return with_alt(fig, message)


def scheme_of(tables: dict[str, pd.DataFrame]):
    """The frame scheme the tables were made with (``frame_scores``' ``scheme`` column), or ``None``
    when it is unknown or cannot be loaded by that name (a researcher's scheme file elsewhere)."""
    from .. import framing

    scores = tables.get("frame_scores")
    name = str(scores["scheme"].iloc[0]) if scores is not None and len(scores) and "scheme" in scores else None
    if not name:
        return None
    try:
        return framing.load_scheme(name)
    except (OSError, ValueError, KeyError):
        return None


def frames_caption(tables: dict[str, pd.DataFrame]) -> str:
    """The caption of ``frames_by_source``: which scheme made the primary frames and how it picks
    one (read from the scheme file, not assumed), as Markdown."""
    from .framing import primary_rule

    sch = scheme_of(tables)
    scores = tables.get("frame_scores")
    if sch is None:
        name = str(scores["scheme"].iloc[0]) if scores is not None and len(scores) and "scheme" in scores else "unknown"
        rule = (f"as the frame scheme `{name}` decides (its `# primary:` directive; the scheme file "
                "could not be read here)")
    else:
        rule = f"under the `{sch.name}` scheme ({sch.title or sch.name}, version {sch.version}): {primary_rule(sch)}"
    return (f"The primary frame of each article, {rule}. Articles without a primary frame are counted as "
            f"*{NO_PRIMARY}*, so each bar adds up to the source's articles.")


def frames_by_source_counts(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles per source (rows) and primary frame (columns), ``(no primary frame)`` last."""
    frame = articles["primary_frame"].astype(object).where(articles["primary_frame"].notna(), NO_PRIMARY)
    ct = pd.crosstab(articles["source"].fillna("(unknown)"), frame)
    return ct[[c for c in ct.columns if c != NO_PRIMARY] + ([NO_PRIMARY] if NO_PRIMARY in ct.columns else [])]


def frames_by_source(articles: pd.DataFrame) -> Figure:
    """Stacked bars: how many articles of each source have each primary frame (articles without
    one as ``(no primary frame)``, grey, so each bar is the source's article count)."""
    if articles.empty or articles["primary_frame"].isna().all():
        return _empty("No primary frames: the framing analysis found none (or did not run).")
    ct = frames_by_source_counts(articles)
    fig = _figure(figsize=(8, 0.5 + 0.45 * len(ct)))
    ax = fig.subplots()
    left = pd.Series(0, index=ct.index)
    for i, frame in enumerate(ct.columns):
        color = "#d9d9d9" if frame == NO_PRIMARY else PALETTE[i % len(PALETTE)]
        ax.barh(ct.index, ct[frame], left=left, label=frame, color=color)
        left += ct[frame]
    ax.set_xlabel("articles")
    ax.set_ylabel("source")
    ax.legend(title="primary frame", bbox_to_anchor=(1.01, 1), loc="upper left", fontsize=8)
    ax.invert_yaxis()
    per_source = "; ".join(f"{src}: {_n(int(ct.loc[src].sum()), 'article')} ("
                           + ", ".join(f"{f} {int(k)}" for f, k in ct.loc[src].items() if k) + ")"
                           for src in ct.index)
    return with_alt(fig, f"Stacked bar chart of articles per source by primary frame. {per_source}.")


def sentiment_over_time(articles: pd.DataFrame) -> Figure:
    """Each article's mean sentence compound against its date, one colour per source."""
    df = articles.dropna(subset=["compound"]).copy()
    df["when"] = pd.to_datetime(df["date"], errors="coerce")
    df = df.dropna(subset=["when"])
    if df.empty:
        return _empty("No dated articles with sentiment scores.")
    fig = _figure(figsize=(8, 3.2))
    ax = fig.subplots()
    parts = []
    for i, (source, g) in enumerate(df.groupby(df["source"].fillna("(unknown)"))):
        ax.scatter(g["when"], g["compound"], label=source, color=PALETTE[i % len(PALETTE)], s=28)
        parts.append(f"{source}: {_n(len(g), 'article')}, {g['when'].min():%Y-%m-%d} to {g['when'].max():%Y-%m-%d}, "
                     f"mean compound {g['compound'].min():+.2f} to {g['compound'].max():+.2f}")
    ax.axhline(0, color="#999", lw=0.8)
    ax.set_xlabel("article date")
    ax.set_ylabel("mean compound (VADER, -1 to 1)")
    ax.legend(title="source", fontsize=8, loc="best")
    return with_alt(fig, "Scatter plot of each article's mean sentence compound (VADER) against its date, "
                    f"one colour per source. {'; '.join(parts)}.")


def most_quoted(speakers: pd.DataFrame, n: int = 12) -> pd.DataFrame:
    """The ``n`` most-quoted speakers (index: speaker; columns quotes, articles), most first, and
    every speaker tied on quotes with the last of them (a cut must not pick between equals)."""
    g = speakers.groupby("speaker").agg(quotes=("quotes", "sum"), articles=("article_id", "nunique"))
    g = g.sort_values(["quotes", "articles"], ascending=False, kind="stable")
    if len(g) > n:
        g = g[g["quotes"] >= g["quotes"].iloc[n - 1]]
    return g


def top_speakers(speakers: pd.DataFrame, n: int = 12) -> Figure:
    """The most-quoted speakers across the corpus (quotes, and in how many articles): the ``n``
    first, and all tied with the last of them."""
    if speakers is None or speakers.empty:
        return _empty("No attributed quotes in the corpus.")
    g = most_quoted(speakers, n).iloc[::-1]
    fig = _figure(figsize=(8, 0.4 + 0.32 * len(g)))
    ax = fig.subplots()
    ax.barh([f"{s} ({a} art.)" for s, a in zip(g.index, g["articles"])], g["quotes"], color=PALETTE[0])
    ax.set_xlabel("quotes attributed")
    ax.set_ylabel("speaker (articles quoting them)")
    listed = ", ".join(f"{s} {_n(q, 'quote')} in {_n(a, 'article')}" for s, q, a in zip(g.index[::-1], g["quotes"][::-1],
                                                                            g["articles"][::-1]))
    return with_alt(fig, f"Bar chart of the {len(g)} most-quoted speakers of the corpus: {listed}.")


def voices_by_source(voices: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Mean compound of narration and of quoted material per source (sentence parts)."""
    if voices is None or voices.empty:
        return pd.DataFrame()
    df = voices.merge(articles[["id", "source"]], left_on="article_id", right_on="id", how="left")
    df = df.dropna(subset=["compound"])
    return (df.pivot_table(index=df["source"].fillna("(unknown)"), columns="voice", values="compound", aggfunc="mean")
            .round(3))

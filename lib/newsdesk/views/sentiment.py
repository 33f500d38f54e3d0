"""Figures and tables for the sentiment report notebook (``notebooks/sentiment.ipynb``).

Every function takes results from ``newsdesk.sentiment`` and returns a matplotlib
``Figure``, a DataFrame or escaped HTML; none reads files.

>>> from newsdesk import sentiment
>>> r = sentiment.analyze("Good news. Bad news.")
>>> extremes(r, 1)["label"].tolist()
['positive', 'negative']
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import display
from ..sentiment import ArticleSentiment, label, sentences_frame
from .figures import ReportFigure, with_alt

LABEL_COLORS = {"positive": "#59a14f", "neutral": "#bab0ac", "negative": "#e15759"}
LIGHT = {"positive": "#cdeac5", "neutral": "#eeeeee", "negative": "#f7c6c7"}


def arc_figure(result: ArticleSentiment, width: float = 10, height: float = 3.6) -> Figure:
    """Sentence-by-sentence compound score (the sentiment arc); quoted sentences hatched and
    marked, paragraph breaks as dotted lines, the running (cumulative) mean as a black line."""
    df = sentences_frame(result)
    fig = ReportFigure(figsize=(width, height))
    ax = fig.subplots()
    colors = [LABEL_COLORS[x] for x in df["label"]]
    bars = ax.bar(df["sentence"], df["compound"], color=colors, edgecolor="#333333", linewidth=0.4)
    for bar, quoted in zip(bars, df["quoted"]):
        if quoted:
            bar.set_hatch("///")
    q = df[df["quoted"]]
    ax.scatter(q["sentence"], [1.05] * len(q), marker="v", color="#4e79a7", s=25, clip_on=False)
    running = df["compound"].expanding().mean()
    ax.plot(df["sentence"], running, color="#333333", linewidth=1)
    for p in df.groupby("paragraph")["sentence"].min().iloc[1:]:
        ax.axvline(p - 0.5, color="#999999", linestyle=":", linewidth=0.8)
    ax.axhline(0, color="#333333", linewidth=0.6)
    ax.set_ylim(-1.05, 1.1)
    ax.set_xlabel("sentence")
    ax.set_ylabel("VADER compound")
    ax.set_title(f"Sentiment arc of {result.id}  ({result.lexicon})", fontsize=9)
    handles = [Patch(color=c, label=k) for k, c in LABEL_COLORS.items()]
    handles.append(Patch(facecolor="white", edgecolor="#333333", hatch="///", label="mostly quoted (▼)"))
    handles.append(Line2D([], [], color="#333333", linewidth=1, label="running mean (cumulative)"))
    ax.legend(handles=handles, fontsize=7, loc="lower left", ncol=5)
    fig.tight_layout()
    counts = df["label"].value_counts()
    last = f"{running.iloc[-1]:+.3f}" if len(running) else "none"
    return with_alt(fig, f"Bar chart of the VADER compound score of each of the {len(df)} sentences of {result.id}, "
                    f"in text order: {counts.get('positive', 0)} positive, {counts.get('neutral', 0)} neutral, "
                    f"{counts.get('negative', 0)} negative, {int(df['quoted'].sum())} mostly quoted; "
                    f"a line shows the running mean, {last} at the last sentence.")


def extremes(result: ArticleSentiment, n: int = 3) -> pd.DataFrame:
    """The ``n`` most positive sentences (compound above 0) and the ``n`` most negative (below 0),
    most positive first; fewer when the article has fewer (a neutral 0.0 is neither)."""
    df = sentences_frame(result)[["sentence", "compound", "label", "quoted", "text"]]
    top = df[df["compound"] > 0].nlargest(n, "compound")
    bottom = df[df["compound"] < 0].nsmallest(n, "compound").iloc[::-1]
    return pd.concat([top, bottom]).reset_index(drop=True)


def extremes_html(result: ArticleSentiment, n: int = 3) -> str:
    """``extremes`` as two escaped HTML tables, "Most positive" and "Most negative", each saying
    "none" when the article has no sentence above (below) 0, whole sentences."""
    df = extremes(result, n)
    out = []
    for title, part in (("Most positive (compound above 0)", df[df["compound"] > 0]),
                        ("Most negative (compound below 0)", df[df["compound"] < 0])):
        out.append(f"<h4>{title}</h4>")
        if part.empty:
            out.append("<p>none</p>")
        else:
            with pd.option_context("display.max_colwidth", None):
                # compound with the 4 decimals VADER gives, as the notebook's table showed it
                out.append(display.dash_missing(part).to_html(index=False, escape=True, border=0, classes="nd-table",
                                                              float_format=lambda v: f"{v:.4f}"))
    return "".join(out)


def highlight_html(result: ArticleSentiment, paragraphs: list[tuple[int, int]] | None = None) -> str:
    """The article text with each sentence shaded by its label; quoted parts underlined by hover title."""
    marks = [display.Mark(s.start, s.end, LIGHT[s.scores.label],
                          title=f"compound {s.scores.compound:+.3f}" + (" (mostly quoted)" if s.quoted else ""))
             for s in result.sentences]
    return display.highlight_html(result.text, marks, paragraphs)


def voices_figure(voices: pd.DataFrame, width: float = 6, height: float = 2.6) -> Figure:
    """Narration versus quoted material: mean compound and the share of each label."""
    fig = ReportFigure(figsize=(width, height))
    ax1, ax2 = fig.subplots(1, 2)
    v = voices.fillna({"compound": 0.0, "positive": 0.0, "neutral": 0.0, "negative": 0.0})
    ax1.barh(v["voice"], v["compound"], color=[LABEL_COLORS[label(c)] for c in v["compound"]])
    ax1.axvline(0, color="#333333", linewidth=0.6)
    ax1.set_xlim(-1, 1)
    ax1.set_title("mean compound", fontsize=9)
    ax1.set_xlabel("VADER compound (-1 to 1)", fontsize=8)
    ax1.set_ylabel("voice", fontsize=8)
    left = [0.0] * len(v)
    for lab in ("negative", "neutral", "positive"):
        ax2.barh(v["voice"], v[lab], left=left, color=LABEL_COLORS[lab], label=lab)
        left = [a + b for a, b in zip(left, v[lab])]
    ax2.set_xlim(0, 1)
    ax2.set_yticks([])
    ax2.set_title("share of parts", fontsize=9)
    ax2.set_xlabel("share of the voice's parts", fontsize=8)
    ax2.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    desc = "; ".join(f"{r.voice}: mean compound {r.compound:+.3f}, {r.negative:.0%} negative, {r.neutral:.0%} neutral, "
                     f"{r.positive:.0%} positive" for r in v.itertuples())
    return with_alt(fig, f"Two bar charts comparing narration with quoted material. {desc}.")


def corpus_position(corpus: pd.DataFrame, article_id: str) -> pd.DataFrame:
    """Where the article sits in the corpus: its value, the corpus median and its percentile rank
    for mean compound and the shares of positive and negative sentences."""
    rows = []
    me = corpus[corpus["article_id"] == article_id]
    for col in ("compound", "positive", "negative", "narration_compound", "quoted_compound"):
        vals = corpus[col].dropna()
        mine = me[col].iloc[0] if len(me) else None
        pct = float((vals < mine).mean() * 100 + (vals == mine).mean() * 50) if mine is not None and pd.notna(mine) and len(vals) else None
        rows.append({"measure": col, "article": mine, "corpus_median": vals.median() if len(vals) else None,
                     "percentile": None if pct is None else round(pct, 1), "articles": len(vals)})
    return pd.DataFrame(rows)


def corpus_figure(corpus: pd.DataFrame, article_id: str, width: float = 6, height: float = 2.8) -> Figure:
    """Histogram of article mean compound across the corpus, the article marked."""
    fig = ReportFigure(figsize=(width, height))
    ax = fig.subplots()
    ax.hist(corpus["compound"].dropna(), bins=20, range=(-1, 1), color="#bab0ac", edgecolor="white")
    me = corpus.loc[corpus["article_id"] == article_id, "compound"]
    if len(me):
        ax.axvline(me.iloc[0], color="#e15759", linewidth=2, label=article_id)
        ax.legend(fontsize=7)
    ax.set_xlabel("article mean compound")
    ax.set_ylabel("articles")
    ax.set_title(f"Corpus distribution ({len(corpus)} articles)", fontsize=9)
    fig.tight_layout()
    where = f"; {article_id} is marked at {me.iloc[0]:+.3f}" if len(me) and pd.notna(me.iloc[0]) else ""
    vals = corpus["compound"].dropna()
    median = f", median {vals.median():+.3f}" if len(vals) else ""
    return with_alt(fig, f"Histogram of the mean sentence compound of {len(corpus)} corpus articles "
                    f"(20 bins from -1 to 1){median}{where}.")

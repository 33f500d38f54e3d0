"""Figures and tables for the framing report notebook (``notebooks/framing.ipynb``).

Every function takes results from ``newsdesk.framing`` and returns a matplotlib ``Figure``,
a DataFrame or escaped HTML; none reads files.

>>> from newsdesk import framing
>>> r = framing.analyze("Troops crossed the border.", "policy")
>>> primary_frames({"policy": r})["primary"].tolist()
['security_and_defense']
"""

from __future__ import annotations

import html
from importlib.metadata import version
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerTuple
from matplotlib.patches import Patch

from .. import config, display, framemodel
from ..framing import FrameResult, Scheme, indicators_frame, scores_frame, sentences_frame
from .figures import ReportFigure, with_alt


def frame_colors(frames: list[str] | tuple[str, ...]) -> dict[str, str]:
    """A stable colour per frame (palette order = scheme order)."""
    return {f: display.color_for(f, list(frames)) for f in frames}


def primary_rule(scheme: Scheme) -> str:
    """How ``scheme`` picks an article's primary frame, in words (from its ``# primary:``,
    ``# primary_min:``, ``# weights:`` and ``# fallback:`` directives).

    >>> from newsdesk import framing
    >>> primary_rule(framing.load_scheme("generic"))[:60]
    'the frame with the most of its questions answered yes (ties:'
    """
    if scheme.scoring == "indicators":
        if scheme.primary_rule == "most_yes":
            rule = ("the frame with the most of its questions answered yes (ties: the higher score, "
                    "the share of its questions answered yes)")
        else:
            rule = "the frame with the highest score (the share of its questions answered yes)"
        if scheme.primary_min > 1:
            rule += f", provided at least {scheme.primary_min} of its questions are answered yes"
    elif scheme.weights:
        rule = ("the frame most sentences are about, each sentence's frame chosen by the weights table "
                f"{Path(scheme.weights).name} (ties: the higher weighted cue count)")
    else:
        rule = "the frame with the highest weighted count of matched cues"
    return rule + (f"; an article with none is counted as {scheme.fallback}" if scheme.fallback
                   else "; an article where no frame qualifies has no primary frame")


def profile_figure(result: FrameResult, corpus: pd.DataFrame | None = None, width: float = 8,
                   height: float = 3.4) -> Figure:
    """Bar chart of the article's frame scores against the corpus mean (``corpus`` as returned by
    ``framing.corpus_frame`` for the same scheme). The article's bars take their frame's colour
    (as in the shaded text); the legend shows those colours side by side, the corpus mean grey."""
    sc = scores_frame(result)
    frames = list(sc["frame"])
    fig = ReportFigure(figsize=(width, height))
    ax = fig.subplots()
    x = range(len(frames))
    w = 0.4 if corpus is not None else 0.7
    colors = [frame_colors(frames)[f] for f in frames]
    ax.bar([i - (w / 2 if corpus is not None else 0) for i in x], sc["score"], width=w, color=colors,
           edgecolor="#333333", linewidth=0.4)
    # one legend entry for the article: its frame colours side by side (a single swatch would
    # show only the first frame's colour)
    handles: list = [tuple(Patch(facecolor=c, edgecolor="#333333", linewidth=0.4) for c in dict.fromkeys(colors))]
    labels = [f"{result.id} (colour = frame)"]
    n = 0
    if corpus is not None and len(corpus):
        mean = corpus.groupby("frame")["score"].mean().reindex(frames).fillna(0)
        n = corpus["article_id"].nunique()
        ax.bar([i + w / 2 for i in x], mean.values, width=w, color="#dddddd", edgecolor="#333333", linewidth=0.4)
        handles.append(Patch(facecolor="#dddddd", edgecolor="#333333", linewidth=0.4))
        labels.append(f"corpus mean ({n} articles)")
    if result.scheme.scoring == "indicators":
        handles.append(ax.axhline(result.scheme.present, color="#999999", linestyle=":", linewidth=0.8))
        labels.append("present threshold")
    ax.set_xticks(list(x))
    ax.set_xticklabels([f.replace("_", " ") for f in frames], rotation=35, ha="right", fontsize=7)
    ax.set_ylim(0, 1.05)
    ylabel = "share of questions answered yes" if result.scheme.scoring == "indicators" else "share of sentences"
    ax.set_ylabel(ylabel, fontsize=8)
    ax.set_title(f"{result.scheme.title or result.scheme.name}: primary = {result.primary or 'none'}", fontsize=9)
    ax.set_xlabel("frame", fontsize=8)
    ax.legend(handles, labels, handler_map={tuple: HandlerTuple(ndivide=None, pad=0)}, fontsize=7,
              handlelength=3)
    fig.tight_layout()
    scores = ", ".join(f"{f.replace('_', ' ')} {v:.2f}" for f, v in zip(frames, sc["score"]))
    return with_alt(fig, f"Bar chart of the {result.scheme.name} frame scores of article {result.id} ({ylabel})"
                    + (f", each next to the mean of {n} corpus articles" if n else "")
                    + f": {scores}. Primary frame: {result.primary or 'none'}.")


def questions_table(result: FrameResult, max_chars: int = 160) -> pd.DataFrame:
    """Each indicator (for ``generic``: the 20 coding questions) answered yes/no, with the
    matched cues and the first evidence sentence (shortened to ``max_chars``)."""
    df = indicators_frame(result)

    def first_sentence(ids: list[int]) -> str:
        if not ids:
            return ""
        a, b, _ = result.sentences[ids[0]]
        return display.shorten(result.text[a:b], max_chars)

    return pd.DataFrame({
        "frame": df["frame"], "question": df["question"], "answer": df["answer"],
        "sentences": df["sentences"].map(len), "cues": df["cues"].map(lambda c: ", ".join(c[:8])),
        "evidence": df["sentences"].map(first_sentence),
    })


def highlight_html(result: FrameResult, paragraphs: list[tuple[int, int]] | None = None) -> str:
    """The text with each sentence shaded by its primary frame (hover: frames and cues), and a legend."""
    colors = frame_colors(result.scheme.frames)
    by_sentence: dict[int, dict[str, list[str]]] = {}  # sentence -> frame -> cues matched, in text order
    for h in result.hits:
        cues = by_sentence.setdefault(h.sentence, {}).setdefault(h.frame, [])
        if h.match not in cues:
            cues.append(h.match)
    marks = []
    for i, (a, b, _) in enumerate(result.sentences):
        f = result.sentence_primary[i]
        if f is None or (f == result.scheme.fallback and i not in by_sentence):
            continue
        terms = list(dict.fromkeys(framemodel.feature_label(t) for t, _ in result.sentence_terms[i])) \
            if result.sentence_terms else []
        why = cue_groups(by_sentence.get(i, {}), f) + (f"; weighed: {', '.join(terms)}" if terms else "")
        if result.sentence_alone and result.sentence_alone[i] != f:
            why += f"; alone it would be {result.sentence_alone[i]}, its article's other sentences moved it"
        marks.append(display.Mark(a, b, colors.get(f, "#dddddd") + "55", title=f"primary {f}; {why}"))
    used = [f for f in result.scheme.frames if f in set(result.sentence_primary)]
    legend = "".join(f'<span style="background:{colors[f]}55;padding:0 6px;margin-right:6px">'
                     f"{html.escape(f)}</span>" for f in used)
    return f'<div class="nd-legend" style="font-size:85%">{legend}</div>' + display.highlight_html(
        result.text, marks, paragraphs)


def cue_groups(cues: dict[str, list[str]], primary: str | None) -> str:
    """The cues of one sentence grouped by the frame each belongs to, the primary frame's first
    (the hover text of ``highlight_html``).

    >>> cue_groups({"conflict": ["clash"], "responsibility": ["blamed"]}, "responsibility")
    'responsibility cues: blamed; conflict cues: clash'
    >>> cue_groups({}, "other")
    'cues: -'
    """
    if not cues:
        return "cues: -"
    order = sorted(cues, key=lambda f: f != primary)
    return "; ".join(f"{f} cues: {', '.join(cues[f])}" for f in order)


def sentence_table(result: FrameResult, max_chars: int = 300) -> pd.DataFrame:
    """One row per sentence (index: sentence number): the text (shortened to ``max_chars``), its
    primary frame, ``alone`` (the frame of its own words, shown only where the rest of the
    article moved it) and the features that weighed most."""
    df = sentences_frame(result)
    return pd.DataFrame({
        "text": df["text"].map(lambda t: display.shorten(t, max_chars)),
        "primary": df["primary"],
        "alone": [a if a != p else "" for a, p in zip(df["alone"], df["primary"])],
        "weighed": df["terms"].map(", ".join),
    }, index=pd.Index(df["sentence"], name="sentence"))


def primary_frames(results: dict[str, FrameResult]) -> pd.DataFrame:
    """One row per scheme: primary frame, frames present, and the lexicon that ran."""
    return pd.DataFrame([{"scheme": name, "primary": r.primary or "none", "present": ", ".join(r.present),
                          "lexicon": r.scheme.label} for name, r in results.items()])


def lexicon_versions(results: dict[str, FrameResult]) -> pd.DataFrame:
    """Which files and package versions produced the report (scheme file, version, sha256)."""
    rows = []
    for name, r in results.items():
        rows.append({"component": f"frames: {name}", "version": r.scheme.version,
                     "file": config.shown_path(r.scheme.path) if r.scheme.path else "", "sha256": r.scheme.sha256})
        if r.scheme.weights:
            rows.append({"component": f"frames: {name} weights", "version": r.scheme.version,
                         "file": config.shown_path(r.scheme.weights), "sha256": r.scheme.weights_sha256})
    from .. import __version__

    rows.append({"component": "newsdesk", "version": __version__, "file": "", "sha256": ""})
    rows.append({"component": "pandas", "version": version("pandas"), "file": "", "sha256": ""})
    return pd.DataFrame(rows)

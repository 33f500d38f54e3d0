"""Learned word weights that decide a sentence's primary frame, fitted to hand-labelled sentences.

A salience scheme's cue rows say *which* frames a sentence mentions; on real text the cue
with the largest weight is often not the point the sentence makes ("Gun owners would have to
surrender their weapons within 24 hours" names weapons, but is about what a bill requires).
A *weights file* adds a small multinomial logistic regression on top of the cues: each
feature of a sentence adds one number per frame, the largest total is the sentence's primary
frame. The features are

- ``word:w`` / ``pair:w1 w2``: the lower-cased words and adjacent word pairs of the sentence;
- ``stem:w5``: the first five letters of words longer than five; ``head:w`` / ``first:w``: the
  content words before the first comma and among the first four words (where the main
  clause usually is);
- ``row:INDICATOR``: a cue of that scheme row matched (``row:none`` when no cue matched);
- ``cue_primary:FRAME``: the frame the cue weights alone would choose;
- ``bias``: a constant.

The file is a readable table (``feature,frame1,frame2,...``: sort a column to see what a
frame's words are) with a comment header saying what it was fitted to. A scheme uses it with
the directive ``# weights: weights/policy.csv`` (a path relative to the scheme file).
``newsdesk frames-train LABELLED.csv`` fits a new file to a researcher's own coding and
reports its cross-validated agreement next to the cue-only figure.

>>> m = fit([("Troops crossed the border.", "war"), ("Prices rose again.", "money")] * 3, ("war", "money"))
>>> m.predict(features("Troops massed at the border.", [], None))
'war'
"""

from __future__ import annotations

import csv
import io
import math
import random
import re
import sys
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from . import atomic

WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?|\d+")
DEFAULT_L2 = 1.0
DEFAULT_ITERS = 400
DEFAULT_MIN_COUNT = 2


STOP = frozenset("the a an of to in and or for on at by with from as that this is are was were be been it its their "
                 "his her they he she we i you".split())


def features(text: str, rows: Iterable[str], cue_primary: str | None) -> set[str]:
    """The feature names of one sentence (see the module docstring)."""
    toks = [t.lower() for t in WORD.findall(text)]
    out = {"bias"}
    out.update("word:" + t for t in toks)
    out.update(f"pair:{a} {b}" for a, b in zip(toks, toks[1:]))
    out.update("stem:" + t[:5] for t in toks if len(t) > 5)  # "immigrants", "immigration" -> "immig"
    head = [t.lower() for t in WORD.findall(text.split(",", 1)[0])]
    out.update("head:" + t for t in head if t not in STOP)  # words before the first comma (the main clause, often)
    out.update("first:" + t for t in toks[:4] if t not in STOP)
    rows = set(rows)
    out.update("row:" + r for r in rows)
    if not rows:
        out.add("row:none")
    if cue_primary:
        out.add("cue_primary:" + cue_primary)
    return out


@dataclass
class Weights:
    """A fitted weights table: ``frames`` (column order) and ``table`` (feature -> one weight per frame;
    read as one matrix from the first ``rows`` call on, so not to be changed after it)."""

    frames: tuple[str, ...]
    table: dict[str, np.ndarray]
    notes: list[str] = field(default_factory=list)  # the comment header (what it was fitted to)
    path: str = ""

    @cached_property
    def _matrix(self) -> tuple[dict[str, int], np.ndarray]:
        """The table as one features x frames matrix and each feature's row (built once: a
        sentence's rows are then one indexing step, not an array built from many)."""
        index = {f: i for i, f in enumerate(self.table)}
        matrix = np.array(list(self.table.values()), dtype=float).reshape(len(index), len(self.frames))
        return index, matrix

    def rows(self, feats: Iterable[str]) -> tuple[list[str], np.ndarray]:
        """The sentence's features that have weights, and their weight rows (features x frames)."""
        index, matrix = self._matrix
        names = [f for f in feats if f in index]
        return names, matrix[[index[f] for f in names]]

    def scores(self, feats: Iterable[str]) -> np.ndarray:
        """One total per frame: the sum of the sentence's feature weights."""
        return self.rows(feats)[1].sum(axis=0)

    def probabilities(self, feats: Iterable[str]) -> np.ndarray:
        """The softmax of ``scores``: one probability per frame, in column order."""
        return softmax(self.scores(feats))

    def predict(self, feats: Iterable[str]) -> str:
        """The frame with the largest total (ties: the first in column order)."""
        return self.frames[int(np.argmax(self.scores(feats)))]

    def top_terms(self, feats: Iterable[str], frame: str, n: int = 5,
                  rows: tuple[list[str], np.ndarray] | None = None) -> list[tuple[str, float]]:
        """The ``n`` features of a sentence that push hardest towards ``frame`` (positive weights only);
        ``rows``: the sentence's ``rows(feats)`` when already at hand."""
        names, weights = rows if rows is not None else self.rows(feats)
        col = weights[:, self.frames.index(frame)]
        got = [(names[i], float(col[i])) for i in np.flatnonzero(col > 0) if names[i] != "bias"]
        return sorted(got, key=lambda x: (-x[1], x[0]))[:n]

    def to_csv(self) -> str:
        buf = io.StringIO()
        for line in self.notes:
            buf.write(f"# {line}\n" if line else "#\n")
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["feature", *self.frames])
        order = sorted(self.table, key=lambda f: (f != "bias", f.split(":", 1)[0], f))
        for f in order:
            w.writerow([f, *(f"{x:.4f}" for x in self.table[f])])
        return buf.getvalue()


def softmax(z: np.ndarray) -> np.ndarray:
    """Scores -> probabilities along the last axis (one sentence's frames, or a row per sentence).

    >>> softmax(np.array([[0.0, 0.0], [2.0, 0.0]])).round(3).tolist()
    [[0.5, 0.5], [0.881, 0.119]]
    """
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def term_matches(text: str, feats: Iterable[str]) -> list[str]:
    """The words of ``text`` behind word features (``word:``, ``pair:``, ``stem:``, ``head:``,
    ``first:``), as written there, in text order; overlapping matches are joined ("within 24"
    and "24 hours": "within 24 hours"); other features have no words.

    >>> term_matches("Gun owners would have to surrender weapons within 24 hours.",
    ...              ["stem:surre", "pair:within 24", "pair:24 hours", "word:within", "row:none"])
    ['surrender', 'within 24 hours']
    """
    toks = [(m.group().lower(), m.start(), m.end()) for m in WORD.finditer(text)]
    spans: list[tuple[int, int]] = []
    for f in feats:
        kind, _, value = f.partition(":")
        if kind == "pair":
            first, _, second = value.partition(" ")
            at = [(toks[i][1], toks[i + 1][2]) for i in range(len(toks) - 1)
                  if toks[i][0] == first and toks[i + 1][0] == second]
        elif kind == "stem":
            at = [(a, b) for t, a, b in toks if len(t) > 5 and t.startswith(value)]
        elif kind in ("word", "head", "first"):
            at = [(a, b) for t, a, b in toks if t == value]
        else:
            continue
        if at:
            spans.append(at[0])
    out: list[list[int]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [text[a:b] for a, b in out]


def feature_label(feature: str) -> str:
    """A reader's label for a feature: ``word:ukraine`` -> ``ukraine``, ``stem:immig`` -> ``immig…``,
    ``row:security_core`` -> ``cues of security_core``, ``cue_primary:economic`` -> ``cue decision economic``."""
    kind, _, value = feature.partition(":")
    if kind == "stem":
        return value + "…"
    if kind == "row":
        return "no cue" if value == "none" else f"cues of {value}"
    if kind == "cue_primary":
        return f"cue decision {value}"
    return value or kind


class WeightsError(ValueError):
    """A malformed weights file; the message names the file and line."""


def parse_weights(text: str, path: str = "<weights>") -> Weights:
    """Read a weights table written by ``Weights.to_csv`` (comment lines first)."""
    notes, body = [], []
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith("#"):
            notes.append(line[1:].strip())
        elif line.strip():
            body.append((n, line))
    if not body:
        raise WeightsError(f"{path}: no header row")
    rows = list(csv.reader(ln for _, ln in body))
    header = rows[0]
    if not header or header[0] != "feature" or len(header) < 3:
        raise WeightsError(f"{path}:{body[0][0]}: header must be feature,FRAME,FRAME,...")
    frames = tuple(h.strip() for h in header[1:])
    for (n, _), row in zip(body[1:], rows[1:]):
        if len(row) != len(header):
            raise WeightsError(f"{path}:{n}: expected {len(header)} columns, got {len(row)}")
    try:  # one conversion for the whole table (a per-row array is most of the load time)
        matrix = np.array([x for row in rows[1:] for x in row[1:]], dtype=float).reshape(len(rows) - 1, len(frames))
    except ValueError:
        n = next(n for (n, _), row in zip(body[1:], rows[1:]) if not all(_is_number(x) for x in row[1:]))
        raise WeightsError(f"{path}:{n}: weights must be numbers") from None
    table = {row[0]: matrix[i] for i, row in enumerate(rows[1:])}
    return Weights(frames, table, notes, path)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=8)
def _load(path: str, mtime_ns: int) -> Weights:
    from .records import TextFileError, read_text_file

    try:
        text = read_text_file(path)
    except TextFileError as exc:
        raise WeightsError(f"{exc}; a weights table is a UTF-8 CSV file") from None
    return parse_weights(text, path)


def load_weights(path: str | Path) -> Weights:
    """Read (and cache, until the file changes) a weights file."""
    p = Path(path).resolve()
    return _load(str(p), p.stat().st_mtime_ns)


# --------------------------------------------------------------------------- fitting

def fit(samples: Sequence[tuple[Any, str]], frames: Sequence[str], l2: float = DEFAULT_L2,
        iters: int = DEFAULT_ITERS, min_count: int = DEFAULT_MIN_COUNT) -> Weights:
    """Fit weights to ``(features or text, frame)`` pairs by L2-penalised softmax regression.

    A sample may give its text (features are then words and pairs only) or its feature set.
    Features seen in fewer than ``min_count`` samples are left out (``row:``, ``cue_primary:``
    and ``bias`` always stay). Full-batch Adam from zero weights for ``iters`` steps: the same
    data give the same weights.
    """
    frames = tuple(frames)
    unknown = sorted({y for _, y in samples if y not in frames})
    if unknown:
        raise ValueError(f"labels not in the scheme: {unknown}")
    X = [features(s, (), None) - {"row:none"} if isinstance(s, str) else set(s) | {"bias"} for s, _ in samples]
    count = Counter(f for x in X for f in x)
    keep = sorted(f for f, c in count.items() if c >= min_count or f.startswith(("row:", "cue_primary:", "bias")))
    index = {f: i for i, f in enumerate(keep)}
    n, d, k = len(X), len(keep), len(frames)
    # the sample x feature matrix is 0/1 and sparse: keep each sample's feature indices
    cols = [sorted(index[f] for f in x if f in index) for x in X]
    idx = np.fromiter((j for c in cols for j in c), dtype=np.int64)
    row_of = np.repeat(np.arange(n), [len(c) for c in cols])
    # every sample has "bias" and every kept feature occurs, so both groupings below are non-empty:
    # a sample's score is a segment sum over its features, a feature's gradient one over its samples
    sample_starts = np.concatenate(([0], np.cumsum([len(c) for c in cols])[:-1]))
    by_feature = np.argsort(idx, kind="stable")
    feature_starts = np.searchsorted(idx[by_feature], np.arange(d))
    rows_by_feature = row_of[by_feature]
    Y = np.zeros((n, k))
    Y[np.arange(n), [frames.index(y) for _, y in samples]] = 1.0
    W = np.zeros((d, k))
    m1, m2 = np.zeros_like(W), np.zeros_like(W)
    for t in range(1, iters + 1):
        Z = np.add.reduceat(W[idx], sample_starts, axis=0)
        Z -= Z.max(axis=1, keepdims=True)
        P = np.exp(Z)
        P /= P.sum(axis=1, keepdims=True)
        G = l2 * W / n
        G += np.add.reduceat((P - Y)[rows_by_feature], feature_starts, axis=0) / n
        m1 = 0.9 * m1 + 0.1 * G
        m2 = 0.999 * m2 + 0.001 * G * G
        W -= 0.05 * (m1 / (1 - 0.9 ** t)) / (np.sqrt(m2 / (1 - 0.999 ** t)) + 1e-8)
    W = np.round(W, 4)
    table = {f: W[index[f]] for f in keep if np.any(W[index[f]] != 0)}
    return Weights(frames, table)


def cross_validate(samples: Sequence[tuple[Any, str]], frames: Sequence[str], folds: int = 5, seed: int = 0,
                   done: Callable[[], Any] | None = None, **kw: Any) -> float:
    """Share of samples whose frame a model fitted on the other folds gets right (``done`` is
    called after each fit: a progress bar's update). Each sample is its own group of
    ``cross_validate_in_context``, read alone."""
    return cross_validate_in_context(samples, range(len(samples)), frames, (0.0,), folds, seed, done, **kw)[0.0]


CONTEXT_FLOOR = 0.01  # a frame no other sentence leans to costs log(0.01) * context, not minus infinity


def in_context(probs: np.ndarray, context: float) -> np.ndarray:
    """Each sentence's frame probabilities times the mean of the other sentences' to the power
    ``context`` (renormalised): log p_i + context * log(mean_{j != i} p_j + 0.01).

    A news article or a comment mostly argues a few frames: a sentence the words leave between
    "policy" and "political" goes with the one its neighbours are about. Fitted on the training
    sets (leave one set out, docs/sentiment_framing.md): context 0.5 raised the mean agreement
    0.544 -> 0.574, every one of nine sets by 0.008-0.075.

    >>> p = np.array([[0.5, 0.5], [0.9, 0.1], [0.8, 0.2]])
    >>> in_context(p, 0.5).argmax(axis=1).tolist()
    [0, 0, 0]
    """
    others = (probs.sum(axis=0) - probs) / (len(probs) - 1)
    z = np.log(probs + 1e-12) + context * np.log(others + CONTEXT_FLOOR)
    return softmax(z)


def cross_validate_in_context(samples: Sequence[tuple[Any, str]], groups: Sequence[Hashable], frames: Sequence[str],
                              contexts: Sequence[float] = (0.0, 0.5), folds: int = 5, seed: int = 0,
                              done: Callable[[], Any] | None = None, **kw: Any) -> dict[float, float]:
    """Agreement at each ``context`` value, cross-validated by group (an article or comment is
    never split between training and test folds): ``{context: share right}``.

    Each held-out group's sentences are read together, as ``framing.analyze`` reads an article.
    """
    frames = tuple(frames)
    groups = list(groups)
    names = sorted(set(groups))
    random.Random(seed).shuffle(names)
    fold_of = {g: i % folds for i, g in enumerate(names)}
    right = dict.fromkeys(contexts, 0)
    for f in range(folds):
        by: dict[Hashable, list[int]] = {}
        for i, g in enumerate(groups):
            if fold_of[g] == f:
                by.setdefault(g, []).append(i)
        if by:  # fewer groups than folds leaves a fold empty
            model = fit([samples[i] for i, g in enumerate(groups) if fold_of[g] != f], frames, **kw)
        for idx in by.values():
            probs = np.array([model.probabilities(samples[i][0]) for i in idx])
            gold = [frames.index(samples[i][1]) for i in idx]
            for c in contexts:
                p = in_context(probs, c) if c and len(idx) > 1 else probs
                right[c] += int(np.sum(p.argmax(axis=1) == np.array(gold)))
        if done:
            done()
    return {c: r / len(samples) for c, r in right.items()} if samples else {c: math.nan for c in contexts}


# --------------------------------------------------------------------------- command line

def read_labelled(path: str | Path) -> list[dict[str, str]]:
    """Rows of a labelled CSV (``#`` comment lines allowed) with at least ``text`` and ``frame``.

    ``ValueError`` names the file (and line) of a file that is not UTF-8 text or not such a CSV."""
    from .records import read_text_file

    text = read_text_file(path, newline="")  # newline="": the csv module reads a line break inside quotes
    lines = [(n, ln) for n, ln in enumerate(io.StringIO(text, newline=""), 1) if not ln.startswith("#")]
    reader = csv.DictReader(ln for _, ln in lines)
    rows = []
    for rec in reader:
        if None in rec:  # an unquoted comma in the text: the rest would land in the next column, silently
            raise ValueError(f"{path}:{lines[reader.line_num - 1][0]}: more fields than the header names; "
                             "quote a text that contains a comma")
        rows.append(rec)
    if rows and not {"text", "frame"} <= set(rows[0]):
        raise ValueError(f"{path}: needs the columns text and frame (has {', '.join(rows[0])})")
    return [r for r in rows if (r.get("text") or "").strip() and (r.get("frame") or "").strip()]


def cli_main(args: Any) -> int:
    """``newsdesk frames-train LABELLED.csv [--scheme policy] [--out FILE] [--l2 X] [--folds K]``."""
    from . import framing, records

    clash = records.out_clobbers(args.out, [args.labelled])  # the weights would replace the hand labels
    if clash:
        print(f"newsdesk frames-train: {clash}; nothing was read or written", file=sys.stderr)
        return 2
    try:
        sch = framing.load_scheme(args.scheme)
        rows = read_labelled(args.labelled)
    except (framing.SchemeError, OSError, ValueError) as exc:
        print(f"newsdesk frames-train: {exc}", file=sys.stderr)
        return 1
    bad = sorted({r["frame"] for r in rows if r["frame"] not in sch.frames})
    if bad:
        print(f"newsdesk frames-train: {args.labelled}: frames not in scheme {sch.name}: {', '.join(bad)}", file=sys.stderr)
        return 1
    if len(rows) < 50:
        print(f"newsdesk frames-train: {args.labelled}: {len(rows)} labelled sentences; at least 50 are needed", file=sys.stderr)
        return 1
    from tqdm import tqdm

    cue_only = framing.without_weights(sch)
    groups = [(r.get("article_id") or "").strip() or f"row {i}" for i, r in enumerate(rows)]
    grouped = args.folds > 1 and len(set(groups)) < len(groups)
    fits = 1 + (args.folds if args.folds > 1 else 0) + (args.folds if grouped else 0)
    # one bar: reading the sentences counts as one step, each fit as one (off when stderr is not a terminal)
    bar = tqdm(total=fits + 1, desc="frames-train", unit="step", file=sys.stderr, dynamic_ncols=True,
               disable=True if getattr(args, "quiet", False) else None)
    samples = [(framing.sentence_features(r["text"], cue_only), r["frame"]) for r in rows]
    base = sum(framing.sentence_frame_of(r["text"], cue_only) == r["frame"] for r in rows) / len(rows)
    bar.update()
    kw = {"l2": args.l2, "iters": args.iters}
    bar.write(f"{len(rows)} labelled sentences, scheme {sch.name} {sch.version}", file=sys.stderr)
    bar.write(f"cue rows only:            {base:.3f} agreement", file=sys.stderr)
    if args.folds > 1:
        cv = cross_validate(samples, sch.frames, folds=args.folds, done=bar.update, **kw)
        bar.write(f"cues + weights ({args.folds}-fold): {cv:.3f} agreement (fitted on the other folds)", file=sys.stderr)
        if cv < base:
            bar.write(f"warning: with these weights fewer sentences agree than with the cue rows alone ({cv:.3f} < "
                      f"{base:.3f}); more labelled sentences usually help (the bundled weights were fitted to "
                      f"15,009). A scheme uses the table only if its '# weights:' line names it.", file=sys.stderr)
    by_article: dict[float, float] = {}
    if grouped:
        # sentences grouped by article: how much the rest of an article helps (the scheme's "# context:")
        contexts = sorted({0.0, 0.25, 0.5, 1.0, sch.context})
        by_article = cross_validate_in_context(samples, groups, sch.frames, contexts, folds=args.folds,
                                               done=bar.update, **kw)
        bar.write(f"by article_id ({args.folds}-fold, each article in one fold), '# context:' "
                  + ", ".join(f"{c:g} -> {a:.3f}" for c, a in by_article.items())
                  + f" (the scheme has {sch.context:g})", file=sys.stderr)
    model = fit(samples, sch.frames, **kw)
    bar.update()
    bar.close()
    src = Path(args.labelled).name
    model.notes = [
        f"weights for scheme {sch.name} {sch.version} ({Path(sch.path).name}), fitted by `newsdesk frames-train {src}`",
        f"to {len(rows)} hand-labelled sentences; l2 {args.l2}, {args.iters} steps, features seen in >= {DEFAULT_MIN_COUNT} sentences.",
        f"Agreement with the labels: cue rows only {base:.3f}"
        + (f"; cues + weights, {args.folds}-fold cross-validated, {cv:.3f}." if args.folds > 1 else "."),
        *([f"Folds by article_id, agreement at each '# context:' value: "
           + ", ".join(f"{c:g} {a:.3f}" for c, a in by_article.items()) + "."] if by_article else []),
        "Columns: one weight per frame; a sentence's primary frame is the largest sum over its features.",
    ]
    text = model.to_csv()
    if args.out:
        atomic.write_text(args.out, text)
        print(f"wrote {args.out} ({len(model.table)} features)", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0

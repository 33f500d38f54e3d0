"""Check sentence sentiment against human ratings (``newsdesk eval sentiment``).

The issue's validity test: sentence scores must keep stock VADER's correlation with human
ratings of news sentences (Hutto & Gilbert 2014: r = 0.49 on NYT editorial snippets), and an
override file must not lower it. This module measures exactly that on any rated file:

- Pearson r between the human rating and VADER's compound score, stock;
- with an override file: r, the difference, a bootstrap 95% interval of the difference
  (resampling whole groups: the part of a ``N_M`` id before the underscore, e.g. one
  editorial, else single sentences), how many sentences the file changed, and for every
  override word found in the sentences the change in r when only that word is overridden
  (which entries help and which hurt).

Rated files: a CSV with columns ``rating`` and ``text`` (optional ``id``; ``#`` lines are
comments; ``tests/data/sentiment_gold.csv``), or VADER's own ground-truth format, tab-separated
``ID<TAB>RATING<TAB>TEXT`` without a header (``nytEditorialSnippets_GroundTruth.txt`` in the
vaderSentiment repository, ``additional_resources/hutto_ICWSM_2014``).

>>> rows = [("a", 2.0, "A wonderful, happy day."), ("b", -2.0, "A horrible, sad loss."), ("c", 0.0, "The bus left.")]
>>> round(validity(rows)["stock"]["r"], 3)
1.0
"""

from __future__ import annotations

import csv
import json
import math
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from . import records, sentiment

BOOTSTRAP = 2000
_GROUPED_ID = re.compile(r"^([^_]+)_\d+$")


class RatingsError(ValueError):
    """A malformed ratings file; the message names the file and line."""


def read_ratings(path: str | Path) -> list[tuple[str, float, str]]:
    """``(id, rating, text)`` rows from a ratings CSV (``rating``, ``text``) or a VADER ground-truth file."""
    path = Path(path)
    lines = records.read_text_file(path).splitlines()  # (a UTF-8 byte-order mark dropped; TextFileError names the file)
    body = [(n, ln) for n, ln in enumerate(lines, 1) if ln.strip() and not ln.lstrip().startswith("#")]
    if not body:
        raise RatingsError(f"{path}: no rated sentences")
    first = body[0][1].split("\t")
    rows: list[tuple[str, float, str]] = []
    if len(first) >= 3 and _is_number(first[1]):  # VADER: ID<TAB>RATING<TAB>TEXT
        for n, ln in body:
            parts = ln.split("\t", 2)
            if len(parts) < 3 or not _is_number(parts[1]):
                raise RatingsError(f"{path}:{n}: expected ID<TAB>RATING<TAB>TEXT")
            rows.append((parts[0], float(parts[1]), parts[2]))
        return rows
    reader = csv.DictReader(ln for _, ln in body)
    if not {"rating", "text"} <= set(reader.fieldnames or ()):
        raise RatingsError(f"{path}: needs columns 'rating' and 'text' (or VADER's ID<TAB>RATING<TAB>TEXT lines)")
    for rec in reader:
        n = body[reader.line_num - 1][0]  # the file's line of this record (comments and blanks skipped)
        if None in rec:  # `-3,The car crashed into a crowd, killing six.` would keep only "The car crashed..."
            raise RatingsError(f"{path}:{n}: more fields than the header names; quote a text that contains a comma")
        if not _is_number(rec.get("rating") or ""):
            raise RatingsError(f"{path}:{n}: rating {rec.get('rating')!r} is not a number")
        rows.append((rec.get("id") or str(len(rows) + 1), float(rec["rating"]), rec["text"] or ""))
    return rows


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _r(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 2 or x.std() == 0 or y.std() == 0:
        return math.nan
    return float(np.corrcoef(x, y)[0, 1])


def validity(rows: Sequence[tuple[str, float, str]], overrides: str | Path | None = None,
             seed: int = 0) -> dict[str, Any]:
    """Correlation of VADER's compound with the ratings, stock and (optionally) with ``overrides``."""
    y = np.array([r for _, r, _ in rows])
    texts = [t for _, _, t in rows]
    stock = np.array([sentiment.score(t).compound for t in texts])
    out: dict[str, Any] = {"sentences": len(rows), "stock": {"lexicon": sentiment.lexicon_label(), "r": _r(stock, y)}}
    if not overrides:
        return out
    over = np.array([sentiment.score(t, overrides).compound for t in texts])
    groups = [(m.group(1) if (m := _GROUPED_ID.match(i)) else f"#{k}") for k, (i, _, _) in enumerate(rows)]
    index: dict[str, list[int]] = {}
    for k, g in enumerate(groups):
        index.setdefault(g, []).append(k)
    members = list(index.values())
    rng = np.random.default_rng(seed)
    diffs = []
    for _ in range(BOOTSTRAP):
        pick = np.concatenate([members[j] for j in rng.integers(0, len(members), len(members))])
        diffs.append(_r(over[pick], y[pick]) - _r(stock[pick], y[pick]))
    low, high = np.nanpercentile(diffs, [2.5, 97.5])
    out["overrides"] = {"lexicon": sentiment.lexicon_label(overrides), "r": _r(over, y),
                        "difference": _r(over, y) - out["stock"]["r"], "interval95": [float(low), float(high)],
                        "resampled": "groups" if len(members) < len(rows) else "sentences",
                        "changed": int(np.sum(np.abs(over - stock) > 1e-12)), "words": _word_effects(texts, y, stock, overrides)}
    return out


def _word_effects(texts: list[str], y: np.ndarray, stock: np.ndarray, overrides: str | Path) -> list[dict[str, Any]]:
    """For each override word found: sentences with it, and r when only that word is overridden."""
    entries = sentiment.read_overrides(overrides)
    sia = sentiment.SentimentIntensityAnalyzer()  # a private stock analyzer, one entry changed at a time
    tokens = [set(re.findall(r"[a-z']+", t.lower())) for t in texts]
    base = _r(stock, y)
    out = []
    for word, valence in entries.items():
        hit = [k for k, toks in enumerate(tokens) if word in toks]
        if not hit:
            continue
        before = sia.lexicon.get(word)
        sia.lexicon[word] = valence
        one = stock.copy()
        one[hit] = [sia.polarity_scores(texts[k])["compound"] for k in hit]
        if before is None:
            del sia.lexicon[word]
        else:
            sia.lexicon[word] = before
        out.append({"word": word, "valence": valence, "stock_valence": before, "sentences": len(hit),
                    "r_change": _r(one, y) - base})
    return sorted(out, key=lambda d: d["r_change"])


def format_table(res: dict[str, Any]) -> str:
    """The result as plain text."""
    lines = [f"sentences: {res['sentences']}", f"stock      r = {res['stock']['r']:.4f}   {res['stock']['lexicon']}"]
    o = res.get("overrides")
    if o:
        lo, hi = o["interval95"]
        lines += [f"overrides  r = {o['r']:.4f}   {o['lexicon']}",
                  f"difference   {o['difference']:+.4f}   95% interval {lo:+.4f} .. {hi:+.4f} "
                  f"(bootstrap over {o['resampled']}); sentences changed: {o['changed']}",
                  "", "override words found (r change when only this word is overridden; most harmful first):",
                  f"  {'word':<16}{'valence':>8}{'stock':>8}{'sentences':>11}{'r change':>10}"]
        for w in o["words"]:
            stock = "-" if w["stock_valence"] is None else f"{w['stock_valence']:.1f}"
            lines.append(f"  {w['word']:<16}{w['valence']:>8.1f}{stock:>8}{w['sentences']:>11}{w['r_change']:>+10.4f}")
    return "\n".join(lines)


def cli_main(args: Any) -> int:
    """``newsdesk eval sentiment --gold RATINGS [--overrides FILE] [--format text|json]``."""
    from .evaluate import file_problem

    option, path = "--gold", args.gold
    try:
        rows = read_ratings(args.gold)
        if args.overrides:
            option, path = "--overrides", args.overrides
            sentiment.read_overrides(args.overrides)
    except (OSError, ValueError) as exc:  # say which of the two files it is
        print(f"newsdesk eval sentiment: {option} {file_problem(path, exc)}", file=sys.stderr)
        return 2
    res = validity(rows, args.overrides)
    print(json.dumps(res, indent=1) if args.format == "json" else format_table(res))
    return 0

"""Measure quote attribution against hand-coded gold (``newsdesk eval quotes``).

Gold is JSON Lines, one story a line: ``{"id", "text", "quotes": [{"start", "end",
"kind", "speaker"}, ...]}`` with offsets into ``text``; predictions are what ``newsdesk
quotes`` writes for the same records (``{"id", "quotes": [...]}``).

What is counted:

- **exact** span match: the same span once both are trimmed of edge spaces and edge
  punctuation (so a quote with or without its final comma is the same quote);
- **overlap** span match: the spans share at least ``MIN_OVERLAP`` of the shorter one;
  gold and predicted quotes are paired one to one, largest overlap first;
- **speaker accuracy**: among overlap-matched pairs, the share whose speakers agree
  (same name after dropping case, "the" and dots; a surname agrees with the full
  name; names 90% alike agree, for a story's own spelling variants; an acronym agrees with
  the words it abbreviates, "KCNA" / "Korean Central News Agency"; no speaker agrees
  with no speaker);
- **end-to-end**: precision/recall/F1 counting a prediction right only when its span
  overlaps a gold quote *and* its speaker agrees.

Scores are given overall and by kind: gold ``direct`` versus reported (``indirect`` and
``mixed``); recall splits by the gold kind, precision by the predicted kind. Gold
quotes of kind ``scare`` (a quoted label nobody is quoted as saying) are neutral: a
prediction on one is neither right nor wrong, but one given a speaker is counted in
``scare_attributed``. A *predicted* quote of kind ``scare`` (the attributor's "a label, nobody's
words") claims no quote: it is paired with nothing and neutral.

>>> gold = [{"id": "a", "text": "We will win, Ann Lee said.", "quotes": [{"start": 0, "end": 12, "kind": "direct", "speaker": "Ann Lee"}]}]
>>> pred = [{"id": "a", "quotes": [{"start": 0, "end": 11, "kind": "direct", "speaker": "Lee"}]}]
>>> evaluate(gold, pred)["all"]["end_to_end"]["f1"]
1.0
"""

from __future__ import annotations

import json
import re
from difflib import SequenceMatcher
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

MIN_OVERLAP = 0.5
EDGE = " \t\n,.;:!?\"'“”‘’«»„‚‹›-—–…[]()"


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Return ``(start, end)`` without edge spaces and punctuation (``text`` may be empty).

    >>> trimmed('said “yes,” he', 5, 11)
    (6, 9)
    """
    if not text:
        return start, end
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    while start < end and text[start] in EDGE:
        start += 1
    while end > start and text[end - 1] in EDGE:
        end -= 1
    return start, end


def same_speaker(gold: str | None, pred: str | None) -> bool:
    """True when two speaker names agree (see module docstring).

    >>> same_speaker("Antony Blinken", "Blinken"), same_speaker("the U.S.", "US"), same_speaker(None, "X")
    (True, True, False)
    >>> same_speaker("Korean Central News Agency", "KCNA"), same_speaker("FBI", "Federal Reserve")
    (True, False)
    """
    if not gold or not pred:
        return not gold and not pred
    g, p = _norm(gold), _norm(pred)
    if g == p:
        return True
    gw, pw = g.split(), p.split()
    if not gw or not pw:
        return False
    if gw[-1] == pw[-1] and (len(gw) == 1 or len(pw) == 1):
        return True
    if SequenceMatcher(None, g, p).ratio() >= 0.9 and len(g) >= 8:
        return True  # a spelling variant the story itself uses ("Kristin"/"Kristen Wilkins")
    if _acronym_of(gold, pred) or _acronym_of(pred, gold):
        return True  # "KCNA" and "Korean Central News Agency"
    return f" {p} " in f" {g} " or f" {g} " in f" {p} "


def _acronym_of(short: str, full: str) -> bool:
    """True when ``short`` (all capitals, 2-6 letters) is the initials of ``full``'s words (minor
    words skipped): "FTC" / "Federal Trade Commission"."""
    letters = short.replace(".", "")
    if not (2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()):
        return False
    words = [w for w in full.replace("-", " ").split() if w.lower() not in ("of", "and", "the", "for", "on", "&")]
    return len(words) >= 2 and "".join(w[0] for w in words).upper() == letters


def _norm(name: str) -> str:
    s = name.lower().replace(".", "").replace("’", "'")
    s = re.sub(r"^(the|a|an)\s+", "", s.strip())
    s = re.sub(r"\s+", " ", s)
    return {"united states": "us", "usa": "us", "america": "us"}.get(s, s)


def _kind(k: str | None) -> str:
    return "direct" if k == "direct" else "reported"


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / max(1, min(a[1] - a[0], b[1] - b[0]))


def _prf(tp_p: int, n_p: int, tp_r: int, n_g: int) -> dict[str, float]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_r / n_g if n_g else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def match_story(text: str, gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Pair gold and predicted quotes of one story; return one row per gold or predicted quote.

    Each row: ``gold`` / ``pred`` index (or None), ``gold_kind``, ``pred_kind``, ``exact``,
    ``overlap`` (bool), ``speaker_ok``, ``scare``.
    """
    gspans = [trimmed(text, int(q["start"]), int(q["end"])) for q in gold]
    pspans = [trimmed(text, int(q["start"]), int(q["end"])) for q in pred]
    cand = []
    for i, g in enumerate(gspans):
        for j, p in enumerate(pspans):
            if pred[j].get("kind") == "scare":  # the tool's own "a label, nobody's words": no quote claimed
                continue
            o = _overlap(g, p)
            if o >= MIN_OVERLAP:
                cand.append((-(o + (1.0 if g == p else 0.0)), i, j))
    cand.sort()
    gi: dict[int, int] = {}
    pj: dict[int, int] = {}
    for _, i, j in cand:
        if i not in gi and j not in pj:
            gi[i], pj[j] = j, i
    rows = []
    for i, q in enumerate(gold):
        j = gi.get(i)
        p = pred[j] if j is not None else None
        rows.append({
            "gold": i, "pred": j, "gold_kind": q.get("kind"), "pred_kind": p.get("kind") if p else None,
            "exact": j is not None and gspans[i] == pspans[j], "overlap": j is not None,
            "speaker_ok": j is not None and same_speaker(q.get("speaker"), p.get("speaker")),
            "scare": q.get("kind") == "scare",
            "scare_attributed": q.get("kind") == "scare" and p is not None and bool(p.get("speaker")),
        })
    for j, p in enumerate(pred):
        if j not in pj:
            # a prediction overlapping a scare quote it was not paired with is neutral too
            neutral = p.get("kind") == "scare" or any(
                _overlap(gspans[i], pspans[j]) > 0 and gold[i].get("kind") == "scare" for i in range(len(gold)))
            rows.append({"gold": None, "pred": j, "gold_kind": None, "pred_kind": p.get("kind"), "exact": False,
                         "overlap": False, "speaker_ok": False, "scare": neutral, "scare_attributed": False})
    return rows


def evaluate(gold: Iterable[dict[str, Any]], pred: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Score predictions against gold; return ``{"all": ..., "direct": ..., "reported": ..., ...}``."""
    preds = {str(r["id"]): r.get("quotes", []) for r in pred}
    rows: list[dict[str, Any]] = []
    stories = 0
    for g in gold:
        stories += 1
        rows.extend(match_story(g.get("text", ""), g.get("quotes", []), preds.get(str(g["id"]), [])))
    out: dict[str, Any] = {"stories": stories, "min_overlap": MIN_OVERLAP}
    for split in ("all", "direct", "reported"):
        def in_g(r):
            return r["gold"] is not None and not r["scare"] and (split == "all" or _kind(r["gold_kind"]) == split)

        def in_p(r):
            return r["pred"] is not None and not r["scare"] and (split == "all" or _kind(r["pred_kind"]) == split)

        g_rows = [r for r in rows if in_g(r)]
        p_rows = [r for r in rows if in_p(r)]
        matched = [r for r in g_rows if r["overlap"]]
        out[split] = {
            "gold": len(g_rows),
            "pred": len(p_rows),
            "exact": _prf(sum(r["exact"] for r in p_rows), len(p_rows), sum(r["exact"] for r in g_rows), len(g_rows)),
            "overlap": _prf(sum(r["overlap"] for r in p_rows), len(p_rows), len(matched), len(g_rows)),
            "speaker_accuracy": round(sum(r["speaker_ok"] for r in matched) / len(matched), 4) if matched else 0.0,
            "end_to_end": _prf(sum(r["overlap"] and r["speaker_ok"] for r in p_rows), len(p_rows),
                               sum(r["speaker_ok"] for r in matched), len(g_rows)),
        }
    out["scare_quotes"] = sum(1 for r in rows if r["gold"] is not None and r["scare"])
    out["scare_attributed"] = sum(1 for r in rows if r["scare_attributed"])
    return out


def format_table(scores: dict[str, Any]) -> str:
    """Return the scores as a plain-text table."""
    lines = [
        f"stories: {scores['stories']}   overlap match: >= {scores['min_overlap']:.0%} of the shorter span",
        f"{'split':<9}{'gold':>6}{'pred':>6}  {'exact P/R/F1':<20}{'overlap P/R/F1':<20}{'speaker':>8}  end-to-end P/R/F1",
    ]
    for split in ("all", "direct", "reported"):
        s = scores[split]

        def f(d):
            return f"{d['precision']:.2f}/{d['recall']:.2f}/{d['f1']:.2f}"

        lines.append(f"{split:<9}{s['gold']:>6}{s['pred']:>6}  {f(s['exact']):<20}{f(s['overlap']):<20}"
                     f"{s['speaker_accuracy']:>8.2f}  {f(s['end_to_end'])}")
    lines.append(f"scare quotes in gold: {scores['scare_quotes']}, given a speaker: {scores['scare_attributed']}")
    return "\n".join(lines)


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Read a JSON Lines file of records with an ``id`` into a list of dicts (blank lines skipped);
    ``ValueError`` names the file, the line and the reason."""
    from .records import binary_kind, json_lines, stream_lines

    out = []
    with open(path, "rb") as fh:  # decoded line by line: a byte that is not UTF-8 is named with its line
        kind = binary_kind(fh.peek(8192)[:8192], str(path))
        if kind:
            raise ValueError(f"{path}: not a text file ({kind})")
        for n, _, rec, problem in json_lines(stream_lines(fh, str(path)), str(path)):
            if problem:
                raise ValueError(f"{problem}; expected one JSON record per line")
            if not isinstance(rec, dict) or "id" not in rec:
                raise ValueError(f'{path}:{n}: a record needs an "id" field')
            out.append(rec)
    return out


def check_pairing(gold: list[dict[str, Any]], pred: list[dict[str, Any]], gold_path: str, pred_path: str) -> tuple[str | None, list[str]]:
    """``(error, warnings)`` about gold and predictions that do not belong together: no id in
    common (scores would be silent zeros), gold stories without a prediction, predictions
    without a ``quotes`` field (another command's output)."""
    gold_ids, pred_ids = [str(g["id"]) for g in gold], {str(p["id"]) for p in pred}
    if pred and not any("quotes" in p for p in pred):
        return (f'{pred_path}: no record has a "quotes" field; predictions are the output of '
                f"`newsdesk quotes` on the gold stories"), []
    missing = [i for i in gold_ids if i not in pred_ids]
    if gold_ids and len(missing) == len(gold_ids):
        return (f"no prediction in {pred_path} has the id of a gold story in {gold_path} "
                f"(gold ids start {', '.join(gold_ids[:3])}; prediction ids start {', '.join(sorted(pred_ids)[:3]) or 'none'})"), []
    warnings = []
    if missing:
        warnings.append(f"{len(missing)} of {len(gold_ids)} gold stories have no prediction in {pred_path} and count "
                        f"as all quotes missed: {', '.join(missing[:5])}{' ...' if len(missing) > 5 else ''}")
    return None, warnings


def file_problem(path: str | Path, exc: Exception) -> str:
    """``exc`` as one line that starts with the file name (an ``OSError``'s own text puts it last).

    >>> file_problem("g.jsonl", FileNotFoundError(2, "No such file or directory"))
    'g.jsonl: No such file or directory'
    """
    if isinstance(exc, OSError):
        return f"{path}: {exc.strerror or exc}"
    msg = str(exc)
    return msg if msg.startswith(str(path)) else f"{path}: {msg}"


def cli_main(args) -> int:
    """Run ``newsdesk eval quotes --gold GOLD.jsonl --pred PRED.jsonl [--format text|json]``."""
    read: dict[str, list[dict[str, Any]]] = {}
    for option, path in (("--gold", args.gold), ("--pred", args.pred)):
        try:
            read[option] = read_jsonl(path)
        except (OSError, ValueError) as exc:  # say which of the two files it is
            print(f"newsdesk eval quotes: {option} {file_problem(path, exc)}", file=sys.stderr)
            return 2
    gold, pred = read["--gold"], read["--pred"]
    error, warnings = check_pairing(gold, pred, args.gold, args.pred)
    if error:
        print(f"newsdesk eval quotes: {error}", file=sys.stderr)
        return 1
    for w in warnings:
        print(f"newsdesk eval quotes: warning: {w}", file=sys.stderr)
    scores = evaluate(gold, pred)
    if args.format == "json":
        print(json.dumps(scores, indent=1))
    else:
        print(format_table(scores))
    return 0

"""Build tests/data/quotes_gold{,_heldout,_heldout2,_heldout3}.jsonl from the hand-coded .yaml files beside it.

Each story's text is read from seeds/ exactly as stored, or taken from the story's own
``text`` field (the synthetic wire paragraphs of held-out 3); each coded quote is located in it
(a "START <…> END" quote spans from START to the end of the first END after it). A quote
that cannot be found stops the build with its story and text, so the gold never drifts
silently from the stories. Run: .venv/bin/python tests/data/build_quotes_gold.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SEP = " <…> "
GOLD_FILES = ("quotes_gold", "quotes_gold_heldout", "quotes_gold_heldout2", "quotes_gold_heldout3", "quotes_gold_heldout4", "quotes_gold_heldout5", "quotes_gold_heldout6", "quotes_gold_heldout7", "quotes_gold_heldout8", "quotes_gold_heldout9", "quotes_gold_heldout10", "quotes_gold_heldout11", "quotes_gold_heldout12", "quotes_gold_heldout13", "quotes_gold_heldout14")


def locate(text: str, quote: str, n: int = 1) -> tuple[int, int]:
    """Return (start, end) of the n-th occurrence of ``quote`` (or of "START <…> END")."""
    head, _, tail = quote.partition(SEP)
    pos = -1
    for _ in range(n):
        pos = text.find(head, pos + 1)
        if pos < 0:
            raise ValueError(f"not found: {head!r}")
    if not tail:
        return pos, pos + len(head)
    end = text.find(tail, pos + len(head))
    if end < 0:
        raise ValueError(f"end not found: {tail!r}")
    return pos, end + len(tail)


def build(name: str = "quotes_gold") -> list[dict]:
    """Return the gold records coded in ``tests/data/<name>.yaml``."""
    stories = yaml.safe_load((HERE / f"{name}.yaml").read_text(encoding="utf-8"))
    out = []
    for story in stories:
        text = story.get("text")
        if text is None:
            text = (ROOT / "seeds" / f"{story['id']}.txt").read_text(encoding="utf-8")
        quotes = []
        for row in story["quotes"]:
            kind, quote, speaker = row[:3]
            n = row[3] if len(row) > 3 else 1
            try:
                s, e = locate(text, quote, n)
            except ValueError as exc:
                sys.exit(f"{story['id']}: {exc}")
            quotes.append({"start": s, "end": e, "quote": text[s:e], "kind": kind, "speaker": speaker})
        quotes.sort(key=lambda q: q["start"])
        rec = {"id": story["id"], "text": text, "quotes": quotes}
        if "source" in story:
            rec["source"] = story["source"]
        out.append(rec)
    return out


if __name__ == "__main__":
    for name in GOLD_FILES:
        recs = build(name)
        with open(HERE / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            for r in recs:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"{len(recs)} stories, {sum(len(r['quotes']) for r in recs)} quotes -> tests/data/{name}.jsonl")

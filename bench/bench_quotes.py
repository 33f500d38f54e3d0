"""Benchmark: quote attribution, articles per second on one core.

The 39 texts in seeds/ (the seed article and the 38 samples) are segmented once, then
replicated to at least 5,000 articles (``--n``). Timed: ``quotes.analyze`` on every
article (quotation marks, cues, speaker roster, attribution). Baseline: pairing the
quotation marks alone (``quotemarks.quoted_spans``), the part every quote tool does, so the
ratio shows what attribution costs on top. Segmentation and I/O are not timed (the
corpus module does them once).

    .venv/bin/python bench/bench_quotes.py            # target: >= 100 articles/s
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from newsdesk import config, quotemarks, quotes
from newsdesk.model import Article
from newsdesk.records import article_from_text


def load_articles(n: int) -> list[Article]:
    """Return >= n Articles: the seed texts segmented once, then replicated (ids made unique)."""
    base = [article_from_text(p.read_text(encoding="utf-8"), p.stem) for p in sorted(config.seeds_dir().glob("*.txt"))]
    out: list[Article] = []
    while len(out) < n:
        for a in base:
            out.append(Article(id=f"{a.id}#{len(out)}", text=a.text, paragraphs=a.paragraphs,
                               sentences=a.sentences, word_count=a.word_count))
    return out


def run_quotes(articles):
    for a in articles:
        quotes.analyze(a)


def run_marks(articles):
    for a in articles:
        quotemarks.quoted_spans(a.text, a.paragraphs)


def timed(fn, *args, repeat=3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000, help="articles to time (default 5000)")
    ap.add_argument("--repeat", type=int, default=3, help="runs; the median is reported")
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    arts = load_articles(args.n)
    quotes.analyze(arts[0])  # load the lexicons before timing
    t = timed(run_quotes, arts, repeat=args.repeat)
    b = timed(run_marks, arts, repeat=args.repeat)
    rate = len(arts) / t
    print(f"quotes.analyze: {len(arts)} articles in {t:.2f} s = {rate:,.0f} articles/s on one core "
          f"(target >= 100); quotation marks alone: {len(arts) / b:,.0f} articles/s; "
          f"attribution costs {t / b:.1f}x the mark pairing")
    return 0 if rate >= 100 else 1


if __name__ == "__main__":
    sys.exit(main())

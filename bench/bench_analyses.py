"""Benchmark: sentiment and framing together, articles per second on one core.

The 39 texts in seeds/ (the seed article and the 38 samples) are segmented once, then
replicated to at least 5,000 articles (``--n``). Timed: for every article
``sentiment.analyze`` (stock VADER per sentence plus the quote-split parts) and
``framing.analyze`` with the ``generic`` and the ``policy`` scheme. Baseline: stock VADER
``polarity_scores`` on every sentence and nothing else, so the ratio shows what the kit
adds on top of VADER. Segmentation and I/O are not timed (the corpus module does them once).

    .venv/bin/python bench/bench_analyses.py            # target: >= 100 articles/s
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from newsdesk import config, framing, sentiment
from newsdesk.model import Article
from newsdesk.records import article_from_text


def load_articles(n: int):
    """Return >= n Articles: the seed texts segmented once, then replicated (ids made unique)."""
    base = []
    for p in sorted(config.seeds_dir().glob("*.txt")):
        base.append(article_from_text(p.read_text(encoding="utf-8"), p.stem))
    out = []
    while len(out) < n:
        for a in base:
            out.append(Article(
                id=f"{a.id}#{len(out)}", text=a.text, paragraphs=a.paragraphs, sentences=a.sentences,
                word_count=a.word_count))
    return out


def run_kit(articles, schemes):
    for a in articles:
        sentiment.analyze(a)
        for s in schemes:
            framing.analyze(a, s)


def run_vader(articles):
    score = sentiment.analyzer().polarity_scores
    for a in articles:
        for s in a.sentences:
            score(s.text)


def timed(fn, *args, repeat=3):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000, help="articles (default 5000)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs, best is reported (default 3)")
    ap.add_argument("--target", type=float, default=100.0, help="articles/s the kit must reach (default 100)")
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    articles = load_articles(args.n)
    n_sent = sum(len(a.sentences) for a in articles)
    words = sum(a.word_count for a in articles)
    schemes = [framing.load_scheme("generic"), framing.load_scheme("policy")]
    run_kit(articles[:50], schemes)  # warm caches (analyzer, compiled schemes)
    kit_best, kit_med = timed(run_kit, articles, schemes, repeat=args.repeat)
    vader_best, _ = timed(run_vader, articles, repeat=args.repeat)
    sent_best, _ = timed(run_kit, articles, [], repeat=1)
    rate = len(articles) / kit_best
    print(f"articles: {len(articles)} ({n_sent} sentences, {words} words; {n_sent / len(articles):.1f} sentences/article)")
    print(f"stock VADER alone (baseline):       {len(articles) / vader_best:8.1f} articles/s")
    print(f"sentiment.analyze alone:            {len(articles) / sent_best:8.1f} articles/s")
    print(f"sentiment + framing (generic+policy): {rate:6.1f} articles/s  (median run {len(articles) / kit_med:.1f}/s)")
    print(f"cost relative to stock VADER alone: x{kit_best / vader_best:.2f}")
    print(f"target >= {args.target:.0f} articles/s: {'met' if rate >= args.target else 'NOT met'}")
    return 0 if rate >= args.target else 1


if __name__ == "__main__":
    sys.exit(main())

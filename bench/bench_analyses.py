"""Benchmark: sentiment and framing together, articles per second on one core.

The 39 texts in seeds/ (the seed article and the 38 samples) are segmented once, then
replicated to at least 5,000 articles (``--n``). Timed: for every article
``sentiment.analyze`` (stock VADER per sentence plus the quote-split parts) and
``framing.analyze`` with the ``generic`` and the ``policy`` scheme. Baseline: stock VADER
``polarity_scores`` on every sentence and nothing else, so the ratio shows what the kit
adds on top of VADER. Segmentation and I/O are not timed (the corpus module does them once). Rates are given
per CPU-second of this single-threaded process (what one core spends, robust to other
jobs on the machine) and per wall-second; the target applies to the first.

    .venv/bin/python bench/bench_analyses.py            # target: >= 100 articles/s
"""

from __future__ import annotations

import argparse
import os
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
    """Return (best CPU seconds, best wall seconds) over ``repeat`` runs.

    CPU time of this single-threaded process is what one core spends, and it does not
    grow when other jobs share the machine; wall time is printed alongside."""
    cpu, wall = [], []
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        fn(*args)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - t0)
    return min(cpu), min(wall)


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
    kit_cpu, kit_wall = timed(run_kit, articles, schemes, repeat=args.repeat)
    vader_cpu, vader_wall = timed(run_vader, articles, repeat=args.repeat)
    sent_cpu, sent_wall = timed(run_kit, articles, [], repeat=args.repeat)
    n = len(articles)
    rate = n / kit_cpu
    print(f"articles: {n} ({n_sent} sentences, {words} words; {n_sent / n:.1f} sentences/article)")
    print(f"load average at start: {os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "")
    print("                                      per CPU-second   per wall-second")
    print(f"stock VADER alone (baseline):         {n / vader_cpu:10.1f}   {n / vader_wall:10.1f}  articles/s")
    print(f"sentiment.analyze alone:              {n / sent_cpu:10.1f}   {n / sent_wall:10.1f}  articles/s")
    print(f"sentiment + framing (generic+policy): {rate:10.1f}   {n / kit_wall:10.1f}  articles/s")
    print(f"cost relative to stock VADER alone: x{kit_cpu / vader_cpu:.2f}")
    print(f"target >= {args.target:.0f} articles/s per CPU-second on one core: {'met' if rate >= args.target else 'NOT met'}")
    return 0 if rate >= args.target else 1


if __name__ == "__main__":
    sys.exit(main())

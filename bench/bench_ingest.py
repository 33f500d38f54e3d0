"""Ingest speed and memory: the 39 bundled texts replicated to N articles.

Prints articles per second on one core and the peak memory of the ingest process at
two corpus sizes (memory should stay flat: ingest streams). Target: >= 200 articles/s.

    .venv/bin/python bench/bench_ingest.py [--sizes 1000 5000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, os, resource, sys, time
os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
from newsdesk import corpus
t = time.perf_counter()
r = corpus.ingest([sys.argv[1]], sys.argv[2], log=lambda _: None)
dt = time.perf_counter() - t
print(json.dumps({"articles": r.articles, "seconds": dt, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def replicate(n: int, dest: Path) -> None:
    """Write n unique articles: the bundled texts, each copy with its own closing line."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for i in range(n):
        t = texts[i % len(texts)]
        (dest / f"a{i:06d}.txt").write_text(f"{t.rstrip()}\n\nCopy {i} of the sample for the benchmark.\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    args = ap.parse_args()
    rows = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "src"
            src.mkdir()
            replicate(n, src)
            out = subprocess.run([sys.executable, "-c", CHILD, str(src), str(Path(tmp) / "corpus")],
                                 capture_output=True, text=True, check=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            r["per_s"] = r["articles"] / r["seconds"]
            rows.append(r)
            print(f"ingest {r['articles']:>6} articles: {r['per_s']:7.0f} articles/s on one core, "
                  f"{r['seconds']:.1f} s, peak memory {r['peak_mib']:.0f} MiB")
    if len(rows) > 1:
        growth = rows[-1]["peak_mib"] / rows[0]["peak_mib"]
        print(f"memory growth x{growth:.2f} for x{rows[-1]['articles'] / rows[0]['articles']:.0f} articles (target: flat)")
    print(f"target >= 200 articles/s: {'met' if rows[-1]['per_s'] >= 200 else 'NOT met'}")


if __name__ == "__main__":
    main()

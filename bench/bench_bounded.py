"""Bounded cost on hostile sizes: a 5 MB single-line article and 10,000 one-word
paragraphs through ingest and the three analyses, each at half and full size.

Prints seconds and peak memory per step, and the time ratio full/half: about 2 means
linear cost, about 4 would mean a quadratic blow-up. Stated bound (README): every step
finishes the full-size input within 120 s and 2 GiB.

    .venv/bin/python bench/bench_bounded.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests import hostile  # noqa: E402

CHILD = r"""
import json, resource, sys, time
from newsdesk.cli import main
t = time.perf_counter()
rc = main(sys.argv[1:])
print(json.dumps({"rc": rc, "seconds": time.perf_counter() - t,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
BOUND_S, BOUND_MIB = 120, 2048


def run(argv: list[str]) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, *argv], capture_output=True, text=True, timeout=1200)
    return json.loads(out.stdout.strip().splitlines()[-1])


def steps(src: Path, work: Path) -> dict[str, dict]:
    corpus = work / "corpus"
    res = {"ingest": run(["ingest", str(src), "--out", str(corpus), "-q"])}
    for cmd in ("quotes", "sentiment", "frames"):
        res[cmd] = run([cmd, str(corpus), "--out", str(work / f"{cmd}.jsonl")])
    return res


def main() -> None:
    import argparse

    argparse.ArgumentParser(description=__doc__.split("\n\n")[0].replace("\n", " ")).parse_args()
    cases = {
        "5 MB single line": lambda f: hostile.big_single_line(5.0 * f),
        "10,000 one-word paragraphs": lambda f: hostile.many_paragraphs(int(10_000 * f)),
    }
    ok = True
    for name, make in cases.items():
        by_size = {}
        for f in (0.5, 1.0):
            with tempfile.TemporaryDirectory() as tmp:
                src = Path(tmp) / "src"
                src.mkdir()
                (src / "article.txt").write_text(make(f), encoding="utf-8")
                by_size[f] = steps(src, Path(tmp))
        for step, full in by_size[1.0].items():
            half = by_size[0.5][step]
            ratio = full["seconds"] / max(half["seconds"], 1e-3)
            within = full["rc"] == 0 and full["seconds"] <= BOUND_S and full["peak_mib"] <= BOUND_MIB
            ok &= within
            print(f"{name:>27} {step:>9}: {full['seconds']:6.2f} s, peak {full['peak_mib']:5.0f} MiB, "
                  f"x{ratio:.2f} time for x2 input{'' if within else '  OUT OF BOUND'}")
    print(f"bound: each step <= {BOUND_S} s and <= {BOUND_MIB} MiB at full size: {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()

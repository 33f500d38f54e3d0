"""Benchmark: `newsdesk reports` against the stock route, measured in the same run.

- newsdesk: `newsdesk reports --force` for every bundled article (39 x framing, sentiment,
  quotes = 117 article reports, plus the corpus report, the index and the tables), as one
  command, with the default number of workers (one per core);
- stock: for each report, one `papermill NOTEBOOK OUT.ipynb -p article_id ID` command then
  one `jupyter nbconvert --to html OUT.ipynb` command, one at a time. To keep the run
  affordable the stock route is timed on a sample of reports (two of each kind, by
  default) and extrapolated per report;
- the no-op re-run: `newsdesk reports` again with nothing changed.

Both routes run on a frozen copy of lib/, notebooks/ and corpus/ (PYTHONPATH and
NEWSDESK_ROOT point at it), so edits in the checkout during the run change nothing.
The sampled stock notebooks are compared with ours cell by cell (every text, HTML and
image output) to show the two routes produce the same report content.

Usage: python bench/bench_reports.py [--sample N] [--jobs N] [--keep DIR] [--check]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


ENV = dict(os.environ)


def sh(cmd: list[str]) -> float:
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ENV.get("NEWSDESK_ROOT", ROOT), capture_output=True, text=True, env=ENV)
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    return time.perf_counter() - t


def outputs_of(nb_path: Path) -> list:
    """Every cell's outputs without volatile fields (execution metadata, counts are compared)."""
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    cells = []
    for c in nb["cells"]:
        if c["cell_type"] != "code":
            continue
        outs = []
        for o in c.get("outputs", []):
            outs.append({k: o.get(k) for k in ("output_type", "name", "text", "data", "ename", "evalue")})
        cells.append((c.get("execution_count"), c["source"], outs))
    return cells


def snapshot(work: Path) -> Path:
    """A frozen copy of the code, lexicons, notebooks and corpus, so edits made while the
    benchmark runs (a shared checkout) cannot change what is measured; both routes use it."""
    snap = work / "snapshot"
    shutil.rmtree(snap, ignore_errors=True)
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    shutil.copytree(ROOT / "lib", snap / "lib", ignore=skip)
    shutil.copytree(ROOT / "notebooks", snap / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(ROOT / "corpus", snap / "corpus")
    shutil.copy2(ROOT / "pyproject.toml", snap / "pyproject.toml")
    (snap / "seeds").symlink_to(ROOT / "seeds")
    ENV.update(PYTHONPATH=str(snap / "lib"), NEWSDESK_ROOT=str(snap))
    return snap


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", type=int, default=2, help="stock-route reports timed per kind (default 2: 6 reports)")
    ap.add_argument("--jobs", type=int, default=0, help="newsdesk workers (default: one per core)")
    ap.add_argument("--keep", metavar="DIR", help="keep the outputs here instead of a temporary folder")
    ap.add_argument("--check", action="store_true", help="exit 1 when a target is missed or the content differs")
    args = ap.parse_args()

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-reports-"))
    work.mkdir(parents=True, exist_ok=True)
    snap = snapshot(work)
    sys.path.insert(0, str(snap / "lib"))
    from newsdesk import corpus

    cdir = snap / "corpus"
    ids = corpus.article_ids(cdir)
    ours, stock = work / "newsdesk", work / "stock"
    shutil.rmtree(ours, ignore_errors=True)
    shutil.rmtree(stock, ignore_errors=True)
    stock.mkdir(parents=True)
    print(f"corpus: {len(ids)} articles (snapshot of {ROOT / 'corpus'}); machine: {os.cpu_count()} cores; outputs in {work}")

    # ---- newsdesk reports: everything, one command
    cmd = [str(BIN / "newsdesk"), "reports", "--out", str(ours), "--force", "--quiet"]
    if args.jobs:
        cmd += ["--jobs", str(args.jobs)]
    t_ours = sh(cmd)
    manifest = json.loads((ours / ".newsdesk" / "manifest.json").read_text())
    n_reports = sum(1 for k, e in manifest["entries"].items() if ("/" in k or k == "corpus") and e["status"] == "ok")
    t_noop = min(sh([c for c in cmd if c != "--force"]) for _ in range(3))

    # ---- stock route on a sample: papermill command then nbconvert command, one at a time
    kinds = ["framing", "sentiment", "quotes"]
    step = max(1, len(ids) // (args.sample + 1))
    sample = [(kind, ids[(i + 1) * step + k]) for k, kind in enumerate(kinds) for i in range(args.sample)]
    per_report, same, compared = [], 0, 0
    for kind, aid in sample:
        out = stock / f"{aid}.{kind}.ipynb"
        t = time.perf_counter()
        sh([str(BIN / "papermill"), str(snap / "notebooks" / f"{kind}.ipynb"), str(out),
            "-p", "article_id", aid, "-k", "python3", "--no-progress-bar", "--cwd", str(snap / "notebooks")])
        sh([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(out)])
        per_report.append(time.perf_counter() - t)
        a, b = outputs_of(out), outputs_of(ours / aid / f"{kind}.ipynb")
        compared += 1
        if a == b:
            same += 1
        else:
            diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
            print(f"  content differs: {aid}/{kind}, code cells {diff}")

    stock_each = statistics.mean(per_report)
    stock_total = stock_each * n_reports
    ours_each = t_ours / n_reports
    ratio = stock_total / t_ours
    print()
    print(f"newsdesk reports : {n_reports} reports + index + tables in {t_ours:6.1f} s  = {ours_each:5.2f} s per report")
    print(f"stock route      : {stock_each:5.2f} s per report (mean of {len(per_report)}: "
          f"{', '.join(f'{x:.1f}' for x in per_report)}) -> {stock_total:6.1f} s for {n_reports} (extrapolated)")
    print(f"speed-up         : {ratio:4.1f}x (target >= 5x)")
    print(f"no-op re-run     : {t_noop:4.2f} s for the whole corpus (target < 2 s; best of 3)")
    print(f"same content     : {same}/{compared} sampled reports have identical cell outputs in both routes")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    met = ratio >= 5 and t_noop < 2 and same == compared
    print("targets met" if met else "TARGET MISSED (see above)")
    return 1 if args.check and not met else 0


if __name__ == "__main__":
    sys.exit(main())

"""Crash safety of ingest: SIGKILL at random points never leaves a truncated or invalid
file in the corpus, and the next run completes. A second concurrent run is refused."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from newsdesk import atomic, corpus

from .conftest import SEEDS


def ingest_cmd(src: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "newsdesk.cli", "ingest", str(src), "--out", str(out), "-q"]


def assert_corpus_valid(out: Path) -> int:
    """Every corpus file present is complete and parses; returns the article count."""
    n = 0
    if (out / corpus.ARTICLES_FILE).exists():
        text = (out / corpus.ARTICLES_FILE).read_text(encoding="utf-8")
        assert text.endswith("\n")
        for line in text.splitlines():
            json.loads(line)
            n += 1
    if (out / corpus.SENTENCES_FILE).exists():
        pq.read_table(out / corpus.SENTENCES_FILE)
    if (out / corpus.REPORT_FILE).exists():
        json.loads((out / corpus.REPORT_FILE).read_text())
    return n


@pytest.fixture(scope="module")
def big_src(tmp_path_factory):
    """The bundled texts replicated to 600 articles, so a run lasts long enough to kill."""
    src = tmp_path_factory.mktemp("src")
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for i in range(600):
        (src / f"a{i:04d}.txt").write_text(texts[i % len(texts)] + f"\n\nCopy {i}.\n", encoding="utf-8")
    return src


def test_sigkill_at_random_points_then_resume(big_src, tmp_path):
    out = tmp_path / "corpus"
    rng = random.Random(7)
    survived = 0
    for _ in range(6):
        proc = subprocess.Popen(ingest_cmd(big_src, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 3.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert_corpus_valid(out)
        survived += 1
    done = subprocess.run(ingest_cmd(big_src, out), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert assert_corpus_valid(out) == 600
    assert not list(out.glob(".*.tmp")), "temporary files of killed runs are cleaned up"
    assert survived == 6


def test_second_concurrent_ingest_is_refused_clearly(tmp_path):
    out = tmp_path / "corpus"
    with atomic.exclusive_lock(out, "ingest"):
        proc = subprocess.run(ingest_cmd(SEEDS, out), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 75
    assert "is in use by newsdesk ingest (pid" in proc.stderr
    assert not (out / corpus.ARTICLES_FILE).exists()


def test_lock_is_released_when_holder_dies(tmp_path):
    out = tmp_path / "corpus"
    holder = subprocess.Popen([sys.executable, "-c", f"from newsdesk import atomic; import time\nwith atomic.exclusive_lock({str(out)!r}, 'x'): time.sleep(60)"])
    time.sleep(1.5)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    with atomic.exclusive_lock(out, "ingest"):
        pass


def test_second_concurrent_reports_run_is_refused_clearly(tmp_path, built_corpus):
    out = tmp_path / "outputs"
    with atomic.exclusive_lock(out / ".newsdesk", "reports"):
        proc = subprocess.run(
            [sys.executable, "-m", "newsdesk.cli", "reports", "--corpus", str(built_corpus), "--out", str(out), "-q",
             "--only", "000_53b5643fb951cf8e", "--notebooks", "quotes"],
            capture_output=True, text=True, timeout=300,
        )
    assert proc.returncode == 75, proc.stderr
    assert "is in use by newsdesk reports (pid" in proc.stderr
    assert not (out / "index.html").exists()

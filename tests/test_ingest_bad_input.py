"""Bad input to `newsdesk ingest`: a clear reason naming the file, the rest of the batch goes on,
and nothing already written is lost. One test (or table) per mistake a tester made with real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk import corpus
from newsdesk.cli import main as cli_main

from .conftest import SEEDS, SEED_ID

KOREA = (SEEDS / "wikinews_korea.txt").read_text(encoding="utf-8")
BODY = KOREA.split("\n\n", 2)[2]  # after the headline and the dateline
PARAS = [p for p in BODY.split("\n\n") if p.strip()]
SEED = (SEEDS / f"{SEED_ID}.txt").read_text(encoding="utf-8")


def q(text: str) -> str:
    """A CSV field, quoted."""
    return '"' + text.replace('"', '""') + '"'


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        p = folder / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return folder


def ingest(tmp_path: Path, *sources: Path):
    lines: list[str] = []
    out = tmp_path / "corpus"
    report = corpus.ingest(list(sources), out, log=lines.append)
    arts = {a.id: a for a in corpus.iter_articles(out)} if (out / corpus.ARTICLES_FILE).exists() else {}
    return report, arts, lines


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsdesk.cli", "ingest", *args, "-q"], capture_output=True, text=True)


# ------------------------------------------------------------------ 1. --out overlapping a source
@pytest.mark.parametrize("where", ["same", "inside source", "contains source"])
def test_output_folder_overlapping_a_source_is_refused(tmp_path, where):
    raw = write(tmp_path / "raw", {"korea.txt": KOREA})
    src, out = {
        "same": (raw, raw),
        "inside source": (raw, raw / "corpus"),
        "contains source": (raw, tmp_path),
    }[where]
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    proc = cli(str(src), "--out", str(out))
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and str(src) in lines[0] and str(out) in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before  # nothing written


def test_sibling_output_folder_still_works(tmp_path):
    raw = write(tmp_path / "seeds", {"korea.txt": KOREA})
    proc = cli(str(raw), "--out", str(tmp_path / "corpus"))
    assert proc.returncode == 0, proc.stderr
    assert [a.id for a in corpus.iter_articles(tmp_path / "corpus")] == ["korea"]

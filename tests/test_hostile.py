"""Every hostile file is processed or skipped with one clear line; good files unaffected."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk import corpus

from . import hostile
from .conftest import SEEDS


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    src = hostile.build(tmp_path_factory.mktemp("hostile"))
    (src / "good_seed.txt").write_bytes((SEEDS / "000_53b5643fb951cf8e.txt").read_bytes())
    out = tmp_path_factory.mktemp("hcorpus")
    cmd = [sys.executable, "-m", "newsdesk.cli", "ingest", str(src), "--out", str(out), "-q"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    return src, out, proc


def test_no_traceback_and_a_summary(hostile_run):
    _, _, proc = hostile_run
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    summary = proc.stderr.splitlines()[-2]
    assert "ingested" in summary
    # the bad JSON line and the duplicate id are records inside readable files, counted apart from files
    skipped = [ln for ln in proc.stderr.splitlines() if ln.startswith("skipped ")]
    records = [ln for ln in skipped if re.match(r"skipped \S+:(?:row )?\d+: ", ln)]
    assert records and f"{len(skipped) - len(records)} files and {len(records)} records skipped" in summary, summary


def test_every_file_is_processed_or_named_with_a_reason(hostile_run):
    src, out, proc = hostile_run
    arts = list(corpus.iter_articles(out))
    raw = {a.raw_path for a in arts} | {d for a in arts for d in a.duplicate_sources}
    lines = proc.stderr.splitlines()
    for f in sorted(src.iterdir()):
        if f.name == "README.md":
            continue
        named = [l for l in lines if f.name in l and (l.startswith("skipped") or l.startswith("duplicate"))]
        processed = any(r and Path(r).name == f.name for r in raw)
        assert processed or named, f"{f.name}: neither processed nor reported"
        for l in named:
            if l.startswith("skipped"):
                assert ": " in l.split(f.name, 1)[1], l  # a reason follows the name


@pytest.mark.parametrize(
    "name, reason",
    [
        ("empty.txt", "empty file"),
        ("whitespace.txt", "only whitespace"),
        ("binary.txt", "binary data"),
        ("truncated_utf8.txt", "invalid UTF-8"),
        ("no_text_column.csv", "no text column"),
        ("not_json.json", "not valid JSON"),
        ("weird.xyz", "unsupported file type"),
        ("link_outside.txt", "broken symlink"),  # its target (../../conftest.py) is not there in the copy
        ("html_no_body.html", "no extractable article text"),
        ("boilerplate_only.txt", "no article text left"),
        ("broken_middle.jsonl:2", "broken JSON line"),
        ("bad_ids.jsonl:3", "duplicate id 'dup'"),
    ],
)
def test_skip_reasons(hostile_run, name, reason):
    _, _, proc = hostile_run
    hits = [l for l in proc.stderr.splitlines() if l.startswith("skipped") and f"/{name}: " in l]
    assert len(hits) == 1 and reason in hits[0], hits


def test_good_file_in_the_same_batch_is_unaffected(hostile_run, seed_article):
    _, out, _ = hostile_run
    good = corpus.get_article("good_seed", out)
    assert good.text == seed_article.text
    assert [s.text for s in good.sentences] == [s.text for s in seed_article.sentences]


@pytest.mark.parametrize(
    "article_id, expected",
    [
        ("utf16_bom", "(UTF-16 LE, BOM)"),
        ("utf16_nobom", "(UTF-16 LE, no BOM)"),
        ("utf16be_bom", "(UTF-16 BE, BOM)"),
        ("cp1252", "The café’s owner said “no comment” — twice."),
        ("mojibake", "François Hollande said “we will act” on Monday."),
        ("german", "„Wir werden handeln.“"),
        ("script_in_text", "<script>steal()</script>"),  # kept as text; escaped when shown
        ("escape", "Record whose id tries to leave the folder."),
    ],
)
def test_processed_text(hostile_run, article_id, expected):
    _, out, _ = hostile_run
    assert expected in corpus.get_article(article_id, out).text


def test_big_inputs_are_segmented(hostile_run):
    _, out, _ = hostile_run
    big = corpus.get_article("big_5mb_one_line", out)
    assert len(big.text) > 4_000_000 and len(big.paragraphs) == 1 and len(big.sentences) > 50_000
    many = corpus.get_article("ten_thousand_paragraphs", out)
    assert many.title == "Word0"  # line 1 followed by a blank line is the headline
    assert len(many.paragraphs) == 9_999 == len(many.sentences)


def test_ids_stay_inside_the_corpus(hostile_run):
    src, out, _ = hostile_run
    for a in corpus.iter_articles(out):
        assert "/" not in a.id and not a.id.startswith(".")
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(
        [corpus.ARTICLES_FILE, corpus.SENTENCES_FILE, corpus.TABLE_FILE, corpus.REPORT_FILE]
    )


def test_hostile_folder_is_untouched(tmp_path):
    def digest(folder: Path) -> dict[str, str]:
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file() and not p.is_symlink()}

    before = digest(hostile.HOSTILE)
    corpus.ingest([hostile.HOSTILE], tmp_path / "c", log=lambda _: None)
    assert digest(hostile.HOSTILE) == before

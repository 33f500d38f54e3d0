"""Ingest end to end: formats, metadata, bad input, duplicates, determinism."""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from newsdesk import corpus
from newsdesk.corpus import iso_date, safe_id, split_headline

from .conftest import ROOT, SEEDS, SEED_ID

SAMPLE = (SEEDS / "wikinews_korea.txt").read_text(encoding="utf-8")
BODY = SAMPLE.split("\n\n", 1)[1]


def run_ingest(tmp_path: Path, files: dict[str, bytes | str], **kw):
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    for name, data in files.items():
        p = src / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    lines: list[str] = []
    out = tmp_path / "corpus"
    report = corpus.ingest([src], out, log=lines.append, **kw)
    arts = {a.id: a for a in corpus.iter_articles(out)} if (out / corpus.ARTICLES_FILE).exists() else {}
    return report, arts, lines


# ------------------------------------------------------------------ pure rules
@pytest.mark.parametrize(
    "raw, expected",
    [
        ("000_53b5643fb951cf8e", "000_53b5643fb951cf8e"),
        ("../../etc/passwd", "etc_passwd"),
        ("Bürger Meldung (2)", "Burger_Meldung_2"),
        ("...", "article"),
        ("a/b\\c:d", "a_b_c_d"),
    ],
)
def test_safe_id(raw, expected):
    assert safe_id(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2015-08-21", "2015-08-21"),
        ("August 21, 2015", "2015-08-21"),
        ("21 Aug 2015", "2015-08-21"),
        ("2024-03-05T10:00:00Z", "2024-03-05T10:00:00+00:00"),
        ("yesterday-ish", None),
        ("", None),
    ],
)
def test_iso_date(raw, expected):
    assert iso_date(raw) == expected


@pytest.mark.parametrize(
    "text, title",
    [
        ("Headline here\n\nBody.", "Headline here"),
        ("No headline.\nBody.", None),
        ("Only one line", None),
    ],
)
def test_split_headline(text, title):
    assert split_headline(text)[0] == title


# ------------------------------------------------------------------ the bundled seeds
def test_all_bundled_texts_ingest_cleanly(built_corpus):
    report = json.loads((built_corpus / corpus.REPORT_FILE).read_text())
    assert report["skipped"] == [] and report["warnings"] == []
    table = corpus.load(built_corpus)
    assert len(table) == 39
    assert table["id"].is_unique
    assert (table["word_count"] > 50).all()
    assert (table["n_sentences"] > 0).all()


def test_sample_metadata_from_manifest(built_corpus):
    art = corpus.get_article("wikinews_korea", built_corpus)
    assert art.title == "North Korea puts military in 'quasi-state of war'"
    assert art.date == "2015-08-21" and art.source == "Wikinews" and art.licence == "CC BY 2.5"
    assert "GUM corpus" in art.attribution
    assert art.url.startswith("https://en.wikinews.org/")
    assert art.text.startswith("According to Yonhap news agency")  # dateline recorded as boilerplate
    assert art.boilerplate_removed == ["Friday, August 21, 2015"]


def test_seed_has_no_headline_and_drops_comments_line(seed_article):
    assert seed_article.title is None
    assert seed_article.text.startswith("When China President Xi Jinping")
    assert "Comments are closed." not in seed_article.text
    assert abs(seed_article.word_count - len(seed_article.text.split())) <= 5


def test_sentence_table_matches_articles(built_corpus):
    sents = corpus.load_sentences(built_corpus)
    arts = {a.id: a for a in corpus.iter_articles(built_corpus)}
    assert set(sents["article_id"]) == set(arts)
    for row in sents.sample(50, random_state=1).itertuples():
        assert arts[row.article_id].text[row.start : row.end] == row.text


def test_reingest_is_byte_identical_and_seeds_untouched(tmp_path):
    def digest(folder: Path) -> dict[str, str]:
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}

    before = digest(SEEDS)
    corpus.ingest([SEEDS], tmp_path / "a", log=lambda _: None)
    corpus.ingest([SEEDS], tmp_path / "b", log=lambda _: None)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert digest(SEEDS) == before
    assert not [p for p in (tmp_path / "a").iterdir() if p.name.endswith(".tmp")]


# ------------------------------------------------------------------ formats
def test_formats(tmp_path):
    html = (
        "<html><head><title>Talks stall</title><meta name='author' content='Jane Roe'>"
        "<meta property='article:published_time' content='2024-03-05'></head><body>"
        "<nav>Home | World | Sport</nav><article><h1>Talks stall</h1>"
        f"<p>{BODY.splitlines()[0]}</p><p>{BODY.splitlines()[2]}</p></article>"
        "<footer>Share this article</footer><script>alert(1)</script></body></html>"
    )
    files = {
        "a.txt": "Headline A\n\n" + BODY,
        "b.md": "# Headline B\n\nSee [the report](http://x.example) **now**: a short piece of text.",
        "c.html": html,
        "d.jsonl": json.dumps({"id": "rec-1", "text": "Record one text here.", "source": "AP"}) + "\n"
        + json.dumps({"text": "Record two text, no id.", "date": "March 1, 2023"}) + "\n",
        "e.json": json.dumps([{"id": "j1", "body": "JSON list item text."}]),
        "f.csv": 'id,headline,text,publisher\ncsv1,CSV head,"Line one.\nLine two of the same story.",Reuters\n',
        "g.txt": "A text with its sidecar.",
        "g.meta.json": json.dumps({"title": "From sidecar", "url": "https://example.org/g"}),
    }
    report, arts, lines = run_ingest(tmp_path, files)
    assert report.skipped == [], lines
    assert arts["a"].title == "Headline A" and arts["a"].text.startswith("According to Yonhap")
    assert arts["b"].title == "Headline B" and arts["b"].text == "See the report now: a short piece of text."
    c = arts["c"]
    assert c.title == "Talks stall" and c.author == "Jane Roe" and c.date == "2024-03-05"
    assert "alert(1)" not in c.text and "Home | World" not in c.text and "Share this" not in c.text
    assert arts["rec-1"].source == "AP"
    assert arts["d-2"].date == "2023-03-01"
    assert arts["j1"].text == "JSON list item text."
    assert arts["csv1"].title == "CSV head" and arts["csv1"].source == "Reuters"
    assert len(arts["csv1"].paragraphs) == 2
    assert arts["g"].title == "From sidecar" and arts["g"].url == "https://example.org/g"


def test_encodings_and_mojibake(tmp_path):
    files = {
        "bom8.txt": codecs.BOM_UTF8 + "Zelensky’s “ally” spoke.".encode(),
        "bom16.txt": codecs.BOM_UTF16_LE + "Zelensky’s “ally” spoke again.".encode("utf-16-le"),
        "legacy.txt": "Zelensky’s “ally” spoke in café.".encode("cp1252"),
        "moji.txt": "FranÃ§ois Hollande said â€œnoâ€\x9d.",
    }
    report, arts, lines = run_ingest(tmp_path, files)
    assert arts["bom8"].text == "Zelensky’s “ally” spoke."
    assert arts["bom16"].text == "Zelensky’s “ally” spoke again."
    assert arts["legacy"].text == "Zelensky’s “ally” spoke in café."
    assert arts["legacy"].warnings == ["not UTF-8: decoded as cp1252"]
    assert arts["moji"].text == "François Hollande said “no”."
    assert any("legacy.txt" in l and "cp1252" in l for l in lines)


# ------------------------------------------------------------------ bad input
BAD = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\t\n  ", "only whitespace"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01", "binary"),
    ("broken.txt", "Zelensky’s".encode() + b" cut \xe2\x80", "invalid UTF-8"),
    ("nocol.csv", b"headline,publisher\nA,B\n", "no text column"),
    ("image.png", b"\x89PNG", "unsupported file type"),
    ("bad.json", b"{not json", "not valid JSON"),
    ("chrome.txt", b"Comments are closed.\nShare this article", "no article text left"),
]


@pytest.mark.parametrize("name, data, reason", BAD, ids=[b[0] for b in BAD])
def test_bad_file_is_skipped_with_reason_and_batch_goes_on(tmp_path, name, data, reason):
    report, arts, lines = run_ingest(tmp_path, {name: data, "good.txt": BODY})
    assert list(arts) == ["good"]
    assert len(report.skipped) == 1
    where, why = report.skipped[0]
    assert where.endswith(name) and reason in why
    assert [l for l in lines if l.startswith("skipped")] == [f"skipped {where}: {why}"]


def test_broken_json_line_skips_only_that_line(tmp_path):
    data = "\n".join([json.dumps({"id": "r1", "text": "One."}), "{broken", json.dumps({"id": "r3", "text": "Three."})])
    report, arts, _ = run_ingest(tmp_path, {"feed.jsonl": data})
    assert sorted(arts) == ["r1", "r3"]
    assert report.skipped == [(str(tmp_path / "src" / "feed.jsonl") + ":2", report.skipped[0][1])]
    assert "broken JSON line" in report.skipped[0][1]


def test_duplicate_ids_second_is_skipped(tmp_path):
    data = "\n".join(json.dumps({"id": "same", "text": t}) for t in ("First story.", "Second story."))
    report, arts, _ = run_ingest(tmp_path, {"feed.jsonl": data})
    assert list(arts) == ["same"] and arts["same"].text == "First story."
    assert "duplicate id 'same'" in report.skipped[0][1]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file(tmp_path):
    report, arts, _ = run_ingest(tmp_path, {"locked.txt": "Secret.", "good.txt": BODY})
    (tmp_path / "src" / "locked.txt").chmod(0)
    report, arts, _ = run_ingest(tmp_path, {"good.txt": BODY})
    assert "unreadable" in report.skipped[0][1]


def test_unreadable_file_dangling_link(tmp_path):
    # A file that cannot be read (works even as root): a link to a file that is gone.
    src = tmp_path / "src"
    src.mkdir()
    (src / "gone.txt").symlink_to(src / "deleted.txt")
    (src / "good.txt").write_text(BODY)
    report = corpus.ingest([src], tmp_path / "c", log=lambda _: None)
    assert report.articles == 1
    assert report.skipped == [(str(src / "gone.txt"), f"broken symlink: its target {src / 'deleted.txt'} does not exist")]


def test_symlink_outside_source_is_not_followed(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("Outside text must not be read.")
    src = tmp_path / "src"
    src.mkdir()
    (src / "link.txt").symlink_to(outside)
    (src / "good.txt").write_text(BODY)
    report = corpus.ingest([src], tmp_path / "c", log=lambda _: None)
    assert report.articles == 1 and "symlink" in report.skipped[0][1]


# ------------------------------------------------------------------ duplicates
def test_exact_duplicates_collapse_and_near_duplicates_are_flagged(tmp_path):
    edited = BODY.replace("high alert", "highest alert").replace("artillery", "heavy artillery")
    report, arts, _ = run_ingest(tmp_path, {"a.txt": BODY, "b.txt": BODY, "c.txt": edited, "d.txt": SAMPLE.replace(BODY, "") + (SEEDS / f"{SEED_ID}.txt").read_text()})
    assert sorted(arts) == ["a", "c", "d"]
    assert arts["a"].duplicate_sources == ["src/b.txt"]  # raw paths are relative to the source folder's parent
    assert report.duplicates == 1
    assert arts["a"].near_duplicates == ["c"] and arts["c"].near_duplicates == ["a"]
    assert arts["d"].near_duplicates == []


# ------------------------------------------------------------------ command line
def test_cli_strict_and_summary(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(BODY)
    (src / "empty.txt").write_text("")
    cmd = [sys.executable, "-m", "newsdesk.cli", "ingest", str(src), "--out", str(tmp_path / "c")]
    ok = subprocess.run(cmd, capture_output=True, text=True)
    assert ok.returncode == 0
    assert f"skipped {src / 'empty.txt'}: empty file" in ok.stderr
    assert "ingested 1 articles from 2 files" in ok.stderr and "Traceback" not in ok.stderr
    strict = subprocess.run(cmd + ["--strict"], capture_output=True, text=True)
    assert strict.returncode == 1


def test_help_lists_every_job():
    out = subprocess.run([sys.executable, "-m", "newsdesk.cli", "--help"], capture_output=True, text=True).stdout
    for job in ("ingest", "quotes", "sentiment", "frames", "eval", "reports"):
        assert job in out


def test_load_tables_are_pandas(built_corpus):
    table = corpus.load(built_corpus)
    assert isinstance(table, pd.DataFrame)
    assert table.loc[table["id"] == SEED_ID, "n_sentences"].item() == 12


def test_a_mistyped_or_unreadable_source_never_replaces_a_corpus(tmp_path):
    """A researcher's typo ('seedz') or a folder of unusable files must not wipe the corpus they have."""
    out = tmp_path / "corpus"
    corpus.ingest([SEEDS / "wikinews_korea.txt"], out, log=lambda _: None)
    before = (out / corpus.ARTICLES_FILE).read_bytes()
    cli = [sys.executable, "-m", "newsdesk.cli", "ingest", "--out", str(out), "-q"]

    typo = subprocess.run([*cli, str(tmp_path / "seedz")], capture_output=True, text=True)
    assert typo.returncode == 2 and "seedz: no such file or folder" in typo.stderr, typo.stderr
    assert (out / corpus.ARTICLES_FILE).read_bytes() == before

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    unusable = subprocess.run([*cli, str(bad)], capture_output=True, text=True)
    assert unusable.returncode == 1, unusable.stderr
    assert "empty.txt" in unusable.stderr and "left as it was" in unusable.stderr, unusable.stderr
    assert (out / corpus.ARTICLES_FILE).read_bytes() == before
    assert [a.id for a in corpus.iter_articles(out)] == ["wikinews_korea"]

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


# ------------------------------------------------------------------ 2. CSV rows with the wrong number of fields
def test_csv_row_with_an_unquoted_comma_is_skipped_with_its_line(tmp_path):
    src = write(tmp_path / "src", {"feed.csv": (
        "id,text,source\n"
        f"k0,{q(PARAS[0])},Yonhap\n"
        "k1,The mayor said the plan, which cost millions, was fine.,Gazette\n"
        "k2,Yesterday the North fired artillery rounds at a loudspeaker.\n"
        "k3,The report comes after North and South Korea exchanged artillery fire yesterday.,Wikinews\n"
    )})
    report, arts, lines = ingest(tmp_path, src)
    assert sorted(arts) == ["k0", "k3"]
    assert arts["k3"].source == "Wikinews"
    assert report.skipped == [
        (f"{src / 'feed.csv'}:row 3", "line 3 has 5 fields, the header 3: quote a text that contains a comma"),
        (f"{src / 'feed.csv'}:row 4", "line 4 has 2 fields, the header 3: a field is missing, or a text with a line break is not quoted"),
    ]
    assert "0 files and 2 records skipped" in report.summary()
    assert json.loads((tmp_path / "corpus" / corpus.REPORT_FILE).read_text())["skipped"][0]["reason"].startswith("line 3 has 5 fields")
    strict = cli(str(src), "--out", str(tmp_path / "c2"), "--strict")
    assert strict.returncode == 1 and "line 3 has 5 fields" in strict.stderr


def test_csv_line_numbers_count_quoted_line_breaks(tmp_path):
    src = write(tmp_path / "src", {"feed.csv": (
        "id,text,source\n"
        f"k0,{q(PARAS[0] + chr(10) + chr(10) + PARAS[1])},Yonhap\n"
        "k1,The mayor said the plan, which cost millions, was fine.,Gazette\n"
    )})
    report, arts, _ = ingest(tmp_path, src)
    assert list(arts) == ["k0"] and len(arts["k0"].paragraphs) == 2
    assert report.skipped[0][1].startswith("line 5 has 5 fields")


# ------------------------------------------------------------------ 3. unreadable folders
def _deny(monkeypatch, denied: Path):
    real = os.scandir

    def scandir(path="."):
        if Path(path) == denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_unreadable_subfolder_is_reported(tmp_path, monkeypatch):
    src = write(tmp_path / "src", {"korea.txt": KOREA, "locked/seed.txt": SEED})
    _deny(monkeypatch, src / "locked")
    report, arts, lines = ingest(tmp_path, src)
    assert list(arts) == ["korea"]
    assert report.skipped == [(str(src / "locked"), "folder unreadable: permission denied")]
    assert f"skipped {src / 'locked'}: folder unreadable: permission denied" in lines
    data = json.loads((tmp_path / "corpus" / corpus.REPORT_FILE).read_text())
    assert data["skipped"] == [{"file": str(src / "locked"), "reason": "folder unreadable: permission denied"}]


def test_unreadable_source_folder_keeps_the_corpus(tmp_path, monkeypatch, capsys):
    out = tmp_path / "corpus"
    corpus.ingest([SEEDS / "wikinews_korea.txt"], out, log=lambda _: None)
    before = (out / corpus.ARTICLES_FILE).read_bytes()
    src = write(tmp_path / "src", {"seed.txt": SEED})
    _deny(monkeypatch, src)
    rc = cli_main(["ingest", str(src), "--out", str(out), "-q"])
    err = capsys.readouterr().err
    assert rc == 1
    assert f"skipped {src}: folder unreadable: permission denied" in err and "left as it was" in err
    assert (out / corpus.ARTICLES_FILE).read_bytes() == before


# ------------------------------------------------------------------ 4. symlink loops and broken links
def test_symlink_loop_is_skipped_and_the_batch_goes_on(tmp_path):
    src = write(tmp_path / "src", {"korea.txt": KOREA})
    (src / "loop2.txt").symlink_to("loop1.txt")
    (src / "loop1.txt").symlink_to("loop2.txt")
    (src / "gone.txt").symlink_to("../elsewhere/deleted.txt")
    proc = cli(str(src), "--out", str(tmp_path / "corpus"))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert f"skipped {src / 'loop1.txt'}: symlink loop (not followed)" in proc.stderr
    assert f"skipped {src / 'loop2.txt'}: symlink loop (not followed)" in proc.stderr
    assert f"skipped {src / 'gone.txt'}: broken symlink: its target ../elsewhere/deleted.txt does not exist" in proc.stderr
    assert [a.id for a in corpus.iter_articles(tmp_path / "corpus")] == ["korea"]


def test_symlink_loop_named_on_the_command_line(tmp_path):
    write(tmp_path / "src", {"korea.txt": KOREA})
    (tmp_path / "src" / "loop.txt").symlink_to("loop.txt")
    report, arts, _ = ingest(tmp_path, tmp_path / "src" / "loop.txt", tmp_path / "src" / "korea.txt")
    assert list(arts) == ["korea"]
    assert report.skipped == [(str(tmp_path / "src" / "loop.txt"), "symlink loop (not followed)")]


# ------------------------------------------------------------------ 5. web pages that are not articles
def page(body: str, head: str = "<title>North Korea puts military in quasi-state of war</title>") -> str:
    return (f"<html><head>{head}</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article>{body}</article><footer><p>© 2019 Daily Gazette. All rights reserved.</p></footer></body></html>")


ARTICLE_HTML = "".join(f"<p>{p}</p>" for p in PARAS[:2] + PARAS[3:4])


def test_copyright_year_is_not_a_publication_date(tmp_path):
    src = write(tmp_path / "src", {
        "footer.html": page(ARTICLE_HTML),
        "meta.html": page(ARTICLE_HTML.replace("North Korea", "the North"),
                          "<title>Quasi-state of war</title><meta property='article:published_time' content='2015-08-21'>"),
        "time.html": page("<time datetime='2015-08-22'>August 22, 2015</time>" + ARTICLE_HTML.replace("KPA", "army")),
    })
    report, arts, _ = ingest(tmp_path, src)
    assert arts["footer"].date is None
    assert arts["meta"].date == "2015-08-21"
    assert arts["time"].date == "2015-08-22"
    assert report.skipped == []


STUBS = [
    ("nav.html", "<p><a>Home</a> / <a>World</a> / <a>Politics</a> / <a>Business</a></p>", "navigation or index page"),
    ("js.html", "<noscript>You need to enable JavaScript to run this app.</noscript><div id='root'></div>", "enable JavaScript"),
]


@pytest.mark.parametrize("name, body, reason", STUBS, ids=[s[0] for s in STUBS])
def test_page_with_no_article_is_skipped(tmp_path, name, body, reason):
    src = write(tmp_path / "src", {name: f"<html><head><title>Gazette</title></head><body>{body}</body></html>",
                                   "korea.txt": KOREA})
    report, arts, _ = ingest(tmp_path, src)
    assert list(arts) == ["korea"]
    assert len(report.skipped) == 1 and report.skipped[0][0] == str(src / name) and reason in report.skipped[0][1]


def test_paywall_stub_and_short_page_are_kept_with_a_warning(tmp_path):
    src = write(tmp_path / "src", {
        "paywall.html": page(f"<p>{PARAS[0]}</p><p>Subscribe to continue reading. Already a subscriber? Log in.</p>"),
        "short.html": page("<p>The report comes after North and South Korea exchanged artillery fire yesterday.</p>"),
        "full.html": page(ARTICLE_HTML),
    })
    report, arts, _ = ingest(tmp_path, src)
    assert any("paywall" in w for w in arts["paywall"].warnings)
    assert any(w.startswith("only ") and w.endswith("words: a stub rather than an article?") for w in arts["short"].warnings)
    assert arts["full"].warnings == []
    assert {w for w, _ in report.warnings} == {str(src / "paywall.html"), str(src / "short.html")}


# ------------------------------------------------------------------ 6. manifest mistakes
def test_semicolon_manifest_is_read(tmp_path):
    src = write(tmp_path / "src", {
        "manifest.csv": "file;title;publisher;date\nkorea.txt;North Korea on high alert;Wikinews;2015-08-21\n",
        "korea.txt": BODY,
    })
    report, arts, _ = ingest(tmp_path, src)
    k = arts["korea"]
    assert (k.title, k.source, k.date) == ("North Korea on high alert", "Wikinews", "2015-08-21")
    assert report.warnings == []


def test_manifest_without_a_file_column_is_reported(tmp_path):
    src = write(tmp_path / "src", {"manifest.csv": "document|title\nkorea.txt|North Korea\n", "korea.txt": BODY})
    report, arts, _ = ingest(tmp_path, src)
    assert arts["korea"].title is None
    assert len(report.warnings) == 1
    where, why = report.warnings[0]
    assert where == str(src / "manifest.csv") and why.startswith("manifest not used: its header has no file")


def test_manifest_rows_that_match_no_file_are_reported(tmp_path):
    src = write(tmp_path / "src", {
        "manifest.csv": ("file,title,publisher\n"
                         "alpha.txt,North Korea on high alert,Wikinews\n"
                         "beta,Talks in Panmunjom,Wikinews\n"
                         "Alpha.txt,North Korea on alert (copy),Wikinews\n"
                         "gamma.txt,A story that was never saved,Wikinews\n"),
        "alpha.txt": BODY,
        "beta.txt": SEED,
    })
    report, arts, lines = ingest(tmp_path, src)
    m = src / "manifest.csv"
    assert arts["alpha"].title == "North Korea on high alert"
    assert report.warnings == [
        (f"{m}:3", f"row names 'beta', which matches no file in {src} (did you mean beta.txt?); its metadata is not used"),
        (f"{m}:4", f"row names 'Alpha.txt', which matches no file in {src} (did you mean alpha.txt?); its metadata is not used"),
        (f"{m}:5", f"row names 'gamma.txt', which matches no file in {src}; its metadata is not used"),
    ]
    assert f"warning {m}:5: row names 'gamma.txt', which matches no file in {src}; its metadata is not used" in lines


def test_manifest_edited_between_two_ingests_in_one_session_is_read_again(tmp_path):
    src = write(tmp_path / "src", {"manifest.csv": "file,title\nkorea.txt,First title\n", "korea.txt": BODY})
    _, arts, _ = ingest(tmp_path, src)
    assert arts["korea"].title == "First title"
    (src / "manifest.csv").write_text('file,title\nkorea.txt,"Second, corrected title"\n')
    _, arts, _ = ingest(tmp_path, src)
    assert arts["korea"].title == "Second, corrected title"


# ------------------------------------------------------------------ 7. one decoding warning per file
def test_cp1252_file_warns_once_and_a_duplicate_keeps_the_warning(tmp_path):
    rows = "".join(f"r{i},{q(p)},Wikinews\n" for i, p in enumerate(PARAS[:6]))
    bad = "id,text,source\n" + rows + "r9,Café owners said the shelling stopped.,Wikinews\n"
    story = BODY + "\n\nCafé owners near the border said the shelling had stopped by the evening."
    src = write(tmp_path / "src", {
        "feed.csv": bad.encode("cp1252"),  # Excel on Windows
        "a_korea.txt": story,
        "b_korea.txt": story.encode("cp1252"),  # the same story, saved again by Excel's neighbour
    })
    report, arts, _ = ingest(tmp_path, src)
    assert len(arts) == 8
    cp = [(w, r) for w, r in report.warnings if "cp1252" in r]
    assert cp == [(str(src / "b_korea.txt"), "not UTF-8: decoded as cp1252"), (str(src / "feed.csv"), "not UTF-8: decoded as cp1252")]
    assert arts["r9"].text == "Café owners said the shelling stopped."
    assert all("not UTF-8: decoded as cp1252" in arts[f"r{i}"].warnings for i in (0, 9))  # each article still says it
    assert arts["a_korea"].duplicate_sources == ["src/b_korea.txt"]


# ------------------------------------------------------------------ 8. provenance and reserved ids
def test_raw_path_names_the_source_folder(tmp_path):
    f1 = write(tmp_path / "F1", {"story.txt": BODY})
    f2 = write(tmp_path / "F2", {"story.txt": SEED, "sub/note.txt": PARAS[0]})
    report, arts, _ = ingest(tmp_path, f1, f2, f1 / "story.txt")
    assert {a.id: a.raw_path for a in arts.values()} == {"story": "F1/story.txt", "story-2": "F2/story.txt", "note": "F2/sub/note.txt"}
    assert arts["story"].duplicate_sources == ["F1/story.txt"]  # named twice: collapsed, same path


def test_raw_path_does_not_depend_on_how_the_folder_is_named(tmp_path, monkeypatch):
    write(tmp_path / "seeds", {"korea.txt": BODY})
    monkeypatch.chdir(tmp_path)
    a = corpus.ingest(["seeds"], tmp_path / "a", log=lambda _: None)
    b = corpus.ingest([tmp_path / "seeds"], tmp_path / "b", log=lambda _: None)
    assert a.articles == b.articles == 1
    assert (tmp_path / "a" / corpus.ARTICLES_FILE).read_bytes() == (tmp_path / "b" / corpus.ARTICLES_FILE).read_bytes()
    assert next(corpus.iter_articles(tmp_path / "b")).raw_path == "seeds/korea.txt"


def test_ids_that_outputs_uses_are_not_given_to_articles(tmp_path):
    src = write(tmp_path / "src", {
        "tables.txt": BODY, "index.md": SEED, "Corpus.txt": PARAS[0],
        "feed.jsonl": json.dumps({"id": "tables", "text": PARAS[1]}) + "\n",
    })
    report, arts, _ = ingest(tmp_path, src)
    assert sorted(arts) == ["Corpus-article", "index-article", "tables-article", "tables-article-2"]
    assert arts["tables-article"].raw_path == "src/feed.jsonl"  # the explicit id is placed first, the file stem after it
    assert any("'tables'" in w and "outputs/" in w for w in arts["tables-article-2"].warnings)


GERMAN = ("Die Opposition erklärte am Montag, der Haushaltsplan der Regierung sei ungerecht. "
          "„Wir werden diesen Plan nicht unterstützen“, sagte die Fraktionsvorsitzende im Bundestag. "
          "Der Finanzminister wies die Kritik zurück und sprach von einem soliden Entwurf, "
          "der die Schuldenbremse einhalte und zugleich mehr Geld für Schulen und Straßen vorsehe. "
          "Die Abstimmung ist für Donnerstag geplant.")
SPANISH = ("El gobierno anunció el martes un nuevo plan de vivienda para las familias de bajos ingresos. "
           "«Es una medida necesaria», dijo la ministra en una rueda de prensa en Madrid. "
           "La oposición criticó el coste del programa y pidió más control del gasto público "
           "antes de la votación en el Congreso, prevista para la próxima semana.")


def test_an_article_not_in_english_is_read_with_a_warning(tmp_path):
    """The analyses are English-only (German "Die" scored as the verb "die"): such an article is
    read and reported, with a warning that its figures would mean little; English ones get none."""
    src = write(tmp_path / "src", {"de.txt": GERMAN, "es.txt": SPANISH, "korea.txt": KOREA})
    report, arts, lines = ingest(tmp_path, src)
    assert sorted(arts) == ["de", "es", "korea"]
    flagged = sorted(w for w, msg in report.warnings if "does not look like English" in msg)
    assert [Path(w).name for w in flagged] == ["de.txt", "es.txt"], report.warnings


def test_an_output_folder_that_cannot_be_written_is_one_line(tmp_path):
    src = write(tmp_path / "src", {"korea.txt": KOREA})
    blocker = write(tmp_path, {"a_file": "not a folder"}) / "a_file"
    r = cli(str(src), "--out", str(blocker / "corpus"))
    assert r.returncode == 73 and "cannot write there" in r.stderr and "Traceback" not in r.stderr, r.stderr

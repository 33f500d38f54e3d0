"""The whole pipeline over the hostile corpus: ingest, the three analyses and the reports.

Each command exits 0 with no traceback; the analyses write one line per article; the
rendered pages are safe to share (no script, event handler, ``javascript:`` URL, iframe
or external resource that came from an article) and, opened in Chromium offline, make
no request and run nothing; the raw files and ``seeds/`` are byte-identical afterwards
and nothing is written outside the folders given; two runs give byte-identical corpus
files and tables and identical pages.

The 5 MB single-line article is left out here (``bench/bench_bounded.py`` runs it through
ingest and the analyses); the 10,000-paragraph article goes through everything. The
reports run on it and on the hostile articles that carry markup, quotation marks and
scripts, plus two records whose metadata is hostile (``HOSTILE_META``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin

import pandas as pd
import pytest

from newsdesk import corpus, display, records, sentiment
from newsdesk.pipeline.index import script_hash
from newsdesk.pipeline.render import TEMPLATE_DIR
from newsdesk.views import sentiment as sentiment_view

from . import hostile
from .conftest import SEEDS

# records whose metadata (not only text) is hostile: markup in every field, a javascript:
# source URL, an https one with markup in it, a licence that tries to close the attribute
HOSTILE_META = [
    {"id": "meta_attack", "title": "<script>alert('title')</script> Headline",
     "source": "<img src=x onerror=alert(1)>", "date": "2024-01-01\"><script>alert(2)</script>",
     "url": "javascript:alert(document.cookie)", "author": "<b onmouseover=alert(3)>me</b>",
     "licence": "CC BY 4.0\"><iframe src=//evil.example/f>", "attribution": "<a href=https://evil.example/a>x</a>",
     "text": "The mayor said “<iframe src='https://evil.example/f'></iframe> we are safe” on Monday.\n\n"
             "A post read <a href=\"//evil.example/x\" onclick=\"steal()\">click</a> and "
             "<img src=\"http://evil.example/p.png\">, officials said."},
    {"id": "meta_link", "title": "A linked article", "source": "Example <Wire>", "licence": "CC BY 2.5",
     "url": "https://evil.example/article?x=\"><script>alert(4)</script>",
     "text": "Officials said “the talks will resume,” according to a statement from the ministry."},
]
# the reports run on these: the markup, quotation-mark and script-heavy hostile articles,
# and the 10,000 one-word paragraphs (its sentiment page: about 15 s)
REPORTED = ["script_in_text", "html_scripts", "escape", "script_x_script", "unbalanced_quotes",
            "nested_quotes", "rtl", "emoji", "meta_attack", "meta_link", "ten_thousand_paragraphs"]
NOTEBOOKS = "framing,sentiment,quotes,corpus"
# the second reports run (determinism) on a couple of them
TWICE = ["script_in_text", "meta_attack"]
URLS = {r["id"]: r["url"] for r in HOSTILE_META}


def newsdesk(*args: str, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run the ``newsdesk`` command as a user would (a subprocess, from ``cwd``)."""
    cmd = [sys.executable, "-m", "newsdesk.cli", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=cwd)


def digest(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (symlinks by their target path, not followed)."""
    out = {}
    for p in sorted(folder.rglob("*")):
        rel = str(p.relative_to(folder))
        if p.is_symlink():
            out[rel] = "-> " + os.readlink(p)
        elif p.is_file():
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def listing(root: Path, given: set[str]) -> list[str]:
    """Every path under ``root`` except inside the folders and files given to the commands."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if not set(p.relative_to(root).parts[:1]) & given)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Build the hostile folder, then run every command once (timed); return what they left."""
    root = tmp_path_factory.mktemp("pipeline")
    src = root / "src"
    shutil.copytree(hostile.HOSTILE, src, symlinks=True)
    (src / "ten_thousand_paragraphs.txt").write_text(hostile.many_paragraphs(), encoding="utf-8")
    (src / "hostile_meta.jsonl").write_text("".join(json.dumps(r) + "\n" for r in HOSTILE_META), encoding="utf-8")
    cwd = root / "cwd"  # every command runs from an empty folder: a relative write would show here
    cwd.mkdir()
    given = {"corpus", "corpus2", "analyses", "out", "out_a", "out_b"}
    before = {"src": digest(src), "seeds": digest(SEEDS), "hostile": digest(hostile.HOSTILE),
              "listing": listing(root, given)}
    procs, seconds = {}, {}

    def go(name, *args, timeout=600):
        t = time.perf_counter()
        procs[name] = newsdesk(*args, cwd=cwd, timeout=timeout)
        seconds[name] = round(time.perf_counter() - t, 1)

    go("ingest", "ingest", str(src), "--out", str(root / "corpus"), "-q")
    go("ingest2", "ingest", str(src), "--out", str(root / "corpus2"), "-q")
    (root / "analyses").mkdir()
    for cmd in ("quotes", "sentiment", "frames"):
        go(cmd, cmd, str(root / "corpus"))
    go("frames_policy", "frames", str(root / "corpus"), "--scheme", "policy", "--format", "csv",
       "--out", str(root / "analyses" / "frames_policy.csv"))
    go("reports", "reports", "--corpus", str(root / "corpus"), "--out", str(root / "out"), "--jobs", "2", "-q",
       "--notebooks", NOTEBOOKS, "--only", *REPORTED)
    for out in ("out_a", "out_b"):
        go(f"reports_{out}", "reports", "--corpus", str(root / "corpus"), "--out", str(root / out), "--jobs", "2",
           "-q", "--force", "--notebooks", NOTEBOOKS, "--only", *TWICE)
    after = {"src": digest(src), "seeds": digest(SEEDS), "hostile": digest(hostile.HOSTILE),
             "listing": listing(root, given)}
    print("seconds per command:", seconds)
    return {"root": root, "src": src, "procs": procs, "seconds": seconds, "before": before, "after": after}


# --------------------------------------------------------------------------- every command


@pytest.mark.parametrize("name", ["ingest", "ingest2", "quotes", "sentiment", "frames", "frames_policy",
                                  "reports", "reports_out_a", "reports_out_b"])
def test_command_succeeds_without_traceback(run, name):
    proc = run["procs"][name]
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout


@pytest.mark.parametrize("cmd", ["quotes", "sentiment", "frames"])
def test_analysis_writes_one_line_per_article(run, cmd):
    ids = corpus.article_ids(run["root"] / "corpus")
    lines = run["procs"][cmd].stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ids
    assert {"ten_thousand_paragraphs", "unbalanced_quotes", "meta_attack", "rtl"} <= set(ids)


def test_analysis_offsets_index_the_corpus_text(run):
    """Every offset the CLI writes indexes the article text it read."""
    texts = {a.id: a.text for a in corpus.iter_articles(run["root"] / "corpus")}
    by = {cmd: {r["id"]: r for r in map(json.loads, run["procs"][cmd].stdout.splitlines())}
          for cmd in ("quotes", "sentiment", "frames")}
    for aid, text in texts.items():
        for q in by["quotes"][aid]["quotes"]:
            assert text[q["start"] : q["end"]] == q["quote"], aid
        for s in by["sentiment"][aid]["sentences"]:
            assert 0 <= s["start"] < s["end"] <= len(text) and text[s["start"] : s["end"]].strip(), aid
        for e in by["frames"][aid]["evidence"]:
            assert all(c in text[e["start"] : e["end"]] for c in e["cues"]), aid
    n = sum(len(r["quotes"]) for r in by["quotes"].values())
    assert n > 10  # the hostile corpus does have quotes: the check above is not vacuous


def test_policy_scheme_csv_has_every_article(run):
    df = pd.read_csv(run["root"] / "analyses" / "frames_policy.csv")
    assert set(df["id"]) == set(corpus.article_ids(run["root"] / "corpus"))


def test_reports_wrote_every_page(run):
    out = run["root"] / "out"
    for aid in REPORTED:
        for nb in ("framing", "sentiment", "quotes"):
            assert (out / aid / f"{nb}.html").is_file() and (out / aid / f"{nb}.ipynb").is_file(), (aid, nb)
    assert (out / "index.html").is_file() and (out / "corpus.html").is_file()
    assert "failed" not in run["procs"]["reports"].stderr


# --------------------------------------------------------------------------- safe to share


class Page(HTMLParser):
    """Every element with its attributes, and the text of each <script> and <style>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._in: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag in ("script", "style"):
            self._in = self.scripts if tag == "script" else self.styles
            self._in.append("")

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._in = None

    def handle_data(self, data):
        if self._in is not None:
            self._in[-1] += data


def parse(path: Path) -> Page:
    p = Page()
    p.feed(path.read_text(encoding="utf-8"))
    p.close()
    return p


def pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "link", "form", "portal",
                  "audio", "video", "source", "track"}
URL_ATTRS = {"href", "src", "action", "formaction", "srcset", "poster", "data", "background", "xlink:href", "ping",
             "cite", "longdesc", "manifest", "codebase"}
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//|\\\\)", re.I)  # a scheme, protocol-relative
CSS_URL = re.compile(r"url\(\s*['\"]?\s*(?!data:)", re.I)
SORT_JS = (TEMPLATE_DIR / "index" / "sort.js").read_text(encoding="utf-8")


def test_every_page_parses_and_there_are_pages(run):
    found = pages(run["root"] / "out")
    assert len(found) == 3 * len(REPORTED) + 2  # article pages, corpus, index
    for p in found:
        assert parse(p).tags, p


def test_scripts_only_the_index_sorter(run):
    out = run["root"] / "out"
    for page in pages(out):
        doc = parse(page)
        csp = [a["content"] for t, a in doc.tags
               if t == "meta" and a.get("http-equiv", "").lower() == "content-security-policy"]
        assert len(csp) == 1, page
        if page.name == "index.html":
            assert doc.scripts == [SORT_JS], "the index holds the sorter and nothing else"
            assert f"script-src '{script_hash(SORT_JS)}'" in csp[0]
            assert [a for t, a in doc.tags if t == "script"] == [{}]  # inline, no src
        else:
            assert doc.scripts == [], page
            assert "script-src 'none'" in csp[0] and "default-src 'none'" in csp[0], page


def test_no_event_handler_javascript_url_or_frame(run):
    for page in pages(run["root"] / "out"):
        for tag, attrs in parse(page).tags:
            assert tag not in FORBIDDEN_TAGS, (page, tag, attrs)
            for name, value in attrs.items():
                assert not name.startswith("on"), (page, tag, name, value)
                assert "javascript:" not in re.sub(r"\s", "", value).lower(), (page, tag, name, value)
            if tag == "meta":
                assert attrs.get("http-equiv", "").lower() != "refresh", page


def test_no_external_resource_and_only_the_source_link(run):
    """``src`` is always inline data; a link leaves the outputs only as the footer's link to
    the article's own http(s) source URL; links inside stay inside the outputs folder."""
    out = run["root"] / "out"
    external_links = []
    for page in pages(out):
        rel = page.relative_to(out)
        doc = parse(page)
        assert doc.styles and not any(CSS_URL.search(css) for css in doc.styles), page
        for tag, attrs in doc.tags:
            for name, value in attrs.items():
                if name in URL_ATTRS - {"href"}:
                    assert value.startswith("data:"), (page, tag, name, value)
                if name == "style":
                    assert not CSS_URL.search(value), (page, tag, value)
            href = attrs.get("href")
            if href is None or href.startswith("#"):
                continue
            if EXTERNAL.match(href):
                external_links.append((str(rel.parent), href, attrs.get("rel")))
            else:
                target = PurePosixPath(unquote(urljoin("/" + rel.as_posix(), href).split("#")[0]))
                assert ".." not in target.parts and (out / str(target).lstrip("/")).exists(), (page, href)
    for doc_dir, href, rel_attr in external_links:
        assert href == URLS.get(doc_dir) and href.startswith("https://"), (doc_dir, href)
        assert rel_attr == "noopener noreferrer"
    # the https source URL is linked (escaped) on each of its pages; the javascript: one is not
    assert sorted(d for d, _, _ in external_links) == ["meta_link"] * 3


@pytest.mark.parametrize(
    "page, shown",
    [
        ("script_in_text/quotes.html", "&lt;script&gt;steal()&lt;/script&gt;"),
        ("script_in_text/sentiment.html", "&lt;img src=x onerror=alert(2)&gt;"),
        ("script_in_text/framing.html", "&lt;a href=\"javascript:alert(3)\"&gt;click&lt;/a&gt;"),
        ("meta_attack/quotes.html", "&lt;iframe src='https://evil.example/f'&gt;&lt;/iframe&gt;"),
        ("meta_attack/quotes.html", "javascript:alert(document.cookie)"),  # shown as text
        ("meta_attack/framing.html", "&lt;script&gt;alert('title')&lt;/script&gt; Headline"),
        ("index.html", "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Headline"),
    ],
)
def test_article_markup_is_shown_as_text(run, page, shown):
    """The markup is on the page, escaped (so the checks above are not vacuous); nbconvert
    writes quotation marks in text unescaped, Jinja (the index) as ``&#39;``."""
    assert shown in (run["root"] / "out" / page).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- raw data is sacred


@pytest.mark.parametrize("what", ["src", "seeds", "hostile"])
def test_raw_files_are_byte_identical(run, what):
    assert run["before"][what] and run["after"][what] == run["before"][what]


def test_nothing_written_outside_the_given_folders(run):
    assert run["after"]["listing"] == run["before"]["listing"]
    assert not any((run["root"] / "cwd").iterdir())


def test_corpus_and_outputs_hold_only_their_own_files(run):
    c = run["root"] / "corpus"
    assert sorted(p.name for p in c.iterdir() if not p.name.startswith(".")) == sorted(
        [corpus.ARTICLES_FILE, corpus.SENTENCES_FILE, corpus.TABLE_FILE, corpus.REPORT_FILE])
    out = run["root"] / "out"
    top = {p.name for p in out.iterdir() if not p.name.startswith(".")}
    assert top == set(REPORTED) | {"index.html", "corpus.html", "corpus.ipynb", "tables"}


# --------------------------------------------------------------------------- determinism


def test_two_ingests_are_byte_identical(run):
    a, b = run["root"] / "corpus", run["root"] / "corpus2"
    files = sorted(p.name for p in a.iterdir() if p.is_file() and not p.name.startswith("."))
    assert files and files == sorted(p.name for p in b.iterdir() if p.is_file() and not p.name.startswith("."))
    for name in files:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_two_report_runs_give_identical_tables(run):
    a, b = run["root"] / "out_a" / "tables", run["root"] / "out_b" / "tables"
    names = sorted(p.name for p in a.iterdir())
    assert any(n.endswith(".csv") for n in names) and any(n.endswith(".parquet") for n in names)
    assert names == sorted(p.name for p in b.iterdir())
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def _masked_html(path: Path, out: Path) -> str:
    # the only thing allowed to differ: the outputs folder itself, named in the corpus
    # report's parameters (tables_dir)
    return path.read_text(encoding="utf-8").replace(str(out), "<OUT>")


RUN_TIME_KEYS = {"start_time", "end_time", "duration", "iopub.execute_input", "iopub.status.busy",
                 "iopub.status.idle", "shell.execute_reply"}


def _masked_notebook(path: Path, out: Path) -> dict:
    def strip(node):
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k not in RUN_TIME_KEYS}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node.replace(str(out), "<OUT>") if isinstance(node, str) else node

    return strip(json.loads(path.read_text(encoding="utf-8")))


def test_two_report_runs_give_identical_pages_and_notebooks(run):
    """Pages identical apart from the outputs folder's own path; executed notebooks also
    apart from papermill's run timestamps and durations."""
    a, b = run["root"] / "out_a", run["root"] / "out_b"
    htmls = sorted(p.relative_to(a) for p in a.rglob("*.html"))
    assert len(htmls) == 3 * len(TWICE) + 2
    for rel in htmls:
        assert _masked_html(a / rel, a) == _masked_html(b / rel, b), rel
    for rel in sorted(p.relative_to(a) for p in a.rglob("*.ipynb")):
        assert _masked_notebook(a / rel, a) == _masked_notebook(b / rel, b), rel


def test_forced_report_pages_equal_the_first_run(run):
    """The article pages of the forced runs equal those of the first (bigger) run."""
    for aid in TWICE:
        for nb in ("framing", "sentiment", "quotes"):
            first = (run["root"] / "out" / aid / f"{nb}.html").read_bytes()
            assert (run["root"] / "out_a" / aid / f"{nb}.html").read_bytes() == first, (aid, nb)


# --------------------------------------------------------------------------- bounded cost of the pages


@pytest.mark.parametrize("n", [5_000, 10_000])
def test_highlighted_text_of_many_paragraphs_is_linear(n):
    """One mark per sentence, one paragraph per sentence: the highlighted page text took
    19 s for 10,000 one-word paragraphs (every mark scanned in every paragraph)."""
    art = records.article_from_text(hostile.many_paragraphs(n))
    result = sentiment.analyze(art, [])
    t = time.perf_counter()
    html = sentiment_view.highlight_html(result, art.paragraphs)
    assert time.perf_counter() - t < 1.0
    assert html.count("<p>") == len(art.paragraphs) == n and html.count("<mark ") == len(art.sentences)


def test_highlight_keeps_overlapping_and_out_of_order_marks():
    """The sweep gives what scanning every mark gave: the earlier mark wins an overlap, a
    mark spanning two paragraphs shows in both, paragraphs out of order still work."""
    text = "Alpha beta.\n\nGamma delta."
    marks = [display.Mark(0, 20, "#a", "long"), display.Mark(6, 10, "#b", "inner"), display.Mark(13, 18, "#c", "g")]
    in_order = display.highlight_html(text, marks, [(0, 11), (13, 25)])
    assert in_order == ('<div class="nd-text"><p><mark style="background:#a" title="long">Alpha beta.</mark></p>'
                        '<p><mark style="background:#a" title="long">Gamma d</mark>elta.</p></div>')
    swapped = display.highlight_html(text, marks, [(13, 25), (0, 11)])
    assert swapped == ('<div class="nd-text"><p><mark style="background:#a" title="long">Gamma d</mark>elta.</p>'
                       '<p><mark style="background:#a" title="long">Alpha beta.</mark></p></div>')


# --------------------------------------------------------------------------- in a real browser


@pytest.fixture(scope="module")
def chromium():
    from .test_browser import ARGS, CHROMIUM

    if not CHROMIUM.exists():
        pytest.skip("Debian chromium not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def test_every_hostile_page_in_chromium_requests_nothing_and_runs_nothing(run, chromium):
    """Each page loads offline with every request other than file: and data: recorded and
    aborted: none is made, no dialog opens (alert), no console error (a blocked script
    would log a Content-Security-Policy violation), no page error."""
    context = chromium.new_context(offline=True)
    page = context.new_page()
    problems: list[str] = []
    current = [""]

    def problem(what: str) -> None:
        problems.append(f"{current[0]}: {what}")

    def on_route(route):
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            problem(f"network request: {url}")
            route.abort()

    def on_dialog(dialog):
        problem(f"dialog: {dialog.message}")
        dialog.dismiss()

    page.route("**/*", on_route)
    page.on("dialog", on_dialog)
    page.on("console", lambda msg: msg.type == "error" and problem(f"console: {msg.text}"))
    page.on("pageerror", lambda exc: problem(f"page error: {exc}"))
    out = run["root"] / "out"
    loaded = 0
    try:
        for p in pages(out):
            current[0] = str(p.relative_to(out))
            page.goto(p.as_uri())
            page.wait_for_load_state("load")
            assert page.title(), p
            loaded += 1
        # the index's own script ran (it marks the sortable headers) and nothing else did
        page.goto((run["root"] / "out" / "index.html").as_uri())
        page.locator("#articles thead th button", has_text="Quotes").click()
        assert page.locator("#articles thead th[aria-sort]").count() == 1
    finally:
        context.close()
    assert loaded == 3 * len(REPORTED) + 2
    assert not problems, problems


# --------------------------------------------------------------------------- killed at random points


def _outputs_whole(out: Path) -> int:
    """Every file in ``out`` is whole and parses; returns the number of finished reports."""
    import nbformat
    import pyarrow.parquet as pq

    for p in out.rglob("*.ipynb"):
        nbformat.read(p, as_version=4)
    for p in out.rglob("*.html"):
        assert p.read_text(encoding="utf-8").rstrip().endswith("</html>"), p
    for p in out.rglob("*.parquet"):
        pq.read_table(p)
    for p in out.rglob("*.csv"):
        pd.read_csv(p)
    for p in out.rglob("*.json"):
        json.loads(p.read_text(encoding="utf-8"))
    return len(list(out.rglob("*/*.html")))


@pytest.mark.slow
def test_reports_killed_at_random_points_then_resumed(run, tmp_path):
    """``newsdesk reports`` over the hostile articles, SIGKILLed (with its workers and
    kernels) at random points: only whole files each time; the next run completes, and its
    pages equal those of the uninterrupted run."""
    import random
    import signal

    out = tmp_path / "out"
    args = [sys.executable, "-m", "newsdesk.cli", "reports", "--corpus", str(run["root"] / "corpus"), "--out",
            str(out), "--jobs", "2", "-q", "--notebooks", NOTEBOOKS, "--only", *REPORTED]
    rng = random.Random(6)
    kills = 0
    for _ in range(5):
        proc = subprocess.Popen(args, cwd=run["root"] / "cwd", stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rng.uniform(1.0, 12.0))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait()
        _outputs_whole(out)
    done = subprocess.run(args, cwd=run["root"] / "cwd", capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-3000:]
    assert _outputs_whole(out) == 3 * len(REPORTED)
    assert kills >= 3 and not list(out.rglob(".*.tmp"))
    for p in sorted(out.rglob("*.html")):
        rel = p.relative_to(out)
        assert _masked_html(p, out) == _masked_html(run["root"] / "out" / rel, run["root"] / "out"), rel


@pytest.mark.slow
def test_ctrl_c_stops_a_reports_run_in_one_line(run, tmp_path):
    """Ctrl-C (SIGINT to the terminal's process group) mid-run: exit 130, "interrupted" and no
    traceback (the kernel zygotes printed two KeyboardInterrupt tracebacks, the kernels a warning
    each), no process left, only whole files."""
    import signal

    out = tmp_path / "out"
    args = [sys.executable, "-m", "newsdesk.cli", "reports", "--corpus", str(run["root"] / "corpus"), "--out",
            str(out), "--jobs", "2", "--notebooks", NOTEBOOKS, "--only", *REPORTED]
    proc = subprocess.Popen(args, cwd=run["root"] / "cwd", stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.time() + 120
    while not list(out.rglob("*/*.html")) and time.time() < deadline:  # some reports done, more running
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGINT)
    err = proc.communicate(timeout=60)[1]
    assert proc.returncode == 130 and "interrupted" in err, err[-3000:]
    assert "Traceback" not in err and "WARNING" not in err, err[-3000:]
    time.sleep(1)
    left = subprocess.run(["pgrep", "-g", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert not left, left
    _outputs_whole(out)

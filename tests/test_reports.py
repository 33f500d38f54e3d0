"""The report pipeline (``newsdesk reports``): outputs, offline HTML, checks, failures, incremental runs, Dask.

Real notebooks run on a small subset (the seed and one Wikinews sample) into a
temporary outputs folder shared with ``test_browser.py`` (the second user finds it
up to date). Machinery tests (failures, kills, Dask) use tiny notebooks written here.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from newsdesk import config, reports
from newsdesk.cli import main
from newsdesk.pipeline import hashing, index, plan, render, runner
from newsdesk.pipeline.engine import warm_code

SEED = config.SEED_ARTICLE_ID
SAMPLE = "wikinews_crane"  # CC BY 2.5: its pages must carry the attribution
WH = "wh_2022-05-06-statement-by-president-joe-biden-on-additional-se"  # public domain
SUBSET = [SEED, SAMPLE]
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|@import|url\(\s*["']?(?:https?:)?//""", re.I)


_CODE_KEY: list[str] = []


def frozen_code_key():
    """Patch the code digest to its value at the first call: engineers editing lib/ in a
    shared checkout while the tests run must not turn the no-op checks into re-runs."""
    from unittest import mock

    if not _CODE_KEY:
        _CODE_KEY.append(hashing.code_digest())
    return mock.patch.object(hashing, "code_digest", lambda modules=None, lexicons=None: _CODE_KEY[0])


def shared_outputs(tmp_path_factory, corpus_dir: Path) -> Path:
    """Build the subset (all reports) once per session; a second call is an incremental no-op."""
    out = tmp_path_factory.getbasetemp() / "shared-outputs"
    with frozen_code_key():
        _, outcome = reports.build(only=SUBSET, corpus_dir=corpus_dir, out_dir=out, jobs=2)
    assert outcome.ok, outcome.failed
    return out


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, built_corpus) -> Path:
    return shared_outputs(tmp_path_factory, built_corpus)


# --------------------------------------------------------------------------- outputs
def test_every_report_has_its_executed_notebook_and_page(outputs):
    for art in SUBSET:
        for rep in plan.ARTICLE_REPORTS:
            nb = nbformat.read(outputs / art / f"{rep}.ipynb", as_version=4)
            assert nb.metadata.papermill.parameters["article_id"] == art
            assert not any(o.output_type == "error" for c in nb.cells for o in c.get("outputs", []))
            assert (outputs / art / f"{rep}.html").read_text().rstrip().endswith("</html>")
    assert (outputs / "corpus.html").is_file() and (outputs / "corpus.ipynb").is_file()
    assert (outputs / "index.html").is_file()


def test_pages_are_offline_self_contained_with_code_hidden(outputs):
    pages = [outputs / a / f"{r}.html" for a in SUBSET for r in plan.ARTICLE_REPORTS]
    pages += [outputs / "corpus.html", outputs / "index.html"]
    for page in pages:
        html = page.read_text()
        assert not EXTERNAL.search(html.replace('href="https://creativecommons', "").replace("<a href=\"https://", "<a ")), page
        assert "<script src" not in html and "<link" not in html, page
        assert "Content-Security-Policy" in html, page
    for page in pages[:-1]:  # reports: no script at all, plots inline, no code
        html = page.read_text()
        assert "<script" not in html, page
        assert "class=\"jp-CodeMirrorEditor" not in html, page
        assert "data:image/png;base64," in html or "<svg" in html, page


def test_shared_pages_carry_no_local_folders_and_no_word_none(outputs, built_corpus):
    """A page is e-mailed: it must not show the author's folders (the checkout, the temporary
    corpus and outputs), and a missing value (no headline, no cue) shows as a dash, not "None"."""
    pages = [outputs / a / f"{r}.html" for a in SUBSET for r in plan.ARTICLE_REPORTS] + [outputs / "corpus.html"]
    local = [str(config.project_root()), str(built_corpus.resolve()), str(outputs.resolve())]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not [d for d in local if d in text], page
        assert "<td>None</td>" not in text, page
    seed = (outputs / SEED / "sentiment.html").read_text(encoding="utf-8")
    assert "<th>title</th>\n      <td>—</td>" in seed or "<th>title</th>\n<td>—</td>" in seed  # the seed has no headline


def test_report_tables_show_whole_sentences(outputs, built_corpus):
    """pandas cuts table cells at 50 characters unless told otherwise: the sentences a reader
    checks (most negative, per-sentence frames) must appear whole in the shared pages."""
    from newsdesk import corpus

    seed = corpus.get_article(SEED, built_corpus)
    longest = max((seed.text[s.start:s.end] for s in seed.sentences), key=len)
    assert len(longest) > 100
    for rep in ("framing", "sentiment"):
        page = (outputs / SEED / f"{rep}.html").read_text(encoding="utf-8")
        assert html.escape(longest, quote=False) in page, rep
        assert not re.search(r"<td>[^<]{40,60}\.\.\.</td>", page), rep


def test_footer_names_parameters_versions_hashes_and_attribution(outputs, built_corpus):
    from newsdesk import corpus

    chash = corpus.corpus_hash(built_corpus)
    sample = (outputs / SAMPLE / "quotes.html").read_text()
    footer = sample[sample.index('<footer class="nd-footer">'):]
    assert f"article_id = '{SAMPLE}'" in footer
    assert chash in footer and "papermill" in footer and "pandas" in footer
    declared = plan.notebook_parameters(config.notebooks_dir() / "quotes.ipynb", "x", {})
    for name in declared:  # every parameter, given or default, is named
        assert f"{name} = " in footer, name
    assert "CC BY 2.5" in footer and "https://creativecommons.org/licenses/by/2.5/" in footer
    assert "Wikinews contributors" in footer and "Changed:" in footer
    seed = (outputs / SEED / "quotes.html").read_text()
    assert "CC BY" not in seed[seed.index('<footer class="nd-footer">'):]
    assert "CC BY 2.5" in (outputs / "corpus.html").read_text()


def test_pages_describe_their_plots_and_name_what_made_them(outputs):
    """Every plot has an alt text of its own (nbconvert's default is "No description has been
    provided for this image"); the quotes page names its lexicon files with hashes; every footer
    names numpy and nltk; the corpus page says how its scheme picks a primary frame."""
    pages = [outputs / a / f"{r}.html" for a in SUBSET for r in plan.ARTICLE_REPORTS] + [outputs / "corpus.html"]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        imgs = re.findall(r"<img\b[^>]*>", text)
        assert imgs, page
        for img in imgs:
            alt = re.search(r'\balt="([^"]*)"', img)
            assert alt and len(alt.group(1)) > 30 and "No description" not in alt.group(1), (page, img[:80])
        footer = text[text.index('<footer class="nd-footer">'):]
        assert "numpy " in footer and "nltk " in footer, page
    quotes_page = (outputs / SEED / "quotes.html").read_text(encoding="utf-8")
    assert "lib/newsdesk/lexicons/quote_cues.csv" in quotes_page
    assert hashing.file_digest(config.lexicon_path("person_titles.txt")) in quotes_page
    corpus_page = (outputs / "corpus.html").read_text(encoding="utf-8")
    assert "most of its questions answered yes" in corpus_page and "(no primary frame)" in corpus_page
    assert "the frame with the highest score" not in corpus_page


def test_index_lists_every_article_with_links_and_summary(outputs, built_corpus):
    from newsdesk import corpus

    html = (outputs / "index.html").read_text()
    ids = corpus.article_ids(built_corpus)
    assert html.count("<tr id=") == len(ids)
    for rep in plan.ARTICLE_REPORTS:
        assert f'href="{SAMPLE}/{rep}.html"' in html
        assert (outputs / SAMPLE / f"{rep}.html").is_file()
    assert 'href="corpus.html"' in html
    row = re.search(rf'<tr id="{SAMPLE}">(.*?)</tr>', html, re.S).group(1)
    arts = pd.read_parquet(outputs / "tables" / "articles.parquet").set_index("id")
    assert arts.loc[SAMPLE, "title"] in row
    assert str(arts.loc[SAMPLE, "top_speaker"]) in row and arts.loc[SAMPLE, "primary_frame"] in row
    assert "Primary frame (generic)" in html  # the scheme behind the column
    # quoted labels ("mission of peace") are no quotes; a tie for most-quoted speaker is said
    q = pd.read_parquet(outputs / "tables" / "quotes.parquet")
    assert (q.kind == "scare").any()
    assert arts["quotes"].to_dict() == {i: int((q[q.article_id == i].kind != "scare").sum()) for i in arts.index}
    tied = arts[arts["top_speaker_tied"] > 0]
    assert len(tied) > 0
    for aid, t in tied.iterrows():
        r = re.search(rf'<tr id="{aid}">(.*?)</tr>', html, re.S).group(1)
        assert f"and {t.top_speaker_tied} other" in r, r
    # the seed has no headline: its row says so and shows how it begins, not its id twice
    seed = re.search(rf'<tr id="{SEED}">(.*?)</tr>', html, re.S).group(1)
    assert "(no headline)</span> When China President Xi Jinping" in seed and seed.count(SEED) == 1 + seed.count(f"{SEED}/"), seed
    # the inline sorter is allowed by its hash, and by nothing else
    script = re.search(r"<script>(.*?)</script>", html, re.S).group(1)
    assert index.script_hash(script) in html
    assert "<details class=\"nd-skipped\">" not in html  # the bundled seeds are all read


def test_reports_of_an_article_that_left_the_corpus_are_removed(tmp_path):
    """A folder dropped from SEEDS (or a file deleted from seeds/) left its pages in outputs/, no
    longer in the index but still there to be shared as current. The files the pipeline wrote go;
    a file the researcher put there stays."""
    from newsdesk import corpus

    src = tmp_path / "mine"
    src.mkdir()
    seed_text = (config.seeds_dir() / f"{SEED}.txt").read_text(encoding="utf-8")
    (src / "seed.txt").write_text(seed_text, encoding="utf-8")
    (src / "crane.txt").write_text((config.seeds_dir() / f"{SAMPLE}.txt").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    corpus.ingest([src], tmp_path / "corpus", log=lambda line: None)
    reports.build(reports=["quotes"], corpus_dir=tmp_path / "corpus", out_dir=out, jobs=1)
    assert (out / "crane" / "quotes.html").is_file()
    (out / "crane" / "my_notes.txt").write_text("mine", encoding="utf-8")
    (src / "crane.txt").unlink()
    corpus.ingest([src], tmp_path / "corpus", log=lambda line: None)
    p, outcome = reports.build(reports=["quotes"], corpus_dir=tmp_path / "corpus", out_dir=out, jobs=1)
    assert outcome.removed == ["crane/quotes"] and "1 removed" in reports.summary(p, outcome)
    assert not (out / "crane" / "quotes.html").exists() and not (out / "crane" / "quotes.ipynb").exists()
    assert (out / "crane" / "my_notes.txt").read_text(encoding="utf-8") == "mine"
    assert (out / "seed" / "quotes.html").is_file() and "crane" not in (out / "index.html").read_text(encoding="utf-8")


def test_the_index_lists_what_the_ingest_skipped_and_why(tmp_path):
    """Skipped inputs were told only to the terminal that ran the ingest: the shared index lists
    them (file as a shared page may show it, and the reason)."""
    from newsdesk import corpus

    src = tmp_path / "mine"
    src.mkdir()
    (src / "seed.txt").write_text((config.seeds_dir() / f"{SEED}.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (src / "empty.txt").write_text("", encoding="utf-8")
    (src / "notes.jsonl").write_text('{"id": "n1", "title": "No text here"}\n', encoding="utf-8")
    corpus.ingest([src], tmp_path / "corpus", log=lambda line: None)
    reports.build(reports=["quotes"], corpus_dir=tmp_path / "corpus", out_dir=tmp_path / "out", jobs=1)
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    skipped = re.search(r'<details class="nd-skipped">(.*?)</details>', page, re.S).group(1)
    assert "2 inputs skipped" in skipped
    assert "<code>empty.txt</code>: empty file" in skipped and "<code>notes.jsonl:1</code>: record has no" in skipped
    assert str(tmp_path) not in page  # the author's folders stay out of a shared page
    with pytest.raises(plan.PlanError, match=r"unknown article id 'empty' \(skipped when the corpus was built: empty.txt: empty file\)"):
        reports.build(reports=["quotes"], only=["empty"], corpus_dir=tmp_path / "corpus", out_dir=tmp_path / "out")


def test_the_sentiment_pages_corpus_position_agrees_with_the_tables(outputs):
    """"Where the article sits" split the corpus with quotation marks only, so its narration and
    quoted figures (and corpus medians) disagreed with the page's own table and the corpus page."""
    page = (outputs / SEED / "sentiment.html").read_text(encoding="utf-8")
    seg = page[page.index("Where the article sits"):]
    cells = {}
    for row in re.findall(r"<tr>(.*?)</tr>", seg[:8000], re.S):
        c = [re.sub(r"<[^>]+>", "", x).strip() for x in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
        if len(c) >= 4 and c[1] in ("narration_compound", "quoted_compound"):
            cells[c[1]] = (float(c[2]), float(c[3]))
    v = pd.read_parquet(outputs / "tables" / "sentiment_voices.parquet")
    for voice in ("narration", "quoted"):
        mine = v[(v.article_id == SEED) & (v.voice == voice)].compound.iloc[0]
        median = v[v.voice == voice].compound.median()
        assert cells[f"{voice}_compound"] == pytest.approx((mine, median), abs=6e-5), voice


def test_tables_in_csv_and_parquet_cover_the_corpus(outputs, built_corpus):
    from newsdesk import corpus

    tdir = outputs / "tables"
    for name in ["articles", "quotes", "speakers", "sentiment_sentences", "frame_scores"]:
        csv, pq = pd.read_csv(tdir / f"{name}.csv"), pd.read_parquet(tdir / f"{name}.parquet")
        assert len(csv) == len(pq) > 0 and list(csv.columns) == list(pq.columns), name
    arts = pd.read_parquet(tdir / "articles.parquet")
    assert sorted(arts["id"]) == sorted(corpus.article_ids(built_corpus))
    q = pd.read_parquet(tdir / "quotes.parquet")
    n_sample = len(q[q.article_id == SAMPLE])
    assert n_sample == int(arts.set_index("id").loc[SAMPLE, "quotes"]) > 0


def test_noop_rerun_is_fast_and_touches_nothing(outputs, built_corpus):
    before = {p: p.stat().st_mtime_ns for p in outputs.rglob("*") if p.is_file() and ".newsdesk" not in p.parts}
    with frozen_code_key():
        t = time.perf_counter()
        p, outcome = reports.build(only=SUBSET, corpus_dir=built_corpus, out_dir=outputs, jobs=2)
        assert time.perf_counter() - t < 2.0
    assert outcome.ran == [] and outcome.rendered == [] and len(outcome.skipped) == len(p.jobs)
    after = {p: p.stat().st_mtime_ns for p in before}
    assert before == after


def test_show_code_rerenders_without_rerunning(outputs, built_corpus):
    with frozen_code_key():
        p, outcome = reports.build(only=[SAMPLE], reports=["quotes"], corpus_dir=built_corpus, out_dir=outputs,
                                   show_code=True, jobs=1)
        try:
            assert outcome.rendered == [f"{SAMPLE}/quotes"] and outcome.ran == []
            assert "class=\"jp-CodeMirrorEditor" in (outputs / SAMPLE / "quotes.html").read_text()
        finally:
            p, outcome = reports.build(only=[SAMPLE], reports=["quotes"], corpus_dir=built_corpus, out_dir=outputs, jobs=1)
            assert outcome.rendered == [f"{SAMPLE}/quotes"]


# --------------------------------------------------------------------------- checks before running
@pytest.mark.parametrize("argv, message", [
    (["--only", "wikinews_cran"], "unknown article id 'wikinews_cran'; did you mean wikinews_crane"),
    (["--notebooks", "quote"], "unknown report 'quote'"),
    (["-p", "schem", "policy"], "unknown parameter 'schem'"),
    (["-p", "article_id", "x"], "set by the pipeline"),
    (["--notebooks", "quotes", "-p", "max_quote_chars", "many"], "not an integer"),
    # a value naming a scheme or file is read before anything runs: a misspelt one used to turn every
    # good framing page into an error page and empty the tables
    (["-p", "scheme", "polciy"], "-p scheme: polciy: no such scheme (bundled: generic, policy)"),
    (["-p", "overrides", "missing_overrides.csv"], "-p overrides: missing_overrides.csv: no such file"),
])
def test_bad_requests_fail_before_anything_runs(tmp_path, built_corpus, capsys, argv, message):
    out = tmp_path / "out"
    assert main(["reports", "--corpus", str(built_corpus), "--out", str(out), "--quiet", *argv]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("name, content, message", [
    ("overrides", "word,valence\nwar,-1.5\nwar,-2\n", ":3: 'war' is listed twice"),
    ("overrides", "war,-9\n", "outside VADER's scale"),
    ("scheme", "frame,indicator,question,weight,need,cues\n", "no indicator rows"),
])
def test_a_broken_file_named_by_a_parameter_fails_before_anything_runs(tmp_path, built_corpus, capsys, name, content, message):
    bad = tmp_path / "mine.csv"
    bad.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["reports", "--corpus", str(built_corpus), "--out", str(out), "--quiet", "-p", name, str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"-p {name}: " in err and str(bad) in err and message in err, err
    assert not out.exists()


def test_an_outputs_folder_that_cannot_be_written_is_one_line_not_a_traceback(tmp_path, built_corpus, capsys):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder", encoding="utf-8")
    out = blocker / "out"  # cannot be created (as a read-only folder cannot be written)
    assert main(["reports", "--corpus", str(built_corpus), "--out", str(out), "--quiet"]) == 73
    err = capsys.readouterr().err
    assert err.startswith(f"newsdesk reports: {out / '.newsdesk'}: cannot write there (") and "Traceback" not in err, err
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_user_parameter_reaches_only_the_notebooks_that_declare_it(tmp_path, built_corpus):
    p = plan.make_plan(reports=["framing", "quotes"], only=[SAMPLE], user_params=[("scheme", "policy")],
                       corpus_dir=built_corpus, out_dir=tmp_path)
    by = {j.report: j for j in p.jobs}
    assert by["framing"].parameters["scheme"] == "policy"
    assert "scheme" not in by["quotes"].parameters
    # the corpus tables and the index describe every article: with --only they keep the last whole run's scheme
    assert p.table_options["scheme"] == "generic"
    whole = plan.make_plan(reports=["framing"], user_params=[("scheme", "policy")], corpus_dir=built_corpus, out_dir=tmp_path)
    assert whole.table_options["scheme"] == "policy"
    m = hashing.Manifest(tmp_path)
    m.record("tables", [], options=whole.table_options)
    again = plan.make_plan(reports=["framing"], only=[SAMPLE], corpus_dir=built_corpus, out_dir=tmp_path, manifest=m)
    assert again.table_options["scheme"] == "policy"


def test_a_researchers_file_parameter_is_found_and_its_edits_rerun_the_reports(tmp_path, built_corpus, monkeypatch):
    """-p with a relative path names the file where the command runs (the kernel runs in notebooks/),
    and the file's content (and a scheme's weights table) is part of the run key: editing it re-runs
    the reports that read it, and the corpus report follows the scheme of the tables."""
    monkeypatch.chdir(tmp_path)
    scheme = tmp_path / "mine" / "housing.csv"
    scheme.parent.mkdir()
    scheme.write_text((config.LEXICON_DIR / "frames" / "generic.csv").read_text(encoding="utf-8"), encoding="utf-8")
    kw = dict(reports=["framing", "corpus"], corpus_dir=built_corpus, out_dir=tmp_path / "out")
    first = plan.make_plan(user_params=[("scheme", "mine/housing.csv")], **kw)
    by = {j.report: j for j in first.jobs if j.article_id in (SEED, None)}
    assert by["framing"].parameters["scheme"] == str(scheme.resolve())
    assert first.table_options["scheme"] == str(scheme.resolve())
    scheme.write_text(scheme.read_text(encoding="utf-8").replace("# version: ", "# version: 9"), encoding="utf-8")
    edited = plan.make_plan(user_params=[("scheme", "mine/housing.csv")], **kw)
    again = {j.report: j for j in edited.jobs if j.article_id in (SEED, None)}
    assert again["framing"].run_key != by["framing"].run_key
    assert again["corpus"].run_key != by["corpus"].run_key
    # a scheme's weights table counts too
    (scheme.parent / "w.csv").write_text("feature,a\nbias,0\n", encoding="utf-8")
    digests = plan.file_parameter_digests({"scheme": str(scheme.resolve())})
    assert list(digests) == [str(scheme.resolve())]
    scheme.write_text("# weights: w.csv\n" + scheme.read_text(encoding="utf-8"), encoding="utf-8")
    assert str((scheme.parent / "w.csv").resolve()) in plan.file_parameter_digests({"scheme": str(scheme.resolve())})
    # the corpus report also follows a change of bundled scheme
    policy = plan.make_plan(user_params=[("scheme", "policy")], **kw)
    generic = plan.make_plan(**kw)
    corpus_key = lambda p: next(j.run_key for j in p.jobs if j.report == "corpus")  # noqa: E731
    assert corpus_key(policy) != corpus_key(generic)


# --------------------------------------------------------------------------- machinery, on tiny notebooks
PARAMS = f'article_id: str = "{SEED}"  # the article\ncorpus_dir: str = ""  # corpus folder, empty for the project corpus'


def toy_notebooks(folder: Path, fail_for: str | None = None, sleep: float = 0.0) -> Path:
    """Write tiny framing/sentiment/quotes/corpus notebooks; ``framing`` fails for ``fail_for``."""
    folder.mkdir(parents=True, exist_ok=True)
    body = ["from newsdesk import corpus\nimport matplotlib.pyplot as plt\n"
            "art = corpus.get_article(article_id, corpus_dir or None)\nprint(art.title)",
            f"import time\ntime.sleep({sleep})",
            "fig, ax = plt.subplots(figsize=(3, 2)); ax.bar(['words'], [art.word_count]); plt.show()"]
    for name in ["framing", "sentiment", "quotes", "corpus"]:
        nb = nbformat.v4.new_notebook()
        params = 'corpus_dir: str = ""  # corpus folder' if name == "corpus" else PARAMS
        cell = nbformat.v4.new_code_cell(params)
        cell.metadata["tags"] = ["parameters"]
        cells = ["from newsdesk import corpus\nlen(corpus.article_ids(corpus_dir or None))"] if name == "corpus" else list(body)
        if name == "framing" and fail_for:
            cells.append(f"if article_id == {fail_for!r}:\n    raise ValueError('planted failure for ' + article_id)")
        nb.cells = [nbformat.v4.new_markdown_cell(f"# {name}"), cell] + [nbformat.v4.new_code_cell(c) for c in cells]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, folder / f"{name}.ipynb")
    return folder


def test_a_failing_report_keeps_its_log_and_error_page_and_the_batch_goes_on(tmp_path, built_corpus, monkeypatch):
    monkeypatch.setattr(hashing, "code_digest", lambda modules=None, lexicons=None: "code")  # others may edit lib/ meanwhile
    nbs = toy_notebooks(tmp_path / "nbs", fail_for=SAMPLE)
    out = tmp_path / "out"
    p, outcome = reports.build(only=[SEED, SAMPLE], reports=["framing", "quotes"], out_dir=out,
                               notebooks_dir=nbs, corpus_dir=built_corpus, jobs=2)
    assert list(outcome.failed) == [f"{SAMPLE}/framing"]
    assert "ValueError: planted failure for wikinews_crane" in outcome.failed[f"{SAMPLE}/framing"]
    assert sorted(outcome.ran) == sorted(j.key for j in p.jobs)
    nb = nbformat.read(out / SAMPLE / "framing.ipynb", as_version=4)
    assert any(o.output_type == "error" for c in nb.cells for o in c.get("outputs", []))
    page = (out / SAMPLE / "framing.html").read_text()
    assert "This report failed" in page and "planted failure" in page
    assert "This report failed" not in (out / SEED / "framing.html").read_text()
    assert 'nd-failed">framing (failed)' in (out / "index.html").read_text().replace('class="nd-report-framing ', 'class="')
    assert "failed wikinews_crane/framing" in reports.summary(p, outcome)
    # the next run retries the failure only
    p, outcome = reports.build(only=[SEED, SAMPLE], reports=["framing", "quotes"], out_dir=out, notebooks_dir=nbs, corpus_dir=built_corpus, jobs=1)
    assert outcome.ran == [f"{SAMPLE}/framing"] and len(outcome.skipped) == 3


def test_exit_status_is_nonzero_when_a_report_failed(tmp_path, built_corpus, monkeypatch):
    nbs = toy_notebooks(tmp_path / "nbs", fail_for=SAMPLE)
    monkeypatch.setattr(config, "notebooks_dir", lambda: nbs)
    assert main(["reports", "--only", SAMPLE, "--notebooks", "framing", "--corpus", str(built_corpus),
                 "--out", str(tmp_path / "o"), "-q", "-j", "1"]) == 1


def test_reruns_follow_the_dependencies(tmp_path, built_corpus, monkeypatch):
    monkeypatch.setattr(hashing, "code_digest", lambda modules=None, lexicons=None: "code")  # others may edit lib/ meanwhile
    nbs = toy_notebooks(tmp_path / "nbs")
    out = tmp_path / "out"
    build = lambda **kw: reports.build(only=[SEED, SAMPLE], reports=["sentiment", "quotes"], out_dir=out,  # noqa: E731
                                       notebooks_dir=nbs, corpus_dir=built_corpus, jobs=2, **kw)[1]
    assert len(build().ran) == 4
    # a notebook edit re-runs that report for every article, nothing else
    nb = nbformat.read(nbs / "quotes.ipynb", as_version=4)
    nb.cells[0].source += "\nEdited."
    nbformat.write(nb, nbs / "quotes.ipynb")
    o = build()
    assert sorted(o.ran) == [f"{SEED}/quotes", f"{SAMPLE}/quotes"] and len(o.skipped) == 2
    # a deleted page is re-rendered from the kept executed notebook, not re-run
    (out / SAMPLE / "sentiment.html").unlink()
    o = build()
    assert o.rendered == [f"{SAMPLE}/sentiment"] and o.ran == []
    # --force re-runs everything
    assert len(build(force=True).ran) == 4


def test_run_key_changes_with_each_dependency(tmp_path):
    base = dict(parts=["article", "notebook", "code", {"pandas": "3"}], parameters={"article_id": "a"})
    keys = {hashing.digest(base)}
    for change in [dict(parts=["article2", "notebook", "code", {"pandas": "3"}]),
                   dict(parts=["article", "notebook2", "code", {"pandas": "3"}]),
                   dict(parts=["article", "notebook", "code2", {"pandas": "3"}]),
                   dict(parts=["article", "notebook", "code", {"pandas": "4"}]),
                   dict(parameters={"article_id": "a", "scheme": "policy"})]:
        keys.add(hashing.digest({**base, **change}))
    assert len(keys) == 6
    lex = config.LEXICON_DIR
    assert any(lex.iterdir())  # lexicons are part of the code digest
    assert hashing.tree_digest(config.PACKAGE_DIR, exclude=("templates",)) == hashing.code_digest()


def test_killed_run_leaves_whole_files_and_the_next_run_finishes(tmp_path, built_corpus, monkeypatch):
    monkeypatch.setattr(hashing, "code_digest", lambda modules=None, lexicons=None: "code")  # others may edit lib/ meanwhile
    nbs = toy_notebooks(tmp_path / "nbs", sleep=1.0)
    out = tmp_path / "out"
    env = {**os.environ, "NEWSDESK_ROOT": str(config.project_root())}
    cmd = [sys.executable, "-c", "import sys; from newsdesk.cli import main; "
           "from newsdesk import config; from newsdesk.pipeline import hashing; from pathlib import Path; "
           "hashing.code_digest = lambda modules=None, lexicons=None: 'code'; "
           f"config.notebooks_dir = lambda: Path({str(nbs)!r}); sys.exit(main(sys.argv[1:]))",
           "reports", "--only", SEED, SAMPLE, "--notebooks", "framing,sentiment,quotes", "--corpus", str(built_corpus),
           "--out", str(out), "-q", "-j", "2"]
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.time() + 90
    manifest = out / ".newsdesk" / "manifest.json"
    def a_report_recorded() -> bool:  # an entry "ARTICLE/REPORT" (the text elsewhere may hold a "/" too)
        with contextlib.suppress(OSError, ValueError):
            return any("/" in key for key in json.loads(manifest.read_text())["entries"])
        return False

    while time.time() < deadline:  # kill as soon as the first report is recorded
        if a_report_recorded():
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    finished = [p for p in out.rglob("*.ipynb")]
    assert finished, "nothing finished before the kill"
    for p in finished:
        nbformat.read(p, as_version=4)  # whole JSON
    for p in out.rglob("*.html"):
        assert p.read_text().rstrip().endswith("</html>")
    p, outcome = reports.build(only=[SEED, SAMPLE], reports=["framing", "sentiment", "quotes"], out_dir=out,
                               notebooks_dir=nbs, corpus_dir=built_corpus, jobs=2)
    assert outcome.ok and len(outcome.ran) + len(outcome.skipped) == 6 and outcome.skipped
    assert not list(out.rglob(".*.tmp"))


def test_dask_cluster_runs_the_same_tasks(tmp_path, built_corpus):
    from distributed import LocalCluster
    from jupyter_core.utils import run_sync

    async def one():
        return 1

    # as after any earlier papermill call in this process: jupyter_core's loop is set in the
    # main context, which Dask copies into its worker threads (two threads, one loop = error)
    assert run_sync(one)() == 1
    nbs = toy_notebooks(tmp_path / "nbs")
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        p, outcome = reports.build(only=[SEED, SAMPLE], reports=["quotes"], out_dir=tmp_path / "out",
                                   notebooks_dir=nbs, corpus_dir=built_corpus, scheduler=cluster.scheduler_address)
    assert outcome.ok and sorted(outcome.ran) == [f"{SEED}/quotes", f"{SAMPLE}/quotes"]
    nb = nbformat.read(tmp_path / "out" / SAMPLE / "quotes.ipynb", as_version=4)
    assert "At least 107 killed" in "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))


# --------------------------------------------------------------------------- escaping and units
HOSTILE = '<script>alert("x")</script> and <img src=x onerror=alert(1)>'


def test_article_text_is_escaped_in_reports_and_index(tmp_path):
    from newsdesk import corpus

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "hostile.txt").write_text(f"Headline {HOSTILE}\n\n“We said {HOSTILE},” Mayor Ann Lee said. "
                                       f"It was a terrible, awful day.\n", encoding="utf-8")
    cdir = tmp_path / "corpus"
    corpus.ingest([seeds], cdir)
    aid = corpus.article_ids(cdir)[0]
    out = tmp_path / "out"
    p, outcome = reports.build(only=[aid], reports=["quotes"], corpus_dir=cdir, out_dir=out, jobs=1)
    assert outcome.ok, outcome.failed
    for page in [out / aid / "quotes.html", out / "index.html"]:
        html = page.read_text()
        assert "&lt;script&gt;alert" in html, page
        assert "<script>alert" not in html and "<img src=x" not in html and "<img src=\"x\"" not in html, page


@pytest.mark.parametrize("text, kind, expected", [
    ("3", "int", 3), ("2.5", "float", 2.5), ("yes", "bool", True), ("off", "bool", False),
    ("policy", "str", "policy"), ("[1, 2]", None, [1, 2]), ("plain words", None, "plain words"),
])
def test_parse_value(text, kind, expected):
    assert plan.parse_value(text, kind) == expected


@pytest.mark.parametrize("licence, needed", [
    ("CC BY 2.5", True), ("CC-BY-SA 4.0", True), ("Public domain (US federal government work)", False), (None, False),
])
def test_attribution_only_where_the_licence_needs_it(licence, needed):
    text = render.attribution_text(licence, "Wikinews contributors", changes="headline moved")
    assert (text is not None) == needed
    if needed:
        assert "Wikinews contributors" in text and "creativecommons.org/licenses/by" in text and "Changed:" in text


def test_footer_escapes_everything():
    html = render.footer_html(render.ReportMeta(report="q", parameters={"article_id": "<b>"}, title="<i>",
                                                attribution="(c) <script>"))
    assert "<b>" not in html and "<script>" not in html and "&lt;script&gt;" in html


def test_warm_code_imports_without_binding_names():
    ns: dict = {}
    exec(warm_code(["json", "no_such_module_here"]), ns)
    assert set(ns) <= {"__builtins__"}


def test_imported_modules_of_a_notebook(tmp_path):
    nbs = toy_notebooks(tmp_path)
    mods = plan.imported_modules(nbs / "quotes.ipynb")
    assert {"newsdesk", "newsdesk.corpus", "matplotlib.pyplot", "time"} <= set(mods)


def test_stale_temp_files_are_removed(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / ".quotes.html.x1y2.tmp").write_text("half")
    (tmp_path / "a" / "quotes.html").write_text("whole")
    assert runner.remove_stale_temps(tmp_path) == 1
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["quotes.html"]


@pytest.mark.parametrize("fork", [True, False])
def test_every_notebook_gets_a_fresh_kernel_and_namespace(fork):
    from newsdesk.pipeline import engine

    def nb(*cells):
        n = nbformat.v4.new_notebook()
        n.cells = [nbformat.v4.new_code_cell(c) for c in cells]
        n.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        return n

    pool = engine.KernelPool(warm=["json", "pandas"], fork=fork)
    try:
        first, err = engine.execute(nb("import os, json\nleak = 1\njson.leak_marker = 1\nprint(os.getpid())"), {}, pool)
        assert err is None
        second, err = engine.execute(nb("import os, json\nprint(os.getpid())",
                                        "print(sorted(k for k in dir() if not k.startswith('_')))",
                                        "print(hasattr(json, 'leak_marker'))",
                                        "import matplotlib.pyplot as plt\nplt.plot([1, 2]); plt.show()",
                                        "import pandas as pd\ndel pd\nprint(__import__('pandas').get_option('display.max_columns'))"),
                                     {}, pool)
        assert err is None
    finally:
        pool.close()
    out = [o for c in second.cells for o in c.outputs]
    pid1 = first.cells[0].outputs[0].text.strip()
    assert out[0].text.strip() != pid1  # another process
    assert out[1].text.strip() == "['In', 'Out', 'exit', 'get_ipython', 'json', 'open', 'os', 'quit']"
    assert out[2].text.strip() == "False"  # module state did not leak either
    assert "image/png" in out[3].data  # the inline backend works in a pre-started kernel
    assert out[4].text.strip() == "20"  # pandas configured as when imported in a kernel (display width)


def test_reports_depend_only_on_the_code_they_import(tmp_path, monkeypatch):
    framing = {p.name for p in hashing.module_files(["newsdesk.framing"])}
    quotes = {p.name for p in hashing.module_files(["newsdesk.quotes"])}
    assert "framing.py" in framing and "quotes.py" not in framing
    assert {"quotes.py", "cues.py", "speakers.py", "quotemarks.py"} <= quotes and "framing.py" not in quotes
    # on a toy package: a lazy import counts, an unrelated module does not, lexicons always do
    pkg = tmp_path / "newsdesk"
    (pkg / "lexicons").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("def f():\n    from . import b\n    return b.x\n")
    (pkg / "b.py").write_text("x = 1\n")
    (pkg / "c.py").write_text("y = 1\n")
    (pkg / "lexicons" / "words.txt").write_text("good\n")
    monkeypatch.setattr(config, "PACKAGE_DIR", pkg)
    monkeypatch.setattr(config, "LEXICON_DIR", pkg / "lexicons")
    key = lambda: hashing.code_digest(["newsdesk.a"])  # noqa: E731
    k0 = key()
    (pkg / "c.py").write_text("y = 2\n")
    assert key() == k0
    (pkg / "b.py").write_text("x = 2\n")
    k1 = key()
    assert k1 != k0
    (pkg / "lexicons" / "words.txt").write_text("good\nbad\n")
    assert key() != k1

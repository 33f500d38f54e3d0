"""Run a ``Plan``: workers (local processes or a Dask cluster), progress bar, atomic writes.

The client sends each stale report to a worker as a ``ReportTask`` and writes what
comes back: the executed notebook and its page, each written to a temporary file and
renamed, then the manifest (also write-then-rename). Meanwhile it computes the tables
(cheap) itself, writes ``outputs/tables/``, then sends the corpus report, which reads
them. A failing report does not stop the batch; Ctrl-C or a kill leaves only whole
files, and the next run picks up what is missing.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import atomic
from . import hashing
from .plan import CORPUS_REPORT, Job, Plan, file_parameter_digests
from .worker import ReportResult, ReportTask, run_task


@dataclass
class Outcome:
    """What a run did, for the summary and the exit status."""

    ran: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    tables_written: bool = False
    index_written: bool = False
    removed: list[str] = field(default_factory=list)  # reports of articles no longer in the corpus
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed


# --------------------------------------------------------------------------- executors
class _LocalExecutor:
    """N worker processes (forkserver: clean processes that keep their kernel pool)."""

    def __init__(self, n: int) -> None:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["newsdesk.pipeline.worker"])
        self.pool = ProcessPoolExecutor(max_workers=n, mp_context=ctx)

    def submit(self, task: ReportTask):
        return self.pool.submit(run_task, task)

    def as_completed(self, futures) -> Iterator[Any]:
        from concurrent.futures import as_completed

        yield from as_completed(list(futures))

    def close(self, cancel: bool = False) -> None:
        if cancel:
            procs = list(getattr(self.pool, "_processes", {}).values())
            self.pool.shutdown(wait=False, cancel_futures=True)
            for p in procs:  # their kernels notice the parent is gone and exit
                with contextlib.suppress(Exception):
                    p.terminate()
        else:
            self.pool.shutdown(wait=True)


class _DaskExecutor:
    """The same tasks on a Dask distributed cluster (``tcp://HOST:PORT``, or ``local``)."""

    def __init__(self, address: str, n: int) -> None:
        from distributed import Client, LocalCluster

        self.cluster = None
        if address == "local":
            self.cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                        dashboard_address=None, silence_logs=40)
            address = self.cluster.scheduler_address
        self.client = Client(address, set_as_default=False)

    def submit(self, task: ReportTask):
        return self.client.submit(run_task, task, pure=False, key=f"newsdesk-{task.key}-{time.monotonic_ns()}")

    def as_completed(self, futures) -> Iterator[Any]:
        import distributed

        yield from distributed.as_completed(list(futures), loop=self.client.loop)

    def close(self, cancel: bool = False) -> None:
        with contextlib.suppress(Exception):
            self.client.close()
        if self.cluster is not None:
            with contextlib.suppress(Exception):
                self.cluster.close()


# --------------------------------------------------------------------------- the run
def remove_stale_temps(out_dir: Path) -> int:
    """Delete temporary files left by a killed run (``.<name>.<random>.tmp``) anywhere
    under ``out_dir``; return how many."""
    return len(atomic.remove_stale_temp_files(out_dir, recursive=True))


def _task(plan: Plan, job: Job) -> ReportTask:
    executed = job.ipynb.read_text(encoding="utf-8") if job.action == "render" else None
    return ReportTask(
        key=job.key, notebook_json=job.notebook.read_text(encoding="utf-8"), parameters=job.parameters,
        meta=job.meta, show_code=plan.show_code, execute=job.action == "run", executed_json=executed,
        cwd=str(job.notebook.parent), warm=plan.warm,
    )


def _store(job: Job, res: ReportResult, manifest: hashing.Manifest, outcome: Outcome) -> None:
    if res.nb_json is not None:
        atomic.write_text(job.ipynb, res.nb_json)
    atomic.write_text(job.html, res.html or "")
    status = "ok" if res.ok else "failed"
    manifest.record(job.key, [job.ipynb, job.html], run_key=job.run_key, render_key=job.render_key,
                    status=status, error=res.error, seconds=round(res.seconds, 3), worker=res.worker)
    manifest.save()
    (outcome.ran if job.action == "run" else outcome.rendered).append(job.key)
    if not res.ok:
        outcome.failed[job.key] = res.error or "failed"


def run(plan: Plan, *, jobs: int = 0, scheduler: str | None = None, quiet: bool = False,
        manifest: hashing.Manifest | None = None, log=None) -> Outcome:
    """Build everything stale in ``plan``; return the ``Outcome`` (never raises for a failed report)."""
    t0 = time.perf_counter()
    log = log or (lambda msg: print(msg, file=sys.stderr))
    manifest = manifest or hashing.Manifest(plan.out_dir)
    outcome = Outcome(skipped=[j.key for j in plan.jobs if j.action == "skip"])
    remove_stale_temps(plan.out_dir)
    todo = plan.todo()
    article_jobs = [j for j in todo if j.report != CORPUS_REPORT]
    corpus_jobs = [j for j in todo if j.report == CORPUS_REPORT]

    executor = None
    if todo:
        n = jobs if jobs > 0 else (os.cpu_count() or 1)
        n = max(1, min(n, len(todo)))
        executor = _DaskExecutor(scheduler, n) if scheduler else _LocalExecutor(n)
    bar = _progress(len(todo), quiet)
    try:
        futures: dict[Any, Job] = {}
        if executor:
            for j in article_jobs:
                futures[executor.submit(_task(plan, j))] = j
        # tables and summaries: cheap, computed here while the workers run the notebooks
        summaries = build_tables(plan, manifest, outcome)
        if executor:
            for j in corpus_jobs:
                futures[executor.submit(_task(plan, j))] = j
            for fut in executor.as_completed(list(futures)):
                job = futures[fut]
                try:
                    res = fut.result()
                except Exception as exc:  # the worker process died
                    res = ReportResult(job.key, False, f"worker lost: {type(exc).__name__}: {exc}", None,
                                       _lost_page(job.key, exc), 0.0)
                _store(job, res, manifest, outcome)
                if bar is not None:
                    bar.update(1)
                    bar.set_postfix_str(job.key[-40:])
        remove_gone_articles(plan, manifest, outcome)
        write_index(plan, manifest, summaries, outcome)
    except BaseException:
        if executor:
            executor.close(cancel=True)
            executor = None
        raise
    finally:
        if bar is not None:
            bar.close()
        if executor:
            executor.close()
    outcome.seconds = time.perf_counter() - t0
    return outcome


def remove_gone_articles(plan: Plan, manifest: hashing.Manifest, outcome: Outcome) -> None:
    """Delete the report files this pipeline wrote for articles that have left the corpus (a folder
    dropped from ``SEEDS``, a file deleted from seeds/): their pages are no longer in the index and
    must not be shared as current. Only the files the manifest records are removed (and the
    article's folder when that leaves it empty); anything else a researcher put there stays."""
    ids = {a.id for a in plan.articles}
    gone = sorted(k for k in manifest.entries if "/" in k and k.split("/", 1)[0] not in ids)
    for key in gone:
        folder = plan.out_dir / key.split("/", 1)[0]
        for name in manifest.entries[key].get("outputs", {}):
            with contextlib.suppress(FileNotFoundError):
                (folder / name).unlink()
        del manifest.entries[key]
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when empty
        outcome.removed.append(key)
    if gone:
        manifest.save()


def _lost_page(key: str, exc: BaseException) -> str:
    import html

    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{html.escape(key)}: failed</title></head>"
            f"<body><h1>{html.escape(key)}: the worker running this report was lost</h1>"
            f"<pre>{html.escape(repr(exc))}</pre></body></html>")


def _progress(total: int, quiet: bool):
    if quiet or not total:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc="reports", unit="report", file=sys.stderr, dynamic_ncols=True,
                disable=None)  # None: off when stderr is not a terminal


# --------------------------------------------------------------------------- tables and index
def _cache_path(plan: Plan, article_id: str) -> Path:
    return plan.out_dir / hashing.STATE_DIR / "tables" / f"{article_id}.pkl"


def build_tables(plan: Plan, manifest: hashing.Manifest, outcome: Outcome) -> dict[str, dict[str, Any]]:
    """Compute (or load from cache) every article's tables; write ``outputs/tables/`` if changed.

    Returns the index summary row of every article.
    """
    opts = plan.table_options
    made_with = [opts, file_parameter_digests(opts)]  # a researcher's scheme or override file, by content
    keys = {a.id: hashing.digest([plan.article_keys[a.id], plan.code_key, plan.versions, made_with]) for a in plan.articles}
    tables_key = hashing.digest(sorted(keys.items()))
    tdir = plan.out_dir / "tables"
    entry = manifest.entries.get("tables", {})
    names = entry.get("names", [])
    outputs = [tdir / f"{n}.{ext}" for n in names for ext in ("csv", "parquet")]
    if entry.get("status") == "ok" and entry.get("run_key") == tables_key and manifest.is_current("tables", tables_key, outputs):
        return entry.get("summaries", {})

    from . import tables

    parts: list[dict[str, Any]] = []
    summaries: dict[str, dict[str, Any]] = {}
    failed: dict[str, str] = {}
    for a in plan.articles:
        cache = _cache_path(plan, a.id)
        got = None
        with contextlib.suppress(Exception):
            data = pickle.loads(cache.read_bytes())
            if data["key"] == keys[a.id]:
                got = data
        if got is None:
            try:
                frames = tables.article_tables(a, **opts)
                got = {"key": keys[a.id], "tables": frames, "summary": tables.summary_row(a, frames)}
            except Exception as exc:  # one bad article must not sink the batch
                failed[a.id] = f"{type(exc).__name__}: {exc}"
                outcome.failed[f"tables/{a.id}"] = failed[a.id]
                continue
            atomic.write_bytes(cache, pickle.dumps(got, protocol=pickle.HIGHEST_PROTOCOL))
        parts.append(got["tables"])
        summaries[a.id] = got["summary"]
    combined = tables.combine(parts)
    combined["articles"] = tables.summary_frame(summaries.values())
    written = tables.write_tables(combined, tdir)
    manifest.record("tables", written, run_key=tables_key, status="failed" if failed else "ok",
                    names=sorted({p.stem for p in written}), summaries=summaries, errors=failed, options=opts)
    manifest.save()
    outcome.tables_written = True
    return summaries


def write_index(plan: Plan, manifest: hashing.Manifest, summaries: dict[str, dict[str, Any]], outcome: Outcome) -> None:
    """Write ``outputs/index.html`` unless it is already current."""
    from . import index
    from .plan import ARTICLE_REPORTS

    reports = sorted({j.report for j in plan.jobs if j.report != CORPUS_REPORT} | _reports_on_disk(manifest),
                     key=lambda r: ARTICLE_REPORTS.index(r) if r in ARTICLE_REPORTS else 99)
    rows = []
    for a in plan.articles:
        row = dict(summaries.get(a.id) or {"id": a.id, "title": a.title, "source": a.source, "date": a.date})
        links = []
        for r in reports:
            e = manifest.entries.get(f"{a.id}/{r}")
            status = "missing" if not e or not (plan.out_dir / a.id / f"{r}.html").is_file() else e.get("status", "ok")
            links.append({"name": r, "href": f"{a.id}/{r}.html", "status": status})
        row["reports"] = links
        rows.append(row)
    ce = manifest.entries.get(CORPUS_REPORT)
    corpus_status = "missing" if not ce else ce.get("status", "ok")
    cc = sorted({j.meta.attribution for j in plan.jobs if j.report == CORPUS_REPORT and j.meta.attribution})
    if not cc:
        from .render import attribution_text, changes_note

        cc = sorted({attribution_text(a.licence, a.attribution, (a.extra or {}).get("licence_url"),
                                      changes=changes_note(a.extra)) or "" for a in plan.articles} - {""})
    versions = next((j.meta.versions for j in plan.jobs), {})
    skipped = index.ingest_skips(plan.corpus_dir)
    key = hashing.digest([rows, plan.corpus_hash, versions, cc, corpus_status, hashing.template_digest(), plan.table_options,
                          skipped])
    path = plan.out_dir / "index.html"
    if manifest.is_current("index", key, [path]):
        return
    atomic.write_text(path, index.index_html(rows, corpus_hash=plan.corpus_hash, versions=versions,
                                              attributions=cc, corpus_status=corpus_status, options=plan.table_options,
                                              skipped=skipped))
    manifest.record("index", [path], run_key=key, status="ok")
    manifest.save()
    outcome.index_written = True


def _reports_on_disk(manifest: hashing.Manifest) -> set[str]:
    return {k.split("/", 1)[1] for k in manifest.entries if "/" in k}

"""The unit of work a local process or a Dask worker runs: one report.

Tasks carry everything by value (the notebook JSON, the parameters, the page
metadata) and results come back by value (executed notebook, HTML): workers
write nothing under ``outputs/``, the client writes every file atomically. A Dask
worker therefore needs ``newsdesk`` installed and the corpus at the same path, but no
shared ``outputs/`` folder.
"""

from __future__ import annotations

import contextvars
import os
import threading
import time
import traceback
from dataclasses import dataclass, field
from typing import Any

from .render import ReportMeta


@dataclass
class ReportTask:
    """Run (or only re-render) one report notebook."""

    key: str
    notebook_json: str
    parameters: dict[str, Any]
    meta: ReportMeta
    show_code: bool = False
    execute: bool = True
    executed_json: str | None = None  # render-only: the kept executed notebook
    cwd: str | None = None
    kernel_name: str = "python3"
    warm: list[str] = field(default_factory=list)
    timeout: int | None = 600


@dataclass
class ReportResult:
    """What came back from a ``ReportTask``."""

    key: str
    ok: bool
    error: str | None
    nb_json: str | None
    html: str | None
    seconds: float
    worker: str = ""


_local = threading.local()


def run_task(task: ReportTask) -> ReportResult:
    """Run (or re-render) one report in this process; never raises for a failing report.

    Each thread runs its tasks in a context of its own: jupyter_core keeps the event loop
    of its sync wrappers in a context variable, and a thread pool that copies the caller's
    context into every task (Dask does) would otherwise hand one loop to two threads.
    """
    ctx = getattr(_local, "ctx", None)
    if ctx is None:
        ctx = _local.ctx = contextvars.Context()
    return ctx.run(_run_report, task)


def _run_report(task: ReportTask) -> ReportResult:
    t0 = time.perf_counter()
    from . import fastimport

    fastimport.apply()
    import nbformat

    from . import render

    nb_json = html = None
    error: str | None = None
    try:
        if task.execute:
            from . import engine

            nb = nbformat.reads(task.notebook_json, as_version=4)
            pool = engine.pool_for(task.kernel_name, task.warm, task.cwd)
            nb, error = engine.execute(nb, task.parameters, pool, timeout=task.timeout)
            nb.metadata.setdefault("newsdesk", {}).update(
                {"report": task.meta.report, "article_id": task.meta.article_id, "parameters": task.parameters,
                 "error": error})
        else:
            nb = nbformat.reads(task.executed_json or "", as_version=4)
            error = nb.metadata.get("newsdesk", {}).get("error")
        nb_json = nbformat.writes(nb)
        html = render.render(nb, task.meta, show_code=task.show_code or bool(error), error=error)
    except Exception as exc:  # a broken notebook file, the renderer ... : keep the batch going
        error = f"{type(exc).__name__}: {exc}"
        html = _fallback_page(task, traceback.format_exc())
    return ReportResult(task.key, error is None, error, nb_json, html, time.perf_counter() - t0, _who())


def _fallback_page(task: ReportTask, tb: str) -> str:
    import html as _h

    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            f"<title>{_h.escape(task.key)}: failed</title></head><body><h1>{_h.escape(task.key)}: the report failed</h1>"
            f"<pre>{_h.escape(tb)}</pre></body></html>")


def _who() -> str:
    return f"{os.uname().nodename}:{os.getpid()}"

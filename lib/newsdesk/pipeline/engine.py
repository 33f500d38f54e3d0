"""Worker side of the pipeline: pre-started kernels and a papermill engine that uses them.

Every notebook still runs in a **fresh kernel** (a new process, an empty namespace);
what is saved is the wait and the repeated imports. Each worker keeps one spare kernel
starting in the background while the current notebook runs. On POSIX the kernels are
forked from a per-worker *zygote* that imported ipykernel, pandas, matplotlib and the
newsdesk modules the notebooks use, once (see ``zygote``); elsewhere, or with
``NEWSDESK_FORK_KERNELS=0``, they are ordinary kernel processes that do those imports
at start-up through ``exec_lines`` binding no name. Either way the user namespace is as
empty as in a kernel started by stock papermill.

The engine is registered with papermill as ``newsdesk``; ``execute`` calls
``papermill.execute_notebook`` with it and returns the executed notebook even when a
cell failed (stock papermill raises after writing it to disk).

>>> pool = KernelPool(warm=["json"])        # doctest: +SKIP
>>> nb, error = execute(notebook_node, {"article_id": "x"}, pool)  # doctest: +SKIP
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
import threading
import uuid
from collections.abc import Sequence
from typing import Any

from . import fastimport

fastimport.apply()

import nbformat  # noqa: E402
from jupyter_client import KernelManager  # noqa: E402
from papermill.clientwrap import PapermillNotebookClient  # noqa: E402
from papermill.engines import NBClientEngine, papermill_engines  # noqa: E402
from papermill.exceptions import PapermillExecutionError  # noqa: E402
from papermill.utils import merge_kwargs, remove_args  # noqa: E402

ENGINE_NAME = "newsdesk"


def warm_code(modules: Sequence[str]) -> str:
    """Return one statement importing ``modules`` without binding any name in the kernel.

    Import errors are ignored here: the notebook's own import reports them.

    >>> exec(warm_code(["json"]), {}) is None
    True
    """
    body = "import importlib\nfor m in %r:\n    try:\n        importlib.import_module(m)\n    except Exception:\n        pass\n" % (
        list(modules),
    )
    return f"exec({body!r}, {{}})"


class KernelPool:
    """Hands out fresh, pre-started kernels; one spare boots while the current one works.

    ``take()`` returns a started ``KernelManager`` nobody has used and starts the next
    spare; ``release(km)`` kills the used kernel; ``close()`` stops the spares and the zygote.
    """

    def __init__(self, kernel_name: str = "python3", warm: Sequence[str] = (), spare: int = 1,
                 cwd: str | None = None, fork: bool | None = None) -> None:
        self.kernel_name = kernel_name
        self.cwd = cwd
        self.warm = list(warm)
        self.spare = spare
        self._ready: list[KernelManager] = []
        self._lock = threading.Lock()
        # ipc socket paths are relative to each process's cwd unless absolute: keep them here
        self._ipc_dir = tempfile.mkdtemp(prefix="newsdesk-ipc-")
        self._count = 0
        self._zygote = None
        if fork is None:
            fork = os.name == "posix" and os.environ.get("NEWSDESK_FORK_KERNELS", "1") != "0"
        if fork and kernel_name == "python3":
            from .zygote import Zygote

            self._zygote = Zygote(["pandas", "matplotlib.pyplot", *self.warm])
        self._fill()

    def _start(self) -> KernelManager:
        self._count += 1
        km = KernelManager(kernel_name=self.kernel_name, transport="ipc",
                           ip=os.path.join(self._ipc_dir, f"k{self._count}"))
        cwd = {"cwd": self.cwd} if self.cwd else {}
        if self._zygote is not None:
            from .zygote import ZygoteProvisioner

            if self._zygote.alive():
                km.kernel_id = str(uuid.uuid4())
                prov = ZygoteProvisioner(kernel_id=km.kernel_id, kernel_spec=km.kernel_spec, parent=km)
                prov.zygote = self._zygote
                km.provisioner = prov
                km.start_kernel(**cwd)
                return km
            self._zygote = None  # it died: fall back to plain kernels
        extra = [f"--IPKernelApp.exec_lines={[warm_code(self.warm)]!r}"] if self.warm else []
        km.start_kernel(extra_arguments=extra, **cwd)
        return km

    def _fill(self) -> None:
        while len(self._ready) < self.spare:
            self._ready.append(self._start())

    def take(self) -> KernelManager:
        """Return a started, never-used kernel manager and start its replacement."""
        with self._lock:
            km = self._ready.pop(0) if self._ready else self._start()
            if not km.is_alive():
                km = self._start()
            self._fill()
        return km

    @staticmethod
    def release(km: KernelManager) -> None:
        """Kill a used kernel now (SIGKILL: its notebook is done) and remove its files."""
        prov = km.provisioner
        proc = getattr(prov, "process", None)
        try:
            if proc is not None:
                proc.kill()
                proc.wait(timeout=5)
        except Exception:  # already gone
            pass
        try:
            km.cleanup_resources()
        except Exception:
            pass

    def close(self) -> None:
        """Kill the spare kernels."""
        with self._lock:
            for km in self._ready:
                try:
                    km.shutdown_kernel(now=True)
                except Exception:
                    pass
            self._ready.clear()
            if self._zygote is not None:
                self._zygote.close()
                self._zygote = None
        shutil.rmtree(self._ipc_dir, ignore_errors=True)


class PoolEngine(NBClientEngine):
    """papermill engine running each notebook in a kernel taken from a ``KernelPool``.

    Extra ``execute_notebook`` keywords: ``pool`` (the ``KernelPool``) and ``holder``
    (a dict that receives the notebook under ``"nb"`` so it survives a cell error).
    """

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                 stderr_file=None, start_timeout=60, execution_timeout=None, **kwargs):
        pool: KernelPool = kwargs.pop("pool")
        holder: dict = kwargs.pop("holder", {})
        holder["nb"] = nb_man.nb
        kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        final = merge_kwargs(
            kwargs,
            timeout=execution_timeout,
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log=logging.getLogger("papermill"),
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
        )
        km = pool.take()
        client = PapermillNotebookClient(nb_man, km=km, **final)
        try:
            return client.execute(cleanup_kc=False)
        finally:
            if client.kc is not None:
                try:
                    client.kc.stop_channels()
                except Exception:
                    pass
            pool.release(km)


papermill_engines.register(ENGINE_NAME, PoolEngine)

_local = threading.local()


def pool_for(kernel_name: str, warm: Sequence[str], cwd: str | None = None) -> KernelPool:
    """Return this thread's kernel pool (one per worker process, or per Dask thread)."""
    pool = getattr(_local, "pool", None)
    if pool is None or (pool.kernel_name, pool.cwd) != (kernel_name, cwd):
        if pool is not None:
            pool.close()
        pool = KernelPool(kernel_name, warm, cwd=cwd)
        _local.pool = pool
        _register_close(pool)
    return pool


def _register_close(pool: KernelPool) -> None:
    atexit.register(pool.close)
    try:  # worker processes of multiprocessing skip atexit; their finalizers run
        from multiprocessing import util

        util.Finalize(pool, pool.close, exitpriority=10)
    except Exception:
        pass


def execute(nb: nbformat.NotebookNode, parameters: dict[str, Any], pool: KernelPool,
            timeout: int | None = 600) -> tuple[nbformat.NotebookNode, str | None]:
    """Run ``nb`` with ``parameters`` through papermill; return ``(executed_nb, error)``.

    ``error`` is ``None`` on success, else a one-line description; the executed notebook
    then carries papermill's error markers (a banner cell and an anchor at the failing
    cell), exactly as ``papermill`` would have written it. The kernel runs in the pool's
    ``cwd`` (no ``chdir`` here: Dask may run several of these in threads of one process).
    """
    import papermill

    own = own_cell_ids(nb)
    holder: dict[str, Any] = {}
    try:
        out = papermill.execute_notebook(
            nb, None, parameters=parameters, engine_name=ENGINE_NAME, kernel_name=pool.kernel_name,
            progress_bar=False, execution_timeout=timeout, pool=pool, holder=holder,
        )
        return stable_added_ids(out, own), None
    except PapermillExecutionError as exc:
        return stable_added_ids(holder["nb"], own), f"{exc.ename}: {exc.evalue} (cell In [{exc.exec_count}])"
    except Exception as exc:  # kernel died, timeout ...
        got = holder.get("nb", nb)
        return stable_added_ids(got, own), f"{type(exc).__name__}: {exc}"


def own_cell_ids(nb: nbformat.NotebookNode) -> set[str]:
    """Give every cell of ``nb`` a deterministic id, in place; return the ids.

    nbformat 4.5 cells carry an ``id``; a notebook saved before 4.5 has none, and papermill
    upgrades it with *random* ids (and adds its injected-parameters and error-banner cells
    with random ids too), which end up in the executed notebook and in the page
    (``id="cell-id=..."``): two runs on the same input differed. Cells without an id (all
    cells of a pre-4.5 notebook) get ``cell-<position>``, and the notebook is marked 4.5 so
    papermill's upgrade leaves them alone; see ``stable_added_ids`` for the cells it adds.

    >>> nb = nbformat.reads('{"cells": [{"cell_type": "markdown", "metadata": {}, "source": "x"}], '
    ...                     '"metadata": {}, "nbformat": 4, "nbformat_minor": 4}', as_version=4)
    >>> sorted(own_cell_ids(nb)), nb.nbformat_minor
    (['cell-0'], 5)
    """
    old = nb.get("nbformat_minor", 0) < 5
    used = set() if old else {c["id"] for c in nb.cells if c.get("id")}
    for i, cell in enumerate(nb.cells):
        if old or not cell.get("id"):
            cell["id"] = _unique(f"cell-{i}", used)
        used.add(cell["id"])
    nb.nbformat_minor = max(nb.get("nbformat_minor", 0), 5)
    return used


def stable_added_ids(nb: nbformat.NotebookNode, own: set[str]) -> nbformat.NotebookNode:
    """Replace the random id of every cell papermill added (id not in ``own``) by
    ``<first tag>-<position>`` (``injected-parameters-2``); return ``nb``."""
    used = set(own)
    for i, cell in enumerate(nb.cells):
        if cell.get("id") not in own:
            tag = (cell.get("metadata", {}).get("tags") or ["cell"])[0]
            base = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "-" for ch in f"{tag}-{i}")
            cell["id"] = _unique(base[:56], used)
            used.add(cell["id"])
    return nb


def _unique(cid: str, used: set[str]) -> str:
    n, out = 1, cid
    while out in used:
        n += 1
        out = f"{cid}-{n}"
    return out

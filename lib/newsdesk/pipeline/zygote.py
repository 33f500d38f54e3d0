"""Fresh kernels forked from a process that has already imported the heavy modules.

Starting a kernel costs ~1.5 s of CPU, nearly all of it imports (ipykernel, pandas,
matplotlib, newsdesk). A *zygote* process does those imports once per worker; each
kernel is then ``fork()``-ed from it and starts ``IPKernelApp`` in the child. Every
notebook still gets its own process and a new, empty namespace (the zygote never runs
notebook code), so this is the stock papermill kernel, minus the repeated imports.

``ZygoteProvisioner`` plugs this into ``jupyter_client`` (and so into papermill and
nbclient unchanged); ``engine.KernelPool`` uses it on POSIX unless
``NEWSDESK_FORK_KERNELS=0``. The zygote exits when its worker goes away (its stdin
closes), and each kernel exits when its zygote does (ipykernel's parent poller).

Run as ``python -m newsdesk.pipeline.zygote '["pandas", ...]'`` (the pool does this).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from typing import Any

from jupyter_client.provisioning import LocalProvisioner

INLINE = "module://matplotlib_inline.backend_inline"


# --------------------------------------------------------------------------- zygote side
class _KernelLike:
    """What import-time probes see instead of "no IPython": a kernel (``.kernel`` set)."""

    kernel = True
    config: dict = {}


def serve(modules: list[str]) -> None:
    """The zygote: import ``modules``, then fork one kernel per request line on stdin."""
    os.environ.setdefault("MPLBACKEND", INLINE)  # what ipykernel sets; matplotlib reads it at import
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # no BLAS threads to lose across fork()
    import builtins
    import importlib

    import ipykernel.kernelapp  # noqa: F401

    # Some libraries look at their surroundings when imported: pandas, for one, picks its
    # display width from "am I in a Jupyter kernel?" (``get_ipython().kernel``). Answer as
    # a kernel would, so the forked kernels print exactly what a fresh kernel prints.
    builtins.get_ipython = lambda: _KernelLike()  # type: ignore[attr-defined]
    try:
        for m in modules:
            if m.startswith("matplotlib_inline"):
                continue  # its import wires the backend into the *running* IPython: the child must do it
            try:
                importlib.import_module(m)
            except Exception:
                pass
    finally:
        del builtins.get_ipython  # type: ignore[attr-defined]
    framing = sys.modules.get("newsdesk.framing")
    if framing is not None:
        try:  # the policy weights table takes ~0.5 s to read: once here, not once per forked kernel
            framing.warm_caches()
        except Exception:
            pass  # a broken scheme file is reported by the notebook that uses it
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped automatically
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    while True:
        line = sys.stdin.readline()
        if not line:  # the worker went away
            return
        req = json.loads(line)
        out.flush()
        pid = os.fork()
        if pid == 0:
            _child(req)
        out.write(f"{pid}\n")
        out.flush()


def _child(req: dict[str, Any]) -> None:
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)  # a kernel as papermill starts it,
        os.setpgid(0, 0)  # but out of the terminal's group: Ctrl-C stops the command, which ends its kernels
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)  # not the zygote's request pipe
        os.dup2(2, 1)  # nor its reply pipe
        os.chdir(req["cwd"])
        os.environ.update(req.get("env", {}))
        sys.stdin = open(os.devnull)
        sys.stdout = sys.__stdout__ = os.fdopen(1, "w", closefd=False)
        from ipykernel.kernelapp import IPKernelApp

        # parent_handle: exit when the zygote exits (its default was read at import, in the zygote)
        # (log level ERROR: no "Parent appears to have exited" warning per kernel when a run is stopped)
        IPKernelApp.launch_instance(argv=[*req["argv"], f"--IPKernelApp.parent_handle={os.getppid()}",
                                          "--IPKernelApp.log_level=ERROR"])
        code = 0
    finally:
        os._exit(code)


# --------------------------------------------------------------------------- worker side
class Zygote:
    """A running zygote process; ``spawn`` returns the pid of a new kernel process."""

    def __init__(self, modules: list[str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "newsdesk.pipeline.zygote", json.dumps(list(modules))],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
        )
        self._lock = threading.Lock()
        self._ready = False

    def spawn(self, argv: list[str], cwd: str, env: dict[str, str]) -> int:
        """Fork a kernel running ``IPKernelApp`` with ``argv`` (``-f CONNECTION_FILE ...``)."""
        with self._lock:
            if not self._ready:
                if self.proc.stdout.readline().strip() != "ready":
                    raise RuntimeError("kernel zygote failed to start")
                self._ready = True
            self.proc.stdin.write(json.dumps({"argv": argv, "cwd": cwd, "env": env}) + "\n")
            self.proc.stdin.flush()
            reply = self.proc.stdout.readline()
        if not reply.strip().isdigit():
            raise RuntimeError("kernel zygote died")
        return int(reply)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def close(self) -> None:
        """Stop the zygote (kernels already forked notice and exit)."""
        try:
            self.proc.stdin.close()
        except Exception:
            pass
        try:
            self.proc.wait(timeout=2)
        except Exception:
            self.proc.kill()


class _Forked:
    """The ``Popen`` surface jupyter_client uses, for a process that is not our child."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0
            except PermissionError:
                pass
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() > end:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
            time.sleep(0.02)
        return self.returncode or 0

    def send_signal(self, sig: int) -> None:
        try:
            os.kill(self.pid, sig)
        except ProcessLookupError:
            pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ZygoteProvisioner(LocalProvisioner):
    """A ``LocalProvisioner`` whose kernels are forked by a ``Zygote`` instead of exec'd."""

    zygote: Zygote | None = None

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        assert self.zygote is not None
        argv = cmd[cmd.index("-f"):] if "-f" in cmd else cmd[3:]
        cwd = str(kwargs.get("cwd") or os.getcwd())
        env = {k: v for k, v in (kwargs.get("env") or {}).items() if k.startswith(("JPY_", "PYDEVD_"))}
        pid = self.zygote.spawn(argv, cwd, env)
        self.process = _Forked(pid)
        self.pid = pid
        self.pgid = None  # signal the kernel only, never the zygote's group
        self.cwd = cwd
        return self.connection_info


if __name__ == "__main__":
    # Ctrl-C reaches every process of the terminal's group: the zygote leaves it to the command
    # (which stops its workers, whose going away ends the zygote), instead of printing a traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    serve(json.loads(sys.argv[1]) if len(sys.argv) > 1 else [])

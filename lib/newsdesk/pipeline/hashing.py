"""Dependency fingerprints and the manifest that makes ``newsdesk reports`` incremental.

A report is re-run when its **run key** changes: the article record, the notebook file,
the ``newsdesk`` code and lexicons, the parameters, or the versions of the packages
that compute the results. It is only re-rendered (HTML from the kept executed
notebook, no kernel) when just its **render key** changes: the template, ``--show-code``,
or the corpus hash printed in the footer. The manifest
(``outputs/.newsdesk/manifest.json``) records both keys and the size and mtime of
each output, so a deleted or edited output is also rebuilt. It is rewritten
atomically after every finished report, so an interrupted run loses nothing finished.

>>> digest({"b": 1, "a": [1, 2]}) == digest({"a": [1, 2], "b": 1})
True
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from .. import atomic, config

MANIFEST_VERSION = 1
STATE_DIR = ".newsdesk"
# Packages whose version can change a report's numbers or its rendering.
RESULT_PACKAGES = ["numpy", "pandas", "matplotlib", "nltk", "vaderSentiment", "papermill", "ipykernel"]
RENDER_PACKAGES = ["nbconvert"]


def digest(obj: Any) -> str:
    """SHA-256 of a JSON-able object (keys sorted), as hex."""
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()


def file_digest(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a file's bytes, as hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def tree_digest(root: Path, exclude: tuple[str, ...] = ()) -> str:
    """SHA-256 over every file under ``root`` (relative path + bytes), skipping caches and ``exclude``d top folders."""
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if not path.is_file() or "__pycache__" in rel.parts or path.suffix in {".pyc", ".tmp"} or rel.parts[0] in exclude:
            continue
        h.update(str(rel).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def code_digest() -> str:
    """Fingerprint of the ``newsdesk`` package: code and lexicons (templates excluded)."""
    return tree_digest(config.PACKAGE_DIR, exclude=("templates",))


def template_digest() -> str:
    """Fingerprint of the HTML templates and stylesheets."""
    return tree_digest(config.PACKAGE_DIR / "templates")


def versions(packages: list[str]) -> dict[str, str]:
    """Installed versions of ``packages`` (``"absent"`` when not installed), plus Python."""
    out = {"python": sys.version.split()[0]}
    for name in packages:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "absent"
    return out


def output_stat(path: Path) -> list[int] | None:
    """``[size, mtime_ns]`` of a file, or ``None`` when it does not exist."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return [st.st_size, st.st_mtime_ns]


class Manifest:
    """The record of what was built from what, kept in ``outputs/.newsdesk/manifest.json``.

    ``entries`` maps an output key (``"<article_id>/<report>"``, ``"corpus"``,
    ``"tables"``, ``"index"``) to a dict with at least ``run_key`` and ``status``.
    """

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / STATE_DIR / "manifest.json"
        self.entries: dict[str, dict[str, Any]] = {}
        self.notebooks: dict[str, Any] = {}  # notebook digest -> inferred parameters
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("version") == MANIFEST_VERSION:
                self.entries = data.get("entries", {})
                self.notebooks = data.get("notebooks", {})
        except (FileNotFoundError, ValueError):
            pass

    def save(self) -> None:
        """Write the manifest atomically."""
        atomic.write_text(self.path, json.dumps(
            {"version": MANIFEST_VERSION, "entries": self.entries, "notebooks": self.notebooks},
            indent=1, sort_keys=True))

    def is_current(self, key: str, run_key: str, outputs: list[Path]) -> bool:
        """True when ``key`` was built successfully from ``run_key`` and its outputs are untouched."""
        e = self.entries.get(key)
        if not e or e.get("run_key") != run_key or e.get("status") != "ok":
            return False
        stats = e.get("outputs", {})
        return all(stats.get(p.name) == output_stat(p) for p in outputs)

    def record(self, key: str, outputs: list[Path], **fields: Any) -> None:
        """Record ``key`` with its fields and the current stat of its outputs."""
        self.entries[key] = {**fields, "outputs": {p.name: output_stat(p) for p in outputs}}

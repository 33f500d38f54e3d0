"""Dependency fingerprints and the manifest that makes ``newsdesk reports`` incremental.

A report is re-run when its **run key** changes: the article record, the notebook file,
the ``newsdesk`` code it imports (directly or not) and the lexicons, the parameters, or
the versions of the packages that compute the results. It is only re-rendered (HTML from the kept executed
notebook, no kernel) when just its **render key** changes: the template, ``--show-code``,
or the corpus hash printed in the footer. The manifest
(``outputs/.newsdesk/manifest.json``) records both keys and the size and mtime of
each output, so a deleted or edited output is also rebuilt. It is rewritten
atomically after every finished report, so an interrupted run loses nothing finished.

>>> digest({"b": 1, "a": [1, 2]}) == digest({"a": [1, 2], "b": 1})
True
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import sys
from functools import lru_cache
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


def code_digest(modules: list[str] | None = None, lexicons: str | None = None) -> str:
    """Fingerprint of the ``newsdesk`` code a report depends on, and of every lexicon.

    With ``modules`` (what a notebook imports), only the ``newsdesk`` source files those
    modules reach through their imports count (``module_files``), plus all lexicons
    (which module reads which lexicon is only known at run time; pass their
    ``tree_digest`` as ``lexicons`` to compute it once); without, the whole package
    (templates excluded).
    """
    if modules is None:
        return tree_digest(config.PACKAGE_DIR, exclude=("templates",))
    h = hashlib.sha256()
    for path in module_files(modules):
        h.update(str(path.relative_to(config.PACKAGE_DIR)).encode() + b"\0" + _facts(path)[0].encode() + b"\0")
    h.update((lexicons or tree_digest(config.LEXICON_DIR)).encode())
    return h.hexdigest()


def _facts(path: Path) -> tuple[str, list[tuple[int, str | None, list[str]]]]:
    """(sha256, imports) of a source file; the parse is cached by content hash."""
    data = path.read_bytes()
    digest_ = hashlib.sha256(data).hexdigest()
    return digest_, _imports(digest_, data)


@lru_cache(maxsize=512)
def _imports(digest_: str, data: bytes) -> list[tuple[int, str | None, list[str]]]:
    imports: list[tuple[int, str | None, list[str]]] = []
    for node in ast.walk(ast.parse(data)):
        if isinstance(node, ast.Import):
            imports.append((0, None, [a.name for a in node.names]))
        elif isinstance(node, ast.ImportFrom):
            imports.append((node.level, node.module, [a.name for a in node.names]))
    return imports


def _module_path(name: str) -> Path | None:
    parts = name.split(".")
    if parts[0] != "newsdesk":
        return None
    base = config.PACKAGE_DIR.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def module_files(modules: list[str]) -> list[Path]:
    """The ``newsdesk`` source files that importing ``modules`` can execute (static, transitive).

    Follows every ``import`` statement, at any depth in a module (lazy imports inside
    functions included), and the ``__init__`` of every parent package.

    >>> names = {p.name for p in module_files(["newsdesk.atomic"])}
    >>> sorted(names)
    ['__init__.py', 'atomic.py']
    """
    seen: dict[Path, None] = {}
    stack = list(modules)
    while stack:
        name = stack.pop()
        path = _module_path(name)
        if path is None or path in seen:
            continue
        seen[path] = None
        parts = name.split(".")
        stack += [".".join(parts[:i]) for i in range(1, len(parts))]
        package = name if path.name == "__init__.py" else ".".join(parts[:-1])
        for level, module, names in _facts(path)[1]:
            if module is None and not level:  # import a, b.c
                stack += names
                continue
            if level:
                up = package.split(".")
                base = ".".join(up[: len(up) - level + 1])
                full = f"{base}.{module}" if module else base
            else:
                full = module or ""
            stack += [full, *(f"{full}.{n}" for n in names)]
    return sorted(seen)


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
        except (FileNotFoundError, NotADirectoryError, PermissionError, ValueError):  # none yet, or a folder the lock will refuse
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

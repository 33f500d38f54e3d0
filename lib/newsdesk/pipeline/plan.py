"""What to build: the reports of a run, checked before anything runs, and why each is stale.

``make_plan`` reads the corpus and the notebooks, checks the requested article ids
and parameters (an unknown one is a ``PlanError`` with a clear message, where stock
papermill would only warn), and gives every report an action: ``skip`` (up to date),
``render`` (only the HTML is stale) or ``run``.

>>> parse_value("3", "int"), parse_value("no", "bool"), parse_value("x", "str")
(3, False, 'x')
"""

from __future__ import annotations

import ast
import difflib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import config
from . import hashing
from .render import ReportMeta, attribution_text, changes_note

ARTICLE_REPORTS = ("framing", "sentiment", "quotes")
CORPUS_REPORT = "corpus"
# parameters the pipeline sets itself; a user may not override them
PIPELINE_PARAMETERS = {"article_id", "corpus_dir", "tables_dir"}


class PlanError(Exception):
    """A request that cannot run (unknown report, article id or parameter)."""


@dataclass
class Job:
    """One report to build: where it comes from, where it goes, and what to do."""

    key: str
    report: str
    notebook: Path
    parameters: dict[str, Any]
    ipynb: Path
    html: Path
    run_key: str
    render_key: str
    meta: ReportMeta
    article_id: str | None = None
    action: str = "run"  # run | render | skip
    reason: str = ""


@dataclass
class Plan:
    """Everything a run needs, computed in the client before any worker starts."""

    out_dir: Path
    corpus_dir: Path
    articles: list[Any]  # newsdesk.model.Article, in corpus order
    article_keys: dict[str, str]  # article id -> digest of its record
    jobs: list[Job]
    code_key: str
    corpus_hash: str
    versions: dict[str, str]
    warm: list[str] = field(default_factory=list)
    show_code: bool = False
    table_options: dict[str, str] = field(default_factory=dict)  # scheme / overrides, as the notebooks get them

    def todo(self) -> list[Job]:
        """Jobs that need a worker."""
        return [j for j in self.jobs if j.action != "skip"]


def parse_value(text: str, type_name: str | None) -> Any:
    """Convert a ``-p NAME VALUE`` string to the type the notebook declares."""
    t = (type_name or "").lower()
    if t == "bool":
        low = text.strip().lower()
        if low in {"1", "true", "yes", "on"}:
            return True
        if low in {"0", "false", "no", "off"}:
            return False
        raise PlanError(f"{text!r} is not a boolean (use true/false)")
    if t in {"int", "float"}:
        try:
            return int(text) if t == "int" else float(text)
        except ValueError:
            raise PlanError(f"{text!r} is not {'an integer' if t == 'int' else 'a number'}") from None
    if t == "str":
        return text
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def _as_file_path(value: Any) -> Any:
    """A parameter naming an existing file, relative to where the command runs (``-p overrides
    lib/newsdesk/lexicons/sentiment_overrides.csv``), as an absolute path: the notebook's kernel
    runs in notebooks/, where the relative path would name nothing."""
    if isinstance(value, str) and value and not os.path.isabs(value) and Path(value).is_file():
        return str(Path(value).resolve())
    return value


def _check_file_parameter(name: str, value: Any) -> None:
    """Read a scheme or override file named by ``-p`` before anything runs: a misspelt scheme or a
    broken override file would otherwise turn every good page into an error page. (The modules are
    imported only when such a parameter is given: the pipeline keeps its own imports light.)"""
    if name == "scheme":
        from .. import framing

        try:
            framing.load_scheme(value)
        except (ValueError, OSError) as exc:  # SchemeError, WeightsError, unreadable file
            raise _parameter_error(name, value, exc) from None
    elif name == "overrides" and value:
        from .. import sentiment

        if not Path(value).is_file():
            raise PlanError(f"-p overrides: {value}: no such file (an override file is a CSV of word,valence)")
        try:
            sentiment.read_overrides(value)
        except (ValueError, OSError) as exc:
            raise _parameter_error(name, value, exc) from None


def _parameter_error(name: str, value: Any, exc: Exception) -> PlanError:
    named = str(value) in str(exc) or Path(str(value)).name in str(exc)
    return PlanError(f"-p {name}: {exc}" if named else f"-p {name}: {value}: {exc}")


def file_parameter_digests(params: dict[str, Any]) -> dict[str, str]:
    """SHA-256 of every file a parameter names (a scheme file, an override file) and of the weights
    table a scheme file names in its ``# weights:`` line: editing one re-runs the reports that read it."""
    out: dict[str, str] = {}
    for value in params.values():
        if not (isinstance(value, str) and os.path.isabs(value) and Path(value).is_file()):
            continue
        path = Path(value)
        out[str(path)] = hashing.file_digest(path)
        if path.suffix.lower() == ".csv":
            with path.open(encoding="utf-8", errors="replace") as fh:
                for line in fh:
                    if not line.startswith("#"):
                        break
                    m = re.match(r"#\s*weights:\s*(\S.*?)\s*$", line)
                    weights = (path.parent / m.group(1)) if m else None
                    if weights is not None and weights.is_file():
                        out[str(weights)] = hashing.file_digest(weights)
    return out


def notebook_parameters(path: Path, digest: str, cache: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return the declared parameters of a notebook ``{name: {inferred_type_name, default, help}}``.

    Cached by notebook digest (papermill's inference needs papermill, slow to import).
    """
    if digest in cache:
        return cache[digest]
    from . import fastimport

    fastimport.apply()
    from papermill.inspection import _infer_parameters
    from papermill.iorw import load_notebook_node

    nb = load_notebook_node(str(path))
    if not any("parameters" in c.metadata.get("tags", []) for c in nb.cells):
        raise PlanError(f"{path}: no cell tagged 'parameters'; papermill cannot parameterize it")
    params = {p.name: {"type": p.inferred_type_name, "default": p.default, "help": p.help}
              for p in _infer_parameters(nb)}
    cache[digest] = params
    return params


def imported_modules(path: Path) -> list[str]:
    """Top-level modules a notebook imports (preloaded in spare kernels), in order."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        src = "".join(cell.get("source", []))
        try:
            tree = ast.parse("\n".join(l for l in src.splitlines() if not l.lstrip().startswith(("%", "!"))))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                # ``from pkg import mod``: mod may be a submodule (worth preloading) or a name
                found += [node.module, *(f"{node.module}.{a.name}" for a in node.names if a.name != "*")]
    return list(dict.fromkeys(found))


def _close(name: str, options: list[str]) -> str:
    close = difflib.get_close_matches(name, options, n=3)
    return f"; did you mean {', '.join(close)}?" if close else ""


def make_plan(
    *,
    reports: list[str],
    only: list[str] | None = None,
    user_params: list[tuple[str, str]] | None = None,
    corpus_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    notebooks_dir: str | Path | None = None,
    show_code: bool = False,
    force: bool = False,
    manifest: hashing.Manifest | None = None,
) -> Plan:
    """Check the request and return the ``Plan``; raises ``PlanError`` with the reason."""
    from .. import corpus

    nb_dir = Path(notebooks_dir) if notebooks_dir else config.notebooks_dir()
    cdir = Path(corpus_dir).resolve() if corpus_dir else config.corpus_dir()
    out = Path(out_dir).resolve() if out_dir else config.outputs_dir()
    manifest = manifest or hashing.Manifest(out)

    available = sorted(p.stem for p in nb_dir.glob("*.ipynb") if p.stem in (*ARTICLE_REPORTS, CORPUS_REPORT))
    for r in reports:
        if r not in available:
            raise PlanError(f"unknown report {r!r}: the reports are {', '.join(available) or '(none found in ' + str(nb_dir) + ')'}{_close(r, available)}")

    try:
        articles = list(corpus.iter_articles(cdir))
    except FileNotFoundError as exc:
        raise PlanError(str(exc)) from None
    ids = [a.id for a in articles]
    if only:
        unknown = [i for i in only if i not in ids]
        if unknown:
            from .index import ingest_skips

            skipped = {Path(s["file"].split(":")[0]).stem: s for s in ingest_skips(cdir)}
            raise PlanError("unknown article id" + ("s " if len(unknown) > 1 else " ")
                            + ", ".join(f"{i!r}{_close(i, ids)}" + (f" (skipped when the corpus was built: "
                                        f"{skipped[i]['file']}: {skipped[i]['reason']})" if i in skipped else "")
                                        for i in unknown)
                            + f" (the corpus {cdir} has {len(ids)} articles; `newsdesk reports --help`)")
    selected = [a for a in articles if not only or a.id in only]

    # notebooks: digests, declared parameters, user parameters checked against them
    nb_digest = {r: hashing.file_digest(nb_dir / f"{r}.ipynb") for r in reports}
    declared = {r: notebook_parameters(nb_dir / f"{r}.ipynb", nb_digest[r], manifest.notebooks) for r in reports}
    for r in reports:
        need = {"article_id", "corpus_dir"} if r != CORPUS_REPORT else {"corpus_dir"}
        missing = need - set(declared[r])
        if missing:
            raise PlanError(f"{nb_dir / (r + '.ipynb')}: its parameters cell must declare {', '.join(sorted(missing))} (as papermill reads it: check `papermill --help-notebook`)")
    extra: dict[str, dict[str, Any]] = {r: {} for r in reports}
    for name, value in user_params or []:
        if name in PIPELINE_PARAMETERS:
            raise PlanError(f"parameter {name!r} is set by the pipeline; use --only / --corpus instead")
        takers = [r for r in reports if name in declared[r]]
        if not takers:
            known = sorted({n for r in reports for n in declared[r]} - PIPELINE_PARAMETERS)
            raise PlanError(f"unknown parameter {name!r}: none of the notebooks {', '.join(reports)} declares it"
                            f"{_close(name, known)} (parameters they take: {', '.join(known) or 'none'})")
        for r in takers:
            try:
                extra[r][name] = _as_file_path(parse_value(value, declared[r][name]["type"]))
            except PlanError as exc:
                raise PlanError(f"parameter {name} for {r}: {exc}") from None
        _check_file_parameter(name, extra[takers[0]][name])

    lex = hashing.tree_digest(config.LEXICON_DIR)
    code_key = hashing.code_digest(["newsdesk.pipeline.tables"], lex)  # what the tables are made with
    nb_code = {r: hashing.code_digest(["newsdesk", *imported_modules(nb_dir / f"{r}.ipynb")], lex) for r in reports}
    tmpl_key = hashing.digest([hashing.template_digest(), hashing.versions(hashing.RENDER_PACKAGES)])
    vers = hashing.versions(hashing.RESULT_PACKAGES)
    shown_versions = {"newsdesk": _newsdesk_version(), **hashing.versions(["numpy", "pandas", "matplotlib", "nltk", "vaderSentiment", "papermill", "nbconvert"])}
    corpus_hash = corpus.corpus_hash(cdir)
    article_keys = {a.id: hashing.digest(a.to_dict()) for a in articles}
    corpus_param = str(cdir) if corpus_dir else ""
    defaults = {r: {k: str(v.get("default")) for k, v in declared[r].items()} for r in reports}

    files = {r: file_parameter_digests(extra[r]) for r in reports}
    options = {"scheme": str(extra.get("framing", {}).get("scheme", "generic")),
               "overrides": str(extra.get("sentiment", {}).get("overrides", ""))}
    if only:
        # the corpus tables and the index describe every article: "--only X -p scheme policy" re-runs X's
        # reports with policy frames but leaves the other rows as the last whole-corpus run made them
        options = dict(manifest.entries.get("tables", {}).get("options") or {"scheme": "generic", "overrides": ""})
    jobs: list[Job] = []
    for r in reports:
        if r == CORPUS_REPORT:
            continue
        for a in selected:
            # only what differs from the notebook's defaults is injected, as with the papermill command
            params = {"article_id": a.id, **({"corpus_dir": corpus_param} if corpus_param else {}), **extra[r]}
            meta = ReportMeta(
                report=r, parameters=params, defaults=defaults[r], article_id=a.id, title=a.title, source=a.source, date=a.date,
                url=a.url, content_hash=a.content_hash, corpus_hash=corpus_hash, versions=shown_versions,
                attribution=attribution_text(a.licence, a.attribution, (a.extra or {}).get("licence_url"),
                                             a.title, a.url, changes_note(a.extra)),
            )
            jobs.append(_job(f"{a.id}/{r}", r, nb_dir, out / a.id, params, meta, a.id,
                             [article_keys[a.id], nb_digest[r], nb_code[r], vers, files[r]], tmpl_key, show_code))
    if CORPUS_REPORT in reports:
        params = {**({"corpus_dir": corpus_param} if corpus_param else {}), **extra[CORPUS_REPORT]}
        if "tables_dir" in declared[CORPUS_REPORT]:
            params["tables_dir"] = str(out / "tables")
        cc = [a for a in articles if (a.licence or "").upper().startswith("CC BY")]
        attributions = sorted({attribution_text(a.licence, a.attribution, (a.extra or {}).get("licence_url"),
                                                changes=changes_note(a.extra)) or "" for a in cc})
        meta = ReportMeta(report=CORPUS_REPORT, parameters=params, defaults=defaults[CORPUS_REPORT],
                          corpus_hash=corpus_hash, versions=shown_versions,
                          attribution=" ".join(a for a in attributions if a) or None, index_href="index.html")
        # the corpus report reads the tables, made with the scheme and override file of ``options``
        tables_made_with = [options, file_parameter_digests(options)]
        jobs.append(_job(CORPUS_REPORT, CORPUS_REPORT, nb_dir, out, params, meta, None,
                         [corpus_hash, nb_digest[CORPUS_REPORT], nb_code[CORPUS_REPORT], vers, files[CORPUS_REPORT],
                          tables_made_with], tmpl_key, show_code))

    for j in jobs:
        e = manifest.entries.get(j.key)
        if force:
            j.action, j.reason = "run", "--force"
        elif not e:
            j.action, j.reason = "run", "new"
        elif e.get("status") != "ok":
            j.action, j.reason = "run", "failed last time"
        elif e.get("run_key") != j.run_key:
            j.action, j.reason = "run", "inputs changed"
        elif e.get("outputs", {}).get(j.ipynb.name) != hashing.output_stat(j.ipynb):
            j.action, j.reason = "run", "executed notebook missing or edited"
        elif e.get("render_key") != j.render_key or e.get("outputs", {}).get(j.html.name) != hashing.output_stat(j.html):
            j.action, j.reason = "render", "page stale"
        else:
            j.action, j.reason = "skip", "up to date"

    warm = ["pandas", "matplotlib.pyplot", "IPython.display"]
    for r in reports:
        warm += [m for m in imported_modules(nb_dir / f"{r}.ipynb") if m not in warm]
    return Plan(out, cdir, articles, article_keys, jobs, code_key, corpus_hash, vers, warm, show_code, options)


def _job(key, report, nb_dir, folder, params, meta, article_id, run_parts, tmpl_key, show_code) -> Job:
    run_key = hashing.digest({"parts": run_parts, "parameters": params})
    render_key = hashing.digest({"run": run_key, "template": tmpl_key, "show_code": show_code,
                                 "meta": meta.__dict__})
    return Job(key=key, report=report, notebook=nb_dir / f"{report}.ipynb", parameters=params,
               ipynb=folder / f"{report}.ipynb", html=folder / f"{report}.html",
               run_key=run_key, render_key=render_key, meta=meta, article_id=article_id)


def _newsdesk_version() -> str:
    from .. import __version__

    return __version__

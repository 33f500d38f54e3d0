"""``newsdesk reports``: every report notebook, run by papermill, as offline HTML in ``outputs/``.

For every article and report (``framing``, ``sentiment``, ``quotes``) papermill runs
``notebooks/<report>.ipynb`` into ``outputs/<article_id>/<report>.ipynb`` (the run's
log) and the page is rendered to ``outputs/<article_id>/<report>.html``;
``notebooks/corpus.ipynb`` gives ``outputs/corpus.html``; ``outputs/index.html`` lists
every article; ``outputs/tables/`` holds every table as CSV and Parquet.
The work is split over modules in ``newsdesk.pipeline`` (see its docstring).

>>> from newsdesk.cli import build_parser
>>> args = build_parser().parse_args(["reports", "--only", "x", "--notebooks", "quotes"])
>>> selected_reports(args.notebooks)
['quotes']
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

from .atomic import FolderError, LockedError
from .pipeline import hashing
from .pipeline.plan import ARTICLE_REPORTS, CORPUS_REPORT, Plan, PlanError, make_plan
from .pipeline.runner import Outcome, run

DEFAULT_REPORTS = [*ARTICLE_REPORTS, CORPUS_REPORT]


def selected_reports(value: str | None) -> list[str]:
    """Parse ``--notebooks framing,quotes`` (order kept, duplicates dropped)."""
    if not value:
        return list(DEFAULT_REPORTS)
    names = [n.strip().removesuffix(".ipynb") for n in value.split(",") if n.strip()]
    return list(dict.fromkeys(names))


def build(*, reports: list[str] | None = None, only: list[str] | None = None,
          parameters: list[tuple[str, str]] | None = None, corpus_dir: str | Path | None = None,
          out_dir: str | Path | None = None, notebooks_dir: str | Path | None = None, jobs: int = 0,
          force: bool = False, scheduler: str | None = None, show_code: bool = False,
          quiet: bool = True) -> tuple[Plan, Outcome]:
    """Check and run the reports (the library form of the command); return the plan and outcome.

    Raises ``PlanError`` before anything runs for an unknown report, article id or parameter.
    """
    out = Path(out_dir).resolve() if out_dir else None
    from . import atomic, config

    out_root = out or config.outputs_dir()
    manifest = hashing.Manifest(out_root)
    plan = make_plan(reports=reports or list(DEFAULT_REPORTS), only=only, user_params=parameters,
                     corpus_dir=corpus_dir, out_dir=out, notebooks_dir=notebooks_dir, show_code=show_code,
                     force=force, manifest=manifest)
    # The request is checked (nothing written for a bad one); then one run at a time per
    # outputs folder: a second run gets atomic.LockedError at once. The lock lives in the
    # pipeline's own state folder, so a no-op run touches no file of the outputs.
    with atomic.exclusive_lock(out_root / ".newsdesk", "reports"):
        outcome = run(plan, jobs=jobs, scheduler=scheduler, quiet=quiet, manifest=manifest)
    return plan, outcome


def summary(plan: Plan, outcome: Outcome) -> str:
    """The closing lines of a run: counts, time, and every failure with its page."""
    parts = [f"{len(outcome.ran)} run", f"{len(outcome.rendered)} re-rendered", f"{len(outcome.skipped)} up to date"]
    if outcome.removed:
        parts.append(f"{len(outcome.removed)} removed: their articles left the corpus")
    if outcome.failed:
        parts.append(f"{len(outcome.failed)} FAILED")
    lines = [f"newsdesk reports: {len(plan.jobs)} reports ({', '.join(parts)}) in {outcome.seconds:.1f} s"
             f" -> {plan.out_dir / 'index.html'}"]
    by_key = {j.key: j for j in plan.jobs}
    for key, err in sorted(outcome.failed.items()):
        where = f"see {by_key[key].html}" if key in by_key else "(its rows are missing from tables/ and the index)"
        lines.append(f"  failed {key}: {err}\n         {where}")
    return "\n".join(lines)


def _term_to_interrupt(signum, frame):  # a kill (SIGTERM) cleans up like Ctrl-C
    raise KeyboardInterrupt


def cli_main(args) -> int:
    """``newsdesk reports``: 0 when every report built, 1 if any failed, 2 for a bad request."""
    with_term = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, _term_to_interrupt)
    try:
        plan, outcome = build(
            reports=selected_reports(args.notebooks), only=args.only, parameters=[tuple(p) for p in (getattr(args, "parameter", None) or [])],
            corpus_dir=args.corpus, out_dir=args.out, jobs=args.jobs, force=args.force,
            scheduler=args.scheduler, show_code=args.show_code, quiet=args.quiet,
        )
    except PlanError as exc:
        print(f"newsdesk reports: error: {exc}", file=sys.stderr)
        return 2
    except LockedError as exc:
        print(f"newsdesk reports: {exc}", file=sys.stderr)
        return 75  # EX_TEMPFAIL: try again when the other run has finished
    except FolderError as exc:
        print(f"newsdesk reports: {exc}", file=sys.stderr)
        return 73  # EX_CANTCREAT
    finally:
        signal.signal(signal.SIGTERM, with_term)
    if not args.quiet or outcome.failed:
        print(summary(plan, outcome), file=sys.stderr)
    return 1 if outcome.failed else 0

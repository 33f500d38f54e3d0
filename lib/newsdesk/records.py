"""Input and output for the analysis commands (``quotes``, ``sentiment``, ``frames``).

INPUT is a corpus folder (``corpus/articles.jsonl`` inside), a JSON Lines file of
``{"id", "text"}`` records, or one article as a ``.txt`` / ``.md`` file (id: the file name's
stem). For a JSON Lines or text input the text is used exactly as given (no normalization),
so every offset the analyses print indexes the given text.
Output goes to standard output or, with ``--out``, atomically to a file.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import atomic, segment
from .model import Article


PLAIN_TEXT = {".txt", ".md"}  # an INPUT file with these suffixes is one article (its id: the file name's stem)


class InputError(Exception):
    """Bad analysis input; the message names the file and the reason."""


@dataclass(frozen=True)
class BadRecord:
    """A line of a JSON Lines input that is not a record with a text: its id (the record's, or
    its line number) and the reason, naming file and line."""

    id: str
    reason: str


def article_from_text(text: str, article_id: str = "text") -> Article:
    """Build an ``Article`` from raw text as given (segmented, not normalized).

    >>> article_from_text("He said hi. She left.").sentences[1].text
    'She left.'
    """
    paragraphs = segment.paragraph_spans(text)
    return Article(
        id=article_id,
        text=text,
        paragraphs=paragraphs,
        sentences=segment.sentences(text, paragraphs),
        word_count=segment.word_count(text),
    )


def iter_input(path: str | Path, bad_records: bool = False) -> Iterator[Article | BadRecord]:
    """Yield the articles of a corpus folder or a JSON Lines file of ``{"id", "text"}``.

    Raises ``InputError`` for a missing path, and for a malformed line (naming file and line)
    unless ``bad_records``: then a ``BadRecord`` takes that line's place and reading goes on.
    """
    if str(path) == "-":  # a pipe: `jq -c ... | newsdesk frames -`
        yield from _read_jsonl(io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8"), "<stdin>", bad_records)
        return
    path = Path(path)
    if path.is_dir():
        from . import corpus

        jsonl = path / corpus.ARTICLES_FILE
        if not jsonl.is_file():
            raise InputError(f"{path}: not a corpus folder (no {corpus.ARTICLES_FILE}); run `newsdesk ingest` first")
        yield from corpus.iter_articles(path)
        return
    if not path.is_file():
        raise InputError(f"{path}: no such file or folder")
    if path.suffix.lower() in PLAIN_TEXT:  # one article as plain text, read as given
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); "
                             "`newsdesk ingest` reads other encodings") from None
        yield article_from_text(text, path.stem)
        return
    with path.open(encoding="utf-8") as fh:
        head = list(itertools.islice(json_lines(fh, str(path)), 2))
        if head and not any(isinstance(value, dict) for _, _, value, _ in head):
            # neither of the first two lines is a JSON object: another kind of file, not a few broken records
            raise InputError(f"{path}: not JSON Lines (its first lines are not {{...}} records); give a corpus folder, "
                             f'a JSON Lines file of {{"id", "text"}} records, or one article as a .txt or .md file')
        fh.seek(0)
        yield from _read_jsonl(fh, str(path), bad_records)


def json_lines(fh: Iterable[str], path: str) -> Iterator[tuple[int, str, Any, str | None]]:
    """``(line number, line, value, problem)`` for each non-blank line of a JSON Lines file:
    ``problem`` names file, line and reason when the line is not JSON (``value`` is then None)."""
    for n, line in enumerate(fh, 1):
        if not line.strip():
            continue
        try:
            yield n, line, json.loads(line), None
        except json.JSONDecodeError as exc:
            yield n, line, None, f"{path}:{n}: not valid JSON ({exc.msg})"


def _read_jsonl(fh: Iterable[str], path: str, bad_records: bool) -> Iterator[Article | BadRecord]:
    for n, line, rec, reason in json_lines(fh, path):
        if reason is None and not (isinstance(rec, dict) and isinstance(rec.get("text"), str)):
            reason = f'{path}:{n}: record has no string "text" field'
        if reason:
            if not bad_records:
                raise InputError(reason)
            yield BadRecord(_record_id(rec, line, n), reason)
            continue
        if "sentences" in rec and "paragraphs" in rec:
            yield Article.from_dict(rec)
        else:
            yield article_from_text(rec["text"], str(rec.get("id", n)))


_ID = re.compile(r'"id"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+)')


def _record_id(rec: Any, line: str, n: int) -> str:
    """The id of a bad record: its ``id`` field, one legible in a broken line, else its line number."""
    if isinstance(rec, dict) and "id" in rec:
        return str(rec["id"])
    m = _ID.search(line) if rec is None else None
    try:
        return str(json.loads(m.group(1))) if m else str(n)
    except json.JSONDecodeError:
        return str(n)


def _sink(out: str | Path | None):
    return atomic.open_atomic(out) if out else _Stdout()


class _Stdout:
    def __enter__(self):
        return sys.stdout

    def __exit__(self, *exc):
        sys.stdout.flush()
        return False


def write_jsonl(records: Iterable[dict[str, Any]], out: str | Path | None = None) -> int:
    """Write one JSON object a line to ``out`` (atomically) or standard output; return the count."""
    n = 0
    with _sink(out) as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n


def write_csv(rows: Iterable[dict[str, Any]], fieldnames: list[str], out: str | Path | None = None) -> int:
    """Write dict rows as CSV (header first) to ``out`` (atomically) or standard output."""
    n = 0
    with _sink(out) as fh:
        w = csv.DictWriter(fh, fieldnames=fieldnames, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for row in rows:
            w.writerow({k: _cell(v) for k, v in row.items()})
            n += 1
    return n


def _cell(v: Any) -> Any:
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    return v


def csv_text(rows: Iterable[dict[str, Any]], fieldnames: list[str]) -> str:
    """Return rows as CSV text (for tests and notebooks)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fieldnames, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for row in rows:
        w.writerow({k: _cell(v) for k, v in row.items()})
    return buf.getvalue()


def run_analysis(
    command: str,
    args: Any,
    record: Callable[[Article], dict[str, Any]],
    csv_rows: Callable[[Article], Iterable[dict[str, Any]]],
    csv_fields: list[str],
    errors: tuple[type[BaseException], ...] = (),
) -> int:
    """The shared body of ``newsdesk quotes|sentiment|frames``: read ``args.input``, write one
    JSON line per article (``record(article)``) or CSV rows (``csv_rows(article)``) to
    ``args.out`` or standard output. Returns the exit status: 0, or 1 with one line on
    standard error naming the input and the reason (nothing is left half-written in --out).

    A malformed line of a JSON Lines input (not JSON, no text) is named on standard error and
    the rest goes on: in JSON Lines output an ``{"id", "error"}`` line takes its place (one line
    per record, same order), in CSV one row with only ``id`` and the last column, ``error``; the
    exit status is then 1.
    """
    bad: list[BadRecord] = []

    def articles() -> Iterator[Article]:
        for a in iter_input(args.input, bad_records=True):
            if isinstance(a, BadRecord):
                print(f"newsdesk {command}: {a.reason}; skipped, the rest goes on", file=sys.stderr)
                bad.append(a)
            yield a

    try:
        if args.format == "csv":
            rows = (row for a in articles()
                    for row in (csv_rows(a) if isinstance(a, Article) else [{"id": a.id, "error": a.reason}]))
            write_csv(rows, [*csv_fields, "error"], args.out)
        else:
            write_jsonl((record(a) if isinstance(a, Article) else {"id": a.id, "error": a.reason} for a in articles()),
                        args.out)
    except BrokenPipeError:
        raise  # `| head`: the cli entry point exits quietly
    except (InputError, OSError, *errors) as exc:
        print(f"newsdesk {command}: {exc}", file=sys.stderr)
        return 1
    return 1 if bad else 0

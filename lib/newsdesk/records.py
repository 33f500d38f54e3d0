"""Input and output for the analysis commands (``quotes``, ``sentiment``, ``frames``).

INPUT is either a corpus folder (``corpus/articles.jsonl`` inside) or a JSON Lines file
of ``{"id", "text"}`` records. For a JSON Lines input the text is used exactly as given
(no normalization), so every offset the analyses print indexes the given text.
Output goes to standard output or, with ``--out``, atomically to a file.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from . import atomic, segment
from .model import Article


class InputError(Exception):
    """Bad analysis input; the message names the file and the reason."""


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


def iter_input(path: str | Path) -> Iterator[Article]:
    """Yield the articles of a corpus folder or a JSON Lines file of ``{"id", "text"}``.

    Raises ``InputError`` for a missing path or a malformed line (naming file and line).
    """
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
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}: not valid JSON ({exc.msg})") from None
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                raise InputError(f'{path}:{n}: record has no string "text" field')
            if "sentences" in rec and "paragraphs" in rec:
                yield Article.from_dict(rec)
            else:
                yield article_from_text(rec["text"], str(rec.get("id", n)))


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
    """
    try:
        articles = iter_input(args.input)
        if args.format == "csv":
            write_csv((row for a in articles for row in csv_rows(a)), csv_fields, args.out)
        else:
            write_jsonl((record(a) for a in articles), args.out)
    except BrokenPipeError:
        raise  # `| head`: the cli entry point exits quietly
    except (InputError, OSError, *errors) as exc:
        print(f"newsdesk {command}: {exc}", file=sys.stderr)
        return 1
    return 0

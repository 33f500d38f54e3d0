"""Input and output for the analysis commands (``quotes``, ``sentiment``, ``frames``).

INPUT is a corpus folder (``corpus/articles.jsonl`` inside), a JSON Lines file of
``{"id", "text"}`` records, or one article as a ``.txt`` / ``.md`` file (id: the file name's
stem). For a JSON Lines or text input the text is used exactly as given (no normalization),
so every offset the analyses print indexes the given text.
Output goes to standard output or, with ``--out``, atomically to a file.
"""

from __future__ import annotations

import csv
import errno
import io
import itertools
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

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


def iter_input(path: str | Path, bad_records: bool = False,
               lines_of_id: dict[str, list[int]] | None = None) -> Iterator[Article | BadRecord]:
    """Yield the articles of a corpus folder or a JSON Lines file of ``{"id", "text"}``.

    Raises ``InputError`` for a missing path or one that is not a text file (a .docx, a PDF),
    and for a malformed line (naming file and line: not UTF-8, not JSON, no string text)
    unless ``bad_records``: then a ``BadRecord`` takes that line's place and reading goes on.
    ``lines_of_id``, when given, collects the line numbers of each ``id`` a JSON Lines record names.
    """
    if str(path) == "-":  # a pipe: `jq -c ... | newsdesk frames -`
        yield from _read_jsonl(json_lines(stream_lines(sys.stdin.buffer, "<stdin>"), "<stdin>"), "<stdin>", bad_records,
                               lines_of_id)
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
        raise InputError(f"{path}: {_why_missing(path)}")
    with path.open("rb") as fh:
        kind = binary_kind(fh.peek(_SNIFF)[:_SNIFF], path.name)
        if kind:
            raise InputError(f"{path}: not a text file ({kind}); save it as plain text (.txt, UTF-8) and give that file")
        if path.suffix.lower() in PLAIN_TEXT:  # one article as plain text, read as given
            text = _decode(fh.read(), path).replace("\r\n", "\n").replace("\r", "\n")  # newlines as read_text gives them
            if text.strip():  # an empty file is no record (run_analysis says so)
                yield article_from_text(text, path.stem)
            return
        rows = json_lines(stream_lines(fh, str(path)), str(path))
        head = list(itertools.islice(rows, 2))
        if head and not any(isinstance(value, dict) for _, _, value, _ in head):
            undecodable = [problem for _, _, _, problem in head if problem and NOT_UTF8 in problem]
            if undecodable:  # not a few broken lines: the file is in another encoding
                raise InputError(f"{undecodable[0]}; `newsdesk ingest` reads other encodings")
            # neither of the first two lines is a JSON object: another kind of file, not a few broken records
            raise InputError(f"{path}: not JSON Lines (its first lines are not {{...}} records); give a corpus folder, "
                             f'a JSON Lines file of {{"id", "text"}} records, or one article as a .txt or .md file')
        yield from _read_jsonl(itertools.chain(head, rows), str(path), bad_records, lines_of_id)


NOT_UTF8 = "not UTF-8 text"
_SNIFF = 8192  # bytes read to tell a text file from a .docx, a PDF or an image
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# the first bytes of file formats that are not text, and what to call them
_MAGIC = [
    (b"%PDF", "a PDF"), (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word or Excel file"), (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"), (b"PAR1", "a Parquet table"), (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "a program"),
]
_ZIP_KINDS = {".docx": "a Word document", ".xlsx": "an Excel workbook", ".pptx": "a PowerPoint file",
              ".odt": "an OpenDocument text", ".epub": "an EPUB book"}


def binary_kind(head: bytes, name: str = "") -> str | None:
    """What a file whose first bytes are ``head`` is when it is not text (``None`` for text,
    UTF-16 with a byte-order mark included).

    >>> binary_kind(b"PK\\x03\\x04rest", "report.docx"), binary_kind(b"%PDF-1.7", "x.txt")
    ('a Word document, .docx', 'a PDF')
    >>> binary_kind("“We will,” she said.".encode("utf-8")) is None
    True
    """
    suffix = Path(name).suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        return f"{_ZIP_KINDS[suffix]}, {suffix}" if suffix in _ZIP_KINDS else "a ZIP archive"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(UTF16_BOMS):
        return None
    if b"\x00" in head:
        from .normalize import _looks_utf16

        return None if _looks_utf16(head) else "binary data (NUL bytes)"
    return None


def _why_missing(path: Path) -> str:
    """Why an INPUT that is neither a file nor a folder cannot be read (a symlink: as ingest says it)."""
    if path.is_symlink():
        from .corpus import symlink_problem

        problem = symlink_problem(path)
        if problem:
            return problem
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.EACCES:
            return "permission denied"
        return "no such file or folder"
    return "not a regular file or folder"


def utf8_problem(data: bytes, exc: UnicodeDecodeError) -> str:
    """Name the first byte of ``data`` that is not UTF-8 and where it is (line, column in characters).

    >>> data = "“Oui”\\nun caf".encode() + b"\\xe9 noir"
    >>> try: data.decode("utf-8")
    ... except UnicodeDecodeError as exc: utf8_problem(data, exc)
    'not UTF-8 text (byte 0xe9 on line 2, column 7)'
    """
    before = data[:exc.start].decode("utf-8")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    where = f"on line {line}, column {column}" if b"\n" in data.rstrip(b"\r\n") else f"at column {column}"
    return f"{NOT_UTF8} (byte 0x{data[exc.start]:02x} {where})"


def _decode(data: bytes, path: str | Path) -> str:
    """The text of a whole file: UTF-8 (a byte-order mark kept, as read_text keeps it) or UTF-16
    with a byte-order mark; ``InputError`` names the file and the first bad byte."""
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not valid UTF-16 text after its byte-order mark (at byte {exc.start})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: {utf8_problem(data, exc)}; `newsdesk ingest` reads other encodings") from None


class TextFileError(ValueError):
    """A file that should be text (a scheme, a weights table, an override list, labels, ratings)
    is not: the message names the file and the reason."""


def read_text_file(path: str | Path, newline: str | None = None) -> str:
    """Read a UTF-8 (or UTF-16 with a byte-order mark) text file as ``Path.read_text`` would
    (universal newlines, unless ``newline=""``), a UTF-8 byte-order mark dropped.

    Raises ``TextFileError`` naming the file for a binary file (an image, a .docx) or a byte that
    is not UTF-8 (line and column); ``OSError`` as ``open`` does.
    """
    data = Path(path).read_bytes()
    kind = binary_kind(data[:_SNIFF], str(path))
    if kind:
        raise TextFileError(f"{path}: not a text file ({kind})")
    try:
        text = _decode(data[len(UTF8_BOM):] if data.startswith(UTF8_BOM) else data, path)
    except InputError as exc:
        raise TextFileError(str(exc).split("; `newsdesk ingest`")[0] + "; save it as UTF-8") from None
    return text if newline == "" else text.replace("\r\n", "\n").replace("\r", "\n")


def stream_lines(fh: IO[bytes], path: str) -> Iterator[str | bytes]:
    """The lines of a binary stream, split as text mode splits them (``\\n``, ``\\r\\n``, ``\\r``):
    bytes, decoded one line at a time by ``json_lines`` (a bad byte spoils one line, not the file),
    or text for UTF-16 with a byte-order mark (``InputError`` if it is broken)."""
    head = fh.peek(2)[:2] if hasattr(fh, "peek") else b""
    if head.startswith(UTF16_BOMS):
        text = io.TextIOWrapper(fh, encoding="utf-16")
        try:
            yield from text
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not valid UTF-16 text after its byte-order mark ({exc.reason})") from None
        finally:
            text.detach()
        return
    for chunk in fh:
        yield from chunk.splitlines() if b"\r" in chunk else (chunk,)


def json_lines(fh: Iterable[str | bytes], path: str) -> Iterator[tuple[int, str, Any, str | None]]:
    """``(line number, line, value, problem)`` for each non-blank line of a JSON Lines file:
    ``problem`` names file, line and reason when the line is not UTF-8 (bytes lines) or not JSON
    (``value`` is then None). A byte-order mark opening the file is dropped."""
    for n, raw in enumerate(fh, 1):
        if n == 1:
            raw = raw.removeprefix(UTF8_BOM) if isinstance(raw, bytes) else raw.removeprefix("\ufeff")
        if isinstance(raw, bytes):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield n, raw.decode("utf-8", errors="replace"), None, f"{path}:{n}: {utf8_problem(raw, exc)}"
                continue
        else:
            line = raw
        if not line.strip():
            continue
        try:
            yield n, line, json.loads(line), None
        except json.JSONDecodeError as exc:
            yield n, line, None, f"{path}:{n}: not valid JSON ({exc.msg})"


_JSON_TYPE = {bool: "true or false", int: "a number", float: "a number", str: "a string", list: "a list", dict: "an object"}


def _record_problem(rec: Any) -> str | None:
    """Why a JSON value is not a record with a string ``text``, or None."""
    if not isinstance(rec, dict):
        return f'not a {{"id", "text"}} record but {"null" if rec is None else _JSON_TYPE.get(type(rec), "a value")}'
    if "text" not in rec:
        return 'record has no string "text" field'
    text = rec["text"]
    if not isinstance(text, str):
        return f'"text" is {"null" if text is None else _JSON_TYPE.get(type(text), "a value")}, not a string'
    return None


def _read_jsonl(rows: Iterable[tuple[int, str, Any, str | None]], path: str, bad_records: bool,
                lines_of_id: dict[str, list[int]] | None = None) -> Iterator[Article | BadRecord]:
    for n, line, rec, reason in rows:
        if reason is None:
            problem = _record_problem(rec)
            if problem:
                reason = f"{path}:{n}: {problem}"
        if lines_of_id is not None and isinstance(rec, dict) and "id" in rec:
            lines_of_id.setdefault(str(rec["id"]), []).append(n)
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


def out_clobbers(out: str | Path | None, inputs: Iterable[str | Path | None]) -> str | None:
    """Why writing ``out`` would destroy one of ``inputs`` (the same file, through a symlink or
    a hard link too, or a file inside an input folder such as a corpus), or None.

    >>> out_clobbers("corpus/articles.jsonl", ["corpus"])
    '--out corpus/articles.jsonl is inside the INPUT folder corpus; write it elsewhere'
    """
    if not out or str(out) == "-":
        return None
    target = Path(out).resolve()
    for inp in inputs:
        if not inp or str(inp) == "-" or not Path(inp).exists():
            continue
        p = Path(inp)
        if p.is_dir():
            if target.is_relative_to(p.resolve()):
                return f"--out {out} is inside the INPUT folder {inp}; write it elsewhere"
        elif target == p.resolve() or (target.exists() and os.path.samefile(target, p)):
            return f"--out {out} is the input file {inp} itself; writing there would replace it"
    return None


def run_analysis(
    command: str,
    args: Any,
    record: Callable[[Article], dict[str, Any]],
    csv_rows: Callable[[Article], Iterable[dict[str, Any]]],
    csv_fields: list[str],
    errors: tuple[type[BaseException], ...] = (),
    also_read: Iterable[str | Path | None] = (),
) -> int:
    """The shared body of ``newsdesk quotes|sentiment|frames``: read ``args.input``, write one
    JSON line per article (``record(article)``) or CSV rows (``csv_rows(article)``) to
    ``args.out`` or standard output. Returns the exit status: 0, or 1 with one line on
    standard error naming the input and the reason (nothing is left half-written in --out),
    or 2 when ``--out`` would overwrite the input (or ``also_read``, another file the command
    reads): nothing is read or written.

    A malformed line of a JSON Lines input (not UTF-8, not JSON, no text) is named on standard
    error and the rest goes on: in JSON Lines output an ``{"id", "error"}`` line takes its place
    (one line per record, same order), in CSV one row with only ``id`` and the last column,
    ``error``; the exit status is then 1. An input without any record (an empty file) is named
    on standard error, exit status 1, and an existing ``--out`` is left as it was. An id on
    more than one line is named once on standard error; each line is analysed (exit status 0).
    """
    clash = out_clobbers(args.out, [args.input, *also_read])
    if clash:
        print(f"newsdesk {command}: {clash}; nothing was read or written", file=sys.stderr)
        return 2
    bad: list[BadRecord] = []
    lines_of_id: dict[str, list[int]] = {}

    def articles() -> Iterator[Article | BadRecord]:
        for a in iter_input(args.input, bad_records=True, lines_of_id=lines_of_id):
            if isinstance(a, BadRecord):
                print(f"newsdesk {command}: {a.reason}; skipped, the rest goes on", file=sys.stderr)
                bad.append(a)
            yield a

    try:
        stream = articles()
        first = list(itertools.islice(stream, 1))
        if not first:  # an empty file (a .txt of only white space too): say so, and keep what --out holds
            kept = f"; {args.out} was left as it was" if args.out and Path(args.out).exists() else ""
            print(f"newsdesk {command}: {args.input}: no records; nothing analysed{kept}", file=sys.stderr)
            if not args.out or not kept:
                write_csv([], [*csv_fields, "error"], args.out) if args.format == "csv" else write_jsonl([], args.out)
            return 1
        items = itertools.chain(first, stream)
        if args.format == "csv":
            rows = (row for a in items
                    for row in (csv_rows(a) if isinstance(a, Article) else [{"id": a.id, "error": a.reason}]))
            write_csv(rows, [*csv_fields, "error"], args.out)
        else:
            write_jsonl((record(a) if isinstance(a, Article) else {"id": a.id, "error": a.reason} for a in items),
                        args.out)
    except BrokenPipeError:
        raise  # `| head`: the cli entry point exits quietly
    except (InputError, OSError, *errors) as exc:
        print(f"newsdesk {command}: {exc}", file=sys.stderr)
        return 1
    for rid, lines in lines_of_id.items():
        if len(lines) > 1:
            print(f"newsdesk {command}: warning: {args.input}: id {rid!r} is on lines {', '.join(map(str, lines))}; "
                  f"each is analysed and output in input order", file=sys.stderr)
    return 1 if bad else 0

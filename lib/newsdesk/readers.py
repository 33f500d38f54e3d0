"""Raw files -> raw records (text plus metadata), one reader per input format.

Readers only decode and parse; normalization and segmentation happen in ``corpus``.
A problem with a whole file raises ``SkipFile``; a problem with one record of a
multi-record file (a broken JSON line) is yielded as a ``SkipFile`` so the rest goes on.

Formats: ``.txt``/``.md`` (line 1 is a headline when a blank line follows it), ``.html``/
``.htm`` (main text and metadata by trafilatura; site chrome dropped), ``.json`` (an object
or a list of objects with ``text``), ``.jsonl`` (one object a line), ``.csv`` (a text column
plus metadata columns). Metadata may also come from ``manifest.csv`` in the same folder
(keyed by its ``file`` column; comma, semicolon or tab separated) or a sidecar ``NAME.meta.json``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .normalize import DecodeError, decode

SUPPORTED = {".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".ndjson", ".csv"}
# Files that describe a folder rather than being articles.
IGNORED_NAMES = re.compile(r"^(readme|license|licence|attribution|notice)(\.[a-z]+)?$|^manifest\.csv$|\.meta\.json$", re.I)
TEXT_COLUMNS = ("text", "body", "content", "article", "story", "full_text", "maintext")

# Metadata keys as found in the wild -> the Article field they fill.
FIELD_ALIASES = {
    "title": "title", "headline": "title",
    "source": "source", "publisher": "source", "outlet": "source", "sitename": "source", "site": "source",
    "date": "date", "published": "date", "pubdate": "date", "published_at": "date", "publication_date": "date",
    "url": "url", "source_url": "url", "link": "url",
    "author": "author", "authors": "author", "byline": "author",
    "licence": "licence", "license": "licence",
    "attribution": "attribution", "genre": "genre", "id": "id",
}


class SkipFile(Exception):
    """A file (or one record) cannot be read; ``str(exc)`` is the reason."""

    def __init__(self, reason: str, where: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.where = where


@dataclass(slots=True)
class RawRecord:
    """One article as read: raw text (decoded, not yet normalized) and metadata."""

    path: Path
    where: str  # the file, or file:line / file:row for multi-record files
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    stem: str = ""
    explicit_id: str | None = None
    headline_rule: bool = False  # apply the "line 1 + blank line = headline" rule
    warnings: list[str] = field(default_factory=list)
    # the warnings (also in ``warnings``) that concern the whole file, e.g. its decoding:
    # ingest reports them once per file, not once per record
    file_warnings: list[str] = field(default_factory=list)


def canonical_meta(raw: dict[str, Any]) -> dict[str, Any]:
    """Map metadata keys to Article fields (``publisher`` -> ``source`` ...); others kept.

    >>> canonical_meta({"Headline": "X", "publisher": "AP", "words": "3"})
    {'title': 'X', 'source': 'AP', 'words': '3'}
    """
    out: dict[str, Any] = {}
    for k, v in raw.items():
        if v is None or (isinstance(v, str) and not v.strip()):
            continue
        key = FIELD_ALIASES.get(str(k).strip().lower(), str(k).strip())
        if key in FIELD_ALIASES.values() and key in out:
            continue  # first alias wins
        out[key] = v.strip() if isinstance(v, str) else v
    return out


MANIFEST_NAME = "manifest.csv"
MANIFEST_KEYS = ("file", "filename", "path", "name")
MANIFEST_DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}


@dataclass(slots=True)
class Manifest:
    """A folder's ``manifest.csv``: metadata by file name, the line of each row, and what is wrong."""

    path: Path
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # file name as written -> its line
    problems: list[tuple[str, str]] = field(default_factory=list)  # (where, message)


def rows_with_lines(reader) -> Iterator[tuple[int, list[str]]]:
    """The rows still to come from a ``csv.reader``, each with the physical line it starts on
    (a quoted line break makes a row span lines, so ``reader.line_num`` is where it ends)."""
    last = reader.line_num
    for row in reader:
        line, last = last + 1, reader.line_num
        yield line, row


def field_count_problem(line: int, row: list[str], header: list[str], more: str, fewer: str | None = None) -> str | None:
    """Why a CSV row cannot be read by its header's columns (``more`` / ``fewer``: what to do about
    a row with more or fewer fields), or None when the counts agree.

    >>> field_count_problem(3, ["a", "b", "c"], ["id", "text"], "quote a text that contains a comma")
    'line 3 has 3 fields, the header 2: quote a text that contains a comma'
    """
    if len(row) == len(header):
        return None
    hint = more if len(row) > len(header) else fewer
    return f"line {line} has {len(row)} fields, the header {len(header)}" + (f": {hint}" if hint else "")


def read_manifest(path: Path) -> Manifest:
    """Parse a manifest: columns separated by commas, semicolons (Excel in much of Europe) or
    tabs, told apart by the header, which must have a ``file`` (or ``filename``, ``path``,
    ``name``) column. Rows that cannot be used are listed in ``problems`` with their line.
    """
    m = Manifest(path)
    try:
        text, warns = read_text(path)
    except SkipFile as exc:
        m.problems.append((str(path), f"manifest not used: {exc.reason}"))
        return m
    m.problems += [(str(path), w) for w in warns]
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = key = None
    for d in MANIFEST_DELIMITERS:
        header = [h.strip().lower() for h in next(csv.reader([first], delimiter=d), [])]
        key = next((k for k in MANIFEST_KEYS if k in header), None)
        if key is not None:
            delimiter = d
            break
    if delimiter is None:
        m.problems.append((str(path), f"manifest not used: its header has no {' / '.join(MANIFEST_KEYS)} column "
                                      f"naming the files (header: {first[:120]!r}); separate columns with commas, semicolons or tabs"))
        return m
    csv.field_size_limit(1 << 30)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    try:
        for line, row in rows_with_lines(reader):
            if not row or not any(f.strip() for f in row):
                continue
            if header is None:
                header = [h.strip() for h in row]
                kcol = [h.lower() for h in header].index(key)
                continue
            where = f"{path}:{line}"
            problem = field_count_problem(line, row, header, "quote a value that contains the separator")
            if problem:
                m.problems.append((where, f"row not used: {problem}"))
                continue
            name = row[kcol].strip()
            if not name:
                m.problems.append((where, "row not used: it names no file"))
                continue
            base = Path(name).name
            if base in m.rows:
                m.problems.append((where, f"{base} is named again (first on line {m.lines[base]}); the later row is used"))
            m.rows[base] = {h: v for i, (h, v) in enumerate(zip(header, row)) if i != kcol}
            m.lines[base] = line
    except csv.Error as exc:
        m.problems.append((f"{path}:{reader.line_num}", f"malformed CSV ({exc}); the rows after it are not used"))
    return m


@lru_cache(maxsize=256)
def _manifest_cached(path: Path, mtime_ns: int, size: int) -> Manifest:
    return read_manifest(path)


def manifest(folder: Path) -> Manifest | None:
    """The folder's ``manifest.csv``, or None; re-read when the file changes (a notebook may edit it)."""
    path = Path(folder) / MANIFEST_NAME
    try:
        st = path.stat()
    except OSError:
        return None
    if not path.is_file():
        return None
    return _manifest_cached(path, st.st_mtime_ns, st.st_size)


def manifest_warnings(folder: Path) -> list[tuple[str, str]]:
    """``(where, message)`` for every problem of the folder's manifest, including rows that
    name no file in the folder (with a close name when there is one).

    >>> manifest_warnings(Path("/nonexistent"))
    []
    """
    m = manifest(folder)
    if m is None:
        return []
    out = list(m.problems)
    try:
        names = set(os.listdir(folder))
    except OSError:
        return out
    lower = {n.lower(): n for n in names}
    stems: dict[str, list[str]] = {}
    for n in names:
        stems.setdefault(Path(n).stem.lower(), []).append(n)
    for base, line in sorted(m.lines.items(), key=lambda kv: kv[1]):
        if base in names:
            continue
        close = [lower[base.lower()]] if base.lower() in lower else sorted(n for n in stems.get(base.lower(), []) if n != MANIFEST_NAME)
        hint = f" (did you mean {' or '.join(close)}?)" if close else ""
        out.append((f"{m.path}:{line}", f"row names {base!r}, which matches no file in {folder}{hint}; its metadata is not used"))
    return out


def file_metadata(path: Path) -> dict[str, Any]:
    """Metadata for a file from its folder's ``manifest.csv`` and its sidecar ``.meta.json``."""
    m = manifest(path.parent)
    meta = dict(m.rows.get(path.name, {})) if m else {}
    for side in (path.with_suffix(".meta.json"), path.with_name(path.name + ".meta.json")):
        if side.is_file():
            try:
                extra = json.loads(side.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise SkipFile(f"sidecar {side.name} is not valid JSON ({exc})") from None
            if isinstance(extra, dict):
                meta.update(extra)
            break
    return canonical_meta(meta)


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except PermissionError:
        raise SkipFile("unreadable: permission denied") from None
    except OSError as exc:
        raise SkipFile(f"unreadable: {exc.strerror or exc}") from None


def read_text(path: Path) -> tuple[str, list[str]]:
    """Decode a file, raising ``SkipFile`` for empty, binary or undecodable content."""
    data = read_bytes(path)
    if not data.strip():
        raise SkipFile("empty file" if not data else "only whitespace")
    try:
        text, warns = decode(data)
    except DecodeError as exc:
        raise SkipFile(str(exc)) from None
    if not text.strip():
        raise SkipFile("only whitespace")
    return text, warns


def read_plain(path: Path) -> Iterator[RawRecord]:
    text, warns = read_text(path)
    if path.suffix.lower() in (".md", ".markdown"):
        text = strip_markdown(text)
    yield RawRecord(path, str(path), text, file_metadata(path), path.stem, None, True, warns, list(warns))


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^#{1,6}\s+", re.M)
_MD_EMPH = re.compile(r"(\*\*|__)(.+?)\1")


def strip_markdown(text: str) -> str:
    """Drop Markdown syntax that is not text: heading hashes, link targets, bold markers.

    >>> strip_markdown("# Title\\n\\nSee [the report](http://x) **now**.")
    'Title\\n\\nSee the report now.'
    """
    text = _MD_HEADING.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    return _MD_EMPH.sub(r"\2", text)


# Pages that are not articles although text was extracted from them.
_NEEDS_JAVASCRIPT = re.compile(r"\b(enable|turn on|activate) javascript\b|\bjavascript (is )?(required|disabled|needed)\b|"
                               r"\brequires javascript\b", re.I)
_PAYWALL = re.compile(r"\bsubscribe (now )?to (continue|keep) reading\b|\b(to )?continue reading,? (please )?(subscribe|log ?in|sign ?in)\b|"
                      r"\balready a subscriber\b|\bfor subscribers only\b|\bsubscribers?[- ]only (content|article)\b|"
                      r"\bthis (article|content) is (only )?(available|reserved) (only )?(to|for) (paying )?subscribers\b", re.I)
_SENTENCE_END = re.compile(r"[.!?…]")
SHORT_PAGE_WORDS = 25


def page_problems(text: str) -> tuple[str | None, list[str]]:
    """Judge the text extracted from a web page: ``(skip_reason, warnings)``.

    A page with fewer than ``SHORT_PAGE_WORDS`` words and no sentence (a navigation or index
    page) or that only asks for JavaScript is skipped; a paywall notice or a very short text
    is kept with a warning, so the researcher can decide.

    >>> page_problems("Home / World / Politics / Business")[0]
    'only 4 words and no sentence: a navigation or index page, not an article'
    >>> page_problems("Subscribe to continue reading.")[1]
    ['the page asks readers to subscribe or log in (a paywall?): the text may be only a teaser', 'only 4 words: a stub rather than an article?']
    """
    words = len(re.findall(r"\w+", text))
    short = words < SHORT_PAGE_WORDS
    if short and not _SENTENCE_END.search(text):
        return f"only {words} words and no sentence: a navigation or index page, not an article", []
    if short and _NEEDS_JAVASCRIPT.search(text):
        return "a 'please enable JavaScript' page: the article text is loaded by a script and not in the file", []
    warns = []
    if _NEEDS_JAVASCRIPT.search(text):
        warns.append("the page asks for JavaScript: the text may be incomplete")
    if _PAYWALL.search(text):
        warns.append("the page asks readers to subscribe or log in (a paywall?): the text may be only a teaser")
    if short:
        warns.append(f"only {words} words: a stub rather than an article?")
    return None, warns


def read_html(path: Path) -> Iterator[RawRecord]:
    import trafilatura
    from trafilatura.settings import set_date_params

    html, warns = read_text(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # dates only from the page's metadata (meta tags, <time>, JSON-LD, URL): the
        # extensive search also takes a year from a "© 2019" footer or any date in the text
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False,
                                          date_extraction_params=set_date_params(extensive=False))
    if doc is None:
        raise SkipFile("HTML has no extractable article text")
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = d.get("text") or ""
    if not text.strip():
        raise SkipFile("HTML has no extractable article text")
    meta = {k: d.get(k) for k in ("title", "author", "date", "url", "sitename", "description") if d.get(k)}
    title = meta.get("title")
    lines = text.split("\n")
    if title and lines and lines[0].strip() == title.strip():
        text = "\n".join(lines[1:])
    skip, page_warns = page_problems(text)
    if skip:
        raise SkipFile(skip)
    meta = canonical_meta(meta)
    meta.update(file_metadata(path))
    yield RawRecord(path, str(path), text, meta, path.stem, None, False, warns + page_warns, list(warns))


def _record(path: Path, where: str, obj: Any, n: int, warns: list[str]) -> RawRecord:
    if not isinstance(obj, dict):
        raise SkipFile("record is not a JSON object", where)
    text = obj.get("text")
    if text is None:
        text = next((obj[k] for k in TEXT_COLUMNS if isinstance(obj.get(k), str)), None)
    if not isinstance(text, str):
        raise SkipFile('record has no "text" field', where)
    if not text.strip():
        raise SkipFile("record text is empty", where)
    meta = canonical_meta({k: v for k, v in obj.items() if k not in TEXT_COLUMNS})
    explicit = str(meta.pop("id")) if meta.get("id") not in (None, "") else None
    return RawRecord(path, where, text, meta, f"{path.stem}-{n}", explicit, False, list(warns), list(warns))


def read_json(path: Path) -> Iterator[RawRecord | SkipFile]:
    text, warns = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SkipFile(f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if isinstance(data, dict):
        rec = _record(path, str(path), data, 1, warns)
        rec.stem = path.stem
        yield rec
        return
    if not isinstance(data, list):
        raise SkipFile("JSON is neither an object nor a list of objects")
    for n, obj in enumerate(data, 1):
        try:
            yield _record(path, f"{path}[{n}]", obj, n, warns)
        except SkipFile as exc:
            yield exc


def read_jsonl(path: Path) -> Iterator[RawRecord | SkipFile]:
    text, warns = read_text(path)
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield SkipFile(f"broken JSON line ({exc.msg})", where)
            continue
        try:
            yield _record(path, where, obj, n, warns)
        except SkipFile as exc:
            yield exc


def read_csv(path: Path) -> Iterator[RawRecord | SkipFile]:
    """One record a row. A row with more fields than the header (an unquoted comma in the text)
    or fewer is skipped with its line number: its values would land in the wrong columns."""
    text, warns = read_text(path)
    csv.field_size_limit(1 << 30)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        fieldnames = next(reader, None)
        while fieldnames == []:  # blank lines before the header
            fieldnames = next(reader, None)
    except csv.Error as exc:
        raise SkipFile(f"malformed CSV header ({exc})") from None
    fieldnames = fieldnames or []
    columns = [c.strip().lower() for c in fieldnames]
    col = next((fieldnames[columns.index(c)] for c in TEXT_COLUMNS if c in columns), None)
    if col is None:
        raise SkipFile(f"CSV has no text column (looked for: {', '.join(TEXT_COLUMNS)}; found: {', '.join(columns) or 'none'})")
    n = 1  # counts records; row 1 is the header
    try:
        for line, row in rows_with_lines(reader):
            if row == []:  # a blank line (as csv.DictReader skips it)
                continue
            n += 1
            where = f"{path}:row {n}"
            problem = field_count_problem(line, row, fieldnames, "quote a text that contains a comma",
                                          "a field is missing, or a text with a line break is not quoted")
            if problem:
                yield SkipFile(problem, where)
                continue
            obj = {("text" if k == col else k): v for k, v in zip(fieldnames, row)}
            try:
                yield _record(path, where, obj, n - 1, warns)
            except SkipFile as exc:
                yield exc
    except csv.Error as exc:
        yield SkipFile(f"malformed CSV ({exc})", f"{path}:row {reader.line_num}")


READERS = {
    ".txt": read_plain, ".md": read_plain, ".markdown": read_plain,
    ".html": read_html, ".htm": read_html,
    ".json": read_json, ".jsonl": read_jsonl, ".ndjson": read_jsonl, ".csv": read_csv,
}


def read(path: Path) -> Iterator[RawRecord | SkipFile]:
    """Yield the records of one file (or ``SkipFile`` for a bad record); raise ``SkipFile``
    when the whole file cannot be read."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise SkipFile(f"unsupported file type {path.suffix or '(no extension)'!r} (supported: {', '.join(sorted(SUPPORTED))})")
    yield from reader(path)

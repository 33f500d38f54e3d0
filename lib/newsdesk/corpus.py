"""The corpus: ingest raw articles into ``corpus/`` and load them back for notebooks.

``ingest`` streams: each article is normalized, segmented and spilled to a temporary
file as it is read, keeping only a small index (id, hash, MinHash signature) in memory,
then the final files are written sorted by id and renamed into place:

- ``articles.jsonl``   one ``Article.to_dict()`` a line (schema: docs/corpus-schema.md)
- ``sentences.parquet`` one row a sentence: article_id, sentence, paragraph, start, end, text
- ``articles.csv``      the article table without text (for spreadsheets)
- ``ingest_report.json`` files skipped (with reasons) and warnings

Re-running on unchanged input writes byte-identical files.

>>> import newsdesk.corpus as c   # doctest: +SKIP
>>> c.load().columns[:3].tolist()  # doctest: +SKIP
['id', 'title', 'source']
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import sys
import tempfile
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from . import atomic, boilerplate, config, normalize, readers, segment
from .model import Article

ARTICLES_FILE = "articles.jsonl"
SENTENCES_FILE = "sentences.parquet"
TABLE_FILE = "articles.csv"
REPORT_FILE = "ingest_report.json"
NEAR_DUPLICATE_JACCARD = 0.7
TABLE_COLUMNS = [
    "id", "title", "source", "date", "url", "author", "licence", "genre", "word_count",
    "n_paragraphs", "n_sentences", "content_hash", "raw_path", "duplicate_sources",
    "near_duplicates", "boilerplate_removed", "warnings",
]


# Names ``newsdesk reports`` uses at the top of outputs/ (outputs/tables/, outputs/index.html,
# outputs/corpus.html): an article with such an id would have its reports mixed in with them.
RESERVED_IDS = frozenset({"tables", "index", "corpus"})


# ---------------------------------------------------------------- small pure rules
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_id(raw: str) -> str:
    """Return a filesystem-safe id: ASCII letters, digits, ``.``, ``_``, ``-``; no leading dot.

    >>> safe_id("../Bürger Meldung (2).txt")
    'Burger_Meldung_2_.txt'
    """
    s = unicodedata.normalize("NFKD", str(raw)).encode("ascii", "ignore").decode()
    s = _UNSAFE.sub("_", s).strip("._-")
    s = re.sub(r"\.{2,}", ".", s)
    return s[:100] or "article"


def unreserved_id(aid: str) -> str:
    """An id that is not one of the names ``outputs/`` uses (compared ignoring case).

    >>> unreserved_id("tables"), unreserved_id("Index"), unreserved_id("tables_2024")
    ('tables-article', 'Index-article', 'tables_2024')
    """
    return f"{aid}-article" if aid.lower() in RESERVED_IDS else aid


def iso_date(value: Any) -> str | None:
    """Return an ISO 8601 date (``YYYY-MM-DD``, or with time when one is given) or None.

    >>> iso_date("March 5, 2024"), iso_date("2024-03-05T10:00:00Z"), iso_date("soon")
    ('2024-03-05', '2024-03-05T10:00:00+00:00', None)
    """
    if value in (None, ""):
        return None
    s = str(value).strip()
    try:
        dt = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        from dateutil import parser

        try:
            dt = parser.parse(s, default=datetime(1900, 1, 1))
        except (ValueError, OverflowError):
            return None
        if dt.year == 1900:
            return None
    if (dt.hour, dt.minute, dt.second) == (0, 0, 0) and dt.tzinfo is None:
        return dt.date().isoformat()
    return dt.isoformat()


def split_headline(text: str) -> tuple[str | None, str]:
    """Line 1 is a headline when a blank line follows it and it does not end a sentence.

    >>> split_headline("Big news\\n\\nBody text.")
    ('Big news', 'Body text.')
    >>> split_headline("A whole paragraph.\\nNext one.")
    (None, 'A whole paragraph.\\nNext one.')
    >>> split_headline("Officials said “yes.”\\n\\nMore.")[0] is None
    True
    """
    head, sep, body = text.partition("\n\n")
    if sep and "\n" not in head and body.strip() and len(head) <= 250 and not _ENDS_SENTENCE.search(head):
        return head.strip(), body
    return None, text


# A line ending like a sentence (period, possibly inside closing quotes) is body text,
# not a headline: headlines carry no final period.
_ENDS_SENTENCE = re.compile(r"[.…][\"'”’»›)\]]*\s*$")


def content_hash(text: str) -> str:
    """SHA-256 of the normalized text (hex)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- near-duplicates
_MINHASH_PRIME = np.uint64((1 << 31) - 1)
_rng = np.random.default_rng(20240305)
_MINHASH_A = _rng.integers(1, (1 << 31) - 1, size=64, dtype=np.uint64)
_MINHASH_B = _rng.integers(0, (1 << 31) - 1, size=64, dtype=np.uint64)
_BANDS, _ROWS = 16, 4


def minhash(text: str, k: int = 5) -> np.ndarray:
    """64-value MinHash signature of the word ``k``-shingles of ``text``."""
    words = text.lower().split()
    grams = [" ".join(words[i : i + k]) for i in range(max(1, len(words) - k + 1))]
    h = np.fromiter((zlib.crc32(g.encode()) for g in grams), dtype=np.uint64, count=len(grams))
    return ((np.outer(_MINHASH_A, h) + _MINHASH_B[:, None]) % _MINHASH_PRIME).min(axis=1)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two MinHash signatures."""
    return float(np.mean(a == b))


def near_duplicate_pairs(signatures: dict[str, np.ndarray], threshold: float = NEAR_DUPLICATE_JACCARD) -> list[tuple[str, str, float]]:
    """Pairs of ids whose signatures agree on at least ``threshold`` (LSH banding)."""
    buckets: dict[tuple[int, bytes], list[str]] = {}
    for aid, sig in signatures.items():
        for b in range(_BANDS):
            buckets.setdefault((b, sig[b * _ROWS : (b + 1) * _ROWS].tobytes()), []).append(aid)
    seen: set[tuple[str, str]] = set()
    out = []
    for ids in buckets.values():
        for i in range(len(ids)):
            for j in range(i + 1, len(ids)):
                pair = tuple(sorted((ids[i], ids[j])))
                if pair in seen:
                    continue
                seen.add(pair)
                s = similarity(signatures[pair[0]], signatures[pair[1]])
                if s >= threshold:
                    out.append((pair[0], pair[1], s))
    return sorted(out)


# ---------------------------------------------------------------- building articles
_WORDS = re.compile(r"[^\W\d_]+")
_ENGLISH = frozenset("the of and to a in is that for it on was with as he she be by at said are from this have has "
                     "not but they his her their we an or will who would been were which its".split())


def looks_english(text: str, min_words: int = 40) -> bool:
    """False when a text of ``min_words`` words or more has few of the commonest English words
    (under 8%; English news runs at 30-40%, German or Spanish at 1-4%). Shorter texts pass.

    >>> looks_english("Die Opposition erklärte am Montag, der Plan sei ungerecht und müsse geändert werden. " * 5)
    False
    >>> looks_english("The opposition said on Monday that the plan was unfair and would have to be changed. " * 5)
    True
    """
    words = [w.lower() for w in _WORDS.findall(text)]
    if len(words) < min_words:
        return True
    return sum(w in _ENGLISH for w in words) / len(words) >= 0.08


def raw_path_of(path: Path, root: Path | None) -> str:
    """The raw file as ``raw_path`` gives it: relative to the parent of its source folder
    ``root`` (``seeds/story.txt``), however the folder was named on the command line.

    >>> raw_path_of(Path("/data/F1/story.txt"), Path("/data/F1")), raw_path_of(Path("x.txt"), None)
    ('F1/story.txt', 'x.txt')
    """
    if root is None:
        return str(path)
    file, base = os.path.abspath(path), os.path.abspath(root)
    if os.path.commonpath([file, base]) != base:
        return str(path)
    return Path(os.path.relpath(file, os.path.dirname(base))).as_posix()


def build_article(rec: readers.RawRecord, article_id: str, pattern: re.Pattern[str] | None = None, root: Path | None = None) -> Article:
    """Normalize, strip boilerplate and segment one raw record into an ``Article``.

    ``root`` is the source folder the record was found in (``raw_path`` is given relative to
    its parent). Raises ``readers.SkipFile`` when nothing is left after normalization.
    """
    text = normalize.normalize_text(rec.text)
    title = None
    if rec.headline_rule:
        title, text = split_headline(text)
    text, removed = boilerplate.strip(text, pattern)
    if not text.strip():
        raise readers.SkipFile("no article text left after normalization" + (" and boilerplate removal" if removed else ""), rec.where)
    meta = dict(rec.meta)
    title = meta.pop("title", None) or title
    warnings = list(rec.warnings)
    date = iso_date(meta.get("date"))
    if meta.get("date") and date is None:
        warnings.append(f"unreadable date {meta['date']!r}")
    meta.pop("date", None)
    if not looks_english(text):
        warnings.append("does not look like English text: the analyses (VADER, quote and frame cues, name lists) "
                        "are English-only, so its figures would mean little")
    paragraphs = segment.paragraph_spans(text)
    raw_path = raw_path_of(rec.path, root)
    known = {k: meta.pop(k, None) for k in ("source", "url", "author", "licence", "attribution", "genre")}
    return Article(
        id=article_id,
        text=text,
        title=normalize.normalize_text(str(title)) if title else None,
        date=date,
        paragraphs=paragraphs,
        sentences=segment.sentences(text, paragraphs),
        word_count=segment.word_count(text),
        content_hash=content_hash(text),
        raw_path=raw_path,
        boilerplate_removed=removed,
        warnings=warnings,
        extra={k: v for k, v in meta.items() if isinstance(v, (str, int, float, bool))},
        **{k: (str(v) if v is not None else None) for k, v in known.items()},
    )


# ---------------------------------------------------------------- ingest
@dataclass
class IngestReport:
    """What an ingest run did; ``skipped`` holds ``(where, reason)`` pairs."""

    articles: int = 0
    files: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    duplicates: int = 0
    near_duplicates: int = 0
    warnings: list[tuple[str, str]] = field(default_factory=list)
    kept_existing: bool = False  # no article was read, so the corpus already in ``out`` was left as it was

    def summary(self) -> str:
        s = f"ingested {self.articles} articles from {self.files} files"
        extra = []
        if self.duplicates:
            extra.append(f"{self.duplicates} exact duplicates collapsed")
        if self.near_duplicates:
            extra.append(f"{self.near_duplicates} near-duplicate pairs flagged")
        if self.warnings:
            extra.append(f"{len(self.warnings)} warnings")
        records = sum(1 for where, _ in self.skipped if _RECORD_WHERE.search(where))
        files = len(self.skipped) - records
        if records:  # a bad line of a JSON Lines or CSV file skips that record, not its file
            extra.append(f"{files} files and {records} records skipped")
        else:
            extra.append(f"{files} skipped")
        return s + " (" + ", ".join(extra) + ")"


_RECORD_WHERE = re.compile(r":(?:row )?\d+$")  # "file.jsonl:12", "file.csv:row 3": one record of a multi-record file


def symlink_problem(link: Path, root: Path | None = None) -> str | None:
    """Why a symlink is not followed (a loop, a missing target, a target outside ``root``), or None."""
    try:
        target = link.resolve(strict=True)
    except RuntimeError:  # Python < 3.13: "Symlink loop from ..."
        return "symlink loop (not followed)"
    except FileNotFoundError:
        try:
            to = os.readlink(link)
        except OSError:
            to = "?"
        return f"broken symlink: its target {to} does not exist"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop (not followed)"
        return f"unreadable symlink: {exc.strerror or exc}"
    if root is not None and not target.is_relative_to(root):
        return "symlink pointing outside the source folder (not followed)"
    return None


def _folder_problem(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "folder unreadable: permission denied"
    return f"folder unreadable: {exc.strerror or exc}"


def _walk(folder: Path, root: Path, found: list[tuple[Path, str | None]]) -> None:
    """Collect the candidate files under ``folder`` (hidden entries passed over, symlinked
    folders not entered) and every folder or link that cannot be read, with the reason."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        found.append((folder, _folder_problem(exc)))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        p = folder / entry.name
        try:
            if entry.is_symlink():
                problem = symlink_problem(p, root)
                if problem:
                    found.append((p, problem))
                    continue
                if p.is_dir():  # a link to a folder inside the source: its files are read there
                    continue
            elif entry.is_dir(follow_symlinks=False):
                _walk(p, root, found)
                continue
        except OSError as exc:
            found.append((p, f"unreadable: {exc.strerror or exc}"))
            continue
        if not readers.IGNORED_NAMES.search(entry.name):
            found.append((p, None))


def discover(sources: Iterable[str | Path]) -> Iterator[tuple[Path, Path | None, str | None]]:
    """Yield ``(file, root, problem)`` for every candidate file under the sources, sorted.

    Descriptive files (README, manifest.csv, *.meta.json) and hidden files are passed over.
    Reported, not followed: a symlink that leads outside its source folder, a symlink loop,
    a broken symlink; a folder that cannot be read is reported as well.
    """
    for src in sources:
        src = Path(src)
        if src.is_dir():
            found: list[tuple[Path, str | None]] = []
            _walk(src, src.resolve(), found)
            for p, problem in sorted(found, key=lambda f: f[0]):
                yield p, src, problem
        elif src.is_symlink():
            yield src, src.parent, symlink_problem(src)
        elif src.exists():
            yield src, src.parent, None
        else:
            yield src, None, "no such file or folder"


class OutputInSourceError(ValueError):
    """The output folder and a source overlap: the corpus would be read back as articles."""


def check_out_folder(sources: Iterable[str | Path], out: str | Path) -> None:
    """Raise ``OutputInSourceError`` (one line naming both paths) when ``out`` is a source
    folder, lies inside one, or contains a source: the written corpus files would be read as
    articles by the next ingest.

    >>> check_out_folder(["seeds"], "corpus")
    """
    o = Path(out).resolve()
    for s in sources:
        s = Path(s)
        if not s.exists():
            continue
        r = s.resolve()
        if s.is_dir() and o == r:
            why = f"the output folder {out} is the source folder {s}"
        elif s.is_dir() and o.is_relative_to(r):
            why = f"the output folder {out} is inside the source folder {s}"
        elif r.is_relative_to(o):
            why = f"the source {s} is inside the output folder {out}"
        else:
            continue
        raise OutputInSourceError(f"{why}: the corpus files would be read back as articles; write the corpus to another folder")


def ingest(
    sources: Iterable[str | Path] | None = None,
    out: str | Path | None = None,
    boilerplate_file: str | Path | None = None,
    progress: bool = False,
    log=None,
) -> IngestReport:
    """Read every source, write the corpus into ``out``; return what happened.

    ``log`` is called with one line per skipped file or warning (default: print to stderr).
    Raises ``OutputInSourceError`` (nothing read or written) when ``out`` and a source overlap.
    """
    sources = list(sources) if sources else [config.seeds_dir()]
    out = Path(out) if out else config.corpus_dir()
    log = log or (lambda line: print(line, file=sys.stderr))
    check_out_folder(sources, out)  # before anything is created or written
    pattern = boilerplate.load_patterns(Path(boilerplate_file) if boilerplate_file else None)
    with atomic.exclusive_lock(out, "ingest"):
        return _ingest_locked(sources, out, pattern, progress, log)


def _ingest_locked(sources, out: Path, pattern, progress: bool, log) -> IngestReport:
    report = IngestReport()

    index: dict[str, tuple[int, int]] = {}  # id -> (offset, length) in the spill file
    by_hash: dict[str, str] = {}
    dup_sources: dict[str, list[str]] = {}
    signatures: dict[str, np.ndarray] = {}
    explicit_ids: dict[str, str] = {}
    taken: set[str] = set()

    def skip(where: str, reason: str) -> None:
        report.skipped.append((where, reason))
        log(f"skipped {where}: {reason}")

    def warn(where: str, warning: str) -> None:
        report.warnings.append((where, warning))
        log(f"warning {where}: {warning}")

    files = list(discover(sources))
    # manifest rows that cannot be used or name no file: said once, before the files
    for folder in sorted({p.parent for p, root, problem in files if root is not None and not problem}):
        for where, w in readers.manifest_warnings(folder):
            warn(where, w)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="file", desc="ingest", file=sys.stderr)
    with tempfile.TemporaryFile(dir=out) as spill:
        for path, root, problem in files:
            if bar:
                bar.update()
            report.files += 1
            if problem:
                skip(str(path), problem)
                continue
            file_warned = False
            try:
                for item in readers.read(path):
                    if isinstance(item, readers.SkipFile):
                        skip(item.where or str(path), item.reason)
                        continue
                    rec = item
                    if not file_warned:  # a file's decoding warning: once, even if its records are duplicates
                        file_warned = True
                        for w in rec.file_warnings:
                            warn(str(path), w)
                    wanted = safe_id(rec.explicit_id if rec.explicit_id is not None else rec.stem)
                    aid = unreserved_id(wanted)
                    if rec.explicit_id is not None:
                        if aid in explicit_ids or aid in taken:
                            skip(rec.where, f"duplicate id {aid!r} (first used by {explicit_ids.get(aid, 'another file')})")
                            continue
                    else:
                        base, n = aid, 2
                        while aid in taken:
                            aid, n = f"{base}-{n}", n + 1
                    if aid != wanted:
                        rec.warnings.append(f"id {wanted!r} is a name newsdesk reports uses in outputs/; the article's id is {aid!r}")
                    try:
                        art = build_article(rec, aid, pattern, root)
                    except readers.SkipFile as exc:
                        skip(exc.where or rec.where, exc.reason)
                        continue
                    first = by_hash.get(art.content_hash)
                    if first is not None:
                        dup_sources[first].append(art.raw_path or rec.where)
                        report.duplicates += 1
                        log(f"duplicate {rec.where}: same text as {first!r}; collapsed into it")
                        continue
                    taken.add(aid)
                    if rec.explicit_id is not None:
                        explicit_ids[aid] = rec.where
                    by_hash[art.content_hash] = aid
                    dup_sources[aid] = []
                    signatures[aid] = minhash(art.text)
                    for w in art.warnings:
                        if w not in rec.file_warnings:
                            warn(rec.where, w)
                    line = json.dumps(art.to_dict(), ensure_ascii=False, sort_keys=True).encode("utf-8")
                    index[aid] = (spill.tell(), len(line))
                    spill.write(line)
            except readers.SkipFile as exc:
                skip(exc.where or str(path), exc.reason)
            except (OSError, ValueError, RecursionError) as exc:
                skip(str(path), f"{type(exc).__name__}: {exc}")
        if bar:
            bar.close()

        if not index and (out / ARTICLES_FILE).exists():
            # every source was unusable: keep the corpus that is there rather than replace it with nothing
            report.kept_existing = True
            return report
        near: dict[str, list[str]] = {aid: [] for aid in index}
        for a, b, _ in near_duplicate_pairs(signatures):
            near[a].append(b)
            near[b].append(a)
            report.near_duplicates += 1
        _write_outputs(out, spill, index, dup_sources, near)
    report.articles = len(index)
    _write_report(out, report)
    return report


def _write_outputs(out: Path, spill, index, dup_sources, near) -> None:
    import csv

    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([
        ("article_id", pa.string()), ("sentence", pa.int32()), ("paragraph", pa.int32()),
        ("start", pa.int32()), ("end", pa.int32()), ("text", pa.string()),
    ])
    with (
        atomic.path_atomic(out / SENTENCES_FILE) as tmp_parquet,
        atomic.open_atomic(out / ARTICLES_FILE) as jf,
        atomic.open_atomic(out / TABLE_FILE) as cf,
    ):
        writer = pq.ParquetWriter(tmp_parquet, schema, compression="zstd")
        table = csv.DictWriter(cf, TABLE_COLUMNS, lineterminator="\n", extrasaction="ignore")
        table.writeheader()
        cols: dict[str, list] = {n: [] for n in schema.names}
        for aid in sorted(index):
            offset, length = index[aid]
            spill.seek(offset)
            d = json.loads(spill.read(length))
            d["duplicate_sources"] = dup_sources[aid]
            d["near_duplicates"] = sorted(near[aid])
            jf.write(json.dumps(d, ensure_ascii=False, sort_keys=True) + "\n")
            row = {k: d.get(k) for k in TABLE_COLUMNS}
            row["n_paragraphs"], row["n_sentences"] = len(d["paragraphs"]), len(d["sentences"])
            for k in ("duplicate_sources", "near_duplicates", "boilerplate_removed", "warnings"):
                row[k] = " | ".join(d[k])
            table.writerow(row)
            text = d["text"]
            for i, (a, b, p) in enumerate(d["sentences"]):
                for name, v in zip(schema.names, (aid, i, p, a, b, text[a:b])):
                    cols[name].append(v)
            if len(cols["article_id"]) >= 50_000:
                writer.write_table(pa.table(cols, schema=schema))
                cols = {n: [] for n in schema.names}
        writer.write_table(pa.table(cols, schema=schema))
        writer.close()


def _write_report(out: Path, report: IngestReport) -> None:
    data = {
        "articles": report.articles,
        "files": report.files,
        "duplicates_collapsed": report.duplicates,
        "near_duplicate_pairs": report.near_duplicates,
        "skipped": [{"file": w, "reason": r} for w, r in report.skipped],
        "warnings": [{"file": w, "warning": r} for w, r in report.warnings],
    }
    atomic.write_text(out / REPORT_FILE, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


# ---------------------------------------------------------------- loading
def _dir(corpus_dir: str | Path | None) -> Path:
    return Path(corpus_dir) if corpus_dir else config.corpus_dir()


def iter_articles(corpus_dir: str | Path | None = None) -> Iterator[Article]:
    """Yield every ``Article`` of the corpus, in id order."""
    path = _dir(corpus_dir) / ARTICLES_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no corpus here; run `newsdesk ingest` (or `make corpus`) first")
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield Article.from_dict(json.loads(line))


def get_article(article_id: str, corpus_dir: str | Path | None = None) -> Article:
    """Return one article by id; ``KeyError`` names close ids when it is not there."""
    ids = []
    for art in iter_articles(corpus_dir):
        if art.id == article_id:
            return art
        ids.append(art.id)
    import difflib

    close = difflib.get_close_matches(article_id, ids, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise KeyError(f"no article {article_id!r} in {_dir(corpus_dir)}{hint}")


def article_ids(corpus_dir: str | Path | None = None) -> list[str]:
    """Return the ids of every article, in order."""
    return [a.id for a in iter_articles(corpus_dir)]


def load(corpus_dir: str | Path | None = None):
    """Return the article table: one row per article (no text), as a pandas DataFrame."""
    import pandas as pd

    rows = []
    for a in iter_articles(corpus_dir):
        d = a.to_dict()
        rows.append({
            **{k: d.get(k) for k in TABLE_COLUMNS if k in d},
            "n_paragraphs": len(a.paragraphs),
            "n_sentences": len(a.sentences),
        })
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def load_sentences(corpus_dir: str | Path | None = None):
    """Return the sentence table (article_id, sentence, paragraph, start, end, text)."""
    import pandas as pd

    path = _dir(corpus_dir) / SENTENCES_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no corpus here; run `newsdesk ingest` (or `make corpus`) first")
    return pd.read_parquet(path)


def corpus_hash(corpus_dir: str | Path | None = None) -> str:
    """SHA-256 of ``articles.jsonl``: identifies the corpus a report was made from."""
    h = hashlib.sha256()
    with (_dir(corpus_dir) / ARTICLES_FILE).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ---------------------------------------------------------------- command line
def cli_main(args) -> int:
    """``newsdesk ingest``: returns 0; 1 when no article could be read (a corpus already there is kept) or,
    with ``--strict``, when anything was skipped; 2 when a source does not exist or the output folder
    overlaps a source folder (nothing is read); 73 when the output folder cannot be written."""
    sources = args.sources or [config.seeds_dir()]
    missing = [str(s) for s in sources if not (Path(s).exists() or Path(s).is_symlink())]
    if missing:
        print(f"newsdesk ingest: {', '.join(missing)}: no such file or folder; nothing was read or written",
              file=sys.stderr)
        return 2
    try:
        report = ingest(sources, args.out, args.boilerplate, progress=not args.quiet and sys.stderr.isatty())
    except atomic.LockedError as exc:
        print(f"newsdesk ingest: {exc}", file=sys.stderr)
        return 75  # EX_TEMPFAIL: try again later
    except atomic.FolderError as exc:
        print(f"newsdesk ingest: {exc}; nothing was read or written", file=sys.stderr)
        return 73  # EX_CANTCREAT
    except OutputInSourceError as exc:
        print(f"newsdesk ingest: {exc}; nothing was read or written", file=sys.stderr)
        return 2
    except ValueError as exc:  # a bad boilerplate pattern file
        print(f"newsdesk ingest: {exc}", file=sys.stderr)
        return 2
    print(report.summary(), file=sys.stderr)
    out = Path(args.out) if args.out else config.corpus_dir()
    if not report.articles:
        kept = f"the corpus in {out} was left as it was" if report.kept_existing else f"wrote an empty corpus in {out}"
        print(f"newsdesk ingest: no article could be read from {', '.join(map(str, sources))}; {kept}", file=sys.stderr)
        return 1
    print(f"wrote {out / ARTICLES_FILE}, {out / TABLE_FILE}, {out / SENTENCES_FILE} and {out / REPORT_FILE}",
          file=sys.stderr)
    if args.strict and report.skipped:
        return 1
    return 0

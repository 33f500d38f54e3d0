"""News frames from readable cue lexicons, with the evidence behind every score.

A *scheme* is one CSV file under ``lexicons/frames/`` (or any path): one row per indicator
(``frame, indicator, question, weight, min_sentences, cues``) below a comment header with
``# scheme:``, ``# version:``, ``# scoring:``, ``# present:`` and optionally ``# fallback:``.
Two ship with the kit:

- ``generic``: the five generic frames of Semetko & Valkenburg (2000), one indicator per
  coding question (20 in all); ``scoring: indicators`` -> a frame's score is the share of
  its questions answered yes (a question is yes when ``min_sentences`` sentences match
  one of its cues).
- ``policy``: the 15 frames of the Policy Frames Codebook (Boydstun et al. 2014);
  ``scoring: salience`` -> a frame's score is the share of sentences with one of its cues
  (with a weights file: or whose frame the weights chose); hits per 1,000 words and each
  sentence's primary frame (highest weighted cue count, or the weights' choice) are reported
  too, and sentences without any cue fall back to ``other``.

Optional indicators directives: ``# primary: most_yes`` (the primary frame is the one with the
most questions answered yes, ties by score; default ``score``: the highest share) and
``# primary_min: k`` (a frame needs ``k`` questions answered yes to be the primary frame; with
fewer there is none). Optional salience directives: ``# phrase_bonus: b`` (a matched k-word cue weighs
``1 + b * (k - 1)`` times its row's weight), ``# name_discount: d`` (a one-word lower-case
cue matched on a capitalised word inside a name such as "Museum of Flight" weighs ``d``
times as much) and ``# tie_order: frame frame ...`` (which frame wins a tie; default the
file order).

Cue syntax (see the header of ``generic.csv``): ``;`` separates cues; ``word*`` matches any
ending; words with a capital letter match case-sensitively; ``a | b`` either, ``a & b``
both in one sentence; ``re:PATTERN`` a raw regex; ``4x CUE`` counts only in a text where the
cue matches in at least 4 sentences (a story that attributes many statements). Matching is per sentence, so the same
code scores one sentence or a whole article.

>>> r = analyze("Troops shelled the border town as the ceasefire collapsed.", "policy")
>>> r.primary
'security_and_defense'
"""

from __future__ import annotations

import csv
import dataclasses
import difflib
import hashlib
import io
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import config, framemodel, records, segment
from .model import Article
from .pipeline.hashing import file_digest

SCHEME_DIR = config.lexicon_path("frames")
_DIRECTIVES = ("scheme", "title", "version", "scoring", "present", "fallback", "phrase_bonus", "name_discount",
               "tie_order", "weights", "context", "primary_min", "primary")
_COLUMNS = ["frame", "indicator", "question", "weight", "min_sentences", "cues"]


# --------------------------------------------------------------------------- schemes

@dataclass(frozen=True, slots=True)
class Indicator:
    """One coding question (generic) or cue group (policy) with its cue patterns."""

    frame: str
    name: str
    question: str
    weight: float
    min_sentences: int
    cues: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Scheme:
    """A frame scheme read from a CSV file: its frames (file order), indicators and settings."""

    name: str
    title: str
    version: str
    scoring: str  # "indicators" or "salience"
    present: float
    fallback: str | None
    frames: tuple[str, ...]
    indicators: tuple[Indicator, ...]
    path: str
    sha256: str
    phrase_bonus: float = 0.0  # salience: a matched k-word phrase weighs (1 + phrase_bonus * (k - 1)) times its row
    name_discount: float = 1.0  # salience: weight factor of a one-word lower-case cue matched inside a capitalised name
    tie_order: tuple[str, ...] = ()  # salience: frame order for ties (default: file order)
    weights: str | None = None  # salience: a weights file (framemodel) that decides each sentence's primary frame
    context: float = 0.0  # with weights: how far a sentence's frame leans towards the frames of the rest of its text
    primary_min: int = 1  # indicators: yes answers a frame needs to be the primary frame (fewer: none)
    primary_rule: str = "score"  # indicators: primary = highest "score" or "most_yes" (most questions answered yes)

    @property
    def label(self) -> str:
        """Which lexicon ran, e.g. ``"policy 1.0 (policy.csv sha256:1a2b3c4d5e6f)"``, with the weights
        table when the scheme names one (``" + weights mine.csv sha256:…"``)."""
        out = f"{self.name} {self.version} ({Path(self.path).name} sha256:{self.sha256[:12]})"
        if self.weights:
            out += f" + weights {Path(self.weights).name} sha256:{self.weights_sha256[:12]}"
        return out

    @property
    def weights_sha256(self) -> str:
        """SHA-256 of the weights table ("" without one); read once per version of the file."""
        if not self.weights:
            return ""
        p = Path(self.weights)
        return _file_sha256(str(p), p.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _file_sha256(path: str, mtime_ns: int) -> str:
    return file_digest(path)  # (cached per version of the file: the label is asked for by every table)


class SchemeError(ValueError):
    """A malformed scheme file; the message names the file and line."""


def list_schemes() -> list[str]:
    """Return the names of the bundled schemes.

    >>> list_schemes()
    ['generic', 'policy']
    """
    return sorted(p.stem for p in SCHEME_DIR.glob("*.csv"))


def scheme_path(name_or_path: str | Path) -> Path:
    """Resolve a bundled scheme name (``generic``, ``policy``) or a path to a scheme file."""
    p = Path(name_or_path)
    bundled = SCHEME_DIR / f"{name_or_path}.csv"
    if str(name_or_path) in list_schemes():
        return bundled
    if p.is_file():
        return p
    raise SchemeError(f"{name_or_path}: no such scheme (bundled: {', '.join(list_schemes())}) or file")


def parse_scheme(text: str, path: str = "<scheme>") -> Scheme:
    """Parse the text of a scheme file (header directives, then a CSV of indicators).

    >>> s = parse_scheme("# scheme: t\\n# scoring: salience\\nframe,indicator,question,weight,min_sentences,cues\\nwar,w,War?,1,1,troop*; tank")
    >>> s.frames, s.indicators[0].cues
    (('war',), ('troop*', 'tank'))
    """
    meta: dict[str, str] = {}
    body: list[tuple[int, str]] = []
    for n, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("#"):
            m = re.match(r"#\s*(\w+):\s*(.*?)\s*$", line.strip())
            if m and m.group(1).lower() in _DIRECTIVES:
                meta[m.group(1).lower()] = m.group(2)
            elif m and m.group(1).islower() and (near := difflib.get_close_matches(m.group(1), _DIRECTIVES, n=1, cutoff=0.8)):
                # "# presnt: 0.6" would silently keep the default; a comment ("# Format: ...") is not lower-case
                raise SchemeError(f"{path}:{n}: unknown directive '# {m.group(1)}:'; did you mean '# {near[0]}:'?")
        elif line.strip():
            body.append((n, line))
    if len(body) < 2:  # (the header alone names no frame)
        raise SchemeError(f"{path}: no indicator rows")
    reader = csv.reader(io.StringIO("\n".join(ln for _, ln in body)))
    header = [h.strip() for h in next(reader)]
    if header[: len(_COLUMNS)] != _COLUMNS:
        raise SchemeError(f"{path}:{body[0][0]}: header must be {','.join(_COLUMNS)}")
    indicators = []
    for (n, _), row in zip(body[1:], reader):
        if len(row) != len(_COLUMNS):
            raise SchemeError(f"{path}:{n}: expected {len(_COLUMNS)} columns, got {len(row)} "
                              "(quote a cues cell that contains a comma)")
        frame, name, question, weight, min_s, cues = (c.strip() for c in row[: len(_COLUMNS)])
        try:
            w, ms = float(weight or 1), int(min_s or 1)
        except ValueError:
            raise SchemeError(f"{path}:{n}: weight and min_sentences must be numbers") from None
        cue_list = tuple(c.strip() for c in cues.split(";") if c.strip())
        for c in cue_list:
            if c.startswith("&") or c.endswith("&") or "& &" in c or "&&" in c:
                raise SchemeError(f"{path}:{n}: bad cue {c!r}: '&' needs a pattern on both sides")
            try:
                _compile_cue(c)
            except re.error as exc:
                raise SchemeError(f"{path}:{n}: bad cue {c!r}: {exc}") from None
        indicators.append(Indicator(frame, name or frame, question, w, ms, cue_list))
    scoring = meta.get("scoring", "salience").lower()
    if scoring not in ("indicators", "salience"):
        raise SchemeError(f"{path}: '# scoring:' must be indicators or salience, not {scoring!r}")
    frames = tuple(dict.fromkeys(i.frame for i in indicators))
    fallback = meta.get("fallback") or None
    if fallback and fallback not in frames:
        frames = (*frames, fallback)
    tie_order = tuple(f.strip() for f in re.split(r"[,\s]+", meta.get("tie_order", "")) if f.strip())
    unknown = [f for f in tie_order if f not in frames]
    if unknown:
        raise SchemeError(f"{path}: '# tie_order:' names unknown frames {unknown}")
    try:
        phrase_bonus = float(meta.get("phrase_bonus", 0) or 0)
        name_discount = float(meta.get("name_discount", 1) or 1)
    except ValueError:
        raise SchemeError(f"{path}: '# phrase_bonus:' and '# name_discount:' must be numbers") from None
    try:
        context = float(meta.get("context", 0) or 0)
    except ValueError:
        raise SchemeError(f"{path}: '# context:' must be a number") from None
    try:
        primary_min = int(meta.get("primary_min", 1) or 1)
    except ValueError:
        raise SchemeError(f"{path}: '# primary_min:' must be a whole number") from None
    if primary_min < 1:
        raise SchemeError(f"{path}: '# primary_min:' must be 1 or more")
    primary_rule = (meta.get("primary") or "score").strip().lower()
    if primary_rule not in ("score", "most_yes"):
        raise SchemeError(f"{path}: '# primary:' must be score or most_yes, not {primary_rule!r}")
    weights = meta.get("weights") or None
    if context < 0:
        raise SchemeError(f"{path}: '# context:' must be 0 or more")
    if context and not weights:
        raise SchemeError(f"{path}: '# context:' needs a '# weights:' table")
    if weights:
        if scoring != "salience":
            raise SchemeError(f"{path}: '# weights:' needs '# scoring: salience'")
        wp = Path(weights)
        weights = str(wp if wp.is_absolute() else Path(path).resolve().parent / wp)
        if not Path(weights).is_file():
            raise SchemeError(f"{path}: '# weights:' file not found: {weights}")
    try:
        present = float(meta.get("present", "0.0001"))
    except ValueError:
        raise SchemeError(f"{path}: '# present:' must be a number") from None
    return Scheme(
        name=meta.get("scheme") or Path(path).stem, title=meta.get("title", ""), version=meta.get("version", "0"),
        scoring=scoring, present=present, fallback=fallback, frames=frames,
        indicators=tuple(indicators), path=str(path), sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        phrase_bonus=phrase_bonus, name_discount=name_discount, tie_order=tie_order, weights=weights,
        context=context, primary_min=primary_min, primary_rule=primary_rule,
    )


@lru_cache(maxsize=16)
def _load(path: str, mtime_ns: int) -> Scheme:
    try:
        text = records.read_text_file(path)
    except records.TextFileError as exc:  # an image or a .docx given as --scheme: one line naming it
        raise SchemeError(f"{exc}; a scheme is a UTF-8 CSV file") from None
    return parse_scheme(text, path)


def load_scheme(scheme: str | Path | Scheme = "generic") -> Scheme:
    """Return a parsed scheme: a bundled name, a path to a scheme CSV, or a ``Scheme`` (returned as is).

    >>> len(load_scheme("generic").indicators), len(load_scheme("policy").frames)
    (20, 15)
    """
    if isinstance(scheme, Scheme):
        return scheme
    p = scheme_path(scheme).resolve()
    return _load(str(p), p.stat().st_mtime_ns)


def without_weights(scheme: str | Path | Scheme) -> Scheme:
    """The scheme deciding sentences by its cue weights alone (its ``# weights:`` file ignored).

    The same scheme gives the same object back, so its compiled cues are reused (a scheme
    compares by identity: a fresh copy per sentence recompiled its 2,300 cues every time).

    >>> without_weights("policy") is without_weights("policy")
    True
    """
    sch = load_scheme(scheme)
    return sch if sch.weights is None else _without_weights(sch)


@lru_cache(maxsize=16)
def _without_weights(sch: Scheme) -> Scheme:
    return dataclasses.replace(sch, weights=None, context=0.0)


def warm_caches() -> None:
    """Read every scheme of ``list_schemes()`` and its weights table now (both stay cached until
    their files change): the report workers' zygote calls this once, so every kernel it forks
    starts with them."""
    for name in list_schemes():
        w = weights_of(load_scheme(name))
        if w is not None:
            w.rows(["bias"])  # builds the table's matrix too


def weights_of(scheme: Scheme) -> framemodel.Weights | None:
    """The scheme's weights table (``None`` without a ``# weights:`` directive)."""
    if not scheme.weights:
        return None
    try:
        w = framemodel.load_weights(scheme.weights)
    except (OSError, framemodel.WeightsError) as exc:
        raise SchemeError(f"{scheme.path}: {exc}") from None
    if set(w.frames) != set(scheme.frames):
        raise SchemeError(f"{scheme.weights}: its frames {sorted(w.frames)} differ from the scheme's {sorted(scheme.frames)}")
    return w


# --------------------------------------------------------------------------- cue matching

_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class _Word:
    text: str  # lower-cased unless case-sensitive
    prefix: bool
    case: bool


_COUNTED = re.compile(r"^(\d+)x\s+")  # "4x CUE": the cue counts only where it matches in >= 4 sentences


def _compile_cue(cue: str) -> list[list[tuple[_Word, ...] | re.Pattern[str]]]:
    """A cue -> conjunction (``&``) of alternatives (``|``), each a word tuple or a regex."""
    cue = _COUNTED.sub("", cue)
    if cue.startswith("re:"):
        return [[re.compile(cue[3:], re.IGNORECASE)]]
    groups = []
    for conj in cue.split("&"):
        alts = []
        for alt in conj.split("|"):
            words = []
            for raw in re.findall(r"\w+\*?", alt.strip()):
                prefix = raw.endswith("*")
                w = raw.rstrip("*")
                case = any(c.isupper() for c in w)
                words.append(_Word(w if case else w.lower(), prefix, case))
            if words:
                alts.append(tuple(words))
        if alts:
            groups.append(alts)
    return groups


@dataclass
class _Compiled:
    """A scheme's cues in matching form: a first-word index over all phrases."""

    phrases: list[tuple[_Word, ...]] = field(default_factory=list)
    regexes: list[re.Pattern[str]] = field(default_factory=list)
    # cue id -> (indicator index, cue text, groups of unit ids); unit id >= 0 phrase, < 0 regex (~i)
    cues: list[tuple[int, str, list[list[int]]]] = field(default_factory=list)
    unit_cues: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    exact: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    exact_case: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    prefixes: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    prefixes_case: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    prefix_lengths: tuple[int, ...] = ()
    memo: dict[str, tuple[int, ...]] = field(default_factory=dict)
    counted: dict[str, int] = field(default_factory=dict)  # "4x CUE" cue text -> sentences it needs

    def first_word_phrases(self, tok: str) -> tuple[int, ...]:
        """Phrase ids whose first word matches token ``tok`` (memoized per token form)."""
        hit = self.memo.get(tok)
        if hit is not None:
            return hit
        low = tok.lower()
        out = [*self.exact.get(low, ()), *self.exact_case.get(tok, ())]
        for n in self.prefix_lengths:
            if n > len(tok):
                break
            out.extend(self.prefixes.get(low[:n], ()))
            out.extend(self.prefixes_case.get(tok[:n], ()))
        res = tuple(dict.fromkeys(out))
        self.memo[tok] = res
        return res


@lru_cache(maxsize=16)
def _compiled(scheme: Scheme) -> _Compiled:
    c = _Compiled()
    phrase_ids: dict[tuple[_Word, ...], int] = {}
    regex_ids: dict[str, int] = {}
    for ii, ind in enumerate(scheme.indicators):
        for cue in ind.cues:
            groups = []
            for alts in _compile_cue(cue):
                units = []
                for a in alts:
                    if isinstance(a, re.Pattern):
                        if a.pattern not in regex_ids:
                            regex_ids[a.pattern] = len(c.regexes)
                            c.regexes.append(a)
                        units.append(~regex_ids[a.pattern])
                    else:
                        if a not in phrase_ids:
                            phrase_ids[a] = len(c.phrases)
                            c.phrases.append(a)
                        units.append(phrase_ids[a])
                groups.append(units)
            cid = len(c.cues)
            c.cues.append((ii, cue, groups))
            if m := _COUNTED.match(cue):
                c.counted[cue] = int(m.group(1))
            for g in groups:
                for u in g:
                    if cid not in c.unit_cues[u]:
                        c.unit_cues[u].append(cid)
    lengths = set()
    for pid, words in enumerate(c.phrases):
        w = words[0]
        if w.prefix:
            (c.prefixes_case if w.case else c.prefixes)[w.text].append(pid)
            lengths.add(len(w.text))
        else:
            (c.exact_case if w.case else c.exact)[w.text].append(pid)
    c.prefix_lengths = tuple(sorted(lengths))
    return c


@dataclass(frozen=True, slots=True)
class Hit:
    """One cue matched in one sentence: ``start``/``end`` index the matched words in the text."""

    frame: str
    indicator: str
    cue: str
    sentence: int
    start: int
    end: int
    match: str


def match_sentence(text: str, scheme: Scheme, offset: int = 0, sentence: int = 0) -> list[Hit]:
    """Return the cue hits in one sentence (offsets shifted by ``offset``).

    >>> list(dict.fromkeys(h.match for h in match_sentence("Tanks and troops crossed the border.", load_scheme("policy"))))
    ['Tanks', 'troops']
    """
    c = _compiled(scheme)
    toks = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    lows = [t[0].lower() for t in toks]
    found: dict[int, tuple[int, int]] = {}  # unit -> first (start, end) in sentence
    memo = c.memo
    for i, (tok, a, _) in enumerate(toks):
        pids = memo.get(tok)
        if pids is None:
            pids = c.first_word_phrases(tok)
        for pid in pids:
            if pid in found:
                continue
            words = c.phrases[pid]
            n = len(words)
            if n == 1:
                found[pid] = (a, toks[i][2])
            elif i + n <= len(toks):
                for k in range(1, n):  # the later words in place (a prefix word: its start)
                    w = words[k]
                    t = toks[i + k][0] if w.case else lows[i + k]
                    if not (t.startswith(w.text) if w.prefix else t == w.text):
                        break
                else:
                    found[pid] = (a, toks[i + n - 1][2])
    for ri, rx in enumerate(c.regexes):
        m = rx.search(text)
        if m:
            found[~ri] = (m.start(), m.end())
    if not found:
        return []
    hits = []
    seen: set[int] = set()
    for u in found:
        for cid in c.unit_cues.get(u, ()):
            if cid in seen:
                continue
            seen.add(cid)
            ii, cue, groups = c.cues[cid]
            spans = []
            for g in groups:
                got = [found[x] for x in g if x in found]
                if not got:
                    break
                spans.append(min(got))
            else:
                ind = scheme.indicators[ii]
                for a, b in spans:
                    hits.append(Hit(ind.frame, ind.name, cue, sentence, offset + a, offset + b, text[a:b]))
    hits.sort(key=lambda h: (h.start, h.end, h.frame))
    return hits


# --------------------------------------------------------------------------- analysis

def _enough_sentences(hits: list[Hit], need: dict[str, int]) -> list[Hit]:
    """Drop the hits of counted cues (``4x CUE``: ``need`` cue -> sentences) that matched in fewer
    sentences than they need."""
    sents: dict[tuple[str, str], set[int]] = defaultdict(set)
    for h in hits:
        if h.cue in need:
            sents[(h.indicator, h.cue)].add(h.sentence)
    return [h for h in hits if h.cue not in need or len(sents[(h.indicator, h.cue)]) >= need[h.cue]]


@dataclass
class FrameResult:
    """Frames of one text under one scheme, with every score's evidence.

    ``scores``: frame -> 0-1 (share of indicators yes, or share of sentences);
    ``answers``: indicator -> yes/no; ``sentence_primary``: each sentence's primary frame
    (or ``None``/fallback); ``hits``: every cue matched.
    """

    id: str
    scheme: Scheme
    text: str
    word_count: int
    sentences: list[tuple[int, int, int]]  # (start, end, paragraph)
    hits: list[Hit]
    scores: dict[str, float]
    answers: dict[str, bool]
    weighted: dict[str, float]
    sentence_primary: list[str | None]
    present: list[str]
    primary: str | None
    sentence_terms: list[list[tuple[str, float]]] = field(default_factory=list)  # weights: what decided each sentence
    sentence_alone: list[str | None] = field(default_factory=list)  # weights: each sentence's frame from its own words

    def evidence(self) -> list[dict[str, Any]]:
        """One item per (sentence, frame) with cues: ``{"frame", "start", "end", "cues"}``;
        start/end are the sentence span in the text as given. Under a scheme with weights, a
        sentence whose chosen frame has no cue there gets an item for that frame too, its
        ``cues`` the sentence's words that weighed most for it (``framemodel.term_matches``)."""
        by: dict[tuple[int, str], list[str]] = {}
        for h in self.hits:
            cues = by.setdefault((h.sentence, h.frame), [])
            if h.match not in cues:
                cues.append(h.match)
        for si, terms in enumerate(self.sentence_terms):
            frame = self.sentence_primary[si]
            if frame and (si, frame) not in by:
                a, b, _ = self.sentences[si]
                by[(si, frame)] = framemodel.term_matches(self.text[a:b], [t for t, _ in terms])
        order = {f: i for i, f in enumerate(self.scheme.frames)}
        out = []
        for (si, frame), cues in sorted(by.items(), key=lambda kv: (kv[0][0], order.get(kv[0][1], 99))):
            a, b, _ = self.sentences[si]
            out.append({"frame": frame, "start": a, "end": b, "cues": cues})
        return out

    def record(self) -> dict[str, Any]:
        """The JSON record written by ``newsdesk frames`` (one per input record)."""
        return {"id": self.id, "scheme": self.scheme.name, "scores": dict(self.scores), "present": list(self.present),
                "primary": self.primary, "evidence": self.evidence()}


def _sentence_spans(article: Article) -> list[tuple[int, int, int]]:
    if article.sentences:
        return [(s.start, s.end, s.paragraph) for s in article.sentences]
    return [(a, b, 0) for a, b in segment.sentence_spans(article.text)] or [(0, len(article.text), 0)]




def _in_name(text: str, span: tuple[int, int, int], start: int, end: int, caps: dict[int, bool]) -> bool:
    """True when the capitalised word at ``start:end`` sits inside a run of capitalised words
    (``Museum of Flight``, ``Space Shuttle``) that is not a mostly capitalised headline and
    does not merely open the sentence."""
    a, b, _ = span
    if a not in caps:
        words = _TOKEN.findall(text[a:b])
        caps[a] = bool(words) and sum(w[0].isupper() for w in words) > 0.6 * len(words)
    if caps[a]:
        return False
    before = _TOKEN.findall(text[a:start])[-2:]
    after = _TOKEN.findall(text[end:b])[:2]
    prev = before[-1] if before else ""
    nxt = after[0] if after else ""
    if nxt[:1].isupper() or (nxt in ("of", "and") and len(after) > 1 and after[1][:1].isupper()):
        return True
    return bool(prev[:1].isupper() and len(before) > 1)  # a capitalised word before, not the sentence opener


def analyze(article: Article | str, scheme: str | Path | Scheme = "generic") -> FrameResult:
    """Score the frames of an ``Article`` or of raw text (one sentence or many).

    >>> r = analyze("Critics accused the government of failing taxpayers.", "generic")
    >>> r.answers["reproach"], r.scores["conflict"]
    (True, 0.5)
    """
    sch = load_scheme(scheme)
    if isinstance(article, str):
        article = records.article_from_text(article)
    text = article.text
    spans = _sentence_spans(article)
    hits: list[Hit] = []
    for si, (a, b, _) in enumerate(spans):
        hits.extend(match_sentence(text[a:b], sch, a, si))
    counted = _compiled(sch).counted
    if counted:  # only schemes with "4x CUE" cues pay for the count
        hits = _enough_sentences(hits, counted)
    n = len(spans)
    words = article.word_count or segment.word_count(text)
    ind_index = {i.name: i for i in sch.indicators}
    # per sentence: frame -> weighted count of distinct cues
    # a word counts once per frame (with the highest weight of the cues matching there), so
    # overlapping cues ("attack*", "attacked") do not double a frame's weight
    span_weight: dict[tuple[int, str, int], float] = {}
    ind_sents: dict[str, set[int]] = defaultdict(set)
    frame_sents: dict[str, set[int]] = defaultdict(set)
    pb, nd = sch.phrase_bonus, sch.name_discount
    caps: dict[int, bool] = {}  # sentence -> mostly capitalised (a headline: no name discount)
    for h in hits:
        ind_sents[h.indicator].add(h.sentence)
        frame_sents[h.frame].add(h.sentence)
        key = (h.sentence, h.frame, h.start)
        w = ind_index[h.indicator].weight
        if pb and " " in h.match:
            w *= 1 + pb * (len(_TOKEN.findall(h.match)) - 1)
        elif nd != 1.0 and h.match[:1].isupper() and not any(c.isupper() for c in h.cue) and \
                _in_name(text, spans[h.sentence], h.start, h.end, caps):
            w *= nd
        span_weight[key] = max(span_weight.get(key, 0.0), w)
    per_sent: list[dict[str, float]] = [defaultdict(float) for _ in spans]
    for (si, frame, _), w in span_weight.items():
        per_sent[si][frame] += w
    order = {f: i for i, f in enumerate(sch.tie_order)}
    order.update({f: len(order) + i for i, f in enumerate(f for f in sch.frames if f not in order)})
    sentence_primary: list[str | None] = []
    for d in per_sent:
        best = max(d.items(), key=lambda kv: (kv[1], -order[kv[0]]), default=None)
        sentence_primary.append(best[0] if best else sch.fallback)
    model = weights_of(sch)
    sentence_terms: list[list[tuple[str, float]]] = []
    sentence_alone: list[str | None] = []
    if model is not None:
        # the weights decide each sentence from its words, its cue rows and the cue decision
        rows: list[set[str]] = [set() for _ in spans]
        for h in hits:
            rows[h.sentence].add(h.indicator)
        feats = [framemodel.features(text[a:b], rows[si], sentence_primary[si]) for si, (a, b, _) in enumerate(spans)]
        weight_rows = [model.rows(f) for f in feats]
        probs = framemodel.softmax(np.array([w.sum(axis=0) for _, w in weight_rows]).reshape(len(feats), len(model.frames)))
        sentence_alone = [model.frames[int(k)] for k in probs.argmax(axis=1)]
        if sch.context and n > 1:
            probs = framemodel.in_context(probs, sch.context)
        for si, f in enumerate(feats):
            sentence_primary[si] = model.frames[int(np.argmax(probs[si]))]
            sentence_terms.append(model.top_terms(f, sentence_primary[si], rows=weight_rows[si]))
            # the sentence is about the frame the weights chose, cue or not: it counts in its share
            frame_sents[sentence_primary[si]].add(si)
    weighted = {f: 0.0 for f in sch.frames}
    for d in per_sent:
        for f, w in d.items():
            weighted[f] += w
    answers = {i.name: len(ind_sents.get(i.name, ())) >= i.min_sentences for i in sch.indicators}
    scores: dict[str, float] = {}
    if sch.scoring == "indicators":
        for f in sch.frames:
            inds = [i for i in sch.indicators if i.frame == f]
            scores[f] = round(sum(answers[i.name] for i in inds) / len(inds), 4) if inds else 0.0
        yes = {f: sum(answers[i.name] for i in sch.indicators if i.frame == f) for f in sch.frames}
        first = (lambda f: -yes[f]) if sch.primary_rule == "most_yes" else (lambda f: -scores[f])
        ranked = sorted(sch.frames, key=lambda f: (first(f), -scores[f], -len(frame_sents.get(f, ())), order[f]))
        primary = ranked[0] if ranked and scores[ranked[0]] > 0 and yes[ranked[0]] >= sch.primary_min else sch.fallback
    else:
        for f in sch.frames:
            if f == sch.fallback and not any(i.cues for i in sch.indicators if i.frame == f):
                scores[f] = round(sum(1 for d in per_sent if not d) / n, 4) if n else 0.0
            else:
                scores[f] = round(len(frame_sents.get(f, ())) / n, 4) if n else 0.0
        if model is not None:
            # the frame most sentences are about (the fallback only when no sentence has another)
            counts = defaultdict(int)
            for f in sentence_primary:
                if f != sch.fallback:
                    counts[f] += 1
            ranked = sorted(counts, key=lambda f: (-counts[f], -weighted[f], order[f]))
            primary = ranked[0] if ranked else sch.fallback
        else:
            ranked = sorted(sch.frames, key=lambda f: (-weighted[f], order[f]))
            primary = ranked[0] if ranked and weighted[ranked[0]] > 0 else sch.fallback
    present = [f for f in sch.frames if f != sch.fallback and scores[f] >= sch.present and frame_sents.get(f)]
    if not present and sch.fallback:
        present = [sch.fallback]
    return FrameResult(article.id, sch, text, words, spans, hits, scores, answers, weighted,
                       sentence_primary, present, primary, sentence_terms, sentence_alone)


def sentence_features(text: str, scheme: str | Path | Scheme = "policy") -> set[str]:
    """The weights features of ``text`` read as one sentence: words, pairs, the cue rows that
    matched and the frame the cue weights choose (``framemodel.features``)."""
    sch = without_weights(scheme)
    r = analyze(Article(id="sentence", text=text, sentences=[]), sch)
    a, b, _ = r.sentences[0]  # (as sentence_frame_of: a text the splitter cuts is read by its first sentence)
    rows = {h.indicator for h in r.hits if h.sentence == 0}
    return framemodel.features(text[a:b], rows, r.sentence_primary[0])


def sentence_frame_of(text: str, scheme: str | Path | Scheme = "policy") -> str | None:
    """Return the primary frame of one sentence (the scheme's fallback when no cue matches).

    >>> sentence_frame_of("The court ruled the law unconstitutional.")
    'legality_constitutionality_jurisprudence'
    """
    sch = load_scheme(scheme)
    return analyze(Article(id="sentence", text=text, sentences=[]), sch).sentence_primary[0]


# --------------------------------------------------------------------------- tidy frames

def _ensure(result: FrameResult | Article | str, scheme: str | Path | Scheme) -> FrameResult:
    return result if isinstance(result, FrameResult) else analyze(result, scheme)


def scores_frame(result: FrameResult | Article | str, scheme: str | Path | Scheme = "generic") -> pd.DataFrame:
    """One row per frame: score, present, primary, sentences (with a cue of the frame, or, under
    weights, whose frame the weights chose), share, hits, hits per 1,000 words.

    >>> bool(scores_frame("Voters backed the party.", "policy").set_index("frame").loc["political", "present"])
    True
    """
    r = _ensure(result, scheme)
    hits_per_frame: dict[str, int] = defaultdict(int)
    sents: dict[str, set[int]] = defaultdict(set)
    for h in r.hits:
        hits_per_frame[h.frame] += 1
        sents[h.frame].add(h.sentence)
    if r.sentence_terms:  # weights: the sentence counts for the frame they chose (as in ``scores``)
        for si, f in enumerate(r.sentence_primary):
            sents[f].add(si)
    n = len(r.sentences)
    rows = []
    for f in r.scheme.frames:
        k = len(sents.get(f, ()))
        rows.append({"article_id": r.id, "scheme": r.scheme.name, "frame": f, "score": r.scores[f],
                     "present": f in r.present, "primary": f == r.primary, "sentences": k,
                     "share": round(k / n, 4) if n else 0.0, "hits": hits_per_frame.get(f, 0),
                     "hits_per_1k": round(1000 * hits_per_frame.get(f, 0) / r.word_count, 2) if r.word_count else 0.0,
                     "weighted": round(r.weighted.get(f, 0.0), 3),
                     "primary_sentences": sum(1 for p in r.sentence_primary if p == f)})
    df = pd.DataFrame(rows)
    df.attrs["lexicon"] = r.scheme.label
    return df


def _group_hits(hits: list[Hit], key: str) -> dict[Any, list[Hit]]:
    """Hits grouped by one of their fields (``indicator``, ``sentence`` ...), in order."""
    out: dict[Any, list[Hit]] = defaultdict(list)
    for h in hits:
        out[getattr(h, key)].append(h)
    return out


def indicators_frame(result: FrameResult | Article | str, scheme: str | Path | Scheme = "generic") -> pd.DataFrame:
    """One row per indicator (coding question): the yes/no answer with its evidence sentences and cues.

    >>> indicators_frame("Critics accused the mayor.", "generic").query("answer == 'yes'")["indicator"].tolist()
    ['reproach', 'two_or_more_sides']
    """
    r = _ensure(result, scheme)
    ev = _group_hits(r.hits, "indicator")
    rows = []
    for i in r.scheme.indicators:
        hs = ev.get(i.name, [])
        rows.append({"article_id": r.id, "scheme": r.scheme.name, "frame": i.frame, "indicator": i.name,
                     "question": i.question, "answer": "yes" if r.answers[i.name] else "no",
                     "sentences": sorted({h.sentence for h in hs}), "cues": list(dict.fromkeys(h.match for h in hs))})
    df = pd.DataFrame(rows)
    df.attrs["lexicon"] = r.scheme.label
    return df


def hits_frame(result: FrameResult | Article | str, scheme: str | Path | Scheme = "generic") -> pd.DataFrame:
    """One row per cue hit: frame, indicator, cue pattern, sentence, match offsets and text.

    >>> hits_frame("Tanks rolled in.", "policy")["match"].tolist()
    ['Tanks']
    """
    r = _ensure(result, scheme)
    df = pd.DataFrame([{"article_id": r.id, "scheme": r.scheme.name, "frame": h.frame, "indicator": h.indicator,
                        "cue": h.cue, "sentence": h.sentence, "start": h.start, "end": h.end, "match": h.match}
                       for h in r.hits],
                      columns=["article_id", "scheme", "frame", "indicator", "cue", "sentence", "start", "end", "match"])
    df.attrs["lexicon"] = r.scheme.label
    return df


def sentences_frame(result: FrameResult | Article | str, scheme: str | Path | Scheme = "generic") -> pd.DataFrame:
    """One row per sentence: span, text, primary frame, frames with cues, the cues matched, and
    (a scheme with weights) the features that pushed hardest towards the primary frame and
    ``alone``, the frame the sentence's own words choose before the ``# context:`` of the rest of
    the text (the same as ``primary`` unless the neighbours moved it).

    >>> sentences_frame("Troops and tanks crossed the border. Prices rose.", "policy")["primary"].tolist()
    ['security_and_defense', 'economic']
    """
    r = _ensure(result, scheme)
    by = _group_hits(r.hits, "sentence")
    rows = []
    for si, (a, b, p) in enumerate(r.sentences):
        hs = by.get(si, [])
        rows.append({"article_id": r.id, "sentence": si, "paragraph": p, "start": a, "end": b, "text": r.text[a:b],
                     "primary": r.sentence_primary[si], "frames": list(dict.fromkeys(h.frame for h in hs)),
                     "cues": list(dict.fromkeys(h.match for h in hs)),
                     "terms": list(dict.fromkeys(framemodel.feature_label(t) for t, _ in r.sentence_terms[si]))
                     if r.sentence_terms else [],
                     "alone": r.sentence_alone[si] if r.sentence_alone else r.sentence_primary[si]})
    df = pd.DataFrame(rows, columns=["article_id", "sentence", "paragraph", "start", "end", "text", "primary",
                                     "alone", "frames", "cues", "terms"])
    df.attrs["lexicon"] = r.scheme.label
    return df


def corpus_frame(articles: Iterable[Article], scheme: str | Path | Scheme = "generic") -> pd.DataFrame:
    """Tidy frame scores of many articles: one row per (article, frame) with score, present, primary.

    >>> from newsdesk.records import article_from_text as a
    >>> corpus_frame([a("Tanks rolled in.", "x")], "policy").query("primary")["frame"].tolist()
    ['security_and_defense']
    """
    sch = load_scheme(scheme)
    rows = []
    for art in articles:
        r = analyze(art, sch)
        for f in sch.frames:
            rows.append({"article_id": r.id, "scheme": sch.name, "frame": f, "score": r.scores[f],
                         "present": f in r.present, "primary": f == r.primary})
    df = pd.DataFrame(rows, columns=["article_id", "scheme", "frame", "score", "present", "primary"])
    df.attrs["lexicon"] = sch.label
    return df


# --------------------------------------------------------------------------- CLI

CSV_FIELDS = ["id", "scheme", "frame", "indicator", "question", "answer", "frame_score", "frame_present",
              "primary", "sentences", "cues", "lexicon"]


def _csv_rows(r: FrameResult):
    """One row per (record, indicator): the answer, its frame's score and the evidence."""
    ind = indicators_frame(r)
    for row in ind.itertuples(index=False):
        yield {"id": r.id, "scheme": r.scheme.name, "frame": row.frame, "indicator": row.indicator,
               "question": row.question, "answer": row.answer, "frame_score": r.scores[row.frame],
               "frame_present": row.frame in r.present, "primary": r.primary,
               "sentences": [r.sentences[i][:2] for i in row.sentences], "cues": row.cues, "lexicon": r.scheme.label}


def cli_main(args: Any) -> int:
    """``newsdesk frames INPUT [--scheme generic|policy|PATH] [--format jsonl|csv] [--out FILE]``."""
    try:
        sch = load_scheme(getattr(args, "scheme", None) or "generic")
    except (SchemeError, OSError) as exc:
        print(f"newsdesk frames: {exc}", file=sys.stderr)
        return 1
    return records.run_analysis(
        "frames", args, lambda a: analyze(a, sch).record(), lambda a: _csv_rows(analyze(a, sch)), CSV_FIELDS, (SchemeError,),
        also_read=[sch.path, sch.weights],
    )

"""VADER sentiment per sentence, with narration / quoted and per-speaker / per-actor splits.

Scores are VADER's (Hutto & Gilbert 2014): ``compound`` in [-1, 1] and the ``pos`` /
``neu`` / ``neg`` proportions. A sentence is *positive* when compound >= 0.05,
*negative* when compound <= -0.05, else *neutral* (VADER's own cut-offs).

How quoted material is handled (decision):

- Every sentence is scored whole, exactly as stock VADER scores it; its ``quoted`` flag
  says whether the *majority* of its non-space characters lie inside quote spans
  (``quoted_share`` gives the fraction).
- For the narration / quoted split and the per-speaker table, sentences are *split at
  quote boundaries* into parts; each part (with at least one letter or digit) is scored on
  its own and counted as quoted when it lies inside a quote span. So "Blinken cautioned
  that “the world should not be deceived” by Xi's ..." gives two narration parts and one
  quoted part, credited to Blinken.
- Quote spans come from ``newsdesk.quotes.extract`` (pass them as ``quotes=``: any
  objects with ``start``/``end`` and optionally ``speaker``, ``speaker_type``, ``kind``);
  quotes of kind ``"scare"`` (a quoted label nobody said) count as narration. With
  ``quotes=None`` the fallback is every span between paired quotation marks (direct
  quotes only, no speakers): see ``quote_spans``.

Lexicon: stock VADER unless an override file (``word,valence`` CSV, see
``lexicons/sentiment_overrides.csv``) is given; every result names the lexicon that ran
(``lexicon_label``). With no overrides the scores equal
``SentimentIntensityAnalyzer().polarity_scores`` exactly.

>>> r = analyze("Peace is wonderful. “War is terrible,” he said.")
>>> [(s.scores.compound > 0, s.quoted) for s in r.sentences]
[(True, False), (False, True)]
"""

from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pandas as pd
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from . import config, records
from .segment import word_count
from .model import Article
from .pipeline.hashing import file_digest

VADER_VERSION = version("vaderSentiment")
POSITIVE_CUT = 0.05
NEGATIVE_CUT = -0.05
DEFAULT_OVERRIDES = config.lexicon_path("sentiment_overrides.csv")
SCORE_KEYS = ("compound", "pos", "neu", "neg")


# --------------------------------------------------------------------------- lexicon

def read_overrides(path: str | Path) -> dict[str, float]:
    """Return ``{word: valence}`` from a ``word,valence`` CSV (``#`` lines are comments).

    Raises ``ValueError`` naming the file and line for a multi-word entry, a bad number, a valence
    outside VADER's -4..+4 scale, more than two columns, or a word listed twice, and naming the
    file for one that is not UTF-8 text.

    >>> read_overrides(DEFAULT_OVERRIDES)["plunged"]
    -1.8
    """
    path = Path(path)
    out: dict[str, float] = {}
    lines = [(n, ln) for n, ln in enumerate(records.read_text_file(path).splitlines(), 1)
             if ln.strip() and not ln.lstrip().startswith("#")]
    first: dict[str, int] = {}
    for (n, _), row in zip(lines, csv.reader(ln for _, ln in lines)):
        if len(row) < 2 or row[0].strip().lower() == "word":
            continue
        word = row[0].strip().lower()
        if not word or any(c.isspace() for c in word):
            raise ValueError(f"{path}:{n}: {row[0]!r} is not one word (VADER scores single tokens)")
        if len(row) > 2 and any(c.strip() for c in row[2:]):
            raise ValueError(f"{path}:{n}: {len(row)} columns; a line is word,valence")
        try:
            value = float(row[1])
        except ValueError:
            raise ValueError(f"{path}:{n}: valence {row[1]!r} is not a number") from None
        if not -4 <= value <= 4:
            raise ValueError(f"{path}:{n}: valence {value:g} is outside VADER's scale, -4 to +4")
        if word in first:
            raise ValueError(f"{path}:{n}: {word!r} is listed twice (first on line {first[word]})")
        first[word] = n
        out[word] = value
    return out


def lexicon_label(overrides: str | Path | None = None) -> str:
    """Name the lexicon that runs: ``"vader 3.3.2 (stock)"`` or ``"vader 3.3.2 + overrides FILE sha256:…"``.

    >>> lexicon_label()
    'vader 3.3.2 (stock)'
    """
    if not overrides:
        return f"vader {VADER_VERSION} (stock)"
    path = Path(overrides)
    return f"vader {VADER_VERSION} + overrides {path.name} sha256:{file_digest(path)[:12]}"


@lru_cache(maxsize=8)
def _analyzer_cached(path: str | None, digest: str | None) -> SentimentIntensityAnalyzer:
    sia = SentimentIntensityAnalyzer()  # reads VADER's lexicon file: done once per lexicon
    if path:
        sia.lexicon.update(read_overrides(path))
    return sia


def analyzer(overrides: str | Path | None = None) -> SentimentIntensityAnalyzer:
    """Return the cached VADER analyzer: stock, or with ``overrides`` applied.

    The cache is keyed on the override file's content hash, so editing the file takes
    effect on the next call.

    >>> analyzer() is analyzer()
    True
    """
    if not overrides:
        return _analyzer_cached(None, None)
    path = Path(overrides).resolve()
    return _analyzer_cached(str(path), file_digest(path))


# --------------------------------------------------------------------------- scoring

@dataclass(frozen=True, slots=True)
class Scores:
    """VADER's four numbers for one piece of text."""

    compound: float
    pos: float
    neu: float
    neg: float

    @property
    def label(self) -> str:
        """``positive`` / ``neutral`` / ``negative`` by the +-0.05 compound cut-offs."""
        return label(self.compound)


def label(compound: float) -> str:
    """Return ``positive``, ``neutral`` or ``negative`` for a compound score.

    >>> label(0.05), label(0.0), label(-0.3)
    ('positive', 'neutral', 'negative')
    """
    if compound >= POSITIVE_CUT:
        return "positive"
    if compound <= NEGATIVE_CUT:
        return "negative"
    return "neutral"


def score(text: str, overrides: str | Path | None = None) -> Scores:
    """Score one piece of text with VADER.

    >>> score("The talks collapsed.").compound < 0
    True
    """
    d = analyzer(overrides).polarity_scores(text)
    return Scores(d["compound"], d["pos"], d["neu"], d["neg"])


def summarize(scores: Iterable[Scores]) -> dict[str, Any]:
    """Aggregate scores: ``n``, mean ``compound``/``pos``/``neu``/``neg`` and the share of
    ``positive``/``neutral``/``negative`` items (all ``None`` when there are none).

    >>> summarize([Scores(0.5, .3, .7, 0), Scores(-0.5, 0, .7, .3)])["positive"]
    0.5
    """
    scores = list(scores)
    n = len(scores)
    if not n:
        return {"n": 0, **{k: None for k in SCORE_KEYS}, "positive": None, "neutral": None, "negative": None}
    out: dict[str, Any] = {"n": n}
    for k in SCORE_KEYS:
        out[k] = round(sum(getattr(s, k) for s in scores) / n, 4)
    labels = [s.label for s in scores]
    for lab in ("positive", "neutral", "negative"):
        out[lab] = round(labels.count(lab) / n, 4)
    return out


# --------------------------------------------------------------------------- quote spans

@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quoted span found from quotation marks alone (the fallback when no quotes are given)."""

    start: int
    end: int
    speaker: str | None = None
    speaker_type: str | None = None
    kind: str = "direct"


def quote_spans(text: str) -> list[QuoteSpan]:
    """Return the spans inside quotation marks, marks excluded, as paired by
    ``quotemarks.quoted_spans`` (every mark style; apostrophes are not quotes).

    This is the fallback for ``quotes=None``: it finds direct quotes (and scare quotes)
    but no indirect speech and no speakers.

    >>> [(q.start, q.end) for q in quote_spans('He said “no way” today.')]
    [(9, 15)]
    """
    from .quotemarks import quoted_spans

    spans, _warnings = quoted_spans(text)
    return [QuoteSpan(s.inner_start, s.inner_end) for s in spans]


def _counted(q: Any) -> bool:
    return getattr(q, "kind", None) != "scare" and q.end > q.start


# --------------------------------------------------------------------------- analysis

@dataclass(frozen=True, slots=True)
class SentenceScore:
    """One sentence scored whole; ``quoted`` when most of its characters are inside quotes."""

    index: int
    paragraph: int
    start: int
    end: int
    text: str
    scores: Scores
    quoted_share: float

    @property
    def quoted(self) -> bool:
        """True when more than half of the sentence's non-space characters are quoted."""
        return self.quoted_share > 0.5


@dataclass(frozen=True, slots=True)
class PartScore:
    """A piece of a sentence cut at quote boundaries: all narration or all inside one quote."""

    sentence: int
    paragraph: int
    start: int
    end: int
    text: str
    scores: Scores
    quoted: bool
    quote: int | None = None  # index into ArticleSentiment.quotes
    speaker: str | None = None
    speaker_type: str | None = None


@dataclass(slots=True)
class ArticleSentiment:
    """Sentiment of one article: sentence scores, quote-split parts and the lexicon used."""

    id: str
    text: str
    lexicon: str
    sentences: list[SentenceScore]
    parts: list[PartScore]
    quotes: list[Any] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """Per-article aggregate of the sentence scores (see ``summarize``)."""
        return summarize(s.scores for s in self.sentences)

    def narration(self) -> dict[str, Any]:
        """Aggregate of the narration parts (outside quote spans)."""
        return summarize(p.scores for p in self.parts if not p.quoted)

    def quoted(self) -> dict[str, Any]:
        """Aggregate of the quoted parts (inside quote spans)."""
        return summarize(p.scores for p in self.parts if p.quoted)

    def record(self) -> dict[str, Any]:
        """The JSON record written by ``newsdesk sentiment`` (one per article)."""
        summ = self.summary()
        return {
            "id": self.id,
            **{k: summ[k] for k in SCORE_KEYS},
            "sentences": [
                {"start": s.start, "end": s.end, **_scores_dict(s.scores), "quoted": s.quoted}
                for s in self.sentences
            ],
            "narration": self.narration(),
            "quoted": self.quoted(),
            "lexicon": self.lexicon,
        }


def _scores_dict(s: Scores) -> dict[str, float]:
    return {"compound": s.compound, "pos": s.pos, "neu": s.neu, "neg": s.neg}


_HAS_WORD = re.compile(r"\w")


def _quoted_share(text: str, a: int, b: int, spans: Sequence[tuple[int, int]]) -> float:
    total = sum(1 for c in text[a:b] if not c.isspace())
    if not total:
        return 0.0
    covered = [False] * (b - a)
    for s, e in spans:
        for i in range(max(s, a), min(e, b)):
            covered[i - a] = True
    inside = sum(1 for i, c in enumerate(text[a:b]) if covered[i] and not c.isspace())
    return round(inside / total, 4)


_EDGE = frozenset(" \t\n\r\u00a0“”„«»‹›\"")


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """Shrink ``[a, b)`` past spaces and double quotation marks at either edge."""
    while a < b and text[a] in _EDGE:
        a += 1
    while b > a and text[b - 1] in _EDGE:
        b -= 1
    return a, b


def analyze(article: Article | str, quotes: Sequence[Any] | None = None,
            overrides: str | Path | None = None) -> ArticleSentiment:
    """Score every sentence of ``article`` (an ``Article`` or raw text) and its quote-split parts.

    ``quotes``: objects with ``start``/``end`` offsets into ``article.text`` (and optionally
    ``speaker``, ``speaker_type``, ``kind``), e.g. from ``newsdesk.quotes.extract``; ``None``
    uses ``quote_spans`` (quotation marks only). ``overrides``: a ``word,valence`` file.

    >>> r = analyze("Prices plunged. Investors were happy.")
    >>> [s.scores.label for s in r.sentences]
    ['neutral', 'positive']
    """
    if isinstance(article, str):
        article = records.article_from_text(article)
    text = article.text
    sia = analyzer(overrides)
    polarity = sia.polarity_scores
    quotes = list(quote_spans(text) if quotes is None else quotes)
    # sweep: quotes sorted by start, an "active" list of those that may overlap the current
    # sentence, so the cost stays linear in sentences + quotes (sentences come in text order)
    counted = sorted(((i, q) for i, q in enumerate(quotes) if _counted(q)), key=lambda iq: iq[1].start)
    active: list[tuple[int, Any]] = []
    nxt = 0
    sents: list[SentenceScore] = []
    parts: list[PartScore] = []
    for s in sorted(article.sentences, key=lambda x: x.start):
        d = polarity(s.text)
        sc = Scores(d["compound"], d["pos"], d["neu"], d["neg"])
        while nxt < len(counted) and counted[nxt][1].start < s.end:
            active.append(counted[nxt])
            nxt += 1
        active = [(i, q) for i, q in active if q.end > s.start]
        inside = [(i, q) for i, q in active if q.start < s.end]
        share = _quoted_share(text, s.start, s.end, [(q.start, q.end) for _, q in inside]) if inside else 0.0
        sents.append(SentenceScore(s.index, s.paragraph, s.start, s.end, s.text, sc, share))
        if not inside:
            parts.append(PartScore(s.index, s.paragraph, s.start, s.end, s.text, sc, False))
            continue
        cuts = sorted({s.start, s.end, *(max(q.start, s.start) for _, q in inside),
                       *(min(q.end, s.end) for _, q in inside)})
        for a, b in zip(cuts, cuts[1:]):
            cover = [(i, q) for i, q in inside if q.start <= a and q.end >= b]
            a, b = _trim(text, a, b)
            piece = text[a:b]
            if not _HAS_WORD.search(piece):
                continue
            d = polarity(piece)
            psc = Scores(d["compound"], d["pos"], d["neu"], d["neg"])
            if cover:
                qi, q = max(cover, key=lambda iq: iq[1].end - iq[1].start)  # outermost quote
                parts.append(PartScore(s.index, s.paragraph, a, b, piece, psc, True, qi,
                                       getattr(q, "speaker", None), getattr(q, "speaker_type", None)))
            else:
                parts.append(PartScore(s.index, s.paragraph, a, b, piece, psc, False))
    return ArticleSentiment(article.id, text, lexicon_label(overrides), sents, parts, quotes)


def _ensure(result: ArticleSentiment | Article | str, quotes: Sequence[Any] | None,
            overrides: str | Path | None) -> ArticleSentiment:
    return result if isinstance(result, ArticleSentiment) else analyze(result, quotes, overrides)


# --------------------------------------------------------------------------- tidy frames

def sentences_frame(result: ArticleSentiment | Article | str, quotes: Sequence[Any] | None = None,
                    overrides: str | Path | None = None) -> pd.DataFrame:
    """One row per sentence: id, sentence, paragraph, start, end, text, compound, pos, neu,
    neg, label, quoted, quoted_share. ``df.attrs["lexicon"]`` names the lexicon.

    >>> sentences_frame("Good news. Bad news.")["label"].tolist()
    ['positive', 'negative']
    """
    r = _ensure(result, quotes, overrides)
    df = pd.DataFrame(
        [{"article_id": r.id, "sentence": s.index, "paragraph": s.paragraph, "start": s.start, "end": s.end,
          "text": s.text, **_scores_dict(s.scores), "label": s.scores.label, "quoted": s.quoted,
          "quoted_share": s.quoted_share} for s in r.sentences],
        columns=["article_id", "sentence", "paragraph", "start", "end", "text", *SCORE_KEYS, "label",
                 "quoted", "quoted_share"],
    )
    df.attrs["lexicon"] = r.lexicon
    return df


def parts_frame(result: ArticleSentiment | Article | str, quotes: Sequence[Any] | None = None,
                overrides: str | Path | None = None) -> pd.DataFrame:
    """One row per sentence part (cut at quote boundaries): voice is ``narration`` or ``quoted``.

    >>> parts_frame('He said “this is awful” today.')["voice"].tolist()
    ['narration', 'quoted', 'narration']
    """
    r = _ensure(result, quotes, overrides)
    df = pd.DataFrame(
        [{"article_id": r.id, "sentence": p.sentence, "paragraph": p.paragraph, "start": p.start, "end": p.end,
          "text": p.text, **_scores_dict(p.scores), "label": p.scores.label,
          "voice": "quoted" if p.quoted else "narration", "speaker": p.speaker, "speaker_type": p.speaker_type}
         for p in r.parts],
        columns=["article_id", "sentence", "paragraph", "start", "end", "text", *SCORE_KEYS, "label", "voice",
                 "speaker", "speaker_type"],
    )
    df.attrs["lexicon"] = r.lexicon
    return df


_SUMMARY_COLS = ["n", *SCORE_KEYS, "positive", "neutral", "negative"]


def paragraphs_frame(result: ArticleSentiment | Article | str, quotes: Sequence[Any] | None = None,
                     overrides: str | Path | None = None) -> pd.DataFrame:
    """One row per paragraph: n sentences, mean scores, label shares, quoted sentences.

    >>> paragraphs_frame("Good.\\n\\nBad. Awful.")["n"].tolist()
    [1, 2]
    """
    r = _ensure(result, quotes, overrides)
    by_par: dict[int, list[SentenceScore]] = defaultdict(list)
    for s in r.sentences:
        by_par[s.paragraph].append(s)
    rows = [{"article_id": r.id, "paragraph": p, **summarize(s.scores for s in ss),
             "quoted_sentences": sum(s.quoted for s in ss)} for p, ss in sorted(by_par.items())]
    df = pd.DataFrame(rows, columns=["article_id", "paragraph", *_SUMMARY_COLS, "quoted_sentences"])
    df.attrs["lexicon"] = r.lexicon
    return df


def voices_frame(result: ArticleSentiment | Article | str, quotes: Sequence[Any] | None = None,
                 overrides: str | Path | None = None) -> pd.DataFrame:
    """Two rows, ``narration`` and ``quoted``, aggregating the sentence parts of each voice.

    >>> voices_frame('Calm day. “We are furious,” she said.')["n"].tolist()
    [2, 1]
    """
    r = _ensure(result, quotes, overrides)
    df = pd.DataFrame([{"article_id": r.id, "voice": "narration", **r.narration()},
                       {"article_id": r.id, "voice": "quoted", **r.quoted()}],
                      columns=["article_id", "voice", *_SUMMARY_COLS])
    df.attrs["lexicon"] = r.lexicon
    return df


def speakers_frame(result: ArticleSentiment | Article | str, quotes: Sequence[Any] | None = None,
                   overrides: str | Path | None = None) -> pd.DataFrame:
    """One row per speaker: quotes, words quoted and the aggregate of their quoted parts.

    Quoted parts without a speaker are grouped under ``"(unattributed)"``.

    >>> from types import SimpleNamespace as Q
    >>> speakers_frame('“We won,” Ann said.', [Q(start=1, end=7, speaker="Ann")])["speaker"].tolist()
    ['Ann']
    """
    r = _ensure(result, quotes, overrides)
    groups: dict[str, list[PartScore]] = defaultdict(list)
    for p in r.parts:
        if p.quoted:
            groups[p.speaker or "(unattributed)"].append(p)
    rows = []
    for spk, ps in groups.items():
        rows.append({"article_id": r.id, "speaker": spk,
                     "speaker_type": next((p.speaker_type for p in ps if p.speaker_type), None),
                     "quotes": len({p.quote for p in ps}),
                     "words": sum(word_count(p.text) for p in ps),  # counted as the quotes report counts them
                     **summarize(p.scores for p in ps)})
    df = pd.DataFrame(rows, columns=["article_id", "speaker", "speaker_type", "quotes", "words", *_SUMMARY_COLS])
    df = df.sort_values(["words", "speaker"], ascending=[False, True], ignore_index=True)
    df.attrs["lexicon"] = r.lexicon
    return df


# --------------------------------------------------------------------------- actors

# Title words stripped from the front of a capitalised run ("Secretary of State Antony
# Blinken" -> "Antony Blinken") and function words that are capitalised only because
# they open a sentence. Short on purpose: the rule is documented in docs/sentiment_framing.md.
_TITLES = frozenset("""
president vice prime minister secretary state chancellor premier spokesperson spokesman spokeswoman
senator sen sen. rep rep. representative gov gov. governor mayor judge justice general gen gen. colonel
col captain capt chief director professor prof prof. dr dr. mr mr. mrs mrs. ms ms. king queen prince
princess pope foreign defense defence deputy ambassador commissioner chairman chairwoman chair ceo
speaker leader lt sgt sir dame lord lady father sister brother rev reverend councillor councilor
former acting interim homeopath coauthor
""".split())
_STOP = frozenset("""
the a an and but or if in on at as of for to from by with when while after before since during
according over under this that these those there here it its he she they we i you his her their our
my your what which who whom whose where why how not no yes so also although though however
meanwhile instead despite until then now today tonight yesterday tomorrow later earlier still yet once
both each every all many some several most other another such only even just thus therefore hence indeed
moreover furthermore next first finally last also perhaps speaking asked said says
monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december
""".split())
_NAME_TOKEN = r"(?:[A-Z]\.){2,}|[A-Z][\w\-]*[\w]|[A-Z]"
_RUN = re.compile(rf"(?<![\w.])(?:{_NAME_TOKEN})(?:[’']s)?(?:\s+(?:{_NAME_TOKEN})(?:[’']s)?)*")
_POSS = re.compile(r"[’']s$")
_PLAIN = re.compile(r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)*")


@dataclass(frozen=True, slots=True)
class Actor:
    """A named actor: canonical name, the surface forms that count as a mention, and origin."""

    name: str
    aliases: tuple[str, ...]
    origin: str  # "speaker" (from quote attribution) or "name" (capitalised-name rule)


def _name_runs(text: str, sentence_starts: set[int]) -> list[tuple[list[str], bool]]:
    """Capitalised runs as token lists (titles and opening function words stripped)."""
    out = []
    for m in _RUN.finditer(text):
        toks = [_POSS.sub("", t) for t in m.group(0).split()]
        at_start = m.start() in sentence_starts
        # keep what follows the last title word ("China President Xi Jinping" -> "Xi Jinping"), unless
        # the title word is part of an organisation's name ("Justice Department", "Islamic State")
        last_title = max((i for i, t in enumerate(toks) if t.lower().rstrip(".") in _TITLES or t.lower() in _TITLES),
                         default=-1)
        if last_title >= 0 and _titled_organisation(toks, last_title):
            last_title = -1
        toks = toks[last_title + 1:]
        if toks and last_title >= 0:
            at_start = False
        cut = _person_title_end(toks)
        if cut:
            toks, at_start = toks[cut:], False
        while toks and toks[0].lower() in _STOP:
            toks = toks[1:]
            at_start = False
        while toks and toks[-1].lower() in _STOP:
            toks = toks[:-1]
        if toks:
            out.append((toks, at_start))
    return out


def _titled_organisation(toks: list[str], last_title: int) -> bool:
    """True when a capitalised run whose word ``toks[last_title]`` is a title word names an
    organisation, not a titled person: a listed organisation or place ("Justice Department"),
    or an organisation word after the title ("Defense Department", "Colorado State University").
    (A run ending in its title word is dropped unless listed, as "Islamic State" is: the same
    rule would keep "Home Secretary" or "Russian President" as actors.)"""
    from .speakers import lexicons

    lex = lexicons()
    full = " ".join(toks)
    return full in lex.orgs or full in lex.places or any(t in lex.org_words for t in toks[last_title + 1:])


def _person_title_end(toks: list[str]) -> int:
    """How many leading tokens of a run are a person's title and the words before it: the end
    of the last title from ``person_titles.txt`` ("Councilman", "Council Member", "Sheriff")
    that a person's name follows (one to three plain capitalised words, none a place or an
    organisation word, the first no function word: not "Major League Baseball", "Doctor Who
    Society"), else 0. A title that is also a given
    name ("Dean") is not stripped, nor a title word of a listed organisation ("General Motors")."""
    from .speakers import lexicons

    lex = lexicons()
    if " ".join(toks) in lex.orgs:  # "General Motors", listed as an organisation
        return 0
    titles = _person_titles()
    low = [t.lower() for t in toks]
    for i in range(len(toks) - 2, -1, -1):
        for title in titles.get(low[i], ()):
            n = len(title)
            rest = toks[i + n:]
            if 1 <= len(rest) <= 3 and tuple(low[i:i + n]) == title and rest[0].lower() not in _STOP \
                    and all(_PLAIN.fullmatch(t) and t not in lex.org_words and t not in lex.places for t in rest) \
                    and " ".join(rest) not in lex.orgs and " ".join(rest) not in lex.places:
                return i + n
    return 0


@lru_cache(maxsize=1)
def _person_titles() -> dict[str, list[tuple[str, ...]]]:
    """``person_titles.txt`` as lower-case token tuples without periods (as they appear in a
    capitalised run), by first word, longest first; titles that are also given names left out."""
    from .speakers import lexicons

    lex = lexicons()
    out: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for t in lex.titles:  # (longest first)
        if len(t) == 1 and t[0] in lex.given:
            continue  # "Dean Smith" is a person named Dean
        key = tuple(w.lower().rstrip(".") for w in t)
        if key not in out[key[0]]:
            out[key[0]].append(key)
    return dict(out)


def find_actors(article: Article | str, quotes: Sequence[Any] | None = None, min_mentions: int = 2) -> list[Actor]:
    """Return the named actors of an article.

    Rule (kept simple on purpose): (1) every quote speaker is an actor; (2) every run of two
    or more capitalised words is a name, after dropping leading title words (President,
    Secretary of State ...; any title of ``person_titles.txt`` before a person's name:
    "Councilman Raymond Teller" is "Raymond Teller") and sentence-opening function words;
    (3) a single capitalised word that is the first or last word of exactly one such name of
    two or three plain words is an alias of it ("Blinken" -> "Antony Blinken") when it also
    occurs on its own and that name is no organisation; a word that is a place ("Paris") only
    for a quoted person or a name opening with a given name; (4) an
    organisation (a name ending in an ``org_words.txt`` word, listed in ``speaker_orgs.csv``,
    quoted as one, or followed by brackets) lends no single word, only the short forms of
    ``_org_short_forms`` (acronym, last words, "the Association") that the text uses and no
    other organisation claims; (5) any other single capitalised word counts as an actor when
    it occurs ``min_mentions`` times or more, not only at a sentence start, and is not a
    weekday, month or function word (this keeps "Russia" and "Ukraine").

    >>> [a.name for a in find_actors("Antony Blinken spoke. Later Blinken left.")]
    ['Antony Blinken']
    >>> [a.aliases for a in find_actors("The Riverton Teachers Union (RTU) met. Riverton schools open. The RTU agreed.")]
    [('Riverton Teachers Union', 'RTU')]
    """
    from .speakers import lexicons

    lex = lexicons()
    if isinstance(article, str):
        article = records.article_from_text(article)
    text = article.text
    starts = {s.start for s in article.sentences}
    runs = _name_runs(text, starts)
    names: dict[str, str] = {}  # name -> origin, insertion order = first seen
    kinds: dict[str, str | None] = {}
    for q in quotes or []:
        spk = getattr(q, "speaker", None)
        if spk:
            names.setdefault(spk, "speaker")
            kinds.setdefault(spk, getattr(q, "speaker_type", None))
    for toks, _ in runs:
        if len(toks) >= 2:
            names.setdefault(" ".join(toks), "name")
    alone: dict[str, list[bool]] = defaultdict(list)
    for toks, at_start in runs:
        if len(toks) == 1:
            alone[toks[0]].append(at_start)
    # places and countries ("North Korea", "United States") lend words as a person-like name
    # does ("the North"), and their acronym ("US") as an organisation does
    places = {n for n in names if n in lex.places or lex.orgs.get(n, ("", ""))[1] == "country"}
    orgs = [n for n in names if len(n.split()) >= 2 and n not in places and (
        kinds.get(n) == "organization" or n.split()[-1] in lex.org_words or n in lex.orgs
        or ((n + " (") in text and re.search(re.escape(n) + _ACRONYM_DEF, text)))]  # ("Médecins Sans Frontières (MSF)")
    # person-like names (2-3 plain capitalised words) lend their first/last word as an alias
    # when no other such name starts or ends with it; organisations lend none, and a word that
    # is a place is an alias only of a quoted person or a name opening with a given name
    # ("Paris" of "Valeska Paris", not "Canada" of "Fan Expo Canada" or "Africa" of "South Africa")
    multi = [n for n in names if 2 <= len(n.split()) <= 3 and all(_PLAIN.fullmatch(t) for t in n.split())]
    owners: dict[str, set[str]] = defaultdict(set)  # first/last word -> names it starts or ends
    for n in multi:
        owners[n.split()[0]].add(n)
        owners[n.split()[-1]].add(n)
    lenders = {n for n in multi if n not in orgs}
    personal = {n for n in lenders if kinds.get(n) == "person" or n.split()[0] in lex.given}
    alias_of = {tok: next(iter(ns)) for tok, ns in owners.items()
                if len(ns) == 1 and next(iter(ns)) in lenders and tok in alone and tok.lower() not in _STOP
                and (tok not in lex.places or next(iter(ns)) in personal)}
    claims: dict[str, set[str]] = defaultdict(set)
    for n in orgs + [n for n in places if len(n.split()) >= 2]:
        for form in _org_short_forms(n, text, names, lex):
            claims[form].add(n)
    into: dict[str, str] = {}  # an organisation's name -> the quote speaker it is (the speaker's name stays)
    for form, ns in claims.items():
        if len(ns) == 1 and form not in alias_of:
            owner = alias_of[form] = next(iter(ns))
            head = form.startswith(("the ", "The "))
            bare = form[4:] if head else form
            if names.get(bare) == "speaker" and names.get(owner) == "name" and not head:
                into[owner] = bare  # "The Teachers Union said": the speaker's name stays, the full name is its alias
                names.pop(owner)
            elif bare in names and bare != owner:
                if names.pop(bare) == "speaker":
                    names[owner] = "speaker"  # ("The Association said": a bare head word names no actor)
    heads = {a[4:] for a in alias_of if a.startswith(("the ", "The "))}  # ("the Association": no actor "Association")
    singles = {t: flags for t, flags in alone.items() if t not in alias_of and t not in names and t not in heads}
    for tok, flags in singles.items():
        if len(flags) >= min_mentions and not all(flags) and len(tok) > 1:
            names.setdefault(tok, "name")
    actors = []
    for n, origin in names.items():
        aliases = {n, *(a for a, owner in alias_of.items() if into.get(owner, owner) == n),
                   *(o for o, sp in into.items() if sp == n)}
        actors.append(Actor(n, tuple(sorted(aliases, key=lambda a: (-len(a), a))), origin))
    return actors


_ACRONYM_DEF = r"\s*\(([A-Z][A-Za-z.]*[A-Z])\)"  # " (MSF)" after a name
_ORG_GLUE = frozenset({"of", "for", "and", "&", "the", "on", "in", "de"})


def _org_short_forms(name: str, text: str, names: dict[str, str], lex: Any) -> list[str]:
    """The short forms of an organisation's name that ``text`` uses, safe to count as it:

    - its acronym: the initials of its words ("Riverton Taxpayers Association" -> "RTA",
      "Department of Justice" -> "DJ" or "DOJ"), or the letters the text gives in brackets
      right after the name ("Médecins Sans Frontières (MSF)"), when the text has it as a word;
    - its last two or more words when they occur as a name on their own ("the Teachers Union"
      for "Springfield Teachers Union"), unless they start with a place or function word;
    - "the X" / "The X" for its head word X ("the Association"), when no other name ends in X
      and the text never follows "the X" with "of", "for" or a capitalised word.

    Never its first word (often a place: "Riverton", "Springfield") and never a bare head word.
    The caller drops a form that two organisations claim.
    """
    words = name.split()
    out: list[str] = []
    caps = [w for w in words if w[:1].isupper()]
    forms = {"".join(w[0] for w in caps), "".join(w[0].upper() for w in words if w[0].isalpha())}
    for m in re.finditer(r"(?<![\w-])" + re.escape(name) + _ACRONYM_DEF, text):
        before = text[max(0, m.start() - 40):m.start()].split()[-1:]
        if not before or not before[0][:1].isupper() or before[0].lower() in _STOP:
            forms.add(m.group(1))  # (the whole name: not "Teachers Union" of "Springfield Teachers Union (STU)")
    for acr in sorted(forms):
        if len(acr) >= 2 and acr.isupper() and acr != name and re.search(rf"(?<![\w.]){re.escape(acr)}(?!\w)", text):
            out.append(acr)
    for k in range(1, len(words) - 1):
        tail = " ".join(words[k:])
        if tail in names and words[k].lower() not in _STOP and words[k] not in _ORG_GLUE \
                and words[k] not in lex.places and tail not in lex.places:
            out.append(tail)
    head = words[-1]
    if len(words) >= 2 and head in lex.org_words and head[:1].isupper() \
            and not any(n not in (name, head) and n.split()[-1] == head for n in names):
        uses = list(re.finditer(rf"\b([Tt]he) {re.escape(head)}\b", text))
        if uses and not any(re.match(r"\s+(?:of|for|and|&|[A-Z])", text[m.end():]) for m in uses):
            out.extend(sorted({f"{m.group(1)} {head}" for m in uses}))
    return out


def _mention_re(actor: Actor) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(a) for a in actor.aliases) + r")(?!\w)")


def actors_frame(result: ArticleSentiment | Article | str, quotes: Sequence[Any] | None = None,
                 overrides: str | Path | None = None, actors: Sequence[Actor] | None = None) -> pd.DataFrame:
    """One row per named actor: mentions, the sentences mentioning them and their mean sentiment.

    ``actors`` defaults to ``find_actors`` (quote speakers plus the capitalised-name rule).

    >>> df = actors_frame("Ann Lee won. Ann Lee is happy. Bob Ray lost badly.")
    >>> bool(df.set_index("actor").loc["Bob Ray", "compound"] < 0)
    True
    """
    r = _ensure(result, quotes, overrides)
    if actors is None:
        art = result if isinstance(result, Article) else records.article_from_text(r.text, r.id)
        actors = find_actors(art, r.quotes)
    rows = []
    for actor in actors:
        rx = _mention_re(actor)
        hits = [s for s in r.sentences if rx.search(s.text)]
        if not hits:
            continue
        rows.append({"article_id": r.id, "actor": actor.name, "origin": actor.origin,
                     "aliases": list(actor.aliases), "mentions": sum(len(rx.findall(s.text)) for s in hits),
                     "sentences": [s.index for s in hits], **summarize(s.scores for s in hits)})
    df = pd.DataFrame(rows, columns=["article_id", "actor", "origin", "aliases", "mentions", "sentences",
                                     *_SUMMARY_COLS])
    df = df.sort_values(["mentions", "actor"], ascending=[False, True], ignore_index=True)
    df.attrs["lexicon"] = r.lexicon
    return df


def corpus_frame(articles: Iterable[Article], overrides: str | Path | None = None,
                 quotes_fn: Any = None) -> pd.DataFrame:
    """One row per article: sentence count, mean compound, label shares, narration and quoted compound.

    ``quotes_fn(article) -> quotes`` supplies quote spans (default: quotation marks only, which
    is fast; pass ``quotes_for`` for the quotes module).

    >>> from newsdesk.records import article_from_text as a
    >>> corpus_frame([a("Good day.", "x"), a("Bad day.", "y")])["compound"].gt(0).tolist()
    [True, False]
    """
    rows = []
    label_ = lexicon_label(overrides)
    for art in articles:
        r = analyze(art, quotes_fn(art) if quotes_fn else None, overrides)
        s, nar, quo = r.summary(), r.narration(), r.quoted()
        rows.append({"article_id": r.id, "title": art.title, "source": art.source, **s,
                     "narration_compound": nar["compound"], "quoted_compound": quo["compound"]})
    df = pd.DataFrame(rows, columns=["article_id", "title", "source", *_SUMMARY_COLS, "narration_compound",
                                     "quoted_compound"])
    df.attrs["lexicon"] = label_
    return df


# --------------------------------------------------------------------------- CLI

def _quotes_extractor():
    """Return ``newsdesk.quotes.extract`` if that module is installed, else ``None``."""
    try:
        from . import quotes
    except ImportError:
        return None
    return getattr(quotes, "extract", None)


def quotes_for(article: Article) -> list[Any] | None:
    """Return ``newsdesk.quotes.extract(article)``, or ``None`` (quotation-mark fallback) when
    the quotes module is not installed. For notebooks and the CLI.

    >>> from newsdesk.records import article_from_text
    >>> qs = quotes_for(article_from_text('“We won,” Ann Lee said.'))
    >>> qs is None or all(hasattr(q, "start") for q in qs)
    True
    """
    extract = _quotes_extractor()
    return extract(article) if extract else None


CSV_FIELDS = ["id", "sentence", "paragraph", "start", "end", "compound", "pos", "neu", "neg", "label",
              "quoted", "quoted_share", "lexicon"]


def _csv_rows(result: ArticleSentiment):
    for s in result.sentences:
        yield {"id": result.id, "sentence": s.index, "paragraph": s.paragraph, "start": s.start, "end": s.end,
               **_scores_dict(s.scores), "label": s.scores.label, "quoted": s.quoted,
               "quoted_share": s.quoted_share, "lexicon": result.lexicon}


def cli_main(args: Any) -> int:
    """``newsdesk sentiment INPUT [--format jsonl|csv] [--out FILE] [--overrides FILE]``.

    JSON Lines: one record per input article (see ``ArticleSentiment.record``); CSV: one row
    per sentence.
    """
    overrides = getattr(args, "overrides", None)
    try:
        if overrides:
            read_overrides(overrides)
    except (ValueError, OSError) as exc:
        print(f"newsdesk sentiment: {exc}", file=sys.stderr)
        return 1

    def result(a: Article) -> ArticleSentiment:
        return analyze(a, quotes_for(a), overrides)

    return records.run_analysis(
        "sentiment", args, lambda a: result(a).record(), lambda a: _csv_rows(result(a)), CSV_FIELDS, (ValueError,),
        also_read=[overrides],
    )

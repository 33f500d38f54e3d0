"""Each normalization rule alone, table-driven, then the decoder on real bytes."""

from __future__ import annotations

import codecs

import pytest

from newsdesk import normalize
from newsdesk.normalize import DecodeError


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("FranÃ§ois Hollande", "François Hollande"),
        ("the â€œworldâ€\x9d should", "the “world” should"),
        ("Russiaâ€™s takeover", "Russia’s takeover"),
        ("plain ASCII stays", "plain ASCII stays"),
        ("«déjà vu» „Zitat“ ‹x›", "«déjà vu» „Zitat“ ‹x›"),
    ],
)
def test_fix_mojibake(raw, expected):
    assert normalize.fix_mojibake(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("a\r\nb\rc", "a\nb\nc"),
        ("a\u2028b\u2029c\x0cd", "a\nb\nc\nd"),
    ],
)
def test_unify_newlines(raw, expected):
    assert normalize.unify_newlines(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("zero\u200bwidth\ufeff", "zerowidth"),
        ("bell\x07 and nul\x00", "bell and nul"),
        ("C1\x85\x9fcontrols", "C1controls"),
        ("tab\tkept\nnewline kept", "tab\tkept\nnewline kept"),
    ],
)
def test_strip_controls(raw, expected):
    assert normalize.strip_controls(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("  a \t b  ", "a b"),
        ("a\u00a0b\u2009c", "a b c"),
        ("p1\n\n\n\n\np2", "p1\n\np2"),
        ("\n\nlead and trail\n\n", "lead and trail"),
        ("line one  \nline two", "line one\nline two"),
    ],
)
def test_tidy_whitespace(raw, expected):
    assert normalize.tidy_whitespace(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("short wrapped\nline here.\n\nsecond\npara.", "short wrapped line here.\n\nsecond para."),
        ("One paragraph a line.\nAnother one.", "One paragraph a line.\nAnother one."),
        ("Headline\n\nBody one.\n\nBody two.", "Headline\n\nBody one.\n\nBody two."),
    ],
)
def test_unwrap_lines(raw, expected):
    assert normalize.unwrap_lines(raw) == expected


def test_nfc_composes_accents():
    assert normalize.normalize_text("Cafe\u0301") == "Café"


TEXT = "Blinken said “we will stay united” — Zelensky’s «ally»."


@pytest.mark.parametrize(
    "data, warned",
    [
        (TEXT.encode("utf-8"), False),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), False),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), False),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), False),
        (TEXT.encode("utf-16-le"), True),  # no BOM: detected, with a warning
    ],
)
def test_decode_unicode_forms(data, warned):
    text, warnings = normalize.decode(data)
    assert text == TEXT
    assert bool(warnings) == warned


def test_decode_cp1252_falls_back_with_warning():
    data = "Zelensky’s “ally” café".encode("cp1252")
    text, warnings = normalize.decode(data)
    assert text == "Zelensky’s “ally” café"
    assert warnings == ["not UTF-8: decoded as cp1252"]


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        ("Zelensky’s".encode("utf-8") + b" broken \xe2\x80", "invalid UTF-8"),
        (bytes(range(0, 32)) * 20, "binary"),
    ],
)
def test_decode_rejects(data, reason):
    with pytest.raises(DecodeError, match=reason):
        normalize.decode(data)


def test_seed_is_unchanged_by_normalization(seed_text):
    # The seed is clean UTF-8 with one paragraph a line: only the trailing newline goes.
    assert normalize.normalize_text(seed_text) == seed_text.strip("\n")

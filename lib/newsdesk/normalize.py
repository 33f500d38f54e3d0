"""Bytes -> clean Unicode text. Each rule is a small ``str -> str`` function.

``decode`` handles UTF-8, UTF-8/UTF-16 with BOM, UTF-16 without BOM, and legacy cp1252
(with a warning); it raises ``DecodeError`` for binary data and broken UTF-8.
``normalize_text`` then repairs mojibake, applies NFC, removes control and zero-width
characters and tidies whitespace, keeping every quotation mark as the source printed it.

>>> normalize_text("Fran\\u00c3\\u00a7ois said \\u201chi\\u201d\\r\\n\\r\\n\\r\\nBye")
'François said “hi”\\n\\nBye'
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import ftfy


class DecodeError(ValueError):
    """The bytes are not text we can read; the message says why."""


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _looks_utf16(data: bytes) -> str | None:
    """Guess UTF-16 without BOM: ASCII text has a NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def decode(data: bytes) -> tuple[str, list[str]]:
    """Return ``(text, warnings)`` for raw file bytes.

    Raises ``DecodeError`` for binary data (NUL bytes, not UTF-16) or invalid UTF-8 that
    is not plausible cp1252 either.

    >>> decode("café".encode("cp1252"))
    ('café', ['not UTF-8: decoded as cp1252'])
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), []
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {codec} after its byte-order mark at byte {exc.start}") from None
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            return data.decode(utf16), [f"no byte-order mark: decoded as {utf16.upper()}"]
        except UnicodeDecodeError:
            pass
    warnings: list[str] = []
    if b"\x00" in data:
        # A few stray NULs in text are dropped; many mean a binary file.
        if _binary_share(data) > 0.01:
            raise DecodeError("binary data (NUL bytes), not text")
        warnings.append(f"removed {data.count(0)} NUL bytes")
        data = data.replace(b"\x00", b"")
    try:
        return data.decode("utf-8"), warnings
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    # Valid multi-byte UTF-8 sequences elsewhere mean the file is broken UTF-8, not cp1252.
    if _has_utf8_multibyte(data):
        raise DecodeError(f"invalid UTF-8 at byte {first_bad}")
    if _binary_share(data) > 0.10:
        raise DecodeError("binary data, not text")
    return data.decode("cp1252", errors="replace"), warnings + ["not UTF-8: decoded as cp1252"]


_UTF8_MULTI = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _has_utf8_multibyte(data: bytes) -> bool:
    return _UTF8_MULTI.search(data) is not None


def _binary_share(data: bytes) -> float:
    """Share of bytes (of the first 64 KiB) that are C0 controls other than tab/newline/CR/FF/ESC."""
    if not data:
        return 0.0
    bad = sum(1 for b in data[:65536] if b < 32 and b not in (9, 10, 12, 13, 27))
    return bad / min(len(data), 65536)


def fix_mojibake(text: str) -> str:
    """Repair UTF-8 read as Latin-1/cp1252 ("FranÃ§ois" -> "François"); other text unchanged.

    >>> fix_mojibake("FranÃ§ois")
    'François'
    """
    if text.isascii():
        return text
    return ftfy.fix_encoding(text)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\ufffe]")
_CONTROL_NOT_C1 = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u200b-\u200d\u2060\ufeff\ufffe]")  # C1 may be mojibake bytes
_LINE_SEP = re.compile(r"\r\n?|[\u2028\u2029\x0c\x0b\x85]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_BLANKS = re.compile(r"\n{3,}")


def unify_newlines(text: str) -> str:
    """CRLF, CR, form feed, vertical tab and Unicode line/paragraph separators -> ``\\n``."""
    return _LINE_SEP.sub("\n", text)


def strip_controls(text: str) -> str:
    """Remove control and zero-width characters (keeps tab and newline)."""
    return _CONTROL.sub("", text)


def tidy_whitespace(text: str) -> str:
    """One space between words, no spaces at line ends, at most one blank line in a row.

    >>> tidy_whitespace("  a \\t b  \\n\\n\\n\\nc ")
    'a b\\n\\nc'
    """
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip("\n")


def unwrap_lines(text: str, width: int = 80) -> str:
    """Join hard-wrapped lines: when blank lines separate blocks and almost every line
    inside a block is short, the lines of each block are one paragraph.

    Text with one paragraph per line (the usual case) is returned unchanged.

    >>> unwrap_lines("A long line that\\nwas wrapped.\\n\\nNext para\\ngoes on.")
    'A long line that was wrapped.\\n\\nNext para goes on.'
    """
    blocks = text.split("\n\n")
    inner = [line for b in blocks for line in b.split("\n")[:-1]]
    if not inner or "\n\n" not in text:
        return text
    if sum(len(l) <= width for l in inner) < 0.9 * len(inner):
        return text
    return "\n\n".join(" ".join(l.strip() for l in b.split("\n") if l.strip()) for b in blocks)


def normalize_text(text: str) -> str:
    """Apply every text rule in order: newlines, controls (around the mojibake repair), NFC, whitespace, unwrap."""
    text = unify_newlines(text)
    # zero-width and C0 characters go before the repair: one inside a mojibake pair ("Ü\u200b‘")
    # would hide it until a second run; C1 characters can be the pair's own bytes, so they stay
    text = fix_mojibake(_CONTROL_NOT_C1.sub("", text))
    stripped = strip_controls(text)
    if stripped != text:  # a C1 character that was not part of a pair may have sat inside one
        stripped = fix_mojibake(stripped)
    text = unicodedata.normalize("NFC", stripped)
    text = tidy_whitespace(text)
    return unwrap_lines(text)

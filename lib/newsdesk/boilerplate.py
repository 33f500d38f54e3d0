"""Removal of boilerplate paragraphs (site chrome) from a readable pattern file.

Patterns live in ``lexicons/boilerplate.txt``: one regex a line, matched against a whole
paragraph, case-insensitively. Removed lines are returned so the article records them.

>>> strip("Real news.\\nComments are closed.")
('Real news.', ['Comments are closed.'])
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from . import config


@lru_cache(maxsize=8)
def load_patterns(path: Path | None = None) -> re.Pattern[str]:
    """Compile the pattern file (default: bundled) into one full-line regex."""
    path = path or config.lexicon_path("boilerplate.txt")
    lines = _read_patterns(path)
    for l in lines:
        try:
            re.compile(l)
        except re.error as exc:
            raise ValueError(f"{path}: bad pattern {l!r}: {exc}") from None
    return re.compile("|".join(f"(?:{l})" for l in lines) or r"(?!x)x", re.IGNORECASE)


def _read_patterns(path: Path) -> list[str]:
    # '#' starts a comment only at the start of a line: patterns may contain '#'.
    out = []
    from .records import read_text_file

    try:
        text = read_text_file(path)
    except OSError as exc:  # `newsdesk ingest` reports a ValueError in one line
        raise ValueError(f"{path}: cannot read the boilerplate pattern file ({exc.strerror or exc})") from None
    for line in text.splitlines():
        s = line.strip()
        if s and not s.startswith("#"):
            out.append(s)
    return out


def is_boilerplate(paragraph: str, pattern: re.Pattern[str] | None = None) -> bool:
    """True when the whole paragraph matches a boilerplate pattern."""
    pattern = pattern or load_patterns()
    return pattern.fullmatch(paragraph.strip()) is not None


def strip(text: str, pattern: re.Pattern[str] | None = None) -> tuple[str, list[str]]:
    """Return ``(text without boilerplate lines, removed lines)``; blank lines kept as is."""
    pattern = pattern or load_patterns()
    kept, removed = [], []
    for line in text.split("\n"):
        s = line.strip()
        if s and pattern.fullmatch(s):
            removed.append(s)
        else:
            kept.append(line)
    return "\n".join(kept).strip("\n"), removed


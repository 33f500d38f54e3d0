"""The data model shared by every module: articles and their sentences.

Offsets are character offsets into ``Article.text`` (the normalized text), so
``article.text[s.start:s.end] == s.text`` for every sentence ``s``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its index in the article, its paragraph, and its span."""

    index: int
    paragraph: int
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Article:
    """One normalized article, as stored one per line in ``corpus/articles.jsonl``.

    ``paragraphs`` holds ``[start, end]`` spans into ``text``; ``sentences`` the
    sentence spans (see ``Sentence``). Metadata fields are ``None`` when unknown.
    """

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    date: str | None = None
    url: str | None = None
    author: str | None = None
    licence: str | None = None
    attribution: str | None = None
    genre: str | None = None
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    word_count: int = 0
    content_hash: str = ""
    raw_path: str | None = None
    duplicate_sources: list[str] = field(default_factory=list)
    near_duplicates: list[str] = field(default_factory=list)
    boilerplate_removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready record (sentences as ``[start, end, paragraph]`` triples)."""
        d = {name: getattr(self, name) for name in self.__dataclass_fields__}
        d["paragraphs"] = [list(p) for p in self.paragraphs]
        d["sentences"] = [[s.start, s.end, s.paragraph] for s in self.sentences]
        for k in ("duplicate_sources", "near_duplicates", "boilerplate_removed", "warnings"):
            d[k] = list(d[k])
        d["extra"] = dict(self.extra)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Article":
        """Rebuild an ``Article`` from ``to_dict`` output."""
        d = dict(d)
        text = d["text"]
        d["paragraphs"] = [tuple(p) for p in d.get("paragraphs", [])]
        d["sentences"] = [
            Sentence(i, int(p), int(a), int(b), text[a:b])
            for i, (a, b, p) in enumerate(d.get("sentences", []))
        ]
        known = set(cls.__dataclass_fields__)
        extra = {k: v for k, v in d.items() if k not in known}
        d = {k: v for k, v in d.items() if k in known}
        art = cls(**d)
        art.extra.update(extra)
        return art

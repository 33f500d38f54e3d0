"""The hostile input corpus: committed files in tests/data/hostile/ plus two generated
ones too big to commit (a 5 MB single-line article, 10,000 one-word paragraphs)."""

from __future__ import annotations

import shutil
from pathlib import Path

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"


def big_single_line(mb: float = 5.0) -> str:
    """One paragraph of about ``mb`` megabytes: real-looking sentences with quotes."""
    unit = "Officials said “the talks will resume,” according to a statement from the ministry. "
    return unit * int(mb * 1_000_000 / len(unit.encode()))


def many_paragraphs(n: int = 10_000) -> str:
    """``n`` one-word paragraphs separated by blank lines."""
    return "\n\n".join(f"Word{i}" for i in range(n))


def build(dest: Path) -> Path:
    """Copy the committed hostile files into ``dest`` and add the generated ones."""
    shutil.copytree(HOSTILE, dest, symlinks=True, dirs_exist_ok=True)
    (dest / "big_5mb_one_line.txt").write_text(big_single_line(), encoding="utf-8")
    (dest / "ten_thousand_paragraphs.txt").write_text(many_paragraphs(), encoding="utf-8")
    return dest

"""Project paths, in one place: notebooks and the CLI never hard-code a path.

The project root is found from ``NEWSDESK_ROOT`` if set, else the nearest parent of
the current directory holding ``pyproject.toml`` and ``seeds/``, else the checkout this
package was installed from (editable install).

>>> from newsdesk import config
>>> config.corpus_dir().name
'corpus'
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
LEXICON_DIR = PACKAGE_DIR / "lexicons"


def _looks_like_root(path: Path) -> bool:
    return (path / "pyproject.toml").is_file() and (path / "seeds").is_dir()


def project_root() -> Path:
    """Return the project root directory (see module docstring for the lookup order)."""
    env = os.environ.get("NEWSDESK_ROOT")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if _looks_like_root(candidate):
            return candidate
    installed = PACKAGE_DIR.parent.parent  # lib/newsdesk -> checkout
    if _looks_like_root(installed):
        return installed
    return here


def shown_path(path: str | Path) -> str:
    """A path as a shared report may show it: relative to the project (or to the bundled lexicons)
    when inside it, else the file name alone. A report sent to a colleague must not carry the
    author's folders.

    >>> shown_path(LEXICON_DIR / "frames" / "generic.csv")
    'lib/newsdesk/lexicons/frames/generic.csv'
    >>> shown_path("/home/ana/private/my_scheme.csv")
    'my_scheme.csv'
    """
    p = Path(path).resolve()
    for base, prefix in ((project_root(), ""), (PACKAGE_DIR, "newsdesk/")):  # (an installed package: "newsdesk/...")
        if p.is_relative_to(base):
            return prefix + p.relative_to(base).as_posix()
    return p.name


def seeds_dir() -> Path:
    """Raw articles, never written to."""
    return project_root() / "seeds"


def corpus_dir() -> Path:
    """Normalized corpus written by ``newsdesk ingest``."""
    return Path(os.environ.get("NEWSDESK_CORPUS") or project_root() / "corpus")


def outputs_dir() -> Path:
    """Reports, tables and the index page written by ``newsdesk reports``."""
    return Path(os.environ.get("NEWSDESK_OUTPUTS") or project_root() / "outputs")


def notebooks_dir() -> Path:
    """The parameterized report notebooks."""
    return project_root() / "notebooks"


def lexicon_path(name: str) -> Path:
    """Path of a bundled lexicon file, e.g. ``lexicon_path("boilerplate.txt")``."""
    return LEXICON_DIR / name


# The seed article: the default for every per-article notebook.
SEED_ARTICLE_ID = "000_53b5643fb951cf8e"

"""Shared fixtures: the project's real seed and sample texts, and a corpus built from them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_ID = "000_53b5643fb951cf8e"
GOLD_CANDIDATES = [ROOT.parent / "shared" / "eval" / "seed_gold.json", ROOT / "tests" / "data" / "seed_gold.json"]


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (SEEDS / f"{SEED_ID}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    for p in GOLD_CANDIDATES:
        if p.is_file():
            return json.loads(p.read_text(encoding="utf-8"))
    pytest.skip("seed gold not found")


@pytest.fixture(scope="session")
def built_corpus(tmp_path_factory) -> Path:
    """The bundled seeds ingested once into a temporary corpus folder."""
    from newsdesk import corpus

    out = tmp_path_factory.mktemp("corpus")
    corpus.ingest([SEEDS], out, log=lambda line: None)
    return out


@pytest.fixture(scope="session")
def seed_article(built_corpus):
    from newsdesk import corpus

    return corpus.get_article(SEED_ID, built_corpus)

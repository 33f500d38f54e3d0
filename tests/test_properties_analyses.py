"""Property-based tests of the three analyses over arbitrary Unicode text: quotes,
sentiment and framing (both bundled schemes) never raise, every offset pair indexes the
text (``text[start:end] == span``), and two calls give equal results."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsdesk import framing, quotes, records, sentiment

from .conftest import SEEDS, SEED_ID
from .hostile import HOSTILE

# real text always tried besides the generated examples: the seed article and the small
# hostile files about quotation marks, scripts and languages
REAL = [(SEEDS / f"{SEED_ID}.txt").read_text(encoding="utf-8")] + [
    (HOSTILE / name).read_text(encoding="utf-8")
    for name in ("nested_quotes.txt", "only_quotes.txt", "unbalanced_quotes.txt", "french.txt",
                 "german.txt", "rtl.txt", "emoji.txt", "script_in_text.txt")
]


def with_real_examples(test):
    for text in REAL:
        test = example(text=text)(test)
    return test

MARKS = "“”\"‘’«»„‚‹›'"
FRAGMENTS = [
    "said", " said ", "told", "according to", "According to ", "U.S.", "Mr.", "Sen. ", "Jane Roe",
    "the minister", "He", "she", "“We", "”", "\n\n", "...", ": ", ", adding that ", " that ",
    "police", "attack", "economy", "crisis", "taxpayers", "good", "terrible", "not bad",
]
news_text = st.lists(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list(MARKS + ".!?;:,— \n\t\u00a0")),
        st.sampled_from(FRAGMENTS),
    ),
    max_size=80,
).map("".join)

# a profile of this file's own: the analyses are slower per example than normalization
analyses = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@analyses
@with_real_examples
@given(text=news_text)
def test_quote_offsets_index_the_text_and_repeat(text):
    art = records.article_from_text(text)
    first = quotes.analyze(art)
    for q in first.quotes:
        assert 0 <= q.start <= q.end <= len(text)
        assert text[q.start : q.end] == q.quote
        assert q.kind in {"direct", "indirect", "mixed", "scare"}
    again = quotes.analyze(records.article_from_text(text))
    assert [q.to_dict() for q in again.quotes] == [q.to_dict() for q in first.quotes]
    assert again.speakers == first.speakers and again.warnings == first.warnings


@analyses
@with_real_examples
@given(text=news_text)
def test_sentiment_offsets_index_the_text_and_repeat(text):
    art = records.article_from_text(text)
    qs = quotes.extract(art)
    for given_quotes in (None, qs):  # the quotation-mark fallback and the extracted quotes
        r = sentiment.analyze(art, given_quotes)
        for s in r.sentences:
            assert text[s.start : s.end] == s.text
            assert -1.0 <= s.scores.compound <= 1.0 and 0.0 <= s.quoted_share <= 1.0
        for p in r.parts:
            assert text[p.start : p.end] == p.text and p.text.strip()
        rec = r.record()
        for s in rec["sentences"]:
            assert 0 <= s["start"] <= s["end"] <= len(text)
        assert sentiment.analyze(records.article_from_text(text), given_quotes).record() == rec


@analyses
@pytest.mark.parametrize("scheme", ["generic", "policy"])
@with_real_examples
@given(text=news_text)
def test_framing_offsets_index_the_text_and_repeat(scheme, text):
    r = framing.analyze(records.article_from_text(text), scheme)
    for h in r.hits:
        assert text[h.start : h.end] == h.match
    spans = {(a, b) for a, b, _ in r.sentences}
    for e in r.evidence():
        assert 0 <= e["start"] <= e["end"] <= len(text) and (e["start"], e["end"]) in spans
        for cue in e["cues"]:
            assert cue in text[e["start"] : e["end"]]
    for score in r.scores.values():
        assert 0.0 <= score <= 1.0
    again = framing.analyze(text, scheme)  # raw text path
    assert again.record() == r.record() and again.hits == r.hits

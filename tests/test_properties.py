"""Property-based tests over arbitrary Unicode text: nothing raises, offsets index the
text, sentences tile their paragraphs, results are deterministic."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk import boilerplate, normalize, segment

QUOTES = "“”\"‘’«»„‚‹›'"
news_text = st.lists(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list(QUOTES + ".!?;:,— \n\t\r\u00a0\u200b")),
        st.sampled_from(["U.S.", "Sen.", "Mr.", "said", "He", "“We", "”", "\n\n", "...", "Comments are closed."]),
    ),
    max_size=120,
).map("".join)

settings.register_profile("newsdesk", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("newsdesk")


@given(news_text)
def test_normalize_is_idempotent_and_clean(text):
    once = normalize.normalize_text(text)
    assert normalize.normalize_text(once) == once
    assert "\r" not in once and "\x00" not in once and "\u200b" not in once
    assert once == once.strip("\n")


@given(st.binary(max_size=300))
def test_decode_never_raises_anything_but_decode_error(data):
    try:
        text, warnings = normalize.decode(data)
    except normalize.DecodeError as exc:
        assert str(exc)
    else:
        assert isinstance(text, str) and isinstance(warnings, list)


@given(news_text)
def test_sentence_offsets_and_tiling(text):
    text = normalize.normalize_text(text)
    paragraphs = segment.paragraph_spans(text)
    sents = segment.sentences(text, paragraphs)
    assert sents == segment.sentences(text, paragraphs)  # deterministic
    for s in sents:
        assert text[s.start : s.end] == s.text
        assert s.text.strip()
    for p, (a, b) in enumerate(paragraphs):
        assert text[a:b] == text[a:b].strip()
        mine = [s for s in sents if s.paragraph == p]
        assert mine, "every paragraph has a sentence"
        assert mine[0].start == a and mine[-1].end == b
        for x, y in zip(mine, mine[1:]):
            assert x.end <= y.start and not text[x.end : y.start].strip()  # only whitespace between


@given(news_text)
def test_boilerplate_strip_loses_no_line(text):
    kept, removed = boilerplate.strip(text)
    original = [l for l in text.split("\n") if l.strip()]
    kept_lines = [l for l in kept.split("\n") if l.strip()]
    assert len(original) == len(kept_lines) + len(removed)
    rest = iter(original)
    assert all(any(k == o for o in rest) for k in kept_lines)  # kept lines in their order
    for line in removed:
        assert boilerplate.is_boilerplate(line)


def test_normalize_sees_a_mojibake_pair_split_by_a_zero_width_space():
    """Found by the property above: "Ü\u200b‘" only became the cp1252 pair "Ü‘" once the zero-width
    space was gone, so a second run changed the text again."""
    once = normalize.normalize_text("Ü\u200b‘0")
    assert once == normalize.normalize_text("Ü‘0") and normalize.normalize_text(once) == once
    assert normalize.normalize_text("Fran\u200bÃ§ois") == "François"

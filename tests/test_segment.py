"""The sentence splitter: news abbreviations, quotes, and the seed gold."""

from __future__ import annotations

import pytest

from newsdesk import segment


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sen. Warren spoke. Rep. Jordan left.", ["Sen. Warren spoke.", "Rep. Jordan left."]),
        ("Gov. Newsom and Lt. Gen. Smith met. Talks ended.", ["Gov. Newsom and Lt. Gen. Smith met.", "Talks ended."]),
        ("The U.S. National Security Council met.", ["The U.S. National Security Council met."]),
        ("It costs $3.5 billion. Critics object.", ["It costs $3.5 billion.", "Critics object."]),
        ("“We won,” he said. “Now we rest.”", ["“We won,” he said.", "“Now we rest.”"]),
        ("She asked: “Why?” Nobody answered.", ["She asked: “Why?”", "Nobody answered."]),
        ("Dr. Ruth Smith, 54, of St. Louis, Mo., died.", ["Dr. Ruth Smith, 54, of St. Louis, Mo., died."]),
        ("He left at 5 p.m. Monday. She stayed.", ["He left at 5 p.m. Monday.", "She stayed."]),
    ],
)
def test_sentences(text, expected):
    assert [s.text for s in segment.sentences(text)] == expected


def test_offsets_index_the_text(seed_text):
    for s in segment.sentences(seed_text):
        assert seed_text[s.start : s.end] == s.text


def test_sentences_never_cross_paragraphs():
    text = "First para has no period\nSecond para."
    assert [(s.paragraph, s.text) for s in segment.sentences(text)] == [
        (0, "First para has no period"),
        (1, "Second para."),
    ]


def test_seed_matches_gold(seed_article, seed_gold):
    assert len(seed_article.paragraphs) == seed_gold["paragraphs"] == 6
    assert [s.text for s in seed_article.sentences] == seed_gold["sentences"]
    assert seed_article.boilerplate_removed == seed_gold["boilerplate_removed"]


@pytest.mark.parametrize(
    "text, n",
    [("Russia’s re-fit, 31 tanks.", 4), ("", 0), ("one", 1), ("U.S.-led talks", 4)],
)
def test_word_count(text, n):
    assert segment.word_count(text) == n

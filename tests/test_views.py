"""The report views (``newsdesk.views``): what the figures, captions, tooltips and tables of the
report pages say, checked on the seed article and small tables.

Numbers come from the analyses (tested elsewhere); here: a caption says what the scheme
does, bars add up, every plot has axis labels, a legend that matches its marks and an alt
text, tooltips group cues by their own frame, lists hold only what their heading promises.
"""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import Rectangle

from newsdesk import config, framing, records, sentiment
from newsdesk.pipeline import render
from newsdesk.views import corpus as corpus_view
from newsdesk.views import framing as framing_view
from newsdesk.views import quotes as quotes_view
from newsdesk.views import sentiment as sentiment_view
from newsdesk.views.figures import ReportFigure

ROOT = Path(__file__).resolve().parents[1]
SEED = config.SEED_ARTICLE_ID


@pytest.fixture(scope="module")
def seed():
    return records.article_from_text((ROOT / "seeds" / f"{SEED}.txt").read_text(encoding="utf-8"), SEED)


def _articles(rows):
    cols = ["id", "title", "source", "date", "primary_frame", "compound", "sentiment", "quotes", "top_speaker",
            "top_speaker_quotes", "words"]
    return pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=cols)


ARTICLES = _articles([
    ("a", "A", "Wikinews", "2020-01-02", "conflict", 0.2, "positive", 2, "Ann", 2, 100),
    ("b", "B", "Wikinews", "2020-02-02", None, -0.3, "negative", 0, None, 0, 120),
    ("c", "C", "Wikinews", "2020-03-02", None, 0.0, "neutral", 1, "Bo", 1, 90),
    ("d", "D", "White House", "2021-01-02", "responsibility", 0.5, "positive", 3, "Cy", 3, 300),
])


# ----------------------------------------------------------------------- 1, 2: frames across sources
def test_frames_caption_says_what_the_generic_scheme_does():
    """generic picks the frame with the most questions answered yes (``# primary: most_yes``),
    not the highest score: wh_2023-02-21 has primary responsibility at 0.8 while economic
    consequences scores 1.0."""
    tables = {"frame_scores": pd.DataFrame({"scheme": ["generic"], "frame": ["conflict"]})}
    caption = corpus_view.frames_caption(tables)
    assert "most of its questions answered yes" in caption
    assert "at least 2 of its questions" in caption
    assert "the frame with the highest score" not in caption
    assert corpus_view.NO_PRIMARY in caption


@pytest.mark.parametrize("change, words", [
    ({"primary_rule": "score"}, "the frame with the highest score"),
    ({"primary_rule": "score", "primary_min": 1}, "the frame with the highest score (the share of its questions answered yes);"),
    ({"primary_rule": "most_yes", "primary_min": 3}, "at least 3 of its questions"),
])
def test_primary_rule_is_read_from_the_scheme(change, words):
    sch = dataclasses.replace(framing.load_scheme("generic"), **change)
    assert words in framing_view.primary_rule(sch)


def test_primary_rule_of_a_salience_scheme_names_its_weights_and_fallback():
    rule = framing_view.primary_rule(framing.load_scheme("policy"))
    assert "weights table policy.csv" in rule and "counted as other" in rule
    assert "highest weighted count" in framing_view.primary_rule(framing.without_weights("policy"))


def test_frames_caption_of_an_unreadable_scheme_points_to_its_directive():
    caption = corpus_view.frames_caption({"frame_scores": pd.DataFrame({"scheme": ["mine"], "frame": ["x"]})})
    assert "`mine`" in caption and "# primary:" in caption


def _bar_totals(fig) -> dict[str, float]:
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    totals: dict[float, float] = {}
    for p in ax.patches:
        y = round(p.get_y() + p.get_height() / 2, 6)
        totals[y] = totals.get(y, 0) + p.get_width()
    ticks = [round(t, 6) for t in ax.get_yticks()]
    return {lab: totals.get(y, 0) for lab, y in zip(labels, ticks)}


def test_frames_by_source_bars_add_up_to_the_article_counts():
    fig = corpus_view.frames_by_source(ARTICLES)
    assert _bar_totals(fig) == {"Wikinews": 3, "White House": 1}
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend[-1] == corpus_view.NO_PRIMARY
    counts = corpus_view.frames_by_source_counts(ARTICLES)
    assert counts.loc["Wikinews", corpus_view.NO_PRIMARY] == 2
    assert counts.sum(axis=1).to_dict() == ARTICLES.groupby("source").size().to_dict()


# ----------------------------------------------------------------------- 3: labels and legends
def _legend_texts(ax) -> list[str]:
    leg = ax.get_legend()
    return [t.get_text() for t in leg.get_texts()] if leg else []


def test_sentiment_arc_legend_names_the_running_mean(seed):
    fig = sentiment_view.arc_figure(sentiment.analyze(seed))
    assert any("running mean" in t for t in _legend_texts(fig.axes[0]))


def test_frame_profile_legend_shows_the_colours_of_the_bars(seed):
    result = framing.analyze(seed, "generic")
    fig = framing_view.profile_figure(result, framing.corpus_frame([seed], result.scheme))
    ax = fig.axes[0]
    frames = list(result.scheme.frames)
    article_bars = ax.patches[:len(frames)]
    bar_colours = [to_hex(p.get_facecolor()) for p in article_bars]
    assert bar_colours == [framing_view.frame_colors(frames)[f] for f in frames]
    leg = ax.get_legend()
    texts = [t.get_text() for t in leg.get_texts()]
    assert texts[0].startswith(SEED) and "colour = frame" in texts[0]
    assert "corpus mean" in texts[1]
    # the article's entry is drawn in every frame colour, not the first one only
    drawn = {to_hex(r.get_facecolor()) for r in leg.findobj(Rectangle)}
    assert set(bar_colours) <= drawn


def _all_figures(seed):
    res = sentiment.analyze(seed)
    fr = framing.analyze(seed, "generic")
    scores = sentiment.corpus_frame([seed])
    att = quotes_view.analyze(seed)
    speakers = pd.DataFrame({"article_id": ["a", "b", "c"], "speaker": ["Ann", "Bo", "Cy"], "quotes": [5, 4, 4]})
    return {
        "sentiment arc": sentiment_view.arc_figure(res),
        "sentiment voices": sentiment_view.voices_figure(sentiment.voices_frame(res)),
        "sentiment corpus": sentiment_view.corpus_figure(scores, SEED),
        "framing profile": framing_view.profile_figure(fr, framing.corpus_frame([seed], fr.scheme)),
        "quotes voice share": quotes_view.voice_share_chart(att),
        "corpus frames": corpus_view.frames_by_source(ARTICLES),
        "corpus dates": corpus_view.sentiment_over_time(ARTICLES),
        "corpus speakers": corpus_view.top_speakers(speakers),
    }


def test_every_plot_has_axis_labels_and_an_alt_text(seed):
    for name, fig in _all_figures(seed).items():
        assert isinstance(fig, ReportFigure), name
        assert len(fig.alt) > 40 and "No description" not in fig.alt, name
        for ax in fig.axes:
            assert ax.get_xlabel(), f"{name}: x axis unlabelled"
        assert fig.axes[0].get_ylabel(), f"{name}: y axis unlabelled"
    dates = corpus_view.sentiment_over_time(ARTICLES)
    assert dates.axes[0].get_xlabel() == "article date"


# ----------------------------------------------------------------------- 4: alt text reaches the page
def test_a_figure_output_carries_its_alt_text_and_the_page_shows_it():
    fig = ReportFigure(figsize=(1, 1))
    fig.subplots()
    fig.alt = 'Bars of "A" & <B>'
    data, meta = fig._repr_mimebundle_()
    output = {"output_type": "display_data", "data": data, "metadata": meta}
    render.alt_text_html(output)
    assert output["data"]["text/html"].startswith('<img src="data:image/png;base64,iVBOR')
    assert 'alt="Bars of &quot;A&quot; &amp; &lt;B&gt;"' in output["data"]["text/html"]
    plain = {"output_type": "display_data", "data": {"image/png": "iVBOR"}, "metadata": {}}
    render.alt_text_html(plain)
    assert plain["data"] == {"image/png": "iVBOR"}  # no alt given: left to nbconvert


# ----------------------------------------------------------------------- 5: tooltips
def test_frame_tooltip_groups_each_cue_under_its_own_frame(seed):
    """Seed sentence 3 is responsibility, but its cue "conflict" belongs to the conflict frame."""
    result = framing.analyze(seed, "generic")
    page = framing_view.highlight_html(result)
    titles = [html.unescape(t) for t in re.findall(r'title="([^"]*)"', page)]
    a, b, _ = result.sentences[3]
    frames_of = {}
    for h in result.hits:
        if h.sentence == 3:
            frames_of.setdefault(h.frame, set()).add(h.match)
    assert "conflict" in frames_of.get("conflict", set())
    title = next(t for t in titles if t.startswith(f"primary {result.sentence_primary[3]};")
                 and "putting an end" in t)
    groups = dict(re.findall(r"(\w+) cues: ([^;]*)", title))
    assert set(groups) == set(frames_of)
    for frame, cues in groups.items():
        assert set(cues.split(", ")) == frames_of[frame], frame


def test_cue_groups_put_the_primary_frame_first():
    assert framing_view.cue_groups({"conflict": ["war"], "morality": ["sin"]}, "morality") == \
        "morality cues: sin; conflict cues: war"


# ----------------------------------------------------------------------- 6: extremes
def test_extremes_lists_only_positive_and_negative_sentences():
    res = sentiment.analyze(records.article_from_text("A great and wonderful day. The meeting is on Tuesday. "
                                                      "The report has ten pages.", "x"))
    df = sentiment_view.extremes(res, 3)
    assert df["compound"].tolist() and (df["compound"] > 0).all()
    page = sentiment_view.extremes_html(res, 3)
    negative = page[page.index("Most negative"):]
    assert "<p>none</p>" in negative and "<table" not in negative
    assert "Tuesday" not in page


def test_extremes_keep_the_usual_number(seed):
    res = sentiment.analyze(seed)
    df = sentiment_view.extremes(res, 3)
    frame = sentiment.sentences_frame(res)
    assert (df["compound"] != 0).all()
    assert len(df) == min(3, int((frame["compound"] > 0).sum())) + min(3, int((frame["compound"] < 0).sum()))


# ----------------------------------------------------------------------- 7: provenance
def test_quotes_lexicon_table_lists_every_lexicon_the_attribution_reads():
    read = set()
    for mod in ("cues", "speakers", "quotes", "segment"):
        src = (config.PACKAGE_DIR / f"{mod}.py").read_text(encoding="utf-8")
        read |= set(re.findall(r'lexicon_path\("([^"]+)"\)', src))
    table = quotes_view.lexicon_versions()
    listed = {Path(f).name for f in table["file"] if f}
    assert read <= listed, read - listed
    assert table["sha256"].str.fullmatch(r"[0-9a-f]{64}|").all()


# ----------------------------------------------------------------------- 8: ties
def test_most_quoted_speakers_keep_everyone_tied_with_the_last_shown():
    speakers = pd.DataFrame({"article_id": list("abcde"), "speaker": ["Ann", "Bo", "Cy", "Di", "Ed"],
                             "quotes": [9, 5, 4, 4, 2]})
    assert corpus_view.most_quoted(speakers, 3).index.tolist() == ["Ann", "Bo", "Cy", "Di"]
    assert corpus_view.most_quoted(speakers, 2).index.tolist() == ["Ann", "Bo"]
    fig = corpus_view.top_speakers(speakers, 3)
    assert len(fig.axes[0].patches) == 4

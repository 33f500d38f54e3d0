"""Tests for newsdesk.sentiment on the seed article and the sample texts in seeds/."""

from __future__ import annotations

import csv
import json
import math
import subprocess
import sys
from argparse import Namespace
from pathlib import Path
from types import SimpleNamespace

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from newsdesk import quotes as Q
from newsdesk import sentiment as S
from newsdesk import sentiment_eval as SE
from newsdesk.records import article_from_text

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_53b5643fb951cf8e.txt"
GOLD = json.loads(Path("/work/shared/eval/seed_gold.json").read_text()) if Path("/work/shared/eval/seed_gold.json").is_file() else None
SAMPLES = sorted(p.name for p in SEEDS.glob("*.txt"))


def _article(name: str):
    return article_from_text(SEEDS.joinpath(name).read_text(encoding="utf-8"), name)


@pytest.fixture(scope="module")
def seed():
    return article_from_text(SEED.read_text(encoding="utf-8"), "seed")


def _gold_quotes(article):
    """Quote spans of the hand-made seed gold, located in the article text (duck-typed quotes)."""
    out = []
    for q in GOLD["quotes"]:
        i = article.text.find(q["text"].rstrip("."))
        assert i >= 0, q["text"]
        out.append(SimpleNamespace(start=i, end=i + len(q["text"].rstrip(".")), speaker=q["speaker"],
                                   speaker_type=q.get("speaker_type", "person"), kind=q["kind"]))
    return out


# ---------------------------------------------------------------- stock VADER, exactly

@pytest.mark.parametrize("name", SAMPLES[::4])
def test_default_scores_equal_stock_vader(name):
    art = _article(name)
    stock = SentimentIntensityAnalyzer()
    r = S.analyze(art)
    assert len(r.sentences) == len(art.sentences) > 0
    for s in r.sentences:
        d = stock.polarity_scores(s.text)
        assert (s.scores.compound, s.scores.pos, s.scores.neu, s.scores.neg) == (d["compound"], d["pos"], d["neu"], d["neg"])
    assert r.lexicon == f"vader {S.VADER_VERSION} (stock)"


def test_analyzer_is_cached_singleton():
    assert S.analyzer() is S.analyzer()
    assert S.analyzer(S.DEFAULT_OVERRIDES) is S.analyzer(S.DEFAULT_OVERRIDES)
    assert S.analyzer() is not S.analyzer(S.DEFAULT_OVERRIDES)
    assert "plunged" not in S.analyzer().lexicon  # overrides never leak into the stock analyzer


# ---------------------------------------------------------------- overrides

@pytest.mark.parametrize("text, stock_label, override_label", [
    ("Shares plunged after the report.", "positive", "negative"),  # stock reads "shares" as sharing
    ("The Labour Party met on Tuesday.", "positive", "neutral"),
    ("The invasion left dozens wounded.", "neutral", "negative"),
])
def test_overrides_change_news_words(text, stock_label, override_label):
    assert S.score(text).label == stock_label
    assert S.score(text, S.DEFAULT_OVERRIDES).label == override_label


def test_override_label_names_file_and_hash(tmp_path):
    f = tmp_path / "mine.csv"
    f.write_text("# test\nword,valence\nshelling,-2.5\n", encoding="utf-8")
    label = S.lexicon_label(f)
    assert label.startswith(f"vader {S.VADER_VERSION} + overrides mine.csv sha256:")
    r = S.analyze("Heavy shelling hit the town.", overrides=f)
    assert r.lexicon == label and r.sentences[0].scores.compound < 0
    f.write_text("word,valence\nshelling,2.5\n", encoding="utf-8")  # edited file: new hash, new scores
    assert S.lexicon_label(f) != label
    assert S.analyze("Heavy shelling hit the town.", overrides=f).sentences[0].scores.compound > 0


@pytest.mark.parametrize("content, message", [
    ("word,valence\nfree fall,-2\n", "not one word"),
    ("word,valence\ncrash,minus\n", "not a number"),
])
def test_bad_override_file_names_line(tmp_path, content, message):
    f = tmp_path / "bad.csv"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=rf"bad.csv:2: .*{message}"):
        S.read_overrides(f)


def _pearson(xs, ys):
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    return cov / math.sqrt(sum((x - mx) ** 2 for x in xs) * sum((y - my) ** 2 for y in ys))


def test_overrides_do_not_lower_correlation_with_human_ratings():
    rows = list(csv.DictReader(ln for ln in (ROOT / "tests/data/sentiment_gold.csv").open(encoding="utf-8")
                               if not ln.startswith("#")))
    human = [float(r["rating"]) for r in rows]
    stock = _pearson(human, [S.score(r["text"]).compound for r in rows])
    over = _pearson(human, [S.score(r["text"], S.DEFAULT_OVERRIDES).compound for r in rows])
    assert stock > 0.4  # VADER tracks human tone on news sentences (Hutto & Gilbert: r = 0.49)
    assert over >= stock


def _gold_rows():
    return SE.read_ratings(ROOT / "tests/data/sentiment_gold.csv")


def test_eval_sentiment_measures_what_the_hand_computation_gives():
    rows = _gold_rows()
    res = SE.validity(rows, S.DEFAULT_OVERRIDES)
    human = [r for _, r, _ in rows]
    assert res["sentences"] == 50
    assert res["stock"]["r"] == pytest.approx(_pearson(human, [S.score(t).compound for _, _, t in rows]), abs=1e-9)
    o = res["overrides"]
    assert o["r"] == pytest.approx(_pearson(human, [S.score(t, S.DEFAULT_OVERRIDES).compound for _, _, t in rows]))
    assert o["difference"] == pytest.approx(o["r"] - res["stock"]["r"])
    lo, hi = o["interval95"]
    assert lo < o["difference"] < hi and hi - lo > 0.05  # 50 sentences: a wide interval, and it says so
    words = {w["word"]: w for w in o["words"]}
    assert words["united"]["sentences"] == sum("united" in t.lower().split() for _, _, t in rows) > 0
    assert words["united"]["stock_valence"] == 1.8 and words["united"]["valence"] == 0.0
    assert 0 < o["changed"] < 50


def test_eval_sentiment_reads_vader_ground_truth_format(tmp_path):
    """VADER's own rated files (ID<TAB>RATING<TAB>TEXT, no header) give the same figures; ids like
    7_3 resample whole groups (one editorial) in the interval."""
    rows = _gold_rows()
    tsv = tmp_path / "groundtruth.txt"
    tsv.write_text("".join(f"{k // 5 + 1}_{k % 5 + 1}\t{r}\t{t}\n" for k, (_, r, t) in enumerate(rows)), encoding="utf-8")
    res = SE.validity(SE.read_ratings(tsv), S.DEFAULT_OVERRIDES)
    assert res["stock"]["r"] == pytest.approx(SE.validity(rows)["stock"]["r"])
    assert res["overrides"]["resampled"] == "groups"
    r = subprocess.run([sys.executable, "-m", "newsdesk.cli", "eval", "sentiment", "--gold", str(tsv), "--overrides",
                        str(S.DEFAULT_OVERRIDES), "--format", "json"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["overrides"]["r"] == pytest.approx(res["overrides"]["r"])


@pytest.mark.parametrize("content, message", [
    ("rating,text\n1,fine\nhigh,bad\n", r"bad.csv:3: rating 'high' is not a number"),
    ("score,sentence\n1,fine\n", r"needs columns 'rating' and 'text'"),
    ("1_1\t0.5\tfine\n1_2\tbad line\n", r"bad.csv:2: expected ID<TAB>RATING<TAB>TEXT"),
    # an unquoted comma would cut the text to "The car crashed into a crowd" and score that, silently
    ("# my ratings\nrating,text\n2,A fine day.\n-3,The car crashed into a crowd, killing six.\n",
     r"bad.csv:4: more fields than the header names; quote a text"),
])
def test_eval_sentiment_bad_ratings_file_is_named(tmp_path, content, message):
    f = tmp_path / "bad.csv"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(SE.RatingsError, match=message):
        SE.read_ratings(f)


# ---------------------------------------------------------------- narration versus quotes

@pytest.mark.parametrize("index, quoted", [(0, False), (1, False), (3, True), (6, False), (7, True), (8, True), (11, True)])
def test_seed_sentence_quoted_flag_is_majority_of_characters(seed, index, quoted):
    s = S.analyze(seed).sentences[index]
    assert s.quoted is quoted
    assert (s.quoted_share > 0.5) is quoted


def test_parts_split_at_quote_boundaries(seed):
    parts = S.parts_frame(seed)
    sent1 = parts[parts["sentence"] == 1]
    assert sent1["voice"].tolist() == ["narration", "quoted", "narration"]
    assert sent1["text"].iloc[1] == "the world should not be deceived"
    for row in parts.itertuples():
        assert seed.text[row.start:row.end] == row.text
    # scare quotes from the quotes module count as narration
    scare = [SimpleNamespace(start=q.start, end=q.end, kind="scare") for q in S.quote_spans(seed.text)]
    assert set(S.parts_frame(seed, scare)["voice"]) == {"narration"}


def test_narration_and_quoted_aggregates(seed):
    r = S.analyze(seed)
    rec = r.record()
    n_parts = rec["narration"]["n"] + rec["quoted"]["n"]
    assert n_parts == len(r.parts) > len(r.sentences)
    for voice in ("narration", "quoted"):
        v = rec[voice]
        assert math.isclose(v["positive"] + v["neutral"] + v["negative"], 1.0, abs_tol=1e-3)
    voices = S.voices_frame(r)
    assert voices["voice"].tolist() == ["narration", "quoted"]


# ---------------------------------------------------------------- speakers and actors

@pytest.mark.skipif(GOLD is None, reason="seed gold not available")
def test_speakers_from_duck_typed_quotes(seed):
    df = S.speakers_frame(seed, _gold_quotes(seed)).set_index("speaker")
    assert {"Antony Blinken", "John Kirby"} <= set(df.index)
    assert df.loc["John Kirby", "quotes"] == 3
    assert "(unattributed)" not in df.index  # the scare quote "mission of peace" is narration
    assert df.loc["Antony Blinken", "words"] > df.loc["John Kirby", "words"] / 3


@pytest.mark.parametrize("actor, alias, min_sentences", [
    ("Antony Blinken", "Blinken", 5), ("Vladimir Putin", "Putin", 3), ("Xi Jinping", "Xi", 3), ("Ukraine", "Ukraine", 5),
])
def test_seed_actors(seed, actor, alias, min_sentences):
    df = S.actors_frame(seed).set_index("actor")
    assert alias in df.loc[actor, "aliases"]
    assert len(df.loc[actor, "sentences"]) >= min_sentences
    assert "Monday" not in df.index and "According" not in df.index


def test_speakers_become_actors(seed):
    quotes = [SimpleNamespace(start=0, end=4, speaker="National Security Council", kind="direct")]
    names = [a.name for a in S.find_actors(seed, quotes)]
    assert names[0] == "National Security Council"


@pytest.mark.parametrize("text, actor, alias, sentences", [
    ("Councilman Raymond Teller voted against the plan. “It is short-sighted,” Raymond Teller said. "
     "Teller wants a ballot measure.", "Raymond Teller", "Teller", [0, 1, 2]),
    ("Sheriff Tom Bell arrested two men on Friday. Tom Bell said both had fled. Bell was praised.",
     "Tom Bell", "Bell", [0, 1, 2]),
    ("Council Member Ana Reyes objected to the vote. Ana Reyes called it rushed. Reyes left early.",
     "Ana Reyes", "Reyes", [0, 1, 2]),
    ("The fire spread fast. Riverton Councilman Raymond Teller praised the crews. Raymond Teller said they were brave.",
     "Raymond Teller", "Raymond Teller", [1, 2]),
])
def test_a_leading_person_title_makes_no_separate_actor(text, actor, alias, sentences):
    art = article_from_text(text)
    quotes = Q.extract(art)
    df = S.actors_frame(art, quotes).set_index("actor")
    assert not any(a != actor and a.endswith(actor) for a in df.index), list(df.index)
    assert alias in df.loc[actor, "aliases"]
    assert df.loc[actor, "sentences"] == sentences


@pytest.mark.parametrize("text, name, not_name", [
    ("The Justice Department opened an inquiry. The Justice Department declined to comment.", "Justice Department", "Department"),
    ("Defense Department officials met. The Defense Department said nothing.", "Defense Department", "Department"),
    ("Colorado State University scientists led the study. Colorado State University funded it.",
     "Colorado State University", "University"),
    # listed in speaker_orgs.csv: a title word opening ("General") or ending ("State") the name
    ("General Motors said it would cut jobs. General Motors shares fell.", "General Motors", "Motors"),
    ("Islamic State fighters attacked a village. Islamic State claimed it.", "Islamic State", "Islamic"),
])
def test_a_title_word_inside_an_organisation_name_is_kept(text, name, not_name):
    """"State", "Justice", "Defense" are title words before a person ("Secretary of State Antony Blinken"),
    but inside an organisation's name they stay: not an actor "Department" or "University"."""
    names = [a.name for a in S.find_actors(text)]
    assert name in names and not_name not in names, names
    assert [a.name for a in S.find_actors("Secretary of State Antony Blinken spoke. Blinken left.")] == ["Antony Blinken"]


@pytest.mark.parametrize("text, name", [
    ("Major League Baseball suspended him. Major League Baseball said so.", "Major League Baseball"),
    ("Dean Smith coached for decades. Dean Smith won often.", "Dean Smith"),  # a person named Dean
    ("The Doctor Who Society met. The Doctor Who Society grew.", "Doctor Who Society"),
])
def test_a_title_word_opening_a_name_that_is_no_persons_stays(text, name):
    assert name in [a.name for a in S.find_actors(text)]


@pytest.mark.parametrize("text, org, place, org_sentences", [
    # the first word of an organisation's name is often its town: never its alias
    ("The Riverton city council voted to close two libraries. Parents in Riverton were angry. "
     "Gerald Pike of the Riverton Taxpayers Association backed the plan. Riverton voters will decide.",
     "Riverton Taxpayers Association", "Riverton", [2]),
    ("Springfield schools will stay open. The Springfield Teachers Union rejected the offer on Friday. "
     "Springfield parents were relieved. Springfield officials said nothing more.",
     "Springfield Teachers Union", "Springfield", [1]),
    ("Chicago police closed the station. The Chicago Transit Authority cut service. Chicago commuters were stuck.",
     "Chicago Transit Authority", "Chicago", [1]),
    ("Eastside Elementary opened in 1990. Parents at Eastside Elementary protested. Eastside residents voted.",
     "Eastside Elementary", "Eastside", [0, 1]),
])
def test_an_organisation_lends_no_first_word_alias(text, org, place, org_sentences):
    df = S.actors_frame(article_from_text(text)).set_index("actor")
    assert place not in df.loc[org, "aliases"]
    assert df.loc[org, "sentences"] == org_sentences


@pytest.mark.parametrize("text, org, alias, org_sentences", [
    # safe short forms: the acronym, the last words, "the <head word>" when no other name ends in it
    ("The Springfield Teachers Union (STU) rejected the offer. Springfield parents were angry. "
     "The STU will meet again on Monday.", "Springfield Teachers Union", "STU", [0, 2]),
    ("The Riverton Taxpayers Association backed the cuts. Riverton residents disagreed. "
     "The Association said the numbers were clear.", "Riverton Taxpayers Association", "The Association", [0, 2]),
    ("The Springfield Teachers Union rejected the offer. Talks with the Teachers Union resume on Monday.",
     "Springfield Teachers Union", "Teachers Union", [0, 1]),
])
def test_an_organisations_safe_short_forms_are_its_aliases(text, org, alias, org_sentences):
    actors = {a.name: a for a in S.find_actors(text)}
    assert alias in actors[org].aliases
    assert not ({alias, alias.replace("The ", "")} & set(actors) - {org})
    assert S.actors_frame(text).set_index("actor").loc[org, "sentences"] == org_sentences


@pytest.mark.parametrize("text, org", [
    # two organisations could be "the Association"; "the Association of ..." is another body
    ("The National Rifle Association sued the city. The Springfield Gun Association agreed. "
     "The Association said nothing.", "National Rifle Association"),
    ("The Riverton Taxpayers Association backed the cuts. The Association of Realtors objected.",
     "Riverton Taxpayers Association"),
])
def test_an_ambiguous_head_word_is_no_alias(text, org):
    actors = {a.name: a for a in S.find_actors(text)}
    assert not any(a.endswith("Association") and a != org for a in actors[org].aliases[1:])
    assert actors[org].aliases == (org,)


def test_a_quoted_organisation_keeps_the_speakers_name_and_a_place_word_stays_a_place():
    text = ("The Springfield Teachers Union rejected the offer. The Teachers Union said talks would resume. "
            "South Africa voted as the rest of Africa watched. Cyril Ramaphosa spoke. Ramaphosa left. All of Africa waited.")
    quotes = [SimpleNamespace(start=text.index("talks"), end=text.index(" resume") + 7, speaker="Teachers Union",
                              speaker_type="organization")]
    actors = {a.name: a for a in S.find_actors(text, quotes)}
    assert actors["Teachers Union"].aliases == ("Springfield Teachers Union", "Teachers Union")
    assert "Springfield Teachers Union" not in actors
    assert "Africa" not in actors["South Africa"].aliases and "Africa" in actors
    assert "Ramaphosa" in actors["Cyril Ramaphosa"].aliases


# ---------------------------------------------------------------- aggregates

@pytest.mark.parametrize("name", ["wikinews_crane.txt", "wikinews_afghan.txt", SEED.name])
def test_paragraph_aggregates_cover_every_sentence(name):
    art = _article(name)
    r = S.analyze(art)
    par = S.paragraphs_frame(r)
    assert par["n"].sum() == len(art.sentences)
    summ = r.summary()
    assert math.isclose(summ["compound"], sum(s.scores.compound for s in r.sentences) / len(r.sentences), abs_tol=1e-4)


def test_crane_collapse_reads_negative():
    r = S.analyze(_article("wikinews_crane.txt"))
    assert r.summary()["compound"] < 0
    assert min(r.sentences, key=lambda s: s.scores.compound).scores.label == "negative"


# ---------------------------------------------------------------- CLI

@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_cli_jsonl_input(tmp_path, fmt, monkeypatch):
    monkeypatch.setattr(S, "_quotes_extractor", lambda: None)
    names = [SEED.name, "wikinews_crane.txt", "wh_2022-05-06-statement-by-president-joe-biden-on-additional-se.txt"]
    inp = tmp_path / "in.jsonl"
    texts = {n: SEEDS.joinpath(n).read_text(encoding="utf-8") for n in names}
    inp.write_text("".join(json.dumps({"id": n, "text": t}) + "\n" for n, t in texts.items()), encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    assert S.cli_main(Namespace(input=str(inp), format=fmt, out=str(out), overrides=None)) == 0
    if fmt == "csv":
        rows = list(csv.DictReader(out.open(encoding="utf-8")))
        assert [r["id"] for r in rows][0] == SEED.name and rows[-1]["id"] == names[-1]
        assert list(rows[0]) == [*S.CSV_FIELDS, "error"] and not any(r["error"] for r in rows)
        return
    recs = [json.loads(ln) for ln in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in recs] == names
    for r in recs:
        assert set(r) == {"id", "compound", "pos", "neu", "neg", "sentences", "narration", "quoted", "lexicon"}
        for s in r["sentences"]:
            assert set(s) == {"start", "end", "compound", "pos", "neu", "neg", "quoted"}
            frag = texts[r["id"]][s["start"]:s["end"]]
            assert frag.strip() == frag and frag
            assert s["compound"] == SentimentIntensityAnalyzer().polarity_scores(frag)["compound"]


@pytest.mark.parametrize("content, message", [
    ("word,valence\npeace,9\n", r"o.csv:2: valence 9 is outside VADER's scale"),
    ("word,valence\npeace,1,extra\n", r"o.csv:2: 3 columns; a line is word,valence"),
    ("word,valence\ncrashed,-1.7\n# later\ncrashed,2\n", r"o.csv:4: 'crashed' is listed twice \(first on line 2\)"),
    ("word,valence\npeace,abc\n", r"o.csv:2: valence 'abc' is not a number"),
])
def test_override_file_mistakes_are_named(tmp_path, content, message):
    bad = tmp_path / "o.csv"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        S.read_overrides(bad)


def test_cli_bad_overrides_fails_cleanly(tmp_path, capsys):
    inp = tmp_path / "in.jsonl"
    inp.write_text(json.dumps({"id": "a", "text": "Fine."}) + "\n", encoding="utf-8")
    bad = tmp_path / "o.csv"
    bad.write_text("word,valence\ntwo words,1\n", encoding="utf-8")
    assert S.cli_main(Namespace(input=str(inp), format="jsonl", out=None, overrides=str(bad))) == 1
    assert "not one word" in capsys.readouterr().err

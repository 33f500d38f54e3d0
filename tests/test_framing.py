"""Tests for newsdesk.framing on the seed article, the samples and hand-labelled sentences."""

from __future__ import annotations

import csv
import dataclasses
import json
from argparse import Namespace
from pathlib import Path

import pytest

from newsdesk import framing as F
from newsdesk.model import Article, Sentence
from newsdesk.records import article_from_text

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_53b5643fb951cf8e.txt"
GOLD_PATH = Path("/work/shared/eval/seed_gold.json")
SEED_FRAMES = json.loads(GOLD_PATH.read_text())["frames"] if GOLD_PATH.is_file() else {
    "generic_primary": "conflict", "generic_present": ["conflict", "responsibility", "economic_consequences"],
    "policy_primary": "security_and_defense"}
def _read_gold(name):
    with (ROOT / "tests/data" / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(ln for ln in f if not ln.startswith("#")))


POLICY_GOLD = _read_gold("policy_frames_gold.csv") + _read_gold("policy_frames_heldout2.csv")

GENERIC_FRAMES = {"conflict", "human_interest", "economic_consequences", "morality", "responsibility"}
POLICY_FRAMES = {
    "economic", "capacity_and_resources", "morality", "fairness_and_equality", "legality_constitutionality_jurisprudence",
    "policy_prescription_and_evaluation", "crime_and_punishment", "security_and_defense", "health_and_safety",
    "quality_of_life", "cultural_identity", "public_opinion", "political", "external_regulation_and_reputation", "other"}


@pytest.fixture(scope="module")
def seed():
    return article_from_text(SEED.read_text(encoding="utf-8"), "seed")


def _sample(name):
    return article_from_text(SEEDS.joinpath(name).read_text(encoding="utf-8"), name)


# ---------------------------------------------------------------- schemes

@pytest.mark.parametrize("name, frames, n_indicators, scoring", [
    ("generic", GENERIC_FRAMES, 20, "indicators"),
    ("policy", POLICY_FRAMES, None, "salience"),
])
def test_bundled_schemes(name, frames, n_indicators, scoring):
    s = F.load_scheme(name)
    assert set(s.frames) == frames and s.scoring == scoring
    if n_indicators:
        assert len(s.indicators) == n_indicators
        assert all(i.question.endswith("?") or "?" in i.question for i in s.indicators)
    assert all(i.cues for i in s.indicators if i.frame != s.fallback)
    assert s.label.startswith(f"{name} {s.version} ({name}.csv sha256:")
    # a scheme with a weights table names it too: a researcher's refit is told apart from the shipped one
    assert (" + weights policy.csv sha256:" in s.label) == bool(s.weights)


def test_policy_cues_are_rich():
    s = F.load_scheme("policy")
    per_frame = {f: sum(len(i.cues) for i in s.indicators if i.frame == f) for f in s.frames if f != "other"}
    assert min(per_frame.values()) >= 20, per_frame


# ---------------------------------------------------------------- the seed

@pytest.mark.parametrize("scheme, key", [("generic", "generic_primary"), ("policy", "policy_primary")])
def test_seed_primary_frame(seed, scheme, key):
    assert F.analyze(seed, scheme).primary == SEED_FRAMES[key]


def test_seed_generic_present(seed):
    r = F.analyze(seed, "generic")
    assert set(SEED_FRAMES["generic_present"]) <= set(r.present)
    assert r.scores["conflict"] == max(r.scores.values())
    assert r.scores["human_interest"] < r.scheme.present  # no human face in a diplomacy story


@pytest.mark.parametrize("indicator, answer", [
    ("disagreement", "yes"), ("reproach", "yes"), ("winners_and_losers", "yes"), ("solutions", "yes"),
    ("religion", "no"), ("human_example", "no"), ("costs", "yes"),
])
def test_seed_generic_questions(seed, indicator, answer):
    df = F.indicators_frame(seed, "generic").set_index("indicator")
    assert df.loc[indicator, "answer"] == answer
    assert bool(df.loc[indicator, "cues"]) == (answer == "yes")


def test_evidence_points_at_sentences_and_cues(seed):
    for scheme in ("generic", "policy"):
        r = F.analyze(seed, scheme)
        spans = {(a, b) for a, b, _ in r.sentences}
        ev = r.evidence()
        assert ev
        for e in ev:
            assert (e["start"], e["end"]) in spans
            for cue in e["cues"]:
                assert cue in seed.text[e["start"]:e["end"]]
        assert {e["frame"] for e in ev} >= set(f for f in r.present if f != r.scheme.fallback)
        for h in r.hits:
            assert seed.text[h.start:h.end] == h.match


def test_policy_sentence_frames_are_present_scored_and_evidenced():
    """The weights may choose a frame no cue of the sentence names: that frame still counts in
    the sentence shares, is present when primary, and has an evidence item with the words."""
    moved = 0
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        r = F.analyze(text, "policy")
        ev = {(e["start"], e["end"], e["frame"]): e["cues"] for e in r.evidence()}
        for si, (a, b, _) in enumerate(r.sentences):
            frame = r.sentence_primary[si]
            assert (a, b, frame) in ev, (path.name, si)
            assert all(c in text[a:b] for c in ev[(a, b, frame)])
            cue_frames = {h.frame for h in r.hits if h.sentence == si}
            if frame not in cue_frames:
                moved += 1
                assert ev[(a, b, frame)] or not any(t.startswith(("word:", "pair:", "stem:"))
                                                    for t, _ in r.sentence_terms[si])
        share = {f: sum(1 for si in range(len(r.sentences)) if r.sentence_primary[si] == f) / len(r.sentences)
                 for f in r.scheme.frames}
        for f, s in share.items():
            assert r.scores[f] >= s - 1e-4
        assert r.primary in r.present or r.primary == r.scheme.fallback
        table = F.scores_frame(r).set_index("frame")
        assert (table["share"] - table["score"]).abs().max() < 1e-3  # the table counts the same sentences
    assert moved > 20  # on these texts the weights often decide a sentence no cue of its frame matched


def test_one_sentence_record_primary_is_present_with_its_words():
    # no cue of policy prescription here ("weapons" is a security cue); the weights read what the sentence requires
    r = F.analyze("Gun owners would have to surrender their weapons within 24 hours.", "policy").record()
    assert r["primary"] == "policy_prescription_and_evaluation"
    assert r["primary"] in r["present"] and r["scores"][r["primary"]] == 1.0
    words = [e["cues"] for e in r["evidence"] if e["frame"] == r["primary"]]
    assert words and words[0] and all(w in "Gun owners would have to surrender their weapons within 24 hours."
                                       for w in words[0])


# ---------------------------------------------------------------- sentences and cue syntax

@pytest.mark.parametrize("text, frame", [
    ("Police arrested and questioned the student.", "crime_and_punishment"),
    ("Pro-Beijing candidates were elected in this constituency, while a veteran politician was defeated by 10,694 votes.", "political"),
    ("I am announcing another package of security assistance that will provide additional artillery munitions, radars, and other equipment to Ukraine.", "security_and_defense"),
    ("Greek court has ruled that worshippers of the ancient Greek religion may now formally associate and worship at archeological sites.", "legality_constitutionality_jurisprudence"),
    ("The report's authors say iodine deficiency is \"the sleeper health issue in Australia\", and potentially a very serious one.", "health_and_safety"),
    ("A mean cost per student criterion is used to tax only the schools that receive a fee higher than the mean cost per student fixed by the State.", "economic"),
    ("Wilkins said the exhibit of Warhol photographs showed how pop art shaped American culture.", "cultural_identity"),
    ("Six minutes later, the match resumed.", "other"),
])
def test_single_sentence_primary(text, frame):
    assert F.sentence_frame_of(text, "policy") == frame
    r = F.analyze(text, "policy")  # the article path on a one-sentence text agrees
    assert len(r.sentences) == 1 and r.sentence_primary[0] == frame


@pytest.mark.parametrize("cues, text, matches", [
    ("troop*", "Troops and trooper left.", ["Troops"]),  # a cue counts once per sentence
    ("troop*", "A trooper left.", ["trooper"]),
    ("US", "Let us go to the US.", ["US"]),
    ("air defense", "new air defense systems", ["air defense"]),
    ("air defense", "air and defense", []),
    ("government* & fail*", "The government failed.", ["government", "failed"]),
    ("government* & fail*", "The government met.", []),
    ("army | navy", "The navy sailed.", ["navy"]),
    (r"re:\b\d+ killed\b", "At least 107 killed in Mecca.", ["107 killed"]),
])
def test_cue_syntax(cues, text, matches):
    s = F.parse_scheme(f"# scheme: t\nframe,indicator,question,weight,min_sentences,cues\nf,i,q?,1,1,\"{cues}\"\n")
    assert [h.match for h in F.match_sentence(text, s)] == matches


@pytest.mark.parametrize("text, frame", [
    # cue coverage of the codebook rows on the Media Frames Corpus issues (written by the
    # second framing session after the rows, so unit tests of the lexicon, not a validity check)
    ("The bill would cost taxpayers an estimated $2 billion over ten years.", "economic"),
    ("Border Patrol does not have enough agents to cover the entire frontier.", "capacity_and_resources"),
    ("Executing a man who may be innocent is morally indefensible, the bishop said.", "morality"),
    ("The Supreme Court ruled that the state's ban on handguns violated the Second Amendment.",
     "legality_constitutionality_jurisprudence"),
    ("Critics say the program has failed to reduce smoking among teenagers.", "policy_prescription_and_evaluation"),
    ("The gunman was sentenced to life in prison without parole.", "crime_and_punishment"),
    ("Secondhand smoke causes thousands of deaths from heart disease each year.", "health_and_safety"),
    ("Hunting is a tradition passed down through generations in rural Pennsylvania.", "cultural_identity"),
    ("A new poll shows 58 percent of Americans support stricter gun laws.", "public_opinion"),
    ("The senator, who faces re-election next year, has received large donations from the NRA.", "political"),
    ("The United States has been criticized abroad for refusing to sign the Kyoto Protocol.",
     "external_regulation_and_reputation"),
    ("It is simply not right to let children suffer for the choices of their parents.", "morality"),
])
def test_codebook_cue_coverage(text, frame):
    assert F.sentence_frame_of(text, "policy") == frame


def _one_row(cues, directives=""):
    return F.parse_scheme(f"# scheme: t\n{directives}frame,indicator,question,weight,min_sentences,cues\n"
                          f"a,a1,q?,1,1,\"{cues[0]}\"\nb,b1,q?,1,1,\"{cues[1]}\"\n")


@pytest.mark.parametrize("directives, cues, text, frame", [
    ("", ("gun; gun laws", "rights; court"), "Gun laws and court rights.", "b"),  # "Gun" counts once for a
    ("# phrase_bonus: 0.5\n", ("gun laws", "court"), "Gun laws in court.", "a"),  # 1.5 beats 1
    ("# tie_order: b a\n", ("gun", "court"), "Gun court.", "b"),  # a tie goes to the first in tie_order
    ("", ("gun", "court"), "Gun court.", "a"),  # default: file order
    ("# name_discount: 0.5\n", ("museum", "flight"), "He saw the Museum of Flight yesterday.", "b"),
    ("# name_discount: 0.5\n", ("museum", "flight"), "He saw the museum of flight yesterday.", "a"),
])
def test_salience_directives(directives, cues, text, frame):
    assert F.sentence_frame_of(text, _one_row(cues, directives)) == frame


def _two_frames(directives=""):
    """Frame a with three questions, frame b with one."""
    return F.parse_scheme(f"# scheme: t\n# scoring: indicators\n{directives}frame,indicator,question,weight,min_sentences,cues\n"
                          "a,a1,q?,1,1,alpha\na,a2,q?,1,1,beta\na,a3,q?,1,1,gamma\nb,b1,q?,1,1,delta\n")


@pytest.mark.parametrize("directives, text, primary", [
    ("", "Alpha and beta met delta.", "b"),  # b: 1 of 1 beats a: 2 of 3
    ("# primary: most_yes\n", "Alpha and beta met delta.", "a"),  # two questions yes beat one
    ("# primary_min: 2\n", "Delta came.", None),  # one question answered yes is no primary frame
    ("# primary_min: 2\n# primary: most_yes\n", "Alpha, beta and delta.", "a"),
])
def test_indicator_primary_directives(directives, text, primary):
    assert F.analyze(text, _two_frames(directives)).primary == primary


@pytest.mark.parametrize("text, answer", [
    ("He said it was over.", False),
    ("He said it was over. She said it was not.", True),  # "2x said": two sentences say "said"
    ("He said it was over, and said it again.", False),  # twice in one sentence is one sentence
])
def test_counted_cue_needs_that_many_sentences(text, answer):
    sch = F.parse_scheme("# scheme: t\n# scoring: indicators\nframe,indicator,question,weight,min_sentences,cues\n"
                         "a,a1,q?,1,1,2x said\n")
    r = F.analyze(text, sch)
    assert r.answers["a1"] is answer and bool(r.hits) is answer  # below its count a cue leaves no evidence


@pytest.mark.parametrize("directive, message", [("# primary: loudest\n", "must be score or most_yes"),
                                                ("# primary_min: 0\n", "must be 1 or more"),
                                                ("# primary_min: two\n", "whole number")])
def test_bad_primary_directives(directive, message):
    with pytest.raises(F.SchemeError, match=message):
        _two_frames(directive)


GENERIC_Q = [i.name for i in F.load_scheme("generic").indicators]


def _coded_articles(name="generic_frames_coded.csv", key=lambda r: r["file"]):
    """Both coders' rows of a hand-coded generic-frames file, by text: {key(row): {"A": row, "B": row}}."""
    by: dict[str, dict[str, dict[str, str]]] = {}
    for r in _read_gold(name):
        by.setdefault(key(r), {})[r["coder"]] = r
    return by


def _agreement_with_coders(coded, results):
    """(share of the answers both coders gave that the scheme gives, share of the primary frames
    both coders chose that the scheme chooses, answers counted, primaries counted)."""
    right = n = prim_right = prim_n = 0
    for name, by in coded.items():
        r = results[name]
        for q in GENERIC_Q:
            if by["A"][q] == by["B"][q]:
                n += 1
                right += r.answers[q] == (by["A"][q] == "yes")
        if by["A"]["primary"] == by["B"]["primary"]:
            prim_n += 1
            prim_right += (r.primary or "none") == by["A"]["primary"]
    return right / n, prim_right / prim_n, n, prim_n


def test_generic_answers_agree_with_two_coders_on_the_seeds(built_corpus):
    """The 20 questions answered for the 39 bundled texts against two independent coders, on the
    answers both coders gave (scheme 1.2: 0.86, 1.1: 0.84, 1.0: 0.72). Primary frame where the
    coders agree on it: 1.2 0.61, 1.0 0.28 (most stories' coders chose responsibility, 16 of 36)."""
    from newsdesk import corpus

    coded = _coded_articles()
    arts = {Path(a.raw_path).name: a for a in corpus.iter_articles(built_corpus)}
    assert set(coded) == set(arts) and len(arts) == 39
    answers, primary, n, prim_n = _agreement_with_coders(coded, {k: F.analyze(a, "generic") for k, a in arts.items()})
    assert n > 700 and prim_n == 36
    assert answers >= 0.84 and primary >= 0.55


def test_generic_frames_blind_on_interviews():
    """Scheme 1.1 scored once on 19 Wikinews interviews coded afterwards by two other coders (never
    seen while the cues were written): answers 0.786 (1.0: 0.688), primary frame 0.53 (1.0: 0.26);
    1.2 was revised on them (0.827, 0.58), so this is now a regression guard."""
    coded = _coded_articles("generic_frames_interviews_coded.csv", lambda r: r["article_id"])
    texts: dict[str, list[str]] = {}
    for r in sorted(_read_gold("policy_frames_interviews.csv"), key=lambda r: (r["article_id"], int(r["sentence"]))):
        texts.setdefault(r["article_id"], []).append(r["text"])
    assert set(coded) == set(texts) and len(coded) == 19
    results = {k: F.analyze("\n".join(v) + "\n", "generic") for k, v in texts.items()}
    answers, primary, n, prim_n = _agreement_with_coders(coded, results)
    assert n > 350 and prim_n == 19
    assert answers >= 0.80 and primary >= 0.5


def _synthetic_news_results(coded):
    """Generic frames of the coded synthetic news articles, rebuilt from the policy training file."""
    texts: dict[str, list[tuple[int, str]]] = {}
    for r in _read_gold("policy_frames_training.csv"):
        key = f"{r['set']}/{r['article_id']}"
        if key in coded and r["source"] == "news_synthetic":
            texts.setdefault(key, []).append((int(r["sentence"]), r["text"]))
    assert set(texts) == set(coded)
    return {k: F.analyze("\n".join(t for _, t in sorted(v)) + "\n", "generic") for k, v in texts.items()}


@pytest.mark.parametrize("name, coded_primaries, floors", [
    # 1.2 scored once on each, after it was fixed: answers 0.663 and 0.636 (1.0: 0.666, 0.642), primary
    # frame 0.41 and 0.45 (1.0: 0.26, 0.31); the coders see people affected and two sides in nearly every one
    ("generic_frames_synthetic_coded.csv", 27, (0.64, 0.35)),
    ("generic_frames_synthetic2_coded.csv", 29, (0.62, 0.40)),
])
def test_generic_frames_blind_on_synthetic_policy_news(name, coded_primaries, floors):
    coded = _coded_articles(name, lambda r: f"{r['set']}/{r['article_id']}")
    assert len(coded) == 30
    answers, primary, n, prim_n = _agreement_with_coders(coded, _synthetic_news_results(coded))
    assert n > 550 and prim_n == coded_primaries
    assert answers >= floors[0] and primary >= floors[1]


def test_tie_order_must_name_frames():
    with pytest.raises(F.SchemeError, match="tie_order"):
        _one_row(("x", "y"), "# tie_order: b nonesuch\n")


# ---------------------------------------------------------------- validity on hand-labelled sentences

CUE_ONLY = F.without_weights("policy")


def _share_right(pred, rows):
    """Share of ``rows`` whose hand label equals the prediction at the same position."""
    return sum(p == r["frame"] for p, r in zip(pred, rows, strict=True)) / len(rows)


def _alone(rows, scheme):
    """Each row's frame read as one sentence on its own."""
    return [F.sentence_frame_of(r["text"], scheme) for r in rows]


def _accuracy(split, scheme=CUE_ONLY):
    rows = [r for r in POLICY_GOLD if r["split"] == split]
    return _share_right(_alone(rows, scheme), rows), len(rows)


@pytest.mark.parametrize("split, floor", [("dev", 0.65), ("heldout", 0.6), ("heldout2", 0.55), ("heldout3", 0.55),
                                          ("heldout4", 0.45), ("heldout5", 0.5)])
def test_policy_cue_rows_agreement_with_hand_labels(split, floor):
    """Regression floors of the cue rows alone, just under their measured agreement (see
    docs/sentiment_framing.md: dev 0.725, heldout 0.65, heldout2 0.567, heldout3 0.583,
    heldout4 0.50 (0.475 blind), heldout5 0.575 blind). These sentences are in the weights'
    training data, so the weighted scheme is not judged on them."""
    acc, n = _accuracy(split)
    assert n >= 40
    assert acc >= floor


def test_policy_cue_coverage_on_mfc_style_sentences():
    """Self-written MFC-style sentences (same author as the codebook cue rows: a coverage
    guard, not a validity figure); the cue rows get 80 of 92."""
    rows = _read_gold("policy_frames_mfc_style.csv")
    acc = _share_right(_alone(rows, CUE_ONLY), rows)
    assert len(rows) == 92 and acc >= 0.8


HELDOUT7 = _read_gold("policy_frames_heldout7.csv")
HELDOUT8 = _read_gold("policy_frames_heldout8.csv")


@pytest.mark.parametrize("rows, n, floor", [(HELDOUT7, 151, 0.57), (HELDOUT8, 227, 0.55)], ids=["heldout7", "heldout8"])
def test_weights_beat_cue_rows_on_the_blind_test_sets(rows, n, floor):
    """Two blind sets, each labelled by an independent annotator (and coded again by a second one:
    agreement 0.89 / 0.90) and kept out of the weights' training data; their errors are not read.
    heldout7 (news and comments): cue rows 0.510, first weights 0.563, weights of 4,015 sentences
    0.603, of 11,604 sentences 0.596, of 15,009 (3.3: twice the reader comments) 0.616. heldout8 (news
    and comments, written after the 4,015-sentence weights): cue rows 0.405, 4,015-sentence weights
    0.537, 11,604-sentence weights 0.573, 15,009-sentence weights 0.604. Target 0.70 not met."""
    cue, weighted = _share_right(_alone(rows, CUE_ONLY), rows), _share_right(_alone(rows, "policy"), rows)
    assert len(rows) == n
    assert weighted >= floor and weighted > cue + 0.05, (cue, weighted)


HELDOUT9 = _read_gold("policy_frames_heldout9.csv")


def test_weights_on_the_third_blind_set():
    """heldout9 (seventh session): 230 sentences of 11 news articles set outside the US Congress
    stories of the earlier sets (UK, Australia, Canada, Germany, India, Italy, US states) and 62
    reader comments, written and labelled by an independent annotator, committed before its first
    score. Scored once per weights version: cue rows 0.417; weights 3.2 0.530 alone, 0.535 in
    context; 3.3 0.517 alone, 0.557 in context (news 0.600 / 0.629, comments 0.389 / 0.444)."""
    cue, alone = _share_right(_alone(HELDOUT9, CUE_ONLY), HELDOUT9), _share_right(_alone(HELDOUT9, "policy"), HELDOUT9)
    assert len(HELDOUT9) == 230 and len({r["article_id"] for r in HELDOUT9}) == 73
    assert alone >= 0.48 and alone > cue + 0.05, (cue, alone)
    assert _share_right(_in_context(HELDOUT9), HELDOUT9) >= 0.52


def _in_context(rows, scheme="policy"):
    """Each row's predicted frame with the set's other sentences of its article (or comment) as
    context: they are joined in order and analysed as one text."""
    groups = {}
    for i, r in enumerate(rows):
        groups.setdefault(r["article_id"], []).append(i)
    pred = [None] * len(rows)
    for art, idx in groups.items():
        idx.sort(key=lambda i: int(rows[i]["sentence"] or 0))
        text, sents = "", []
        for k, i in enumerate(idx):
            text += " " if text else ""
            sents.append(Sentence(k, 0, len(text), len(text) + len(rows[i]["text"]), rows[i]["text"]))
            text += rows[i]["text"]
        r = F.analyze(Article(id=art, text=text, sentences=sents), scheme)
        for k, i in enumerate(idx):
            pred[i] = r.sentence_primary[k]
    return pred


def test_context_on_the_blind_test_sets():
    """The policy scheme's ``# context: 0.5`` (chosen by leave-one-set-out on the training sets:
    0.544 -> 0.574) scored on the blind sets, each sentence among the set's other sentences of its
    article or comment. Weights 3.2 (11,604 sentences): heldout7 0.596 alone -> 0.649 in context,
    heldout8 0.573 -> 0.577; both 0.582 -> 0.606. Weights 3.3 (15,009), scored once: heldout7
    0.616 -> 0.642, heldout8 0.604 -> 0.568 (its comments 0.436 -> 0.416, news 0.738 -> 0.690);
    both 0.608 -> 0.598. On the training sets (leave one set out, six sets) context still adds
    0.027 with 3.3, so it stays; on heldout8 it no longer helps (docs/sentiment_framing.md)."""
    for rows, floor in [(HELDOUT7, 0.62), (HELDOUT8, 0.55)]:
        assert _share_right(_in_context(rows), rows) >= floor
    both = HELDOUT7 + HELDOUT8
    in_context = _share_right(_in_context(HELDOUT7) + _in_context(HELDOUT8), both)
    assert abs(in_context - _share_right(_alone(both, "policy"), both)) < 0.03  # neither reading far behind


def test_real_interviews_read_in_context():
    """1,038 sentences of 19 real Wikinews interviews (two independent coders, never trained on;
    half `other`, so off the issue's domain): the weights 0.404 alone, 0.461 in context; the cue
    rows alone 0.525, since a sentence without a cue falls back to `other` (docs/sentiment_framing.md)."""
    rows = _read_gold("policy_frames_interviews.csv")
    assert len(rows) == 1038 and len({r["article_id"] for r in rows}) == 19
    training = {r["text"].strip() for r in _read_gold("policy_frames_training.csv")}
    assert not {r["text"].strip() for r in rows} & training
    acc, acc_alone = _share_right(_in_context(rows), rows), _share_right(_alone(rows, "policy"), rows)
    assert acc >= 0.44 and acc > acc_alone + 0.03, (acc, acc_alone)


def test_context_moves_few_sentences_and_only_towards_their_neighbours():
    """On real articles the context directive changes a handful of sentences, each to a frame
    another sentence of the same article has on its own words; without it every sentence is
    read alone."""
    moved = total = 0
    no_context = dataclasses.replace(F.load_scheme("policy"), context=0.0)
    for name in [SEED.name, "wikinews_election.txt", "wikinews_iodine.txt", "wikinews_crane.txt",
                 "wh_2023-02-21-fact-sheet-one-year-of-supporting-ukraine.txt"]:
        art = _sample(name)
        r, r0 = F.analyze(art, "policy"), F.analyze(art, no_context)
        assert r.sentence_alone == r0.sentence_primary == r0.sentence_alone
        for i, (p, alone) in enumerate(zip(r.sentence_primary, r.sentence_alone)):
            total += 1
            if p != alone:
                moved += 1
                assert p in r.sentence_alone[:i] + r.sentence_alone[i + 1:], (name, i, p)
    assert 0 < total and moved < 0.1 * total


def test_context_changes_a_sentence_between_two_readings():
    """A short sentence the words leave unsure goes with its neighbour; shown in ``alone``."""
    df = F.sentences_frame("Tanks rolled in. Prices rose.", "policy")
    assert df["alone"].tolist() == ["security_and_defense", "economic"]
    assert df["primary"].tolist() == ["economic", "economic"]
    assert F.sentence_frame_of("Tanks rolled in.", "policy") == "security_and_defense"


def test_training_file_keeps_the_blind_sets_out():
    training = _read_gold("policy_frames_training.csv")
    assert len(training) > 11000
    texts = {r["text"].strip() for r in training}
    assert not {r["text"].strip() for r in HELDOUT7 + HELDOUT8} & texts
    assert {r["frame"] for r in training} == POLICY_FRAMES


# ---------------------------------------------------------------- a researcher's own scheme

def test_third_scheme_from_a_file(tmp_path):
    p = tmp_path / "tone.csv"
    p.write_text(
        "# scheme: tone\n# version: 0.1\n# scoring: indicators\n# present: 0.5\n"
        "frame,indicator,question,weight,min_sentences,cues\n"
        "alarm,alarm_words,Does the story sound an alarm?,1,1,\"alarm*; danger*; warn*\"\n"
        "alarm,casualties,Does it count casualties?,1,1,\"re:\\b\\d+ (?:killed|dead|injured)\\b\"\n"
        "calm,calm_words,Does the story reassure?,1,1,\"calm*; reassur*; safe\"\n", encoding="utf-8")
    r = F.analyze(_sample("wikinews_crane.txt"), p)
    assert r.scheme.name == "tone" and set(r.scores) == {"alarm", "calm"}
    assert r.answers["casualties"] is True
    assert r.primary == "alarm"
    out = tmp_path / "o.jsonl"
    inp = tmp_path / "in.jsonl"
    inp.write_text(json.dumps({"id": "c", "text": SEEDS.joinpath("wikinews_crane.txt").read_text()}) + "\n")
    assert F.cli_main(Namespace(input=str(inp), format="jsonl", out=str(out), scheme=str(p))) == 0
    assert json.loads(out.read_text())["scheme"] == "tone"


@pytest.mark.parametrize("body, message", [
    ("frame,question\nf,q\n", "header must be"),
    ("frame,indicator,question,weight,min_sentences,cues\nf,i,q,1,1,\"re:(unclosed\"\n", "bad cue"),
    ("frame,indicator,question,weight,min_sentences,cues\nf,i,q,1,1,a,b\n", "quote a cues cell"),
    ("# context: 0.5\nframe,indicator,question,weight,min_sentences,cues\nf,i,q,1,1,a\n", "needs a '# weights:'"),
    ("# context: lots\nframe,indicator,question,weight,min_sentences,cues\nf,i,q,1,1,a\n", "must be a number"),
    ("# context: -1\nframe,indicator,question,weight,min_sentences,cues\nf,i,q,1,1,a\n", "must be 0 or more"),
    ("# present: abc\nframe,indicator,question,weight,min_sentences,cues\nf,i,q,1,1,a\n", "'# present:' must be a number"),
    ("# presnt: 0.6\nframe,indicator,question,weight,min_sentences,cues\nf,i,q,1,1,a\n",
     r"bad.csv:2: unknown directive '# presnt:'; did you mean '# present:'"),
    ("# primry: most_yes\nframe,indicator,question,weight,min_sentences,cues\nf,i,q,1,1,a\n", "did you mean '# primary:'"),
    ("frame,indicator,question,weight,min_sentences,cues\n", "no indicator rows"),
    ("frame,indicator,question,weight,min_sentences,cues\nf,i,q,1,1,shortage* &\n", r"bad.csv:3: bad cue 'shortage\* &'"),
])
def test_bad_scheme_file_names_the_line(tmp_path, body, message):
    p = tmp_path / "bad.csv"
    p.write_text("# scheme: bad\n" + body, encoding="utf-8")
    with pytest.raises(F.SchemeError, match=message):
        F.load_scheme(p)


def test_a_comment_line_with_a_colon_is_no_directive(tmp_path):
    p = tmp_path / "ok.csv"
    p.write_text("# scheme: ok\n# Format: as generic.csv\n# Where the entries came from: me\n# note: presence counts\n"
                 "frame,indicator,question,weight,min_sentences,cues\nf,i,q,1,1,a\n", encoding="utf-8")
    assert F.load_scheme(p).frames == ("f",)


# ---------------------------------------------------------------- CLI

@pytest.mark.parametrize("scheme", ["generic", "policy"])
def test_cli_jsonl_shape_and_order(tmp_path, scheme):
    names = ["wikinews_election.txt", SEED.name, "wikinews_iodine.txt"]
    texts = {n: SEEDS.joinpath(n).read_text(encoding="utf-8") for n in names}
    inp = tmp_path / "in.jsonl"
    inp.write_text("".join(json.dumps({"id": n, "text": t}) + "\n" for n, t in texts.items()), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert F.cli_main(Namespace(input=str(inp), format="jsonl", out=str(out), scheme=scheme)) == 0
    recs = [json.loads(ln) for ln in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in recs] == names
    for r in recs:
        assert set(r) == {"id", "scheme", "scores", "present", "primary", "evidence"}
        assert r["scheme"] == scheme and r["primary"] in r["scores"]
        assert all(0 <= v <= 1 for v in r["scores"].values())
        for e in r["evidence"]:
            assert set(e) == {"frame", "start", "end", "cues"}
            assert all(c in texts[r["id"]][e["start"]:e["end"]] for c in e["cues"])
    if scheme == "policy":
        assert [r["primary"] for r in recs] == ["political", "security_and_defense", "health_and_safety"]


def test_cli_csv_one_row_per_indicator(tmp_path):
    inp = tmp_path / "in.jsonl"
    inp.write_text(json.dumps({"id": "seed", "text": SEED.read_text(encoding="utf-8")}) + "\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert F.cli_main(Namespace(input=str(inp), format="csv", out=str(out), scheme="generic")) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 20 and {r["answer"] for r in rows} == {"yes", "no"}


def test_cli_unknown_scheme(tmp_path, capsys):
    inp = tmp_path / "in.jsonl"
    inp.write_text(json.dumps({"id": "a", "text": "x"}) + "\n")
    assert F.cli_main(Namespace(input=str(inp), format="jsonl", out=None, scheme="nonesuch")) == 1
    assert "no such scheme" in capsys.readouterr().err

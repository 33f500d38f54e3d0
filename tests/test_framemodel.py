"""The learned sentence weights of a salience scheme (newsdesk.framemodel) and `newsdesk frames-train`."""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

import pytest

from newsdesk import cli, framemodel as M, framing as F

ROOT = Path(__file__).resolve().parent.parent
TRAINING = ROOT / "tests/data/policy_frames_training.csv"


def _training_rows():
    with TRAINING.open(encoding="utf-8") as f:
        return list(csv.DictReader(ln for ln in f if not ln.startswith("#")))


def test_features_of_a_sentence():
    f = M.features("Gun owners would have to surrender their weapons.", ["security_core"], "security_and_defense")
    assert {"bias", "word:gun", "pair:would have", "row:security_core", "cue_primary:security_and_defense",
            "stem:surre", "head:owners", "first:gun"} <= f
    assert "first:have" in f and "first:surrender" not in f  # (only the first four words: "gun owners would have")
    assert "row:none" in M.features("Nothing here.", [], None)


def test_fit_learns_and_is_deterministic():
    data = [("Troops crossed the border at dawn.", "war"), ("Prices rose again in March.", "money"),
            ("Tanks and troops massed nearby.", "war"), ("Wages and prices climbed.", "money")] * 3
    a, b = M.fit(data, ("war", "money"), iters=100), M.fit(data, ("war", "money"), iters=100)
    assert a.to_csv() == b.to_csv()
    assert a.predict(M.features("More troops arrived.", [], None)) == "war"
    assert a.predict(M.features("Prices fell.", [], None)) == "money"
    assert a.top_terms(M.features("More troops arrived.", [], None), "war")[0][0].split(":")[1] == "troops"
    with pytest.raises(ValueError, match="not in the scheme"):
        M.fit([("x", "peace")], ("war", "money"))


def test_weights_file_round_trip_and_errors(tmp_path):
    w = M.fit([("Troops crossed.", "war"), ("Prices rose.", "money")] * 2, ("war", "money"), iters=20, min_count=1)
    w.notes = ["a test table"]
    back = M.parse_weights(w.to_csv(), "t.csv")
    assert back.frames == ("war", "money") and back.notes == ["a test table"]
    assert set(back.table) == set(w.table)
    with pytest.raises(M.WeightsError, match=r"t.csv:1: header"):
        M.parse_weights("word,war\n", "t.csv")
    with pytest.raises(M.WeightsError, match=r"t.csv:2: weights must be numbers"):
        M.parse_weights("feature,war,money\nbias,x,1\n", "t.csv")
    with pytest.raises(M.WeightsError, match=r"t.csv:5: weights must be numbers"):
        M.parse_weights("# note\nfeature,war,money\nbias,0,1\nword:a,0.5,-1\nword:b,1,1e\n", "t.csv")
    with pytest.raises(M.WeightsError, match=r"t.csv:3: expected 3 columns, got 2"):
        M.parse_weights("feature,war,money\nbias,0,1\nword:a,0.5\n", "t.csv")
    assert all(list(back.table[f]) == list(w.table[f]) for f in w.table)


def _scheme_with(tmp_path, weights_line):
    src = F.scheme_path("policy").read_text(encoding="utf-8")
    text = src.replace("# weights: weights/policy.csv", weights_line)
    p = tmp_path / "mypolicy.csv"
    p.write_text(text, encoding="utf-8")
    return p


def test_weights_directive_errors_name_the_file(tmp_path):
    with pytest.raises(F.SchemeError, match="weights:' file not found"):
        F.load_scheme(_scheme_with(tmp_path, "# weights: nowhere.csv"))
    other = tmp_path / "two.csv"
    other.write_text("feature,war,money\nbias,0,0\n", encoding="utf-8")
    sch = F.load_scheme(_scheme_with(tmp_path, f"# weights: {other}"))
    with pytest.raises(F.SchemeError, match="differ from the scheme"):
        F.analyze("Troops crossed the border.", sch)
    with pytest.raises(F.SchemeError, match="needs '# scoring: salience'"):
        F.parse_scheme("# scheme: t\n# scoring: indicators\n# weights: w.csv\n"
                       "frame,indicator,question,weight,min_sentences,cues\nf,i,q?,1,1,x\n", str(tmp_path / "s.csv"))


def test_shipped_weights_decide_sentences_and_show_why(seed_article):
    sch = F.load_scheme("policy")
    assert sch.weights and Path(sch.weights).name == "policy.csv"
    text = "Gun owners would have to surrender their weapons within 24 hours of being served."
    assert F.sentence_frame_of(text, F.without_weights(sch)) == "security_and_defense"  # the cue word "weapons"
    assert F.sentence_frame_of(text, sch) == "policy_prescription_and_evaluation"  # what the bill requires
    df = F.sentences_frame(seed_article, "policy")
    assert df["terms"].map(len).gt(0).all()
    assert not any(":" in t for ts in df["terms"] for t in ts)  # reader's labels, not feature names
    assert M.feature_label("stem:immig") == "immig…" and M.feature_label("row:none") == "no cue"
    assert F.analyze(seed_article, "policy").primary == "security_and_defense"


def test_frames_train_cli_fits_a_usable_table(tmp_path, capsys):
    rows = _training_rows()
    random.Random(3).shuffle(rows)
    labelled = tmp_path / "mine.csv"
    with labelled.open("w", encoding="utf-8", newline="") as f:
        f.write("# my own coding\n")
        w = csv.DictWriter(f, fieldnames=["text", "frame"], extrasaction="ignore")
        w.writeheader()
        w.writerows(rows[:300])
    out = tmp_path / "weights.csv"
    assert cli.main(["frames-train", str(labelled), "--out", str(out), "--folds", "2", "--iters", "60"]) == 0
    err = capsys.readouterr().err
    assert "300 labelled sentences" in err and "cue rows only" in err and "2-fold" in err
    table = M.load_weights(out)
    assert set(table.frames) == set(F.load_scheme("policy").frames) and "bias" in table.table
    assert any("fitted by `newsdesk frames-train mine.csv`" in n for n in table.notes)
    sch = F.load_scheme(_scheme_with(tmp_path, f"# weights: {out.name}"))
    assert F.analyze("Prices rose and troops crossed the border.", sch).sentence_primary[0] in sch.frames


def test_frames_train_warns_when_the_weights_lose_to_the_cues(tmp_path, capsys):
    """Sixty labelled sentences are too few to learn from: the researcher is told, not left to find out."""
    rows = _training_rows()
    random.Random(5).shuffle(rows)
    labelled = tmp_path / "few.csv"
    with labelled.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["text", "frame"], extrasaction="ignore")
        w.writeheader()
        w.writerows(rows[:60])
    assert cli.main(["frames-train", str(labelled), "--out", str(tmp_path / "w.csv"), "--folds", "2", "--iters", "60"]) == 0
    err = capsys.readouterr().err
    base = float(re.search(r"cue rows only:\s+([\d.]+)", err).group(1))
    cv = float(re.search(r"cues \+ weights \(2-fold\): ([\d.]+)", err).group(1))
    assert cv < base and "warning: with these weights fewer sentences agree than with the cue rows alone" in err, err


def test_frames_train_cli_rejects_bad_labels(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("text,frame\n" + "Taxes rose.,economics\n" * 60, encoding="utf-8")
    assert cli.main(["frames-train", str(bad)]) == 1
    assert "bad.csv: frames not in scheme policy: economics" in capsys.readouterr().err
    few = tmp_path / "few.csv"
    few.write_text("text,frame\nTaxes rose.,economic\n", encoding="utf-8")
    assert cli.main(["frames-train", str(few)]) == 1
    assert "at least 50 are needed" in capsys.readouterr().err
    comma = tmp_path / "comma.csv"
    comma.write_text("# mine\ntext,frame\n\"Taxes rose, again.\",economic\nTaxes rose, after a long debate,economic\n",
                     encoding="utf-8")
    assert cli.main(["frames-train", str(comma)]) == 1
    assert "comma.csv:4: more fields than the header names" in capsys.readouterr().err
    cols = tmp_path / "cols.csv"
    cols.write_text("sentence,label\nTaxes rose.,economic\n", encoding="utf-8")
    assert cli.main(["frames-train", str(cols)]) == 1
    assert "needs the columns text and frame" in capsys.readouterr().err


def test_warm_caches_leaves_the_weights_read():
    """The report zygote calls framing.warm_caches() before forking kernels: afterwards a
    scheme's weights come from the cache, not from a second read of the 6.5 MB table."""
    F.warm_caches()
    hits, misses = M._load.cache_info().hits, M._load.cache_info().misses
    w = F.weights_of(F.load_scheme("policy"))
    assert M._load.cache_info().hits == hits + 1 and M._load.cache_info().misses == misses
    assert len(w.table) > 10000


def _write_labelled(path, rows, fields):
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


def test_frames_train_reports_context_by_article(tmp_path, capsys):
    """With an article_id column the command also cross-validates by article (an article never
    split between folds) at several '# context:' values, and keeps the figures in the table."""
    rows = [r for r in _training_rows() if r["set"] == "synthetic_U"][:240]
    assert len({r["article_id"] for r in rows}) < len(rows)  # comments of several sentences
    labelled, out = tmp_path / "comments.csv", tmp_path / "w.csv"
    _write_labelled(labelled, rows, ["article_id", "text", "frame"])
    assert cli.main(["frames-train", str(labelled), "--out", str(out), "--folds", "3", "--iters", "60"]) == 0
    err = capsys.readouterr().err
    line = next(ln for ln in err.splitlines() if ln.startswith("by article_id"))
    figures = dict(part.split(" -> ") for part in line.split("'# context:' ")[1].split(" (")[0].split(", "))
    assert set(figures) == {"0", "0.25", "0.5", "1"} and all(0 < float(v) < 1 for v in figures.values())
    assert "(the scheme has 0.5)" in line
    assert any(n.startswith("Folds by article_id") for n in M.load_weights(out).notes)
    _write_labelled(labelled, rows, ["text", "frame"])  # no article_id: no by-article line
    assert cli.main(["frames-train", str(labelled), "--out", str(out), "--folds", "3", "--iters", "60"]) == 0
    assert "by article_id" not in capsys.readouterr().err


@pytest.mark.slow
def test_context_helps_reader_comments_in_cross_validation():
    """Two sets of reader comments (1,191 sentences), folds by comment: reading each sentence
    with the rest of its comment agrees more with the coders (measured 0.368 -> 0.393 at 0.5)."""
    rows = [r for r in _training_rows() if r["set"] in ("synthetic_U", "synthetic_M")]
    cue = F.without_weights("policy")
    samples = [(F.sentence_features(r["text"], cue), r["frame"]) for r in rows]
    got = M.cross_validate_in_context(samples, [r["set"] + r["article_id"] for r in rows], cue.frames,
                                      (0.0, 0.5), folds=3, iters=100)
    assert got[0.5] > got[0.0] + 0.01, got

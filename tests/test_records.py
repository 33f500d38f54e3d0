"""The analysis commands' input: a malformed JSON Lines record is named and the rest goes on."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk import records

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_53b5643fb951cf8e.txt"


def _mixed_input(tmp_path: Path) -> Path:
    seed = SEED.read_text(encoding="utf-8")
    lines = [json.dumps({"id": "seed", "text": seed}), '{"id": "broken", "text": "unterminated',
             json.dumps({"id": "notext", "body": "a record without a text field"}), json.dumps(["a", "list"]),
             json.dumps({"id": "last", "text": "“We will not back down,” Senator Jane Roe said on Tuesday."})]
    p = tmp_path / "mixed.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


@pytest.mark.parametrize("command", ["quotes", "sentiment", "frames"])
def test_bad_records_are_named_and_the_rest_goes_on(tmp_path, command):
    inp = _mixed_input(tmp_path)
    out = tmp_path / "out.jsonl"
    r = subprocess.run([sys.executable, "-m", "newsdesk.cli", command, str(inp), "--out", str(out)],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 1
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith(f"newsdesk {command}: {inp}:")]
    assert [e.split(": ")[1].rsplit(":", 1)[1] for e in errors] == ["2", "3", "4"]
    assert "not valid JSON" in errors[0] and 'no string "text"' in errors[1]
    recs = [json.loads(ln) for ln in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in recs] == ["seed", "broken", "notext", "4", "last"]  # one line per record, same order
    assert [("error" in x) for x in recs] == [False, True, True, True, False]
    clean = tmp_path / "clean.jsonl"
    clean.write_text("".join(ln + "\n" for ln in inp.read_text(encoding="utf-8").splitlines() if '"text": "' in ln
                             and "unterminated" not in ln), encoding="utf-8")
    alone = subprocess.run([sys.executable, "-m", "newsdesk.cli", command, str(clean)],
                           capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert alone.returncode == 0
    # the records around the broken ones come out exactly as they do without them
    assert [json.loads(ln) for ln in alone.stdout.splitlines()] == [recs[0], recs[-1]]
    if command == "quotes":
        assert recs[-1]["quotes"][0]["speaker"] == "Jane Roe"


def test_csv_output_gives_bad_records_an_error_row(tmp_path):
    inp = _mixed_input(tmp_path)
    r = subprocess.run([sys.executable, "-m", "newsdesk.cli", "quotes", str(inp), "--format", "csv"],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 1
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert list(rows[0])[-1] == "error"
    good = [row for row in rows if not row["error"]]
    bad = [row for row in rows if row["error"]]
    assert {row["id"] for row in good} == {"seed", "last"}
    assert [row["id"] for row in bad] == ["broken", "notext", "4"]  # in input order, one row each
    assert "mixed.jsonl:2: not valid JSON" in bad[0]["error"] and not bad[0]["quote"]


def test_a_plain_text_article_is_one_record_and_another_file_is_refused(tmp_path):
    article = tmp_path / "council_vote.txt"
    article.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "newsdesk.cli", "quotes", str(article)],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    (out,) = [json.loads(ln) for ln in r.stdout.splitlines()]
    text = article.read_text(encoding="utf-8")
    assert out["id"] == "council_vote" and "John Kirby" in {q["speaker"] for q in out["quotes"]}
    assert all(text[q["start"]:q["end"]] == q["quote"] for q in out["quotes"])  # offsets index the file as given
    # a notebook (pretty-printed JSON) is not JSON Lines: one line saying so, not one error per line
    nb = ROOT / "notebooks" / "framing.ipynb"
    r = subprocess.run([sys.executable, "-m", "newsdesk.cli", "frames", str(nb)],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 1 and not r.stdout
    assert r.stderr.count("\n") == 1 and "framing.ipynb: not JSON Lines" in r.stderr, r.stderr


def test_iter_input_raises_unless_asked_for_bad_records(tmp_path):
    inp = _mixed_input(tmp_path)
    with pytest.raises(records.InputError, match=r"mixed.jsonl:2: not valid JSON"):
        list(records.iter_input(inp))
    got = list(records.iter_input(inp, bad_records=True))
    assert [type(x).__name__ for x in got] == ["Article", "BadRecord", "BadRecord", "BadRecord", "Article"]


def test_standard_input_is_read_as_json_lines():
    rec = {"id": "pipe", "text": "“Prices will fall,” said Jane Roe, the mayor."}
    r = subprocess.run([sys.executable, "-m", "newsdesk.cli", "quotes", "-"], input=json.dumps(rec) + "\n",
                       capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    (out,) = [json.loads(ln) for ln in r.stdout.splitlines()]
    assert out["id"] == "pipe" and out["quotes"][0]["speaker"] == "Jane Roe"

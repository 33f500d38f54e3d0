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


# --------------------------------------------------------------------------- bad input, found by a tester

def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    """Run ``newsdesk ARGV`` in this process: (exit status, standard output, standard error)."""
    from newsdesk import cli

    capsys.readouterr()
    rc = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


def _paragraphs(n: int) -> list[str]:
    """The first ``n`` paragraphs of a real article (the Korea story in seeds/)."""
    text = (ROOT / "seeds" / "wikinews_korea.txt").read_text(encoding="utf-8")
    paras = [p.strip() for p in text.split("\n\n") if p.strip()]
    assert len(paras) >= n
    return paras[:n]


def _records(n: int = 7) -> list[bytes]:
    return [json.dumps({"id": f"r{i}", "text": t}, ensure_ascii=False).encode("utf-8") for i, t in enumerate(_paragraphs(n))]


@pytest.mark.parametrize("command", ["quotes", "sentiment"])
@pytest.mark.parametrize("how", ["same file", "symlink", "hard link", "inside the corpus"])
def test_out_that_would_overwrite_the_input_is_refused(tmp_path, capsys, command, how):
    article = tmp_path / "good1.txt"
    article.write_bytes(SEED.read_bytes())
    inp, out = article, article
    if how == "symlink":
        inp = tmp_path / "link.txt"
        inp.symlink_to(article.name)
    elif how == "hard link":
        out = tmp_path / "other.txt"
        out.hardlink_to(article)
    elif how == "inside the corpus":
        inp = tmp_path / "corpus"
        inp.mkdir()
        (inp / "articles.jsonl").write_bytes(b"\n".join(_records(2)) + b"\n")
        out = inp / "articles.jsonl"
    before = out.read_bytes()
    rc, stdout, err = _cli(capsys, command, inp, "--out", out)
    assert rc == 2 and not stdout and err.count("\n") == 1, err
    assert f"--out {out}" in err and "nothing was read or written" in err
    assert out.read_bytes() == before and sorted(p.name for p in tmp_path.rglob(".*.tmp")) == []
    # a new file in the corpus folder would be ingest's to delete: refused too
    if how == "inside the corpus":
        assert _cli(capsys, command, inp, "--out", inp / "quotes.jsonl")[0] == 2
        assert not (inp / "quotes.jsonl").exists()


@pytest.mark.parametrize("command", ["quotes", "sentiment", "frames"])
def test_a_line_that_is_not_utf8_is_a_bad_record_and_the_rest_is_analysed(tmp_path, capsys, command):
    lines = _records(7)
    lines[5] = lines[5].replace(b'"text": "', b'"text": "Caf\xeb ', 1)  # one cp1252 byte on line 6 of 7
    col = len(lines[5].split(b"\xeb")[0].decode("utf-8")) + 1
    inp = tmp_path / "mixed.jsonl"
    inp.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "out.jsonl"
    rc, _, err = _cli(capsys, command, inp, "--out", out)
    assert rc == 1 and "Traceback" not in err
    assert f"{inp}:6: not UTF-8 text (byte 0xeb at column {col})" in err, err
    recs = [json.loads(ln) for ln in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in recs] == [f"r{i}" for i in range(7)]  # the id is read from the broken line
    assert ["error" in r for r in recs] == [False] * 5 + [True, False]
    # the records around it come out as they do without it
    clean = tmp_path / "clean.jsonl"
    clean.write_bytes(b"\n".join(ln for i, ln in enumerate(_records(7)) if i != 5) + b"\n")
    rc, _, _ = _cli(capsys, command, clean, "--out", tmp_path / "clean_out.jsonl")
    assert rc == 0
    assert [json.loads(ln) for ln in (tmp_path / "clean_out.jsonl").read_text(encoding="utf-8").splitlines()] == \
        [r for r in recs if "error" not in r]


@pytest.mark.parametrize("encoding, bom", [("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_a_byte_order_mark_is_accepted(tmp_path, capsys, encoding, bom):
    text = "\n".join(ln.decode("utf-8") for ln in _records(3)) + "\n"
    plain, marked = tmp_path / "plain.jsonl", tmp_path / "marked.jsonl"
    plain.write_text(text, encoding="utf-8")
    marked.write_bytes(bom + text.encode(encoding))
    want = _cli(capsys, "quotes", plain)
    got = _cli(capsys, "quotes", marked)
    assert got == want and want[0] == 0 and want[1].count("\n") == 3


@pytest.mark.parametrize("name, head, kind", [
    ("report.docx", b"PK\x03\x04\x14\x00\x06\x00", "a Word document, .docx"),
    ("paper.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF"),
    ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
    ("renamed.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
    ("data.jsonl", b"\x00\x01\x02\x03" * 64, "binary data"),
])
@pytest.mark.parametrize("command", ["quotes", "frames"])
def test_a_binary_file_is_refused_in_one_line(tmp_path, capsys, name, head, kind, command):
    f = tmp_path / name
    f.write_bytes(head + bytes(range(256)) * 4)
    rc, out, err = _cli(capsys, command, f)
    assert rc == 1 and not out and err.count("\n") == 1, err
    assert f"{f}: not a text file ({kind}" in err and "save it as plain text" in err


@pytest.mark.parametrize("value, said", [("12345", '"text" is a number, not a string'),
                                         ("null", '"text" is null, not a string'),
                                         ('["a"]', '"text" is a list, not a string')])
def test_a_text_that_is_not_a_string_is_named_as_such(tmp_path, capsys, value, said):
    inp = tmp_path / "typed.jsonl"
    inp.write_text(f'{{"id": "n", "text": {value}}}\n' + _records(1)[0].decode("utf-8") + "\n", encoding="utf-8")
    rc, out, err = _cli(capsys, "quotes", inp)
    assert rc == 1 and f"{inp}:1: {said}" in err, err
    assert [json.loads(ln)["id"] for ln in out.splitlines()] == ["n", "r0"]


def test_a_symlink_loop_and_a_dangling_link_are_named(tmp_path, capsys):
    (tmp_path / "loop1.txt").symlink_to("loop2.txt")
    (tmp_path / "loop2.txt").symlink_to("loop1.txt")
    (tmp_path / "dangling.txt").symlink_to("moved.txt")
    rc, _, err = _cli(capsys, "quotes", tmp_path / "loop1.txt")
    assert rc == 1 and "loop1.txt: symlink loop" in err, err
    rc, _, err = _cli(capsys, "quotes", tmp_path / "dangling.txt")
    assert rc == 1 and "dangling.txt: broken symlink: its target moved.txt does not exist" in err, err


@pytest.mark.parametrize("name, content", [("empty.jsonl", b""), ("blank.jsonl", b"\n\n"), ("empty.txt", b""),
                                           ("spaces.txt", b"  \n\n ")])
def test_an_input_without_records_is_named_and_an_earlier_output_kept(tmp_path, capsys, name, content):
    inp = tmp_path / name
    inp.write_bytes(content)
    rc, out, err = _cli(capsys, "sentiment", inp)
    assert rc == 1 and not out and err == f"newsdesk sentiment: {inp}: no records; nothing analysed\n"
    earlier = tmp_path / "out.jsonl"
    earlier.write_text('{"id": "kept"}\n', encoding="utf-8")
    rc, _, err = _cli(capsys, "sentiment", inp, "--out", earlier)
    assert rc == 1 and f"{earlier} was left as it was" in err
    assert earlier.read_text(encoding="utf-8") == '{"id": "kept"}\n'


def test_a_duplicate_id_is_output_twice_and_named_once(tmp_path, capsys):
    lines = _records(3)
    lines.append(lines[0])
    lines.append(lines[0])
    inp = tmp_path / "dups.jsonl"
    inp.write_bytes(b"\n".join(lines) + b"\n")
    rc, out, err = _cli(capsys, "quotes", inp)
    assert rc == 0
    assert [json.loads(ln)["id"] for ln in out.splitlines()] == ["r0", "r1", "r2", "r0", "r0"]
    warnings = [ln for ln in err.splitlines() if "warning" in ln]
    assert warnings == [f"newsdesk quotes: warning: {inp}: id 'r0' is on lines 1, 4, 5; "
                        "each is analysed and output in input order"]


def test_frames_train_refuses_to_write_over_its_labels(tmp_path, capsys):
    labels = tmp_path / "labels.csv"
    labels.write_text("text,frame\n" + "".join(f'"{p}",economic\n' for p in _paragraphs(3)), encoding="utf-8")
    before = labels.read_bytes()
    rc, _, err = _cli(capsys, "frames-train", labels, "--out", labels)
    assert rc == 2 and "is the input file" in err and labels.read_bytes() == before


def _policy_scheme_naming(tmp_path: Path, weights: str) -> Path:
    from newsdesk import framing

    text = framing.scheme_path("policy").read_text(encoding="utf-8")
    scheme = tmp_path / "my_policy.csv"
    scheme.write_text(text.replace("# weights: weights/policy.csv", f"# weights: {weights}"), encoding="utf-8")
    return scheme


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


@pytest.mark.parametrize("bad", ["cp1252", "png"])
@pytest.mark.parametrize("case", ["scheme", "weights", "overrides", "frames-train", "eval gold", "eval pred",
                                  "eval ratings", "eval overrides", "boilerplate"])
def test_a_named_file_that_is_not_utf8_text_is_named_in_one_line(tmp_path, capsys, case, bad):
    article = tmp_path / "good1.txt"
    article.write_bytes(SEED.read_bytes())
    f = tmp_path / "bad.csv"
    f.write_bytes(PNG if bad == "png" else "word,valence\ncaf\xe9,1.5\n".encode("cp1252"))
    why = "not a text file (a PNG image)" if bad == "png" else "not UTF-8 text (byte 0xe9 on line 2, column 4)"
    if case in ("eval gold", "eval pred") and bad == "cp1252":  # JSON Lines: the line is named, its column
        f.write_bytes(b'{"id": "x", "quotes": []}\n{"id": "caf\xe9", "quotes": []}\n')
        why = f"{f}:2: not UTF-8 text (byte 0xe9 at column 12)"
    gold = ROOT / "tests" / "data" / "quotes_gold.jsonl"
    ratings = ROOT / "tests" / "data" / "sentiment_gold.csv"
    argv, status, option = {
        "scheme": (["frames", article, "--scheme", f], 1, ""),
        "weights": (["frames", article, "--scheme", _policy_scheme_naming(tmp_path, f.name)], 1, ""),
        "overrides": (["sentiment", article, "--overrides", f], 1, ""),
        "frames-train": (["frames-train", f], 1, ""),
        "eval gold": (["eval", "quotes", "--gold", f, "--pred", gold], 2, "--gold "),
        "eval pred": (["eval", "quotes", "--gold", gold, "--pred", f], 2, "--pred "),
        "eval ratings": (["eval", "sentiment", "--gold", f], 2, "--gold "),
        "eval overrides": (["eval", "sentiment", "--gold", ratings, "--overrides", f], 2, "--overrides "),
        "boilerplate": (["ingest", article, "--out", tmp_path / "corpus", "--boilerplate", f, "-q"], 2, ""),
    }[case]
    rc, out, err = _cli(capsys, *argv)
    assert rc == status and not out and err.count("\n") == 1, err
    assert f"{option}{f}" in err and why in err, err


def test_read_text_file_reads_as_read_text_did(tmp_path):
    f = tmp_path / "s.csv"
    f.write_bytes(b"\xef\xbb\xbfa,b\r\n\"x\r\ny\",2\rlast\n")
    assert records.read_text_file(f) == "a,b\n\"x\ny\",2\nlast\n"
    assert records.read_text_file(f, newline="") == "a,b\r\n\"x\r\ny\",2\rlast\n"
    f.write_bytes("a,b\ncafé\n".encode("utf-16"))
    assert records.read_text_file(f) == "a,b\ncafé\n"


@pytest.mark.parametrize("command, says", [("quotes", "an article without quotes has no row"),
                                           ("sentiment", "a record with an empty text has no row")])
def test_help_says_which_records_the_csv_leaves_out(tmp_path, capsys, command, says):
    from newsdesk import cli

    helptext = " ".join(cli.build_parser()._subparsers._group_actions[0].choices[command].format_help().split())
    assert says in helptext and "exit status: 0" in helptext
    # and it is so: the article without quotes is a JSON line but no CSV row
    inp = tmp_path / "two.jsonl"
    inp.write_text(json.dumps({"id": "quoted", "text": "“We will not back down,” Senator Jane Roe said."}) + "\n"
                   + json.dumps({"id": "plain", "text": "" if command == "sentiment" else _paragraphs(2)[1]}) + "\n",
                   encoding="utf-8")
    assert [json.loads(ln)["id"] for ln in _cli(capsys, command, inp)[1].splitlines()] == ["quoted", "plain"]
    rows = list(csv.DictReader(io.StringIO(_cli(capsys, command, inp, "--format", "csv")[1])))
    assert {r["id"] for r in rows} == {"quoted"}

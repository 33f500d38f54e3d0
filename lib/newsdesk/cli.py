"""The ``newsdesk`` command: one subcommand per job.

Imports are lazy so ``newsdesk --help`` answers at once. Each subcommand hands its
parsed arguments to ``cli_main(args) -> int`` in the module that owns the job.
"""

from __future__ import annotations

import argparse
import importlib
import sys

EPILOG = """\
typical session:
  newsdesk ingest                       # seeds/ -> corpus/
  newsdesk quotes corpus/ --format csv  # who is quoted, saying what
  newsdesk reports                      # every report into outputs/
"""


ANALYSIS_EPILOG = """\
exit status: 0 every record analysed; 1 some records could not be read (each is named on
standard error and has an {"id", "error"} line or row in the output; the rest is analysed),
INPUT cannot be read at all (missing, not a text file, not JSON Lines), or INPUT has no
record (an empty file: named on standard error, an existing --out is left as it was);
2 --out would overwrite INPUT or be written inside a corpus folder (nothing is read).
An id on more than one line is named on standard error; each line is analysed.
"""


def _analysis_io(p: argparse.ArgumentParser, csv_rows: str) -> None:
    p.add_argument("input", metavar="INPUT", help='a corpus folder (e.g. corpus/), a JSON Lines file of {"id", "text"} records ("-": standard input), or one article as a .txt or .md file')
    p.add_argument("--format", choices=["jsonl", "csv"], default="jsonl", help=f"output format (default: jsonl, one line per input record; csv: {csv_rows})")
    p.add_argument("--out", metavar="FILE", help="write here (atomically) instead of standard output; not INPUT itself, nor a file inside a corpus folder INPUT")
    p.epilog = ANALYSIS_EPILOG


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for every subcommand."""
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description="Media-analysis kit: corpus ingest, quote attribution, sentiment, framing and shareable reports.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"newsdesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("ingest", help="normalize raw articles (seeds/) into the corpus (corpus/)",
                       description="Read raw articles (.txt .md .html .json .jsonl .csv), normalize and segment them, "
                       "and write the corpus: articles.jsonl (one record per article), articles.csv (the article table), "
                       "sentences.parquet (one row per sentence) and ingest_report.json (what was skipped and why). "
                       "The corpus is rebuilt from the sources named, so name seeds/ too when adding another folder. "
                       "Bad files are reported and skipped; if no article can be read, an existing corpus is kept.")
    p.add_argument("sources", nargs="*", metavar="SRC", help="files or folders to read (default: seeds/)")
    p.add_argument("--out", metavar="DIR", help="corpus folder to write (default: corpus/)")
    p.add_argument("--strict", action="store_true", help="exit non-zero if any file was skipped")
    p.add_argument("--boilerplate", metavar="FILE", help="boilerplate pattern file (default: the bundled lexicons/boilerplate.txt)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.set_defaults(module="corpus")

    p = sub.add_parser("quotes", help="quote attribution: who is quoted, saying what, in which role",
                       description="Extract direct, indirect and mixed quotes with speaker, role, cue and offsets.")
    _analysis_io(p, "one row per quote, so an article without quotes has no row: join on the JSONL output or the input's ids to keep it")
    p.set_defaults(module="quotes")

    p = sub.add_parser("sentiment", help="VADER sentiment per sentence, narration versus quotes",
                       description="Score every sentence with VADER; aggregate per article, split narration / quoted.")
    _analysis_io(p, "one row per sentence, so a record with an empty text has no row: the JSONL output has one line for it")
    p.add_argument("--overrides", metavar="FILE", help="lexicon-override CSV (word,valence); default: stock VADER")
    p.set_defaults(module="sentiment")

    p = sub.add_parser("frames", help="generic or policy frames with their evidence",
                       description="Score news frames per article with the evidence (sentences and cues) behind each score. "
                       "Each record is read as one text: under the policy scheme a sentence's frame also leans towards "
                       "the frames of the rest of its record (the scheme's '# context:'); give one sentence per record "
                       "to read sentences alone.")
    _analysis_io(p, "one row per record and indicator")
    p.add_argument("--scheme", default="generic", metavar="generic|policy|PATH", help="frame scheme: a bundled name or a scheme CSV file (default: generic)")
    p.set_defaults(module="framing")

    p = sub.add_parser("frames-train", help="fit a scheme's sentence weights to your own hand-labelled sentences",
                       description="Fit the weights that decide each sentence's primary frame (words, cue rows, cue decision) "
                       "to a CSV of hand-labelled sentences (columns text, frame; '#' comment lines allowed). Prints the "
                       "agreement of the cue rows alone and the cross-validated agreement with weights (with an "
                       "article_id column also by article, at several '# context:' values), then writes the "
                       "weights table. Use it by adding '# weights: FILE' to a copy of the scheme.")
    p.add_argument("labelled", metavar="LABELLED.csv", help="hand-labelled sentences: columns text and frame (frames of the scheme); optional article_id")
    p.add_argument("--scheme", default="policy", metavar="policy|PATH", help="the salience scheme whose cue rows feed the weights (default: policy)")
    p.add_argument("--out", metavar="FILE", help="write the weights table here (atomically) instead of standard output")
    p.add_argument("--l2", type=float, default=1.0, metavar="X", help="L2 penalty (default: 1.0; larger = smaller weights)")
    p.add_argument("--iters", type=int, default=400, metavar="N", help="optimisation steps (default: 400)")
    p.add_argument("--folds", type=int, default=5, metavar="K", help="cross-validation folds to report (default: 5; 1 = none)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.set_defaults(module="framemodel")

    p = sub.add_parser("eval", help="measure accuracy against hand-coded gold",
                       description="Compare predictions with hand-coded gold annotations.")
    esub = p.add_subparsers(dest="task", metavar="TASK", required=True)
    q = esub.add_parser("quotes", help="quote spans, speakers and end-to-end accuracy",
                        description="Precision/recall/F1 of quote spans (exact and overlap), speaker accuracy on matched quotes, end-to-end F1; by kind.")
    q.add_argument("--gold", required=True, metavar="GOLD.jsonl", help='gold: {"id", "text", "quotes": [...]} per line')
    q.add_argument("--pred", required=True, metavar="PRED.jsonl", help="predictions as written by `newsdesk quotes`")
    q.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text table)")
    s = esub.add_parser("sentiment", help="correlation of sentence sentiment with human ratings, stock and with overrides",
                        description="Pearson r between human ratings and VADER's compound score, stock and with an "
                        "override file (difference, bootstrap 95% interval, the effect of each override word).")
    s.add_argument("--gold", required=True, metavar="RATINGS",
                   help="rated sentences: a CSV with 'rating' and 'text' columns, or VADER's ground-truth "
                   "format (ID<TAB>RATING<TAB>TEXT lines, e.g. nytEditorialSnippets_GroundTruth.txt)")
    s.add_argument("--overrides", metavar="FILE", help="an override file to compare with stock VADER "
                   "(e.g. lib/newsdesk/lexicons/sentiment_overrides.csv)")
    s.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text table)")
    s.set_defaults(module="sentiment_eval")  # a subcommand's own default wins over the parent's below
    p.set_defaults(module="evaluate")

    p = sub.add_parser("reports", help="run every report notebook and render shareable HTML",
                       description="Run the framing, sentiment and quotes notebooks for every article through papermill, "
                       "render offline HTML, the corpus report, the index page and CSV/Parquet tables into outputs/.")
    p.add_argument("--only", nargs="+", metavar="ID", help="only these article ids")
    p.add_argument("--notebooks", default="framing,sentiment,quotes,corpus", metavar="LIST", help="comma-separated reports to run (default: framing,sentiment,quotes,corpus)")
    p.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"), help="pass a parameter to every notebook that declares it (repeatable); an unknown name is an error")
    p.add_argument("--jobs", "-j", type=int, default=0, metavar="N", help="parallel worker processes (default: number of cores)")
    p.add_argument("--force", action="store_true", help="re-run reports even when nothing they depend on changed")
    p.add_argument("--scheduler", metavar="ADDRESS", help="send tasks to a Dask cluster (tcp://HOST:PORT, or 'local' to start one)")
    p.add_argument("--show-code", action="store_true", help="keep code cells in the HTML (hidden by default)")
    p.add_argument("--corpus", metavar="DIR", help="corpus folder (default: corpus/)")
    p.add_argument("--out", metavar="DIR", help="outputs folder (default: outputs/)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.set_defaults(module="reports")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``newsdesk`` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    module = importlib.import_module(f"newsdesk.{args.module}")
    try:
        return int(module.cli_main(args) or 0)
    except KeyboardInterrupt:
        print("newsdesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())

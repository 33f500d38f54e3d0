"""The notebooks: committed clean, one documented ``parameters`` cell, and they run with their defaults.

``papermill --help-notebook`` must document every parameter (type and comment), and
each notebook must run top to bottom as JupyterLab would run it (its defaults).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from newsdesk import config
from newsdesk.pipeline import fastimport

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
ALL = ["framing", "sentiment", "quotes", "corpus", "explore"]
PER_ARTICLE = ["framing", "sentiment", "quotes"]


def _nb(name: str) -> dict:
    return json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ALL)
def test_committed_without_outputs_or_execution_counts(name):
    nb = _nb(name)
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{name}.ipynb cell {i} has outputs"
            assert cell.get("execution_count") is None, f"{name}.ipynb cell {i} has an execution count"
    assert "papermill" not in nb["metadata"], f"{name}.ipynb is an executed (papermill) copy"
    nbformat.validate(nbformat.reads(json.dumps(nb), as_version=4))


@pytest.mark.parametrize("name", ALL)
def test_one_parameters_cell_every_parameter_typed_and_commented(name):
    fastimport.apply()
    from papermill.inspection import inspect_notebook

    tagged = [c for c in _nb(name)["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{name}.ipynb needs exactly one cell tagged 'parameters'"
    params = inspect_notebook(str(NOTEBOOKS / f"{name}.ipynb"))
    assert params, f"papermill finds no parameters in {name}.ipynb"
    code_lines = [l for l in "".join(tagged[0]["source"]).splitlines() if l.strip() and not l.lstrip().startswith("#")]
    assert len(params) == len(code_lines), f"papermill could not parse every line of {name}.ipynb's parameters cell"
    for p in params.values():
        assert p["inferred_type_name"] not in ("None", ""), f"{name}: {p['name']} has no type annotation"
        assert p["help"].strip(), f"{name}: {p['name']} has no comment (papermill --help-notebook shows it)"


@pytest.mark.parametrize("name", PER_ARTICLE)
def test_per_article_notebooks_take_the_pipeline_parameters(name):
    fastimport.apply()
    from papermill.inspection import inspect_notebook

    params = inspect_notebook(str(NOTEBOOKS / f"{name}.ipynb"))
    assert json.loads(params["article_id"]["default"]) == config.SEED_ARTICLE_ID
    assert json.loads(params["corpus_dir"]["default"]) == ""


def test_help_notebook_documents_the_parameters():
    out = subprocess.run([sys.executable, "-m", "papermill", "--help-notebook", str(NOTEBOOKS / "corpus.ipynb")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "corpus_dir: str" in out.stdout and "tables_dir: str" in out.stdout
    assert "empty computes the tables from the corpus" in out.stdout


def _errors(nb) -> list[str]:
    return [f"{o.ename}: {o.evalue}" for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]


@pytest.mark.parametrize("name", ["explore", "corpus"])
def test_runs_top_to_bottom_with_its_defaults(name, built_corpus, tmp_path, monkeypatch):
    """As in JupyterLab: no parameters given (the corpus folder comes from the environment)."""
    fastimport.apply()
    import papermill

    monkeypatch.setenv("NEWSDESK_CORPUS", str(built_corpus))
    out = tmp_path / f"{name}.ipynb"
    nb = papermill.execute_notebook(str(NOTEBOOKS / f"{name}.ipynb"), str(out), progress_bar=False,
                                    cwd=str(NOTEBOOKS), kernel_name="python3")
    assert not _errors(nb)
    kinds = {k for c in nb.cells for o in c.get("outputs", []) for k in o.get("data", {})}
    assert "text/html" in kinds  # tables
    if name == "corpus":
        assert "image/png" in kinds  # plots


def test_plain_papermill_command_runs_the_corpus_notebook(built_corpus, tmp_path):
    out = tmp_path / "corpus.ipynb"
    proc = subprocess.run([sys.executable, "-m", "papermill", str(NOTEBOOKS / "corpus.ipynb"), str(out),
                           "-p", "corpus_dir", str(built_corpus), "--no-progress-bar"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    nb = nbformat.read(out, as_version=4)
    assert not _errors(nb)
    printed = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "39 articles" in printed

# newsdesk: `make reports` builds everything from a fresh clone; `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: help setup corpus reports test test-all lab bench clean distclean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*##/\t/'

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

setup: $(STAMP)  ## create .venv and install the pinned requirements

SEEDS ?= seeds
corpus: $(STAMP)  ## seeds/ -> corpus/ (normalized articles and sentences; more folders: SEEDS="seeds ../mine")
	$(BIN)/newsdesk ingest $(SEEDS) --out corpus

REPORTS_ARGS ?=
reports: corpus  ## set up, ingest and render every report into outputs/ (options: REPORTS_ARGS="--jobs 4 ...")
	$(BIN)/newsdesk reports $(REPORTS_ARGS)

test: $(STAMP)  ## run the test suite (under 10 minutes)
	$(BIN)/python -m pytest -q -m "not slow"

test-all: $(STAMP)  ## the test suite including slow browser and kill-loop tests
	$(BIN)/python -m pytest -q

lab: corpus  ## open the kit in JupyterLab
	$(BIN)/jupyter lab notebooks/

bench: corpus  ## run every benchmark under bench/
	for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:  ## delete generated corpus and outputs (rebuilt by make reports)
	find corpus outputs -mindepth 1 ! -name .gitkeep -exec rm -rf {} +

distclean: clean  ## also delete the virtual environment
	rm -rf $(VENV)

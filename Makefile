# The two commands of the README: `make report` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
YEAR   ?=
ARGS   ?=

.PHONY: report test bench venv clean help

help:
	@echo "make report   create $(VENV), install, build the latest year's report into _site/"
	@echo "make test     install the test extras and run the whole test suite"
	@echo "make bench    benchmark the build (prints a table, writes bench/results.json)"

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $@

venv: $(VENV)/.installed

report: $(VENV)/.installed
	$(BIN)/assessment build $(if $(YEAR),--year $(YEAR)) $(ARGS)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(ARGS)

bench: $(VENV)/.installed-test
	$(BIN)/python bench/build_bench.py $(ARGS)

clean:
	rm -rf _site .cache

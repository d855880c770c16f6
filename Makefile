# The two commands of the README: `make report` and `make test`.
#
# Python environment: an activated conda environment (CONDA_PREFIX, not `base`: made from
# environment.yml, which has every dependency) is used as it is, with the project
# installed into it without dependencies; otherwise .venv is created and the project
# installed into it with pip.
PYTHON ?= python3
VENV   ?= .venv
YEAR   ?=
ARGS   ?=

ifneq ($(and $(CONDA_PREFIX),$(filter-out base,$(CONDA_DEFAULT_ENV))),)
ENV_DIR    := $(CONDA_PREFIX)
PIP_FLAGS  := --no-deps
STAMP      := .cache/make/conda-$(notdir $(CONDA_PREFIX))
else
ENV_DIR    := $(VENV)
PIP_FLAGS  :=
STAMP      := $(VENV)/.installed
endif
BIN := $(ENV_DIR)/bin
YEAR_OPT := $(if $(YEAR),--year $(YEAR))

.PHONY: report test bench venv clean help plan validate template progress

help:
	@echo "make report   install into $(ENV_DIR), build the latest year's report into _site/"
	@echo "make test     install the test extras and run the whole test suite"
	@echo "make validate YEAR=2026   check a year's data (also: plan, template, progress)"
	@echo "make bench    benchmark the build (prints a table, writes bench/results.json)"

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip

ifeq ($(ENV_DIR),$(VENV))
$(STAMP): $(VENV)/bin/activate pyproject.toml
else
$(STAMP): pyproject.toml
endif
	$(BIN)/python -m pip install --quiet $(PIP_FLAGS) -e .
	@mkdir -p $(dir $@) && touch $@

$(STAMP)-test: $(STAMP)
	$(BIN)/python -m pip install --quiet $(PIP_FLAGS) -e ".[test]"
	@touch $@

venv: $(STAMP)

report: $(STAMP)
	$(BIN)/assessment build $(YEAR_OPT) $(ARGS)

test: $(STAMP)-test
	$(BIN)/python -m pytest $(ARGS)

bench: $(STAMP)-test
	$(BIN)/python bench/build_bench.py $(ARGS)

# The other subcommands, as the README writes them (`make validate YEAR=2026`).
plan: $(STAMP)
	$(BIN)/assessment plan $(ARGS)

validate template progress: $(STAMP)
	$(BIN)/assessment $@ $(YEAR_OPT) $(ARGS)

clean:
	rm -rf _site .cache _render edition

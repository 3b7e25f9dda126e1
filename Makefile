# cspanalysis: `make review` builds everything and publishes the demo review; `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
CONFIG ?= config/tunbridge-wells-2016-17.yml
DEMO := data/raw/demo

.DEFAULT_GOAL := help
.PHONY: help install demo review test test-fast lab bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[lab,test,browser]"
	$(PY) -m ipykernel install --sys-prefix --name cspanalysis --display-name "Python (cspanalysis)" > /dev/null
	touch $(INSTALLED)

install: $(INSTALLED) ## create .venv, install the package and its extras, register the Jupyter kernel

demo: $(INSTALLED) ## build the demo world into data/raw/demo (if absent)
	$(VENV)/bin/cspanalysis demo

review: demo ## set up, build the demo world and publish outputs/<review>/review.html
	$(VENV)/bin/cspanalysis review $(CONFIG)

AXE := tests/browser/node_modules/axe-core/axe.min.js

$(AXE): tests/browser/package.json
	@cd tests/browser && (npm ci --no-audit --no-fund --silent 2>/dev/null || echo "npm not available: the accessibility test will skip")

test: demo $(AXE) ## run the whole test suite, notebooks included
	$(PY) -m pytest tests notebooks --nbval-lax --nbval-kernel-name cspanalysis --nbval-sanitize-with tests/nbval-sanitize.cfg -p no:cacheprovider

test-fast: $(INSTALLED) ## unit tests only (no notebooks, no end-to-end run)
	$(PY) -m pytest tests -m "not slow and not e2e" -p no:cacheprovider

lab: $(INSTALLED) ## open JupyterLab on the project kernel
	$(VENV)/bin/jupyter lab --notebook-dir=. notebooks

bench: demo ## print timings against the performance budget
	$(PY) -m cspanalysis.bench

clean: ## delete processed data and outputs (raw data is kept)
	rm -rf data/processed/*/ outputs/*/ outputs/.staging-* outputs/.old-*

# MESDesk: `make run` and `make test` are all a newcomer needs (README.md).
# Both create .venv with the best Python found (3.12+ preferred, 3.11 accepted) and install.

SHELL := /bin/bash
VENV  := .venv
BIN   := $(VENV)/bin
STAMP := $(VENV)/.installed
BUNDLE_STAMP := $(VENV)/.bundle-installed

# First interpreter that runs and is >= 3.12, else one >= 3.11. pyenv shims for versions
# that are installed but not selected fail to run, so every candidate is tried for real.
PYTHON ?= $(shell for p in python3.12 python3.13 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[23]*/bin/python3 2>/dev/null) python3 python3.11; do \
	  if $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then echo $$p; exit; fi; done; \
	for p in python3 python3.11; do \
	  if $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then echo $$p; exit; fi; done)

.PHONY: run test bench lint translations clean venv bundle

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "MESDesk needs Python 3.11 or newer on PATH" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

venv: $(STAMP)

# The .qm files the app loads, built from the committed .ts sources (pyside6-lrelease).
# Refreshing the .ts from the code is a developer's step: python tools/translations.py update
translations: $(STAMP)
	$(BIN)/python tools/translations.py build

run: $(STAMP) translations
	$(BIN)/mesdesk

test: $(STAMP) translations
	$(BIN)/lint-imports pyproject.toml
	$(BIN)/python -m pytest

# With the station bundle's build and self-test (tests/benchmarks/test_bench_bundle.py; needs
# the `bundle` extra): too long for `make test`'s budget on two cores (README).
bench: $(BUNDLE_STAMP) translations
	$(BIN)/python -m pytest tests/benchmarks -p no:randomly -n 0 -s -q --timeout=1800

# A one-folder PyInstaller bundle of the station: dist/mesdesk/ (mesdesk.spec; README
# "Installing a station"). PyInstaller is the optional dependency group `bundle`.
$(BUNDLE_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bundle]'
	@touch $(BUNDLE_STAMP)

bundle: $(BUNDLE_STAMP) translations
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN mesdesk.spec
	@du -sh dist/mesdesk

lint: $(STAMP)
	$(BIN)/lint-imports pyproject.toml

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache

# Two commands for a fresh clone: `make run` and `make test`.
# Each creates its own virtual environment in .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: run test lint bench wheel dist clean translations

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(BIN)/.installed
	$(BIN)/bplab

# Tests need no display: Qt runs on its offscreen platform.
test: $(BIN)/.installed
	$(BIN)/ruff check .
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

# Re-extract the interface's strings into resources/i18n/*.ts and compile the .qm files
# (see packaging/translations.py); then translate what it reports as to do.
translations: $(BIN)/.installed
	$(BIN)/python packaging/translations.py

lint: $(BIN)/.installed
	$(BIN)/ruff check .

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/engine_bench.py
	$(BIN)/python benchmarks/long_run_bench.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/gui_bench.py

# sdist and wheel in dist/, the wheel checked in a clean venv (self-test, headless train).
wheel: $(BIN)/.installed
	PYTHON=$(PYTHON) VENV=$(VENV) bash packaging/check-wheel.sh

# PyInstaller build in dist/bplab, smoke-tested (BPLAB_ONEFILE=1: also dist/onefile/bplab).
dist:
	PYTHON=$(PYTHON) VENV=$(VENV) bash packaging/build.sh

clean:
	rm -rf $(VENV) build dist *.egg-info

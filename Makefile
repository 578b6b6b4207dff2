# Reading the Vote: every task goes through the environment built from requirements.lock.
# `make lab` and `make test` are the whole setup; the rest are conveniences.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.lock-installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))

# Jupyter keeps runtime files and settings under the home directory; keep them in the project.
export JUPYTER_CONFIG_DIR  := $(CURDIR)/.jupyter/config
export JUPYTER_DATA_DIR    := $(CURDIR)/.jupyter/data
export JUPYTER_RUNTIME_DIR := $(CURDIR)/.jupyter/runtime
export JUPYTER_PLATFORM_DIRS := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help env lab test execute lock student site bench lint clean

help:
	@echo "make lab      open JupyterLab on notebooks/00_start_here.ipynb"
	@echo "make test     run every check (data, notebooks, browser, lint)"
	@echo "make execute  re-execute every notebook in place"
	@echo "make student  build the student edition in build/student/"
	@echo "make site     build the offline static site in build/site/"
	@echo "make bench    measure execution time and sizes (report in build/)"
	@echo "make lock     regenerate requirements.lock from pyproject.toml"

env: $(STAMP)

# The environment is rebuilt whenever the lock file changes.
$(STAMP): requirements.lock
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check $$(grep -E '^uv==' requirements.lock | cut -d' ' -f1)
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

lab: $(STAMP)
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root,) --ServerApp.root_dir="$(CURDIR)" \
	    --LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb

test: $(STAMP)
	$(BIN)/python -m pytest

execute: $(STAMP)
	$(BIN)/python -m unitevote.execute $(NOTEBOOKS)

student: $(STAMP)
	$(BIN)/python tools/build_student.py

site: $(STAMP)
	$(BIN)/python tools/build_site.py

bench: $(STAMP)
	$(BIN)/python bench/bench.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench tools notebooks
	$(BIN)/ruff format --check src tests bench tools

lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes \
	    --quiet -o requirements.lock
	$(BIN)/python tools/sync_environment.py

clean:
	rm -rf build .jupyter

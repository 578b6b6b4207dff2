# Reading the Vote: every task goes through the environment built from the lock files
# (requirements-dev.lock: the learners' requirements.lock plus the maintainers' tools).
# `make lab` and `make test` are the whole setup; the rest are conveniences. `make help` lists
# every target: give each new target a `## what it does` comment on its rule line.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.lock-installed
LOCKS  := requirements.lock requirements-dev.lock
# `make test` runs one test module (or notebook) per worker at a time (`--dist loadfile`), so
# that a module's session fixtures (a JupyterLab server, a browser, the class report's run) are
# built once and a notebook's cells share one kernel; modules go out in the order
# tests/conftest.py gives them, longest first. One worker per CPU: the browsers, kernels and
# servers the workers start keep every core busy already, and a worker more only adds to the
# contention (`make bench` times the run). Override, e.g. `make test PYTEST_ARGS=-x`.
CPUS := $(shell nproc 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null || echo 1)
PYTEST_ARGS ?= -n $(CPUS) --dist loadfile --no-loadscope-reorder --durations=10
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
# Notebooks `make execute` runs at a time: one per CPU.
JOBS ?= $(CPUS)

# Jupyter keeps runtime files and settings under the home directory; keep them in the project.
export JUPYTER_CONFIG_DIR  := $(CURDIR)/.jupyter/config
export JUPYTER_DATA_DIR    := $(CURDIR)/.jupyter/data
export JUPYTER_RUNTIME_DIR := $(CURDIR)/.jupyter/runtime
export JUPYTER_PLATFORM_DIRS := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help env lab test execute lock student site bench lint clean

help:  ## list every target (this message)
	@awk -F ':.*## ' '/^[a-zA-Z_-]+:.*## / {printf "make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

env: $(STAMP)  ## build .venv from requirements-dev.lock (learners' and maintainers' packages)

# The environment is rebuilt whenever a lock file changes. uv (pinned in the lock) installs it:
# uv itself comes in through the system's pip where there is one (`pip --python`, pip 22.3+),
# which spares the venv its own pip (seconds of set-up); otherwise through a pip in the venv.
# --compile-bytecode: every module is compiled once here, not in every process that imports it
# (a machine with PYTHONDONTWRITEBYTECODE set would otherwise compile pandas, Altair, ... in each
# kernel, test worker and server; `make bench` measures `import unitevote` both ways).
UV_PIN = $$(grep -E '^uv==' requirements-dev.lock | cut -d' ' -f1)
PIP_QUIET = --quiet --disable-pip-version-check
$(STAMP): $(LOCKS)
	rm -rf $(VENV)
	$(PYTHON) -m venv --without-pip $(VENV)
	$(PYTHON) -m pip --python $(BIN)/python install $(PIP_QUIET) $(UV_PIN) 2>/dev/null \
	    || { $(BIN)/python -m ensurepip --default-pip >/dev/null \
	         && $(BIN)/python -m pip install $(PIP_QUIET) $(UV_PIN); }
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python requirements-dev.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

lab: $(STAMP)  ## open JupyterLab on notebooks/00_start_here.ipynb
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root,) --ServerApp.root_dir="$(CURDIR)" \
	    --LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb --LabApp.app_settings_dir="$(CURDIR)/jupyter_settings"

# Tests run with no network where the machine allows it (tools/offline.py: a namespace with
# only loopback), so a notebook or page that needs the network fails here, not in a classroom.
# The course's own modules are compiled first (only those changed since): where
# PYTHONDONTWRITEBYTECODE is set, every kernel and worker would otherwise compile them afresh.
test: $(STAMP)  ## run every check offline (data, every notebook cell by nbval, browser, lint)
	$(BIN)/python -m compileall -q src tools tests bench
	$(BIN)/python -m tools.offline $(BIN)/python -m pytest $(PYTEST_ARGS)

.PHONY: nbval
nbval: $(STAMP)  ## nbval's per-cell report, offline, on NOTEBOOKS=notebooks/NN_name.ipynb (or all)
	$(BIN)/python -m tools.offline $(BIN)/python -m pytest $(NOTEBOOKS)

# Every picture is drawn afresh; `make docs` then records the charts' pictures for learners'
# kernels to reuse (src/unitevote/pictures.json, unitevote/stored_pictures.py).
execute: $(STAMP)  ## re-execute every notebook in place (or NOTEBOOKS=notebooks/NN_name.ipynb)
	$(BIN)/python -m tools.execute --jobs $(JOBS) $(NOTEBOOKS)
	$(BIN)/python -m tools.generate_docs

student: $(STAMP)  ## build the student edition in build/student/
	$(BIN)/python -m tools.build_student

.PHONY: doctor
doctor: $(STAMP)  ## check that this machine can run the course (python -m unitevote.doctor)
	$(BIN)/python -m unitevote.doctor

.PHONY: self-study
self-study: $(STAMP)  ## build the self-study edition (solutions folded) in build/self-study/
	$(BIN)/python -m tools.build_self_study

.PHONY: docs
docs: $(STAMP)  ## regenerate data/README.md's tables, the teacher guide's checklist, docs/answer_key.md
	$(BIN)/python -m tools.generate_docs

site: $(STAMP)  ## build the offline static site in build/site/
	$(BIN)/python -m tools.build_site

# The class report (src/unitevote/report/): every handed-in notebook run in a sandbox.
.PHONY: report report-demo
report: $(STAMP)  ## class report on SUBMISSIONS=<folder of .ipynb> (build/report/)
	@test -n "$(SUBMISSIONS)" || { echo "usage: make report SUBMISSIONS=<folder of handed-in notebooks>"; exit 2; }
	$(BIN)/python -m unitevote.report "$(SUBMISSIONS)" --out build/report

report-demo: $(STAMP)  ## class report on a synthetic class built from the student edition
	rm -rf build/report-demo
	$(BIN)/python -m unitevote.report.demo build/report-demo --notebook 02 --count 0 --hand-ins
	$(BIN)/python -m unitevote.report build/report-demo --out build/report

bench: $(STAMP)  ## measure execution, sizes, environment creation, the test run (build/bench.md)
	$(BIN)/python -m bench.bench

lint: $(STAMP)  ## ruff check and format --check, as the pre-commit hooks and tests do
	$(BIN)/ruff check src tests bench tools conftest.py notebooks
	$(BIN)/ruff format --check src tests bench tools conftest.py

lock: $(STAMP)  ## regenerate both universal lock files and environment.yml from pyproject.toml
	$(BIN)/python -m tools.lock

clean:  ## remove build/ and the project's Jupyter runtime files
	rm -rf build .jupyter

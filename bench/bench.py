"""Benchmark the notebooks against the kernel floor, their sizes, environment creation, the tests.

Usage: make bench   (or .venv/bin/python -m bench.bench [--repeat N] [--no-env] [--no-tests]
                     [--no-class-report])

Measured in one run on this machine:
- floor: a notebook that only imports pandas, altair and unitevote, executed before each run of
  each notebook (the fastest of `--repeat` runs counts for both: one slow floor on a busy
  machine once gave a ratio of 1.10 where three runs gave 1.55), through the same path as
  `make execute` (`tools.execute`: nbclient, python3 kernel);
- execute: every notebook executed through that path (nothing is written into notebooks/),
  per notebook and in total, against the floor; the slowest cells of each notebook, from
  nbclient's own per-cell timestamps (`record_timing`). As a learner's kernel runs them (each
  chart the committed notebooks hold takes its pictures from them, `unitevote.stored_pictures`),
  and again with every picture drawn afresh (as `make execute` and the tests' nbval run do);
- first chart: a learner's first chart cell in a fresh kernel, right after the imports cell
  (vl-convert starts in the background when `unitevote` is imported in a kernel), and the same
  chart drawn again;
- imports: `import unitevote` in a fresh process, with the environment's compiled bytecode and
  compiling from source (what a machine with PYTHONDONTWRITEBYTECODE would pay in every process
  had `make env` not compiled it);
- sizes: committed notebooks (Altair inlines chart data), their heaviest cells and charts, and the
  static site in build/site if it exists;
- environment: a fresh venv built with the Makefile's steps from requirements-dev.lock (uv's cache as it
  is) against a bare install of the three main packages (pandas, altair, jupyterlab) with the same
  tools and versions;
- tests: the wall time of `make test`'s command (asked of make: offline, every core), the load
  average around it (other work on the machine slows it), the time of each test module and
  notebook (setup, call and teardown summed from pytest's `--durations=0`; tests/conftest.py hands
  the longest out first) and the slowest phases. Under xdist the two workers' phases overlap, so
  they add up to more than the wall time.

Writes build/bench.md and prints the ratios.
Targets: execute/floor <= 1.5; notebooks <= 2 MiB in all; `make test` <= 150 s.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import nbformat

from tools.execute import KERNEL, LANGUAGE, run
from unitevote.editions import write_notebook
from unitevote.pattern import ROOT, notebook_paths
from unitevote.pattern import VEGALITE_MIME as VEGALITE
from unitevote.stored_pictures import DRAW_AFRESH

REPORT = ROOT / "build" / "bench.md"
SITE = ROOT / "build" / "site"
LOCK = ROOT / "requirements-dev.lock"  # what `make env` installs
NOTEBOOKS = notebook_paths()
# pytest's options added to `make test`'s own command: every phase's time, a short report.
TIMING = ["--durations=0", "-q"]

TARGET_RATIO = 1.5
TARGET_BYTES = 2 * 1024 * 1024
TARGET_TESTS = 150.0
FLOOR_SOURCE = "import altair as alt\nimport pandas as pd\n\nimport unitevote\n"
# A learner's first chart, as notebook 00 builds it: a small table, a bar per row, a title.
FIRST_CHART_SOURCE = """\
votes = pd.DataFrame({"candidate": ["A", "B", "C"], "votes": [59067, 53544, 17143]})
alt.Chart(votes).mark_bar().encode(x="votes", y="candidate").properties(title="Votes")"""
MAIN_PACKAGES = ("pandas", "altair", "jupyterlab")


def cell_seconds(cell) -> float | None:
    """A cell's time in the kernel, from nbclient's timestamps (`record_timing`)."""
    stamps = cell.get("metadata", {}).get("execution", {})
    start, end = stamps.get("iopub.execute_input"), stamps.get("shell.execute_reply")
    if not (start and end):
        return None
    parse = datetime.fromisoformat
    return (parse(end.replace("Z", "+00:00")) - parse(start.replace("Z", "+00:00"))).total_seconds()


def timed_execute(path: Path) -> tuple[float, list[tuple[int, float]], nbformat.NotebookNode]:
    """Wall time of one execution (kernel start included) and each code cell's time."""
    start = time.perf_counter()
    notebook = run(path, record_timing=True)
    seconds = time.perf_counter() - start
    cells = [
        (index, cell_seconds(cell) or 0.0)
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code"
    ]
    return seconds, cells, notebook


def small_notebook(folder: Path, name: str, sources: list[str]) -> Path:
    """A notebook of code cells, in a notebooks/ folder as the course's are."""
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source) for source in sources],
        metadata={"kernelspec": KERNEL, "language_info": LANGUAGE},
    )
    path = folder / "notebooks" / f"{name}.ipynb"
    write_notebook(notebook, path)
    return path


def floor_notebook(folder: Path) -> Path:
    """A notebook whose only cell imports pandas, altair and unitevote."""
    return small_notebook(folder, "floor", [FLOOR_SOURCE])


@contextlib.contextmanager
def environment(**variables: str | None):
    """os.environ with `variables` set (None: unset) for the kernels started inside, restored
    afterwards."""
    saved = {name: os.environ.get(name) for name in variables}
    try:
        for name, value in variables.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def first_chart(repeat: int) -> dict:
    """A learner's first chart cell in a fresh kernel, right after the imports cell, and the
    same cell run again (vl-convert started): the fastest of `repeat` fresh kernels; then the
    same without the warm-up (UNITEVOTE_WARM_UP=0), to show where its wait goes. The chart is
    not one of the course's, so it is drawn."""
    found = {}
    with tempfile.TemporaryDirectory(prefix="bench-chart-") as folder:
        path = small_notebook(
            Path(folder), "first_chart", [FLOOR_SOURCE, FIRST_CHART_SOURCE, FIRST_CHART_SOURCE]
        )
        for label, warm in (("", None), ("cold ", "0")):
            with environment(UNITEVOTE_WARM_UP=warm):
                runs = [timed_execute(path)[1] for _ in range(repeat)]
            found[f"{label}first"] = min(cells[1][1] for cells in runs)
            found[f"{label}again"] = min(cells[2][1] for cells in runs)
            found[f"{label}imports"] = min(cells[0][1] for cells in runs)
    print(
        f"  first chart cell {found['first']:.2f} s, again {found['again']:.2f} s; "
        f"without the warm-up {found['cold first']:.2f} s",
        flush=True,
    )
    return found


def import_seconds() -> dict:
    """`import unitevote` in a fresh process: with the compiled bytecode, and from source."""
    command = [sys.executable, "-c", "import unitevote"]
    found = {}
    with tempfile.TemporaryDirectory(prefix="bench-pycache-") as empty:
        for label, extra in (
            ("compiled", {}),
            ("from source", {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": empty}),
        ):
            start = time.perf_counter()
            subprocess.run(command, check=True, cwd=ROOT, env={**os.environ, **extra})
            found[label] = time.perf_counter() - start
    return found


def first_line(cell) -> str:
    text = cell.source.strip().splitlines()
    return text[0][:60] if text else "(empty)"


def measure_execution(repeat: int, afresh: bool = False) -> list[dict]:
    """Floor and real execution, interleaved per notebook so both see the same machine state.

    As a learner's kernel runs them (the committed charts' pictures reused), or with `afresh`,
    every picture drawn again, as `make execute` and the tests' nbval run do."""
    rows = []
    with (
        tempfile.TemporaryDirectory(prefix="bench-floor-") as folder,
        environment(**{DRAW_AFRESH: "1" if afresh else None}),
    ):
        floor = floor_notebook(Path(folder))
        for path in NOTEBOOKS:
            floors, runs = [], []
            for _ in range(repeat):
                floors.append(timed_execute(floor)[0])
                seconds, cells, notebook = timed_execute(path)
                runs.append((seconds, cells, notebook))
            seconds, cells, notebook = min(runs, key=lambda run: run[0])
            imports = [i for i, _ in cells if "import unitevote" in notebook.cells[i].source]
            charts = sum(
                VEGALITE in output.get("data", {})
                for cell in notebook.cells
                for output in cell.get("outputs", [])
            )
            beyond = [(i, s) for i, s in cells if i not in imports]
            slowest = sorted(beyond, key=lambda item: -item[1])[:3]
            rows.append(
                {
                    "notebook": path.name,
                    "floor": min(floors),
                    "execute": seconds,
                    "runs": repeat,
                    "imports": sum(s for i, s in cells if i in imports),
                    "charts": charts,
                    "slowest": [
                        (index, s, first_line(notebook.cells[index])) for index, s in slowest
                    ],
                }
            )
            print(
                f"  {path.name}{' (drawn afresh)' if afresh else ''}: execute {seconds:.2f} s, "
                f"floor {min(floors):.2f} s",
                flush=True,
            )
    return rows


def process_start() -> float:
    """What `python -m tools.execute` pays before its first notebook (its own imports)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import tools.execute"], check=True, cwd=ROOT)
    return time.perf_counter() - start


# --- sizes ---


def chart_title(spec: dict) -> str:
    title = spec.get("title", "")
    if isinstance(title, dict):
        title = title.get("text", "")
    return str(title) or "(untitled chart)"


def chart_rows(spec: dict) -> int:
    return sum(
        len(values) for values in spec.get("datasets", {}).values() if isinstance(values, list)
    )


def describe_chart(spec: dict) -> str:
    kib = len(json.dumps(spec)) / 1024
    return f"{chart_title(spec)!r} ({chart_rows(spec)} data rows, {kib:.1f} KiB)"


def notebook_sizes() -> list[dict]:
    rows = []
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        cells = []
        for index, cell in enumerate(notebook.cells):
            outputs = cell.get("outputs", [])
            size = len(json.dumps(outputs))
            charts = [
                describe_chart(output["data"][VEGALITE])
                for output in outputs
                if VEGALITE in output.get("data", {})
            ]
            cells.append((size, index, first_line(cell), charts))
        chart_count = sum(len(c[3]) for c in cells)
        rows.append(
            {
                "notebook": path.name,
                "bytes": path.stat().st_size,
                "charts": chart_count,
                "heaviest": sorted(cells, reverse=True)[:3],
            }
        )
    return rows


def folder_size(folder: Path) -> tuple[int, int, list[tuple[int, str]]]:
    files = [path for path in folder.rglob("*") if path.is_file()]
    sizes = sorted(
        ((path.stat().st_size, str(path.relative_to(folder))) for path in files), reverse=True
    )
    return sum(size for size, _ in sizes), len(files), sizes[:5]


# --- environment creation ---


def lock_pin(name: str) -> str:
    match = re.search(rf"^({re.escape(name)}==\S+)", LOCK.read_text(), re.MULTILINE | re.IGNORECASE)
    if not match:
        raise SystemExit(f"{name} is not pinned in {LOCK.name}")
    return match.group(1)


def base_python() -> str:
    return os.environ.get("PYTHON") or getattr(sys, "_base_executable", None) or "python3"


def timed_steps(steps: list[tuple[str, list[str]]]) -> list[tuple[str, float]]:
    results = []
    for label, command in steps:
        start = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT)
        results.append((label, time.perf_counter() - start))
    return results


def package_count(venv: Path) -> int:
    site = next(venv.glob("lib/python*/site-packages"))
    return len(list(site.glob("*.dist-info")))


def environment_creation() -> dict:
    python = base_python()
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-env-") as folder:
        for kind in ("lock", "bare"):
            venv = Path(folder) / kind
            bin_ = venv / "bin"
            # As the Makefile does: a venv without pip, uv installed into it by the base
            # Python's pip; where that Python has no pip, a pip of the venv's own.
            # `pip --python` needs pip 22.3 or newer, as the Makefile's first attempt does.
            probe = [python, "-m", "pip", "--python", sys.executable, "--version"]
            has_pip = subprocess.run(probe, capture_output=True)
            quiet = ["--quiet", "--disable-pip-version-check"]
            if has_pip.returncode == 0:
                steps = [
                    ("python -m venv --without-pip", [python, "-m", "venv", "--without-pip", str(venv)]),
                    (
                        "pip --python install uv",
                        [python, "-m", "pip", "--python", str(bin_ / "python"), "install", *quiet,
                         lock_pin("uv")],
                    ),
                ]  # fmt: skip
            else:
                steps = [
                    ("python -m venv", [python, "-m", "venv", str(venv)]),
                    (
                        "pip install uv",
                        [str(bin_ / "python"), "-m", "pip", "install", *quiet, lock_pin("uv")],
                    ),
                ]
            # The same uv invocation for every install step, as the Makefile runs it.
            uv_pip = [str(bin_ / "uv"), "pip"]
            target = ["--quiet", "--python", str(bin_ / "python")]
            compiled = ["--compile-bytecode"]  # both kinds: compiled modules, as `make env`
            if kind == "lock":
                steps += [
                    (
                        f"uv pip sync --compile-bytecode {LOCK.name}",
                        [*uv_pip, "sync", *target, *compiled, str(LOCK)],
                    ),
                    (
                        "uv pip install --no-deps -e .",
                        [*uv_pip, "install", *target, "--no-deps", "-e", str(ROOT)],
                    ),
                ]
            else:
                pins = [lock_pin(name) for name in MAIN_PACKAGES]
                steps.append(
                    (
                        f"uv pip install --compile-bytecode {' '.join(pins)}",
                        [*uv_pip, "install", *target, *compiled, *pins],
                    )
                )
            print(f"  creating the {kind} environment", flush=True)
            timings = timed_steps(steps)
            size = folder_size(venv)[0]
            results[kind] = {
                "steps": timings,
                "total": sum(s for _, s in timings),
                "packages": package_count(venv),
                "bytes": size,
            }
    return results


# --- report ---


def mib(size: int) -> str:
    return f"{size / 1024 / 1024:.2f} MiB"


def execution_section(execution, afresh, start_seconds, chart, imports) -> tuple[list[str], str]:
    floor = sum(row["floor"] for row in execution)
    real = sum(row["execute"] for row in execution)
    ratio = real / floor
    afresh_floor = sum(row["floor"] for row in afresh)
    afresh_real = sum(row["execute"] for row in afresh)
    drawn = {row["notebook"]: row for row in afresh}
    verdict = "meets" if ratio <= TARGET_RATIO else "MISSES"
    summary = f"execute/floor = {real:.2f} s / {floor:.2f} s = {ratio:.2f}"
    summary += f" ({verdict} target {TARGET_RATIO})"
    lines = [
        "## Execution against the kernel floor",
        "",
        "Floor: a notebook that only imports pandas, altair and unitevote, run before each run of",
        f"each notebook; the fastest of {execution[0]['runs']} runs counts for both. Both go",
        "through `tools.execute` (nbclient, python3 kernel); times include the kernel's start.",
        "Cell times are nbclient's own timestamps (`record_timing`). Process start of",
        "`python -m tools.execute` (imports, paid once per `make execute`): "
        f"{start_seconds:.2f} s.",
        "",
        f"**Total: execute {real:.2f} s, floor {floor:.2f} s, ratio {ratio:.2f}** "
        f"(target <= {TARGET_RATIO}: {verdict}). Every chart keeps its spec, SVG and PNG: a "
        "chart the committed notebooks hold takes its pictures from them, byte for byte "
        "(`unitevote.stored_pictures`), as in a learner's kernel running the notebook as "
        "committed.",
        "",
        f"**Every picture drawn afresh** (UNITEVOTE_DRAW_AFRESH=1, as `make execute` and the "
        f"tests' nbval run do): execute {afresh_real:.2f} s, floor {afresh_floor:.2f} s, "
        f"ratio {afresh_real / afresh_floor:.2f}. The difference is what drawing the "
        "pictures costs.",
        "",
        f"**A learner's first chart cell** in a fresh kernel, right after the imports cell: "
        f"**{chart['first']:.2f} s**; the same cell again: {chart['again']:.2f} s (the imports "
        f"cell: {chart['imports']:.2f} s). vl-convert starts in a thread of its own when "
        "`unitevote` is imported in a kernel, but holds the GIL while its engine starts, so the "
        "wait moves into the imports cell more than it vanishes: without the warm-up "
        f"(UNITEVOTE_WARM_UP=0) the imports cell takes {chart['cold imports']:.2f} s and the "
        f"first chart {chart['cold first']:.2f} s.",
        "",
        f"`import unitevote` in a fresh process: {imports['compiled']:.2f} s with the bytecode "
        f"`make env` compiles, {imports['from source']:.2f} s compiling from source (what each "
        "process would pay where PYTHONDONTWRITEBYTECODE is set, without `--compile-bytecode`).",
        "",
        "| notebook | charts | execute (s) | floor (s) | ratio | above floor (s) "
        "| drawn afresh: execute (s), ratio "
        "| imports cell (s) | slowest other cells (index: seconds, first line) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in execution:
        slow = "; ".join(f"{i}: {s:.2f} `{text}`" for i, s, text in row["slowest"])
        cells = [
            row["notebook"],
            str(row["charts"]),
            f"{row['execute']:.2f}",
            f"{row['floor']:.2f}",
            f"{row['execute'] / row['floor']:.2f}",
            f"{row['execute'] - row['floor']:.2f}",
            f"{drawn[row['notebook']]['execute']:.2f}, "
            f"{drawn[row['notebook']]['execute'] / drawn[row['notebook']]['floor']:.2f}",
            f"{row['imports']:.2f}",
            slow,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    summary += f"; drawn afresh {afresh_real / afresh_floor:.2f}"
    summary += f"; first chart cell {chart['first']:.2f} s"
    return lines + [""], summary


def size_section(sizes) -> tuple[list[str], str]:
    total = sum(row["bytes"] for row in sizes)
    verdict = "meets" if total <= TARGET_BYTES else "MISSES"
    lines = [
        "## Committed notebook sizes",
        "",
        f"**Total {mib(total)}** (target <= {mib(TARGET_BYTES)}: {verdict}).",
        "",
        "| notebook | size (KiB) | charts "
        "| heaviest cells (index: output KiB, first line, charts) |",
        "|---|---:|---:|---|",
    ]
    for row in sizes:
        heavy = "; ".join(
            f"{index}: {size / 1024:.1f} `{text}`" + (f" {', '.join(charts)}" if charts else "")
            for size, index, text, charts in row["heaviest"]
        )
        kib = f"{row['bytes'] / 1024:.1f}"
        lines.append(f"| {row['notebook']} | {kib} | {row['charts']} | {heavy} |")
    return lines + [""], f"notebooks = {mib(total)} ({verdict} target {mib(TARGET_BYTES)})"


def site_section(site) -> tuple[list[str], str | None]:
    if not site:
        return [
            "## Static site",
            "",
            "build/site does not exist (run `make site` first).",
            "",
        ], None
    size, count, largest = site
    biggest = ", ".join(f"{name} ({s / 1024:.0f} KiB)" for s, name in largest)
    lines = [
        "## Static site",
        "",
        f"build/site: {mib(size)} in {count} files. Largest: {biggest}.",
        "",
    ]
    return lines, f"site = {mib(size)} in {count} files"


def env_section(env) -> tuple[list[str], str]:
    lock, bare = env["lock"], env["bare"]
    ratio = lock["total"] / bare["total"]
    main = ", ".join(MAIN_PACKAGES)
    lines = [
        "## Environment creation (uv's cache as it is)",
        "",
        f"Fresh environment with the Makefile's steps from {LOCK.name}: "
        f"**{lock['total']:.1f} s** ({lock['packages']} packages, {mib(lock['bytes'])}).",
        f"Bare install of {main} (the lock's versions, same tools): "
        f"**{bare['total']:.1f} s** ({bare['packages']} packages, {mib(bare['bytes'])}).",
        f"Ratio {ratio:.2f}.",
        "",
        "| step | lock (s) | bare (s) |",
        "|---|---:|---:|",
    ]
    bare_steps = dict(bare["steps"])
    for label, seconds in lock["steps"]:
        other = bare_steps.pop(label, None)
        lines.append(f"| {label} | {seconds:.1f} | {'-' if other is None else f'{other:.1f}'} |")
    for label, seconds in bare_steps.items():
        lines.append(f"| {label} | - | {seconds:.1f} |")
    summary = f"fresh env from lock / bare install = {lock['total']:.1f} s / {bare['total']:.1f} s"
    return lines + [""], summary + f" = {ratio:.2f}"


# --- the test run ---

DURATION = re.compile(
    r"^\s*(?P<seconds>\d+(?:\.\d+)?)s (?P<phase>setup|call|teardown)\s+(?P<test>\S.*)$"
)


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def test_commands() -> tuple[list[list[str]], list[str]]:
    """The commands `make test` runs (asked of make itself): those before the test run (compiling
    the course's modules), and the test run, with TIMING added."""
    shown = subprocess.run(
        ["make", "--no-print-directory", "-s", "-n", "test"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    *before, last = [shlex.split(line) for line in shown.stdout.strip().splitlines()]
    return before, last + TIMING


def test_run() -> dict:
    """Run `make test`'s commands; the test run's wall time, the load around it, outcome and
    phases."""
    preparing, command = test_commands()
    for step in preparing:
        subprocess.run(step, cwd=ROOT, check=True)
    before = load_average()
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    lines = result.stdout.splitlines()
    phases = [match.groupdict() for line in lines if (match := DURATION.match(line))]
    outcome = next((line.strip("= ") for line in reversed(lines) if " in " in line), "")
    return {
        "command": " ".join(command),
        "seconds": seconds,
        "status": result.returncode,
        "outcome": outcome,
        "phases": phases,
        "load": (before, load_average()),
    }


def module_seconds(phases: list[dict]) -> list[tuple[float, str, int]]:
    """Each test module's (or notebook's) summed phases, longest first, with its test count."""
    totals: dict[str, float] = {}
    tests: dict[str, set[str]] = {}
    for phase in phases:
        module = phase["test"].split("::", 1)[0]
        totals[module] = totals.get(module, 0.0) + float(phase["seconds"])
        tests.setdefault(module, set()).add(phase["test"])
    return sorted(((total, module, len(tests[module])) for module, total in totals.items()),
                  reverse=True)  # fmt: skip


def tests_section(tests) -> tuple[list[str], str]:
    command = tests["command"]
    verdict = "meets" if tests["seconds"] <= TARGET_TESTS else "MISSES"
    nbval_cells = sum(
        1
        for phase in tests["phases"]
        if phase["phase"] == "call" and ".ipynb::Cell " in phase["test"]
    )
    modules = module_seconds(tests["phases"])
    busy = sum(total for total, _, _ in modules)
    lines = [
        "## Test run",
        "",
        f"`{command}`: **{tests['seconds']:.1f} s** wall time (pytest only, the environment "
        f"built; target for a fresh `make test` with the environment: <= {TARGET_TESTS:.0f} s), "
        f"exit status {tests['status']} ({tests['outcome'] or 'no summary line'}). Load average "
        f"(1, 5, 15 min) before: {tests['load'][0]}; after: {tests['load'][1]}. nbval cells "
        f"run: {nbval_cells}. Test phases add up to {busy:.0f} s on {os.cpu_count()} CPUs.",
        "",
        "Each test module and notebook, longest first (what tests/conftest.py orders by):",
        "",
        "| seconds | tests timed | module |",
        "|---:|---:|---|",
    ]
    for total, module, count in modules:
        lines.append(f"| {total:.1f} | {count} | `{module}` |")
    lines += [
        "",
        "Slowest phases (xdist workers run side by side):",
        "",
        "| seconds | phase | test |",
        "|---:|---|---|",
    ]
    slowest = sorted(tests["phases"], key=lambda phase: -float(phase["seconds"]))[:15]
    for phase in slowest:
        lines.append(f"| {float(phase['seconds']):.1f} | {phase['phase']} | `{phase['test']}` |")
    summary = f"tests = {tests['seconds']:.1f} s wall ({tests['outcome']}; {verdict} target"
    return lines + [""], summary + f" {TARGET_TESTS:.0f} s with env creation)"


def report(execution, afresh, timings, sizes, site, env, tests=None) -> tuple[str, list[str]]:
    machine = f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs. Generated by `make bench`."
    lines, summary = ["# Benchmark", "", machine, ""], []
    sections = [size_section(sizes), site_section(site)]
    if execution:
        sections.insert(0, execution_section(execution, afresh, *timings))
    if env:
        sections.append(env_section(env))
    if tests:
        sections.append(tests_section(tests))
    for section_lines, line in sections:
        lines += section_lines
        if line:
            summary.append(line)
    return "\n".join(lines), summary


def class_report_bench(count: int = 30, target: float = 240.0) -> float:
    """Time the class report on `count` synthetic submissions of notebook 02; append to REPORT.

    The sandbox is whatever this machine allows (bubblewrap and control groups here); the line
    names it, since a run without them does less per notebook.
    """
    from unitevote.report.demo import build_class
    from unitevote.report.run import report as class_report
    from unitevote.report.sandbox import probe

    jobs = os.cpu_count() or 1
    sandbox = probe().summary()
    print(f"class report: {count} submissions of notebook 02, --jobs {jobs}, {sandbox}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-report-") as folder:
        build_class(Path(folder) / "class", "02", count)
        load = load_average()
        start = time.perf_counter()
        class_report(Path(folder) / "class", Path(folder) / "out", jobs=jobs, say=lambda *_: None)
        seconds = time.perf_counter() - start
    verdict = "meets" if seconds <= target else "MISSES"
    line = (
        f"class report = {seconds:.0f} s for {count} submissions of notebook 02 on {jobs} CPUs, "
        f"{seconds / count:.1f} s each ({sandbox}; {verdict} target {target:.0f} s; "
        f"load average before: {load})"
    )
    with open(REPORT, "a", encoding="utf-8") as stream:
        stream.write(f"\n## Class report\n\n{line[0].upper() + line[1:]}.\n")
    print(line)
    return seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat", type=int, default=3, help="executions per notebook (the fastest counts)"
    )
    parser.add_argument(
        "--no-env", action="store_true", help="skip the environment-creation timing"
    )
    parser.add_argument("--no-tests", action="store_true", help="skip timing the test run")
    parser.add_argument(
        "--no-class-report", action="store_true", help="skip timing the class report"
    )
    args = parser.parse_args(argv)

    print(f"executing {len(NOTEBOOKS)} notebooks against the floor", flush=True)
    execution = measure_execution(args.repeat) if NOTEBOOKS else []
    print("again, every picture drawn afresh", flush=True)
    afresh = measure_execution(args.repeat, afresh=True) if NOTEBOOKS else []
    print("a learner's first chart in a fresh kernel", flush=True)
    timings = (process_start(), first_chart(max(args.repeat, 3)), import_seconds())
    sizes = notebook_sizes()
    site = folder_size(SITE) if SITE.is_dir() else None
    env = None if args.no_env else environment_creation()
    if not args.no_tests:
        print("running the tests: `make test`'s command", flush=True)
    tests = None if args.no_tests else test_run()
    text, summary = report(execution, afresh, timings, sizes, site, env, tests)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(text + "\n", encoding="utf-8")
    if not args.no_class_report:
        class_report_bench()
    print(f"wrote {REPORT.relative_to(ROOT)}")
    for line in summary:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

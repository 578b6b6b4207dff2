"""Benchmark the notebooks against the kernel floor, their sizes, environment creation, the tests.

Usage: make bench   (or .venv/bin/python bench/bench.py [--repeat N] [--no-env] [--no-tests])

Measured in one run on this machine:
- floor: a notebook that only imports pandas, altair and unitevote, executed once per notebook
  through the same path as `make execute` (`tools.execute.execute`: nbclient, python3 kernel);
- execute: every notebook executed through that path (nothing is written into notebooks/),
  per notebook and in total, against the floor; the slowest cells of each notebook;
- sizes: committed notebooks (Altair inlines chart data), their heaviest cells and charts, and the
  static site in build/site if it exists;
- environment: a fresh venv built with the Makefile's steps from requirements-dev.lock (uv's cache as it
  is) against a bare install of the three main packages (pandas, altair, jupyterlab) with the same
  tools and versions;
- tests: the wall time of `make test`'s pytest command (TEST_COMMAND) and its slowest phases, from
  pytest's own `--durations` report (setup, call and teardown of each test; under xdist the
  phases of the two workers overlap, so they add up to more than the wall time).

Writes build/bench.md and prints the ratios.
Targets: execute/floor <= 1.3; notebooks <= 2 MiB in all.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python bench/bench.py` puts bench/, not the root, on the path
    sys.path.insert(0, str(ROOT))

from tools.execute import KERNEL, LANGUAGE, execute  # noqa: E402
from unitevote.pattern import VEGALITE_MIME as VEGALITE  # noqa: E402
from unitevote.pattern import notebook_paths  # noqa: E402

REPORT = ROOT / "build" / "bench.md"
SITE = ROOT / "build" / "site"
LOCK = ROOT / "requirements-dev.lock"  # what `make env` installs
NOTEBOOKS = notebook_paths()
# The pytest command of `make test` (Makefile: PYTEST_ARGS), with pytest's timing report.
TEST_COMMAND = ["-m", "pytest", "-n", "auto", "--dist", "loadfile", "--no-loadscope-reorder"]
TEST_COMMAND += ["--durations=15", "-q"]

TARGET_RATIO = 1.3
TARGET_BYTES = 2 * 1024 * 1024
FLOOR_SOURCE = "import altair as alt\nimport pandas as pd\n\nimport unitevote\n"
MAIN_PACKAGES = ("pandas", "altair", "jupyterlab")

# --- per-cell timings: wrap nbclient's cell execution (tools.execute uses NotebookClient) ---

CELL_SECONDS: list[tuple[int, float]] = []
_execute_cell = NotebookClient.async_execute_cell


async def _timed_execute_cell(self, cell, cell_index, *args, **kwargs):
    start = time.perf_counter()
    try:
        return await _execute_cell(self, cell, cell_index, *args, **kwargs)
    finally:
        CELL_SECONDS.append((cell_index, time.perf_counter() - start))


NotebookClient.async_execute_cell = _timed_execute_cell


def timed_execute(path: Path) -> tuple[float, list[tuple[int, float]], nbformat.NotebookNode]:
    CELL_SECONDS.clear()
    start = time.perf_counter()
    notebook = execute(path)
    return time.perf_counter() - start, list(CELL_SECONDS), notebook


def floor_notebook(folder: Path) -> Path:
    """A notebook whose only cell imports pandas, altair and unitevote, in a notebooks/ folder."""
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(FLOOR_SOURCE)],
        metadata={"kernelspec": KERNEL, "language_info": LANGUAGE},
    )
    path = folder / "notebooks" / "floor.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def first_line(cell) -> str:
    text = cell.source.strip().splitlines()
    return text[0][:60] if text else "(empty)"


def measure_execution(repeat: int) -> list[dict]:
    """Floor and real execution, interleaved per notebook so both see the same machine state."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-floor-") as folder:
        floor = floor_notebook(Path(folder))
        for path in NOTEBOOKS:
            floors, runs = [], []
            for _ in range(repeat):
                floors.append(timed_execute(floor)[0])
                seconds, cells, notebook = timed_execute(path)
                runs.append((seconds, cells, notebook))
            seconds, cells, notebook = min(runs, key=lambda run: run[0])
            imports = [i for i, _ in cells if "import unitevote" in notebook.cells[i].source]
            beyond = [(i, s) for i, s in cells if i not in imports]
            slowest = sorted(beyond, key=lambda item: -item[1])[:3]
            rows.append(
                {
                    "notebook": path.name,
                    "floor": min(floors),
                    "execute": seconds,
                    "imports": sum(s for i, s in cells if i in imports),
                    "slowest": [
                        (index, s, first_line(notebook.cells[index])) for index, s in slowest
                    ],
                }
            )
            print(f"  {path.name}: execute {seconds:.2f} s, floor {min(floors):.2f} s", flush=True)
    return rows


def process_start() -> float:
    """What `python -m tools.execute` pays before the first notebook (imports)."""
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


def execution_section(execution, start_seconds) -> tuple[list[str], str]:
    floor = sum(row["floor"] for row in execution)
    real = sum(row["execute"] for row in execution)
    ratio = real / floor
    verdict = "meets" if ratio <= TARGET_RATIO else "MISSES"
    summary = f"execute/floor = {real:.2f} s / {floor:.2f} s = {ratio:.2f}"
    summary += f" ({verdict} target {TARGET_RATIO})"
    lines = [
        "## Execution against the kernel floor",
        "",
        "Floor: a notebook that only imports pandas, altair and unitevote, run once per notebook",
        "through `tools.execute.execute` (nbclient, python3 kernel). Process start of",
        "`python -m tools.execute` (imports, paid once per `make execute`): "
        f"{start_seconds:.2f} s.",
        "",
        f"**Total: execute {real:.2f} s, floor {floor:.2f} s, ratio {ratio:.2f}** "
        f"(target <= {TARGET_RATIO}: {verdict}).",
        "",
        "| notebook | execute (s) | floor (s) | ratio | above floor (s) | imports cell (s) "
        "| slowest other cells (index: seconds, first line) |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in execution:
        slow = "; ".join(f"{i}: {s:.2f} `{text}`" for i, s, text in row["slowest"])
        cells = [
            row["notebook"],
            f"{row['execute']:.2f}",
            f"{row['floor']:.2f}",
            f"{row['execute'] / row['floor']:.2f}",
            f"{row['execute'] - row['floor']:.2f}",
            f"{row['imports']:.2f}",
            slow,
        ]
        lines.append("| " + " | ".join(cells) + " |")
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


def test_run() -> dict:
    """Run `make test`'s pytest command; its wall time, outcome line and slowest phases."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, *TEST_COMMAND], cwd=ROOT, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    lines = result.stdout.splitlines()
    phases = [match.groupdict() for line in lines if (match := DURATION.match(line))]
    outcome = next((line.strip("= ") for line in reversed(lines) if " in " in line), "")
    return {"seconds": seconds, "status": result.returncode, "outcome": outcome, "phases": phases}


def tests_section(tests) -> tuple[list[str], str]:
    command = "python " + " ".join(TEST_COMMAND)
    lines = [
        "## Test run",
        "",
        f"`{command}`: **{tests['seconds']:.1f} s** wall time, exit status {tests['status']} "
        f"({tests['outcome'] or 'no summary line'}).",
        "",
        "Slowest phases (pytest --durations; xdist workers run side by side):",
        "",
        "| seconds | phase | test |",
        "|---:|---|---|",
    ]
    for phase in tests["phases"]:
        lines.append(f"| {float(phase['seconds']):.1f} | {phase['phase']} | `{phase['test']}` |")
    return lines + [""], f"tests = {tests['seconds']:.1f} s wall ({tests['outcome']})"


def report(execution, start_seconds, sizes, site, env, tests=None) -> tuple[str, list[str]]:
    machine = f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs. Generated by `make bench`."
    lines, summary = ["# Benchmark", "", machine, ""], []
    sections = [size_section(sizes), site_section(site)]
    if execution:
        sections.insert(0, execution_section(execution, start_seconds))
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
    """Time the class report on `count` synthetic submissions of notebook 02; append to REPORT."""
    from unitevote.report.demo import build_class
    from unitevote.report.run import report as class_report

    jobs = os.cpu_count() or 1
    print(f"class report: {count} submissions of notebook 02, --jobs {jobs}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-report-") as folder:
        build_class(Path(folder) / "class", "02", count)
        start = time.perf_counter()
        class_report(Path(folder) / "class", Path(folder) / "out", jobs=jobs, say=lambda *_: None)
        seconds = time.perf_counter() - start
    verdict = "meets" if seconds <= target else "MISSES"
    line = (
        f"class report = {seconds:.0f} s for {count} submissions of notebook 02 on {jobs} CPUs "
        f"({verdict} target {target:.0f} s)"
    )
    with open(REPORT, "a", encoding="utf-8") as stream:
        stream.write(f"\n## Class report\n\n{line[0].upper() + line[1:]}.\n")
    print(line)
    return seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat", type=int, default=1, help="executions per notebook (the fastest counts)"
    )
    parser.add_argument(
        "--no-env", action="store_true", help="skip the environment-creation timing"
    )
    parser.add_argument("--no-tests", action="store_true", help="skip timing the test run")
    args = parser.parse_args(argv)

    print(f"executing {len(NOTEBOOKS)} notebooks against the floor", flush=True)
    execution = measure_execution(args.repeat) if NOTEBOOKS else []
    start_seconds = process_start()
    sizes = notebook_sizes()
    site = folder_size(SITE) if SITE.is_dir() else None
    env = None if args.no_env else environment_creation()
    if not args.no_tests:
        print(f"running the tests: python {' '.join(TEST_COMMAND)}", flush=True)
    tests = None if args.no_tests else test_run()
    text, summary = report(execution, start_seconds, sizes, site, env, tests)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(text + "\n", encoding="utf-8")
    class_report_bench()
    print(f"wrote {REPORT.relative_to(ROOT)}")
    for line in summary:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

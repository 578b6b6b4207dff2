"""Is this computer ready for the course? `python -m unitevote.doctor` (or `make doctor`).

Run it in the course's environment before a class. Each check prints `OK` or what is wrong and
what to do about it, in words a learner can act on; the command exits with status 1 if any
check failed, 0 if all passed.

The checks: the Python version the package requires; pandas, Altair, JupyterLab, vl-convert and
frictionless import, at the versions requirements.lock pins (environment.yml pins the same);
every table of the data package loads and passes its schema; a chart renders to SVG with no
network (vl-convert); the Jupyter kernel the notebooks name is installed and runs this
environment's Python.

This module imports only the standard library at the top and each package inside its own
check, so that a missing package is reported as a failed check rather than a crash. (Where even
`import unitevote` fails, `python src/unitevote/doctor.py` runs the same checks from the
repository.)
"""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import re
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
NOTEBOOKS = ROOT / "notebooks"
# (module to import, distribution whose version requirements.lock pins, name a learner knows)
PACKAGES = (
    ("pandas", "pandas", "pandas"),
    ("altair", "altair", "Altair"),
    ("jupyterlab", "jupyterlab", "JupyterLab"),
    ("vl_convert", "vl-convert-python", "vl-convert"),
    ("frictionless", "frictionless", "frictionless"),
)
REINSTALL = (
    "Install the course's environment again: `make env` in the course folder (or "
    "`pip install -r requirements.lock`; with conda, `mamba env update -f environment.yml`), "
    "then run this check again."
)
DEFAULT_KERNEL = "python3"


@dataclass(frozen=True)
class Result:
    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'OK  ' if self.ok else 'FAIL'}  {self.name}: {self.detail}"


def pinned_versions(lock: Path = LOCK) -> dict[str, str]:
    """`name==version` pins of a requirements lock file, by lower-case distribution name."""
    if not lock.exists():
        return {}
    pins = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", line)
        if match:
            pins[match[1].lower().replace("_", "-")] = match[2]
    return pins


def required_python() -> str:
    """The package's `requires-python` (">=3.11"), from its metadata or pyproject.toml."""
    try:
        found = importlib.metadata.metadata("unitevote").get("Requires-Python")
        if found:
            return found
    except importlib.metadata.PackageNotFoundError:
        pass
    pyproject = ROOT / "pyproject.toml"
    if pyproject.exists():
        match = re.search(r'^requires-python\s*=\s*"([^"]+)"', pyproject.read_text(), re.M)
        if match:
            return match[1]
    return ">=3.11"


def check_python(version: tuple = tuple(sys.version_info[:3]), needed: str | None = None) -> Result:
    needed = needed or required_python()
    shown = ".".join(str(part) for part in version)
    minimum = re.fullmatch(r"\s*>=\s*(\d+)\.(\d+)\s*", needed)
    if minimum and tuple(version[:2]) < (int(minimum[1]), int(minimum[2])):
        return Result(
            "Python",
            False,
            f"this is Python {shown}, the course needs Python {needed}. Start JupyterLab from "
            f"the course's environment (`make lab`), or create it with a newer Python.",
        )
    return Result("Python", True, f"{shown} (the course needs {needed})")


def check_package(
    module: str, distribution: str, label: str, pins: dict[str, str] | None = None
) -> Result:
    pins = pinned_versions() if pins is None else pins
    try:
        importlib.import_module(module)
    except Exception as error:  # an ImportError, or a package broken on import
        return Result(
            label, False, f"cannot be imported ({type(error).__name__}: {error}). {REINSTALL}"
        )
    try:
        installed = importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        installed = "unknown"
    pinned = pins.get(distribution.lower())
    if pinned and installed != pinned:
        return Result(
            label,
            False,
            f"version {installed} is installed, the course pins {pinned}: charts or tables may "
            f"look different from the course's. {REINSTALL}",
        )
    return Result(label, True, f"{installed}" + (" (as pinned)" if pinned else ""))


def check_data() -> Result:
    try:
        import unitevote

        names = unitevote.tables()
        for name in names:
            unitevote.load(name)
    except Exception as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        return Result(
            "data",
            False,
            f"the course's data does not load ({first}). Get a fresh copy of the `data/` folder "
            f"from the course (do not edit its files by hand), then run this check again.",
        )
    return Result("data", True, f"{len(names)} tables load and pass their schema")


def check_chart() -> Result:
    try:
        import altair as alt
        import pandas as pd
        import vl_convert

        table = pd.DataFrame({"candidate": ["A", "B"], "votes": [3, 5]})
        chart = alt.Chart(table).mark_bar().encode(x="votes:Q", y="candidate:N")
        svg = vl_convert.vegalite_to_svg(chart.to_dict())
    except Exception as error:
        return Result(
            "charts",
            False,
            f"a chart could not be drawn ({type(error).__name__}: {error}). {REINSTALL}",
        )
    if "<svg" not in svg:
        return Result("charts", False, f"the chart drawn is not an SVG picture. {REINSTALL}")
    return Result("charts", True, "a bar chart renders to SVG offline")


def notebook_kernel(folder: Path = NOTEBOOKS) -> str:
    """The kernel the course's notebooks name in their metadata (the first one found)."""
    for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
        try:
            metadata = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
        except (OSError, ValueError):
            continue
        name = metadata.get("kernelspec", {}).get("name")
        if name:
            return name
    return DEFAULT_KERNEL


def check_kernel(name: str | None = None, find: Callable | None = None) -> Result:
    name = name or notebook_kernel()
    install = f"`{sys.executable} -m ipykernel install --sys-prefix --name {name}`"
    try:
        if find is None:
            from jupyter_client.kernelspec import KernelSpecManager

            find = KernelSpecManager().get_kernel_spec
        spec = find(name)
    except Exception as error:
        return Result(
            "kernel",
            False,
            f"the notebooks use the kernel {name!r}, which is not installed "
            f"({type(error).__name__}). Install it with {install}, then run this check again.",
        )
    program = spec.argv[0] if getattr(spec, "argv", None) else ""
    if program and Path(program).is_absolute() and not program.startswith(sys.prefix):
        return Result(
            "kernel",
            False,
            f"the kernel {name!r} starts {program}, not this environment's Python, so the "
            f"notebooks would run without the course's packages. Install it again with {install}.",
        )
    return Result("kernel", True, f"{name!r} is installed and runs this environment's Python")


def checks() -> list[Callable[[], Result]]:
    pins = pinned_versions()
    return [
        check_python,
        *(
            (lambda m=module, d=distribution, label=label: check_package(m, d, label, pins))
            for module, distribution, label in PACKAGES
        ),
        check_data,
        check_chart,
        check_kernel,
    ]


def run(to_run: list[Callable[[], Result]] | None = None, out=None) -> int:
    """Run each check, print its line, and return the exit status (1 if any failed)."""
    out = out or sys.stdout
    print("Reading the Vote: is this computer ready for the course?", file=out)
    failed = 0
    for check in to_run or checks():
        try:
            result = check()
        except Exception:  # a check that itself breaks is a failure, reported with its cause
            detail = traceback.format_exc(limit=1).strip().splitlines()[-1]
            result = Result(
                getattr(check, "__name__", "check"), False, f"the check broke: {detail}"
            )
        failed += not result.ok
        print(result.line(), file=out, flush=True)
    if failed:
        print(
            f"{failed} check{'s' if failed > 1 else ''} failed: follow the advice above, or ask "
            f"your teacher. Meanwhile the course's offline site (`make site`) needs no Python.",
            file=out,
        )
        return 1
    print("All checks passed: this computer is ready for the course.", file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    return run()


if __name__ == "__main__":
    raise SystemExit(main())

"""Lint and format with ruff: the same commands as `make lint` and the pre-commit hooks.

Python sources (src, tests, bench, tools) must be lint-clean and formatter-clean. The notebooks'
code cells must be lint-clean (`ruff check` reads .ipynb through `extend-include` in
pyproject.toml). The formatter is not applied to notebooks: their cells are short teaching code
whose line breaks are chosen for reading (one method per line in a chain, aligned dict literals),
which `ruff format` would rewrap. `make lint` and the pre-commit hooks do the same.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from unitevote.pattern import ROOT, notebook_paths

RUFF = Path(sys.executable).parent / "ruff"
CODE = [name for name in ("src", "tests", "bench", "tools") if (ROOT / name).is_dir()]
NOTEBOOKS = notebook_paths()


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(RUFF), *args, "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def explain(result: subprocess.CompletedProcess) -> str:
    return f"$ ruff {' '.join(result.args[1:])}\n{result.stdout}{result.stderr}"


def test_ruff_is_installed():
    assert RUFF.is_file(), f"{RUFF} is missing: run `make env`"


def test_ruff_check_code():
    result = ruff("check", *CODE)
    assert result.returncode == 0, explain(result)


def test_ruff_format_code():
    result = ruff("format", "--check", *CODE)
    assert result.returncode == 0, explain(result) + "\nFix with: .venv/bin/ruff format <file>"


def test_ruff_check_notebooks():
    if not NOTEBOOKS:
        pytest.skip("no notebooks yet")
    result = ruff("check", *[str(path.relative_to(ROOT)) for path in NOTEBOOKS])
    assert result.returncode == 0, explain(result)


# Spellings that belong to unitevote.pattern alone: the notebook glob, the output types, and
# regular expressions for the exercise cells (written escaped, as a regex would spell them).
PATTERN_SPELLINGS = (
    "[0-9][0-9]_*.ipynb",
    "application/vnd.vegalite",
    "application/vnd.unitevote",
    "unitevote\\.check",
    "answer\\s*=",
    "Exercise (?P<id>",
)


def test_the_notebook_pattern_is_defined_once():
    """Builders, tests and tools import the pattern from `unitevote.pattern`; none repeats it."""
    owner = ROOT / "src" / "unitevote" / "pattern.py"
    found = []
    for folder in CODE:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path in (owner, Path(__file__).resolve()):
                continue
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(ROOT)}: {s!r}" for s in PATTERN_SPELLINGS if s in text]
    assert not found, "import these from unitevote.pattern instead:\n" + "\n".join(found)

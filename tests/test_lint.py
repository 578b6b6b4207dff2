"""Lint and format with ruff: the same commands as `make lint` and the pre-commit hooks.

Python sources (src, tests, bench, tools) must be lint-clean and formatter-clean. The notebooks'
code cells must be lint-clean (`ruff check` reads .ipynb through `extend-include` in
pyproject.toml); see NOTEBOOK_FORMAT below for why the formatter is not applied to them.
"""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUFF = Path(sys.executable).parent / "ruff"
CODE = [name for name in ("src", "tests", "bench", "tools") if (ROOT / name).is_dir()]
NOTEBOOKS = sorted(ROOT.glob("notebooks/[0-9][0-9]_*.ipynb"))

# Notebook cells are short teaching code whose line breaks are chosen for reading (one method
# per line in a chain, aligned dict literals); `ruff format` would rewrap them. Lint applies to
# notebooks; the formatter does not.
NOTEBOOK_FORMAT = False


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


@pytest.mark.skipif(
    not NOTEBOOK_FORMAT, reason="notebooks are linted, not formatted (see NOTEBOOK_FORMAT)"
)
def test_ruff_format_notebooks():
    result = ruff("format", "--check", *[str(path.relative_to(ROOT)) for path in NOTEBOOKS])
    assert result.returncode == 0, explain(result)

"""Lint and format with ruff: the same commands as `make lint` and the pre-commit hooks.

Python sources (src, tests, bench, tools, conftest.py) must be lint-clean and formatter-clean. The notebooks'
code cells must be lint-clean (`ruff check` reads .ipynb through `extend-include` in
pyproject.toml). The formatter is not applied to notebooks: their cells are short teaching code
whose line breaks are chosen for reading (one method per line in a chain, aligned dict literals),
which `ruff format` would rewrap. `make lint` and the pre-commit hooks do the same.
"""

import ast
import io
import re
import subprocess
import sys
import tokenize
from pathlib import Path

from unitevote.checks import PROGRESS_STATUS, REPORT_STATUS, STATUSES
from unitevote.pattern import ROOT, notebook_paths

RUFF = Path(sys.executable).parent / "ruff"
CODE = [
    name for name in ("src", "tests", "bench", "tools", "conftest.py") if (ROOT / name).exists()
]
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
    assert NOTEBOOKS, "no notebooks/NN_*.ipynb"
    result = ruff("check", *[str(path.relative_to(ROOT)) for path in NOTEBOOKS])
    assert result.returncode == 0, explain(result)


# Spellings that belong to unitevote.pattern alone: the notebook glob, the output types, and
# regular expressions for the exercise cells (written escaped, as a regex would spell them).
PATTERN_SPELLINGS = (
    "[0-9][0-9]_*.ipynb",
    "\\d\\d\\.\\d+",  # an exercise id
    "application/vnd.vegalite",
    "application/vnd.unitevote",
    "unitevote\\.check",
    "answer\\s*=",
    "Exercise (?P<id>",
)


# Runs as a plain script when the package itself cannot be imported (`python
# src/unitevote/doctor.py`), so it may not import the pattern or the root: its own copies stand.
STANDALONE = "src/unitevote/doctor.py"


def test_the_notebook_pattern_is_defined_once():
    """Builders, tests and tools import the pattern from `unitevote.pattern`; none repeats it."""
    owner = ROOT / "src" / "unitevote" / "pattern.py"
    found = []
    for folder in CODE:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path in (owner, Path(__file__).resolve()) or path == ROOT / STANDALONE:
                continue
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(ROOT)}: {s!r}" for s in PATTERN_SPELLINGS if s in text]
    assert not found, "import these from unitevote.pattern instead:\n" + "\n".join(found)


# --- each concept defined once (issue 24): one home each, imported where used ---

# concept: (its one home, spellings that define it again). Spellings are matched in code only:
# comments and docstrings may name them.
DEFINED_ONCE = {
    "the student edition's transform": (
        "src/unitevote/editions.py",
        [r"TagRemovePreprocessor", r"remove_all_outputs_tags"],
    ),
    "writing a notebook to disk": ("src/unitevote/editions.py", [r"nbformat\.writes?\("]),
    "the checklist handout": (
        "tools/generate_docs.py",
        [r"checklist for reading any election report"],
    ),
    "the Vega-Lite version and its script bundle": (
        "src/unitevote/theme.py",
        [r"\bSCHEMA_VERSION\b", r"javascript_bundle\((?!\))", r"get_vegalite_versions"],
    ),
    "the loopback-only namespace prologue": (
        "src/unitevote/report/sandbox.py",
        [r"link set lo up", r": lo:"],
    ),
    "the repository root": (
        "src/unitevote/pattern.py",
        [
            r"__file__\)(?:\.resolve\(\))?\.parents\b",
            r"__file__\)(?:\.resolve\(\))?\.parent\.parent",
        ],
    ),
    "whether the tests run in CI": ("tests/ci.py", [r"environ(?:\.get\(|\[)\s*[\'\"]CI[\'\"]"]),
    "a committed chart's pictures (the store)": (
        "src/unitevote/stored_pictures.py",
        [r"sha256\(.*(?:svg|png)", r"pictures\.json"],
    ),
    "the order of exercise ids": (
        "src/unitevote/checks.py",
        [r"int\(\w+\)\s+for\s+\w+\s+in\s+[\w.]+\.split\(\s*[\'\"]\.[\'\"]\s*\)"],
    ),
}
# Files allowed a second definition (see STANDALONE).
EXCEPTIONS = {("the repository root", STANDALONE)}
# The words for a check's verdicts: a literal holding three or more of them is a vocabulary.
STATUS_WORDS = set(STATUSES) | set(PROGRESS_STATUS.values()) | set(REPORT_STATUS.values())


def _python_files() -> list[Path]:
    return sorted(
        path
        for name in CODE
        for path in [ROOT / name, *(ROOT / name).rglob("*.py")]
        if path.suffix == ".py"
    )


def code_only(text: str) -> str:
    """`text` with its comments and docstrings blanked out (everything else in place)."""
    tree = ast.parse(text)
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                docstrings.add((body[0].lineno, body[0].col_offset))
    lines = text.splitlines(keepends=True)
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT or (
            token.type == tokenize.STRING and token.start in docstrings
        ):
            (first, start), (last, end) = token.start, token.end
            for number in range(first, last + 1):
                line = lines[number - 1]
                left = start if number == first else 0
                right = end if number == last else len(line.rstrip("\n"))
                lines[number - 1] = line[:left] + " " * (right - left) + line[right:]
    return "".join(lines)


def test_each_concept_is_defined_once():
    this = Path(__file__).resolve()
    found = []
    for path in _python_files():
        if path.resolve() == this:
            continue
        name = path.relative_to(ROOT).as_posix()
        code = code_only(path.read_text(encoding="utf-8"))
        for concept, (home, spellings) in DEFINED_ONCE.items():
            if name == home or (concept, name) in EXCEPTIONS:
                continue
            for spelling in spellings:
                if re.search(spelling, code):
                    found.append(f"{name}: {concept} ({spelling!r}); import it from {home}")
    assert not found, "defined a second time:\n" + "\n".join(found)


def test_the_status_vocabulary_is_defined_once():
    """A dict, set, list or tuple literal with three or more verdict words, in the code that
    says what a verdict is called (src, tools, bench), is a second vocabulary: use
    unitevote.checks.STATUSES, PROGRESS_STATUS or REPORT_STATUS. (Tests may list the verdicts
    they expect.)"""
    found = []
    for path in _python_files():
        name = path.relative_to(ROOT).as_posix()
        if name == "src/unitevote/checks.py" or name.startswith(("tests/", "conftest")):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            items = node.keys if isinstance(node, ast.Dict) else getattr(node, "elts", None)
            if not isinstance(node, ast.Dict | ast.Set | ast.List | ast.Tuple) or not items:
                continue
            words = {
                item.value
                for item in items
                if isinstance(item, ast.Constant) and item.value in STATUS_WORDS
            }
            if len(words) >= 3:
                found.append(f"{name}:{node.lineno}: {sorted(words)}")
    assert not found, "a second status vocabulary:\n" + "\n".join(found)


def test_the_define_once_check_can_fail():
    """A concept's spellings find it where it lives (so a typo in them cannot pass unseen), and
    a spelling in a comment or docstring is not a definition."""
    for concept, (home, spellings) in DEFINED_ONCE.items():
        if concept == "the student edition's transform":
            continue  # its home no longer needs nbconvert's preprocessor: checked below
        code = code_only((ROOT / home).read_text(encoding="utf-8"))
        assert any(re.search(spelling, code) for spelling in spellings), (
            f"none of {spellings} is found in {home}, where {concept} is defined"
        )
    sample = 'def f():\n    """TagRemovePreprocessor"""\n    # remove_all_outputs_tags\n'
    assert not re.search("TagRemovePreprocessor|remove_all_outputs_tags", code_only(sample))
    assert re.search("TagRemovePreprocessor", code_only("x = TagRemovePreprocessor()\n"))

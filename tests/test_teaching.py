"""Does each lesson teach as the course promises? The rules of a good lesson, measured.

From the exercise registry and the committed notebooks (nothing is executed here):

- Every exercise is a transfer task: a number exercise's expected value, formatted at the
  precision the question asks and at one decimal more, with and without thousands separators,
  appears nowhere before the learner's answer cell (prose, outputs, chart text, chart data a
  tooltip shows) nor in the cells between the question and the check. No two exercises of the
  course share an answer.
- A check is as strict as its question: every number exercise states its precision
  (`decimals`), a count is an integer, no misconception's value rounds to the right answer, and
  every exercise says what it transfers to.
- A lesson fits its stated time: the core path (up to "## Key points") holds at most 35 words of
  prose and 0.6 code cells per minute; the instructor plan's minutes add up to the stated time,
  and so do its teaching and exercise minutes.
- Code within reach: no name is used before the cell that defines it (solution cells, absent
  from the student edition, define nothing for later cells); the core path uses no regular
  expressions, nested comprehensions, `.apply` or multi-key sorts.
- No output walls: at most 20 lines and 100 characters a line, no wrapped or two-level table
  headers, no table text cut with "...".
- Roles are tagged: instructor notes `instructor`, answer/check/progress cells `exercise`, and
  the core path ends with `unitevote.progress("NN")`.

Run `python tests/test_teaching.py` to print each notebook's budget figures.
"""

from __future__ import annotations

import ast
import builtins
import functools
import html
import re
from pathlib import Path

import nbformat
import pytest

from unitevote import checks, exercises  # noqa: F401  (registers every exercise)
from unitevote.pattern import (
    CHECK_CALL,
    EXERCISE,
    GOING_FURTHER,
    INSTRUCTOR,
    KEY_POINTS,
    QUESTION,
    SOLUTION,
    SVG_MIME,
    VEGALITE_MIME,
    has_tag,
    is_answer_stub,
    notebook_paths,
    source,
)

NOTEBOOKS = notebook_paths()
WORDS_PER_MINUTE = 35
CODE_CELLS_PER_MINUTE = 0.6
MAX_OUTPUT_LINES = 20
MAX_OUTPUT_WIDTH = 100
TIME = re.compile(
    r"\*\*Time:\*\*\s*about (?P<total>\d+) minutes \(teaching (?P<teaching>\d+), "
    r"exercises (?P<exercises>\d+)\)"
)
PLAN_HEADING = "> **Instructor plan:**"
PLAN_BLOCK = re.compile(r"^>\s*-\s*(\d+)\s*min\b", re.MULTILINE)
PROGRESS_CALL = re.compile(r"""^unitevote\.progress\(\s*["'](\d\d)["']\s*\)\s*$""")


@functools.cache
def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def number(path: Path) -> str:
    return path.name[:2]


def core_path(notebook) -> list:
    """The cells from the opening up to (not including) the "## Key points" heading."""
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown" and source(cell).lstrip().startswith(KEY_POINTS):
            return notebook.cells[:index]
    return list(notebook.cells)


def prose_words(text: str) -> int:
    """Words a learner reads: link targets, markup and table rules are not words."""
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return len(re.findall(r"[A-Za-z0-9£$][\w'’.,%£$-]*", text))


def budget(path: Path) -> dict:
    notebook = read(path)
    match = TIME.search("\n".join(source(c) for c in notebook.cells[:4]))
    minutes = int(match["total"]) if match else 0
    core = core_path(notebook)
    prose = [
        c
        for c in core
        if c.cell_type == "markdown" and not (has_tag(c, SOLUTION) or has_tag(c, INSTRUCTOR))
    ]
    code = [c for c in core if c.cell_type == "code" and not has_tag(c, SOLUTION)]
    return {
        "minutes": minutes,
        "words": sum(prose_words(source(c)) for c in prose),
        "word budget": WORDS_PER_MINUTE * minutes,
        "code cells": len(code),
        "code budget": CODE_CELLS_PER_MINUTE * minutes,
        "exercises": sum(
            1 for c in core if c.cell_type == "markdown" and QUESTION.search(source(c))
        ),
    }


# ---------------------------------------------------------------- time, plan, structure


@pytest.mark.parametrize("path", NOTEBOOKS, ids=number)
def test_stated_time_splits_into_teaching_and_exercises(path):
    opening = "\n".join(source(c) for c in read(path).cells[:4])
    match = TIME.search(opening)
    assert match, (
        f"{path.name}: the opening needs '**Time:** about N minutes (teaching T, exercises E)'"
    )
    assert int(match["teaching"]) + int(match["exercises"]) == int(match["total"]), match[0]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=number)
def test_instructor_plan_adds_up_to_the_stated_time(path):
    notebook = read(path)
    plans = [c for c in notebook.cells if source(c).lstrip().startswith(PLAN_HEADING)]
    assert len(plans) == 1, f"{path.name}: one markdown cell starting {PLAN_HEADING!r}"
    (plan,) = plans
    assert has_tag(plan, INSTRUCTOR), f"{path.name}: the instructor plan is tagged 'instructor'"
    minutes = [int(m) for m in PLAN_BLOCK.findall(source(plan))]
    assert minutes, f"{path.name}: the plan lists its blocks as '> - N min: ...'"
    assert sum(minutes) == budget(path)["minutes"], (
        f"{path.name}: plan blocks {minutes} add up to {sum(minutes)}, "
        f"the notebook states {budget(path)['minutes']} minutes"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=number)
def test_core_path_fits_the_stated_time(path):
    figures = budget(path)
    assert figures["minutes"] > 0
    assert figures["words"] <= figures["word budget"], (
        f"{path.name}: {figures['words']} words of prose in the core path, budget "
        f"{figures['word budget']} ({WORDS_PER_MINUTE} a minute); move material to "
        f"'{GOING_FURTHER} (optional)'"
    )
    assert figures["code cells"] <= figures["code budget"], (
        f"{path.name}: {figures['code cells']} code cells in the core path, budget "
        f"{figures['code budget']:.0f} ({CODE_CELLS_PER_MINUTE} a minute)"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=number)
def test_key_points_then_what_comes_next_then_optional_extras(path):
    headings = [
        line
        for cell in read(path).cells
        if cell.cell_type == "markdown"
        for line in source(cell).splitlines()
        if line.startswith("## ")
    ]
    assert KEY_POINTS in headings, f"{path.name}: no '{KEY_POINTS}'"
    after = headings[headings.index(KEY_POINTS) + 1 :]
    assert after and after[0] == "## What comes next", (
        f"{path.name}: '## What comes next' follows the key points"
    )
    for heading in after[1:]:
        assert heading.startswith(GOING_FURTHER) and "(optional)" in heading, (
            f"{path.name}: after 'What comes next' only '{GOING_FURTHER} (optional)' "
            f"sections may follow, found {heading!r}"
        )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=number)
def test_roles_are_tagged(path):
    for index, cell in enumerate(read(path).cells):
        text = source(cell)
        if cell.cell_type == "markdown" and re.search(r"\*\*Instructor (note|plan):\*\*", text):
            assert has_tag(cell, INSTRUCTOR), f"{path.name} cell {index}: instructor note untagged"
        if cell.cell_type == "code" and not has_tag(cell, SOLUTION):
            learner_facing = (
                is_answer_stub(cell) or CHECK_CALL.search(text) or PROGRESS_CALL.match(text)
            )
            if learner_facing:
                assert has_tag(cell, EXERCISE), (
                    f"{path.name} cell {index}: answer, check and progress cells are tagged "
                    f"'{EXERCISE}': {text[:60]!r}"
                )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=number)
def test_core_path_ends_with_progress(path):
    code = [c for c in core_path(read(path)) if c.cell_type == "code" and not has_tag(c, SOLUTION)]
    assert code, f"{path.name}: no code in the core path"
    match = PROGRESS_CALL.match(source(code[-1]).strip())
    assert match and match[1] == number(path), (
        f"{path.name}: the last code cell before '{KEY_POINTS}' is "
        f"unitevote.progress({number(path)!r})"
    )


# ---------------------------------------------------------------- exercises


def registered(notebook_number: str) -> dict[str, checks.Exercise]:
    return {
        exercise_id: factory()
        for exercise_id, factory in sorted(checks.REGISTRY.items())
        if exercise_id.startswith(f"{notebook_number}.")
    }


def all_exercises() -> list[tuple[str, checks.Exercise]]:
    return [(i, f()) for i, f in sorted(checks.REGISTRY.items())]


EXERCISES = [exercise_id for exercise_id, _ in all_exercises()]


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_check_is_as_strict_as_its_question(exercise_id):
    spec = checks.REGISTRY[exercise_id]()
    assert spec.transfer.strip(), f"{exercise_id}: say what the exercise transfers to (`transfer`)"
    if spec.kind != "number":
        return
    assert spec.decimals is not None, (
        f"{exercise_id}: a number exercise states the precision its question asks (`decimals`)"
    )
    if spec.integer:
        assert spec.decimals == 0, f"{exercise_id}: a count is checked as a whole number"
        assert float(spec.expected) == int(float(spec.expected)), f"{exercise_id}: {spec.expected}"
    for misconception in spec.misconceptions:
        assert not checks._matches(spec, misconception.value, spec.expected), (
            f"{exercise_id}: the misconception {misconception.name!r} ({misconception.value}) "
            f"is accepted as correct at {spec.decimals} decimal(s); the check cannot tell it apart"
        )


def answer_key(spec: checks.Exercise):
    if spec.kind == "number":
        return ("number", str(checks.rounded(spec.expected, spec.decimals or 0)))
    accepted = {spec.expected} if isinstance(spec.expected, str) else set(spec.expected)
    return (spec.kind, frozenset(checks._norm(a) for a in accepted))


def test_no_two_exercises_share_an_answer():
    seen: dict = {}
    for exercise_id, spec in all_exercises():
        key = answer_key(spec)
        assert key not in seen, f"{exercise_id} and {seen[key]} have the same answer {key[1]}"
        seen[key] = exercise_id


def renderings(value: float, decimals: int) -> set[str]:
    """How an answer could be printed: at the asked precision and one more, with and without
    thousands separators."""
    forms = set()
    for places in (decimals, decimals + 1):
        forms.add(f"{checks.rounded(value, places):f}")
        forms.add(f"{checks.rounded(value, places):,f}")
    return forms


def shown_text(cell) -> str:
    """What a reader sees of a cell: its markdown, or its outputs' text, chart text and data."""
    if cell.cell_type == "markdown":
        return source(cell)
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(output.text)
            continue
        data = output.get("data", {})
        for mime in ("text/plain", "text/markdown"):
            if mime in data and VEGALITE_MIME not in data:
                parts.append(data[mime])
        if "text/html" in data:
            parts.append(html.unescape(re.sub(r"<[^>]+>", " ", data["text/html"])))
        if SVG_MIME in data:
            parts.extend(html.unescape(t) for t in re.findall(r">([^<>]+)</text>", data[SVG_MIME]))
        if VEGALITE_MIME in data:
            parts.append(chart_text(data[VEGALITE_MIME]))
    return "\n".join(parts)


def chart_text(spec) -> str:
    """A chart's title, description, labels and the data values its tooltips can show."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            found.append(node)
        elif isinstance(node, int | float) and not isinstance(node, bool):
            found.append(repr(node))

    walk({k: v for k, v in spec.items() if k in ("title", "description", "datasets", "data")})
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for part in spec.get(key, []):
            walk({k: v for k, v in part.items() if k in ("title", "description")})
    return "\n".join(found)


def appears(form: str, text: str) -> bool:
    return re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d]|[.,]\d)", text) is not None


def chart_values_close(cell, spec: checks.Exercise) -> list[float]:
    """Numbers in a chart's data that round to the answer at the asked precision (a tooltip
    would print them in full)."""
    close = []
    for output in cell.get("outputs", []):
        datasets = output.get("data", {}).get(VEGALITE_MIME, {}).get("datasets", {})
        for rows in datasets.values():
            for row in rows:
                for value in row.values():
                    if isinstance(value, int | float) and not isinstance(value, bool):
                        if checks._matches(spec, value, spec.expected):
                            close.append(value)
    return close


def exercise_cells(notebook, exercise_id: str) -> tuple[int, int, int]:
    """Indices of the question, the answer cell and the (non-solution) check cell."""
    cells = notebook.cells
    question = next(
        i
        for i, c in enumerate(cells)
        if c.cell_type == "markdown" and f"**Exercise {exercise_id}.**" in source(c)
    )
    check = next(
        i
        for i, c in enumerate(cells)
        if i > question
        and c.cell_type == "code"
        and not has_tag(c, SOLUTION)
        and (m := CHECK_CALL.search(source(c)))
        and m["id"] == exercise_id
    )
    answer = max(i for i in range(question, check) if is_answer_stub(cells[i]))
    return question, answer, check


def numeric_exercises_of(path: Path):
    return [
        (exercise_id, spec)
        for exercise_id, spec in registered(number(path)).items()
        if spec.kind == "number" and spec.decimals is not None and spec.unit != "year"
    ]


NUMERIC = [
    pytest.param(path, exercise_id, id=exercise_id)
    for path in NOTEBOOKS
    for exercise_id, _ in numeric_exercises_of(path)
]


@pytest.mark.parametrize(("path", "exercise_id"), NUMERIC)
def test_answer_is_not_shown_before_it_is_asked(path, exercise_id):
    """Years (a choice among the elections shown) and whole numbers under 100, which appear
    everywhere as ordinary numbers, are not searched for; every decimal answer is."""
    spec = checks.REGISTRY[exercise_id]()
    notebook = read(path)
    question, answer, check = exercise_cells(notebook, exercise_id)
    small_count = spec.decimals == 0 and abs(float(spec.expected)) < 100
    forms = set() if small_count else renderings(float(spec.expected), spec.decimals)
    seen = [*range(answer), *range(answer + 1, check)]
    for index in seen:
        cell = notebook.cells[index]
        text = shown_text(cell)
        shown = sorted(form for form in forms if appears(form, text))
        assert not shown, (
            f"{exercise_id} asks for {sorted(forms)}, but cell {index} ({cell.cell_type}) "
            f"already shows {shown}: {source(cell)[:80]!r}"
        )
        if cell.cell_type == "code" and not small_count:
            close = chart_values_close(cell, spec)
            assert not close, (
                f"{exercise_id}: the chart in cell {index} holds {close[:3]}, which a tooltip "
                f"shows and which rounds to the answer"
            )


# ---------------------------------------------------------------- code within reach

BUILTINS = set(dir(builtins)) | {"display", "get_ipython", "__name__"}


def defined_names(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            names.add(node.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


def used_names(tree: ast.AST) -> set[str]:
    return {
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    }


@pytest.mark.parametrize("path", NOTEBOOKS, ids=number)
def test_no_name_is_used_before_the_cell_that_defines_it(path):
    defined = set(BUILTINS)
    for index, cell in enumerate(read(path).cells):
        if cell.cell_type != "code" or has_tag(cell, SOLUTION):
            continue
        tree = ast.parse(source(cell))
        here = defined_names(tree)
        missing = used_names(tree) - defined - here
        assert not missing, (
            f"{path.name} cell {index} uses {sorted(missing)} before any (non-solution) cell "
            f"defines them: {source(cell)[:80]!r}"
        )
        defined |= here


def advanced_idioms(tree: ast.AST) -> list[str]:
    found = []
    comprehensions = ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
            if "re" in modules or "regex" in modules:
                found.append("a regular expression module")
        if isinstance(node, comprehensions):
            inner = [n for n in ast.walk(node) if n is not node and isinstance(n, comprehensions)]
            if inner:
                found.append("a nested comprehension")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            keywords = {k.arg: k.value for k in node.keywords}
            if name == "apply":
                found.append("`.apply`")
            if name in {"extract", "extractall", "match", "fullmatch", "findall"}:
                found.append(f"`.str.{name}` (a regular expression)")
            regex = keywords.get("regex")
            if isinstance(regex, ast.Constant) and regex.value is True:
                found.append("`regex=True`")
            if name == "sort_values":
                keys = node.args[0] if node.args else keywords.get("by")
                if isinstance(keys, ast.List | ast.Tuple) and len(keys.elts) > 1:
                    found.append("a multi-key sort")
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=number)
def test_core_path_code_is_within_reach(path):
    for index, cell in enumerate(core_path(read(path))):
        if cell.cell_type != "code" or has_tag(cell, SOLUTION):
            continue
        found = advanced_idioms(ast.parse(source(cell)))
        assert not found, (
            f"{path.name} cell {index} uses {found} in the core path; move the machinery into "
            f"src/unitevote/ behind a one-line call, or into 'Going further': {source(cell)[:80]!r}"
        )


# ---------------------------------------------------------------- outputs


def output_texts(output) -> list[tuple[str, str]]:
    if output.output_type == "stream":
        return [("stream", output.text)]
    data = output.get("data", {})
    return [(mime, data[mime]) for mime in ("text/plain", "text/markdown") if mime in data]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=number)
def test_no_output_walls(path):
    for index, cell in enumerate(read(path).cells):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if VEGALITE_MIME in data:
                continue
            table = "<table" in data.get("text/html", "")
            for mime, text in output_texts(output):
                lines = text.rstrip("\n").splitlines()
                where = f"{path.name} cell {index} ({mime})"
                assert len(lines) <= MAX_OUTPUT_LINES, (
                    f"{where}: {len(lines)} lines; show .head() and say how many rows in all"
                )
                if mime == "text/markdown":
                    continue
                wide = [line for line in lines if len(line) > MAX_OUTPUT_WIDTH]
                assert not wide, f"{where}: a line of {len(wide[0])} characters: {wide[0][:60]!r}"
                if table:
                    assert not any(line.endswith(" \\") for line in lines), (
                        f"{where}: the table wraps (too many or too wide columns)"
                    )
                    assert "..." not in text, f"{where}: table text cut with '...'"
            if table:
                assert "colspan" not in data["text/html"], (
                    f"{path.name} cell {index}: a two-level column header"
                )


if __name__ == "__main__":
    for notebook_path in NOTEBOOKS:
        print(notebook_path.name, budget(notebook_path))

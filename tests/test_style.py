"""The house style in numbers (CONTRIBUTING.md), for every notebook in notebooks/.

- every code cell at most 15 lines; median code-cell length at most 8 lines;
- opens (the markdown before the first code cell) with "What you will learn" and "Time";
- has "Key points" (where it sits, and the budgets of the core path before it, are measured in
  tests/test_teaching.py);
- at least 1.2 markdown cells per code cell;
- every notebook but 00 has at least 4 exercises, each in the pattern: question markdown with
  **Exercise NN.k**, optionally a working cell holding only comments, `answer = ...`,
  `unitevote.check("NN.k", answer)`, a cell tagged solution;
- every id passed to `unitevote.check` is registered in `unitevote.checks.REGISTRY`.

The tags, the notebook list and the cell patterns come from `unitevote.pattern`.

Run `python tests/test_style.py` to print each notebook's figures.
"""

import functools
import re
import statistics
from pathlib import Path

import nbformat
import pytest

from unitevote.pattern import (
    ANSWER_STUB,
    CHECK_CALL,
    KEY_POINTS,
    QUESTION,
    SOLUTION,
    has_tag,
    notebook_paths,
)

NOTEBOOKS = notebook_paths()

MAX_CELL_LINES = 15
MAX_MEDIAN_LINES = 8
MIN_MARKDOWN_PER_CODE = 1.2
MIN_EXERCISES = 4


@functools.cache
def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def lines(cell) -> int:
    return len(cell.source.rstrip("\n").splitlines())


def code_cells(notebook):
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def opening_markdown(notebook) -> str:
    """The markdown cells before the first code cell."""
    texts = []
    for cell in notebook.cells:
        if cell.cell_type == "code":
            break
        if cell.cell_type == "markdown":
            texts.append(cell.source)
    return "\n".join(texts)


def figures(path: Path) -> dict:
    notebook = read(path)
    code = code_cells(notebook)
    # A learner's empty working cell (notebook 05) holds no code to explain.
    explained = [cell for cell in code if not is_working_cell(cell)]
    markdown = [cell for cell in notebook.cells if cell.cell_type == "markdown"]
    sizes = [lines(cell) for cell in code]
    return {
        "code cells": len(code),
        "markdown cells": len(markdown),
        "median lines": statistics.median(sizes) if sizes else 0,
        "longest": max(sizes, default=0),
        "markdown per code": len(markdown) / len(explained) if explained else float("inf"),
        "exercises": len(exercises(notebook)),
    }


def exercises(notebook) -> list[tuple[int, str]]:
    """(cell index, exercise id) of every question cell (solution explanations excluded)."""
    found = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown" and not has_tag(cell, SOLUTION):
            found += [(index, match["id"]) for match in QUESTION.finditer(cell.source)]
    return found


def where(path: Path, index: int, cell) -> str:
    first = cell.source.strip().splitlines()[0] if cell.source.strip() else "(empty)"
    return f"{path.name} cell {index} (id {cell.get('id')}): {first[:70]!r}"


@pytest.fixture(params=NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def notebook_path(request) -> Path:
    return request.param


def test_code_cells_are_short(notebook_path):
    notebook = read(notebook_path)
    long = [
        f"{where(notebook_path, index, cell)} has {lines(cell)} lines"
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and lines(cell) > MAX_CELL_LINES
    ]
    assert not long, f"code cells over {MAX_CELL_LINES} lines:\n" + "\n".join(long)


def test_median_code_cell(notebook_path):
    median = figures(notebook_path)["median lines"]
    assert median <= MAX_MEDIAN_LINES, f"{notebook_path.name}: median code cell {median} lines"


def test_opens_with_objectives_and_time(notebook_path):
    opening = opening_markdown(read(notebook_path))
    assert re.search(r"What you will learn", opening, re.IGNORECASE), (
        f"{notebook_path.name}: no 'What you will learn' before the first code cell"
    )
    assert re.search(r"\bTime\b", opening), (
        f"{notebook_path.name}: no 'Time' before the first code cell"
    )


def test_has_key_points(notebook_path):
    headings = [line for cell in read(notebook_path).cells for line in cell.source.splitlines()]
    assert KEY_POINTS in headings, f"{notebook_path.name}: no '{KEY_POINTS}' heading"


def is_working_cell(cell) -> bool:
    """A learner's scratch cell: code holding only comments (notebook 05 gives one per prompt)."""
    lines = [line.strip() for line in cell.source.splitlines() if line.strip()]
    return cell.cell_type == "code" and all(line.startswith("#") for line in lines)


def test_markdown_to_code_ratio(notebook_path):
    numbers = figures(notebook_path)
    assert numbers["markdown per code"] >= MIN_MARKDOWN_PER_CODE, (
        f"{notebook_path.name}: {numbers['markdown cells']} markdown / "
        f"{numbers['code cells']} code = {numbers['markdown per code']:.2f} "
        f"< {MIN_MARKDOWN_PER_CODE}"
    )


def test_exercises_follow_the_four_cell_pattern(notebook_path):
    notebook = read(notebook_path)
    number = notebook_path.name[:2]
    found = exercises(notebook)
    problems = []
    for index, exercise_id in found:
        if not exercise_id.startswith(f"{number}."):
            problems.append(f"cell {index}: exercise {exercise_id} in notebook {number}")
        start = index + 1
        if start < len(notebook.cells) and is_working_cell(notebook.cells[start]):
            start += 1
        following = notebook.cells[start : start + 3]
        if len(following) < 3:
            problems.append(f"cell {index}: exercise {exercise_id} is not followed by three cells")
            continue
        answer, check, solution = following
        if answer.cell_type != "code" or not ANSWER_STUB.match(answer.source):
            problems.append(
                f"{where(notebook_path, start, answer)}: expected a code cell `answer = ...`"
            )
        checked = [m["id"] for m in CHECK_CALL.finditer(check.source)]
        if check.cell_type != "code" or checked != [exercise_id]:
            problems.append(
                f"{where(notebook_path, start + 1, check)}: expected "
                f"`unitevote.check({exercise_id!r}, answer)`"
            )
        if not has_tag(solution, SOLUTION):
            problems.append(
                f"{where(notebook_path, start + 2, solution)}: expected a cell tagged solution"
            )
        for cell_index, cell in ((start, answer), (start + 1, check)):
            if has_tag(cell, SOLUTION):
                problems.append(
                    f"{where(notebook_path, cell_index, cell)}: learner's cell tagged solution"
                )
    assert not problems, "\n".join(problems)
    if number != "00":
        assert len(found) >= MIN_EXERCISES, (
            f"{notebook_path.name}: {len(found)} exercises, expected {MIN_EXERCISES}"
        )


def test_checked_ids_are_registered(notebook_path):
    import unitevote.exercises  # noqa: F401  (registers every exercise)
    from unitevote.checks import REGISTRY

    notebook = read(notebook_path)
    unknown = [
        f"{where(notebook_path, index, cell)} checks {exercise_id!r}"
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code"
        for exercise_id in (m["id"] for m in CHECK_CALL.finditer(cell.source))
        if exercise_id not in REGISTRY
    ]
    assert not unknown, "ids not in unitevote.checks.REGISTRY:\n" + "\n".join(unknown)


if __name__ == "__main__":
    for path in NOTEBOOKS:
        numbers = figures(path)
        print(
            path.name,
            ", ".join(
                f"{key} {value:.2f}" if isinstance(value, float) else f"{key} {value}"
                for key, value in numbers.items()
            ),
        )

"""The student edition (`make student`): tools/build_student.py, checked against the notebooks.

- no solution survives: no solution cell's text, no line that only a solution cell has, no
  "correct" from a check;
- every exercise keeps its question, its `answer = ...` cell and its check cell, outputs cleared;
- every student notebook runs top to bottom, its checks saying "not answered yet";
- with each exercise's answer cell filled in with the solution's code from the teacher notebook,
  every check says "correct".

The two executions run each student notebook in a kernel (nbclient), a few at a time.
"""

from __future__ import annotations

import copy
import importlib.util
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CHECK = re.compile(r"""\bunitevote\.check\(\s*["'](\d\d\.\d+)["']""")
ANSWER_STUB = re.compile(r"^\s*answer\s*=\s*\.\.\.(?:\s|#|$)")
CHECK_LINE = re.compile(r"^\s*unitevote\.check\(")


def _load_builder():
    spec = importlib.util.spec_from_file_location(
        "build_student", ROOT / "tools" / "build_student.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


build_student = _load_builder()


def is_solution(cell) -> bool:
    return "solution" in cell.get("metadata", {}).get("tags", [])


def exercises(notebook) -> dict[str, dict]:
    """Each exercise of a (teacher) notebook: its question, answer, check and solution code.

    Keyed by id ("02.3"); values hold cell indices and the solution's code (its code cells
    after the check cell, joined, with the final `unitevote.check(...)` lines removed).
    """
    found: dict[str, dict] = {}
    cells = notebook.cells
    for index, cell in enumerate(cells):
        if cell.cell_type != "code" or is_solution(cell):
            continue
        match = CHECK.search(cell.source)
        if not match or ANSWER_STUB.match(cell.source.splitlines()[0] if cell.source else ""):
            continue
        exercise_id = match[1]
        previous = [
            j for j in range(index) if cells[j].cell_type == "code" and not is_solution(cells[j])
        ]
        if not previous or not ANSWER_STUB.match(cells[previous[-1]].source):
            continue  # a check called outside the exercise pattern (a demonstration)
        answer = previous[-1]
        question = next(
            (
                j
                for j in range(index - 1, -1, -1)
                if cells[j].cell_type == "markdown"
                and f"**Exercise {exercise_id}.**" in cells[j].source
            ),
            None,
        )
        code = []
        for later in cells[index + 1 :]:
            if not is_solution(later):
                break
            if later.cell_type == "code":
                code.append(later.source)
        solution = "\n".join(
            line for line in "\n".join(code).splitlines() if not CHECK_LINE.match(line)
        )
        found[exercise_id] = {
            "check": index,
            "answer": answer,
            "question": question,
            "solution": solution.strip(),
        }
    return found


def _text_of(notebook) -> str:
    """Every source and every textual output of a notebook, as one string."""
    parts = []
    for cell in notebook.cells:
        parts.append(cell.source)
        for output in cell.get("outputs", []):
            parts.append(str(output.get("text", "")))
            for value in output.get("data", {}).values():
                parts.append(value if isinstance(value, str) else str(value))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("student") / "student"
    written = build_student.build(ROOT / "notebooks", out)
    assert [p.name for p in written] == [p.name for p in NOTEBOOKS]
    return out


def _pairs(edition: Path):
    for path in NOTEBOOKS:
        teacher = nbformat.read(path, as_version=4)
        student = nbformat.read(edition / "notebooks" / path.name, as_version=4)
        yield path, teacher, student


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks/NN_*.ipynb"


def test_no_solution_survives(edition):
    for path, teacher, student in _pairs(edition):
        solutions = [c for c in teacher.cells if is_solution(c)]
        assert not any(is_solution(c) for c in student.cells), path.name
        text = _text_of(student)
        elsewhere = {
            line.strip()
            for c in teacher.cells
            if not is_solution(c)
            for line in c.source.splitlines()
        }
        for cell in solutions:
            assert cell.source.strip() not in text, f"{path.name}: a solution cell survived"
            for line in cell.source.splitlines():
                line = line.strip()
                if len(line) >= 15 and line not in elsewhere and not CHECK_LINE.match(line):
                    assert line not in text, f"{path.name}: solution text survived: {line!r}"
        verdicts = re.findall(r"\d\d\.\d+: correct", text)
        assert not verdicts, f"{path.name}: check outputs of the teacher's run survived: {verdicts}"
        # Everything that is not an exercise or a solution is kept as it was.
        kept = [c for c in teacher.cells if not is_solution(c)]
        assert len(kept) == len(student.cells), path.name
        for before, after in zip(kept, student.cells, strict=True):
            assert before.source == after.source
            if not build_student.is_exercise_cell(before):
                assert before.get("outputs") == after.get("outputs"), path.name


def test_every_exercise_keeps_its_question_and_check(edition):
    for path, teacher, student in _pairs(edition):
        expected = exercises(teacher)
        got = exercises(student)
        assert sorted(got) == sorted(expected), path.name
        for exercise_id, where in got.items():
            assert where["question"] is not None, f"{path.name}: {exercise_id} lost its question"
            assert where["answer"] is not None, f"{path.name}: {exercise_id} lost its answer cell"
            for key in ("answer", "check"):
                cell = student.cells[where[key]]
                assert cell.outputs == [] and cell.execution_count is None, (
                    f"{path.name}: {exercise_id} {key} cell keeps an output"
                )
            assert expected[exercise_id]["solution"], (
                f"{path.name}: exercise {exercise_id} has no solution code cell after its check"
            )


def _execute(path: Path, notebook) -> nbformat.NotebookNode:
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return notebook


def _check_outputs(notebook) -> dict[str, str]:
    found = {}
    for exercise_id, where in exercises(notebook).items():
        cell = notebook.cells[where["check"]]
        found[exercise_id] = "".join(
            str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
            for o in cell.outputs
        )
    return found


def _filled(teacher, student):
    """The student notebook with every answer cell holding the teacher's solution code."""
    filled = copy.deepcopy(student)
    solutions = exercises(teacher)
    for exercise_id, where in exercises(filled).items():
        filled.cells[where["answer"]].source = solutions[exercise_id]["solution"]
    return filled


@pytest.fixture(scope="module")
def runs(edition):
    """Execute every student notebook as handed out, and filled in with the solutions."""
    jobs = []
    for path, teacher, student in _pairs(edition):
        target = edition / "notebooks" / path.name
        jobs.append((path.name, "as handed out", target, copy.deepcopy(student)))
        jobs.append((path.name, "filled in", target, _filled(teacher, student)))
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {(name, kind): pool.submit(_execute, p, nb) for name, kind, p, nb in jobs}
        return {key: future for key, future in futures.items()}


@pytest.mark.slow
def test_student_notebooks_run_top_to_bottom(runs):
    for path in NOTEBOOKS:
        notebook = runs[(path.name, "as handed out")].result()  # raises CellExecutionError
        for exercise_id, text in _check_outputs(notebook).items():
            assert "not answered yet" in text, f"{path.name} {exercise_id}: {text!r}"


@pytest.mark.slow
def test_the_right_answer_passes_every_check(runs):
    for path in NOTEBOOKS:
        notebook = runs[(path.name, "filled in")].result()
        outputs = _check_outputs(notebook)
        for exercise_id, text in outputs.items():
            assert f"{exercise_id}: correct" in text, f"{path.name} {exercise_id}: {text!r}"


def test_build_is_deterministic(tmp_path):
    first = build_student.build(ROOT / "notebooks", tmp_path / "first")
    again = build_student.build(ROOT / "notebooks", tmp_path / "again")
    for one, other in zip(first, again, strict=True):
        assert one.read_bytes() == other.read_bytes(), one.name
    assert (tmp_path / "again" / "docs" / "glossary.md").exists()

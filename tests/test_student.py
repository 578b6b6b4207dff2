"""The student edition (`make student`): tools/build_student.py and `unitevote.editions`,
checked against the notebooks.

Cell roles come from the tags of `unitevote.pattern` (solution, instructor, exercise):

- no instructor cell and no solution survives: no cell so tagged, no instructor note's text, no
  line that only a solution cell has, no verdict from the teacher's run;
- every exercise keeps its question, its `answer = ...` cell and its check cell; every cell
  tagged `exercise`, and every answer or check cell (by its pattern), keeps its source with its
  outputs cleared; every other cell is unchanged;
- one execution per notebook, of the self-study edition (the student edition plus folded
  solutions: markdown cells, never run; tests/test_self_study.py proves it is the student edition
  cell for cell once they are taken out), covers both ways a learner meets it: the notebook runs top
  to bottom as handed out (every check says "not answered yet"), and right after each check a
  cell runs the teacher's solution code on a copy of the kernel's namespace and checks its answer
  (every check says "correct"). The copy keeps the rest of the run exactly as handed out.
- the build is deterministic, also across processes with different hash seeds.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import copy
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tools import build_student
from tools.execute import async_run
from unitevote.editions import (
    FOLDED,
    is_folded_solution,
    self_study_edition,
    student_edition,
    write_notebook,
)
from unitevote.pattern import (
    CHECK_CALL,
    CHECK_MIME,
    EXERCISE,
    INSTRUCTOR,
    QUESTION,
    ROOT,
    SOLUTION,
    checked_id,
    has_tag,
    is_answer_stub,
    notebook_paths,
    source,
)

NOTEBOOKS = notebook_paths()
INSTRUCTOR_MARKS = ("> **Instructor note:**", "> **Instructor plan:**")
KERNELS = max(1, min(2, os.cpu_count() or 1))


def exercises(notebook) -> dict[str, dict]:
    """Each exercise of a (teacher or student) notebook: where its cells are, its solution code.

    Keyed by id ("02.3"): the indices of the question (markdown), the answer cell (`answer = ...`)
    and the check cell (the first cell not tagged solution that calls `unitevote.check("02.3",
    ...)` right after an answer cell), and the code of the solution cells that follow the check,
    joined, without their `unitevote.check(...)` lines.
    """
    found: dict[str, dict] = {}
    cells = notebook.cells
    for index, cell in enumerate(cells):
        exercise_id = checked_id(cell)
        if exercise_id is None or has_tag(cell, SOLUTION) or is_answer_stub(cell):
            continue
        earlier = [j for j in range(index) if cells[j].cell_type == "code"]
        earlier = [j for j in earlier if not has_tag(cells[j], SOLUTION)]
        if not earlier or not is_answer_stub(cells[earlier[-1]]):
            continue  # a check called outside the exercise pattern (a demonstration)
        question = next(
            (
                j
                for j in range(index - 1, -1, -1)
                if cells[j].cell_type == "markdown"
                and any(m["id"] == exercise_id for m in QUESTION.finditer(source(cells[j])))
            ),
            None,
        )
        code = []
        for later in cells[index + 1 :]:
            if not has_tag(later, SOLUTION):
                break
            if later.cell_type == "code":
                code.append(source(later))
        solution = "\n".join(
            line for line in "\n".join(code).splitlines() if not CHECK_CALL.search(line)
        )
        found[exercise_id] = {
            "question": question,
            "answer": earlier[-1],
            "check": index,
            "solution": solution.strip(),
        }
    return found


def _outputs_text(notebook) -> str:
    """Every textual output of a notebook, as one string."""
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(str(output.get("text", "")))
            for value in output.get("data", {}).values():
                parts.append(value if isinstance(value, str) else str(value))
    return "\n".join(parts)


def verdicts(cell) -> list[dict]:
    """The check records (`CHECK_MIME`) among a cell's outputs."""
    return [
        output["data"][CHECK_MIME]
        for output in cell.get("outputs", [])
        if CHECK_MIME in output.get("data", {})
    ]


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


def test_student_notebook_on_a_tagged_example():
    """The three roles on a minimal notebook, independent of the course's notebooks."""
    cell = nbformat.v4.new_code_cell
    output = nbformat.v4.new_output("stream", text="02.1: correct.\n")
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(
                "> **Instructor note:** x", metadata={"tags": [INSTRUCTOR]}
            ),
            nbformat.v4.new_markdown_cell("**Exercise 02.1.** How many?"),
            cell("answer = ...", metadata={"tags": [EXERCISE]}, execution_count=1),
            cell(
                'unitevote.check("02.1", answer)', metadata={"tags": [EXERCISE]}, outputs=[output]
            ),
            cell('answer = 3\nunitevote.check("02.1", answer)', metadata={"tags": [SOLUTION]}),
            cell("print(1)", outputs=[nbformat.v4.new_output("stream", text="1\n")]),
        ]
    )
    before = copy.deepcopy(notebook)
    student = student_edition(notebook)
    assert notebook == before, "the teacher notebook was changed"
    assert [source(c) for c in student.cells] == [
        "**Exercise 02.1.** How many?",
        "answer = ...",
        'unitevote.check("02.1", answer)',
        "print(1)",
    ]
    assert [c.get("outputs") for c in student.cells[1:3]] == [[], []]
    assert [c.execution_count for c in student.cells[1:3]] == [None, None]
    assert student.cells[3].outputs == before.cells[5].outputs


def test_no_instructor_cell_survives(edition):
    for path, _teacher, student in _pairs(edition):
        tagged = [c for c in student.cells if has_tag(c, INSTRUCTOR)]
        assert not tagged, f"{path.name}: a cell tagged {INSTRUCTOR!r} survived"
        for index, cell in enumerate(student.cells):
            text = source(cell).lstrip()
            assert not text.startswith(INSTRUCTOR_MARKS), (
                f"{path.name}: student cell {index} is an instructor note not tagged "
                f"{INSTRUCTOR!r}: {text[:60]!r}"
            )


def test_no_solution_survives(edition):
    for path, teacher, student in _pairs(edition):
        assert not any(has_tag(c, SOLUTION) for c in student.cells), path.name
        sources = "\n".join(source(c) for c in student.cells)
        text = sources + "\n" + _outputs_text(student)
        elsewhere = {
            line.strip()
            for c in teacher.cells
            if not has_tag(c, SOLUTION)
            for line in source(c).splitlines()
        }
        for cell in teacher.cells:
            if not has_tag(cell, SOLUTION):
                continue
            assert source(cell).strip() not in sources, f"{path.name}: a solution cell survived"
            for line in source(cell).splitlines():
                line = line.strip()
                if len(line) >= 15 and line not in elsewhere and not CHECK_CALL.search(line):
                    assert line not in text, f"{path.name}: solution text survived: {line!r}"
        left = [(i, v) for i, c in enumerate(student.cells) for v in verdicts(c)]
        assert not left, (
            f"{path.name}: check outputs of the teacher's run survived (tag those cells "
            f"{EXERCISE!r}): {left[:3]}"
        )
        assert ": correct" not in _outputs_text(student), path.name


def test_other_cells_are_kept_and_exercise_cells_cleared(edition):
    for path, teacher, student in _pairs(edition):
        kept = [c for c in teacher.cells if not (has_tag(c, SOLUTION) or has_tag(c, INSTRUCTOR))]
        assert len(kept) == len(student.cells), path.name
        for index, (before, after) in enumerate(zip(kept, student.cells, strict=True)):
            assert source(before) == source(after), f"{path.name} cell {index}"
            if has_tag(before, EXERCISE) or is_answer_stub(before) or checked_id(before):
                assert after.get("outputs", []) == [], f"{path.name} cell {index} keeps outputs"
                assert after.get("execution_count") is None, f"{path.name} cell {index}"
            else:
                assert before.get("outputs") == after.get("outputs"), f"{path.name} cell {index}"


def test_every_exercise_keeps_its_question_answer_and_check(edition):
    for path, teacher, student in _pairs(edition):
        expected = exercises(teacher)
        got = exercises(student)
        assert sorted(got) == sorted(expected), path.name
        for exercise_id, where in got.items():
            assert where["question"] is not None, f"{path.name}: {exercise_id} lost its question"
            for key in ("answer", "check"):
                cell = student.cells[where[key]]
                assert cell.outputs == [] and cell.execution_count is None, (
                    f"{path.name}: {exercise_id} {key} cell keeps an output"
                )
            assert expected[exercise_id]["solution"], (
                f"{path.name}: exercise {exercise_id} has no solution code cell after its check"
            )


# --- one execution per student notebook: as handed out, each check followed by the solution ---

FILLED_CELL = """\
_filled = dict(globals())  # the solution runs on a copy: later cells see the handed-out state
exec({code!r}, _filled)
unitevote.check({exercise_id!r}, _filled["answer"])"""


def handed_out_and_filled(teacher, student) -> tuple[nbformat.NotebookNode, dict[str, int]]:
    """The student notebook with, after each check cell, a cell checking the teacher's solution.

    Returns the notebook and, per exercise, the index of that added cell.
    """
    combined = copy.deepcopy(student)
    solutions = exercises(teacher)
    found = exercises(student)
    added = {}
    for exercise_id, where in sorted(found.items(), key=lambda item: -item[1]["check"]):
        code = solutions[exercise_id]["solution"]
        cell_id = "filled-" + exercise_id.replace(".", "-")
        cell = nbformat.v4.new_code_cell(
            FILLED_CELL.format(code=code, exercise_id=exercise_id), id=cell_id
        )
        combined.cells.insert(where["check"] + 1, cell)
        added[cell_id] = exercise_id
    index_of = {cell.get("id"): index for index, cell in enumerate(combined.cells)}
    return combined, {exercise_id: index_of[cell_id] for cell_id, exercise_id in added.items()}


@pytest.fixture(scope="module")
def runs(edition, tmp_path_factory):
    """Execute every self-study notebook once (the student edition plus folded solutions; see
    handed_out_and_filled), KERNELS at a time.

    On a copy of the edition, with `make execute`'s kernel and client (`tools.execute`), each
    notebook in a kernel of its own, driven from this process. Returns, per notebook, the
    executed notebook, where the added cells are, and the exercises found.
    """
    folder = tmp_path_factory.mktemp("student-run") / "student"
    shutil.copytree(edition, folder)
    planned = {}
    for path, teacher, _student in _pairs(edition):
        # The self-study edition: the student edition plus each worked solution folded in a
        # markdown cell under its check, so this one run covers both editions' "Run All".
        handed_out = self_study_edition(teacher)
        combined, added = handed_out_and_filled(teacher, handed_out)
        target = folder / "notebooks" / path.name
        write_notebook(combined, target)
        planned[path.name] = (target, added, exercises(handed_out))

    async def run_all():
        limit = asyncio.Semaphore(KERNELS)

        async def one(target):
            async with limit:
                return await async_run(target, timeout=600)

        targets = [target for target, _, _ in planned.values()]
        return await asyncio.gather(*(one(t) for t in targets), return_exceptions=True)

    # In a thread of its own: a browser test earlier on this worker may have left Playwright's
    # event loop running in this one. The kernels draw no chart pictures: this run reads verdicts.
    os.environ["UNITEVOTE_PICTURES"] = "0"
    try:
        with concurrent.futures.ThreadPoolExecutor(1) as thread:
            results = thread.submit(asyncio.run, run_all()).result()
    finally:
        del os.environ["UNITEVOTE_PICTURES"]
    executed = dict(zip(planned, results, strict=True))
    failed = {name: run for name, run in executed.items() if isinstance(run, BaseException)}
    assert not failed, "a student notebook does not run:\n" + "\n\n".join(
        f"== {name}\n{str(error)[-3000:]}" for name, error in failed.items()
    )
    return {
        name: (executed[name], added, found) for name, (_target, added, found) in planned.items()
    }


def _verdict(cell) -> tuple[str | None, str]:
    records = verdicts(cell)
    text = "".join(
        str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", "")) for o in cell.outputs
    )
    return (records[-1]["status"] if records else None), text


@pytest.mark.slow
def test_student_notebooks_run_unanswered_and_filled_in(runs):
    problems = []
    for name, (notebook, added, found) in runs.items():
        assert sorted(added) == sorted(found), name
        folds = [c for c in notebook.cells if has_tag(c, FOLDED)]
        assert len(folds) >= len(found), (
            f"{name}: {len(folds)} folded solutions, {len(found)} exercises"
        )
        assert all(is_folded_solution(c) for c in folds), (
            f"{name}: a folded solution is open or changed"
        )
        for exercise_id in found:
            check = notebook.cells[added[exercise_id] - 1]  # the added cell follows the check
            assert checked_id(check) == exercise_id, (name, exercise_id)
            status, text = _verdict(check)
            if status != "unanswered" or "not answered yet" not in text:
                problems.append(f"{name} {exercise_id} as handed out: {status} {text!r}")
            status, text = _verdict(notebook.cells[added[exercise_id]])
            if status != "correct" or f"{exercise_id}: correct" not in text:
                problems.append(f"{name} {exercise_id} filled in: {status} {text!r}")
    assert not problems, "\n".join(problems)


# --- determinism ---


def test_build_is_deterministic(edition, tmp_path):
    """Built again in another process, with another hash seed: the same bytes."""
    seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    subprocess.run(
        [sys.executable, "-m", "tools.build_student", "--out", str(tmp_path / "seeded")],
        cwd=ROOT,
        env=dict(os.environ, PYTHONHASHSEED=seed),
        check=True,
        capture_output=True,
    )
    built = sorted(p.relative_to(edition) for p in edition.rglob("*") if p.is_file())
    assert built, "the student edition is empty"
    for name in built:
        produced = tmp_path / "seeded" / name
        assert produced.is_file(), f"{name} is missing from the second build"
        assert (edition / name).read_bytes() == produced.read_bytes(), f"{name} differs"
    assert (tmp_path / "seeded" / "docs" / "glossary.md").exists()

"""A synthetic class built from the student edition, for `make report-demo`, the bench and tests.

Each synthetic submission is a course notebook as a student receives it (solution and instructor
cells removed, exercise outputs cleared) with its answer cells filled in: the right answer, the
value a misconception produces (from the exercise registry), a blank (`answer = ...` as handed
out), a wrong value no misconception explains, or an answer of the wrong type. What each
submission should show is computed with `unitevote.checks.evaluate`, the function the checks
themselves call.

Usage: python -m unitevote.report.demo OUT_FOLDER [--notebook 02] [--count 30] [--hostile]
"""

from __future__ import annotations

import argparse
import copy
import json
import numbers
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ClearOutputPreprocessor, TagRemovePreprocessor

from .. import pattern
from ..checks import REGISTRY, evaluate
from .course import check_cells, course_notebooks
from .run import NOT_REACHED, STATUS

# Code appended after a submission's first check cell, for each hostile behaviour, and whether the
# notebook stops there (later exercises "not reached") or runs on.
HOSTILE = {
    "infinite loop": ("while True:\n    pass", True),
    "unbounded memory": (
        "blocks = []\nwhile True:\n    blocks.append(bytearray(50_000_000))",
        True,
    ),
    "raises": ('raise ValueError("a learner\'s mistake")', True),
    "sys.exit": ("import sys\nsys.exit(3)", True),
    "os._exit": ("import os\nos._exit(1)", True),
    "kills its kernel": ("import os\nimport signal\nos.kill(os.getpid(), signal.SIGKILL)", True),
    "deletes files": (
        "import os\nimport shutil\nos.remove('../docs/glossary.md')\nfor name in os.listdir('.'):\n"
        "    os.remove(name)",
        False,
    ),
    "network": (
        "import urllib.request\ntry:\n    urllib.request.urlopen('http://example.com', timeout=5)\n"
        "except Exception as error:\n    print('no network:', type(error).__name__)",
        False,
    ),
    "prints megabytes": ("for _ in range(40):\n    print('x' * 100_000)", False),
}
# What the report's `problem` column says for each (a fragment of it).
HOSTILE_PROBLEM = {
    "infinite loop": "time limit",
    "unbounded memory": "memory limit",
    "raises": "raised ValueError",
    "sys.exit": "called sys.exit",
    "os._exit": "its kernel stopped",
    "kills its kernel": "its kernel stopped",
    "deletes files": "deleted files in its working folder",
    "network": "tried to reach the network",
    "prints megabytes": "output cut",
}


def student_edition(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook as a student receives it (as `make student` builds it)."""
    notebook = copy.deepcopy(notebook)
    remove = TagRemovePreprocessor(
        enabled=True,
        remove_cell_tags={pattern.SOLUTION, pattern.INSTRUCTOR},
        remove_all_outputs_tags={pattern.EXERCISE},
    )
    notebook, _ = remove.preprocess(notebook, {})
    for cell in notebook.cells:  # exercise cells not (yet) tagged: found by their pattern
        if pattern.is_answer_stub(cell) or pattern.checked_id(cell):
            ClearOutputPreprocessor().preprocess_cell(cell, {}, 0)
    return notebook


def literal(value) -> str:
    """Python source for an answer value (numpy numbers as plain numbers)."""
    if isinstance(value, bool):
        return repr(value)
    if isinstance(value, numbers.Integral):
        return repr(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, set | frozenset):
        return repr(sorted(str(v) for v in value)[0])
    if isinstance(value, list | tuple):
        return repr([str(v) for v in value])
    return repr(value)


def choices(exercise_id: str) -> list[tuple[str, str]]:
    """(label, answer source) for each kind of answer this exercise can be given."""
    spec = REGISTRY[exercise_id]()
    expected = spec.expected
    if spec.kind == "text" and not isinstance(expected, str):
        expected = sorted(expected)[0]
    options = [("right", literal(expected))]
    for item in spec.misconceptions:
        value = item.value
        if spec.kind == "text" and not isinstance(value, str):
            value = sorted(str(v) for v in value)[0]
        options.append((f"misconception: {item.name}", literal(value)))
    options.append(("blank", "..."))
    if spec.kind == "number":
        options.append(("wrong", literal(float(expected) * 3 + 7.25)))
        options.append(("wrong type", repr(f"{float(expected):.1f}%")))
    elif spec.kind == "text":
        options.append(("wrong", repr("nobody in particular")))
        options.append(("wrong type", "42"))
    else:
        options.append(("wrong", repr(["nothing"])))
        options.append(("wrong type", "42"))
    return options


@dataclass
class Planned:
    """A synthetic submission and what the report should show for it."""

    name: str
    notebook: str  # course notebook title
    expected: dict[str, tuple[str, str]] = field(
        default_factory=dict
    )  # id: (status, misconception)
    problem: str = ""  # a fragment of the problem column ("" when none is expected)
    rejected: str = ""  # a fragment of the reason it is set aside


def _expected(exercise_id: str, source: str) -> tuple[str, str]:
    namespace: dict = {}
    exec(f"answer = {source}", namespace)  # noqa: S102  (our own literal)
    feedback = evaluate(exercise_id, namespace["answer"])
    return STATUS[feedback.status], feedback.misconception or ""


def fill(notebook, answers: dict[str, str]):
    """Put `answer = <source>` in the answer cell before each exercise's check cell."""
    notebook = copy.deepcopy(notebook)
    for index, exercise_id in check_cells(notebook):
        if exercise_id not in answers:
            continue
        for back in range(index - 1, -1, -1):
            cell = notebook.cells[back]
            if pattern.is_answer_stub(cell):
                cell.source = f"answer = {answers[exercise_id]}"
                break
            if pattern.checked_id(cell):
                break
    return notebook


def write(notebook, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")


def build_class(
    out: Path, number: str = "02", count: int = 30, hostile: bool = False, bad_input: bool = False
) -> list[Planned]:
    """Write `count` synthetic submissions of notebook `number` into `out`; return the plan."""
    course = course_notebooks()
    entry = course[number]
    student = student_edition(nbformat.read(entry.path, as_version=4))
    ids = [exercise_id for _, exercise_id in check_cells(student)]
    options = {exercise_id: choices(exercise_id) for exercise_id in ids}
    planned = []
    for learner in range(count):
        answers, expected = {}, {}
        for position, exercise_id in enumerate(ids):
            label, source = options[exercise_id][(learner + position) % len(options[exercise_id])]
            answers[exercise_id] = source
            expected[exercise_id] = _expected(exercise_id, source)
        name = f"learner_{learner + 1:02d}.ipynb"
        write(fill(student, answers), out / name)
        planned.append(Planned(name, entry.title, expected))
    if hostile:
        right = {i: options[i][0][1] for i in ids}
        reached = {i: _expected(i, right[i]) for i in ids}
        for label, (code, stops) in HOSTILE.items():
            notebook = fill(student, right)
            first_check = check_cells(notebook)[0][0]
            notebook.cells.insert(first_check + 1, nbformat.v4.new_code_cell(code))
            name = f"hostile_{label.replace(' ', '_').replace('.', '_')}.ipynb"
            write(notebook, out / name)
            expected = {
                i: reached[i] if (not stops or i == ids[0]) else (NOT_REACHED, "") for i in ids
            }
            planned.append(Planned(name, entry.title, expected, HOSTILE_PROBLEM[label]))
    if bad_input:
        planned += write_bad_input(out, student, course, ids)
    return planned


def write_bad_input(out: Path, student, course, ids) -> list[Planned]:
    bad = out / "bad"
    bad.mkdir(parents=True, exist_ok=True)
    (bad / "not_json.ipynb").write_text("this is not a notebook {", encoding="utf-8")
    planned = [Planned("bad/not_json.ipynb", "", rejected="not valid JSON")]
    (bad / "binary.ipynb").write_bytes(b"\xff\xfe\x00garbage")
    planned.append(Planned("bad/binary.ipynb", "", rejected="not UTF-8"))
    (bad / "folder.ipynb").mkdir(exist_ok=True)
    planned.append(Planned("bad/folder.ipynb", "", rejected="unreadable"))
    (bad / "dangling.ipynb").unlink(missing_ok=True)
    (bad / "dangling.ipynb").symlink_to(bad / "nowhere.ipynb")
    planned.append(Planned("bad/dangling.ipynb", "", rejected="unreadable"))
    (bad / "json_not_notebook.ipynb").write_text(json.dumps({"hello": 1}), encoding="utf-8")
    planned.append(Planned("bad/json_not_notebook.ipynb", "", rejected="not a Jupyter notebook"))
    other = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("import otter\ngrader = otter.Notebook()\ngrader.check('q1')")
        ]
    )
    write(other, bad / "other_course.ipynb")
    planned.append(Planned("bad/other_course.ipynb", "", rejected="not a notebook of this course"))
    foreign = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell('unitevote.check("97.1", 1)')]
    )
    write(foreign, bad / "foreign_ids.ipynb")
    planned.append(Planned("bad/foreign_ids.ipynb", "", rejected="belong to no notebook"))
    title = course[ids[0][:2]].title
    deleted = copy.deepcopy(student)
    index = check_cells(deleted)[-1][0]
    del deleted.cells[index]
    write(deleted, bad / "exercise_deleted.ipynb")
    planned.append(Planned("bad/exercise_deleted.ipynb", title, rejected="exercises deleted"))
    duplicated = copy.deepcopy(student)
    index = check_cells(duplicated)[0][0]
    twin = copy.deepcopy(duplicated.cells[index])
    twin.id = f"{twin.get('id', 'cell')}-again"
    duplicated.cells.insert(index + 1, twin)
    write(duplicated, bad / "exercise_duplicated.ipynb")
    planned.append(Planned("bad/exercise_duplicated.ipynb", title, rejected="duplicated"))
    return planned


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic class of submissions.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--notebook", default="02", help="course notebook number (02)")
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument(
        "--hostile", action="store_true", help="add one submission per hostile case"
    )
    parser.add_argument("--bad-input", action="store_true", help="add unreadable and foreign files")
    args = parser.parse_args(argv)
    planned = build_class(args.out, args.notebook, args.count, args.hostile, args.bad_input)
    print(f"wrote {len(planned)} synthetic submissions of notebook {args.notebook} to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

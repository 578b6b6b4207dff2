"""Read one handed-in notebook: which course notebook it is, and the copy the report will run.

The copy is the learner's notebook with

- every saved output cleared (a hand-in was run before it was saved; its outputs are never read as
  results, only compared with the fresh run's);
- each exercise's check cell restored from the course's own notebook, as nbgrader restores graded
  cells: the learner's copy of a check cell is not trusted. A check cell is found by its cell id
  (the student edition keeps the course's ids) or, failing that, by a real `unitevote.check`
  call (parsed, not matched as text). An edited check cell is reported, a deleted one is put back
  after its answer cell, and an exercise whose answer and check cells were both deleted is
  reported as deleted.

What the learner changed is kept as findings, in words a teacher can pass on ("the check cell
was edited (a bracket is not closed): the course's check cell ran instead").
"""

from __future__ import annotations

import copy
import errno
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .. import pattern
from .course import (
    CourseNotebook,
    answer_cell_before,
    assigns_answer,
    check_calls,
    exercise_key,
    parse_cell,
)
from .sandbox import NotARegularFile, read_regular_file

__all__ = ["Prepared", "cell_words", "prepare", "read_notebook", "syntax_words"]


@dataclass
class Prepared:
    """A recognised notebook and the copy of it that runs."""

    entry: CourseNotebook
    copy: nbformat.NotebookNode
    checks: dict[int, str] = field(default_factory=dict)  # cell index in the copy: exercise
    answers: dict[str, int] = field(default_factory=dict)  # exercise: its answer cell's index
    deleted: dict[str, str] = field(default_factory=dict)  # exercise: what is missing
    findings: dict[str, list[str]] = field(default_factory=dict)  # exercise ("" for all): notes
    saved: dict[str, list] = field(default_factory=dict)  # exercise: records saved in the file

    def note(self, exercise_id: str, text: str) -> None:
        """Add a finding about one exercise ("" for the notebook as a whole)."""
        self.findings.setdefault(exercise_id, []).append(text)


def read_notebook(path: Path) -> tuple[nbformat.NotebookNode | None, str]:
    """The notebook at `path`, or None and why it cannot be read, in a teacher's words.

    Never through a link (a link in the folder would have the report read, and run, a file from
    elsewhere on the teacher's machine as a learner's work), never from a pipe or a device (a
    pipe would block the report).
    """
    try:
        raw = read_regular_file(path)
    except IsADirectoryError:
        return None, "unreadable: it is a folder, not a file"
    except NotARegularFile:
        return None, "unreadable: not a file (a pipe or a device): ask for the .ipynb file"
    except OSError as error:
        if error.errno == errno.ELOOP:
            return (
                None,
                "unreadable: a link to another file, not a notebook: ask for the .ipynb file itself",
            )
        return None, f"unreadable: {error.strerror or error}"
    if raw.lstrip()[:1] == b"<":
        return (
            None,
            "an HTML page saved with the .ipynb name (a download of the page?): ask for the .ipynb file itself",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, "not a notebook: the file is not UTF-8 text (damaged, or another kind of file)"
    try:
        json.loads(text)
    except (ValueError, RecursionError) as error:  # RecursionError: arrays nested thousands deep
        return (
            None,
            f"not a notebook: not valid JSON ({error}); the file may be damaged or cut short",
        )
    try:
        notebook = nbformat.reads(text, as_version=4)
        cells = notebook.get("cells")
        if not isinstance(cells, list) or not all(isinstance(c, dict) for c in cells):
            raise ValueError("it has no list of cells")
        for cell in cells:
            cell.setdefault("cell_type", "raw")
            cell["source"] = (
                pattern.source(cell) if isinstance(cell.get("source", ""), str | list) else ""
            )
    except Exception as error:
        return None, f"not a Jupyter notebook: {str(error).splitlines()[0][:200]}"
    return notebook, ""


def syntax_words(error: SyntaxError) -> str:
    """A SyntaxError in a teacher's words, with the line of the cell where it is."""
    message = (error.msg or "").lower()
    if "never closed" in message or "incomplete input" in message or "eof" in message:
        words = "a bracket is not closed"
    elif "unmatched" in message or "does not match" in message:
        words = "a closing bracket has no opening one"
    elif "unterminated" in message or "eol while scanning" in message:
        words = "a quotation mark is missing"
    elif "indent" in message:
        words = "the indentation is wrong"
    elif "expected ':'" in message:
        words = "a colon is missing"
    elif "invalid decimal literal" in message or "invalid character" in message:
        words = f"Python cannot read it ({error.msg})"
    else:
        words = f"Python cannot read it ({error.msg or 'invalid syntax'})"
    return words + (
        f", line {error.lineno} of the cell" if error.lineno and error.lineno > 1 else ""
    )


def _first_line(source: str, width: int = 50) -> str:
    for line in source.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            line = line.strip()
            return line if len(line) <= width else line[: width - 1] + "…"
    return "(empty)"


_HEADING = re.compile(r"^#{1,4}\s+(.+)$", re.MULTILINE)


def cell_words(notebook, index: int, roles: dict[int, str] | None = None) -> str:
    """A cell as the learner sees it: its role, or its first line and the section it is in."""
    if roles and index in roles:
        return roles[index]
    if index is None or not 0 <= index < len(notebook.cells):
        return "a cell"
    section = ""
    for back in range(index - 1, -1, -1):
        cell = notebook.cells[back]
        if cell.get("cell_type") == "markdown":
            headings = _HEADING.findall(pattern.source(cell))
            if headings:
                section = headings[-1].strip().strip("*").strip()
                break
    line = _first_line(pattern.source(notebook.cells[index]))
    return f"the cell `{line}`" + (f" in “{section[:60]}”" if section else "")


def _normal(source: str) -> str:
    return " ".join(source.split())


def _edited(learner: str, course: str, exercise_id: str) -> str:
    """What changed in a check cell, in a teacher's words."""
    tree = parse_cell(learner)
    if isinstance(tree, SyntaxError):
        return f"the check cell was edited ({syntax_words(tree)})"
    ids = check_calls(learner)
    if not ids:
        return f"the check cell was edited and no longer calls the check (`{_first_line(learner)}`)"
    if ids[0] != exercise_id:
        return (
            f"its check cell checks {ids[0]} where the course checks {exercise_id} "
            "(a notebook from another version of the course?)"
        )
    kept = {_normal(line) for line in course.splitlines()}
    added = [line for line in learner.splitlines() if line.strip() and _normal(line) not in kept]
    if added:
        return (
            f"the check cell was edited (it now also runs `{_first_line(chr(10).join(added), 70)}`)"
        )
    return f"the check cell was edited (`{_first_line(learner, 70)}`)"


def _saved_records(cell, mime: str) -> list:
    found = []
    for output in cell.get("outputs", []) or []:
        data = output.get("data") if isinstance(output, dict) else None
        if isinstance(data, dict) and mime in data:
            found.append(data[mime])
    return found


def _clear(cell) -> None:
    if cell.get("cell_type") == "code":
        cell["outputs"] = []
        cell["execution_count"] = None


def recognise(notebook, course: dict[str, CourseNotebook]) -> tuple[CourseNotebook | None, str]:
    """Which course notebook this is, from its check cells' ids and calls; or None and why not."""
    by_cell_id = {}
    for entry in course.values():
        for exercise_id, cell_id in entry.check_ids.items():
            by_cell_id[cell_id] = (entry.number, exercise_id)
    numbers_by_id, calls = set(), []
    for cell in notebook.cells:
        if cell.get("cell_type") != "code":
            continue
        if cell.get("id") in by_cell_id:
            numbers_by_id.add(by_cell_id[cell["id"]][0])
        calls += check_calls(pattern.source(cell))
    numbers = {exercise_id.split(".")[0] for exercise_id in calls}
    if not calls and not numbers_by_id:
        return None, (
            "not a notebook of this course: no cell calls unitevote.check (another course's "
            "notebook, or every exercise was deleted)"
        )
    known = (numbers | numbers_by_id) & set(course)
    if not known:
        ids = ", ".join(sorted(set(calls), key=exercise_key))
        return None, (
            f"not a notebook of this course: its exercises ({ids}) belong to no notebook of "
            "this course"
        )
    if len(known) > 1:
        return None, (
            f"mixes the exercises of notebooks {' and '.join(sorted(known))}: ask for one "
            "notebook per file"
        )
    return course[known.pop()], ""


def _find_check_cells(cells, entry: CourseNotebook, found: Prepared, notebook) -> dict[str, int]:
    """exercise: index of the learner's check cell (by the course's cell id, else a real call)."""
    slots: dict[str, int] = {}
    ids = {cell.get("id"): index for index, cell in enumerate(cells) if cell.get("id")}
    for exercise_id in entry.exercises:
        index = ids.get(entry.check_ids.get(exercise_id))
        if index is not None and cells[index].get("cell_type") == "code":
            slots[exercise_id] = index
    for index, cell in enumerate(cells):
        if cell.get("cell_type") != "code" or index in slots.values():
            continue
        for exercise_id in check_calls(pattern.source(cell))[:1]:
            if exercise_id not in entry.exercises:
                found.note(
                    "",
                    f"{cell_words(notebook, index)} checks {exercise_id}, which is not an "
                    f"exercise of {entry.title} in this version of the course: not judged",
                )
            elif exercise_id not in slots:
                slots[exercise_id] = index
            else:
                found.note(
                    exercise_id,
                    f"another cell also checks {exercise_id} ({cell_words(notebook, index)}); "
                    "it ran as the learner wrote it",
                )
    return slots


def prepare(notebook, entry: CourseNotebook) -> Prepared:
    """The copy of `notebook` to run, with its check cells restored and its outputs cleared."""
    cells = [copy.deepcopy(cell) for cell in notebook.cells]
    found = Prepared(entry, nbformat.v4.new_notebook(metadata=copy.deepcopy(notebook.metadata)))
    ids = {cell.get("id"): index for index, cell in enumerate(cells) if cell.get("id")}
    answer_cells = {
        exercise_id: cells[ids[cell_id]]
        for exercise_id, cell_id in entry.answers.items()
        if cell_id in ids
    }
    placed: dict[str, dict] = {}  # exercise: the check cell that runs
    after: dict[str, dict] = {}  # exercise: the cell its restored check cell goes after
    for exercise_id, index in _find_check_cells(cells, entry, found, notebook).items():
        cell, course = cells[index], entry.checks[exercise_id]
        learner = pattern.source(cell)
        found.saved[exercise_id] = _saved_records(cell, pattern.CHECK_MIME)
        if _normal(learner) == _normal(course):
            placed[exercise_id] = cell
        elif assigns_answer(learner):  # False for a cell that does not parse
            after[exercise_id] = answer_cells[exercise_id] = cell
            found.note(
                exercise_id,
                "the check cell also sets `answer`: it ran as the learner wrote it, followed by "
                "the course's check cell",
            )
        else:
            edited = _edited(learner, course, exercise_id)
            found.note(exercise_id, edited + ": the course's check cell ran instead")
            cell["source"] = course
            placed[exercise_id] = cell
    for exercise_id in entry.exercises:
        if exercise_id in placed or exercise_id in after or exercise_id not in entry.checks:
            continue
        if exercise_id not in answer_cells:
            found.deleted[exercise_id] = (
                "its answer and check cells are missing (deleted, or a notebook from another "
                "version of the course)"
            )
            continue
        after[exercise_id] = answer_cells[exercise_id]
        found.note(
            exercise_id,
            "its check cell was deleted: the course's check cell was put back after the answer cell",
        )
    for exercise_id, previous in after.items():
        restored = nbformat.v4.new_code_cell(entry.checks[exercise_id])
        cells.insert(next(i for i, c in enumerate(cells) if c is previous) + 1, restored)
        placed[exercise_id] = restored
    for cell in cells:
        _clear(cell)
    found.copy.cells = cells
    index_of = {id(cell): index for index, cell in enumerate(cells)}
    for exercise_id in entry.exercises:
        if exercise_id not in placed:
            continue
        index = index_of[id(placed[exercise_id])]
        found.checks[index] = exercise_id
        answer = answer_cells.get(exercise_id)
        answer_index = index_of[id(answer)] if answer is not None else None
        if answer_index is None or answer_index > index:
            answer_index = answer_cell_before(found.copy, index)
        if answer_index is not None:
            found.answers[exercise_id] = answer_index
    found.checks = dict(sorted(found.checks.items()))
    return found

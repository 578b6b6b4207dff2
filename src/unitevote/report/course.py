"""What the report knows about the course: its notebooks, their exercises, the teaching notes.

Everything is read from the course itself, never repeated here: exercise ids, check cells and
answer cells from the teacher notebooks (solution cells left out) or, where the notebooks are not
at hand, ids from the exercise registry; teaching notes from the teacher guide (the shared
misconception table and each lesson's "Misconceptions and how to address them" paragraph).

A check is a real call, found by parsing the cell: a top-level statement
`unitevote.check("NN.k", ...)`. A comment, a string or a call inside an `if` that mentions
`unitevote.check` is not one.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .. import pattern
from ..checks import REGISTRY, exercise_key

GUIDE = pattern.ROOT / "docs" / "teacher_guide.md"
EXERCISE_ID = re.compile(rf"^{pattern.EXERCISE_ID}$")

__all__ = [
    "CourseNotebook",
    "TeachingNotes",
    "advice",
    "answer_cell_before",
    "assigns_answer",
    "check_calls",
    "check_cells",
    "course_notebooks",
    "exercise_key",
    "parse_cell",
    "teaching_notes",
]


@dataclass
class CourseNotebook:
    """One notebook of the course as the report needs it.

    `checks` and `answers` map each exercise id to the source of its check cell and to the cell
    id of its answer cell (`answer = ...`) in the teacher notebook; `check_ids` maps each exercise
    to its check cell's id. They are empty where only the registry is at hand.
    """

    number: str  # "02"
    title: str  # "02 Results arithmetic"
    exercises: list[str] = field(default_factory=list)
    path: Path | None = None  # the teacher notebook, where it is at hand
    checks: dict[str, str] = field(default_factory=dict)
    check_ids: dict[str, str] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)


def _title(path: Path) -> str:
    number, _, rest = path.stem.partition("_")
    return f"{number} {rest.replace('_', ' ').capitalize()}"


def parse_cell(source: str) -> ast.Module | SyntaxError:
    """The cell's syntax tree, or the SyntaxError Python gives (IPython magics read as blank)."""
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError as error:
        return error
    except ValueError as error:  # null bytes
        return SyntaxError(str(error))
    except (RecursionError, MemoryError):  # `a[0][0]...` or `-----...1` thousands deep
        return SyntaxError("too deeply nested for Python to read")


def check_calls(source: str) -> list[str]:
    """The exercise ids of the real `unitevote.check("NN.k", ...)` calls at the top of a cell."""
    tree = parse_cell(source)
    if isinstance(tree, SyntaxError):
        return []
    found = []
    for statement in tree.body:
        call = statement.value if isinstance(statement, ast.Expr) else None
        if not isinstance(call, ast.Call) or not call.args:
            continue
        function = call.func
        if not (
            isinstance(function, ast.Attribute)
            and function.attr == "check"
            and isinstance(function.value, ast.Name)
            and function.value.id == "unitevote"
        ):
            continue
        first = call.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            if EXERCISE_ID.match(first.value):
                found.append(first.value)
    return found


def assigns_answer(source: str) -> bool:
    """Whether a cell sets `answer` at its top level (`answer = ...`, `answer: float = ...`)."""
    tree = parse_cell(source)
    if isinstance(tree, SyntaxError):
        return False
    for statement in tree.body:
        targets = []
        if isinstance(statement, ast.Assign):
            targets = statement.targets
        elif isinstance(statement, ast.AnnAssign | ast.AugAssign):
            targets = [statement.target]
        if any(isinstance(t, ast.Name) and t.id == "answer" for t in targets):
            return True
    return False


def check_cells(notebook) -> list[tuple[int, str]]:
    """(cell index, exercise id) of each check cell a learner has (solution cells left out)."""
    found = []
    for index, cell in enumerate(notebook.cells):
        if cell.get("cell_type") != "code" or pattern.has_tag(cell, pattern.SOLUTION):
            continue
        for exercise_id in check_calls(pattern.source(cell))[:1]:
            found.append((index, exercise_id))
    return found


def answer_cell_before(notebook, index: int) -> int | None:
    """The index of the answer cell (it sets `answer`) between the previous check and `index`."""
    for back in range(index - 1, -1, -1):
        cell = notebook.cells[back]
        if cell.get("cell_type") != "code" or pattern.has_tag(cell, pattern.SOLUTION):
            continue
        if check_calls(pattern.source(cell)):
            return None
        if pattern.is_answer_stub(cell) or assigns_answer(pattern.source(cell)):
            return back
    return None


def _read_course_notebook(number: str, path: Path) -> CourseNotebook:
    entry = CourseNotebook(number, _title(path), path=path)
    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception:  # a notebook being edited: fall back on the registry
        return entry
    for index, exercise_id in check_cells(notebook):
        if exercise_id in entry.checks:
            continue
        entry.exercises.append(exercise_id)
        entry.checks[exercise_id] = pattern.source(notebook.cells[index])
        entry.check_ids[exercise_id] = notebook.cells[index].get("id", "")
        answer = answer_cell_before(notebook, index)
        if answer is not None:
            entry.answers[exercise_id] = notebook.cells[answer].get("id", "")
    return entry


def course_notebooks(notebooks_dir: Path | None = None) -> dict[str, CourseNotebook]:
    """The course's notebooks by number, each with its exercises in order."""
    from .. import exercises  # noqa: F401  (registers every exercise module)

    course: dict[str, CourseNotebook] = {}
    for path in pattern.notebook_paths(notebooks_dir or pattern.NOTEBOOKS_DIR):
        course[path.name[:2]] = _read_course_notebook(path.name[:2], path)
    for exercise_id in sorted(REGISTRY, key=exercise_key):
        number = exercise_id.split(".")[0]
        entry = course.setdefault(number, CourseNotebook(number, f"Notebook {number}"))
        if not entry.checks and exercise_id not in entry.exercises:
            entry.exercises.append(exercise_id)
    return {number: entry for number, entry in sorted(course.items()) if entry.exercises}


# --- teaching notes from the teacher guide ---

_NAME = re.compile(r"\*([^*]+)\*")
# One or more *names*, each with an optional "(02.4, 02.5)", joined by "and", "/" or commas, then
# a colon: "*The sign of a change* (03.3) and *measuring ...* (03.4): note".
_HEADER = re.compile(r"((?:\*[^*]+\*\s*(?:\([^)]*\))?[\s,/]*(?:and\s+|or\s+)?)+)\s*:")
_LESSON = re.compile(r"^## (\d\d) ", re.MULTILINE)
_HEADING = re.compile(r"^\*\*Misconceptions[^*]*\*\*", re.MULTILINE)


def normal(name: str) -> str:
    """A misconception's name as the notes are keyed (case and spacing ignored)."""
    return " ".join(name.casefold().split())


def _shared_table(text: str) -> dict[str, str]:
    """The shared table: | Misconception | What the learner did | How to address it |."""
    notes: dict[str, str] = {}
    columns: list[str] | None = None
    for line in text.splitlines():
        if not line.startswith("|"):
            columns = None if not notes else columns
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells and cells[0].casefold() == "misconception":
            columns = [cell.casefold() for cell in cells]
            continue
        if columns is None or set(line) <= set("|-: "):
            continue
        row = dict(zip(columns, cells, strict=False))
        how = row.get("how to address it", "")
        if how:
            notes[normal(cells[0])] = how
    return notes


def _misconception_block(section: str) -> list[str]:
    """The paragraph (or list items) after a lesson's "**Misconceptions...**" heading."""
    heading = _HEADING.search(section)
    if heading is None:
        return []
    chunks = section[heading.end() :].split("\n\n")
    block = [chunks[0]] if chunks[0].strip() else []
    for chunk in chunks[1:]:
        if not chunk.lstrip().startswith("- "):
            break
        block.append(chunk)
    items: list[str] = []
    for chunk in block:
        for item in re.split(r"^\s*- ", chunk, flags=re.MULTILINE):
            if item.strip():
                items.append(" ".join(item.split()))
    return items


def _lesson_notes(text: str) -> dict[str, dict[str, str]]:
    """{notebook number: {misconception: note}} from each lesson's misconception paragraph."""
    notes: dict[str, dict[str, str]] = {}
    lessons = list(_LESSON.finditer(text))
    for position, lesson in enumerate(lessons):
        end = lessons[position + 1].start() if position + 1 < len(lessons) else len(text)
        for item in _misconception_block(text[lesson.start() : end]):
            headers = list(_HEADER.finditer(item))
            for index, header in enumerate(headers):
                stop = headers[index + 1].start() if index + 1 < len(headers) else len(item)
                note = item[header.end() : stop].strip().rstrip(";").strip()
                if not note:
                    continue
                note = note[0].upper() + note[1:]
                for name in _NAME.findall(header.group(1)):
                    notes.setdefault(lesson.group(1), {})[normal(name)] = note
    return notes


@dataclass
class TeachingNotes:
    """The guide's notes: the shared table's, and each lesson's by notebook number."""

    shared: dict[str, str]
    lessons: dict[str, dict[str, str]]
    source: str

    def note(self, notebook: str, misconception: str) -> str | None:
        """The lesson's note on a misconception, else the shared table's, else None."""
        key = normal(misconception)
        return self.lessons.get(notebook, {}).get(key) or self.shared.get(key)


def teaching_notes(guide: Path | None = None) -> TeachingNotes:
    """The teacher guide's notes on each misconception (empty if the guide is not at hand)."""
    path = Path(guide) if guide else GUIDE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return TeachingNotes({}, {}, f"{path} (not found)")
    return TeachingNotes(_shared_table(text), _lesson_notes(text), str(path))


def advice(exercise_id: str, misconception: str) -> str:
    """The hint the check itself gives for a misconception (used where the guide has no note)."""
    from ..checks import HINTS

    try:
        spec = REGISTRY[exercise_id]()
    except Exception:
        spec = None
    for item in getattr(spec, "misconceptions", ()):
        if item.name == misconception:
            return item.advice
    return HINTS.get(misconception, "")

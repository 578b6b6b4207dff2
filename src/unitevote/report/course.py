"""What the report knows about the course: its notebooks, their exercises, the teaching notes.

Everything is read from the course itself, never repeated here: exercise ids from the teacher
notebooks' check cells (`pattern.checked_id`, solution cells left out) or, where the notebooks are
not at hand, from the exercise registry; teaching notes from the teacher guide (the shared
misconception table and each lesson's "Misconceptions and how to address them" paragraph).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .. import pattern
from ..checks import REGISTRY

GUIDE = pattern.ROOT / "docs" / "teacher_guide.md"


def exercise_key(exercise_id: str) -> list[int]:
    return [int(part) for part in exercise_id.split(".")]


@dataclass
class CourseNotebook:
    number: str  # "02"
    title: str  # "02 Results arithmetic"
    exercises: list[str] = field(default_factory=list)
    path: Path | None = None  # the teacher notebook, where it is at hand


def _title(path: Path) -> str:
    number, _, rest = path.stem.partition("_")
    return f"{number} {rest.replace('_', ' ').capitalize()}"


def check_cells(notebook) -> list[tuple[int, str]]:
    """(cell index, exercise id) of each check cell a learner has (solution cells left out)."""
    found = []
    for index, cell in enumerate(notebook.cells):
        if pattern.has_tag(cell, pattern.SOLUTION):
            continue
        exercise_id = pattern.checked_id(cell)
        if exercise_id:
            found.append((index, exercise_id))
    return found


def course_notebooks(notebooks_dir: Path | None = None) -> dict[str, CourseNotebook]:
    """The course's notebooks by number, each with its exercises in order."""
    from .. import exercises  # noqa: F401  (registers every exercise module)

    course: dict[str, CourseNotebook] = {}
    for path in pattern.notebook_paths(notebooks_dir or pattern.NOTEBOOKS_DIR):
        number = path.name[:2]
        try:
            ids = [i for _, i in check_cells(nbformat.read(path, as_version=4))]
        except Exception:  # a notebook being edited: fall back on the registry
            ids = []
        course[number] = CourseNotebook(number, _title(path), list(dict.fromkeys(ids)), path)
    for exercise_id in sorted(REGISTRY, key=exercise_key):
        number = exercise_id.split(".")[0]
        entry = course.setdefault(number, CourseNotebook(number, f"Notebook {number}"))
        if entry.path is None and exercise_id not in entry.exercises:
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
    shared: dict[str, str]
    lessons: dict[str, dict[str, str]]
    source: str

    def note(self, notebook: str, misconception: str) -> str | None:
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

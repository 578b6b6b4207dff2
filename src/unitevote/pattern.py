"""The course's notebook pattern, defined once: the notebooks, the cell tags, the output types.

Builders (`tools/`), tests and the class report import these names instead of repeating a glob,
a tag or a regular expression.

Cell roles are cell tags (cell metadata `"tags": [...]`):

- `solution`: a worked answer (code, or the markdown explaining it). Removed from the student
  edition; folded behind "Show solution" on the site.
- `instructor`: a note for the teacher (markdown starting `> **Instructor note:**`, or the plan).
  Removed from the student edition; kept in the teacher notebooks, the teacher guide and the site.
- `exercise`: a cell whose output depends on the learner's own answers: the `answer = ...` cell,
  the `unitevote.check(...)` cell, and the `unitevote.progress(...)` cell. Kept in the student
  edition with its outputs cleared.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS_DIR = ROOT / "notebooks"
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"

SOLUTION = "solution"
INSTRUCTOR = "instructor"
EXERCISE = "exercise"
TAGS = (SOLUTION, INSTRUCTOR, EXERCISE)

# What a chart output holds: the interactive spec (JupyterLab, the site), a static picture
# (GitHub, nbviewer, exported HTML) and a bitmap of it (see `unitevote.theme.chart_bundle`).
VEGALITE_MIME = "application/vnd.vegalite.v5+json"
SVG_MIME = "image/svg+xml"
PNG_MIME = "image/png"
# The machine-readable verdict of a check, beside the sentence the learner reads.
CHECK_MIME = "application/vnd.unitevote.check+json"

# An exercise id: the notebook's two digits, a dot, the exercise's number ("02.3").
EXERCISE_ID = r"\d\d\.\d+"
# `answer = ...` (the learner's cell, as handed out) and `unitevote.check("02.3", answer)`.
ANSWER_STUB = re.compile(r"^\s*answer\s*=\s*\.\.\.\s*(?:#.*)?$")
CHECK_CALL = re.compile(rf"""\bunitevote\.check\(\s*["'](?P<id>{EXERCISE_ID})["']""")
QUESTION = re.compile(rf"\*\*Exercise (?P<id>{EXERCISE_ID})\.\*\*")
KEY_POINTS = "## Key points"
GOING_FURTHER = "## Going further"


def notebook_paths(folder: Path | str = NOTEBOOKS_DIR) -> list[Path]:
    """The course's notebooks, in order (`NN_name.ipynb`)."""
    return sorted(Path(folder).glob(NOTEBOOK_GLOB))


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def has_tag(cell, tag: str) -> bool:
    return tag in tags(cell)


def source(cell) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else text


def is_answer_stub(cell) -> bool:
    return cell.get("cell_type") == "code" and bool(ANSWER_STUB.match(source(cell)))


def checked_id(cell) -> str | None:
    """The exercise id a code cell checks (`unitevote.check("02.3", ...)`), or None."""
    if cell.get("cell_type") != "code":
        return None
    match = CHECK_CALL.search(source(cell))
    return match["id"] if match else None


# Sections outside a lesson's core path and its stated time (still checked, still in the class
# report): a "## " heading that starts with one of these and says "(optional)".
MORE_PRACTICE = "## More practice"
OPTIONAL_SECTIONS = (GOING_FURTHER, MORE_PRACTICE)
OPTIONAL_MARK = "(optional)"


def is_optional_heading(line: str) -> bool:
    """Whether a markdown line opens an optional section ("## More practice (optional)")."""
    return line.startswith(OPTIONAL_SECTIONS) and OPTIONAL_MARK in line

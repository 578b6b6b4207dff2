"""The course's editions of a notebook, and the one way a notebook is written to disk.

- `student_edition(notebook)`: the notebook as a student receives it: every cell tagged
  `solution` or `instructor` removed, every cell tagged `exercise` (and any answer or check cell
  not yet tagged, found by its pattern) kept with its outputs cleared, so no verdict from the
  teacher's run survives. `make student`, the offline site, the class report's demo and the
  tests all build it here.
- `self_study_edition(notebook)`: the student edition for a learner working alone: the same
  cells, plus each worked solution folded under its exercise's check in one added markdown cell
  (see `folded_solution`). Nothing else differs, so "Run All" runs exactly what the student
  edition runs and every check still says "not answered". `make self-study` builds it.
- `write_notebook(notebook, path)`: validated, `nbformat.writes(...) + "\\n"`, so that a
  re-executed, normalised or built notebook has stable bytes.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat

from . import pattern

# Cells a student never sees, and cells whose outputs depend on the student's own answers.
REMOVED_TAGS = frozenset({pattern.SOLUTION, pattern.INSTRUCTOR})
CLEARED_TAGS = frozenset({pattern.EXERCISE})


def is_cleared(cell) -> bool:
    """Whether a cell's outputs depend on the learner's answers (so the editions clear them)."""
    return (
        any(pattern.has_tag(cell, tag) for tag in CLEARED_TAGS)
        or pattern.is_answer_stub(cell)
        or pattern.checked_id(cell) is not None
    )


def student_edition(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student edition of one (teacher) notebook: a new notebook, the input is not changed."""
    notebook = copy.deepcopy(notebook)
    kept = []
    for cell in notebook.cells:
        if any(pattern.has_tag(cell, tag) for tag in REMOVED_TAGS):
            continue
        if cell.get("cell_type") == "code" and is_cleared(cell):
            cell.outputs = []
            cell.execution_count = None
            for volatile in ("collapsed", "scrolled"):
                cell.metadata.pop(volatile, None)
        kept.append(cell)
    notebook.cells = kept
    return notebook


# --------------------------------------------------------------------------- self-study edition

# The tag of the markdown cell that holds a folded solution (only the self-study edition has one).
FOLDED = "folded-solution"
# What a fold's opening tag is: <details> with no `open` attribute, i.e. closed until clicked.
_DETAILS = re.compile(r"<details(?P<attrs>[^>]*)>")


def self_study_edition(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The self-study edition of one (teacher) notebook: a new notebook, the input is not changed.

    It is `student_edition(notebook)` with one markdown cell added wherever the teacher notebook
    has a run of cells tagged `solution` (instructor cells in between do not break a run): the
    run folded by `folded_solution`, in the same place, i.e. right under the exercise's check.
    Every other cell is the student edition's, in the same order, so "Run All" runs exactly what
    the student edition runs (a markdown cell is never executed): every check says "not
    answered" until the learner answers. A run of solution cells that follows no exercise (a
    model answer to a writing task) is folded the same way, as a model answer.
    """
    student = iter(student_edition(notebook).cells)
    kept = []
    run: list = []
    for cell in notebook.cells:
        if pattern.has_tag(cell, pattern.SOLUTION):
            run.append(cell)
            continue
        if pattern.has_tag(cell, pattern.INSTRUCTOR):
            continue
        if run:
            kept.append(folded_solution(run, _exercise_before(kept)))
            run = []
        kept.append(next(student))
    if run:
        kept.append(folded_solution(run, _exercise_before(kept)))
    edition = copy.deepcopy(notebook)
    edition.cells = kept
    return edition


def _exercise_before(cells: list) -> str | None:
    """The exercise whose check is the last of `cells` (None if that cell is no check)."""
    return pattern.checked_id(cells[-1]) if cells else None


def _fence(text: str) -> str:
    """A code fence longer than any run of backticks in `text`."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _printed(cell) -> str:
    """What a solution's code printed (stdout, or a plain-text result), never a check's verdict."""
    parts = []
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "stream" and output.get("name") == "stdout":
            parts.append(pattern.source({"source": output.get("text", "")}))
        elif kind == "execute_result":
            data = output.get("data", {})
            if pattern.CHECK_MIME not in data and "text/plain" in data:
                parts.append(pattern.source({"source": data["text/plain"]}) + "\n")
    return "".join(parts).rstrip("\n")


def folded_solution(cells: list, exercise_id: str | None = None) -> nbformat.NotebookNode:
    """One markdown cell holding `cells` (a worked solution) folded, closed until clicked.

    The cell is what Markdown renderers everywhere fold natively (JupyterLab, GitHub's and
    nbviewer's previews, `jupyter nbconvert --to html`): a `<details>` element without `open`,
    its `<summary>` the one visible line of the fold. Before it, a short visible line says to
    try the exercise first and what the fold holds, without a word of the answer. Inside, in
    the teacher notebook's order: each code cell as a fenced ```python block (as text: "Run All"
    never runs it), followed by what it printed if anything (never a check's verdict, which
    would read as the learner's own), and each markdown cell (the explanation) as it is. Blank
    lines around the blocks let CommonMark parse the Markdown inside the HTML element.
    """
    body, holds = [], []
    attachments = {}
    for cell in cells:
        text = pattern.source(cell).strip("\n")
        if cell.get("cell_type") == "code":
            fence = _fence(text)
            body.append(f"{fence}python\n{text}\n{fence}")
            holds.append("the code")
            printed = _printed(cell)
            if printed:
                fence = _fence(printed)
                body.append(f"It prints:\n\n{fence}text\n{printed}\n{fence}")
                holds.append("what it prints")
        elif text:
            body.append(text)
            holds.append("why it works")
            attachments.update(cell.get("attachments") or {})
    holds = list(dict.fromkeys(holds)) or ["the solution"]
    what = ", ".join(holds[:-1]) + (" and " if len(holds) > 1 else "") + holds[-1]
    if exercise_id:
        intro = (
            f"*Try exercise {exercise_id} first: its check's hints get more concrete as you "
            f"change your answer. Folded below (click to open): a worked solution ({what}).*"
        )
        summary = f"Worked solution to exercise {exercise_id}"
    else:
        intro = "*Write your own answer first. Folded below (click to open): a model answer.*"
        summary = "Model answer"
    source = "\n\n".join([intro, f"<details>\n<summary>{summary}</summary>", *body, "</details>"])
    first_id = cells[0].get("id") or "solution"
    folded = nbformat.v4.new_markdown_cell(
        source, id=f"{first_id}-folded"[:64], metadata={"tags": [FOLDED]}
    )
    if attachments:
        folded.attachments = attachments
    return folded


def is_folded_solution(cell) -> bool:
    """Whether `cell` is a self-study edition's folded solution, closed by default."""
    if cell.get("cell_type") != "markdown" or not pattern.has_tag(cell, FOLDED):
        return False
    opening = _DETAILS.search(pattern.source(cell))
    return opening is not None and "open" not in opening["attrs"].split()


def write_notebook(notebook: nbformat.NotebookNode, path: Path | str) -> None:
    """Validate and write `notebook` to `path` (folders created), ending with one newline."""
    nbformat.validate(notebook)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")

"""Build the student edition of the course: `make student` (writes build/student/).

For every notebook `notebooks/NN_*.ipynb`, with nbconvert's preprocessors:

- every cell tagged `solution` is removed (TagRemovePreprocessor);
- the outputs of the exercise cells are cleared: every code cell whose source calls
  `unitevote.check` or starts with `answer = ...` (ClearOutputPreprocessor, applied to those
  cells only), so no "correct" from the teacher's run survives;
- everything else (prose, instructor notes, other outputs, charts) is kept as it is.

The edition mirrors the repository's layout, so that the notebooks' relative links keep working:

    build/student/notebooks/NN_name.ipynb
    build/student/docs/glossary.md        (the notebooks link terms as ../docs/glossary.md#term)

The notebooks load their data through the installed `unitevote` package, so nothing else is
copied; a student runs them in the course's environment (`make lab`, or Binder/conda). The build
is deterministic: the same notebooks give the same bytes.

Usage: python tools/build_student.py [--notebooks DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import copy
import re
import shutil
import sys
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ClearOutputPreprocessor, TagRemovePreprocessor

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
OUT = ROOT / "build" / "student"
SOLUTION_TAG = "solution"
# Files of docs/ a student may have (the teacher guide holds model answers: it stays out).
STUDENT_DOCS = ("glossary.md",)

_CHECK_CALL = re.compile(r"\bunitevote\.check\s*\(")
_ANSWER_STUB = re.compile(r"^\s*answer\s*=\s*\.\.\.")


def notebook_paths(notebooks_dir: Path = NOTEBOOKS) -> list[Path]:
    """The course's notebooks, in order (`NN_*.ipynb`)."""
    return sorted(Path(notebooks_dir).glob("[0-9][0-9]_*.ipynb"))


def is_exercise_cell(cell) -> bool:
    """An answer cell (`answer = ...`) or a cell that calls unitevote.check."""
    if cell.cell_type != "code":
        return False
    return bool(_CHECK_CALL.search(cell.source) or _ANSWER_STUB.match(cell.source))


class ClearExerciseOutputPreprocessor(ClearOutputPreprocessor):
    """ClearOutputPreprocessor restricted to the exercise cells (answer and check cells)."""

    def preprocess_cell(self, cell, resources, cell_index):
        if is_exercise_cell(cell):
            return super().preprocess_cell(cell, resources, cell_index)
        return cell, resources


def student_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student edition of one (teacher) notebook: a new notebook, the input is not changed."""
    notebook = copy.deepcopy(notebook)
    resources: dict = {}
    remove = TagRemovePreprocessor(enabled=True, remove_cell_tags={SOLUTION_TAG})
    notebook, resources = remove.preprocess(notebook, resources)
    clear = ClearExerciseOutputPreprocessor(enabled=True)
    notebook, resources = clear.preprocess(notebook, resources)
    return notebook


def write_notebook(notebook: nbformat.NotebookNode, path: Path) -> None:
    """Write as `unitevote.execute` does (validated, trailing newline), so bytes are stable."""
    nbformat.validate(notebook)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")


def build(notebooks_dir: Path = NOTEBOOKS, out_dir: Path = OUT) -> list[Path]:
    """Write the student edition into `out_dir` (emptied first); return the notebooks written."""
    notebooks_dir, out_dir = Path(notebooks_dir), Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    written = []
    for source in notebook_paths(notebooks_dir):
        notebook = nbformat.read(source, as_version=4)
        target = out_dir / "notebooks" / source.name
        write_notebook(student_notebook(notebook), target)
        written.append(target)
    docs = notebooks_dir.parent / "docs"
    for name in STUDENT_DOCS:
        if (docs / name).exists():
            (out_dir / "docs").mkdir(parents=True, exist_ok=True)
            shutil.copyfile(docs / name, out_dir / "docs" / name)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOKS, help="source notebooks")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (emptied first)")
    args = parser.parse_args(argv)
    written = build(args.notebooks, args.out)
    if not written:
        print(f"no notebooks found in {args.notebooks}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

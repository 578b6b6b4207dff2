"""Build the student edition of the course: `make student` (writes build/student/).

For every notebook `notebooks/NN_*.ipynb` (`unitevote.pattern.notebook_paths`), with nbconvert's
own TagRemovePreprocessor and the cell tags of `unitevote.pattern`:

- every cell tagged `solution` or `instructor` is removed (`remove_cell_tags`);
- every cell tagged `exercise` (the `answer = ...` cell, the `unitevote.check(...)` cell, the
  `unitevote.progress(...)` cell) keeps its source and loses its outputs and execution count
  (`remove_all_outputs_tags`), so no verdict from the teacher's run survives;
- everything else (prose, other outputs, charts) is kept as it is.

The edition mirrors the repository's layout, so that the notebooks' relative links keep working:

    build/student/notebooks/NN_name.ipynb
    build/student/docs/glossary.md        (the notebooks link terms as ../docs/glossary.md#term)

The notebooks load their data through the installed `unitevote` package, so nothing else is
copied; a student runs them in the course's environment (`make lab`, or Binder/conda). The build
is deterministic: the same notebooks give the same bytes.

Usage: python -m tools.build_student [--notebooks DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import copy
import shutil
import sys
from pathlib import Path

import nbformat
from nbconvert.preprocessors import TagRemovePreprocessor

from tools.normalise import write_notebook
from unitevote.pattern import EXERCISE, INSTRUCTOR, NOTEBOOKS_DIR, ROOT, SOLUTION, notebook_paths

OUT = ROOT / "build" / "student"
# Cells a student never sees, and cells whose outputs depend on the student's own answers.
REMOVED_TAGS = frozenset({SOLUTION, INSTRUCTOR})
CLEARED_TAGS = frozenset({EXERCISE})
# Files of docs/ a student may have (the teacher guide holds model answers: it stays out).
STUDENT_DOCS = ("glossary.md",)

__all__ = ["CLEARED_TAGS", "OUT", "REMOVED_TAGS", "build", "student_notebook", "write_notebook"]


def student_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student edition of one (teacher) notebook: a new notebook, the input is not changed."""
    remove = TagRemovePreprocessor(
        enabled=True,
        remove_cell_tags=set(REMOVED_TAGS),
        remove_all_outputs_tags=set(CLEARED_TAGS),
    )
    notebook, _ = remove.preprocess(copy.deepcopy(notebook), {})
    return notebook


def build(notebooks_dir: Path = NOTEBOOKS_DIR, out_dir: Path = OUT) -> list[Path]:
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
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOKS_DIR, help="source notebooks")
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

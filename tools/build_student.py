"""Build the student edition of the course: `make student` (writes build/student/).

For every notebook `notebooks/NN_*.ipynb` (`unitevote.pattern.notebook_paths`),
`unitevote.editions.student_edition` (the one definition of the edition):

- every cell tagged `solution` or `instructor` is removed (`remove_cell_tags`);
- every cell tagged `exercise` (the `answer = ...` cell, the `unitevote.check(...)` cell, the
  `unitevote.progress(...)` cell) keeps its source and loses its outputs and execution count
  (`remove_all_outputs_tags`), so no verdict from the teacher's run survives;
- everything else (prose, other outputs, charts) is kept as it is.

The edition mirrors the repository's layout, so that the notebooks' relative links keep working:

    build/student/notebooks/NN_name.ipynb
    build/student/docs/glossary.md        (the notebooks link terms as ../docs/glossary.md#term)
    build/student/README.md               (00 links its "Studying alone" and "Editions" sections)

The notebooks load their data through the installed `unitevote` package, so nothing else is
copied; a student runs them in the course's environment (`make lab`, or Binder/conda). The build
is deterministic: the same notebooks give the same bytes.

Usage: python -m tools.build_student [--notebooks DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import nbformat

from unitevote.editions import student_edition, write_notebook
from unitevote.pattern import NOTEBOOKS_DIR, ROOT, notebook_paths

OUT = ROOT / "build" / "student"
# Files of docs/ a student may have (the teacher guide holds model answers: it stays out).
STUDENT_DOCS = ("glossary.md",)
# Files of the repository root the notebooks link to (00 points learners to README's "Studying
# alone" and "Editions" sections), copied beside notebooks/ so those links resolve.
ROOT_FILES = ("README.md",)

__all__ = ["OUT", "build", "main"]


def build(
    notebooks_dir: Path = NOTEBOOKS_DIR,
    out_dir: Path = OUT,
    edition: Callable[[nbformat.NotebookNode], nbformat.NotebookNode] = student_edition,
) -> list[Path]:
    """Write the student edition into `out_dir` (emptied first); return the notebooks written.

    `edition`: the function of `unitevote.editions` that makes a teacher notebook into the
    edition's (`tools.build_self_study` passes `self_study_edition`; same layout, same docs).
    """
    notebooks_dir, out_dir = Path(notebooks_dir), Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    written = []
    for source in notebook_paths(notebooks_dir):
        notebook = nbformat.read(source, as_version=4)
        target = out_dir / "notebooks" / source.name
        write_notebook(edition(notebook), target)
        written.append(target)
    docs = notebooks_dir.parent / "docs"
    for name in STUDENT_DOCS:
        if (docs / name).exists():
            (out_dir / "docs").mkdir(parents=True, exist_ok=True)
            shutil.copyfile(docs / name, out_dir / "docs" / name)
    for name in ROOT_FILES:
        if (notebooks_dir.parent / name).exists():
            shutil.copyfile(notebooks_dir.parent / name, out_dir / name)
    return written


def main(
    argv: list[str] | None = None,
    edition: Callable[[nbformat.NotebookNode], nbformat.NotebookNode] = student_edition,
    out: Path = OUT,
    description: str = __doc__.splitlines()[0],
) -> int:
    """The command line of an edition's build (`tools.build_self_study` passes its own)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOKS_DIR, help="source notebooks")
    parser.add_argument("--out", type=Path, default=out, help="output folder (emptied first)")
    args = parser.parse_args(argv)
    written = build(args.notebooks, args.out, edition=edition)
    if not written:
        print(f"no notebooks found in {args.notebooks}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Build the self-study edition of the course: `make self-study` (writes build/self-study/).

For a learner working alone. For every notebook `notebooks/NN_*.ipynb`,
`unitevote.editions.self_study_edition` (the one definition of the edition): the student
edition (solutions and instructor notes removed, the exercise cells' outputs cleared), plus each
worked solution folded under its exercise's check, in one markdown cell per exercise:

- closed by default and opened by one click wherever the notebook is read: a `<details>` element
  in Markdown, which JupyterLab, GitHub's and nbviewer's previews and `jupyter nbconvert --to
  html` all render folded (checked in tests/test_self_study.py, JupyterLab in a real browser);
- never run by "Run All": the solution's code is text in a Markdown cell, so a learner who runs
  everything still sees every check say "not answered";
- a short visible line before the fold says to try first and what the fold holds.

The layout is the student edition's (`tools.build_student.build`), so the notebooks' relative
links keep working:

    build/self-study/notebooks/NN_name.ipynb
    build/self-study/docs/glossary.md

The build is deterministic: the same notebooks give the same bytes.

Usage: python -m tools.build_self_study [--notebooks DIR] [--out DIR]
"""

from __future__ import annotations

from pathlib import Path

from tools import build_student
from unitevote.editions import self_study_edition
from unitevote.pattern import NOTEBOOKS_DIR, ROOT

OUT = ROOT / "build" / "self-study"


def build(notebooks_dir: Path = NOTEBOOKS_DIR, out_dir: Path = OUT) -> list[Path]:
    """Write the self-study edition into `out_dir` (emptied first); return the notebooks written."""
    return build_student.build(notebooks_dir, out_dir, edition=self_study_edition)


def main(argv: list[str] | None = None) -> int:
    return build_student.main(
        argv, edition=self_study_edition, out=OUT, description=__doc__.splitlines()[0]
    )


if __name__ == "__main__":
    raise SystemExit(main())

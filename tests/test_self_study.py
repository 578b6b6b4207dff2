"""Learning alone: the self-study edition (`make self-study`) and the hint ladder.

The self-study edition is the student edition plus, under each exercise's check, its worked
solution folded in one added markdown cell (`unitevote.editions.self_study_edition`). Proved
here, for every notebook, with nothing executed:

- the edition IS the student edition with markdown cells added: take the folded cells out and
  the cells are the student edition's, equal one for one. So "Run All" runs exactly what the
  student edition runs (tests/test_student.py executes that, every check "not answered");
- each registered exercise of the notebook has exactly one fold, right under its check cell,
  closed (`<details>` with no `open`), holding the teacher's solution code and explanation and
  no verdict of the teacher's run; the visible line before it gives nothing away (no figure);
- every cell tagged `solution` in the teacher notebook is in a fold, and no instructor note is;
- folded wherever the notebook is read: rendered by nbconvert's HTMLExporter (what
  `jupyter nbconvert --to html` and nbviewer run) and by a CommonMark renderer (the HTML block
  rules GitHub's Markdown follows; GitHub documents <details> as collapsed until clicked), every
  fold is a closed <details> with its code inside as a code block. JupyterLab 4 draws them closed
  and opens one with a click: tests/test_jupyterlab.py checks that in its loaded JupyterLab page
  (screenshots build/screenshots/self_study_jupyterlab_folded.png and ..._opened.png);
- the build is deterministic.

And the hint ladder (`unitevote.checks`), for one exercise of each notebook, through `check` as a
learner meets it: the first wrong answer gets the idea (`hint`), the same answer again the same
words, a second different wrong answer the concrete step (`step_hint`), a third the pointer to the
folded solution; a misconception keeps its own message at any point; `progress` counts the tries.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import io
import re
from pathlib import Path

import nbformat
import pytest
from exercise_cases import cases, plain_wrongs, specs_built_once  # noqa: F401 (a fixture)

from tools import build_self_study
from unitevote import checks, editions
from unitevote.pattern import (
    CHECK_MIME,
    EXERCISE,
    EXERCISE_ID,
    INSTRUCTOR,
    ROOT,
    SOLUTION,
    checked_id,
    has_tag,
    notebook_paths,
    source,
)

NOTEBOOKS = notebook_paths()
FOLD = re.compile(
    r"<details>\n<summary>(?P<summary>[^<]+)</summary>\n\n(?P<body>.*)\n\n</details>$", re.S
)


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("self-study") / "self-study"
    written = build_self_study.build(ROOT / "notebooks", out)
    assert [p.name for p in written] == [p.name for p in NOTEBOOKS]
    assert (out / "docs" / "glossary.md").exists()
    return out


def _triples(edition: Path):
    for path in NOTEBOOKS:
        teacher = nbformat.read(path, as_version=4)
        ours = nbformat.read(edition / "notebooks" / path.name, as_version=4)
        yield path, teacher, ours


def _folds(notebook) -> list[tuple[int, object]]:
    return [(i, c) for i, c in enumerate(notebook.cells) if has_tag(c, editions.FOLDED)]


# --------------------------------------------------------------------------- structure


def test_a_tagged_example_is_folded_under_its_check():
    """The edition on a minimal notebook, independent of the course's notebooks."""
    cell, md = nbformat.v4.new_code_cell, nbformat.v4.new_markdown_cell
    printed = nbformat.v4.new_output("stream", text="3 votes\n")
    verdict = nbformat.v4.new_output(
        "display_data", data={"text/plain": "02.1: correct.", CHECK_MIME: {"status": "correct"}}
    )
    notebook = nbformat.v4.new_notebook(
        cells=[
            md("**Exercise 02.1.** How many?"),
            cell("answer = ...", metadata={"tags": [EXERCISE]}),
            cell('unitevote.check("02.1", answer)', metadata={"tags": [EXERCISE]}),
            cell(
                'print("3 votes")\nanswer = 3\nunitevote.check("02.1", answer)',
                metadata={"tags": [SOLUTION]},
                outputs=[printed, verdict],
            ),
            md("> **Instructor note:** x", metadata={"tags": [INSTRUCTOR]}),
            md("**Solution.** Three.", metadata={"tags": [SOLUTION]}),
            md("## Write"),
            md("**A model reading.** Words.", metadata={"tags": [SOLUTION]}),
        ]
    )
    before = copy.deepcopy(notebook)
    ours = editions.self_study_edition(notebook)
    assert notebook == before, "the teacher notebook was changed"
    assert [c.cell_type for c in ours.cells] == ["markdown", "code", "code", "markdown"] * 1 + [
        "markdown",
        "markdown",
    ]
    fold, model = ours.cells[3], ours.cells[5]
    assert editions.is_folded_solution(fold) and editions.is_folded_solution(model)
    text = source(fold)
    intro, folded = text.split("\n\n<details>", 1)
    assert "02.1" in intro and "3" not in intro.replace("02.1", "")
    assert "<summary>Worked solution to exercise 02.1</summary>" in folded
    assert '```python\nprint("3 votes")\nanswer = 3\nunitevote.check("02.1", answer)\n```' in folded
    assert "```text\n3 votes\n```" in folded and "**Solution.** Three." in folded
    assert "correct" not in text and "Instructor" not in text
    assert "<summary>Model answer</summary>" in source(model)
    nbformat.validate(ours)


def test_the_edition_is_the_student_edition_with_folds_added(edition):
    for path, teacher, ours in _triples(edition):
        unfolded = [c for c in ours.cells if not has_tag(c, editions.FOLDED)]
        assert unfolded == editions.student_edition(teacher).cells, path.name
        for _, cell in _folds(ours):
            assert cell.cell_type == "markdown", f"{path.name}: a fold that would run"


def test_every_exercise_has_one_closed_fold_under_its_check(edition):
    from unitevote import exercises  # noqa: F401  (registers every exercise module)

    for path, _teacher, ours in _triples(edition):
        registered = checks.notebook_exercises(path.stem[:2])
        under = {}
        for index, cell in _folds(ours):
            assert editions.is_folded_solution(cell), f"{path.name} cell {index}: not closed"
            assert FOLD.search(source(cell)), f"{path.name} cell {index}: not a fold"
            exercise_id = checked_id(ours.cells[index - 1])
            if exercise_id is not None:
                assert exercise_id not in under, f"{path.name}: two folds for {exercise_id}"
                under[exercise_id] = cell
        assert sorted(under, key=checks.exercise_key) == registered, f"{path.name}: {sorted(under)}"


def test_folds_hold_the_solution_and_give_nothing_away_before_it(edition):
    for path, teacher, ours in _triples(edition):
        folds = [source(cell) for _, cell in _folds(ours)]
        text = "\n".join(folds)
        for cell in teacher.cells:
            if has_tag(cell, SOLUTION):
                for line in source(cell).splitlines():
                    assert line in text, f"{path.name}: solution line lost: {line!r}"
            elif has_tag(cell, INSTRUCTOR):
                assert source(cell) not in text, f"{path.name}: an instructor note in a fold"
        for fold in folds:
            intro = fold.split("\n\n<details>", 1)[0]
            match = re.search(rf"exercise ({EXERCISE_ID})", intro)
            figures = re.sub(EXERCISE_ID, "", intro)
            assert not re.search(r"\d", figures), f"{path.name}: a figure before the fold: {intro}"
            assert match or "model answer" in intro, intro
            for verdict in (": correct", ": not yet", "not answered"):
                assert verdict not in fold, f"{path.name}: a verdict in a fold"


def test_build_is_deterministic(edition, tmp_path):
    again = build_self_study.build(ROOT / "notebooks", tmp_path / "again")
    for path in again:
        assert path.read_bytes() == (edition / "notebooks" / path.name).read_bytes(), path.name


# --------------------------------------------------------------------------- rendered


def _fold_notebook(edition: Path):
    """One notebook holding every fold of the edition (each renders on its own)."""
    cells = []
    for _, _, ours in _triples(edition):
        cells += [cell for _, cell in _folds(ours)]
    return nbformat.v4.new_notebook(cells=cells, metadata=ours.metadata)


def _closed_folds_in_html(body: str) -> list[str]:
    """The inside of each <details> of rendered HTML, each checked closed and labelled."""
    found = re.findall(r"<details(?P<attrs>[^>]*)>(?P<inner>.*?)</details>", body, re.S)
    for attrs, inner in found:
        assert "open" not in attrs, attrs
        assert re.match(r"\s*<summary>[^<]+</summary>", inner), inner[:200]
    return [inner for _, inner in found]


def _code_inside(cells, folds: list[str]) -> None:
    """Each fold whose Markdown has code shows it as a code block inside the <details>."""
    assert len(folds) == len(cells)
    for cell, inner in zip(cells, folds, strict=True):
        assert ("```" in source(cell)) == ("<pre" in inner), inner[:300]
        assert "```" not in inner, "a code fence left as text"


def test_folds_stay_closed_in_exported_html_and_commonmark(edition):
    from markdown_it import MarkdownIt
    from nbconvert import HTMLExporter

    notebook = _fold_notebook(edition)
    body, _ = HTMLExporter().from_notebook_node(notebook)
    _code_inside(notebook.cells, _closed_folds_in_html(body))
    commonmark = MarkdownIt("commonmark", {"html": True})
    rendered = [_closed_folds_in_html(commonmark.render(source(c)))[0] for c in notebook.cells]
    _code_inside(notebook.cells, rendered)


# --------------------------------------------------------------------------- the hint ladder


@functools.cache
def _ladder_exercise(notebook: str) -> tuple[str, list, object | None]:
    """A notebook's first exercise with three plainly wrong answers: (id, wrongs, misconception)."""

    for exercise_id in checks.notebook_exercises(notebook):
        if checks.spec_of(exercise_id).kind == "chart":
            continue
        wrongs = plain_wrongs(exercise_id)
        if len(wrongs) < 3:
            continue
        misconception = next(
            (a for what, a, _ in cases(exercise_id) if what.startswith("misconception")
             and checks.evaluate(exercise_id, a).status == checks.MISCONCEPTION), None,
        )  # fmt: skip
        return exercise_id, wrongs, misconception
    raise AssertionError(f"notebook {notebook}: no exercise with three plainly wrong answers")


def _check(exercise_id: str, answer) -> str:
    with contextlib.redirect_stdout(io.StringIO()) as out:
        checks.check(exercise_id, answer)
    return out.getvalue().strip()


@pytest.mark.parametrize("notebook", [p.stem[:2] for p in NOTEBOOKS])
def test_hints_climb_a_ladder_as_the_answer_changes(notebook):
    exercise_id, (first, second, third), misconception = _ladder_exercise(notebook)
    hints = checks.spec_of(exercise_id).hints
    rung = [hints[min(i, len(hints) - 1)] for i in range(3)]
    assert rung[-1] == checks.SOLUTION_POINTER
    checks.SESSION.pop(exercise_id, None)
    try:
        said = [_check(exercise_id, first), _check(exercise_id, first)]
        assert said[0].endswith(rung[0]) and said[1] == said[0], said
        said.append(_check(exercise_id, second))
        assert said[-1].endswith(rung[1]), said[-1]
        if misconception is not None:  # its own message, not a rung, at any point of the ladder
            assert (
                _check(exercise_id, misconception)
                == checks.evaluate(exercise_id, misconception).message
            )
        said.append(_check(exercise_id, third))
        assert said[-1].endswith(rung[2]), said[-1]
        table = checks.progress(notebook)
        tries = 3 + (misconception is not None)  # the repeated answer is not a try
        assert table.loc[exercise_id, "tries"] == tries, table
        assert table.loc[exercise_id, "status"] == "not yet"
    finally:
        checks.SESSION.pop(exercise_id, None)

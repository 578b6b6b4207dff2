"""Does each lesson teach as the course promises? The rules of a good lesson, measured.

From the exercise registry and the committed notebooks, read as a learner reads them: the
student edition (cells tagged `solution` or `instructor` removed, the outputs of answer, check
and progress cells cleared; `unitevote.editions`). Nothing is executed here. Cells are named by
their index in the committed notebook (`nbformat.read(path).cells[index]`).

- Every idiom introduced before it is used. Walking the course in order (00 to 05, core path
  and optional sections alike, in page order), every pandas or Altair method, attribute,
  keyword argument, module helper (`alt.X`, `pd.set_option`, `textwrap.fill`), encoding type
  (`:Q`, `:N`, `:O`, `:T`), condition operator (`&`, `|`, `~`) and import outside the course's
  imports cell that a learner's code uses is named in backticks in a markdown cell above it
  (see `introduced_by` for the forms that count).
- Times a novice can keep. The time model: the core path (to "## Key points", optional sections
  left out) takes words / 150 + 1 minute per code cell outside an exercise + 10 minutes per
  checked exercise. Each lesson states at least the model's minutes (its teaching and exercise
  minutes each at least the model's), fits a class (60 minutes; the assessment 90), holds 3 to 4
  checked exercises an hour in its core path, and its instructor plan gives each exercise its
  10 minutes. Every place that states a lesson's time agrees with the lesson.
- No answer anywhere on the learner's page. A numeric answer (a "number" exercise's value, a
  "based" exercise's value on each accepted base), at the precision the question asks, appears
  in no cell, output, chart text or chart data of the student edition of its own notebook
  (before and after the question, optional sections included) or of an earlier one. No two
  exercises of the course share an answer.
- A check is as strict as its question: every number exercise states its precision
  (`decimals`), a count is an integer, no misconception's value rounds to the right answer, and
  every exercise says what it transfers to.
- Code within reach: no name is used before the cell that defines it (solution cells, absent
  from the student edition, define nothing for later cells); the core path uses no regular
  expressions, nested comprehensions, `.apply` or multi-key sorts.
- No output walls: at most 20 lines and 100 characters a line, no wrapped or two-level table
  headers, no table text cut with "...".
- Roles are tagged: instructor notes `instructor`, answer/check/progress cells `exercise`, and
  the core path ends with `unitevote.progress("NN")`.
- The teacher guide's section on each lesson says who types and who watches ("**Who types:**").

Run `python tests/test_teaching.py` to print each notebook's time-model minutes beside its
stated time; `python tests/test_teaching.py --todo` also lists every idiom used before it is
introduced and every answer found on a learner's page.
"""

from __future__ import annotations

import ast
import builtins
import copy
import functools
import html
import json
import math
import re
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest

from unitevote import checks, exercises  # noqa: F401  (registers every exercise)
from unitevote.editions import REMOVED_TAGS, is_cleared
from unitevote.pattern import (
    CHECK_CALL,
    EXERCISE,
    GOING_FURTHER,
    INSTRUCTOR,
    KEY_POINTS,
    OPTIONAL_SECTIONS,
    QUESTION,
    ROOT,
    SOLUTION,
    SVG_MIME,
    VEGALITE_MIME,
    checked_id,
    has_tag,
    is_answer_stub,
    is_optional_heading,
    notebook_paths,
    source,
)

NOTEBOOKS = notebook_paths()
GUIDE = ROOT / "docs" / "teacher_guide.md"
MAX_OUTPUT_LINES = 20
MAX_OUTPUT_WIDTH = 100
TIME = re.compile(
    r"\*\*Time:\*\*\s*about (?P<total>\d+) minutes \(teaching (?P<teaching>\d+), "
    r"exercises (?P<exercises>\d+)\)"
)
PLAN_HEADING = "> **Instructor plan:**"
PLAN_BLOCK = re.compile(r"^>\s*-\s*(\d+)\s*min\b(.*)$", re.MULTILINE)
PROGRESS_CALL = re.compile(r"""^unitevote\.progress\(\s*["'](\d\d)["']\s*\)\s*$""")

# The time model (issue 21: it reproduced a novice's walk through the course within 15 minutes
# on every lesson). Documented in CONTRIBUTING.md, "How long a lesson takes".
READING_WORDS_PER_MINUTE = 150
MINUTES_PER_CODE_CELL = 1
MINUTES_PER_EXERCISE = 10
CLASS_MINUTES = 60
# The course's last notebook (05, "Your turn") is its assessment: a learner works through it
# alone, and it may take 90 minutes.
ASSESSMENT_MINUTES = 90
EXERCISES_PER_HOUR = (3, 4)
# A lesson stating at least this long is a class, and holds 3 to 4 checked exercises an hour;
# a shorter one (00, the course's opening) needs only one.
CLASS_LENGTH = 45


@functools.cache
def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def number(path: Path) -> str:
    return path.name[:2]


# ---------------------------------------------------------------- the learner's view


@functools.cache
def learner_view(path: Path) -> tuple[tuple[int, nbformat.NotebookNode], ...]:
    """The student edition's cells, each with its index in the committed notebook.

    As `unitevote.editions.student_edition` builds it: cells tagged `solution` or `instructor`
    are left out, and the cells whose outputs depend on the learner's answers have none.
    """
    view = []
    for index, cell in enumerate(read(path).cells):
        if any(has_tag(cell, tag) for tag in REMOVED_TAGS):
            continue
        if cell.cell_type == "code" and is_cleared(cell):
            cell = copy.copy(cell)
            cell["outputs"] = []
        view.append((index, cell))
    return tuple(view)


def headings(cell) -> list[str]:
    if cell.cell_type != "markdown":
        return []
    return [line.strip() for line in source(cell).splitlines() if line.startswith("## ")]


@functools.cache
def core_path(path: Path) -> tuple[tuple[int, nbformat.NotebookNode], ...]:
    """The learner's cells up to (not including) "## Key points", optional sections left out.

    An optional section ("## Going further (optional)", "## More practice (optional)": see
    `pattern.OPTIONAL_SECTIONS`) runs from its heading to the next "## " heading.
    """
    core, optional = [], False
    for index, cell in learner_view(path):
        lines = headings(cell)
        if any(line.startswith(KEY_POINTS) for line in lines):
            break
        in_optional = is_optional_heading(lines[0]) if lines else optional
        if lines:
            optional = is_optional_heading(lines[-1])
        if not in_optional:
            core.append((index, cell))
    return tuple(core)


def exercise_spans(cells) -> set[int]:
    """Indices of the cells inside an exercise: after its question, up to its check."""
    inside, question = set(), None
    for index, cell in cells:
        if cell.cell_type == "markdown" and QUESTION.search(source(cell)):
            question = index
        elif question is not None and checked_id(cell):
            inside.update(i for i, _ in cells if question < i <= index)
            question = None
    return inside


def prose_words(text: str) -> int:
    """Words a learner reads: link targets, markup and table rules are not words."""
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return len(re.findall(r"[A-Za-z0-9£$][\w'’.,%£$-]*", text))


# ---------------------------------------------------------------- the time model


def stated(path: Path) -> dict | None:
    opening = "\n".join(source(c) for c in read(path).cells[:4])
    match = TIME.search(opening)
    return {key: int(value) for key, value in match.groupdict().items()} if match else None


@functools.cache
def time_model(path: Path) -> dict:
    """The minutes a novice needs for the core path, as the learner sees it."""
    core = core_path(path)
    inside = exercise_spans(core)
    words = sum(prose_words(source(c)) for _, c in core if c.cell_type == "markdown")
    code = [
        index
        for index, cell in core
        if cell.cell_type == "code" and not has_tag(cell, EXERCISE) and index not in inside
    ]
    checked = [checked_id(cell) for _, cell in core if checked_id(cell)]
    optional = [
        checked_id(cell)
        for _, cell in learner_view(path)
        if checked_id(cell) and checked_id(cell) not in checked
    ]
    teaching = words / READING_WORDS_PER_MINUTE + MINUTES_PER_CODE_CELL * len(code)
    exercise_minutes = MINUTES_PER_EXERCISE * len(checked)
    return {
        "words": words,
        "code cells": len(code),
        "exercises": checked,
        "optional exercises": optional,
        "teaching": teaching,
        "exercise minutes": exercise_minutes,
        "minutes": teaching + exercise_minutes,
    }


def model_sentence(path: Path) -> str:
    model = time_model(path)
    return (
        f"{model['words']} words / {READING_WORDS_PER_MINUTE} = "
        f"{model['words'] / READING_WORDS_PER_MINUTE:.1f}, + {model['code cells']} code cells "
        f"outside exercises, + {len(model['exercises'])} checked exercises x "
        f"{MINUTES_PER_EXERCISE} = {model['minutes']:.1f} minutes"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=number)
def test_stated_time_splits_into_teaching_and_exercises(path):
    time = stated(path)
    assert time, (
        f"{path.name}: the opening needs '**Time:** about N minutes (teaching T, exercises E)'"
    )
    assert time["teaching"] + time["exercises"] == time["total"], time


@pytest.mark.parametrize("path", NOTEBOOKS, ids=number)
def test_stated_time_covers_the_time_model(path):
    time, model = stated(path), time_model(path)
    assert time
    assert time["total"] >= model["minutes"], (
        f"{path.name}: states {time['total']} minutes, the time model gives "
        f"{model['minutes']:.1f} ({model_sentence(path)}). State at least "
        f"{math.ceil(model['minutes'])}, or move material or exercises into an optional section "
        f"({' / '.join(OPTIONAL_SECTIONS)} ... (optional))"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=number)
def test_stated_split_follows_the_time_model(path):
    """The stated teaching minutes cover the model's reading and code cells; the exercise
    minutes give each checked exercise of the core path its 10 minutes."""
    time, model = stated(path), time_model(path)
    assert time
    problems = []
    if time["teaching"] < model["teaching"]:
        problems.append(
            f"teaching {time['teaching']} < the model's {model['teaching']:.1f} "
            f"({model['words']} words / {READING_WORDS_PER_MINUTE} + {model['code cells']} code cells)"
        )
    if time["exercises"] < model["exercise minutes"]:
        problems.append(
            f"exercises {time['exercises']} < the model's {model['exercise minutes']} "
            f"({len(model['exercises'])} checked exercises x {MINUTES_PER_EXERCISE})"
        )
    assert not problems, f"{path.name}: " + "; ".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=number)
def test_a_lesson_fits_a_class(path):
    """A lesson fits a 60-minute class (the assessment, 90) with 3 to 4 checked exercises an
    hour in its core path; more go to "## More practice (optional)", still checked."""
    time, model = stated(path), time_model(path)
    assert time
    limit = ASSESSMENT_MINUTES if path == NOTEBOOKS[-1] else CLASS_MINUTES
    assert time["total"] <= limit, (
        f"{path.name}: states {time['total']} minutes; a lesson fits a {limit}-minute class "
        f"(move material to an optional section, or split the notebook in two)"
    )
    fewest, most = EXERCISES_PER_HOUR
    core = model["exercises"]
    allowed = max(1, most * time["total"] // 60)
    assert len(core) <= allowed, (
        f"{path.name}: {len(core)} checked exercises in the core path ({', '.join(core)}) for "
        f"{time['total']} minutes; at most {most} an hour ({allowed}): move the others to "
        f"'## More practice (optional)'"
    )
    if time["total"] >= CLASS_LENGTH:
        assert len(core) >= fewest, (
            f"{path.name}: {len(core)} checked exercises in the core path of a "
            f"{time['total']}-minute lesson; a class holds {fewest} to {most}"
        )


def plan_cell(path: Path):
    plans = [c for c in read(path).cells if source(c).lstrip().startswith(PLAN_HEADING)]
    assert len(plans) == 1, f"{path.name}: one markdown cell starting {PLAN_HEADING!r}"
    return plans[0]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=number)
def test_instructor_plan_adds_up_to_the_stated_time(path):
    plan = plan_cell(path)
    assert has_tag(plan, INSTRUCTOR), f"{path.name}: the instructor plan is tagged 'instructor'"
    minutes = [int(m) for m, _ in PLAN_BLOCK.findall(source(plan))]
    assert minutes, f"{path.name}: the plan lists its blocks as '> - N min: ...'"
    time = stated(path)
    assert time and sum(minutes) == time["total"], (
        f"{path.name}: plan blocks {minutes} add up to {sum(minutes)}, the notebook states "
        f"{time and time['total']} minutes"
    )


def named_exercises(text: str, notebook_number: str) -> set[str]:
    """The exercise ids a plan block names: "02.1", "exercises 02.4 and 02.5", "05.1 to 05.3"."""
    named = set(re.findall(rf"\b{notebook_number}\.\d+\b", text))
    for first, last in re.findall(
        rf"\b{notebook_number}\.(\d+) to (?:{notebook_number}\.)?(\d+)", text
    ):
        named.update(f"{notebook_number}.{k}" for k in range(int(first), int(last) + 1))
    return named


@pytest.mark.parametrize("path", NOTEBOOKS, ids=number)
def test_instructor_plan_gives_each_exercise_its_minutes(path):
    """Each checked exercise of the core path is named in one block of the plan, and a block
    gives at least 10 minutes to each exercise it names (the time model's minutes)."""
    core = set(time_model(path)["exercises"])
    blocks = [
        (int(minutes), named_exercises(text, number(path)) & core)
        for minutes, text in PLAN_BLOCK.findall(source(plan_cell(path)))
    ]
    planned = set().union(*(names for _, names in blocks)) if blocks else set()
    missing = sorted(core - planned, key=checks.exercise_key)
    assert not missing, f"{path.name}: the instructor plan names no block for {missing}"
    short = [
        f"'{minutes} min' for {', '.join(sorted(names))}"
        for minutes, names in blocks
        if minutes < MINUTES_PER_EXERCISE * len(names)
    ]
    assert not short, (
        f"{path.name}: plan blocks give less than {MINUTES_PER_EXERCISE} minutes an exercise: "
        + "; ".join(short)
    )


def guide_sections() -> dict[str, str]:
    """The teacher guide's lesson sections ("## 02 Results arithmetic"), by notebook number."""
    text = GUIDE.read_text(encoding="utf-8")
    parts = re.split(r"^(?=## )", text, flags=re.M)
    return {part[3:5]: part for part in parts if re.match(r"## \d\d ", part)}


def stated_elsewhere() -> list[tuple[str, str, int]]:
    """(notebook number, where, minutes) for every other place that states a lesson's time:
    the guide's table and lesson plans, and the learning path in notebook 00."""
    found = []
    guide = GUIDE.read_text(encoding="utf-8")
    for key, minutes in re.findall(
        r"^\| \[(\d\d) [^\]]*\]\([^)]*\) \|.*?\| (\d+) min \|", guide, re.M
    ):
        found.append((key, "the teacher guide's table 'The course at a glance'", int(minutes)))
    for key, section in guide_sections().items():
        match = re.search(r"^\*\*[^*\n]*\((\d+) minutes\b", section, re.M)
        if match:
            found.append((key, f"the teacher guide's section '## {key} ...'", int(match[1])))
    path_table = "\n".join(source(c) for _, c in learner_view(NOTEBOOKS[0]))
    for key, minutes in re.findall(
        r"^\| \[(\d\d) [^\]]*\]\([^)]*\) \|.*\| (\d+) min \|", path_table, re.M
    ):
        found.append((key, f"the learning path in {NOTEBOOKS[0].name}", int(minutes)))
    return found


def test_every_statement_of_a_lesson_time_agrees():
    times = {number(path): stated(path) for path in NOTEBOOKS}
    wrong = [
        f"{where} gives {key} {minutes} minutes; the notebook states {times[key]['total']}"
        for key, where, minutes in stated_elsewhere()
        if times.get(key) and minutes != times[key]["total"]
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=number)
def test_key_points_then_what_comes_next_then_optional_extras(path):
    lines = [line for _, cell in learner_view(path) for line in headings(cell)]
    assert KEY_POINTS in lines, f"{path.name}: no '{KEY_POINTS}'"
    after = lines[lines.index(KEY_POINTS) + 1 :]
    assert after and after[0] == "## What comes next", (
        f"{path.name}: '## What comes next' follows the key points"
    )
    for heading in after[1:]:
        assert is_optional_heading(heading), (
            f"{path.name}: after 'What comes next' only optional sections may follow "
            f"({' / '.join(OPTIONAL_SECTIONS)} ... (optional)), found {heading!r}"
        )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=number)
def test_roles_are_tagged(path):
    for index, cell in enumerate(read(path).cells):
        text = source(cell)
        if cell.cell_type == "markdown" and re.search(r"\*\*Instructor (note|plan):\*\*", text):
            assert has_tag(cell, INSTRUCTOR), f"{path.name} cell {index}: instructor note untagged"
        if cell.cell_type == "code" and not has_tag(cell, SOLUTION):
            learner_facing = (
                is_answer_stub(cell) or CHECK_CALL.search(text) or PROGRESS_CALL.match(text)
            )
            if learner_facing:
                assert has_tag(cell, EXERCISE), (
                    f"{path.name} cell {index}: answer, check and progress cells are tagged "
                    f"'{EXERCISE}': {text[:60]!r}"
                )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=number)
def test_core_path_ends_with_progress(path):
    code = [c for _, c in core_path(path) if c.cell_type == "code"]
    assert code, f"{path.name}: no code in the core path"
    match = PROGRESS_CALL.match(source(code[-1]).strip())
    assert match and match[1] == number(path), (
        f"{path.name}: the last code cell before '{KEY_POINTS}' is "
        f"unitevote.progress({number(path)!r})"
    )


# ---------------------------------------------------------------- the teacher guide


@pytest.mark.parametrize("path", NOTEBOOKS, ids=number)
def test_each_lesson_section_of_the_guide_says_who_types(path):
    """Per lesson, one line on who types and who watches (live coding, pairs or solo)."""
    section = guide_sections().get(number(path))
    assert section, f"docs/teacher_guide.md has no section '## {number(path)} ...'"
    if not re.search(r"^\*\*Who types:\*\*\s*\S", section, re.M):
        pytest.fail(
            f"docs/teacher_guide.md, section '## {number(path)} ...': add a line starting "
            f"'**Who types:**' (who types and who watches: live coding, pairs, or solo)",
            pytrace=False,
        )


# ---------------------------------------------------------------- exercises


def all_exercises() -> list[tuple[str, checks.Exercise]]:
    return [(i, checks.REGISTRY[i]()) for i in sorted(checks.REGISTRY, key=checks.exercise_key)]


EXERCISES = [exercise_id for exercise_id, _ in all_exercises()]


def numeric_answers(spec: checks.Exercise) -> list[float]:
    """The numbers a right answer gives: a "number" exercise's value; a "based" exercise's
    value on each base it accepts. Years (a choice among the elections shown) are not answers
    that can leak. Other kinds (text, set, chart) give none."""
    if spec.unit == "year" or spec.decimals is None:
        return []
    if spec.kind == "number":
        return [float(spec.expected)]
    if spec.kind == "based":
        values = spec.expected.values() if isinstance(spec.expected, dict) else [spec.expected]
        return [float(v) for v in values if isinstance(v, int | float)]
    return []


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_check_is_as_strict_as_its_question(exercise_id):
    spec = checks.REGISTRY[exercise_id]()
    assert spec.transfer.strip(), f"{exercise_id}: say what the exercise transfers to (`transfer`)"
    if spec.kind not in ("number", "based"):
        return
    assert spec.decimals is not None, (
        f"{exercise_id}: a numeric exercise states the precision its question asks (`decimals`)"
    )
    if spec.kind == "number":
        assert spec.tolerance == 0, f"{exercise_id}: judged at its precision, with no tolerance"
    if spec.integer:
        assert spec.decimals == 0, f"{exercise_id}: a count is checked as a whole number"
        assert all(v == int(v) for v in numeric_answers(spec)), f"{exercise_id}: {spec.expected}"
    for misconception in spec.misconceptions:
        assert not checks._matches(spec, misconception.value, spec.expected), (
            f"{exercise_id}: the misconception {misconception.name!r} ({misconception.value}) "
            f"is accepted as correct at {spec.decimals} decimal(s); the check cannot tell it apart"
        )


def answer_key(spec: checks.Exercise):
    numbers_ = numeric_answers(spec)
    if numbers_:
        return ("number", frozenset(str(checks.rounded(v, spec.decimals)) for v in numbers_))
    if spec.kind in ("text", "set"):
        accepted = {spec.expected} if isinstance(spec.expected, str) else set(spec.expected)
        return (spec.kind, frozenset(checks._norm(a) for a in accepted))
    return (spec.kind, repr(spec.expected))


def test_no_two_exercises_share_an_answer():
    seen: dict = {}
    for exercise_id, spec in all_exercises():
        key = answer_key(spec)
        if key[0] == "number":
            shared = [(v, seen[("number", v)]) for v in key[1] if ("number", v) in seen]
            assert not shared, (
                f"{exercise_id} and {shared[0][1]} have the same answer {shared[0][0]}"
            )
            seen.update({("number", v): exercise_id for v in key[1]})
            continue
        assert key not in seen, f"{exercise_id} and {seen[key]} have the same answer {key[1]}"
        seen[key] = exercise_id


# ---------------------------------------------------------------- answers on the page

# Whole-number answers under 100 (a count of claims, a small gap) are not searched for: such
# numbers stand everywhere on a page as ordinary numbers (steps, sections, list sizes, dates).
SMALL_COUNT = 100
# A number as printed: digits with optional thousands commas and decimals. A number with a
# leading zero ("03.6", "08") is an exercise id or part of a date, not a quantity.
PRINTED_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?!\d|[.,]\d)")


@dataclass(frozen=True)
class Sighting:
    notebook: str
    index: int
    where: str  # "markdown", "code", "output" or "chart data"
    shown: str
    context: str

    def __str__(self) -> str:
        return f"{self.notebook} cell {self.index} ({self.where}): {self.shown} in '{self.context}'"


def output_text(output) -> str:
    """What a reader sees of one output: its text, a table's text, a chart's text."""
    if output.output_type == "stream":
        return output.text
    data = output.get("data", {})
    parts = [data[mime] for mime in ("text/plain", "text/markdown") if mime in data]
    if "text/html" in data:
        parts.append(html.unescape(re.sub(r"<[^>]+>", " ", data["text/html"])))
    if SVG_MIME in data:
        parts.extend(html.unescape(t) for t in re.findall(r">([^<>]+)</text>", data[SVG_MIME]))
    if VEGALITE_MIME in data:
        parts.append(chart_strings(data[VEGALITE_MIME]))
    return "\n".join(parts)


def chart_strings(spec) -> str:
    """A chart's title, description, labels and every text in its data."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            found.append(node)

    walk(spec)
    return "\n".join(found)


def chart_numbers(spec) -> list[tuple[str, float, str]]:
    """(field, value, the row's texts) of every number in a chart's data: a tooltip prints it
    in full."""
    found = []
    tables = list(spec.get("datasets", {}).values())
    for part in [spec, *spec.get("layer", []), *spec.get("hconcat", []), *spec.get("vconcat", [])]:
        values = part.get("data", {}).get("values") if isinstance(part, dict) else None
        if isinstance(values, list):
            tables.append(values)
    for rows in tables:
        for row in rows:
            if not isinstance(row, dict):
                continue
            texts = " ".join(str(v) for v in row.values() if isinstance(v, str))
            for key, value in row.items():
                if isinstance(value, int | float) and not isinstance(value, bool):
                    found.append((key, float(value), texts))
    return found


@functools.cache
def page(path: Path) -> tuple[tuple[int, str, str], ...]:
    """(cell index, where, text) for everything a learner sees of a notebook."""
    texts = []
    for index, cell in learner_view(path):
        texts.append((index, cell.cell_type, source(cell)))
        for output in cell.get("outputs", []):
            texts.append((index, "output", output_text(output)))
    return tuple(texts)


@functools.cache
def page_charts(path: Path) -> tuple[tuple[int, str, float, str], ...]:
    found = []
    for index, cell in learner_view(path):
        for output in cell.get("outputs", []):
            chart = output.get("data", {}).get(VEGALITE_MIME)
            if chart:
                found.extend((index, *number) for number in chart_numbers(chart))
    return tuple(found)


def rounds_to(value: float | Decimal, answer: float, decimals: int) -> bool:
    return checks.rounded(value, decimals) == checks.rounded(answer, decimals)


def sightings(spec: checks.Exercise, paths: list[Path]) -> list[Sighting]:
    """Where the answer stands on the learner's pages: a printed number with at least the
    asked decimals that rounds to it, or a chart data value that rounds to it."""
    answers = [
        a for a in numeric_answers(spec) if not (spec.decimals == 0 and abs(a) < SMALL_COUNT)
    ]
    found = []
    for path in paths:
        for index, where, text in page(path):
            for match in PRINTED_NUMBER.finditer(text):
                whole, decimals = match[1], match[2] or ""
                if (len(whole) > 1 and whole.startswith("0")) or len(decimals) < spec.decimals:
                    continue
                value = Decimal(whole.replace(",", "") + (f".{decimals}" if decimals else ""))
                if any(rounds_to(value, answer, spec.decimals) for answer in answers):
                    context = text[max(0, match.start() - 60) : match.end() + 60]
                    found.append(
                        Sighting(path.name, index, where, match[0], " ".join(context.split()))
                    )
        for index, key, value, texts in page_charts(path):
            if any(rounds_to(value, answer, spec.decimals) for answer in answers):
                context = f"{key}={value!r} ({texts})" if texts else f"{key}={value!r}"
                found.append(Sighting(path.name, index, "chart data", repr(value), context))
    unique = {(s.notebook, s.index, s.where, s.shown): s for s in reversed(found)}
    return list(reversed(unique.values()))


def notebook_of(exercise_id: str) -> Path | None:
    return next((p for p in NOTEBOOKS if number(p) == exercise_id[:2]), None)


NUMERIC = [exercise_id for exercise_id, spec in all_exercises() if numeric_answers(spec)]


@pytest.mark.parametrize("exercise_id", NUMERIC)
def test_answer_is_nowhere_on_the_learners_pages(exercise_id):
    """The learner sees the whole page, not only what is above the cursor: the answer stands
    in no cell, output, chart text or chart data of its notebook's student edition (optional
    sections included) nor of an earlier notebook's."""
    spec = checks.REGISTRY[exercise_id]()
    own = notebook_of(exercise_id)
    assert own, f"{exercise_id}: no notebook {exercise_id[:2]}_*.ipynb"
    pages = [p for p in NOTEBOOKS if number(p) <= number(own)]
    found = sightings(spec, pages)
    shown = [str(checks.rounded(a, spec.decimals)) for a in numeric_answers(spec)]
    if found:
        pytest.fail(
            f"{exercise_id} asks for {' / '.join(shown)}, which a learner already sees:\n  "
            + "\n  ".join(str(s) for s in found)
            + "\n(a table that shows the answer goes into the solution, or the question moves "
            "to a case the page does not show)",
            pytrace=False,
        )


# ---------------------------------------------------------------- idioms introduced before use

# The course's imports cell (CONTRIBUTING.md): what these modules are is said in 00's prose.
STANDARD_IMPORTS = ("altair", "pandas", "unitevote", "IPython.display")
COURSE_PACKAGE = "unitevote"  # its helpers are the course's own: the lesson names each one
# Plain Python a learner brings (the prerequisites of every lesson from 01: variables, lists, a
# `for` loop, f-strings). Everything else a cell calls is named in the prose first.
PLAIN_PYTHON = {
    "append": "list.append: adding to a list is part of the lists every lesson's prerequisites name",
}
# Calls whose keyword arguments name new columns (or Vega fields), not options of the method.
NEW_NAMES_AS_KEYWORDS = {
    "assign": "df.assign(share=...) adds a column called share",
    "transform_calculate": "Altair's calculate transform names a new field",
    "transform_joinaggregate": "Altair's joinaggregate transform names a new field",
}
ENCODING_SHORTHAND = re.compile(r"[^:\s][^:]*:(?P<type>[QNOT])")
OPERATORS = {ast.BitAnd: "&", ast.BitOr: "|", ast.Invert: "~"}


@functools.cache
def data_columns() -> frozenset[str]:
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    return frozenset(
        field["name"] for resource in package["resources"] for field in resource["schema"]["fields"]
    )


@dataclass(frozen=True)
class Idiom:
    """One thing a learner's code uses that the prose must name first.

    kind: "attribute" (`.loc`, `.melt`), "keyword" (`how=`), "helper" (`alt.X`, `pd.concat`,
    `textwrap.fill`: a name taken from a module), "type" (`:O`), "operator" (`~`) or "import"
    (`import textwrap`, `from pathlib import Path`).
    """

    kind: str
    name: str
    module: str = ""

    def __str__(self) -> str:
        return {
            "attribute": f".{self.name}",
            "keyword": f"{self.name}=",
            "helper": f"{self.module}.{self.name}",
            "type": f":{self.name}",
            "operator": self.name,
            "import": f"import {self.name}"
            if not self.module
            else f"from {self.module} import {self.name}",
        }[self.kind]


def root_name(node: ast.AST) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def module_aliases(trees) -> set[str]:
    """Names bound to a module by `import x` / `import x as y` in a notebook's code."""
    aliases = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                aliases.update((a.asname or a.name).split(".")[0] for a in node.names)
    return aliases


def row_names(tree: ast.AST) -> set[str]:
    """Loop variables over `.itertuples()`: `row.votes` reads a column, not a method."""
    rows = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.For | ast.comprehension):
            loop = node.iter
            if (
                isinstance(loop, ast.Call)
                and isinstance(loop.func, ast.Attribute)
                and loop.func.attr == "itertuples"
                and isinstance(node.target, ast.Name)
            ):
                rows.add(node.target.id)
    return rows


def idioms_in(tree: ast.AST, modules: set[str], functions: set[str]) -> list[Idiom]:
    """The idioms one cell's code uses, in source order, each once.

    `modules`: names bound to modules (`alt`, `pd`, `textwrap`); `functions`: functions the
    learner's own cells define (their keywords are the learner's own).
    """
    found: list[tuple[tuple[int, int], Idiom]] = []
    rows = row_names(tree)
    known_calls = set(dir(builtins)) | functions

    def add(node, idiom):
        # In reading order: an attribute where its name ends (`df.merge(...).iloc`: merge first).
        if isinstance(node, ast.Attribute):
            where = (node.end_lineno, node.end_col_offset)
        else:
            where = (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
        found.append((where, idiom))

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name not in STANDARD_IMPORTS:
                    add(node, Idiom("import", alias.name))
        elif isinstance(node, ast.ImportFrom):
            if node.module not in STANDARD_IMPORTS:
                for alias in node.names:
                    add(node, Idiom("import", alias.name, node.module or ""))
        elif isinstance(node, ast.Attribute):
            if root_name(node) == COURSE_PACKAGE:
                continue
            if isinstance(node.value, ast.Name) and node.value.id in rows and node.attr != "Index":
                continue
            if isinstance(node.value, ast.Name) and node.value.id in modules:
                add(node, Idiom("helper", node.attr, node.value.id))
            elif node.attr not in PLAIN_PYTHON:
                add(node, Idiom("attribute", node.attr))
        elif isinstance(node, ast.Call):
            if root_name(node.func) == COURSE_PACKAGE:
                continue
            for argument in [*node.args, *(k.value for k in node.keywords)]:
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    shorthand = ENCODING_SHORTHAND.fullmatch(argument.value)
                    if shorthand:
                        add(argument, Idiom("type", shorthand["type"]))
            if isinstance(node.func, ast.Name) and node.func.id in known_calls:
                continue
            if isinstance(node.func, ast.Attribute) and node.func.attr in NEW_NAMES_AS_KEYWORDS:
                continue
            for keyword in node.keywords:
                if keyword.arg:
                    add(keyword.value, Idiom("keyword", keyword.arg))
        elif isinstance(node, ast.BinOp | ast.UnaryOp) and type(node.op) in OPERATORS:
            add(node, Idiom("operator", OPERATORS[type(node.op)]))
    ordered = []
    for _, idiom in sorted(found, key=lambda item: item[0]):
        if idiom not in ordered:
            ordered.append(idiom)
    return ordered


CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


def introduced_by(markdown: str) -> set[tuple[str, str]]:
    """What a markdown cell introduces: (kind, name) pairs read from its `code spans`.

    In a span, these forms count (each shown with an example):

    - `.name` anywhere (`.loc`, `df.loc[row, column]`, `.str.startswith`, `alt.X`, `math.ceil`):
      the attribute or method `name`, and the helper `name` of any module;
    - `name(` (`melt(...)`, `set_index("election")`): the method `name` and the helper `name`;
    - `name=` (`left_on=`, `how="left"`, `merge(..., how="left")`): the keyword `name`;
    - a span that is a single name (`loc`, `melt`, `column`, `textwrap`): the method, the
      keyword and the module `name`, unless it is the name of a data column (`votes`, `title`:
      those name columns, not idioms); `.max()` or `max()` alone names the method only;
    - `name.` (`textwrap.fill`, `pd.concat`): the module `name`;
    - `:Q`, `:N`, `:O`, `:T`, alone or in a shorthand (`"votes:Q"`, `x="votes:Q"`): that type;
    - `&`, `|`, `~`: that operator.
    """
    found = set()
    for _, span in CODE_SPAN.findall(markdown):
        for match in IDENTIFIER.finditer(span):
            name, before, after = match[0], span[: match.start()], span[match.end() :]
            if before.endswith("."):
                found.update({("attribute", name), ("helper", name)})
            if after.lstrip().startswith("(") and not before.endswith("."):
                found.update({("attribute", name), ("helper", name)})
            if re.match(r"\s*=(?!=)", after):
                found.add(("keyword", name))
            if after.startswith("."):
                found.add(("import", name))
        bare = re.fullmatch(r"(\.)?([A-Za-z_]\w*)(\(\))?", span.strip())
        if bare and bare[2] not in data_columns():
            # `.max()` or `max()` names the method only; a plain `max` may be any of the three.
            method = bare[1] or bare[3]
            kinds = ("attribute",) if method else ("attribute", "keyword", "import")
            found.update({(kind, bare[2]) for kind in kinds})
        found.update(("type", t) for t in re.findall(r":([QNOT])\b", span))
        found.update(("operator", op) for op in "&|~" if op in span)
    return found


def is_introduced(idiom: Idiom, introduced: set[tuple[str, str]]) -> bool:
    return (idiom.kind, idiom.name) in introduced


@dataclass(frozen=True)
class FirstUse:
    notebook: str
    index: int
    idioms: tuple[Idiom, ...]
    code: str

    def __str__(self) -> str:
        first_line = self.code.strip().splitlines()[0] if self.code.strip() else ""
        names = ", ".join(f"`{idiom}`" for idiom in self.idioms)
        return f"cell {self.index} ({first_line[:60]!r}): {names}"


@functools.cache
def unintroduced() -> dict[str, tuple[FirstUse, ...]]:
    """Walking the course in order: per notebook, each cell that first uses (in that
    notebook) an idiom no markdown cell above it, in this notebook or an earlier one, named."""
    introduced: set[tuple[str, str]] = set()
    functions: set[str] = set()
    report = {}
    for path in NOTEBOOKS:
        view = learner_view(path)
        trees = {i: ast.parse(source(c)) for i, c in view if c.cell_type == "code"}
        modules = module_aliases(trees.values())
        reported: set[Idiom] = set()
        uses = []
        for index, cell in view:
            if cell.cell_type == "markdown":
                introduced |= introduced_by(source(cell))
                continue
            if cell.cell_type != "code":
                continue
            tree = trees[index]
            functions |= {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
            new = [
                idiom
                for idiom in idioms_in(tree, modules, functions)
                if not is_introduced(idiom, introduced) and idiom not in reported
            ]
            reported.update(new)
            if new:
                uses.append(FirstUse(path.name, index, tuple(new), source(cell)))
        report[path.name] = tuple(uses)
    return report


@pytest.mark.parametrize("path", NOTEBOOKS, ids=number)
def test_every_idiom_is_introduced_before_it_is_used(path):
    uses = unintroduced()[path.name]
    if uses:
        pytest.fail(
            f"{path.name} uses idioms no markdown cell above has named in backticks (in course "
            f"order, 00 to {number(path)}):\n  "
            + "\n  ".join(str(use) for use in uses)
            + "\nName each in a sentence before its first use (in backticks, with what it "
            "does), or move machinery that is not the lesson's point behind a one-line call "
            "in unitevote.",
            pytrace=False,
        )


def test_the_idiom_reader_knows_the_forms_it_documents():
    """A fixed example of each documented form, so that the rule itself is tested."""
    introduced = introduced_by(
        '`.iloc[0]` picks, `left_on=`, `melt`, `x="votes:Q"`, `alt.Scale`, `&`, '
        "`textwrap.fill`, `votes`"
    )
    for kind, name in [
        ("attribute", "iloc"),
        ("keyword", "left_on"),
        ("attribute", "melt"),
        ("keyword", "x"),
        ("type", "Q"),
        ("helper", "Scale"),
        ("operator", "&"),
        ("import", "textwrap"),
        ("helper", "fill"),
    ]:
        assert (kind, name) in introduced, (kind, name)
    assert ("attribute", "votes") not in introduced  # a column's name is not a method's
    assert ("helper", "X") not in introduced  # `x=` does not introduce `alt.X`
    method_only = introduced_by("`.max()`, then `min()`")
    assert ("attribute", "max") in method_only and ("attribute", "min") in method_only
    assert ("keyword", "max") not in method_only  # the method does not introduce `max=`
    assert ("keyword", "min") not in method_only
    tree = ast.parse(
        "import textwrap\n"
        "t = df.merge(o, left_on='a', how='left').iloc[0]\n"
        "alt.Chart(t).encode(alt.X('votes:Q')).properties(title='t')\n"
        "for row in df.itertuples():\n    print(row.votes, len(row), textwrap.fill(row.notes))\n"
        "unitevote.charts.timeline(story, title='x')\n"
        "df.assign(share=1)[~mask]\n"
        "rows = []\nrows.append(1)\n"
    )
    used = [str(i) for i in idioms_in(tree, {"alt", "textwrap"}, set())]
    assert used == [
        "import textwrap",
        ".merge",
        "left_on=",
        "how=",
        ".iloc",
        "alt.Chart",
        ".encode",
        "alt.X",
        ":Q",
        ".properties",
        "title=",
        ".itertuples",
        "textwrap.fill",
        ".assign",
        "~",
    ], used


# ---------------------------------------------------------------- code within reach

BUILTINS = set(dir(builtins)) | {"display", "get_ipython", "__name__"}


def defined_names(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            names.add(node.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


def used_names(tree: ast.AST) -> set[str]:
    return {
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    }


@pytest.mark.parametrize("path", NOTEBOOKS, ids=number)
def test_no_name_is_used_before_the_cell_that_defines_it(path):
    defined = set(BUILTINS)
    for index, cell in learner_view(path):
        if cell.cell_type != "code":
            continue
        tree = ast.parse(source(cell))
        here = defined_names(tree)
        missing = used_names(tree) - defined - here
        assert not missing, (
            f"{path.name} cell {index} uses {sorted(missing)} before any (non-solution) cell "
            f"defines them: {source(cell)[:80]!r}"
        )
        defined |= here


def advanced_idioms(tree: ast.AST) -> list[str]:
    found = []
    comprehensions = ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
            if "re" in modules or "regex" in modules:
                found.append("a regular expression module")
        if isinstance(node, comprehensions):
            inner = [n for n in ast.walk(node) if n is not node and isinstance(n, comprehensions)]
            if inner:
                found.append("a nested comprehension")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            keywords = {k.arg: k.value for k in node.keywords}
            if name == "apply":
                found.append("`.apply`")
            if name in {"extract", "extractall", "match", "fullmatch", "findall"}:
                found.append(f"`.str.{name}` (a regular expression)")
            regex = keywords.get("regex")
            if isinstance(regex, ast.Constant) and regex.value is True:
                found.append("`regex=True`")
            if name == "sort_values":
                keys = node.args[0] if node.args else keywords.get("by")
                if isinstance(keys, ast.List | ast.Tuple) and len(keys.elts) > 1:
                    found.append("a multi-key sort")
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=number)
def test_core_path_code_is_within_reach(path):
    for index, cell in core_path(path):
        if cell.cell_type != "code":
            continue
        found = advanced_idioms(ast.parse(source(cell)))
        assert not found, (
            f"{path.name} cell {index} uses {found} in the core path; move the machinery into "
            f"src/unitevote/ behind a one-line call, or into '{GOING_FURTHER} (optional)': "
            f"{source(cell)[:80]!r}"
        )


# ---------------------------------------------------------------- outputs


def output_texts(output) -> list[tuple[str, str]]:
    if output.output_type == "stream":
        return [("stream", output.text)]
    data = output.get("data", {})
    return [(mime, data[mime]) for mime in ("text/plain", "text/markdown") if mime in data]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=number)
def test_no_output_walls(path):
    for index, cell in enumerate(read(path).cells):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if VEGALITE_MIME in data:
                continue
            table = "<table" in data.get("text/html", "")
            for mime, text in output_texts(output):
                lines = text.rstrip("\n").splitlines()
                where = f"{path.name} cell {index} ({mime})"
                assert len(lines) <= MAX_OUTPUT_LINES, (
                    f"{where}: {len(lines)} lines; show .head() and say how many rows in all"
                )
                if mime == "text/markdown":
                    continue
                wide = [line for line in lines if len(line) > MAX_OUTPUT_WIDTH]
                assert not wide, f"{where}: a line of {len(wide[0])} characters: {wide[0][:60]!r}"
                if table:
                    assert not any(line.endswith(" \\") for line in lines), (
                        f"{where}: the table wraps (too many or too wide columns)"
                    )
                    assert "..." not in text, f"{where}: table text cut with '...'"
            if table:
                assert "colspan" not in data["text/html"], (
                    f"{path.name} cell {index}: a two-level column header"
                )


def test_the_codebook_is_shown_in_full():
    """04.2 asks which one code fits a quotation, so 04 shows every code's definition whole (the
    first version cut them at 50 characters, and the cut words decided the answer)."""
    from unitevote.data import load

    (path,) = [p for p in NOTEBOOKS if number(p) == "04"]
    shown = " ".join(
        text
        for cell in read(path).cells
        for o in cell.get("outputs", [])
        for _, text in output_texts(o)
    )
    shown = " ".join(shown.split())
    for row in load("frame_codes").itertuples():
        assert " ".join(row.definition.split()) in shown, f"04 does not show {row.code} in full"


# ---------------------------------------------------------------- python tests/test_teaching.py


def times_table() -> str:
    lines = [
        "| notebook | stated (teaching, exercises) | model: teaching + exercises = total | "
        "words | code cells | core exercises | optional exercises |",
        "|---|---|---|---:|---:|---|---|",
    ]
    for path in NOTEBOOKS:
        time, model = stated(path) or {}, time_model(path)
        lines.append(
            f"| {path.name} | {time.get('total')} ({time.get('teaching')}, {time.get('exercises')}) "
            f"| {model['teaching']:.1f} + {model['exercise minutes']} = {model['minutes']:.1f} "
            f"| {model['words']} | {model['code cells']} | {len(model['exercises'])}: "
            f"{', '.join(model['exercises'])} | {', '.join(model['optional exercises']) or '-'} |"
        )
    return "\n".join(lines)


def todo() -> str:
    """Every idiom used before it is introduced and every answer on a learner's page."""
    lines = ["## Idioms used before they are introduced", ""]
    for name, uses in unintroduced().items():
        lines.append(f"### {name}" + ("" if uses else ": none"))
        lines.extend(f"- {use}" for use in uses)
        lines.append("")
    lines += ["## Answers on the learner's pages", ""]
    for exercise_id in NUMERIC:
        spec = checks.REGISTRY[exercise_id]()
        own = notebook_of(exercise_id)
        found = sightings(spec, [p for p in NOTEBOOKS if number(p) <= number(own)])
        if found:
            shown = " / ".join(str(checks.rounded(a, spec.decimals)) for a in numeric_answers(spec))
            lines.append(f"- **{exercise_id}** (answer {shown}):")
            lines.extend(f"  - {s}" for s in found)
    return "\n".join(lines)


if __name__ == "__main__":
    print(times_table())
    if "--todo" in sys.argv[1:]:
        print()
        print(todo())

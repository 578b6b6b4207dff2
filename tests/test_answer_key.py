"""The teacher's answer key (docs/answer_key.md) is current, complete and kept from learners.

- `make docs` writes it (tools/generate_docs.py, whose test fails when the committed key is stale);
- every registered exercise has a row with its expected answer at the asked precision and each
  misconception's value and name;
- every kind of exercise is described in words (a kind with no describer yet still appears);
- the student edition carries no copy of it, and the teacher guide names it in its opening
  without a link the site would have to serve.
"""

from __future__ import annotations

import re

import pytest

from tools import answer_key, build_student, generate_docs
from unitevote import checks, exercises  # noqa: F401  (registers every exercise)
from unitevote.pattern import ROOT

EXERCISES = sorted(checks.REGISTRY, key=checks.exercise_key)


def test_make_docs_writes_the_answer_key():
    """So that tests/test_generated_docs.py fails when the committed key is stale."""
    assert generate_docs.generated()[answer_key.ANSWER_KEY] is answer_key.render


def key_row(exercise_id: str) -> str:
    text = answer_key.ANSWER_KEY.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith(f"| {exercise_id} |")]
    assert len(rows) == 1, f"docs/answer_key.md: one row for {exercise_id}, found {len(rows)}"
    return rows[0]


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_each_exercise_has_its_answer_and_misconceptions(exercise_id):
    spec = checks.REGISTRY[exercise_id]()
    row = key_row(exercise_id)
    if spec.kind == "number":
        assert f"**{checks.rounded(spec.expected, spec.decimals)}**" in row
    for misconception in spec.misconceptions:
        assert f"*{misconception.name}*" in row, misconception.name


def test_a_fraction_for_a_percentage_is_listed():
    spec = checks.Exercise(expected=12.34, decimals=1, unit="percent")
    assert "0.123: *a fraction where a percentage was asked*" in answer_key.misconceptions(spec)


def test_a_based_answer_is_given_with_its_base():
    spec = checks.Exercise(
        kind="based",
        expected={"valid votes": 37.69, "papers returned": 37.61},
        other_bases={"members": 9.3},
        decimals=1,
        unit="percent",
        misconceptions=(checks.Misconception(checks.WRONG_DENOMINATOR, (9.3, "members")),),
    )
    described = answer_key.describe(spec)
    assert '**(37.7, "valid votes")**' in described
    assert '**(37.6, "papers returned")**' in described
    wrong = answer_key.misconceptions(spec)
    assert f'(9.3, "members"): *{checks.WRONG_DENOMINATOR}*' in wrong
    assert any(checks.UNNAMED_BASE in line for line in wrong)
    assert any(line.startswith("9.3 ") and checks.BASE_MISMATCH in line for line in wrong)


def test_a_chart_is_described_in_words():
    wanted = checks.ChartSpec(
        mark="bar",
        value=checks.Channel(("votes",), "quantitative"),
        category=checks.Channel(("candidate",), "nominal"),
        figures={"A": 10.0, "B": 20.0},
        ranked=True,
    )
    spec = checks.Exercise(kind="chart", expected=wanted)
    described = answer_key.describe(spec)
    assert "mark_bar" in described and "votes:Q" in described and "candidate:N" in described
    assert "A 10, B 20" in described
    assert answer_key.value_text(spec, None) == "(read from the learner's chart)"


def test_an_unknown_kind_still_appears():
    spec = checks.Exercise(expected={"a": 1}, kind="map")
    assert "no describer" in answer_key.describe(spec)


def test_learners_never_get_the_answer_key(tmp_path):
    """The student edition copies no part of docs/ but the glossary."""
    build_student.build(out_dir=tmp_path / "student")
    copied = [p.name for p in (tmp_path / "student").rglob("*") if p.is_file()]
    assert answer_key.ANSWER_KEY.name not in copied
    assert not [name for name in copied if "answer" in name.lower()]


def test_the_teacher_guide_names_the_answer_key_in_its_opening():
    guide = (ROOT / "docs" / "teacher_guide.md").read_text(encoding="utf-8")
    opening = guide.split("\n## ", 1)[0]
    assert "`docs/answer_key.md`" in opening, (
        "docs/teacher_guide.md: name the answer key (`docs/answer_key.md`) in the opening"
    )
    # A link would send the site (which learners use) to a page it must not have.
    assert not re.search(r"\]\([^)]*answer_key\.md", guide), (
        "docs/teacher_guide.md links answer_key.md: name it in backticks instead (the site, "
        "which learners read, does not carry the key)"
    )

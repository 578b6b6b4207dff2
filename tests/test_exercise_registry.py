"""What every registered exercise must do, whatever its notebook: one test per property,
parametrised over the registry (so a new exercise is covered the moment it is registered).

The per-notebook files (tests/test_exercises_NN.py) test what only a given exercise can: its
right answer and each misconception, from figures worked out independently of the checks.
tests/test_teaching.py holds the registry-wide properties of the teaching (a check as strict as
its question, what it transfers to, no answer on the page).
"""

import pytest
from exercise_cases import plain_wrongs

import unitevote.exercises  # noqa: F401  (registers every exercise module)
from unitevote import checks
from unitevote.checks import (
    REGISTRY,
    SOLUTION_POINTER,
    UNANSWERED,
    WRONG_TYPE,
    evaluate,
    exercise_key,
)

EXERCISES = sorted(REGISTRY, key=exercise_key)


def test_the_registry_is_not_empty():
    assert len(EXERCISES) >= 6


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_unanswered(exercise_id):
    """The `...` a learner has not replaced yet is "not answered", never a wrong answer."""
    assert evaluate(exercise_id, ...).status == UNANSWERED


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_none_is_a_wrong_type(exercise_id):
    """`answer = None` (a cell whose last line printed instead of returning) is explained."""
    feedback = evaluate(exercise_id, None)
    assert feedback.status == WRONG_TYPE
    assert feedback.message.startswith(f"{exercise_id}: not yet.")


LADDERED = [key for key in EXERCISES if REGISTRY[key]().kind != "chart"]


@pytest.mark.parametrize("exercise_id", LADDERED)
def test_the_hint_ladder_climbs_to_the_solution(exercise_id):
    """A plain wrong answer gets the idea, a second the concrete step (not the same words), a
    third and any later one the pointer to the worked solution; no rung gives the answer."""
    spec = REGISTRY[exercise_id]()
    assert spec.step_hint and spec.step_hint != spec.hint
    assert spec.hints[-1] == SOLUTION_POINTER
    wrong = plain_wrongs(exercise_id)[0]
    said = [evaluate(exercise_id, wrong, tries=tries).message for tries in range(4)]
    assert said[0].endswith(spec.hint), said[0]
    assert said[1].endswith(spec.step_hint), said[1]
    assert said[2].endswith(SOLUTION_POINTER) and said[3] == said[2], said[2:]
    if spec.kind == "number":
        shown = str(checks.rounded(spec.expected, spec.decimals))
        assert not any(shown in message for message in said), f"a rung says {shown}"

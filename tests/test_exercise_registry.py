"""What every registered exercise must do, whatever its notebook: one test per property,
parametrised over the registry (so a new exercise is covered the moment it is registered).

The per-notebook files (tests/test_exercises_NN.py) test what only a given exercise can: its
right answer and each misconception, from figures worked out independently of the checks.
"""

import pytest

import unitevote.exercises  # noqa: F401  (registers every exercise module)
from unitevote.checks import REGISTRY, UNANSWERED, WRONG_TYPE, evaluate, exercise_key

EXERCISES = sorted(REGISTRY, key=exercise_key)
NUMBERS = [key for key in EXERCISES if REGISTRY[key]().kind == "number"]


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


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_says_what_it_transfers_to(exercise_id):
    assert REGISTRY[exercise_id]().transfer


@pytest.mark.parametrize("exercise_id", NUMBERS)
def test_a_number_states_its_precision(exercise_id):
    spec = REGISTRY[exercise_id]()
    assert spec.decimals is not None and spec.tolerance == 0
    if spec.integer:
        assert spec.decimals == 0, "a count is asked as a whole number"

"""Exercises of notebook 02: right answers, every misconception, unanswered, wrong types.

Expected figures come from the sources (seed 004, the facts ledger), typed here on purpose so that
the checks, which compute from data/, are tested against something independent of them.
"""

import pandas as pd
import pytest

from unitevote.checks import (
    FORGOT_SPOILED,
    FRACTION_FOR_PERCENT,
    PERCENT_FOR_POINTS,
    POINTS_FOR_PERCENT,
    ROUNDED_TOO_EARLY,
    WRONG_DENOMINATOR,
    evaluate,
)

# Seed 004 (Allinson's statement) and ledger F029-F034; 2013 from F016-F018; 2017 turnout F035.
MCCLUSKEY, COYNE, ALLINSON, SPOILED = 59067, 53544, 17143, 317
RETURNED, DESPATCHED = 130071, 1062049
VALID = MCCLUSKEY + COYNE + ALLINSON
RETURNED_2013, DESPATCHED_2013 = 225801, 1485079
TURNOUT_2013_PUBLISHED, TURNOUT_2017_PUBLISHED = 15.2, 12.2

TURNOUT_2013 = RETURNED_2013 / DESPATCHED_2013 * 100
TURNOUT_2017 = RETURNED / DESPATCHED * 100
NEEDED = 11334  # the figure: more than (17,143 + 5,523) / 2 = 11,333

RIGHT = {
    "02.1": MCCLUSKEY / DESPATCHED * 100,
    "02.2": COYNE / RETURNED * 100,
    "02.3": (MCCLUSKEY - COYNE) / RETURNED * 100,
    "02.4": (MCCLUSKEY - COYNE) / COYNE * 100,
    "02.5": (TURNOUT_2013 - TURNOUT_2017) / TURNOUT_2013 * 100,
    "02.6": NEEDED / ALLINSON * 100,
}

MISCONCEPTIONS = [
    ("02.1", MCCLUSKEY / RETURNED * 100, WRONG_DENOMINATOR),
    ("02.1", MCCLUSKEY / VALID * 100, WRONG_DENOMINATOR),
    ("02.1", MCCLUSKEY / DESPATCHED, FRACTION_FOR_PERCENT),
    ("02.2", COYNE / VALID * 100, FORGOT_SPOILED),
    ("02.2", COYNE / DESPATCHED * 100, WRONG_DENOMINATOR),
    ("02.2", 41.3, FORGOT_SPOILED),
    ("02.3", (MCCLUSKEY - COYNE) / COYNE * 100, PERCENT_FOR_POINTS),
    ("02.3", (MCCLUSKEY - COYNE) / MCCLUSKEY * 100, PERCENT_FOR_POINTS),
    ("02.4", 45.4 - 41.2, POINTS_FOR_PERCENT),
    ("02.4", (45.4 - 41.2) / 41.2 * 100, ROUNDED_TOO_EARLY),
    ("02.4", (MCCLUSKEY - COYNE) / MCCLUSKEY * 100, "the wrong starting value"),
    ("02.4", (MCCLUSKEY - COYNE) / COYNE, FRACTION_FOR_PERCENT),
    ("02.5", TURNOUT_2013 - TURNOUT_2017, POINTS_FOR_PERCENT),
    ("02.5", TURNOUT_2013_PUBLISHED - TURNOUT_2017_PUBLISHED, POINTS_FOR_PERCENT),
    (
        "02.5",
        (TURNOUT_2013_PUBLISHED - TURNOUT_2017_PUBLISHED) / TURNOUT_2013_PUBLISHED * 100,
        ROUNDED_TOO_EARLY,
    ),
    ("02.5", -(TURNOUT_2013 - TURNOUT_2017) / TURNOUT_2013 * 100, "a negative number for a fall"),
    ("02.6", 50, "forgetting the margin"),
    ("02.6", (MCCLUSKEY - COYNE + 1) / ALLINSON * 100, "forgetting where the other transfers go"),
    ("02.6", NEEDED / ALLINSON, FRACTION_FOR_PERCENT),
]


@pytest.mark.parametrize("exercise_id", sorted(RIGHT))
def test_right_answer(exercise_id):
    assert evaluate(exercise_id, RIGHT[exercise_id]).status == "correct"


def test_rounded_answers_accepted():
    """A learner who rounds only the final answer to one decimal is right."""
    assert evaluate("02.1", 5.6).status == "correct"
    assert evaluate("02.2", 41.2).status == "correct"
    assert evaluate("02.3", 4.2).status == "correct"
    assert evaluate("02.4", 10.3).status == "correct"
    assert evaluate("02.6", 66.1).status == "correct"


def test_numpy_and_pandas_scalars_accepted():
    assert evaluate("02.4", pd.Series([RIGHT["02.4"]]).iloc[0]).status == "correct"
    assert evaluate("02.4", pd.Series([RIGHT["02.4"]])).status == "correct"


@pytest.mark.parametrize(("exercise_id", "answer", "name"), MISCONCEPTIONS)
def test_misconception(exercise_id, answer, name):
    feedback = evaluate(exercise_id, answer)
    assert feedback.status == "misconception"
    assert feedback.misconception == name
    assert name in feedback.message
    # the hint does not give the answer away
    assert f"{RIGHT[exercise_id]:.1f}" not in feedback.message


@pytest.mark.parametrize("exercise_id", sorted(RIGHT))
def test_unanswered(exercise_id):
    assert evaluate(exercise_id, ...).status == "unanswered"


@pytest.mark.parametrize("exercise_id", sorted(RIGHT))
@pytest.mark.parametrize("answer", ["45.4%", pd.DataFrame({"votes": [1, 2]}), None, True])
def test_wrong_type(exercise_id, answer):
    assert evaluate(exercise_id, answer).status == "wrong type"


@pytest.mark.parametrize("exercise_id", sorted(RIGHT))
def test_plain_wrong_answer(exercise_id):
    feedback = evaluate(exercise_id, 99.0)
    assert feedback.status == "incorrect"
    assert feedback.misconception is None

"""Exercises of notebook 02: right answers, every misconception, unanswered, wrong types.

Expected figures come from the sources (the facts ledger), typed here on purpose so that the
checks, which compute from data/, are tested against something independent of them.
"""

import pandas as pd
import pytest

from unitevote.checks import (
    FRACTION_FOR_PERCENT,
    PERCENT_FOR_POINTS,
    POINTS_FOR_PERCENT,
    REGISTRY,
    ROUNDED_TOO_EARLY,
    WRONG_DENOMINATOR,
    evaluate,
)
from unitevote.exercises.nb02 import (
    HALF_IS_NOT_ENOUGH,
    OTHER_TRANSFERS,
    THRESHOLD_FOR_SHORTFALL,
    TIE_FOR_WIN,
    WRONG_ELECTION,
    WRONG_STARTING_VALUE,
)

# 2017: ledger F029-F034 (seed 004). 2013: F012, F013, F014, F016, F017. 2010: F002-F007.
MCCLUSKEY, COYNE, ALLINSON = 59067, 53544, 17143
DESPATCHED = 1062049
MCCLUSKEY_2013, HICKS_2013 = 144570, 79819
RETURNED_2013, DESPATCHED_2013, SPOILED_2013 = 225801, 1485079, 1412
VALID_2013 = MCCLUSKEY_2013 + HICKS_2013
MCCLUSKEY_2010, HICKS_2010, BAYLISS_2010, CARTMAIL_2010 = 101194, 52527, 46786, 39363
VALID_2010 = MCCLUSKEY_2010 + HICKS_2010 + BAYLISS_2010 + CARTMAIL_2010

RIGHT = {
    "02.1": HICKS_2013 / DESPATCHED_2013 * 100,  # 5.37
    "02.2": (MCCLUSKEY_2013 - HICKS_2013) / VALID_2013 * 100,  # 28.86
    "02.3": (MCCLUSKEY_2010 - HICKS_2010) / HICKS_2010 * 100,  # 92.65
    "02.4": 119936 - MCCLUSKEY_2010,  # more than half of 239,870 is 119,936
    "02.5": 11334,  # more than (17,143 + 5,523) / 2 = 11,333
}
ROUNDED = {"02.1": 5.4, "02.2": 28.9, "02.3": 92.7, "02.4": 18742, "02.5": 11334}

MISCONCEPTIONS = [
    ("02.1", HICKS_2013 / RETURNED_2013 * 100, WRONG_DENOMINATOR),
    ("02.1", HICKS_2013 / VALID_2013 * 100, WRONG_DENOMINATOR),
    ("02.1", HICKS_2013 / DESPATCHED * 100, WRONG_ELECTION),
    ("02.1", HICKS_2013 / DESPATCHED_2013, FRACTION_FOR_PERCENT),
    ("02.2", (MCCLUSKEY_2013 - HICKS_2013) / HICKS_2013 * 100, PERCENT_FOR_POINTS),
    ("02.2", (MCCLUSKEY_2013 - HICKS_2013) / MCCLUSKEY_2013 * 100, PERCENT_FOR_POINTS),
    ("02.2", (MCCLUSKEY_2013 - HICKS_2013) / RETURNED_2013 * 100, WRONG_DENOMINATOR),
    ("02.2", 64.4 - 35.6, ROUNDED_TOO_EARLY),
    ("02.3", (MCCLUSKEY_2010 - HICKS_2010) / VALID_2010 * 100, POINTS_FOR_PERCENT),
    ("02.3", (MCCLUSKEY_2010 - HICKS_2010) / MCCLUSKEY_2010 * 100, WRONG_STARTING_VALUE),
    ("02.3", (42 - 22) / 22 * 100, ROUNDED_TOO_EARLY),
    ("02.3", (101000 - 52000) / 52000 * 100, ROUNDED_TOO_EARLY),
    ("02.3", (MCCLUSKEY_2010 - HICKS_2010) / HICKS_2010, FRACTION_FOR_PERCENT),
    ("02.4", 119935 - MCCLUSKEY_2010, TIE_FOR_WIN),
    ("02.4", 119936, THRESHOLD_FOR_SHORTFALL),
    ("02.5", MCCLUSKEY - COYNE + 1, OTHER_TRANSFERS),
    ("02.5", 8572, HALF_IS_NOT_ENOUGH),
    ("02.5", 11333, TIE_FOR_WIN),
]


def test_at_least_five_exercises():
    assert len([key for key in REGISTRY if key.startswith("02.")]) >= 5


@pytest.mark.parametrize("exercise_id", sorted(RIGHT))
def test_right_answer(exercise_id):
    assert evaluate(exercise_id, RIGHT[exercise_id]).status == "correct"


@pytest.mark.parametrize("exercise_id", sorted(ROUNDED))
def test_answer_rounded_as_asked_is_accepted(exercise_id):
    assert evaluate(exercise_id, ROUNDED[exercise_id]).status == "correct"


@pytest.mark.parametrize(("exercise_id", "wrong"), [("02.1", 5.3), ("02.2", 28.8), ("02.3", 92.6)])
def test_one_decimal_means_one_decimal(exercise_id, wrong):
    """A neighbouring value at the asked precision is not accepted."""
    assert evaluate(exercise_id, wrong).status != "correct"


def test_every_exercise_is_strict_and_says_what_it_transfers_to():
    for exercise_id in [key for key in REGISTRY if key.startswith("02.")]:
        spec = REGISTRY[exercise_id]()
        assert spec.decimals is not None and spec.tolerance == 0
        assert spec.transfer


def test_numpy_and_pandas_scalars_accepted():
    assert evaluate("02.3", pd.Series([RIGHT["02.3"]]).iloc[0]).status == "correct"
    assert evaluate("02.3", pd.Series([RIGHT["02.3"]])).status == "correct"


@pytest.mark.parametrize(("exercise_id", "answer", "name"), MISCONCEPTIONS)
def test_misconception(exercise_id, answer, name):
    feedback = evaluate(exercise_id, answer)
    assert feedback.status == "misconception"
    assert feedback.misconception == name
    assert name in feedback.message
    # the hint does not give the answer away
    assert f"{RIGHT[exercise_id]:.1f}" not in feedback.message
    assert f"{ROUNDED[exercise_id]:,}" not in feedback.message


@pytest.mark.parametrize("exercise_id", sorted(RIGHT))
def test_unanswered(exercise_id):
    assert evaluate(exercise_id, ...).status == "unanswered"


@pytest.mark.parametrize("exercise_id", sorted(RIGHT))
@pytest.mark.parametrize("answer", ["45.4%", pd.DataFrame({"votes": [1, 2]}), None, True])
def test_wrong_type(exercise_id, answer):
    assert evaluate(exercise_id, answer).status == "wrong type"


@pytest.mark.parametrize("exercise_id", ["02.4", "02.5"])
def test_a_fractional_count_is_flagged(exercise_id):
    feedback = evaluate(exercise_id, RIGHT[exercise_id] - 0.5)
    assert feedback.status == "wrong type"
    assert "whole number" in feedback.message


@pytest.mark.parametrize("exercise_id", sorted(RIGHT))
def test_plain_wrong_answer(exercise_id):
    feedback = evaluate(exercise_id, 999.0)
    assert feedback.status == "incorrect"
    assert feedback.misconception is None

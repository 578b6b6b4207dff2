"""Exercises of notebook 03: expected values are worked out here from the published figures
(seeds and facts ledger), not by calling the code under test."""

import pandas as pd
import pytest

from unitevote.checks import (
    FRACTION_FOR_PERCENT,
    PERCENT_FOR_POINTS,
    POINTS_FOR_PERCENT,
    WRONG_DENOMINATOR,
    evaluate,
)
from unitevote.exercises.nb03 import (
    EXTRA_NOT_TOTAL,
    GAINS_NOT_NET,
    WRONG_BASE_FOR_CHANGE,
    WRONG_SIGN,
)

# Published figures: seed 004 (votes, spoiled, papers despatched), F035/F018/F006 (turnouts),
# F055 (membership as claimed when the 2017 election was called), F059 (50% threshold).
MCCLUSKEY, COYNE, ALLINSON, SPOILED = 59067, 53544, 17143, 317
RETURNED = MCCLUSKEY + COYNE + ALLINSON + SPOILED  # 130,071
VALID = RETURNED - SPOILED
DESPATCHED = 1062049
MEMBERSHIP_2017 = 1400000
T2010, T2013, T2017 = 15.8, 15.2, 12.2

RIGHT = {
    "03.1": 100 * RETURNED / MEMBERSHIP_2017,  # 9.29
    "03.2": 100 * MCCLUSKEY / DESPATCHED,  # 5.56
    "03.3": T2013 - T2017,  # 3.0
    "03.4": 100 * (T2010 - T2013) / T2010,  # 3.8
    "03.5": 531025,  # half of 1,062,049, rounded up
    "03.6": 55231,  # margin 5,523 closes at 10% net per voter: 55,230 ties
}

MISCONCEPTIONS = [
    ("03.1", 100 * RETURNED / DESPATCHED, WRONG_DENOMINATOR),
    ("03.2", 100 * MCCLUSKEY / RETURNED, WRONG_DENOMINATOR),
    ("03.2", 100 * MCCLUSKEY / VALID, WRONG_DENOMINATOR),
    ("03.2", MCCLUSKEY / DESPATCHED, FRACTION_FOR_PERCENT),
    ("03.3", 100 * (T2013 - T2017) / T2013, PERCENT_FOR_POINTS),
    ("03.3", T2017 - T2013, WRONG_SIGN),
    ("03.4", T2010 - T2013, POINTS_FOR_PERCENT),
    ("03.4", 100 * (T2010 - T2013) / T2013, WRONG_BASE_FOR_CHANGE),
    ("03.5", 531025 - RETURNED, EXTRA_NOT_TOTAL),
    ("03.5", 700000, WRONG_DENOMINATOR),
    ("03.6", 10042, GAINS_NOT_NET),
]


@pytest.mark.parametrize("exercise_id", sorted(RIGHT))
def test_right_answer(exercise_id):
    assert evaluate(exercise_id, RIGHT[exercise_id]).status == "correct"


@pytest.mark.parametrize("exercise_id", ["03.1", "03.2", "03.3", "03.4"])
def test_one_decimal_answer_is_accepted(exercise_id):
    assert evaluate(exercise_id, round(RIGHT[exercise_id], 1)).status == "correct"


@pytest.mark.parametrize(("exercise_id", "answer", "name"), MISCONCEPTIONS)
def test_misconception(exercise_id, answer, name):
    feedback = evaluate(exercise_id, answer)
    assert feedback.status == "misconception"
    assert feedback.misconception == name
    assert str(round(RIGHT[exercise_id], 1)) not in feedback.message


@pytest.mark.parametrize("exercise_id", sorted(RIGHT))
def test_unanswered(exercise_id):
    assert evaluate(exercise_id, ...).status == "unanswered"


@pytest.mark.parametrize("exercise_id", sorted(RIGHT))
@pytest.mark.parametrize("answer", ["12.2%", pd.DataFrame({"a": [1, 2]}), None])
def test_wrong_type(exercise_id, answer):
    assert evaluate(exercise_id, answer).status == "wrong type"


@pytest.mark.parametrize("exercise_id", sorted(RIGHT))
def test_unrelated_number_is_incorrect(exercise_id):
    assert evaluate(exercise_id, 123456789).status == "incorrect"


def test_one_element_series_is_accepted():
    assert evaluate("03.2", pd.Series([RIGHT["03.2"]])).status == "correct"

"""Exercises of notebook 03: expected values are worked out here from the published figures
(seeds and facts ledger), not by calling the code under test."""

import pandas as pd
import pytest

from unitevote.checks import (
    FRACTION_FOR_PERCENT,
    PERCENT_FOR_POINTS,
    POINTS_FOR_PERCENT,
    REGISTRY,
    WRONG_DENOMINATOR,
    evaluate,
)
from unitevote.exercises.nb03 import (
    EXTRA_NOT_TOTAL,
    GAINS_NOT_NET,
    NOT_PREFERRED,
    OTHER_ELECTION,
    ROUNDED_DOWN,
    TIE_NOT_WIN,
    WRONG_BASE_FOR_CHANGE,
    WRONG_SIGN,
)

# Published figures. 2013: papers despatched 1,485,079 (F017), returned 225,801 (F016), invalid
# 1,412 (F014), McCluskey 144,570 and Hicks 79,819 (F012, F013), membership 1.5m (F054).
# 2017: membership 1.4m (F055). 2010: McCluskey 101,194, Hicks 52,527 (F002, F003).
# Turnouts 15.8 (2010, F006) and 12.2 (2017, F035). PCS 18.6 (2019, preferred), 19 (2019, other)
# and 11.5 (2023) (F069, F070). The strike-ballot turnout threshold is 50% (F059).
DESPATCHED_2013, RETURNED_2013, INVALID_2013 = 1485079, 225801, 1412
MCCLUSKEY_2013, HICKS_2013 = 144570, 79819
MEMBERS_2013, MEMBERS_2017 = 1500000, 1400000
MCCLUSKEY_2010, HICKS_2010 = 101194, 52527
T2010, T2017 = 15.8, 12.2
PCS_2019, PCS_2019_OTHER, PCS_2023 = 18.6, 19.0, 11.5
MARGIN_2010 = MCCLUSKEY_2010 - HICKS_2010  # 48,667

RIGHT = {
    "03.1": 100 * RETURNED_2013 / MEMBERS_2013,  # 15.05 -> 15.1
    "03.2": 100 * MCCLUSKEY_2013 / DESPATCHED_2013,  # 9.73 -> 9.7
    "03.3": T2010 - T2017,  # 3.6
    "03.4": 100 * (PCS_2019 - PCS_2023) / PCS_2019,  # 38.17 -> 38.2
    "03.5": 742540,  # half of 1,485,079 is 742,539.5, rounded up
    "03.6": 243336,  # 48,667 / (0.60 - 0.40) = 243,335 ties; one more is ahead
}

ONE_DECIMAL = ["03.1", "03.2", "03.3", "03.4"]
COUNTS = ["03.5", "03.6"]

MISCONCEPTIONS = [
    ("03.1", 100 * RETURNED_2013 / DESPATCHED_2013, WRONG_DENOMINATOR),  # 15.2
    ("03.1", 100 * RETURNED_2013 / MEMBERS_2017, OTHER_ELECTION),  # 16.1
    ("03.1", RETURNED_2013 / MEMBERS_2013, FRACTION_FOR_PERCENT),
    ("03.2", 100 * MCCLUSKEY_2013 / RETURNED_2013, WRONG_DENOMINATOR),  # 64.0
    ("03.2", 100 * MCCLUSKEY_2013 / (RETURNED_2013 - INVALID_2013), WRONG_DENOMINATOR),  # 64.4
    ("03.2", MCCLUSKEY_2013 / DESPATCHED_2013, FRACTION_FOR_PERCENT),
    ("03.3", 100 * (T2010 - T2017) / T2010, PERCENT_FOR_POINTS),  # 22.8
    ("03.3", T2017 - T2010, WRONG_SIGN),
    ("03.4", PCS_2019 - PCS_2023, POINTS_FOR_PERCENT),  # 7.1
    ("03.4", 100 * (PCS_2019 - PCS_2023) / PCS_2023, WRONG_BASE_FOR_CHANGE),  # 61.7
    ("03.4", 100 * (PCS_2019_OTHER - PCS_2023) / PCS_2019_OTHER, NOT_PREFERRED),  # 39.5
    ("03.5", 742539, ROUNDED_DOWN),
    ("03.5", 742540 - RETURNED_2013, EXTRA_NOT_TOTAL),
    ("03.5", MEMBERS_2013 // 2, WRONG_DENOMINATOR),
    ("03.6", 243335, TIE_NOT_WIN),
    ("03.6", 81112, GAINS_NOT_NET),  # 48,667 / 0.60, rounded up
]


@pytest.mark.parametrize("exercise_id", sorted(RIGHT))
def test_right_answer(exercise_id):
    assert evaluate(exercise_id, RIGHT[exercise_id]).status == "correct"


@pytest.mark.parametrize("exercise_id", ONE_DECIMAL)
def test_one_decimal_answer_is_accepted_and_the_next_rounding_is_not(exercise_id):
    at_precision = round(RIGHT[exercise_id], 1)
    assert evaluate(exercise_id, at_precision).status == "correct"
    assert evaluate(exercise_id, at_precision + 0.1).status != "correct"
    assert evaluate(exercise_id, at_precision - 0.1).status != "correct"


@pytest.mark.parametrize("exercise_id", sorted(RIGHT))
def test_states_precision_and_transfer(exercise_id):
    spec = REGISTRY[exercise_id]()
    assert spec.decimals == (0 if exercise_id in COUNTS else 1)
    assert spec.integer == (exercise_id in COUNTS)
    assert spec.transfer


@pytest.mark.parametrize(("exercise_id", "answer", "name"), MISCONCEPTIONS)
def test_misconception(exercise_id, answer, name):
    feedback = evaluate(exercise_id, answer)
    assert feedback.status == "misconception"
    assert feedback.misconception == name
    right = RIGHT[exercise_id]
    forms = {f"{right:,.0f}", f"{right:.0f}"} if exercise_id in COUNTS else {f"{right:.1f}"}
    for shown in forms:
        assert shown not in feedback.message, "a hint never gives the answer away"


@pytest.mark.parametrize("exercise_id", COUNTS)
def test_fractional_count_is_flagged(exercise_id):
    feedback = evaluate(exercise_id, RIGHT[exercise_id] - 0.5)
    assert feedback.status == "wrong type"
    assert "whole number" in feedback.message


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

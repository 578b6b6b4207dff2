"""Checks of notebook 04's exercises.

Expected values are built from the figures the sources state (ledger F024-F026 for branch
nominations, seeds 000/001/004 and F029-F034 for the 2017 counts, F002-F005, F012-F013 and
F048-F050 for the other elections), never by calling the code under test.
"""

import pandas as pd
import pytest

from unitevote.checks import PERCENT_FOR_POINTS, WRONG_DENOMINATOR, evaluate

MCCLUSKEY, COYNE, ALLINSON, SPOILED = 59067, 53544, 17143, 317
DESPATCHED = 1062049
VALID = MCCLUSKEY + COYNE + ALLINSON
RETURNED = VALID + SPOILED
BRANCH = {"Len McCluskey": 1185, "Gerard Coyne": 187, "Ian Allinson": 76}
ALLINSON_WORKPLACE = 21
BRANCH_SHARE = BRANCH["Len McCluskey"] / sum(BRANCH.values()) * 100
VALID_SHARE = MCCLUSKEY / VALID * 100
# The codebook's own example of a factional label is HuffPost's phrase (seed 001).
ANTI_CORBYN_CODE = "factional_label"


def status(exercise_id, answer):
    return evaluate(exercise_id, answer).status


def misconception(exercise_id, answer):
    feedback = evaluate(exercise_id, answer)
    assert feedback.status == "misconception", feedback.message
    return feedback.misconception


# 04.1 McCluskey's share of branch nominations


def test_04_1_correct():
    assert status("04.1", BRANCH_SHARE) == "correct"
    assert status("04.1", round(BRANCH_SHARE, 1)) == "correct"


def test_04_1_misconceptions():
    mixed = BRANCH["Len McCluskey"] / (sum(BRANCH.values()) + ALLINSON_WORKPLACE) * 100
    two = BRANCH["Len McCluskey"] / (BRANCH["Len McCluskey"] + BRANCH["Gerard Coyne"]) * 100
    assert misconception("04.1", mixed) == "mixing branch and workplace nominations"
    assert misconception("04.1", two) == "leaving a candidate out of the total"
    assert misconception("04.1", BRANCH_SHARE / 100) == "a fraction where a percentage was asked"


def test_04_1_unanswered_and_wrong_type():
    assert status("04.1", ...) == "unanswered"
    assert status("04.1", "81.8%") == "wrong type"
    assert status("04.1", pd.DataFrame({"a": [1, 2]})) == "wrong type"
    assert status("04.1", 50) == "incorrect"


# 04.2 nomination share minus valid vote share, in points


def test_04_2_correct():
    assert status("04.2", BRANCH_SHARE - VALID_SHARE) == "correct"


def test_04_2_misconceptions():
    all_papers = BRANCH_SHARE - MCCLUSKEY / RETURNED * 100
    relative = (BRANCH_SHARE - VALID_SHARE) / VALID_SHARE * 100
    assert misconception("04.2", all_papers) == WRONG_DENOMINATOR
    assert misconception("04.2", relative) == PERCENT_FOR_POINTS


def test_04_2_unanswered_and_wrong_type():
    assert status("04.2", ...) == "unanswered"
    assert status("04.2", "36 points") == "wrong type"


# 04.3 the omitted candidate


@pytest.mark.parametrize(
    "answer", ["Ian Allinson", "ian allinson", "  Ian   ALLINSON ", "Allinson"]
)
def test_04_3_correct(answer):
    assert status("04.3", answer) == "correct"


def test_04_3_misconceptions():
    assert misconception("04.3", "Len McCluskey") == "naming the winner"
    assert misconception("04.3", "gerard coyne") == "naming the candidate the phrase already names"


def test_04_3_unanswered_and_wrong_type():
    assert status("04.3", ...) == "unanswered"
    assert status("04.3", 17143) == "wrong type"
    assert status("04.3", "Jerry Hicks") == "incorrect"


# 04.4 the frame of "the anti-Corbyn candidate"


def test_04_4_correct():
    assert status("04.4", ANTI_CORBYN_CODE) == "correct"
    assert status("04.4", ANTI_CORBYN_CODE.upper()) == "correct"


def test_04_4_misconception():
    expected = "coding a quotation by its topic rather than what it does"
    assert misconception("04.4", "labour_link") == expected
    assert status("04.4", "conflict") == "incorrect"


def test_04_4_unanswered_and_wrong_type():
    assert status("04.4", ...) == "unanswered"
    assert status("04.4", 3) == "wrong type"


# 04.5 the 2017 margin in points of valid votes


def test_04_5_correct():
    assert status("04.5", (MCCLUSKEY - COYNE) / VALID * 100) == "correct"


def test_04_5_misconceptions():
    assert misconception("04.5", (MCCLUSKEY - COYNE) / COYNE * 100) == PERCENT_FOR_POINTS
    assert misconception("04.5", (MCCLUSKEY - COYNE) / DESPATCHED * 100) == WRONG_DENOMINATOR


def test_04_5_unanswered_and_wrong_type():
    assert status("04.5", ...) == "unanswered"
    assert status("04.5", "4.3") == "wrong type"


# 04.6 the election with the smallest margin


def test_04_6_correct():
    graham, turner, coyne_2021 = 46696, 41833, 35334
    margin_2021 = (graham - turner) / (graham + turner + coyne_2021) * 100
    margin_2017 = (MCCLUSKEY - COYNE) / VALID * 100
    assert margin_2021 < margin_2017  # so the answer is 2021
    assert status("04.6", 2021) == "correct"


def test_04_6_misconception_and_wrong_type():
    assert misconception("04.6", 2017) == "trusting the word 'narrow'"
    assert status("04.6", ...) == "unanswered"
    assert status("04.6", "2021") == "wrong type"
    assert status("04.6", 2013) == "incorrect"

"""Checks of notebook 04's exercises.

Expected values are built from the figures the sources state (ledger F024-F026 for the 2017
nominations, F029-F034 and seeds 000/001/004 for the 2017 counts, F002-F005 and F007 for 2010),
never by calling the code under test.
"""

import pandas as pd
import pytest
from feedback import misconception, status

from unitevote.checks import PERCENT_FOR_POINTS, REGISTRY, WRONG_DENOMINATOR, evaluate
from unitevote.exercises import nb04

MCCLUSKEY, COYNE, ALLINSON, SPOILED = 59067, 53544, 17143, 317
VALID = MCCLUSKEY + COYNE + ALLINSON
RETURNED = VALID + SPOILED
BRANCH = {"Len McCluskey": 1185, "Gerard Coyne": 187, "Ian Allinson": 76}
ALLINSON_WORKPLACE = 21
BRANCH_TOTAL = sum(BRANCH.values())
VOTES_2010 = {
    "Len McCluskey": 101194,
    "Jerry Hicks": 52527,
    "Les Bayliss": 46786,
    "Gail Cartmail": 39363,
}
DESPATCHED_2010 = 1509500
PUPPET_MASTER_CODE = "conflict"  # framing row R27, coded by the course

COYNE_SHARE = BRANCH["Gerard Coyne"] / BRANCH_TOTAL * 100
ALLINSON_VOTE_SHARE = ALLINSON / VALID * 100
ALLINSON_BRANCH_SHARE = BRANCH["Ian Allinson"] / BRANCH_TOTAL * 100
ALLINSON_GAP = ALLINSON_VOTE_SHARE - ALLINSON_BRANCH_SHARE
GAP_2010 = VOTES_2010["Len McCluskey"] - VOTES_2010["Jerry Hicks"]
MARGIN_2010 = GAP_2010 / sum(VOTES_2010.values()) * 100
SWITCHES = 2762  # 59,067 - 2,762 = 56,305 < 53,544 + 2,762 = 56,306


def test_every_number_exercise_has_decimals_and_a_transfer():
    for exercise_id in [key for key in REGISTRY if key.startswith("04.")]:
        spec = REGISTRY[exercise_id]()
        assert spec.transfer, exercise_id
        if spec.kind == "number":
            assert spec.decimals is not None, exercise_id


# 04.1 Coyne's share of the 2017 branch nominations


def test_04_1_correct():
    assert status("04.1", COYNE_SHARE) == "correct"
    assert status("04.1", 12.9) == "correct"
    assert status("04.1", 13.0) == "incorrect"  # one decimal asked: 13.0 is another answer


def test_04_1_misconceptions():
    mixed = BRANCH["Gerard Coyne"] / (BRANCH_TOTAL + ALLINSON_WORKPLACE) * 100
    two = BRANCH["Gerard Coyne"] / (BRANCH["Len McCluskey"] + BRANCH["Gerard Coyne"]) * 100
    assert misconception("04.1", mixed) == nb04.MIXED_NOMINATIONS
    assert misconception("04.1", two) == nb04.TWO_CANDIDATES
    assert misconception("04.1", COYNE / VALID * 100) == nb04.VOTES_FOR_NOMINATIONS
    assert misconception("04.1", COYNE_SHARE / 100) == "a fraction where a percentage was asked"


def test_04_1_hints_name_the_idea():
    message = evaluate("04.1", 12.7).message
    assert "one kind of nomination" in message


def test_04_1_unanswered_and_wrong_type():
    assert status("04.1", ...) == "unanswered"
    assert status("04.1", "12.9%") == "wrong type"
    assert status("04.1", pd.DataFrame({"a": [1, 2]})) == "wrong type"
    assert status("04.1", 50) == "incorrect"


# 04.2 Allinson: vote share minus branch nomination share


def test_04_2_correct():
    assert status("04.2", ALLINSON_GAP) == "correct"
    assert status("04.2", 8.0) == "correct"


def test_04_2_misconceptions():
    mixed = (
        ALLINSON_VOTE_SHARE
        - (BRANCH["Ian Allinson"] + ALLINSON_WORKPLACE) / (BRANCH_TOTAL + ALLINSON_WORKPLACE) * 100
    )
    returned = ALLINSON / RETURNED * 100 - ALLINSON_BRANCH_SHARE
    assert misconception("04.2", mixed) == nb04.MIXED_NOMINATIONS
    assert misconception("04.2", returned) == WRONG_DENOMINATOR
    assert (
        misconception("04.2", ALLINSON_GAP / ALLINSON_BRANCH_SHARE * 100) == nb04.RELATIVE_FOR_GAP
    )
    assert misconception("04.2", -ALLINSON_GAP) == nb04.WRONG_WAY_ROUND


def test_04_2_bases_are_told_apart():
    # The papers-returned base differs from the valid-votes base at the precision asked.
    assert round(ALLINSON / RETURNED * 100 - ALLINSON_BRANCH_SHARE, 1) != round(ALLINSON_GAP, 1)


def test_04_2_unanswered_and_wrong_type():
    assert status("04.2", ...) == "unanswered"
    assert status("04.2", "8 points") == "wrong type"


# 04.3 the frame of "puppet master"


def test_04_3_correct():
    assert status("04.3", PUPPET_MASTER_CODE) == "correct"
    assert status("04.3", " Conflict ") == "correct"


def test_04_3_misconceptions():
    assert misconception("04.3", "labour_link") == nb04.TOPIC_FOR_EFFECT
    assert misconception("04.3", "factional_label") == nb04.LABEL_FOR_ATTACK
    assert status("04.3", "closeness") == "incorrect"


def test_04_3_unanswered_and_wrong_type():
    assert status("04.3", ...) == "unanswered"
    assert status("04.3", 4) == "wrong type"


# 04.4 the candidates a two-name report of 2010 leaves out


@pytest.mark.parametrize(
    "answer",
    [
        ["Les Bayliss", "Gail Cartmail"],
        ["gail cartmail", "  Les   BAYLISS "],
        ("Les Bayliss", "Gail Cartmail"),
    ],
)
def test_04_4_correct(answer):
    assert status("04.4", answer) == "correct"


def test_04_4_misconceptions():
    named = ["Jerry Hicks", "Les Bayliss", "Gail Cartmail"]
    assert misconception("04.4", named) == nb04.NAMED_RUNNER_UP
    assert misconception("04.4", ["Les Bayliss"]) == nb04.ONE_OF_TWO
    assert misconception("04.4", ["Gail Cartmail"]) == nb04.ONE_OF_TWO
    assert misconception("04.4", ["Ian Allinson"]) == nb04.WRONG_ELECTION


def test_04_4_unanswered_and_wrong_type():
    assert status("04.4", ...) == "unanswered"
    assert status("04.4", "Les Bayliss") == "wrong type"
    assert status("04.4", ["Len McCluskey", "Jerry Hicks"]) == "incorrect"


# 04.5 the 2010 margin in points of the valid votes


def test_04_5_correct():
    assert status("04.5", MARGIN_2010) == "correct"
    assert status("04.5", 20.3) == "correct"
    assert status("04.5", 20.2) == "incorrect"


def test_04_5_misconceptions():
    top_two = GAP_2010 / (VOTES_2010["Len McCluskey"] + VOTES_2010["Jerry Hicks"]) * 100
    assert misconception("04.5", top_two) == nb04.TOP_TWO_BASE
    assert misconception("04.5", GAP_2010 / VOTES_2010["Jerry Hicks"] * 100) == PERCENT_FOR_POINTS
    assert misconception("04.5", GAP_2010 / DESPATCHED_2010 * 100) == WRONG_DENOMINATOR


def test_04_5_unanswered_and_wrong_type():
    assert status("04.5", ...) == "unanswered"
    assert status("04.5", "20.3") == "wrong type"


# 04.6 switched votes that would have reversed 2017 (hypothetical)


def test_04_6_correct():
    assert MCCLUSKEY - SWITCHES < COYNE + SWITCHES
    assert MCCLUSKEY - (SWITCHES - 1) > COYNE + (SWITCHES - 1)
    assert status("04.6", SWITCHES) == "correct"
    assert status("04.6", float(SWITCHES)) == "correct"


def test_04_6_misconceptions():
    gap = MCCLUSKEY - COYNE
    assert misconception("04.6", SWITCHES - 1) == nb04.TIE_FOR_WIN
    assert misconception("04.6", gap) == nb04.WHOLE_MARGIN
    assert misconception("04.6", gap + 1) == nb04.NEW_VOTES


def test_04_6_fractional_count_is_flagged():
    feedback = evaluate("04.6", gap_half := (MCCLUSKEY - COYNE) / 2)
    assert gap_half != int(gap_half)
    assert feedback.status == "wrong type"
    assert "whole number" in feedback.message


def test_04_6_unanswered_and_wrong_type():
    assert status("04.6", ...) == "unanswered"
    assert status("04.6", "2762") == "wrong type"
    assert status("04.6", 3000) == "incorrect"

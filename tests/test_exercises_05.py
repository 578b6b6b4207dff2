"""Checks of notebook 05's exercises (your turn: the 2021 election).

Expected values are built from the figures the sources state, never by calling the code under
test: the 2021 counts (ledger F048-F050), Unite's total of votes cast 124,147 (F051), LabourList's
"Turnout: 123,863" and Wikipedia's 124,127 (F051 note), "around 10%" (F052 note), the 1.2 million
members of the BBC and Left Foot Forward (F044 note, facts notes.md conflict 3), the 2021 branch
nominations (F047), the 2017 counts (F029-F031), and the 2021 dates (F045, F053).
"""

import pandas as pd
import pytest
from feedback import misconception, status

from unitevote.checks import (
    FORGOT_SPOILED,
    PERCENT_FOR_POINTS,
    ROUNDED_TOO_EARLY,
    WRONG_DENOMINATOR,
    evaluate,
)

GRAHAM, TURNER, COYNE = 46696, 41833, 35334
VALID = GRAHAM + TURNER + COYNE  # 123,863, the figure LabourList printed as "Turnout"
CAST = 124147  # Unite's total of votes cast
MISPRINT = 124127  # Wikipedia
AROUND = 10  # Left Foot Forward's "around 10%"
MEMBERS_CLAIMED = 1_200_000  # BBC, Left Foot Forward
BRANCH = {"Steve Turner": 525, "Sharon Graham": 349, "Beckett": 328, "Gerard Coyne": 196}
ON_BALLOT = BRANCH["Steve Turner"] + BRANCH["Sharon Graham"] + BRANCH["Gerard Coyne"]
MCCLUSKEY, COYNE_2017, ALLINSON = 59067, 53544, 17143
VALID_2017 = MCCLUSKEY + COYNE_2017 + ALLINSON
MARGIN_2017 = (MCCLUSKEY - COYNE_2017) / VALID_2017 * 100
MARGIN_2021 = (GRAHAM - TURNER) / VALID * 100


@pytest.mark.parametrize("exercise_id", [f"05.{k}" for k in range(1, 10)])
def test_unanswered(exercise_id):
    assert status(exercise_id, ...) == "unanswered"


# 05.1 source: the candidates' total printed as "Turnout" (claim C073)


@pytest.mark.parametrize("answer", ["C073", "c073", "  C073 "])
def test_05_1_correct(answer):
    assert status("05.1", answer) == "correct"


def test_05_1_misconceptions_and_wrong_type():
    assert misconception("05.1", "C074") == "doubting the union's own figure"
    assert misconception("05.1", "C075") == "taking a misprint for a relabelled total"
    assert status("05.1", "C068") == "incorrect"
    assert status("05.1", VALID) == "wrong type"


# 05.2 denominator: Graham's share of the valid votes


def test_05_2_correct():
    assert status("05.2", GRAHAM / VALID * 100) == "correct"
    assert status("05.2", 37.7) == "correct"


def test_05_2_misconceptions():
    all_votes = GRAHAM / CAST * 100
    assert round(all_votes, 1) == 37.6  # the check must tell 37.6 from 37.7
    assert misconception("05.2", all_votes) == WRONG_DENOMINATOR
    assert misconception("05.2", 37.6) == WRONG_DENOMINATOR
    assert misconception("05.2", GRAHAM / VALID) == "a fraction where a percentage was asked"


def test_05_2_wrong_type():
    assert status("05.2", "37.7%") == "wrong type"
    assert status("05.2", pd.Series([37.7, 33.8])) == "wrong type"
    assert status("05.2", pd.Series([GRAHAM / VALID * 100])) == "correct"


# 05.3 denominator: the base that makes the votes exactly "around 10%"


def test_05_3_correct():
    assert status("05.3", CAST * 100 // AROUND) == "correct"
    assert status("05.3", 1241470.0) == "correct"


def test_05_3_misconceptions():
    assert misconception("05.3", round(CAST * AROUND / 100)) == (
        "taking the percentage of the votes instead of working back to the base"
    )
    assert misconception("05.3", VALID * 100 // AROUND) == FORGOT_SPOILED
    assert misconception("05.3", MEMBERS_CLAIMED) == (
        "giving a printed claim instead of the base the percentage implies"
    )


def test_05_3_fractional_and_wrong_type():
    assert status("05.3", 1.24) == "wrong type"  # millions: a fractional count is flagged
    assert status("05.3", CAST * AROUND / 100) == "wrong type"
    assert "whole number" in evaluate("05.3", 1241470.5).message
    assert status("05.3", "1.24m") == "wrong type"


# 05.4 rounding: the 2021 margin in points of the valid votes, two decimals


def test_05_4_correct():
    assert status("05.4", MARGIN_2021) == "correct"
    assert status("05.4", 3.93) == "correct"


def test_05_4_misconceptions():
    assert misconception("05.4", 37.7 - 33.8) == ROUNDED_TOO_EARLY
    assert misconception("05.4", (GRAHAM - TURNER) / CAST * 100) == WRONG_DENOMINATOR
    assert misconception("05.4", (GRAHAM - TURNER) / TURNER * 100) == PERCENT_FOR_POINTS
    assert misconception("05.4", GRAHAM - TURNER) == (
        "a margin in votes where percentage points were asked"
    )


def test_05_4_wrong_type():
    assert status("05.4", "3.93 points") == "wrong type"


# 05.5 comparison: how much smaller the 2021 margin was than 2017's, in points


def test_05_5_correct():
    assert status("05.5", MARGIN_2017 - MARGIN_2021) == "correct"
    assert status("05.5", 0.33) == "correct"


def test_05_5_misconceptions():
    gap = MARGIN_2017 - MARGIN_2021
    assert misconception("05.5", gap / MARGIN_2017 * 100) == PERCENT_FOR_POINTS
    assert misconception("05.5", 4.3 - 3.9) == ROUNDED_TOO_EARLY
    assert misconception("05.5", -gap) == "subtracting the wrong way round"
    votes_gap = (MCCLUSKEY - COYNE_2017) - (GRAHAM - TURNER)
    assert (
        misconception("05.5", votes_gap) == "a margin in votes where percentage points were asked"
    )


def test_05_5_wrong_type():
    assert status("05.5", [0.33]) == "wrong type"


# 05.6 activity or outcome: Turner's nomination share minus his vote share


def test_05_6_correct():
    expected = BRANCH["Steve Turner"] / ON_BALLOT * 100 - TURNER / VALID * 100
    assert status("05.6", expected) == "correct"
    assert status("05.6", 15.3) == "correct"


def test_05_6_misconceptions():
    nomination_share = BRANCH["Steve Turner"] / ON_BALLOT * 100
    vote_share = TURNER / VALID * 100
    with_beckett = BRANCH["Steve Turner"] / sum(BRANCH.values()) * 100 - vote_share
    assert misconception("05.6", with_beckett) == "counting a nominee who was not on the ballot"
    relative = (nomination_share - vote_share) / vote_share * 100
    assert misconception("05.6", relative) == PERCENT_FOR_POINTS
    assert misconception("05.6", nomination_share - TURNER / CAST * 100) == WRONG_DENOMINATOR


def test_05_6_wrong_type():
    assert status("05.6", "15.3") == "wrong type"
    assert status("05.6", 50) == "incorrect"


# 05.7 framing: "Outsider ..." in the codebook


@pytest.mark.parametrize(
    "answer", ["grassroots_insider", "GRASSROOTS_INSIDER", " grassroots_insider "]
)
def test_05_7_correct(answer):
    assert status("05.7", answer) == "correct"


def test_05_7_misconceptions_and_wrong_type():
    assert misconception("05.7", "factional_label") == "reading any label as a factional label"
    assert (
        misconception("05.7", "conflict") == "reading the winner's record as conflict in the race"
    )
    assert misconception("05.7", "endorsement_momentum") == "reading a first as momentum"
    assert status("05.7", "closeness") == "incorrect"
    assert status("05.7", 4) == "wrong type"


# 05.8 omission: papers returned but not counted for a candidate


def test_05_8_correct():
    assert status("05.8", CAST - VALID) == "correct"
    assert status("05.8", 284.0) == "correct"


def test_05_8_misconceptions():
    assert misconception("05.8", MISPRINT - VALID) == "starting from the misprinted total"
    assert misconception("05.8", VALID - CAST) == "subtracting the wrong way round"
    assert (
        misconception("05.8", CAST - MISPRINT) == "comparing the two printed totals with each other"
    )


def test_05_8_fractional_and_wrong_type():
    assert status("05.8", 284.5) == "wrong type"
    assert "whole number" in evaluate("05.8", 284.5).message
    assert status("05.8", "284") == "wrong type"


# 05.9 after the count: the day the result became public


@pytest.mark.parametrize("answer", ["2021-08-25", "25 August 2021", "25 aug 2021"])
def test_05_9_correct(answer):
    assert status("05.9", answer) == "correct"


def test_05_9_misconceptions_and_wrong_type():
    assert misconception("05.9", "2021-08-26") == (
        "taking the scheduled declaration for the day the result was known"
    )
    assert misconception("05.9", "2021-08-23") == "taking the close of voting for the result"
    assert status("05.9", "2021-07-05") == "incorrect"
    assert status("05.9", pd.Timestamp("2021-08-25")) == "wrong type"

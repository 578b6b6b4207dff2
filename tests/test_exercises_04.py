"""Checks of notebook 04's exercises.

Expected values are built from the figures the sources state (ledger F024-F026 for the 2017
nominations, F029-F034 and seeds 000/001/004 for the 2017 counts, F002-F005 and F007 for 2010),
never by calling the code under test; the charts of 04.1 are drawn from those typed figures.
What every exercise must do (unanswered, None, precision, transfer) is tested once, over the
registry, in tests/test_exercise_registry.py.
"""

import altair as alt
import pandas as pd
import pytest
from feedback import misconception, status

from unitevote.checks import (
    NO_TITLE,
    NOT_RANKED,
    PERCENT_FOR_POINTS,
    QUANTITY_AS_CATEGORY,
    TOO_FEW_DECIMALS,
    WRONG_DENOMINATOR,
    WRONG_ROWS,
    evaluate,
)
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
COMPLAINT_CODE = "process_legitimacy"  # framing row R35, coded by the course
TITLE = "2017: branch nominations, by candidate"
DESCRIPTION = "Bar chart of the branch nominations of the three candidates of 2017."

COYNE_SHARE = BRANCH["Gerard Coyne"] / BRANCH_TOTAL * 100
ALLINSON_VOTE_SHARE = ALLINSON / VALID * 100
ALLINSON_BRANCH_SHARE = BRANCH["Ian Allinson"] / BRANCH_TOTAL * 100
ALLINSON_GAP = ALLINSON_VOTE_SHARE - ALLINSON_BRANCH_SHARE
GAP_2010 = VOTES_2010["Len McCluskey"] - VOTES_2010["Jerry Hicks"]
MARGIN_2010 = GAP_2010 / sum(VOTES_2010.values()) * 100
SWITCHES = 2762  # 59,067 - 2,762 = 56,305 < 53,544 + 2,762 = 56,306


# 04.1 fix the misleading chart of the 2017 branch nominations


def branch_table(rows=None):
    rows = rows if rows is not None else BRANCH
    return pd.DataFrame({"candidate": list(rows), "nominations": list(rows.values())})


def chart(table=None, x="nominations:Q", y=None, title=TITLE, description=DESCRIPTION):
    y = y if y is not None else alt.Y("candidate:N", sort="-x")
    drawn = alt.Chart(branch_table() if table is None else table).mark_bar().encode(x=x, y=y)
    return drawn.properties(title=title, description=description) if title else drawn


def test_04_1_correct():
    assert status("04.1", chart()) == "correct"
    assert status("04.1", chart(x=alt.X("nominations:Q"))) == "correct"
    by_field = alt.Y("candidate:N", sort=alt.EncodingSortField("nominations", order="descending"))
    assert status("04.1", chart(y=by_field)) == "correct"


def test_04_1_smallest_first_is_not_the_ranking_asked():
    """The question asks for the most nominations first: `sort="x"` ranks smallest first."""
    ascending = chart(y=alt.Y("candidate:N", sort="x"))
    assert misconception("04.1", ascending) == NOT_RANKED
    assert "smallest first" in evaluate("04.1", ascending).message


def test_04_1_a_harmless_extra_encoding_stays_correct():
    extra = chart().encode(tooltip=["candidate", "nominations"], color="candidate:N")
    assert status("04.1", extra) == "correct"
    assert status("04.1", chart().properties(width=360)) == "correct"


def test_04_1_misconceptions():
    misleading = chart(x="nominations:N", y="candidate:N")  # the chart as the lesson draws it
    assert misconception("04.1", misleading) == QUANTITY_AS_CATEGORY
    assert misconception("04.1", chart(x="nominations:N")) == QUANTITY_AS_CATEGORY
    assert misconception("04.1", chart(y="candidate:N")) == NOT_RANKED
    every_kind = pd.DataFrame(
        {
            "candidate": [*BRANCH, "Ian Allinson"],
            "nominations": [*BRANCH.values(), ALLINSON_WORKPLACE],
        }
    )
    assert misconception("04.1", chart(table=every_kind)) == WRONG_ROWS
    assert misconception("04.1", chart(title=None)) == NO_TITLE


def test_04_1_messages_are_the_exercises_own():
    message = evaluate("04.1", chart(x="nominations:N", y="candidate:N")).message
    assert "every bar has the same length" in message
    assert "alphabetical" in evaluate("04.1", chart(y="candidate:N")).message


def test_04_1_wrong_type():
    assert status("04.1", 1185) == "wrong type"
    assert status("04.1", None) == "wrong type"
    assert status("04.1", branch_table()) == "wrong type"


# 04.2 code Coyne's complaint about the union's employees (framing row R35)


def test_04_2_correct():
    assert status("04.2", COMPLAINT_CODE) == "correct"
    assert status("04.2", " Process_Legitimacy ") == "correct"


def test_04_2_misconceptions():
    assert misconception("04.2", "conflict") == nb04.ACCUSATION_AS_ATTACK
    assert misconception("04.2", "grassroots_insider") == nb04.STAFF_AS_MACHINE
    assert status("04.2", "factional_label") == "incorrect"


def test_04_2_wrong_type():
    assert status("04.2", 6) == "wrong type"


# 04.3 the 2010 margin in points of the valid votes


def test_04_3_correct():
    assert status("04.3", MARGIN_2010) == "correct"
    assert status("04.3", 20.3) == "correct"
    assert status("04.3", 20.2) == "incorrect"


def test_04_3_misconceptions():
    top_two = GAP_2010 / (VOTES_2010["Len McCluskey"] + VOTES_2010["Jerry Hicks"]) * 100
    assert misconception("04.3", top_two) == nb04.TOP_TWO_BASE
    assert misconception("04.3", GAP_2010 / VOTES_2010["Jerry Hicks"] * 100) == PERCENT_FOR_POINTS
    assert misconception("04.3", GAP_2010 / DESPATCHED_2010 * 100) == WRONG_DENOMINATOR


def test_04_3_wrong_type():
    assert status("04.3", "20.3") == "wrong type"


# 04.4 Coyne's share of the 2017 branch nominations


def test_04_4_correct():
    assert status("04.4", COYNE_SHARE) == "correct"
    assert status("04.4", 12.9) == "correct"
    # One decimal asked: 13 (or 13.0, the same number) is the right figure with too few decimals.
    assert misconception("04.4", 13.0) == TOO_FEW_DECIMALS
    assert status("04.4", 13.1) == "incorrect"


def test_04_4_misconceptions():
    mixed = BRANCH["Gerard Coyne"] / (BRANCH_TOTAL + ALLINSON_WORKPLACE) * 100
    two = BRANCH["Gerard Coyne"] / (BRANCH["Len McCluskey"] + BRANCH["Gerard Coyne"]) * 100
    assert misconception("04.4", mixed) == nb04.MIXED_NOMINATIONS
    assert misconception("04.4", two) == nb04.TWO_CANDIDATES
    assert misconception("04.4", COYNE / VALID * 100) == nb04.VOTES_FOR_NOMINATIONS
    assert misconception("04.4", COYNE_SHARE / 100) == "a fraction where a percentage was asked"


def test_04_4_hints_name_the_idea():
    message = evaluate("04.4", 12.7).message
    assert "one kind of nomination" in message


def test_04_4_wrong_type():
    assert status("04.4", "12.9%") == "wrong type"
    assert status("04.4", pd.DataFrame({"a": [1, 2]})) == "wrong type"
    assert status("04.4", 50) == "incorrect"


# 04.5 Allinson: vote share minus branch nomination share


def test_04_5_correct():
    assert status("04.5", ALLINSON_GAP) == "correct"
    assert status("04.5", 8.0) == "correct"


def test_04_5_misconceptions():
    mixed = (
        ALLINSON_VOTE_SHARE
        - (BRANCH["Ian Allinson"] + ALLINSON_WORKPLACE) / (BRANCH_TOTAL + ALLINSON_WORKPLACE) * 100
    )
    returned = ALLINSON / RETURNED * 100 - ALLINSON_BRANCH_SHARE
    assert misconception("04.5", mixed) == nb04.MIXED_NOMINATIONS
    assert misconception("04.5", returned) == WRONG_DENOMINATOR
    assert (
        misconception("04.5", ALLINSON_GAP / ALLINSON_BRANCH_SHARE * 100) == nb04.RELATIVE_FOR_GAP
    )
    assert misconception("04.5", -ALLINSON_GAP) == nb04.WRONG_WAY_ROUND


def test_04_5_bases_are_told_apart():
    # The papers-returned base differs from the valid-votes base at the precision asked.
    assert round(ALLINSON / RETURNED * 100 - ALLINSON_BRANCH_SHARE, 1) != round(ALLINSON_GAP, 1)


def test_04_5_wrong_type():
    assert status("04.5", "8 points") == "wrong type"


# 04.6 the candidates a two-name report of 2010 leaves out


@pytest.mark.parametrize(
    "answer",
    [
        ["Les Bayliss", "Gail Cartmail"],
        ["gail cartmail", "  Les   BAYLISS "],
        ("Les Bayliss", "Gail Cartmail"),
    ],
)
def test_04_6_correct(answer):
    assert status("04.6", answer) == "correct"


def test_04_6_misconceptions():
    named = ["Jerry Hicks", "Les Bayliss", "Gail Cartmail"]
    assert misconception("04.6", named) == nb04.NAMED_RUNNER_UP
    assert misconception("04.6", ["Les Bayliss"]) == nb04.ONE_OF_TWO
    assert misconception("04.6", ["Gail Cartmail"]) == nb04.ONE_OF_TWO
    assert misconception("04.6", ["Ian Allinson"]) == nb04.WRONG_ELECTION


@pytest.mark.parametrize(
    "answer", [["Bayliss", "Cartmail"], ["cartmail", "Les Bayliss"], ["Bayliss", "Gail Cartmail"]]
)
def test_04_6_surnames_only(answer):
    assert misconception("04.6", answer) == nb04.SURNAMES_ONLY
    assert "full name" in evaluate("04.6", answer).message


def test_04_6_wrong_type():
    assert status("04.6", "Les Bayliss") == "wrong type"
    assert status("04.6", ["Len McCluskey", "Jerry Hicks"]) == "incorrect"


# 04.7 switched votes that would have reversed 2017 (hypothetical)


def test_04_7_correct():
    assert MCCLUSKEY - SWITCHES < COYNE + SWITCHES
    assert MCCLUSKEY - (SWITCHES - 1) > COYNE + (SWITCHES - 1)
    assert status("04.7", SWITCHES) == "correct"
    assert status("04.7", float(SWITCHES)) == "correct"


def test_04_7_misconceptions():
    gap = MCCLUSKEY - COYNE
    assert misconception("04.7", SWITCHES - 1) == nb04.TIE_FOR_WIN
    assert misconception("04.7", gap) == nb04.WHOLE_MARGIN
    assert misconception("04.7", gap + 1) == nb04.NEW_VOTES


def test_04_7_fractional_count_is_flagged():
    feedback = evaluate("04.7", gap_half := (MCCLUSKEY - COYNE) / 2)
    assert gap_half != int(gap_half)
    assert feedback.status == "wrong type"
    assert "whole number" in feedback.message


def test_04_7_wrong_type():
    assert status("04.7", "2762") == "wrong type"
    assert status("04.7", 3000) == "incorrect"

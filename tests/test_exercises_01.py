"""Exercises of notebook 01: right answers, every misconception, unanswered, wrong types.

Expected figures are computed from the CSV files in data/ with plain pandas (not through
unitevote.load), so the checks, which compute through unitevote, are tested against something
independent of them.
"""

from pathlib import Path

import pandas as pd
import pytest

from unitevote.checks import FRACTION_FOR_PERCENT, WRONG_DENOMINATOR, evaluate
from unitevote.exercises.nb01 import (
    COUNTED_EVERY_ROW,
    LOST_IN_THE_MERGE,
    NAMED_THE_COPY,
    TWO_OF_THREE,
    WORKED_EXAMPLE_QUANTITY,
)

DATA = Path(__file__).resolve().parents[1] / "data"
CLAIMS = pd.read_csv(DATA / "claims.csv", dtype={"in_seed": str})
SOURCES = pd.read_csv(DATA / "sources.csv").set_index("source_id")
RESULTS = pd.read_csv(DATA / "results.csv")
SEED = CLAIMS[CLAIMS["in_seed"] == "true"]

# 01.2: the campaign site's share of the claims quoted from the five seed texts.
STATEMENT = (SEED["source_id"] == "seed-allinson-site-2017").sum()
SHARE = 100 * STATEMENT / len(SEED)
SHARE_OF_ALL = 100 * STATEMENT / len(CLAIMS)

# 01.3: the 2013 claims with no candidate row in results (matched on election and candidate).
CLAIMS_2013 = CLAIMS[CLAIMS["election"] == 2013]
CANDIDATES_2013 = set(RESULTS.loc[RESULTS["election"] == 2013, "candidate"])
MATCHED_2013 = CLAIMS_2013["subject"].isin(CANDIDATES_2013).sum()
UNMATCHED_2013 = len(CLAIMS_2013) - MATCHED_2013

# 01.4: how far apart the three 2013 lapsed-members figures are (ledger F020).
LAPSED = sorted(CLAIMS.loc[CLAIMS["quantity"] == "lapsed_members", "value"])
MEMBERSHIP = CLAIMS.loc[
    (CLAIMS["quantity"] == "membership") & (CLAIMS["election"] <= 2017), "value"
]


def test_the_data_behind_the_questions():
    assert SOURCES.loc["expressandstar-pa-2017", "publisher"] == "Express & Star (PA copy)"
    assert STATEMENT == SEED.groupby("source_id").size().max()  # the site states the most numbers
    assert len(LAPSED) == 3


@pytest.mark.parametrize("answer", ["PA", "  pa media ", "Press Association", "the PA news agency"])
def test_01_1_right_answer(answer):
    assert evaluate("01.1", answer).status == "correct"


@pytest.mark.parametrize(
    "answer", ["Express & Star", "express and star", "Express & Star (PA copy)"]
)
def test_01_1_named_the_copy(answer):
    feedback = evaluate("01.1", answer)
    assert feedback.status == "misconception"
    assert feedback.misconception == NAMED_THE_COPY
    assert "PA" not in feedback.message.replace("01.1", "")  # the hint points at the column


def test_01_1_other_answer():
    assert evaluate("01.1", "PoliticsHome").status == "incorrect"  # the worked example's answer


def test_01_2_right_answer():
    assert evaluate("01.2", SHARE).status == "correct"
    assert evaluate("01.2", round(SHARE, 1)).status == "correct"
    assert evaluate("01.2", round(SHARE, 1) + 0.1).status == "incorrect"


def test_01_2_misconceptions():
    wrong = evaluate("01.2", SHARE_OF_ALL)
    assert wrong.status == "misconception" and wrong.misconception == WRONG_DENOMINATOR
    fraction = evaluate("01.2", SHARE / 100)
    assert fraction.status == "misconception" and fraction.misconception == FRACTION_FOR_PERCENT


def test_01_3_right_answer():
    assert evaluate("01.3", UNMATCHED_2013).status == "correct"


@pytest.mark.parametrize(
    "answer, name",
    [(MATCHED_2013, LOST_IN_THE_MERGE), (len(CLAIMS_2013), COUNTED_EVERY_ROW)],
)
def test_01_3_misconceptions(answer, name):
    feedback = evaluate("01.3", answer)
    assert feedback.status == "misconception" and feedback.misconception == name
    assert str(UNMATCHED_2013) not in feedback.message


def test_01_4_right_answer():
    assert evaluate("01.4", LAPSED[-1] - LAPSED[0]).status == "correct"


@pytest.mark.parametrize(
    "answer, name",
    [
        (LAPSED[2] - LAPSED[1], TWO_OF_THREE),
        (LAPSED[1] - LAPSED[0], TWO_OF_THREE),
        (MEMBERSHIP.max() - MEMBERSHIP.min(), WORKED_EXAMPLE_QUANTITY),
    ],
)
def test_01_4_misconceptions(answer, name):
    feedback = evaluate("01.4", answer)
    assert feedback.status == "misconception" and feedback.misconception == name
    spread = LAPSED[-1] - LAPSED[0]
    assert f"{spread:,.0f}" not in feedback.message and f"{spread:.0f}" not in feedback.message


@pytest.mark.parametrize("exercise_id", ["01.1", "01.2", "01.3", "01.4"])
def test_unanswered(exercise_id):
    assert evaluate(exercise_id, ...).status == "unanswered"


@pytest.mark.parametrize("exercise_id", ["01.3", "01.4"])
def test_a_fractional_count_is_flagged(exercise_id):
    feedback = evaluate(exercise_id, 2.5)
    assert feedback.status == "wrong type" and "whole number" in feedback.message


@pytest.mark.parametrize(
    "exercise_id, answer",
    [
        ("01.1", 5),
        ("01.1", ["PA"]),
        ("01.2", "43.9%"),
        ("01.3", "17 claims"),
        ("01.3", pd.DataFrame({"a": [1, 2]})),
        ("01.4", "2,824"),
        ("01.4", True),
    ],
)
def test_wrong_type(exercise_id, answer):
    assert evaluate(exercise_id, answer).status == "wrong type"

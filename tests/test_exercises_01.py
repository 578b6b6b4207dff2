"""Exercises of notebook 01: right answers, every misconception, unanswered, wrong types.

Expected figures come from the sources (the seed texts, the facts ledger and its notes), typed
here on purpose so that the checks, which compute from data/, are tested against something
independent of them.
"""

from pathlib import Path

import pandas as pd
import pytest

from unitevote.checks import FRACTION_FOR_PERCENT, WRONG_DENOMINATOR, evaluate
from unitevote.exercises.nb01 import (
    COUNTED_THE_REPOST,
    LATER_COUNT,
    LOST_IN_THE_MERGE,
    WRONG_ELECTION,
)

DATA = Path(__file__).resolve().parents[1] / "data"

# Seed 004 (Allinson's statement) gives four percentages against the total vote: three candidates
# and the spoiled papers. Only the three candidates have rows in the results (ledger F029-F031).
STATEMENT_PERCENTAGES, CANDIDATES = 4, 3

MEMBERSHIP_2013_ARTICLE = 1_500_000  # seed 002, "1.5m members"; ledger F054
MEMBERSHIP_WHEN_CALLED = 1_400_000  # BBC, Dec 2016; ledger F055
MEMBERSHIP_END_2017 = 1_310_508  # The Red Roar, 2018; ledger F056


def test_01_1_right_answer():
    assert evaluate("01.1", "PoliticsHome").status == "correct"
    assert evaluate("01.1", "  politics home ").status == "correct"


@pytest.mark.parametrize(
    "answer", ["jodatu.wordpress.com", "jodatu", "jodatu.wordpress.com (reposting PoliticsHome)"]
)
def test_01_1_repost_counted_as_the_source(answer):
    feedback = evaluate("01.1", answer)
    assert feedback.status == "misconception"
    assert feedback.misconception == COUNTED_THE_REPOST
    assert "PoliticsHome" not in feedback.message  # the hint points at the columns, not the answer


def test_01_1_other_answer():
    assert evaluate("01.1", "The Guardian").status == "incorrect"


def test_01_2_right_answer():
    assert evaluate("01.3", STATEMENT_PERCENTAGES).status == "correct"


def test_01_2_rows_lost_in_an_inner_merge():
    feedback = evaluate("01.3", CANDIDATES)
    assert feedback.status == "misconception"
    assert feedback.misconception == LOST_IN_THE_MERGE
    assert str(STATEMENT_PERCENTAGES) not in feedback.message


def test_01_3_right_answer_and_its_denominator():
    # How many claims each seed makes is a choice of the claims table, so it is read from the CSV
    # itself (not through unitevote.load); seed 004 states more numbers than any other seed.
    claims = pd.read_csv(DATA / "claims.csv", dtype=str, keep_default_na=False)
    seed = claims[claims["in_seed"] == "true"]
    statement = (seed["source_id"] == "seed-allinson-site-2017").sum()
    assert statement == seed.groupby("source_id").size().max()
    right = 100 * statement / len(seed)
    assert evaluate("01.2", right).status == "correct"
    assert evaluate("01.2", round(right, 1)).status == "correct"
    wrong = evaluate("01.2", 100 * statement / len(claims))
    assert wrong.status == "misconception" and wrong.misconception == WRONG_DENOMINATOR
    fraction = evaluate("01.2", statement / len(seed))
    assert fraction.status == "misconception" and fraction.misconception == FRACTION_FOR_PERCENT


def test_01_4_right_answer():
    assert evaluate("01.4", MEMBERSHIP_WHEN_CALLED).status == "correct"
    assert evaluate("01.4", float(MEMBERSHIP_WHEN_CALLED)).status == "correct"


@pytest.mark.parametrize(
    "answer, name",
    [(MEMBERSHIP_2013_ARTICLE, WRONG_ELECTION), (MEMBERSHIP_END_2017, LATER_COUNT)],
)
def test_01_4_misconceptions(answer, name):
    feedback = evaluate("01.4", answer)
    assert feedback.status == "misconception"
    assert feedback.misconception == name
    assert "1,400,000" not in feedback.message and "1400000" not in feedback.message


def test_01_4_millions_is_not_yet_right():
    assert evaluate("01.4", 1.4).status == "incorrect"


@pytest.mark.parametrize("exercise_id", ["01.1", "01.3", "01.2", "01.4"])
def test_unanswered(exercise_id):
    assert evaluate(exercise_id, ...).status == "unanswered"


@pytest.mark.parametrize(
    "exercise_id, answer",
    [
        ("01.1", 5),
        ("01.1", ["PoliticsHome"]),
        ("01.3", "4 rows"),
        ("01.3", pd.DataFrame({"a": [1, 2]})),
        ("01.2", "43.9%"),
        ("01.4", "1.4m"),
        ("01.4", True),
    ],
)
def test_wrong_type(exercise_id, answer):
    assert evaluate(exercise_id, answer).status == "wrong type"

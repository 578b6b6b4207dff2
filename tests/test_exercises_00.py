"""Exercise of notebook 00: right answer, every misconception, unanswered, wrong types.

Expected figures are computed from the CSV files in data/ with plain pandas (not through
unitevote.load), so the check is tested against something independent of its own code.
"""

from pathlib import Path

import pandas as pd
import pytest

from unitevote.checks import evaluate
from unitevote.exercises.nb00 import COUNTED_SPOILED, WORKED_EXAMPLE_YEAR

DATA = Path(__file__).resolve().parents[1] / "data"
RESULTS = pd.read_csv(DATA / "results.csv")
ELECTIONS = pd.read_csv(DATA / "elections.csv").set_index("election")

VOTES_2013 = int(RESULTS.loc[RESULTS["election"] == 2013, "votes"].sum())
VOTES_2017 = int(RESULTS.loc[RESULTS["election"] == 2017, "votes"].sum())
RETURNED_2013 = int(ELECTIONS.loc[2013, "papers_returned"])


def test_the_data_behind_the_question():
    # 2013's papers returned are the candidates' votes plus the invalid papers (ledger F014, F017).
    assert RETURNED_2013 - VOTES_2013 == int(ELECTIONS.loc[2013, "spoiled_papers"])


def test_00_1_right_answer():
    assert evaluate("00.1", VOTES_2013).status == "correct"
    assert evaluate("00.1", float(VOTES_2013)).status == "correct"


@pytest.mark.parametrize(
    "answer, name", [(RETURNED_2013, COUNTED_SPOILED), (VOTES_2017, WORKED_EXAMPLE_YEAR)]
)
def test_00_1_misconceptions(answer, name):
    feedback = evaluate("00.1", answer)
    assert feedback.status == "misconception"
    assert feedback.misconception == name
    assert f"{VOTES_2013:,}" not in feedback.message and str(VOTES_2013) not in feedback.message


def test_00_1_other_answer():
    assert evaluate("00.1", VOTES_2013 + 1000).status == "incorrect"


def test_00_1_unanswered():
    assert evaluate("00.1", ...).status == "unanswered"


def test_00_1_fractional_count_is_flagged():
    feedback = evaluate("00.1", VOTES_2013 + 0.5)
    assert feedback.status == "wrong type"
    assert "whole number" in feedback.message


@pytest.mark.parametrize("answer", ["224,389", [VOTES_2013], True, None])
def test_00_1_wrong_type(answer):
    assert evaluate("00.1", answer).status == "wrong type"

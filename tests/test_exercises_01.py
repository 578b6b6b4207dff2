"""Exercises of notebook 01: right answers, every misconception, wrong types.

What every exercise must do (unanswered, None, precision, transfer) is tested once, over the
registry, in tests/test_exercise_registry.py.

Expected figures are computed from the CSV files in data/ with plain pandas (not through
unitevote.load), so the checks, which compute through unitevote, are tested against something
independent of them; 01.4's three figures are the facts ledger's (F020).
"""

import pandas as pd
import pytest

from unitevote.checks import evaluate
from unitevote.exercises.nb01 import (
    ANOTHER_KIND,
    COUNTED_EVERY_ROW,
    EVERY_ELECTION,
    EVERY_KIND,
    LOST_IN_THE_MERGE,
    NAMED_THE_COPY,
    SEED_TEXTS_ONLY,
    TWO_OF_THREE,
    WORKED_EXAMPLE_QUANTITY,
    WRONG_WAY_ROUND,
)
from unitevote.pattern import ROOT

DATA = ROOT / "data"
CLAIMS = pd.read_csv(DATA / "claims.csv", dtype={"in_seed": str})
SOURCES = pd.read_csv(DATA / "sources.csv").set_index("source_id")
RESULTS = pd.read_csv(DATA / "results.csv")
SEED = CLAIMS[CLAIMS["in_seed"] == "true"]

# 01.2: how many claims about 2017 come from news sources (counted per kind, by hand here).
KIND_OF = SOURCES["kind"].to_dict()
CLAIMS_2017 = CLAIMS[CLAIMS["election"] == 2017]
KINDS_2017 = CLAIMS_2017["source_id"].map(KIND_OF).value_counts()
KINDS_EVERY_ELECTION = CLAIMS["source_id"].map(KIND_OF).value_counts()
NEWS_2017 = KINDS_2017["news"]
# The news seed texts about 2017 (the table of claims per seed text shows them): the
# Independent (C001 to C005) and HuffPost (C006 to C009).
NEWS_SEEDS_2017 = (
    (CLAIMS_2017["in_seed"] == "true") & (CLAIMS_2017["source_id"].map(KIND_OF) == "news")
).sum()
# The 2017 news claims from the ledger: the Guardian copy (C061, C062), the BBC (C063, C066) and
# ITV (C064).
NEWS_LEDGER_2017 = {"C061", "C062", "C063", "C064", "C066"}

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
    # 01.2: the news claims about 2017 are the two news seed texts' and five ledger rows.
    news_2017 = CLAIMS_2017[CLAIMS_2017["source_id"].map(KIND_OF) == "news"]
    ledger_rows = set(news_2017.loc[news_2017["in_seed"] == "false", "claim_id"])
    assert ledger_rows == NEWS_LEDGER_2017
    assert NEWS_SEEDS_2017 == 5 + 4  # the Independent's five claims, HuffPost's four
    assert NEWS_2017 == NEWS_SEEDS_2017 + len(NEWS_LEDGER_2017)
    # Each slip gives a count of its own, so the check can tell them apart.
    slips = [KINDS_EVERY_ELECTION["news"], NEWS_SEEDS_2017, len(CLAIMS_2017)]
    assert len({NEWS_2017, *slips}) == 4
    campaign_2017 = CLAIMS_2017[CLAIMS_2017["source_id"].map(KIND_OF) == "campaign"]
    assert set(campaign_2017["source_id"]) == {"seed-allinson-site-2017"}
    assert LAPSED == [156000, 158000, 158824]  # ledger F020 and its note


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
    assert evaluate("01.2", NEWS_2017).status == "correct"
    assert evaluate("01.2", float(NEWS_2017)).status == "correct"


@pytest.mark.parametrize(
    "answer, name",
    [
        (KINDS_EVERY_ELECTION["news"], EVERY_ELECTION),  # no year filter
        (NEWS_SEEDS_2017, SEED_TEXTS_ONLY),  # read off the table of claims per seed text
        (len(CLAIMS_2017), EVERY_KIND),  # every 2017 claim, whatever its kind
        (KINDS_2017["campaign"], ANOTHER_KIND),
        (KINDS_2017["blog"], ANOTHER_KIND),
    ],
)
def test_01_2_misconceptions(answer, name):
    feedback = evaluate("01.2", answer)
    assert feedback.status == "misconception" and feedback.misconception == name
    assert str(NEWS_2017) not in feedback.message


@pytest.mark.parametrize("answer", ["news", "campaign"])
def test_01_2_a_kind_is_not_a_count(answer):
    assert evaluate("01.2", answer).status == "wrong type"


def test_01_2_other_answer():
    assert evaluate("01.2", NEWS_2017 + 2).status == "incorrect"


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
        (LAPSED[0] - LAPSED[-1], WRONG_WAY_ROUND),  # the lowest minus the highest
    ],
)
def test_01_4_misconceptions(answer, name):
    feedback = evaluate("01.4", answer)
    assert feedback.status == "misconception" and feedback.misconception == name
    spread = LAPSED[-1] - LAPSED[0]
    assert f"{spread:,.0f}" not in feedback.message and f"{spread:.0f}" not in feedback.message


@pytest.mark.parametrize("exercise_id", ["01.2", "01.3", "01.4"])
def test_a_fractional_count_is_flagged(exercise_id):
    feedback = evaluate(exercise_id, 2.5)
    assert feedback.status == "wrong type" and "whole number" in feedback.message


@pytest.mark.parametrize(
    "exercise_id, answer",
    [
        ("01.1", 5),
        ("01.1", ["PA"]),
        ("01.2", f"{NEWS_2017} claims"),
        ("01.2", [NEWS_2017]),
        ("01.3", "17 claims"),
        ("01.3", pd.DataFrame({"a": [1, 2]})),
        ("01.4", "2,824"),
        ("01.4", True),
    ],
)
def test_wrong_type(exercise_id, answer):
    assert evaluate(exercise_id, answer).status == "wrong type"

"""Exercises of notebook 00: right answers, every misconception, wrong types; and the story text
the notebook shows (`unitevote.story`).

What every exercise must do (unanswered, None, precision, transfer) is tested once, over the
registry, in tests/test_exercise_registry.py.

Expected figures are typed from the facts ledger (data/ledger.csv, the row named beside each) and
checked against the CSV files read with plain pandas (not through unitevote.load), so the checks,
which compute through unitevote, are tested against something independent of them.
"""

import altair as alt
import pandas as pd
import pytest
from feedback import misconception, status

from unitevote import checks, story
from unitevote.checks import (
    INCORRECT,
    NO_TITLE,
    NOT_RANKED,
    QUANTITY_AS_CATEGORY,
    SOLUTION_POINTER,
    TRUNCATED_AXIS,
    WRONG_ROWS,
    WRONG_TYPE,
    evaluate,
    spec_of,
)
from unitevote.exercises.nb00 import COUNTED_SPOILED, WORKED_EXAMPLE_YEAR
from unitevote.pattern import ROOT

DATA = ROOT / "data"
RESULTS = pd.read_csv(DATA / "results.csv")
ELECTIONS = pd.read_csv(DATA / "elections.csv").set_index("election")
LEDGER = pd.read_csv(DATA / "ledger.csv").set_index("fact_id")
SOURCES = pd.read_csv(DATA / "sources.csv").set_index("source_id")

# 00.1: the 2010 votes (ledger F002 to F005), most first.
VOTES_2010 = {
    "Len McCluskey": 101194,  # F002
    "Jerry Hicks": 52527,  # F003
    "Les Bayliss": 46786,  # F004
    "Gail Cartmail": 39363,  # F005
}
# 00.2: the 2013 valid votes (F015), papers returned (F016); 2017's valid votes (F029 to F031).
VOTES_2013 = 224389
RETURNED_2013 = 225801
VOTES_2017 = 59067 + 53544 + 17143


def test_the_data_behind_the_questions():
    rows_2010 = RESULTS[RESULTS["election"] == 2010]
    assert dict(zip(rows_2010["candidate"], rows_2010["votes"], strict=True)) == VOTES_2010
    for fact, votes in zip(["F002", "F003", "F004", "F005"], VOTES_2010.values(), strict=True):
        assert int(LEDGER.loc[fact, "value"]) == votes
    assert int(RESULTS.loc[RESULTS["election"] == 2013, "votes"].sum()) == VOTES_2013
    assert int(LEDGER.loc["F015", "value"]) == VOTES_2013
    assert int(ELECTIONS.loc[2013, "papers_returned"]) == RETURNED_2013
    # 2013's papers returned are the candidates' votes plus the invalid papers (F014, F016).
    assert RETURNED_2013 - VOTES_2013 == int(ELECTIONS.loc[2013, "spoiled_papers"])
    assert int(RESULTS.loc[RESULTS["election"] == 2017, "votes"].sum()) == VOTES_2017
    # Alphabetical order is not the ranking, so a chart left unsorted shows it.
    assert sorted(VOTES_2010) != list(VOTES_2010)


# ------------------------------------------------------------------ 00.1: the learner's own chart


def table(votes: dict) -> pd.DataFrame:
    return pd.DataFrame({"candidate": list(votes), "votes": list(votes.values())})


TABLE_2010 = table(VOTES_2010)
TABLE_2017 = table({"Len McCluskey": 59067, "Gerard Coyne": 53544, "Ian Allinson": 17143})


def bars(data=TABLE_2010, x="votes:Q", sort="-x", titled=True) -> alt.Chart:
    """A horizontal bar chart of the votes by candidate, as the notebook's steps build it."""
    chart = alt.Chart(data).mark_bar().encode(x=x, y=alt.Y("candidate:N", sort=sort))
    if titled:
        chart = chart.properties(
            title="Unite general secretary election, 2010: votes by candidate",
            description="Bars of votes by candidate: Len McCluskey 101,194, Jerry Hicks 52,527, "
            "Les Bayliss 46,786, Gail Cartmail 39,363",
        )
    return chart


def test_00_1_right_chart():
    assert status("00.1", bars()) == "correct"


def test_00_1_upright_bars_ranked_either_way_are_right():
    upright = (
        alt.Chart(TABLE_2010)
        .mark_bar()
        .encode(x=alt.X("candidate:N", sort="y"), y="votes:Q")
        .properties(title="2010: votes", description="Votes by candidate, fewest first")
    )
    assert status("00.1", upright) == "correct"


def test_00_1_names_typed_as_an_ordered_category_are_right():
    """Nominal or ordinal: either is a category, and the bars are still ranked."""
    ordinal = bars().encode(y=alt.Y("candidate:O", sort="-x"))
    assert status("00.1", ordinal) == "correct"


def test_00_1_a_tooltip_and_colours_do_no_harm():
    extra = bars().encode(
        color=alt.Color("candidate:N", legend=None),
        tooltip=["candidate", alt.Tooltip("votes:Q", format=",")],
    )
    assert status("00.1", extra) == "correct"


@pytest.mark.parametrize(
    "chart, name",
    [
        (bars(x="votes:N"), QUANTITY_AS_CATEGORY),
        (bars(sort=alt.Undefined), NOT_RANKED),
        (bars(titled=False), NO_TITLE),
        (bars(data=TABLE_2017), WRONG_ROWS),  # 2017's rows: the worked example's chart
        # a log scale: no bar's length is its value, and the axis cannot start at zero
        (bars(x=alt.X("votes:Q", scale=alt.Scale(type="log"))), TRUNCATED_AXIS),
    ],
)
def test_00_1_misconceptions(chart, name):
    assert misconception("00.1", chart) == name


def test_00_1_every_election_at_once_is_the_wrong_rows():
    every_row = RESULTS[["candidate", "votes"]]
    assert misconception("00.1", bars(data=every_row)) == WRONG_ROWS


def test_00_1_counting_rows_is_not_yet_and_says_why():
    """`count()` charts how many rows each candidate has (one each), not the votes."""
    feedback = evaluate("00.1", bars(x="count():Q"))
    assert feedback.status == INCORRECT
    assert "field" in feedback.message


@pytest.mark.parametrize("answer", [101194, None, "a bar chart"])
def test_00_1_wrong_type(answer):
    assert evaluate("00.1", answer).status == WRONG_TYPE


# ------------------------------------------------------------------ 00.2: the 2013 total


def test_00_2_right_answer():
    assert evaluate("00.2", VOTES_2013).status == "correct"
    assert evaluate("00.2", float(VOTES_2013)).status == "correct"


@pytest.mark.parametrize(
    "answer, name", [(RETURNED_2013, COUNTED_SPOILED), (VOTES_2017, WORKED_EXAMPLE_YEAR)]
)
def test_00_2_misconceptions(answer, name):
    feedback = evaluate("00.2", answer)
    assert feedback.status == "misconception"
    assert feedback.misconception == name
    assert f"{VOTES_2013:,}" not in feedback.message and str(VOTES_2013) not in feedback.message


def test_00_2_other_answer():
    assert evaluate("00.2", VOTES_2013 + 1000).status == "incorrect"


def test_00_2_fractional_count_is_flagged():
    feedback = evaluate("00.2", VOTES_2013 + 0.5)
    assert feedback.status == "wrong type"
    assert "whole number" in feedback.message


@pytest.mark.parametrize("answer", ["224,389", [VOTES_2013], True])
def test_00_2_wrong_type(answer):
    assert evaluate("00.2", answer).status == "wrong type"


# ------------------------------------------------------------------ the story text


def test_the_story_paragraph_gives_the_ledgers_figures():
    text = story.paragraph_2017_text()
    for figure in ["59,067", "53,544", "17,143", f"{VOTES_2017:,}", "1,062,049", "130,071", "317"]:
        assert figure in text  # F029 to F031, F034, F033, F032
    assert "12.2%" in text  # F035
    assert text.index("Len McCluskey") < text.index("Gerard Coyne") < text.index("Ian Allinson")
    assert story.paragraph_2017().data == text


def test_the_story_paragraph_credits_the_counts_only_a_candidate_published():
    """The papers sent, returned and spoiled come only from Allinson's campaign site (ledger
    F032 to F034); Unite's statement gave no spoiled count (F032's note)."""
    assert ELECTIONS.loc[2017, "source_id"] == "seed-allinson-site-2017"
    assert SOURCES.loc["seed-allinson-site-2017", "kind"] == "campaign"
    for fact in ["F032", "F033", "F034"]:
        assert LEDGER.loc[fact, "source_id"] == "seed-allinson-site-2017"
    assert "no spoiled count" in LEDGER.loc["F032", "note"]
    text = story.paragraph_2017_text()
    counts = text[text.index("1,062,049") : text.index("12.2%")]
    assert "according to Ian Allinson's campaign site" in counts
    assert "Unite's own statement gave no spoiled count" in counts


def test_votes_in_words_ranks_the_candidates():
    shuffled = TABLE_2010.sample(frac=1, random_state=1)
    assert story.votes_in_words(shuffled) == (
        "Len McCluskey 101,194, Jerry Hicks 52,527, Les Bayliss 46,786, Gail Cartmail 39,363"
    )


def test_00_the_ladder_keeps_the_promise_of_how_the_exercises_work(capsys, monkeypatch):
    """As 00's "How the exercises work" says: a named slip uses up no hint; the first other
    wrong answer gets the idea, a second, different one the concrete hint, then the solution;
    the same answer again gets the same hint."""
    monkeypatch.setattr(checks, "SESSION", {})
    spec = spec_of("00.2")

    def said(answer) -> str:
        checks.check("00.2", answer)
        return capsys.readouterr().out.strip()

    assert COUNTED_SPOILED in said(RETURNED_2013)
    assert said(VOTES_2013 + 1000).endswith(spec.hint)
    assert said(VOTES_2013 + 1000).endswith(spec.hint)
    assert WORKED_EXAMPLE_YEAR in said(VOTES_2017)
    assert said(VOTES_2013 + 2000).endswith(spec.step_hint)
    assert said(VOTES_2013 + 3000).endswith(SOLUTION_POINTER)

"""Checks of notebook 05's exercises (your turn: the 2021 election).

Expected values are built from the figures the sources state, never by calling the code under
test: the 2021 counts (ledger F048-F050), Unite's total of votes cast 124,147 (F051), LabourList's
"Turnout: 123,863" and Wikipedia's 124,127 (F051 note), "around 10%" (F052 note), the 1.2 and 1.4
million members of the BBC and Left Foot Forward, LabourList and Labour Briefing (F044 note, facts
notes.md conflict 3), the 2021 branch nominations (F047), the 2017 counts (F029-F031), and the
2021 dates (F045, F053); the charts of 05.3 are drawn from those typed counts. The codes of 05.5
are the frame codebook's (frame_codes.csv); which of them the inews headline applies is the
course's reading. A based answer (05.2, 05.4) is tested with the right value on each accepted
base, a bare number (no base named), a value under another base's name, and words that fit two
bases. What every exercise must do (unanswered, None, precision, transfer) is tested once, over
the registry, in tests/test_exercise_registry.py.
"""

import datetime

import altair as alt
import pandas as pd
import pytest
from feedback import misconception, status

from unitevote.chartcheck import BASE_NOT_SHOWN
from unitevote.checks import (
    AMBIGUOUS_BASE,
    BASE_MISMATCH,
    FORGOT_SPOILED,
    NO_TITLE,
    NOT_RANKED,
    PERCENT_FOR_POINTS,
    QUANTITY_AS_CATEGORY,
    ROUNDED_TOO_EARLY,
    SHARE_WITHOUT_BASE,
    TOO_FEW_DECIMALS,
    UNNAMED_BASE,
    WRONG_DENOMINATOR,
    WRONG_FIELD,
    WRONG_ROWS,
    evaluate,
    spec_of,
)
from unitevote.exercises import nb05

GRAHAM, TURNER, COYNE = 46696, 41833, 35334
VALID = GRAHAM + TURNER + COYNE  # 123,863, the figure LabourList printed as "Turnout"
CAST = 124147  # Unite's total of votes cast
MISPRINT = 124127  # Wikipedia
AROUND = 10  # Left Foot Forward's "around 10%"
MEMBERS_CLAIMED = 1_200_000  # BBC, Left Foot Forward
MEMBERS_LARGER = 1_400_000  # LabourList, Labour Briefing
BRANCH = {"Steve Turner": 525, "Sharon Graham": 349, "Beckett": 328, "Gerard Coyne": 196}
ON_BALLOT = BRANCH["Steve Turner"] + BRANCH["Sharon Graham"] + BRANCH["Gerard Coyne"]
MCCLUSKEY, COYNE_2017, ALLINSON = 59067, 53544, 17143
VALID_2017 = MCCLUSKEY + COYNE_2017 + ALLINSON
MARGIN_2017 = (MCCLUSKEY - COYNE_2017) / VALID_2017 * 100
MARGIN_2021 = (GRAHAM - TURNER) / VALID * 100
MARGIN_2021_RETURNED = (GRAHAM - TURNER) / CAST * 100
COUNTS_2021 = {"Sharon Graham": GRAHAM, "Steve Turner": TURNER, "Gerard Coyne": COYNE}


def message(exercise_id, answer):
    return evaluate(exercise_id, answer).message


# 05.1 source: the candidates' total printed as "Turnout" (claim C073)


@pytest.mark.parametrize("answer", ["C073", "c073", "  C073 "])
def test_05_1_correct(answer):
    assert status("05.1", answer) == "correct"


def test_05_1_misconceptions_and_wrong_type():
    assert misconception("05.1", "C074") == "doubting the union's own figure"
    assert misconception("05.1", "C075") == "taking a misprint for a relabelled total"
    assert status("05.1", "C068") == "incorrect"
    assert status("05.1", VALID) == "wrong type"
    assert "a claim id as text, for example 'C001'" in message("05.1", 73)


# 05.2 denominator: Graham's share, on a base the learner chooses and names


@pytest.mark.parametrize(
    "answer",
    [
        (GRAHAM / VALID * 100, "valid votes"),
        (37.7, "the valid votes"),
        (37.7, "the candidates' votes"),
        (37.7, "the candidates\u2019 votes"),  # a curly apostrophe, as a keyboard may type it
        (37.7, "candidates votes"),
        (37.7, "candidate votes"),
        (GRAHAM / CAST * 100, "papers returned"),
        (37.6, "all papers returned"),
        (37.6, "all papers returned, invalid ones included"),  # "invalid" is not "valid"
        (37.6, "papers returned, not valid votes"),  # a base after "not" is not named
        [37.7, "valid votes"],
    ],
)
def test_05_2_correct(answer):
    assert status("05.2", answer) == "correct"


def test_05_2_the_two_bases_differ_at_the_precision_asked():
    assert round(GRAHAM / VALID * 100, 1) == 37.7
    assert round(GRAHAM / CAST * 100, 1) == 37.6


def test_05_2_misconceptions():
    assert misconception("05.2", GRAHAM / VALID * 100) == UNNAMED_BASE
    assert misconception("05.2", 37.6) == UNNAMED_BASE
    assert misconception("05.2", (37.6, "valid votes")) == BASE_MISMATCH
    assert misconception("05.2", (37.7, "papers returned")) == BASE_MISMATCH
    for members in (MEMBERS_CLAIMED, MEMBERS_LARGER):
        on_members = (GRAHAM / members * 100, "members")
        assert misconception("05.2", on_members) == nb05.MEMBERS_FOR_VOTES
    assert misconception("05.2", (GRAHAM / MEMBERS_CLAIMED * 100, "valid votes")) == BASE_MISMATCH
    assert misconception("05.2", (GRAHAM / VALID, "valid votes")) == (
        "a fraction where a percentage was asked"
    )


@pytest.mark.parametrize("words", ["votes cast", "all votes cast", "total votes", "the votes"])
def test_05_2_words_that_fit_both_totals_ask_which(words):
    """The claims table calls Unite's figure "total votes" (C074, C075): on its own, such words
    fit the valid votes and every paper returned alike, so the check asks which."""
    feedback = evaluate("05.2", (37.6, words))
    assert feedback.status == "wrong type"
    assert AMBIGUOUS_BASE in feedback.message


def test_05_2_wrong_type():
    assert status("05.2", "37.7%") == "wrong type"
    assert status("05.2", (37.7, "the whole lot")) == "wrong type"  # a base the check cannot read
    assert status("05.2", 50) == "wrong type"  # a bare number that fits no base
    assert status("05.2", (50, "valid votes")) == "incorrect"


# 05.3 denominator: the 2021 result as a chart of shares, ranked, its base named


def shares_table(base=VALID, counts=COUNTS_2021):
    table = pd.DataFrame({"candidate": list(counts), "votes": list(counts.values())})
    return table.assign(percent=table["votes"] / base * 100)


def chart(
    table=None, x="percent:Q", y=None, title="2021: each candidate's share of the valid votes"
):
    y = y if y is not None else alt.Y("candidate:N", sort="-x")
    drawn = alt.Chart(shares_table() if table is None else table).mark_bar().encode(x=x, y=y)
    if title is None:
        return drawn
    return drawn.properties(title=title, description="Shares of the 2021 result, largest first.")


def test_05_3_the_bases_are_told_apart_at_the_tolerance():
    """Shares rounded to one decimal stay within 0.05 of their own base's figures and are more
    than 0.05 from the other base's, for at least one candidate."""
    valid, returned = shares_table(VALID)["percent"], shares_table(CAST)["percent"]
    assert (valid.round(1) - valid).abs().max() <= 0.05
    assert (returned.round(1) - returned).abs().max() <= 0.05
    assert (valid.round(1) - returned).abs().max() > 0.05
    assert (returned.round(1) - valid).abs().max() > 0.05


def test_05_3_correct():
    assert status("05.3", chart()) == "correct"
    returned = chart(shares_table(CAST), title="2021: share of all papers returned (%)")
    assert status("05.3", returned) == "correct"
    rounded_shares = shares_table().assign(percent=lambda t: t["percent"].round(1))
    assert status("05.3", chart(rounded_shares)) == "correct"
    rounded_returned = shares_table(CAST).assign(percent=lambda t: t["percent"].round(1))
    assert status("05.3", chart(rounded_returned, title="2021: share of papers returned")) == (
        "correct"
    )
    named_on_axis = chart(
        x=alt.X("percent:Q", title="Share of the valid votes (%)"), title="2021 result"
    )
    assert status("05.3", named_on_axis) == "correct"
    invalid_included = chart(
        shares_table(CAST), title="2021: shares of all papers returned, invalid ones included"
    )
    assert status("05.3", invalid_included) == "correct"
    subtitle = alt.TitleParams(
        "The 2021 result", subtitle="Each candidate's share of the valid votes"
    )
    assert status("05.3", chart(title=subtitle)) == "correct"


def test_05_3_a_harmless_extra_encoding_stays_correct():
    extra = chart().encode(tooltip=["candidate", "votes", "percent"], color="candidate:N")
    assert status("05.3", extra) == "correct"


def test_05_3_the_title_must_name_the_base_the_bars_show():
    # Shares of all papers returned (Graham 37.61) under a title naming the valid votes (37.70).
    mismatched = chart(shares_table(CAST))
    assert misconception("05.3", mismatched) == BASE_NOT_SHOWN
    other_way = chart(title="2021: each candidate's share of all papers returned")
    assert misconception("05.3", other_way) == BASE_NOT_SHOWN
    assert misconception("05.3", chart(title="2021: each candidate's share (%)")) == (
        SHARE_WITHOUT_BASE
    )
    assert misconception("05.3", chart(title="2021: share of all votes cast (%)")) == (
        SHARE_WITHOUT_BASE  # words that fit both totals name neither
    )
    assert misconception("05.3", chart(title=None)) == SHARE_WITHOUT_BASE  # no title at all


def test_05_3_misconceptions():
    assert misconception("05.3", chart(y="candidate:N")) == NOT_RANKED
    smallest_first = chart(y=alt.Y("candidate:N", sort="x"))
    assert misconception("05.3", smallest_first) == NOT_RANKED
    assert "longest first" in message("05.3", smallest_first)
    assert misconception("05.3", chart(x="percent:N")) == QUANTITY_AS_CATEGORY
    assert misconception("05.3", chart(x="votes:Q")) == WRONG_FIELD
    on_members = chart(shares_table(MEMBERS_CLAIMED), title="2021: share of the members")
    assert misconception("05.3", on_members) == WRONG_ROWS
    counts_2017 = {"Len McCluskey": 59067, "Gerard Coyne": 53544, "Ian Allinson": 17143}
    assert misconception("05.3", chart(shares_table(sum(counts_2017.values()), counts_2017))) == (
        WRONG_ROWS
    )
    named_on_axis = alt.X("percent:Q", title="Share of the valid votes (%)")
    assert misconception("05.3", chart(x=named_on_axis, title=None)) == NO_TITLE


def test_05_3_wrong_type():
    assert status("05.3", 37.7) == "wrong type"
    assert status("05.3", None) == "wrong type"
    assert status("05.3", (37.7, "valid votes")) == "wrong type"


# 05.4 rounding: the 2021 margin in points, on a base the learner chooses, two decimals


@pytest.mark.parametrize(
    "answer",
    [
        (MARGIN_2021, "valid votes"),
        (3.93, "valid"),
        (3.93, "candidates' votes"),
        (MARGIN_2021_RETURNED, "papers returned"),
        (3.92, "all papers returned"),
    ],
)
def test_05_4_correct(answer):
    assert status("05.4", answer) == "correct"


def test_05_4_the_two_bases_differ_at_the_precision_asked():
    assert round(MARGIN_2021, 2) == 3.93
    assert round(MARGIN_2021_RETURNED, 2) == 3.92


def test_05_4_misconceptions():
    assert misconception("05.4", MARGIN_2021) == UNNAMED_BASE
    assert misconception("05.4", (3.92, "valid votes")) == BASE_MISMATCH
    assert misconception("05.4", (3.93, "papers returned")) == BASE_MISMATCH
    assert misconception("05.4", (37.7 - 33.8, "valid votes")) == ROUNDED_TOO_EARLY
    assert misconception("05.4", (37.6 - 33.7, "papers returned")) == ROUNDED_TOO_EARLY
    # 3.9 is the right margin written with one decimal: the question asks for two.
    assert misconception("05.4", (3.9, "valid votes")) == TOO_FEW_DECIMALS
    relative = ((GRAHAM - TURNER) / TURNER * 100, "valid votes")
    assert misconception("05.4", relative) == PERCENT_FOR_POINTS
    assert misconception("05.4", (GRAHAM - TURNER, "valid votes")) == (
        "a margin in votes where percentage points were asked"
    )


def test_05_4_wrong_type():
    assert status("05.4", "3.93 points") == "wrong type"
    assert status("05.4", GRAHAM - TURNER) == "wrong type"  # a bare number that fits no base
    assert AMBIGUOUS_BASE in message("05.4", (3.92, "votes cast"))


# 05.5 framing: the codes inews's headline applies ("Outsider" ...), and only those


@pytest.mark.parametrize(
    "answer",
    [
        ["grassroots_insider"],
        ["GRASSROOTS_INSIDER"],
        [" grassroots insider "],
        {"grassroots_insider"},
    ],
)
def test_05_5_correct(answer):
    assert status("05.5", answer) == "correct"


def test_05_5_misconceptions():
    label = "reading any label as a factional label"
    record = "reading the winner's record as conflict in the race"
    first = "reading a first as momentum"
    assert misconception("05.5", ["factional_label"]) == label
    assert misconception("05.5", ["grassroots_insider", "factional_label"]) == label
    assert misconception("05.5", ["conflict"]) == record
    assert misconception("05.5", ["grassroots_insider", "conflict"]) == record
    assert misconception("05.5", ["endorsement_momentum"]) == first
    assert misconception("05.5", ["grassroots_insider", "endorsement_momentum"]) == first


def test_05_5_incorrect_and_wrong_type():
    assert status("05.5", ["closeness"]) == "incorrect"
    assert status("05.5", ["grassroots_insider", "conflict", "factional_label"]) == "incorrect"
    assert status("05.5", []) == "incorrect"
    assert status("05.5", "grassroots_insider") == "wrong type"  # a text, not a list
    assert "a list of codes as texts" in message("05.5", "grassroots_insider")
    assert status("05.5", 4) == "wrong type"


# 05.6 denominator: the base that makes the votes exactly "around 10%"


def test_05_6_correct():
    assert status("05.6", CAST * 100 // AROUND) == "correct"
    assert status("05.6", 1241470.0) == "correct"


def test_05_6_misconceptions():
    assert misconception("05.6", round(CAST * AROUND / 100)) == (
        "taking the percentage of the votes instead of working back to the base"
    )
    # 12,414.7 unrounded: the same slip, named although it is not a whole number
    assert misconception("05.6", CAST * AROUND / 100) == (
        "taking the percentage of the votes instead of working back to the base"
    )
    assert misconception("05.6", VALID * 100 // AROUND) == FORGOT_SPOILED
    assert misconception("05.6", MEMBERS_CLAIMED) == (
        "giving a printed claim instead of the base the percentage implies"
    )


def test_05_6_fractional_and_wrong_type():
    assert status("05.6", 1.24) == "wrong type"  # millions: a fractional count is flagged
    fractional = message("05.6", 1241470.5)
    assert "whole number" in fractional
    assert "members or papers sent" in fractional  # the unit presupposes neither base
    assert status("05.6", "1.24m") == "wrong type"


# 05.7 comparison: how much smaller the 2021 margin was than 2017's, in points


def test_05_7_correct():
    assert status("05.7", MARGIN_2017 - MARGIN_2021) == "correct"
    assert status("05.7", 0.33) == "correct"


def test_05_7_misconceptions():
    gap = MARGIN_2017 - MARGIN_2021
    assert misconception("05.7", gap / MARGIN_2017 * 100) == PERCENT_FOR_POINTS
    assert misconception("05.7", 4.3 - 3.9) == ROUNDED_TOO_EARLY
    # 2017's margin as notebook 04 printed it (4.3), 2021's at two decimals
    assert round(MARGIN_2017, 1) == 4.3
    assert misconception("05.7", 4.3 - 3.93) == ROUNDED_TOO_EARLY
    assert misconception("05.7", 0.3) == TOO_FEW_DECIMALS
    assert misconception("05.7", -gap) == "subtracting the wrong way round"
    votes_gap = (MCCLUSKEY - COYNE_2017) - (GRAHAM - TURNER)
    assert (
        misconception("05.7", votes_gap) == "a margin in votes where percentage points were asked"
    )


def test_05_7_wrong_type():
    assert status("05.7", [0.33]) == "wrong type"


# 05.8 activity or outcome: Turner's nomination share minus his vote share (different bases)


def test_05_8_correct():
    expected = BRANCH["Steve Turner"] / ON_BALLOT * 100 - TURNER / VALID * 100
    assert status("05.8", expected) == "correct"
    assert status("05.8", 15.3) == "correct"


def test_05_8_misconceptions():
    nomination_share = BRANCH["Steve Turner"] / ON_BALLOT * 100
    vote_share = TURNER / VALID * 100
    with_beckett = BRANCH["Steve Turner"] / sum(BRANCH.values()) * 100 - vote_share
    assert misconception("05.8", with_beckett) == "counting a nominee who was not on the ballot"
    relative = (nomination_share - vote_share) / vote_share * 100
    assert misconception("05.8", relative) == (
        "a relative change where the gap between two percentages was asked"
    )
    assert misconception("05.8", nomination_share - TURNER / CAST * 100) == WRONG_DENOMINATOR


def test_05_8_wrong_type():
    assert status("05.8", "15.3") == "wrong type"
    assert status("05.8", 50) == "incorrect"


# 05.9 omission: papers returned but not counted for a candidate


def test_05_9_correct():
    assert status("05.9", CAST - VALID) == "correct"
    assert status("05.9", 284.0) == "correct"


def test_05_9_misconceptions():
    assert misconception("05.9", MISPRINT - VALID) == "starting from the misprinted total"
    assert misconception("05.9", VALID - CAST) == "subtracting the wrong way round"
    assert (
        misconception("05.9", CAST - MISPRINT) == "comparing the two printed totals with each other"
    )


def test_05_9_fractional_and_wrong_type():
    assert status("05.9", 284.5) == "wrong type"
    assert "whole number" in message("05.9", 284.5)
    assert status("05.9", "284") == "wrong type"


# 05.10 after the count: the day the result became public


@pytest.mark.parametrize(
    "answer",
    [
        "2021-08-25",
        "25 August 2021",
        "25 aug 2021",
        "25/08/2021",
        "25/8/2021",
        str(pd.Timestamp("2021-08-25")),  # "2021-08-25 00:00:00": the day, with pandas' time
    ],
)
def test_05_10_correct(answer):
    assert status("05.10", answer) == "correct"


@pytest.mark.parametrize("scheduled", ["2021-08-26", "26/08/2021", "26 August 2021"])
def test_05_10_the_scheduled_declaration_in_any_spelling(scheduled):
    assert misconception("05.10", scheduled) == (
        "taking the scheduled declaration for the day the result was known"
    )


def test_05_10_misconceptions_and_wrong_type():
    assert misconception("05.10", "2021-08-23") == "taking the close of voting for the result"
    assert misconception("05.10", "23/08/2021") == "taking the close of voting for the result"
    assert status("05.10", "2021-07-05") == "incorrect"
    for day in (pd.Timestamp("2021-08-25"), datetime.date(2021, 8, 25)):
        assert status("05.10", day) == "wrong type"
        assert "a date as text, for example" in message("05.10", day)


# The hint ladder of an assessment: each rung a sentence, the second a step, not the recipe.


@pytest.mark.parametrize("exercise_id", [f"05.{k}" for k in range(1, 11)])
def test_hints_are_sentences_and_differ(exercise_id):
    exercise = spec_of(exercise_id)
    assert exercise.step_hint and exercise.step_hint != exercise.hint
    for rung in (exercise.hint, exercise.step_hint):
        assert rung.rstrip().endswith((".", "?")), rung

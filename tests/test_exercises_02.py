"""Exercises of notebook 02: right answers, every misconception, wrong types, the chart exercise.

What every exercise must do (unanswered, None, precision, transfer) is tested once, over the
registry, in tests/test_exercise_registry.py.

Expected figures come from the sources (the facts ledger), typed here on purpose so that the
checks, which compute from data/, are tested against something independent of them.
"""

import altair as alt
import pandas as pd
import pytest
from feedback import misconception, status

from unitevote.checks import (
    FRACTION_FOR_PERCENT,
    NO_TITLE,
    OUT_OF_ORDER,
    PERCENT_FOR_POINTS,
    POINTS_FOR_PERCENT,
    QUANTITY_AS_CATEGORY,
    REGISTRY,
    ROUNDED_TOO_EARLY,
    SHARE_WITHOUT_BASE,
    TOO_FEW_DECIMALS,
    TRUNCATED_AXIS,
    WRONG_DENOMINATOR,
    WRONG_FIELD,
    WRONG_ROWS,
    evaluate,
)
from unitevote.exercises.nb02 import (
    HALF_IS_NOT_ENOUGH,
    NEW_VOTES_ADDED,
    OTHER_TRANSFERS,
    THRESHOLD_FOR_SHORTFALL,
    TIE_FOR_WIN,
    WORKED_EXAMPLE_ANSWER,
    WRONG_CANDIDATE,
    WRONG_ELECTION,
    WRONG_STARTING_VALUE,
)

# 2017: ledger F029-F034 (seed 004). 2013: F012, F013, F014, F016, F017. 2010: F002-F007.
MCCLUSKEY, COYNE, ALLINSON = 59067, 53544, 17143
DESPATCHED = 1062049
MCCLUSKEY_2013, HICKS_2013 = 144570, 79819
RETURNED_2013, DESPATCHED_2013, SPOILED_2013 = 225801, 1485079, 1412
VALID_2013 = MCCLUSKEY_2013 + HICKS_2013
MCCLUSKEY_2010, HICKS_2010, BAYLISS_2010, CARTMAIL_2010 = 101194, 52527, 46786, 39363
VALID_2010 = MCCLUSKEY_2010 + HICKS_2010 + BAYLISS_2010 + CARTMAIL_2010
VALID_2017 = MCCLUSKEY + COYNE + ALLINSON

RIGHT = {
    "02.1": HICKS_2013 / DESPATCHED_2013 * 100,  # 5.37
    "02.3": (MCCLUSKEY_2013 - HICKS_2013) / VALID_2013 * 100,  # 28.86
    "02.4": (MCCLUSKEY_2010 - HICKS_2010) / HICKS_2010 * 100,  # 92.65
    "02.5": 119936 - MCCLUSKEY_2010,  # more than half of 239,870 is 119,936
    "02.6": 11334,  # more than (17,143 + 5,523) / 2 = 11,333
}
ROUNDED = {"02.1": 5.4, "02.3": 28.9, "02.4": 92.65, "02.5": 18742, "02.6": 11334}
# The precision each question asks for (02.4: two decimals, so that rounding early shows).
ASKED = {"02.1": ".1f", "02.3": ".1f", "02.4": ".2f", "02.5": ",.0f", "02.6": ",.0f"}
# 02.4 from the one-decimal shares that `shares_by_year` prints (42.2 and 21.9): 92.69.
SHARE_M_2010 = round(MCCLUSKEY_2010 / VALID_2010 * 100, 1)
SHARE_H_2010 = round(HICKS_2010 / VALID_2010 * 100, 1)

MISCONCEPTIONS = [
    ("02.1", MCCLUSKEY_2013 / DESPATCHED_2013 * 100, WRONG_CANDIDATE),  # 9.7: the winner's share
    ("02.1", HICKS_2013 / RETURNED_2013 * 100, WRONG_DENOMINATOR),
    ("02.1", HICKS_2013 / VALID_2013 * 100, WRONG_DENOMINATOR),
    ("02.1", HICKS_2013 / DESPATCHED * 100, WRONG_ELECTION),
    ("02.1", HICKS_2013 / DESPATCHED_2013, FRACTION_FOR_PERCENT),
    ("02.3", (MCCLUSKEY_2013 - HICKS_2013) / HICKS_2013 * 100, PERCENT_FOR_POINTS),
    ("02.3", (MCCLUSKEY_2013 - HICKS_2013) / MCCLUSKEY_2013 * 100, PERCENT_FOR_POINTS),
    ("02.3", (MCCLUSKEY_2013 - HICKS_2013) / RETURNED_2013 * 100, WRONG_DENOMINATOR),
    ("02.3", (MCCLUSKEY_2013 - HICKS_2013) / DESPATCHED_2013 * 100, WRONG_DENOMINATOR),  # 4.4
    ("02.3", 64.4 - 35.6, ROUNDED_TOO_EARLY),
    ("02.4", (MCCLUSKEY_2010 - HICKS_2010) / VALID_2010 * 100, POINTS_FOR_PERCENT),
    ("02.4", (MCCLUSKEY_2010 - HICKS_2010) / MCCLUSKEY_2010 * 100, WRONG_STARTING_VALUE),
    ("02.4", (SHARE_M_2010 - SHARE_H_2010) / SHARE_H_2010 * 100, ROUNDED_TOO_EARLY),  # 92.69
    ("02.4", (42 - 22) / 22 * 100, ROUNDED_TOO_EARLY),
    ("02.4", (101000 - 52000) / 52000 * 100, ROUNDED_TOO_EARLY),
    ("02.4", (MCCLUSKEY_2010 - HICKS_2010) / HICKS_2010, FRACTION_FOR_PERCENT),
    ("02.5", 119935 - MCCLUSKEY_2010, TIE_FOR_WIN),
    ("02.5", 119936, THRESHOLD_FOR_SHORTFALL),
    # new votes x, all his, added to the total: 101,194 + x > (239,870 + x) / 2 from x = 37,483
    ("02.5", VALID_2010 - 2 * MCCLUSKEY_2010 + 1, NEW_VOTES_ADDED),
    ("02.5", (VALID_2017 // 2 + 1) - MCCLUSKEY, WORKED_EXAMPLE_ANSWER),  # 2017's 5,811
    ("02.6", MCCLUSKEY - COYNE + 1, OTHER_TRANSFERS),
    ("02.6", 8572, HALF_IS_NOT_ENOUGH),
    ("02.6", 11333, TIE_FOR_WIN),
]


def test_the_notebooks_exercises_are_registered():
    assert sorted(key for key in REGISTRY if key.startswith("02.")) == [
        "02.1",
        "02.2",
        "02.3",
        "02.4",
        "02.5",
        "02.6",
    ]


@pytest.mark.parametrize("exercise_id", sorted(RIGHT))
def test_right_answer(exercise_id):
    assert evaluate(exercise_id, RIGHT[exercise_id]).status == "correct"


@pytest.mark.parametrize("exercise_id", sorted(ROUNDED))
def test_answer_rounded_as_asked_is_accepted(exercise_id):
    assert evaluate(exercise_id, ROUNDED[exercise_id]).status == "correct"


@pytest.mark.parametrize(
    ("exercise_id", "wrong"), [("02.1", 5.3), ("02.3", 28.8), ("02.4", 92.64), ("02.4", 92.66)]
)
def test_one_decimal_means_one_decimal(exercise_id, wrong):
    """A neighbouring value at the asked precision is not accepted."""
    assert evaluate(exercise_id, wrong).status != "correct"


def test_numpy_and_pandas_scalars_accepted():
    assert evaluate("02.4", pd.Series([RIGHT["02.4"]]).iloc[0]).status == "correct"
    assert evaluate("02.4", pd.Series([RIGHT["02.4"]])).status == "correct"


@pytest.mark.parametrize(("exercise_id", "answer", "name"), MISCONCEPTIONS)
def test_misconception(exercise_id, answer, name):
    feedback = evaluate(exercise_id, answer)
    assert feedback.status == "misconception"
    assert feedback.misconception == name
    assert name in feedback.message
    # the hint does not give the answer away
    assert format(RIGHT[exercise_id], ASKED[exercise_id]) not in feedback.message
    assert f"{ROUNDED[exercise_id]:,}" not in feedback.message


def test_02_4_the_rounded_shares_on_the_page_give_another_answer():
    """`shares_by_year` prints 42.2 and 21.9; worked from them, 02.4 gives 92.69, not 92.65."""
    import nbformat

    from unitevote.pattern import ROOT, source

    notebook = nbformat.read(ROOT / "notebooks" / "02_results_arithmetic.ipynb", as_version=4)
    (cell,) = [c for c in notebook.cells if source(c).startswith("shares_by_year = ")]
    printed = " ".join(
        str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", "")) for o in cell.outputs
    )
    assert f"{SHARE_M_2010}" in printed and f"{SHARE_H_2010}" in printed, printed[:300]
    assert (SHARE_M_2010, SHARE_H_2010) == (42.2, 21.9)
    from_shares = (SHARE_M_2010 - SHARE_H_2010) / SHARE_H_2010 * 100
    assert f"{from_shares:.2f}" != f"{RIGHT['02.4']:.2f}"
    assert f"{from_shares:.1f}" == f"{RIGHT['02.4']:.1f}"  # why one decimal could not tell


def test_02_4_one_decimal_is_too_few():
    feedback = evaluate("02.4", round(RIGHT["02.4"], 1))
    assert feedback.status == "misconception" and feedback.misconception == TOO_FEW_DECIMALS


@pytest.mark.parametrize("exercise_id", sorted(RIGHT))
@pytest.mark.parametrize("answer", ["45.4%", pd.DataFrame({"votes": [1, 2]}), True])
def test_wrong_type(exercise_id, answer):
    assert evaluate(exercise_id, answer).status == "wrong type"


@pytest.mark.parametrize("exercise_id", ["02.5", "02.6"])
def test_a_fractional_count_is_flagged(exercise_id):
    feedback = evaluate(exercise_id, RIGHT[exercise_id] - 0.5)
    assert feedback.status == "wrong type"
    assert "whole number" in feedback.message


@pytest.mark.parametrize("exercise_id", sorted(RIGHT))
def test_plain_wrong_answer(exercise_id):
    feedback = evaluate(exercise_id, 999.0)
    assert feedback.status == "incorrect"
    assert feedback.misconception is None


# ---------------------------------------------------------------- 02.2, a chart

# McCluskey's share of each election's valid votes (F002-F005; F012, F013; F029-F031).
SHARES = {
    2010: MCCLUSKEY_2010 / VALID_2010 * 100,  # 42.19
    2013: MCCLUSKEY_2013 / VALID_2013 * 100,  # 64.43
    2017: MCCLUSKEY / VALID_2017 * 100,  # 45.52
}
HICKS_SHARES = {2010: HICKS_2010 / VALID_2010 * 100, 2013: HICKS_2013 / VALID_2013 * 100}
VOTES = {2010: MCCLUSKEY_2010, 2013: MCCLUSKEY_2013, 2017: MCCLUSKEY}
BASE_TITLE = "Len McCluskey's share of the valid votes, by election"


def mccluskey_rows(shares=SHARES) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "election": list(shares),
            "candidate": "Len McCluskey",
            "votes": [VOTES.get(year, 0) for year in shares],
            "percent": [round(share, 1) for share in shares.values()],
        }
    )


def share_chart(
    table=None,
    value="percent:Q",
    category="election:O",
    title=BASE_TITLE,
    axis_title="Percent",
    description="Bar chart of McCluskey's share of each election's valid votes.",
    horizontal=True,
):
    table = mccluskey_rows() if table is None else table
    value_channel = alt.X(value, title=axis_title) if horizontal else alt.Y(value, title=axis_title)
    category_channel = alt.Y(category) if horizontal else alt.X(category)
    chart = alt.Chart(table).mark_bar()
    if horizontal:
        chart = chart.encode(x=value_channel, y=category_channel)
    else:
        chart = chart.encode(y=value_channel, x=category_channel)
    if title or description:
        chart = chart.properties(title=title or "", description=description or "")
    return chart


def test_the_chart_asks_for_the_shares_of_the_valid_votes():
    spec = REGISTRY["02.2"]()
    assert spec.kind == "chart"
    assert set(spec.expected.figures) == set(SHARES)
    for year, share in SHARES.items():
        assert spec.expected.figures[year] == pytest.approx(share)


@pytest.mark.parametrize("horizontal", [True, False])
def test_the_solution_chart_is_correct(horizontal):
    assert evaluate("02.2", share_chart(horizontal=horizontal)).status == "correct"


def test_the_base_in_a_subtitle_is_enough():
    chart = share_chart(title=None, description=None).properties(
        title=alt.TitleParams(
            "Len McCluskey's share, by election", subtitle="Percent of the valid votes"
        ),
        description="Bar chart of McCluskey's share of each election's valid votes.",
    )
    assert evaluate("02.2", chart).status == "correct"


def test_the_base_in_other_words_is_enough():
    chart = share_chart(title="McCluskey's share of all votes cast for candidates")
    assert evaluate("02.2", chart).status == "correct"


def test_the_base_in_the_axis_title_is_enough():
    chart = share_chart(title="Len McCluskey, by election", axis_title="Percent of the valid votes")
    assert evaluate("02.2", chart).status == "correct"


def test_a_harmless_extra_encoding_is_still_correct():
    chart = share_chart().encode(tooltip=["election", "percent", "votes"], color="candidate:N")
    assert evaluate("02.2", chart).status == "correct"


def every_candidate() -> pd.DataFrame:
    rows = mccluskey_rows()
    hicks = mccluskey_rows(HICKS_SHARES).assign(candidate="Jerry Hicks")
    return pd.concat([rows, hicks], ignore_index=True)


CHART_MISCONCEPTIONS = [
    (share_chart(title="Len McCluskey's share, by election"), SHARE_WITHOUT_BASE),
    (share_chart(value="votes:Q", axis_title="Votes"), WRONG_FIELD),
    (share_chart(table=mccluskey_rows(HICKS_SHARES)), WRONG_ROWS),  # Hicks's rows
    (share_chart(table=every_candidate()), WRONG_ROWS),  # every candidate's rows
    (share_chart(value="percent:N"), QUANTITY_AS_CATEGORY),
    (share_chart(title=None, description=None, axis_title="Percent of the valid votes"), NO_TITLE),
    # the years sorted by their share: a question about time wants them in time order
    (share_chart().encode(y=alt.Y("election:O", sort="-x")), OUT_OF_ORDER),
    (share_chart(horizontal=False).encode(x=alt.X("election:O", sort="-y")), OUT_OF_ORDER),
    # a log scale: no bar's length is its value
    (
        share_chart().encode(x=alt.X("percent:Q", title="Percent", scale=alt.Scale(type="log"))),
        TRUNCATED_AXIS,
    ),
]


@pytest.mark.parametrize(("chart", "name"), CHART_MISCONCEPTIONS)
def test_a_chart_misconception_is_named(chart, name):
    assert misconception("02.2", chart) == name


@pytest.mark.parametrize("answer", [42.2, None])
def test_a_number_or_none_is_a_wrong_type_for_the_chart(answer):
    assert status("02.2", answer) == "wrong type"

"""Exercises of notebook 03 (turnout critique): denominators, a misleading chart fixed, the
mandate over time, points and percent, a threshold (hypothetical) and a what-if.

Each exercise asks for the idea of a worked example on a case the page has not shown: the worked
examples use 2017 (and 2010 to 2013 for the fact-check); the exercises ask about 2013, 2010 or
another union (most change only the case), or fix a chart the lesson draws. 03.1 to 03.3 are the lesson's hour; 03.4 to 03.7 are in its
"More practice (optional)" section.
"""

import math

from ..checks import (
    NO_TITLE,
    PERCENT_FOR_POINTS,
    POINTS_FOR_PERCENT,
    QUANTITY_AS_CATEGORY,
    STALE_WORDS,
    TRUNCATED_AXIS,
    WRONG_DENOMINATOR,
    WRONG_FIELD,
    WRONG_ROWS,
    Channel,
    ChartSpec,
    Exercise,
    Misconception,
    exercise,
)
from ..data import load
from . import _counts as counts

WRONG_SIGN = "the sign of a change"
WRONG_BASE_FOR_CHANGE = "measuring a change against the wrong value"
EXTRA_NOT_TOTAL = "the extra papers instead of the total"
GAINS_NOT_NET = "counting the gains but not the net effect"
OTHER_ELECTION = "a figure from another election"
NOT_PREFERRED = "a figure other than the one the question names"
ROUNDED_DOWN = "rounding down where rounding up was asked"
TIE_NOT_WIN = "a tie where a win was asked"
TURNOUT_NOT_MANDATE = "the turnout where the winner's share was asked"
WHOLE_VOTERS = "whole voters where the model's shares are exact"

# The elections with one published turnout each (2021's percentages are several sources'
# figures, none official): the years of the lesson's turnout chart (03.2).
TREND_YEARS = (2010, 2013, 2017)
# Where the lesson's misleading turnout chart starts and ends its x axis (`axis_from, axis_to`
# in notebook 03): words its description keeps if a learner copies it and removes only the scale.
MISLEADING_AXIS = (11, 16)

# The split of extra voters each what-if question states (percent for the runner-up, the winner).
WORKED_SPLIT = (55, 45)  # the notebook's worked example, 2017
EXERCISE_SPLIT = (60, 40)  # exercise 03.7, 2010


_election = counts.election
_votes = counts.votes


def _law(fact_id):
    ledger = load("ledger").set_index("fact_id")
    return float(ledger.loc[fact_id, "value"])


def _preferred_turnout(election_name):
    comparators = load("comparators")
    rows = comparators[comparators["election_name"] == election_name]
    return float(rows.loc[rows["preferred"], "turnout_percent"].iloc[0]), rows


@exercise("03.1")
def turnout_of_membership_2013():
    election = _election(2013)
    returned = int(election["papers_returned"])
    return Exercise(
        expected=100 * returned / int(election["membership_claimed"]),
        decimals=1,
        unit="percent",
        transfer="2013 and its claimed membership instead of 2017",
        misconceptions=(
            Misconception(
                WRONG_DENOMINATOR,
                100 * returned / int(election["ballot_papers_despatched"]),
                "that is the turnout of the ballot papers despatched, the published figure. "
                "The question measures the same papers against a different total.",
            ),
            Misconception(
                OTHER_ELECTION,
                100 * returned / int(_election(2017)["membership_claimed"]),
                "the membership you divided by belongs to another election. Each election's "
                "claimed membership is in its own row.",
            ),
        ),
        hint="A turnout is papers returned over a base, as a percentage. Which base does the "
        "question name, and for which year?",
        step_hint="Both numbers are in the 2013 row of `elections` (`elections.loc[2013]`): "
        "divide its `papers_returned` by its `membership_claimed`, then multiply by 100.",
        explanation="The same papers, a different total, a different turnout.",
    )


@exercise("03.2")
def published_turnout_chart_fixed():
    elections = load("elections").set_index("election")
    figures = {
        year: float(elections.loc[year, "turnout_published_percent"]) for year in TREND_YEARS
    }
    return Exercise(
        kind="chart",
        expected=ChartSpec(
            mark="bar",
            value=Channel(
                ("turnout_published_percent",),
                "quantitative",
                confusions=(
                    (
                        "turnout_published_text",
                        "that column is the turnout as printed, a text such as '12.2%'. A bar's "
                        "length needs the number, `turnout_published_percent`.",
                    ),
                ),
            ),
            category=Channel(("election",), "ordinal"),
            figures=figures,
            stale_words=("{} to {}".format(*MISLEADING_AXIS),),
            description="the lesson's chart with its axis starting at zero: mark_bar, "
            "turnout_published_percent:Q on one axis (no `zero=False`, no domain starting above "
            "0), election:O on the other, the rows of "
            + ", ".join(str(year) for year in TREND_YEARS)
            + ", with a title and a description that says where the axis now starts (no longer "
            + "{} to {})".format(*MISLEADING_AXIS),
        ),
        transfer="fixing a misleading chart the learner did not build (the published turnouts "
        "on an axis that does not start at zero) instead of building one",
        misconceptions=(
            Misconception(
                TRUNCATED_AXIS,
                None,
                "the bars' lengths still exaggerate the fall from 2010 to 2017. A bar must "
                "start at zero for its length to show its value: take out what the lesson's "
                "chart added to the x axis's scale.",
            ),
            Misconception(
                WRONG_FIELD,
                None,
                "the bars' length should be the published turnout as a number, "
                "`turnout_published_percent`, not the text as printed.",
            ),
            Misconception(
                QUANTITY_AS_CATEGORY,
                None,
                "a turnout is a quantity: keep it typed `:Q`. Typed as a category, each figure "
                "becomes a label and no bar's length shows how much.",
            ),
            Misconception(
                WRONG_ROWS,
                None,
                "these bars are not the lesson's three published turnouts. Chart the same "
                "table, `published` (2021 has no single published figure).",
            ),
            Misconception(
                STALE_WORDS,
                None,
                "the bars now start at zero, but the description still says the x axis runs "
                "from {} to {}. A screen reader reads the description aloud: make it say where "
                "the axis starts now.".format(*MISLEADING_AXIS),
            ),
            Misconception(
                NO_TITLE,
                None,
                "keep the chart's title and description when you fix it: `.properties(title=..., "
                "description=...)`, and make the description say where the axis starts.",
            ),
        ),
        hint="What does a bar's length show, and where must the axis start for the length to "
        "show it?",
        step_hint="Copy the code of the lesson's chart into the answer cell (with its "
        "`.properties`). Then read each option given to its x axis: which one decides where "
        "the axis starts?",
        explanation="From zero, 2017's bar is about three quarters of 2010's: a fall, not a "
        "collapse.",
    )


@exercise("03.3")
def mandate_fall_points_2010_2017():
    def mandate(year):
        votes = _votes(year)
        return 100 * int(votes.max()) / int(_election(year)["ballot_papers_despatched"])

    def valid_share(year):
        votes = _votes(year)
        return 100 * int(votes.max()) / int(votes.sum())

    turnouts = load("elections").set_index("election")["turnout_published_percent"]
    before, after = mandate(2010), mandate(2017)
    valid_change = valid_share(2010) - valid_share(2017)
    return Exercise(
        expected=before - after,
        decimals=1,
        unit="percentage points",
        transfer="the mandate (the winner's share of the papers despatched) compared across two "
        "elections, 2010 and 2017, in points, instead of one election's mandate or one turnout",
        misconceptions=(
            Misconception(PERCENT_FOR_POINTS, 100 * (before - after) / before),
            Misconception(
                WRONG_SIGN,
                after - before,
                "the question asks for the size of the fall, so give it as a positive number.",
            ),
            Misconception(
                WRONG_DENOMINATOR,
                valid_change,
                "that compares his shares of the valid votes. A mandate measured against "
                "everyone balloted divides by the ballot papers despatched.",
            ),
            Misconception(
                WRONG_DENOMINATOR,
                -valid_change,
                "that compares his shares of the valid votes. A mandate measured against "
                "everyone balloted divides by the ballot papers despatched.",
            ),
            Misconception(
                OTHER_ELECTION,
                mandate(2013) - after,
                "one of your two shares belongs to another election. The question compares "
                "2010 with 2017.",
            ),
            Misconception(
                TURNOUT_NOT_MANDATE,
                float(turnouts.loc[2010]) - float(turnouts.loc[2017]),
                "that is the fall in turnout. The question asks about the winner's votes as a "
                "share of the papers despatched, his mandate, not about everyone who voted.",
            ),
        ),
        hint="A mandate here is the winner's votes as a share of everyone balloted. Compute it "
        "for each year, then compare the two in points.",
        step_hint="For 2010 and for 2017: the winner's `votes` in `results` divided by that "
        "year's `ballot_papers_despatched` in `elections`, times 100. Subtract the 2017 share "
        "from the 2010 share.",
        explanation="His mandate fell by far less than the turnout: his share of the votes rose.",
    )


@exercise("03.4")
def turnout_fall_points_2010_2017():
    turnouts = load("elections").set_index("election")["turnout_published_percent"]
    before, after = float(turnouts.loc[2010]), float(turnouts.loc[2017])
    return Exercise(
        expected=before - after,
        decimals=1,
        unit="percentage points",
        transfer="2010 to 2017 instead of 2010 to 2013",
        misconceptions=(
            Misconception(PERCENT_FOR_POINTS, 100 * (before - after) / before),
            Misconception(
                WRONG_SIGN,
                after - before,
                "the question asks for the size of the fall, so give it as a positive number.",
            ),
        ),
        hint="Which two published turnouts does the question compare, and what is a "
        "percentage point?",
        step_hint="Take `turnout_published_percent` for 2010 and for 2017 from `trend` (or "
        "`elections`) and subtract the later from the earlier.",
        explanation="A fall in percentage points is the plain difference of two percentages.",
    )


@exercise("03.5")
def pcs_turnout_fall_relative():
    before, rows_2019 = _preferred_turnout("PCS general secretary election 2019")
    after, _ = _preferred_turnout("PCS general secretary election 2023")
    other_2019 = float(rows_2019.loc[~rows_2019["preferred"], "turnout_percent"].iloc[0])
    return Exercise(
        expected=100 * (before - after) / before,
        decimals=1,
        unit="percent",
        transfer="another union's elections (PCS 2019 and 2023) instead of Unite's",
        misconceptions=(
            Misconception(POINTS_FOR_PERCENT, before - after),
            Misconception(
                WRONG_BASE_FOR_CHANGE,
                100 * (before - after) / after,
                "a change is compared with where it started. Which year is the starting point?",
            ),
            Misconception(
                NOT_PREFERRED,
                100 * (other_2019 - after) / other_2019,
                "the comparators table has more than one 2019 figure; the question asks for "
                "the preferred ones.",
            ),
        ),
        hint="A relative change compares the difference with one of the two figures. Which one?",
        step_hint="In `preferred`, find the two PCS rows (their `turnout_percent`). Subtract the "
        "2023 figure from the 2019 one, divide by the 2019 figure, multiply by 100.",
        explanation="A relative fall says how much of the starting turnout was lost.",
    )


@exercise("03.6")
def papers_for_threshold_2013():
    election = _election(2013)
    share = _law("F059") / 100
    despatched = int(election["ballot_papers_despatched"])
    exact = share * despatched
    needed = math.ceil(exact)
    return Exercise(
        expected=needed,
        decimals=0,
        integer=True,
        unit="ballot papers",
        transfer="2013 instead of 2017",
        misconceptions=(
            Misconception(
                ROUNDED_DOWN,
                math.floor(exact),
                "the question says round up: with one paper fewer the turnout would fall just "
                "short of the threshold.",
            ),
            Misconception(
                EXTRA_NOT_TOTAL,
                needed - int(election["papers_returned"]),
                "that is how many more papers were needed on top of those returned. "
                "The question asks for the total that would have had to come back.",
            ),
            Misconception(
                WRONG_DENOMINATOR,
                math.ceil(share * int(election["membership_claimed"])),
                "the threshold counts those entitled to vote, the people sent a paper, "
                "not the membership the union claimed.",
            ),
        ),
        hint="The threshold is a share of a count. Of which count, in which year, and which way "
        "does the question say to round?",
        step_hint="Multiply `turnout_threshold / 100` by 2013's `ballot_papers_despatched` (in "
        "`elections`), then round up with `math.ceil`, as the worked example did for 2017.",
        explanation="A threshold is a number of papers, and a far larger one than came back.",
    )


@exercise("03.7")
def voters_to_overturn_2010():
    votes = _votes(2010).sort_values(ascending=False)
    margin = int(votes.iloc[0] - votes.iloc[1])
    to_runner_up, to_winner = EXERCISE_SPLIT
    net = to_runner_up - to_winner  # votes the gap narrows by, per 100 extra voters
    ahead = margin * 100 // net + 1
    # With whole voters and an exact split, the extra voters come in groups of 100 / gcd: the
    # first such group past the tie. The lesson's model treats the shares as exact fractions.
    group = 100 // math.gcd(to_runner_up, to_winner)
    whole_groups = (margin * 100 // net // group + 1) * group
    return Exercise(
        expected=ahead,
        decimals=0,
        integer=True,
        unit="extra voters",
        transfer="2010 and a 60:40 split instead of 2017 and 55:45",
        misconceptions=(
            Misconception(
                TIE_NOT_WIN,
                margin * 100 / net,
                "that many extra voters only draw level. The question asks for the runner-up "
                "to be ahead.",
            ),
            Misconception(
                GAINS_NOT_NET,
                margin * 100 // to_runner_up + 1,
                "the winner also gains from the new voters. Each new voter narrows the gap "
                "only by the difference between the two shares.",
            ),
            Misconception(
                WHOLE_VOTERS,
                whole_groups,
                "that is a careful answer if voters come whole and the split is exactly "
                f"{to_runner_up}:{to_winner}, in groups of {group}. The lesson's model treats the "
                "shares as exact fractions of a vote, as the worked example did: with exact "
                "shares, how many extra voters put the runner-up just ahead?",
            ),
        ),
        hint="Which two candidates, how big is the gap between them, and by how much does "
        "each extra voter narrow it?",
        step_hint="Sort the 2010 rows of `results` by `votes`, most first; the margin is the "
        "first minus the second. Each 100 extra voters narrow it by 60 - 40 votes: find the "
        "tie as the worked example did, then add one.",
        explanation="That says how few voted; it is not a prediction.",
    )

"""Exercises of notebook 03 (turnout critique): denominators, mandate, points and percent."""

import math

from ..checks import (
    PERCENT_FOR_POINTS,
    POINTS_FOR_PERCENT,
    WRONG_DENOMINATOR,
    Exercise,
    Misconception,
    exercise,
)
from ..data import load

WRONG_SIGN = "the sign of a change"
WRONG_BASE_FOR_CHANGE = "measuring a change against the wrong value"
EXTRA_NOT_TOTAL = "the extra papers instead of the total"
GAINS_NOT_NET = "counting the gains but not the net effect"


def _election(year):
    return load("elections").set_index("election").loc[year]


def _votes(year):
    return load("results").query("election == @year").set_index("candidate")["votes"]


def _law(fact_id):
    ledger = load("ledger").set_index("fact_id")
    return float(ledger.loc[fact_id, "value"])


@exercise("03.1")
def turnout_of_membership_2017():
    election = _election(2017)
    returned = int(election["papers_returned"])
    return Exercise(
        expected=100 * returned / int(election["membership_claimed"]),
        tolerance=0.05,
        unit="percent",
        misconceptions=(
            Misconception(
                WRONG_DENOMINATOR,
                100 * returned / int(election["ballot_papers_despatched"]),
                "that is the published turnout, measured against the ballot papers despatched. "
                "The question divides by a different total: the membership the union claimed.",
            ),
        ),
        hint="Divide the papers returned by the claimed membership, then multiply by 100.",
        explanation="Against the claimed membership the turnout is lower still: "
        "the denominator decides the figure.",
    )


@exercise("03.2")
def winner_share_of_electorate_2017():
    election = _election(2017)
    votes = _votes(2017)
    winner = votes.max()
    return Exercise(
        expected=100 * winner / int(election["ballot_papers_despatched"]),
        tolerance=0.05,
        unit="percent",
        misconceptions=(
            Misconception(
                WRONG_DENOMINATOR,
                100 * winner / int(election["papers_returned"]),
                "that is the winner's share of the papers returned. A mandate measured against "
                "the electorate divides by everyone who was sent a paper.",
            ),
            Misconception(
                WRONG_DENOMINATOR,
                100 * winner / int(votes.sum()),
                "that is the winner's share of the valid votes. A mandate measured against "
                "the electorate divides by everyone who was sent a paper.",
            ),
        ),
        hint="Divide the winner's votes by the ballot papers despatched, then multiply by 100.",
        explanation="About one in eighteen of those balloted chose the winner.",
    )


@exercise("03.3")
def turnout_fall_points_2013_2017():
    elections = load("elections").set_index("election")["turnout_published_percent"]
    before, after = float(elections.loc[2013]), float(elections.loc[2017])
    return Exercise(
        expected=before - after,
        tolerance=0.05,
        unit="percentage points",
        misconceptions=(
            Misconception(PERCENT_FOR_POINTS, 100 * (before - after) / before),
            Misconception(
                WRONG_SIGN,
                after - before,
                "the question asks for the size of the fall, so give it as a positive number.",
            ),
        ),
        hint="Subtract the 2017 published turnout from the 2013 one.",
        explanation="A fall in percentage points is the plain difference of two percentages.",
    )


@exercise("03.4")
def turnout_fall_relative_2010_2013():
    elections = load("elections").set_index("election")["turnout_published_percent"]
    before, after = float(elections.loc[2010]), float(elections.loc[2013])
    return Exercise(
        expected=100 * (before - after) / before,
        tolerance=0.05,
        unit="percent",
        misconceptions=(
            Misconception(POINTS_FOR_PERCENT, before - after),
            Misconception(
                WRONG_BASE_FOR_CHANGE,
                100 * (before - after) / after,
                "a change is compared with where it started. Which year is the starting point?",
            ),
        ),
        hint="Divide the difference of the two turnouts by the 2010 turnout, then multiply by 100.",
        explanation="Turnout fell by that share of its 2010 level; "
        "neither this nor the points figure is 'around 2%'.",
    )


@exercise("03.5")
def papers_for_fifty_percent_2017():
    election = _election(2017)
    threshold = _law("F059") / 100
    despatched = int(election["ballot_papers_despatched"])
    needed = math.ceil(threshold * despatched)
    return Exercise(
        expected=needed,
        tolerance=1,
        unit="ballot papers",
        misconceptions=(
            Misconception(
                EXTRA_NOT_TOTAL,
                needed - int(election["papers_returned"]),
                "that is how many more papers were needed on top of those returned. "
                "The question asks for the total that would have had to come back.",
            ),
            Misconception(
                WRONG_DENOMINATOR,
                math.ceil(threshold * int(election["membership_claimed"])),
                "the threshold counts those entitled to vote, that is the people sent a paper, "
                "not the membership the union claims.",
            ),
        ),
        hint="Multiply the ballot papers despatched by the threshold (as a fraction) and round up.",
        explanation="About four times as many papers as actually came back.",
    )


@exercise("03.6")
def voters_to_overturn_2017():
    votes = _votes(2017).sort_values(ascending=False)
    margin = int(votes.iloc[0] - votes.iloc[1])
    to_runner_up, to_winner = 55, 45  # percent of the extra voters, as the question states
    return Exercise(
        expected=margin * 100 // (to_runner_up - to_winner) + 1,
        tolerance=1,
        unit="extra voters",
        misconceptions=(
            Misconception(
                GAINS_NOT_NET,
                margin * 100 // to_runner_up + 1,
                "the winner also gains from the new voters. Each new voter narrows the gap "
                "only by the difference between the two shares.",
            ),
        ),
        hint="Each extra voter narrows the gap by 0.55 - 0.45 of a vote on average. "
        "How many extra voters does it take to close the gap and then pass it?",
        explanation="That is only a small fraction of the people who returned no paper.",
    )

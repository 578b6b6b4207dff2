"""Exercises of notebook 03 (turnout critique): denominators, mandate, points and percent,
a threshold (hypothetical) and a what-if.

Each exercise transfers the notebook's worked example to another case: the worked examples use
2017 (and 2010 to 2013 for the fact-check); the exercises ask about 2013, 2010 or another union.
"""

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
from . import _counts as counts

WRONG_SIGN = "the sign of a change"
WRONG_BASE_FOR_CHANGE = "measuring a change against the wrong value"
EXTRA_NOT_TOTAL = "the extra papers instead of the total"
GAINS_NOT_NET = "counting the gains but not the net effect"
OTHER_ELECTION = "a figure from another election"
NOT_PREFERRED = "a figure other than the one the question names"
ROUNDED_DOWN = "rounding down where rounding up was asked"
TIE_NOT_WIN = "a tie where a win was asked"

# The split of extra voters each what-if question states (percent for the runner-up, the winner).
WORKED_SPLIT = (55, 45)  # the notebook's worked example, 2017
EXERCISE_SPLIT = (60, 40)  # exercise 03.6, 2010


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
        explanation="The same papers, a different total, a different turnout.",
    )


@exercise("03.2")
def winner_share_of_electorate_2013():
    election = _election(2013)
    votes = _votes(2013)
    winner = int(votes.max())
    return Exercise(
        expected=100 * winner / int(election["ballot_papers_despatched"]),
        decimals=1,
        unit="percent",
        transfer="the 2013 winner instead of the 2017 winner",
        misconceptions=(
            Misconception(
                WRONG_DENOMINATOR,
                100 * winner / int(election["papers_returned"]),
                "that is the winner's share of the papers returned. A share of the electorate "
                "counts everyone who was sent a paper, whether or not they voted.",
            ),
            Misconception(
                WRONG_DENOMINATOR,
                100 * winner / int(votes.sum()),
                "that is the winner's share of the valid votes. A share of the electorate "
                "counts everyone who was sent a paper, whether or not they voted.",
            ),
        ),
        hint="Which total stands for everyone who could have voted in 2013?",
        explanation="A large share of the votes can be a small share of the electorate.",
    )


@exercise("03.3")
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
        explanation="A fall in percentage points is the plain difference of two percentages.",
    )


@exercise("03.4")
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
        explanation="A relative fall says how much of the starting turnout was lost.",
    )


@exercise("03.5")
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
        explanation="A threshold is a number of papers, and a far larger one than came back.",
    )


@exercise("03.6")
def voters_to_overturn_2010():
    votes = _votes(2010).sort_values(ascending=False)
    margin = int(votes.iloc[0] - votes.iloc[1])
    to_runner_up, to_winner = EXERCISE_SPLIT
    net = to_runner_up - to_winner  # votes the gap narrows by, per 100 extra voters
    ahead = margin * 100 // net + 1
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
        ),
        hint="Which two candidates, how big is the gap between them, and by how much does "
        "each extra voter narrow it?",
        explanation="That says how few voted; it is not a prediction.",
    )

"""Exercises of notebook 02 (results arithmetic): shares, margins, points, percent, majorities.

The notebook works each idea through on 2017 (McCluskey against Coyne); every exercise asks for
the same idea on another case (2013 or 2010, another candidate, another base), so its answer is
nowhere on the page above it.
"""

from ..checks import (
    PERCENT_FOR_POINTS,
    POINTS_FOR_PERCENT,
    ROUNDED_TOO_EARLY,
    WRONG_DENOMINATOR,
    Exercise,
    Misconception,
    exercise,
)
from ..data import load
from . import _counts as counts

# Misconceptions of this notebook (the shared ones are in `unitevote.checks`).
WRONG_ELECTION = "another election's total"
WRONG_STARTING_VALUE = "the wrong starting value"
TIE_FOR_WIN = "a tie where a win was asked"
HALF_IS_NOT_ENOUGH = "forgetting the margin"
OTHER_TRANSFERS = "forgetting where the other transfers go"
THRESHOLD_FOR_SHORTFALL = "the threshold where the shortfall was asked"


def _counts(year):
    """Votes by candidate, and the election's totals, from data/ (never typed)."""
    return counts.votes(year), counts.election(year)


_percent = counts.percent


@exercise("02.1")
def hicks_share_of_despatched_2013():
    votes, election = _counts(2013)
    hicks = votes["Jerry Hicks"]
    _, election_2017 = _counts(2017)
    return Exercise(
        expected=_percent(hicks, election["ballot_papers_despatched"]),
        decimals=1,
        unit="percent",
        transfer="2013 and the runner-up (Hicks) instead of McCluskey in 2017",
        misconceptions=(
            Misconception(WRONG_DENOMINATOR, _percent(hicks, election["papers_returned"])),
            Misconception(WRONG_DENOMINATOR, _percent(hicks, votes.sum())),
            Misconception(
                WRONG_ELECTION,
                _percent(hicks, election_2017["ballot_papers_despatched"]),
                "the votes are from 2013 but the total is not. Each election has its own "
                "number of papers despatched.",
            ),
        ),
        hint="Which total stands for everyone who was sent a ballot paper, and in which year?",
        explanation="Against everyone balloted, even a runner-up is a small slice.",
    )


@exercise("02.2")
def lead_in_points_of_valid_votes_2013():
    votes, election = _counts(2013)
    lead = votes["Len McCluskey"] - votes["Jerry Hicks"]
    valid = votes.sum()
    share_m = round(_percent(votes["Len McCluskey"], valid), 1)
    share_h = round(_percent(votes["Jerry Hicks"], valid), 1)
    return Exercise(
        expected=_percent(lead, valid),
        decimals=1,
        unit="percentage points",
        transfer="2013 (McCluskey against Hicks) and the valid-votes base instead of 2017's "
        "papers returned",
        misconceptions=(
            Misconception(PERCENT_FOR_POINTS, _percent(lead, votes["Jerry Hicks"])),
            Misconception(PERCENT_FOR_POINTS, _percent(lead, votes["Len McCluskey"])),
            Misconception(WRONG_DENOMINATOR, _percent(lead, election["papers_returned"])),
            Misconception(ROUNDED_TOO_EARLY, share_m - share_h),
        ),
        hint="Points compare two shares of one base. Which base does the question name?",
        explanation="A lead in points depends on its base: name the base with it.",
    )


@exercise("02.3")
def percent_more_votes_2010():
    votes, _ = _counts(2010)
    mccluskey, hicks = votes["Len McCluskey"], votes["Jerry Hicks"]
    valid = votes.sum()
    whole_m, whole_h = round(_percent(mccluskey, valid)), round(_percent(hicks, valid))
    claims = load("claims")
    # the BBC/PA's rounded 2010 figures (101,000 and 52,000)
    bbc = claims[(claims["source_id"] == "bbc-2010-result") & (claims["unit"] == "votes")]
    press = bbc.set_index("subject")["value"]
    return Exercise(
        expected=_percent(mccluskey - hicks, hicks),
        decimals=1,
        unit="percent",
        transfer="2010 (McCluskey against Hicks, four candidates) instead of 2017's McCluskey "
        "against Coyne",
        misconceptions=(
            Misconception(POINTS_FOR_PERCENT, _percent(mccluskey - hicks, valid)),
            Misconception(
                WRONG_STARTING_VALUE,
                _percent(mccluskey - hicks, mccluskey),
                "'more than Hicks' measures the difference against Hicks's count. "
                "Which count did you divide by?",
            ),
            Misconception(ROUNDED_TOO_EARLY, _percent(whole_m - whole_h, whole_h)),
            Misconception(
                ROUNDED_TOO_EARLY,
                _percent(press["Len McCluskey"] - press["Jerry Hicks"], press["Jerry Hicks"]),
            ),
        ),
        hint="A percent change compares a difference with a starting value. What is being "
        "compared with what?",
        explanation="Measured against Hicks's count, McCluskey's vote was nearly double.",
    )


@exercise("02.4")
def votes_short_of_a_majority_2010():
    votes, _ = _counts(2010)
    valid = int(votes.sum())
    mccluskey = int(votes["Len McCluskey"])
    majority = valid // 2 + 1
    return Exercise(
        expected=majority - mccluskey,
        decimals=0,
        integer=True,
        unit="votes",
        transfer="2010 (four candidates) instead of 2017",
        misconceptions=(
            Misconception(
                TIE_FOR_WIN,
                valid // 2 - mccluskey if valid % 2 == 0 else -1,
                "exactly half of the valid votes is a tie with everyone else together, "
                "not a majority.",
            ),
            Misconception(
                THRESHOLD_FOR_SHORTFALL,
                majority,
                "that is how many votes a majority takes. The question asks how many more "
                "McCluskey needed.",
            ),
        ),
        hint="A majority is more than half of the valid votes. How far short of that was he?",
        explanation="With four candidates, the winner was further from a majority than in 2017.",
    )


@exercise("02.5")
def transfers_needed_everyone_transferring():
    votes, _ = _counts(2017)
    mccluskey, coyne = int(votes["Len McCluskey"]), int(votes["Gerard Coyne"])
    allinson = int(votes["Ian Allinson"])
    margin = mccluskey - coyne
    needed = (allinson + margin) // 2 + 1
    tie = (allinson + margin) // 2 if (allinson + margin) % 2 == 0 else -1
    return Exercise(
        expected=needed,
        decimals=0,
        integer=True,
        unit="votes",
        transfer="every Allinson voter transferring, split between the two, instead of every "
        "transfer going to Coyne",
        misconceptions=(
            Misconception(
                OTHER_TRANSFERS,
                margin + 1,
                "in this model every transferring voter who does not pick Coyne picks McCluskey, "
                "so McCluskey's total grows too.",
            ),
            Misconception(
                HALF_IS_NOT_ENOUGH,
                allinson // 2 + 1,
                "more than half of the transfers is not enough when Coyne starts behind. "
                "What must the extra votes make up first?",
            ),
            Misconception(
                TIE_FOR_WIN, tie, "a tie is not overtaking: Coyne must be strictly ahead."
            ),
        ),
        hint="Try a number of transfers to Coyne and give all the rest to McCluskey: who leads? "
        "Then find the smallest number that puts Coyne ahead.",
        explanation="Coyne would have needed about two in three of Allinson's voters (hypothetical).",
    )

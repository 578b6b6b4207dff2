"""Exercises of notebook 02 (results arithmetic): shares, rounding, margins, points, percent."""

from ..checks import (
    FORGOT_SPOILED,
    PERCENT_FOR_POINTS,
    POINTS_FOR_PERCENT,
    ROUNDED_TOO_EARLY,
    WRONG_DENOMINATOR,
    Exercise,
    Misconception,
    exercise,
)
from ..data import load


def _counts(year=2017):
    """Votes by candidate, and the election's totals, from data/ (never typed)."""
    results = load("results")
    votes = results[results["election"] == year].set_index("candidate")["votes"].astype(int)
    election = load("elections").set_index("election").loc[year]
    return votes, election


def _percent(part, whole):
    return 100 * float(part) / float(whole)


@exercise("02.1")
def mccluskey_share_of_despatched():
    votes, election = _counts()
    mccluskey = votes["Len McCluskey"]
    return Exercise(
        expected=_percent(mccluskey, election["ballot_papers_despatched"]),
        tolerance=0.05,
        unit="percent",
        misconceptions=(
            Misconception(WRONG_DENOMINATOR, _percent(mccluskey, election["papers_returned"])),
            Misconception(WRONG_DENOMINATOR, _percent(mccluskey, votes.sum())),
        ),
        hint="Divide McCluskey's votes by the number of people who were sent a ballot paper.",
        explanation="Measured against everyone balloted, the winner's support is a small slice.",
    )


@exercise("02.2")
def coyne_share_of_returned():
    votes, election = _counts()
    coyne = votes["Gerard Coyne"]
    return Exercise(
        expected=_percent(coyne, election["papers_returned"]),
        tolerance=0.05,
        unit="percent",
        misconceptions=(
            Misconception(FORGOT_SPOILED, _percent(coyne, votes.sum())),
            Misconception(WRONG_DENOMINATOR, _percent(coyne, election["ballot_papers_despatched"])),
        ),
        hint="Divide Coyne's votes by every paper that came back, and multiply by 100.",
        explanation="This is the base the campaign's published shares used.",
    )


@exercise("02.3")
def margin_in_points():
    votes, election = _counts()
    mccluskey, coyne = votes["Len McCluskey"], votes["Gerard Coyne"]
    returned = election["papers_returned"]
    return Exercise(
        expected=_percent(mccluskey - coyne, returned),
        tolerance=0.05,
        unit="percentage points",
        misconceptions=(
            Misconception(PERCENT_FOR_POINTS, _percent(mccluskey - coyne, coyne)),
            Misconception(PERCENT_FOR_POINTS, _percent(mccluskey - coyne, mccluskey)),
        ),
        hint="Work out each candidate's share of the papers returned, then subtract one from the "
        "other.",
        explanation="Two shares of the same base differ by percentage points.",
    )


@exercise("02.4")
def margin_as_percent():
    votes, election = _counts()
    mccluskey, coyne = votes["Len McCluskey"], votes["Gerard Coyne"]
    returned = election["papers_returned"]
    rounded_m = round(_percent(mccluskey, returned), 1)
    rounded_c = round(_percent(coyne, returned), 1)
    return Exercise(
        expected=_percent(mccluskey - coyne, coyne),
        tolerance=0.05,
        unit="percent",
        misconceptions=(
            Misconception(POINTS_FOR_PERCENT, _percent(mccluskey - coyne, returned)),
            Misconception(POINTS_FOR_PERCENT, _percent(mccluskey - coyne, votes.sum())),
            Misconception(ROUNDED_TOO_EARLY, _percent(rounded_m - rounded_c, rounded_c)),
            Misconception(
                "the wrong starting value",
                _percent(mccluskey - coyne, mccluskey),
                "'more than Coyne' measures the difference against Coyne's count. "
                "Which count did you divide by?",
            ),
        ),
        hint="Divide the difference in votes by the count you are comparing with, and multiply by "
        "100.",
        explanation="The same gap in votes is a few points of the papers returned but about "
        "a tenth of Coyne's vote.",
    )


@exercise("02.5")
def turnout_fall_percent():
    elections = load("elections").set_index("election")
    exact = elections["papers_returned"] / elections["ballot_papers_despatched"] * 100
    published = elections["turnout_published_percent"]
    before, after = float(exact.loc[2013]), float(exact.loc[2017])
    pub_before, pub_after = float(published.loc[2013]), float(published.loc[2017])
    return Exercise(
        expected=_percent(before - after, before),
        tolerance=0.05,
        unit="percent",
        misconceptions=(
            Misconception(POINTS_FOR_PERCENT, before - after),
            Misconception(POINTS_FOR_PERCENT, pub_before - pub_after),
            Misconception(ROUNDED_TOO_EARLY, _percent(pub_before - pub_after, pub_before)),
            Misconception(
                "a negative number for a fall",
                -_percent(before - after, before),
                "the question asks how much turnout fell, so a fall is given as a positive number.",
            ),
        ),
        hint="Compute each year's turnout from the counts, then compare the fall with the 2013 "
        "value.",
        explanation="A fall of a few points from a low base is a large relative fall.",
    )


@exercise("02.6")
def share_of_transfers_needed():
    votes, _ = _counts()
    mccluskey, coyne = votes["Len McCluskey"], votes["Gerard Coyne"]
    allinson = votes["Ian Allinson"]
    margin = mccluskey - coyne
    needed = (allinson + margin) // 2 + 1
    return Exercise(
        expected=_percent(needed, allinson),
        tolerance=0.05,
        unit="percent",
        misconceptions=(
            Misconception(
                "forgetting the margin",
                50.0,
                "more than half of the transfers is not enough when Coyne starts behind. "
                "What must the extra votes make up first?",
            ),
            Misconception(
                "forgetting where the other transfers go",
                _percent(margin + 1, allinson),
                "in this model every transferring voter who does not pick Coyne picks McCluskey, "
                "so McCluskey's total grows too.",
            ),
        ),
        hint="Find the smallest number of Allinson's votes that puts Coyne ahead when all the rest "
        "go to McCluskey, then express it as a percentage of Allinson's votes.",
        explanation="Coyne would have needed about two in every three of Allinson's voters.",
    )

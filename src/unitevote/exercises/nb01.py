"""Exercises of notebook 01 (the data): provenance, shares of a count, merges that lose rows, and
how far apart sources are.

Each exercise transfers the notebook's worked example to another case: another copied source,
another seed text, another election, another disputed quantity. Machinery the notebook does not
teach (a regular expression reading the publisher's brackets) lives here, not in the notebook.
"""

import re

from ..checks import WRONG_DENOMINATOR, Exercise, Misconception, exercise
from ..data import load

AGENCY_COPY_ID = "expressandstar-pa-2017"
STATEMENT_ID = "seed-allinson-site-2017"
MERGE_YEAR = 2013
WORKED_LAST_ELECTION = 2017  # the notebook's membership example stops here; 2021 is notebook 05's

NAMED_THE_COPY = "naming the site that carried a copy"
LOST_IN_THE_MERGE = "a merge that drops rows"
COUNTED_EVERY_ROW = "counting every row, matched or not"
TWO_OF_THREE = "comparing only two of the sources"
WORKED_EXAMPLE_QUANTITY = "the worked example's quantity"

# The agency's names as a learner may write them.
AGENCY_NAMES = {
    "PA": {
        "PA",
        "PA Media",
        "Press Association",
        "The Press Association",
        "PA news agency",
        "The PA news agency",
        "PA Wire",
        "PA (Press Association)",
        "Press Association (PA)",
    }
}


@exercise("01.1")
def agency_behind_a_copy():
    publisher = load("sources").set_index("source_id").loc[AGENCY_COPY_ID, "publisher"]
    site, original = re.fullmatch(r"(.+?) \((\w+) copy\)", publisher).groups()
    return Exercise(
        expected=AGENCY_NAMES.get(original, {original}),
        kind="text",
        transfer="a news-agency story carried by a regional paper, after a blog's repost",
        misconceptions=(
            Misconception(
                NAMED_THE_COPY,
                {site, site.replace("&", "and"), publisher, "expressandstar"},
                "that is the website where the story was read. Who wrote the story it carried? "
                "Read the whole publisher entry, brackets included.",
            ),
        ),
        hint="Who wrote the words, as opposed to where they were read? The source's own row says.",
        explanation="Agency copy printed by many outlets is one witness, not several.",
    )


@exercise("01.2")
def campaign_share_of_seed_claims():
    claims = load("claims")
    from_statement = (claims["source_id"] == STATEMENT_ID) & claims["in_seed"]
    seed_claims = claims["in_seed"].sum()
    return Exercise(
        expected=100 * from_statement.sum() / seed_claims,
        decimals=1,
        unit="percent",
        transfer="the campaign site's share instead of UnionNews's",
        misconceptions=(
            Misconception(
                WRONG_DENOMINATOR,
                100 * from_statement.sum() / len(claims),
                "the question is about the claims quoted from the five seed texts. Which rows "
                "belong in the total you divide by?",
            ),
        ),
        hint="A share is a count divided by its total, times 100. Which count, and which total?",
        explanation="The candidate's own site states more of the numbers than any other seed text.",
    )


def merge_year_claims():
    """The claims about MERGE_YEAR joined to the results on election and candidate, every claim kept."""
    claims = load("claims")
    claims = claims[claims["election"] == MERGE_YEAR]
    results = load("results")[["election", "candidate", "votes"]]
    return claims.merge(
        results,
        left_on=["election", "subject"],
        right_on=["election", "candidate"],
        how="left",
        indicator=True,
    )


@exercise("01.3")
def unmatched_claims_2013():
    joined = merge_year_claims()
    unmatched = int((joined["_merge"] == "left_only").sum())
    return Exercise(
        expected=unmatched,
        decimals=0,
        integer=True,
        unit="claims",
        transfer="all the 2013 claims instead of the campaign statement's percentages",
        misconceptions=(
            Misconception(
                LOST_IN_THE_MERGE,
                len(joined) - unmatched,
                "those are the claims that found a partner, the rows an inner merge keeps. The "
                "question asks about the others.",
            ),
            Misconception(
                COUNTED_EVERY_ROW,
                len(joined),
                "that is every row of the joined table. Which column says where each row was found?",
            ),
        ),
        hint="Does your join keep every 2013 claim? Then count only the claims with no partner.",
        explanation="Most 2013 claims are not about a candidate's votes; an inner merge drops them.",
    )


@exercise("01.4")
def lapsed_members_spread():
    claims = load("claims")
    lapsed = claims.loc[claims["quantity"] == "lapsed_members", "value"]
    worked = (claims["quantity"] == "membership") & (claims["election"] <= WORKED_LAST_ELECTION)
    membership = claims.loc[worked, "value"]
    values = sorted(lapsed)
    pairs = {values[2] - values[1], values[1] - values[0]}
    return Exercise(
        expected=int(lapsed.max() - lapsed.min()),
        decimals=0,
        integer=True,
        unit="people",
        transfer="the lapsed members balloted in 2013 instead of the membership",
        misconceptions=tuple(
            Misconception(
                TWO_OF_THREE,
                int(value),
                "that is the gap between two of the figures. The question asks how far apart "
                "the highest and the lowest of all three are.",
            )
            for value in sorted(pairs)
        )
        + (
            Misconception(
                WORKED_EXAMPLE_QUANTITY,
                int(membership.max() - membership.min()),
                "that is the spread of the membership figures. The question is about another "
                "quantity.",
            ),
        ),
        hint="Which rows hold the lapsed-members figures, and which two of them mark the ends of "
        "the range?",
        explanation="An exact count beside two rounded reports of it: close, but not the same.",
    )

"""Exercises of notebook 01 (the data): provenance, merges that lose rows, bases, and dates."""

import re

from ..checks import WRONG_DENOMINATOR, Exercise, Misconception, exercise
from ..data import load

REPOST_ID = "seed-politicshome-repost-2017"
STATEMENT_ID = "seed-allinson-site-2017"
ARTICLE_2013_ID = "seed-unionnews-2013"

COUNTED_THE_REPOST = "taking a repost for the original source"
LOST_IN_THE_MERGE = "a merge that drops rows"
WRONG_ELECTION = "reading the 2013 article's figure as 2017's"
LATER_COUNT = "using a figure published after the vote"


@exercise("01.1")
def original_publisher_of_the_repost():
    publisher = load("sources").set_index("source_id").loc[REPOST_ID, "publisher"]
    original = re.search(r"\(reposting (.+?)\)", publisher).group(1)
    blog = publisher.split(" (")[0]
    return Exercise(
        expected={original, original.replace("Home", " Home")},
        kind="text",
        misconceptions=(
            Misconception(
                COUNTED_THE_REPOST,
                {blog, publisher, blog.split(".")[0]},
                "that is the site where the copy was read. Who wrote the story the blog copied? "
                "The publisher and provenance columns say.",
            ),
        ),
        hint="Read the publisher and provenance of this source's row in `sources`.",
        explanation="The blog copied the story; a repost is one source, not two.",
    )


def statement_shares():
    """The percentages in Allinson's statement that are measured against all papers returned."""
    claims = load("claims")
    return claims[
        (claims["source_id"] == STATEMENT_ID)
        & (claims["election"] == 2017)
        & (claims["unit"] == "percent")
        & (claims["base"] == "all papers returned")
    ]


@exercise("01.3")
def rows_after_a_safe_merge():
    shares = statement_shares()
    results = load("results")[["election", "candidate", "votes"]]
    keys = {"left_on": ["election", "subject"], "right_on": ["election", "candidate"]}
    inner = shares.merge(results, **keys)
    return Exercise(
        expected=len(shares),
        unit="rows",
        misconceptions=(
            Misconception(
                LOST_IN_THE_MERGE,
                len(inner),
                "an inner merge keeps only rows that find a partner in both tables. Count the "
                "claims before the merge: a join that keeps every claim has that many rows.",
            ),
        ),
        hint="Each claim should appear once in the joined table, matched or not. "
        "Which `how=` keeps them all?",
        explanation="A left merge keeps every claim; one with no partner gets an empty `votes`.",
    )


@exercise("01.2")
def campaign_share_of_seed_claims():
    claims = load("claims")
    from_statement = (claims["source_id"] == STATEMENT_ID) & claims["in_seed"]
    seed_claims = claims["in_seed"].sum()
    return Exercise(
        expected=100 * from_statement.sum() / seed_claims,
        tolerance=0.05,
        unit="percent",
        misconceptions=(
            Misconception(
                WRONG_DENOMINATOR,
                100 * from_statement.sum() / len(claims),
                "the question is about the claims quoted from the five seed texts. Which rows "
                "belong in the total you divide by?",
            ),
        ),
        hint="Count the campaign site's claims, divide by the number of claims quoted from the "
        "seeds, and multiply by 100.",
        explanation="The candidate's own site states more of the numbers than any other seed text.",
    )


@exercise("01.4")
def membership_claimed_before_2017_vote():
    claims = load("claims")
    sources = load("sources")[["source_id", "date_published"]]
    opened = load("elections").set_index("election").loc[2017, "voting_opened"]
    membership = claims[claims["quantity"] == "membership"]
    membership = membership.merge(sources, on="source_id", how="left")
    before = membership[(membership["election"] == 2017) & (membership["date_published"] < opened)]
    after = membership[(membership["election"] == 2017) & (membership["date_published"] >= opened)]
    article_2013 = membership[membership["source_id"] == ARTICLE_2013_ID]
    (expected,) = before["value"].unique()
    return Exercise(
        expected=expected,
        tolerance=0.5,
        unit="members",
        misconceptions=tuple(
            Misconception(
                WRONG_ELECTION,
                value,
                "check the election and the date of the source that said it. That article is "
                "about an earlier election.",
            )
            for value in article_2013["value"].unique()
        )
        + tuple(
            Misconception(
                LATER_COUNT,
                value,
                "check when that source was published. The question asks what was said when the "
                "election was called, before anyone voted.",
            )
            for value in after["value"].unique()
        ),
        hint="Filter the membership claims to the 2017 election and look at when each source "
        "was published.",
        explanation="A round claim made when the election was called; compare it with the "
        "ballot papers sent out.",
    )

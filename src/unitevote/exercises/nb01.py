"""Exercises of notebook 01 (the data): provenance, who states the figures, merges that lose
rows, and how far apart sources are.

Each exercise transfers what the notebook shows to another case: another copied source, a
count the page prints for no table (how many of the claims about 2017 come from news sources:
a join and a count per group put together), another election, another disputed quantity
(01.4, in "More practice"). Machinery the notebook does not teach (a regular expression reading
the publisher's brackets) lives here, not in the notebook.
"""

import re

from ..checks import WRONG_WAY_ROUND, Exercise, Misconception, exercise
from ..data import load

AGENCY_COPY_ID = "expressandstar-pa-2017"
KINDS_YEAR = 2017
KIND_ASKED = "news"  # 01.2 counts the claims of this kind of source
MERGE_YEAR = 2013
WORKED_LAST_ELECTION = 2017  # the notebook's membership example stops here; 2021 is notebook 05's

NAMED_THE_COPY = "naming the site that carried a copy"
EVERY_ELECTION = "counting the claims about every election"
SEED_TEXTS_ONLY = "counting only the seed texts"
ANOTHER_KIND = "another kind of source's count"
EVERY_KIND = "counting the claims of every kind"
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
                "that is the website where the story was read, not who wrote it. The source's "
                "own row says more than the site's name.",
            ),
        ),
        hint="Who wrote the words, as opposed to where they were read? The source's own row says.",
        step_hint=f"Look up `{AGENCY_COPY_ID}` in `by_id` with `.loc[row, column]`, as the "
        "worked example looked up the blog repost, and read its `publisher` in full.",
        explanation="Agency copy printed by many outlets is one witness, not several.",
    )


@exercise("01.2")
def news_claims_about_2017():
    claims, sources = load("claims"), load("sources")
    joined = claims.merge(sources[["source_id", "kind"]], on="source_id", how="left")
    in_year = joined[joined["election"] == KINDS_YEAR]
    per_kind = in_year.groupby("kind").size()
    asked = int(per_kind[KIND_ASKED])
    every_election = int((joined["kind"] == KIND_ASKED).sum())
    seed_only = int((in_year["in_seed"] & (in_year["kind"] == KIND_ASKED)).sum())
    misconceptions = (
        Misconception(
            EVERY_ELECTION,
            every_election,
            f"that counts the {KIND_ASKED} sources' claims about every election. The question "
            f"asks only about the claims about {KINDS_YEAR}: keep those rows before you count.",
        ),
        Misconception(
            SEED_TEXTS_ONLY,
            seed_only,
            "that counts only the seed texts' claims, as in the table of claims per seed text. "
            "The `claims` table also holds figures from other sources, collected in the facts "
            "ledger (`in_seed` false): they have a kind too.",
        ),
        Misconception(
            EVERY_KIND,
            len(in_year),
            f"that is every claim about {KINDS_YEAR}, whatever its source. The question asks "
            f"only about the {KIND_ASKED} sources: count the claims per kind.",
        ),
    ) + tuple(
        Misconception(
            ANOTHER_KIND,
            int(count),
            f"that is the count of another kind of source. Which row of your count per kind "
            f"is the {KIND_ASKED} sources'?",
        )
        for kind, count in per_kind.items()
        if kind != KIND_ASKED and count not in (asked, every_election, seed_only)
    )
    return Exercise(
        expected=asked,
        decimals=0,
        integer=True,
        unit="claims",
        transfer=f"a count per kind of source over the claims about {KINDS_YEAR}: a join and a "
        "count per group put together, on a column the page never counted by",
        misconceptions=misconceptions,
        hint="A claim's row says which source stated it; the source's row says what kind of "
        "source it is. You need both side by side.",
        step_hint="Join `sources`' `kind` column to `claims` with `merge`, as `claims_src` was "
        f"made with the publisher; then keep the claims about {KINDS_YEAR} and count them per "
        "`kind`.",
        explanation=f"The {KIND_ASKED} of {KINDS_YEAR} are more than the two seed texts: the "
        "ledger's reports count too.",
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
        step_hint=f"Keep the {MERGE_YEAR} rows of `claims_src`, merge them with `results_cols` as "
        'the campaign statement was merged (`how="left"`, `indicator=True`), then count the '
        'rows whose `_merge` is `"left_only"`.',
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
                WRONG_WAY_ROUND,
                int(lapsed.min() - lapsed.max()),
                "the gap has the right size and the wrong sign: the highest was taken from the "
                "lowest. How far apart two figures are is the larger minus the smaller.",
            ),
            Misconception(
                WORKED_EXAMPLE_QUANTITY,
                int(membership.max() - membership.min()),
                "that is the spread of the membership figures. The question is about another "
                "quantity.",
            ),
        ),
        hint="Which rows hold the lapsed-members figures, and which two of them mark the ends of "
        "the range?",
        step_hint='Keep the rows of `claims_src` whose `quantity` is `"lapsed_members"`; then '
        "do with their `value` column what the membership cell did with the membership "
        "figures.",
        explanation="An official count, an earlier estimate, an undated figure: close, "
        "not the same.",
    )

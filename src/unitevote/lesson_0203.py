"""Tables that notebooks 02 and 03 read in their optional sections, gathered in one line each.

Gathering them takes merges and reshapes that are not those lessons' point; what each lesson does
with the table (the fact-check of 02, the dot plot of 03) stays in the notebook.

- `published_shares()`: every published share of 2013 and 2017 (a candidate's share of the vote,
  the spoiled papers' share), each recomputed from the counts on the three bases (02, Going
  further).
- `union_turnouts()`: every published turnout of a union leadership election, Unite's included,
  with the one each election prefers marked (03, Going further).
"""

from __future__ import annotations

import pandas as pd

from .data import load

SHARE_YEARS = (2013, 2017)  # 2010's shares were published as counts only; 2021 is notebook 05's
SPOILED = "spoiled papers"
BASES = {  # column of the recomputed table: the total it divides by
    "of valid": "valid votes",
    "of returned": "papers_returned",
    "of despatched": "ballot_papers_despatched",
}


def decimals_printed(value_text: str) -> int:
    """How many decimals a figure was printed with: "45.4%" has 1, "64%" none."""
    number = str(value_text).rstrip("%").strip()
    return len(number.split(".")[1]) if "." in number else 0


def published_shares() -> pd.DataFrame:
    """One row per published share of 2013 and 2017, with its part and its share of each base.

    Columns: claim_id, source_id, election, subject, value_text, value, base (as the claim states
    it), decimals (as printed), part (the candidate's votes or the spoiled papers), and the share
    recomputed on each base: "of valid" (empty for the spoiled papers, which are no one's valid
    vote), "of returned", "of despatched".
    """
    claims = load("claims")
    results = load("results")
    elections = load("elections").set_index("election")
    is_share = claims["quantity"].isin(["vote_share", "spoiled_papers"])
    is_share &= (claims["unit"] == "percent") & claims["election"].isin(SHARE_YEARS)
    columns = ["claim_id", "source_id", "election", "subject", "value_text", "value", "base"]
    shares = claims.loc[is_share, columns].copy()
    votes = results.rename(columns={"candidate": "subject", "votes": "part"})
    spoiled = elections["spoiled_papers"].rename("part").reset_index().assign(subject=SPOILED)
    parts = pd.concat([votes[["election", "subject", "part"]], spoiled], ignore_index=True)
    shares = shares.merge(parts, on=["election", "subject"], how="left")
    totals = elections[["papers_returned", "ballot_papers_despatched"]].copy()
    totals["valid votes"] = results.groupby("election")["votes"].sum()
    shares = shares.merge(totals, left_on="election", right_index=True, how="left")
    for column, total in BASES.items():
        shares[column] = (shares["part"] / shares[total] * 100).astype(float)
    shares.loc[shares["subject"] == SPOILED, "of valid"] = float("nan")
    shares["decimals"] = shares["value_text"].map(decimals_printed)
    return shares.drop(columns=list(BASES.values())).reset_index(drop=True)


def union_turnouts() -> pd.DataFrame:
    """Every published turnout of a union leadership election, lowest first.

    Unite's: the single published figure of 2010, 2013 and 2017 (preferred, with the source that
    published it) and every 2021 percentage the claims hold (none preferred: there is no official
    2021 figure); the other unions': the comparators' rows. Columns: election_name,
    turnout_percent, turnout_text, preferred, source_id, figure ("preferred" or "other"), and
    lane: where the figure sits inside its election's row of a dot plot, 0 in the middle (an
    election's only figure), then -1 and 1 for two figures, -3, -1, 1, 3 for four, lowest figure
    first, so that a dot plot offset by it (`yOffset`) never hides one figure behind an equal
    one (2021's two 12%).
    """
    elections = load("elections")
    claims = load("claims")
    comparators = load("comparators")
    # Each turnout is credited to the source that published it, not to the source of the counts.
    single = elections[elections["election"] != 2021].drop(columns="source_id")
    single = single.rename(
        columns={
            "turnout_published_percent": "turnout_percent",
            "turnout_published_text": "turnout_text",
            "turnout_source_id": "source_id",
        }
    ).assign(preferred=True)
    is_2021 = (claims["election"] == 2021) & (claims["quantity"] == "turnout")
    several = claims[is_2021 & (claims["unit"] == "percent")].rename(
        columns={"value": "turnout_percent", "value_text": "turnout_text"}
    )
    several = several.assign(preferred=False)
    columns = ["election", "turnout_percent", "turnout_text", "preferred", "source_id"]
    unite = pd.concat([single[columns], several[columns]], ignore_index=True)
    unite["election_name"] = "Unite general secretary election " + unite["election"].astype(str)
    others = comparators[comparators["kind"] == "union leadership election"]
    columns = ["election_name", "turnout_percent", "turnout_text", "preferred", "source_id"]
    unions = pd.concat([unite[columns], others[columns]], ignore_index=True)
    unions["turnout_percent"] = unions["turnout_percent"].astype(float)
    unions["figure"] = unions["preferred"].map({True: "preferred", False: "other"})
    unions = unions.sort_values("turnout_percent", kind="stable").reset_index(drop=True)
    by_election = unions.groupby("election_name")
    unions["lane"] = 2 * by_election.cumcount() + 1 - by_election["source_id"].transform("size")
    return unions

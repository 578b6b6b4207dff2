"""Exercises of notebook 05 (your turn: the 2021 election), one or two per habit of the reading
checklist of notebook 04, in its order: source (05.1), denominator (05.2, 05.3), rounding (05.4),
comparison (05.5), activity or outcome (05.6), framing (05.7), omission (05.8), after the count
(05.9).

Every expected value is computed from `data/` when the check runs: the 2021 counts
(results.csv), Unite's total of votes cast (elections.csv), the printed totals, turnouts and
membership figures (claims.csv), the branch nominations (nominations.csv), the frame codebook
(frame_codes.csv), the headline of the inews report (sources.csv) and the timeline.
"""

import pandas as pd

from ..checks import (
    FORGOT_SPOILED,
    PERCENT_FOR_POINTS,
    ROUNDED_TOO_EARLY,
    WRONG_DENOMINATOR,
    Exercise,
    Misconception,
    exercise,
    rounded,
)
from ..data import load
from . import _counts as counts

YEAR = 2021
EARLIER = 2017
HEADLINE_SOURCE = "inews-2021-result"

# Misconceptions of this notebook (the shared ones come from unitevote.checks).
UNIONS_OWN_FIGURE = "doubting the union's own figure"
MISPRINT_FOR_RELABEL = "taking a misprint for a relabelled total"
MISPRINTED_TOTAL = "starting from the misprinted total"
WRONG_WAY_ROUND = "subtracting the wrong way round"
GAP_BETWEEN_PRINTED_TOTALS = "comparing the two printed totals with each other"
PERCENT_OF_VOTES = "taking the percentage of the votes instead of working back to the base"
PRINTED_CLAIM = "giving a printed claim instead of the base the percentage implies"
VOTES_FOR_POINTS = "a margin in votes where percentage points were asked"
NOMINEE_NOT_ON_BALLOT = "counting a nominee who was not on the ballot"
LABEL_AS_FACTION = "reading any label as a factional label"
RECORD_AS_CONFLICT = "reading the winner's record as conflict in the race"
FIRST_AS_MOMENTUM = "reading a first as momentum"
SCHEDULED_FOR_KNOWN = "taking the scheduled declaration for the day the result was known"
CLOSE_FOR_RESULT = "taking the close of voting for the result"


_votes = counts.votes


def _returned(year: int) -> int:
    return int(counts.election(year)["papers_returned"])


def _claims(quantity: str) -> pd.DataFrame:
    claims = load("claims")
    return claims[(claims["election"] == YEAR) & (claims["quantity"] == quantity)]


def _printed_totals() -> pd.DataFrame:
    """The 2021 claims that print a total number of votes (some of them labelled turnout)."""
    claims = load("claims")
    rows = claims[(claims["election"] == YEAR) & (claims["unit"] == "votes")]
    return rows[rows["quantity"].isin(["turnout", "papers_returned"])]


def _misprinted_total() -> int:
    """The printed total that is neither Unite's figure nor the candidates' total."""
    totals = _printed_totals()
    other = totals[~totals["value"].isin([_returned(YEAR), _votes(YEAR).sum()])]
    return int(other["value"].iloc[0])


def _margin_points(year: int) -> float:
    ranked = _votes(year).sort_values(ascending=False)
    return float((ranked.iloc[0] - ranked.iloc[1]) / ranked.sum() * 100)


@exercise("05.1")
def total_printed_as_turnout():
    totals = _printed_totals()
    valid = int(_votes(YEAR).sum())
    relabelled = totals[totals["value"] == valid]
    unions = totals[totals["value"] == _returned(YEAR)]
    misprint = totals[totals["value"] == _misprinted_total()]
    return Exercise(
        expected=str(relabelled["claim_id"].iloc[0]),
        kind="text",
        misconceptions=(
            Misconception(
                UNIONS_OWN_FIGURE,
                list(unions["claim_id"]),
                "that is the union's own total of votes cast, the figure the others are measured "
                "against. Which printed figure equals a sum you can make from the counts?",
            ),
            Misconception(
                MISPRINT_FOR_RELABEL,
                list(misprint["claim_id"]),
                "that figure is close to the union's total but equals no sum of the counts: a "
                "misprint. Which printed figure is exactly a total of something else?",
            ),
        ),
        hint="Add up what you can from the 2021 counts and compare each printed total with it.",
        explanation="The 'Turnout' printed there is a number of votes: the candidates' total.",
        transfer="reading the sources of a new election (2021) for a total given the wrong label",
    )


@exercise("05.8")
def papers_not_counted_for_anyone():
    valid = int(_votes(YEAR).sum())
    returned = _returned(YEAR)
    misprint = _misprinted_total()
    return Exercise(
        expected=returned - valid,
        integer=True,
        decimals=0,
        unit="papers",
        misconceptions=(
            Misconception(
                MISPRINTED_TOTAL,
                misprint - valid,
                "you started from the encyclopedia's total, which the ledger treats as a "
                "misprint. Start from the union's own figure.",
            ),
            Misconception(
                WRONG_WAY_ROUND,
                valid - returned,
                "a number of papers cannot be negative: take the smaller total from the larger.",
            ),
            Misconception(
                GAP_BETWEEN_PRINTED_TOTALS,
                returned - misprint,
                "that is the gap between two printed totals (one of them a misprint). Compare "
                "the votes cast with the votes counted for candidates.",
            ),
        ),
        hint="Papers returned but not counted for any candidate: compare two totals.",
        explanation="No report printed this number: presumably spoiled or invalid papers.",
        transfer="the spoiled papers of 2017 to the unpublished invalid papers of 2021",
    )


@exercise("05.2")
def winner_share_of_valid_votes():
    votes = _votes(YEAR)
    winner = votes.idxmax()
    return Exercise(
        expected=float(votes[winner] / votes.sum() * 100),
        decimals=1,
        unit="percent",
        misconceptions=(
            Misconception(WRONG_DENOMINATOR, float(votes[winner] / _returned(YEAR) * 100)),
        ),
        hint="A share of the valid votes: which total counts only the votes for candidates?",
        explanation="Some reports printed another figure for this share: another base.",
        transfer="the 2017 shares to the 2021 winner, on a named base",
    )


@exercise("05.3")
def base_for_around_ten_percent():
    returned = _returned(YEAR)
    around = _claims("turnout")
    percent = float(around.loc[around["qualifier"] == "around", "value"].iloc[0])
    printed = _claims("membership")["value"]
    closest = float(printed.iloc[(printed - returned * 100 / percent).abs().argmin()])
    return Exercise(
        expected=returned * 100 / percent,
        integer=True,
        decimals=0,
        unit="members",
        misconceptions=(
            Misconception(
                PERCENT_OF_VOTES,
                returned * percent / 100,
                "the votes are the part, not the whole. Work back from the part to "
                "the base it would be a percentage of.",
            ),
            Misconception(FORGOT_SPOILED, float(_votes(YEAR).sum() * 100 / percent)),
            Misconception(
                PRINTED_CLAIM,
                closest,
                "that is a membership figure as printed. The question asks what base "
                "the percentage implies; compare the two afterwards.",
            ),
        ),
        hint="If the votes are a given percentage of a base, the base is the votes scaled up "
        "by that percentage.",
        explanation="Now compare it with the membership and papers-sent figures printed.",
        transfer="from a turnout's base to its percentage, worked backwards, for 2021",
    )


@exercise("05.4")
def margin_points_2021():
    votes = _votes(YEAR)
    ranked = votes.sort_values(ascending=False)
    gap = float(ranked.iloc[0] - ranked.iloc[1])
    shares = ranked / ranked.sum() * 100
    early = float(rounded(shares.iloc[0], 1) - rounded(shares.iloc[1], 1))
    return Exercise(
        expected=_margin_points(YEAR),
        decimals=2,
        unit="percentage points",
        misconceptions=(
            Misconception(ROUNDED_TOO_EARLY, early),
            Misconception(WRONG_DENOMINATOR, gap / _returned(YEAR) * 100),
            Misconception(PERCENT_FOR_POINTS, gap / float(ranked.iloc[1]) * 100),
            Misconception(
                VOTES_FOR_POINTS,
                gap,
                "that is the margin in votes. The question asks for it in points of "
                "the valid votes.",
            ),
        ),
        hint="A margin in points is first minus second, as a share of the valid votes; round "
        "only at the end.",
        explanation="Subtracting two rounded shares gives a different second decimal.",
        transfer="the 2017 margin in points to 2021, at two decimals",
    )


@exercise("05.5")
def margin_shrank_by():
    earlier, later = _margin_points(EARLIER), _margin_points(YEAR)
    gaps = {}
    for year in (EARLIER, YEAR):
        ranked = _votes(year).sort_values(ascending=False)
        gaps[year] = int(ranked.iloc[0] - ranked.iloc[1])
    return Exercise(
        expected=earlier - later,
        decimals=2,
        unit="percentage points",
        misconceptions=(
            Misconception(PERCENT_FOR_POINTS, (earlier - later) / earlier * 100),
            Misconception(ROUNDED_TOO_EARLY, float(rounded(earlier, 1) - rounded(later, 1))),
            Misconception(
                WRONG_WAY_ROUND,
                later - earlier,
                "the question asks how much smaller the 2021 margin was, as a positive number.",
            ),
            Misconception(
                VOTES_FOR_POINTS,
                gaps[EARLIER] - gaps[YEAR],
                "the two elections had different numbers of valid votes, so margins "
                "in votes do not compare. Compare them in points.",
            ),
        ),
        hint="Put both margins on the same footing (points of each year's valid votes), then "
        "take one from the other.",
        explanation="2021 was closer than 2017, by a fraction of a point.",
        transfer="a single margin to a comparison between two elections (2017 and 2021)",
    )


@exercise("05.6")
def nominations_against_votes_2021():
    votes = _votes(YEAR)
    nominations = load("nominations").query(f"election == {YEAR}")
    branch = nominations[nominations["nomination_type"] == "branch"]
    branch = branch.set_index("candidate")["nominations"]
    on_ballot = branch[branch.index.isin(votes.index)]
    leader = on_ballot.idxmax()
    nomination_share = float(on_ballot[leader] / on_ballot.sum() * 100)
    vote_share = float(votes[leader] / votes.sum() * 100)
    return Exercise(
        expected=nomination_share - vote_share,
        decimals=1,
        unit="percentage points",
        misconceptions=(
            Misconception(
                NOMINEE_NOT_ON_BALLOT,
                float(branch[leader] / branch.sum() * 100) - vote_share,
                "one nominee withdrew before the ballot. The question compares the "
                "candidates who were on it.",
            ),
            Misconception(PERCENT_FOR_POINTS, (nomination_share - vote_share) / vote_share * 100),
            Misconception(
                WRONG_DENOMINATOR, nomination_share - float(votes[leader] / _returned(YEAR) * 100)
            ),
        ),
        hint="Two shares, each of its own total (nominations of the candidates on the ballot; "
        "valid votes), then the difference.",
        explanation="Branch nominations, again, were no forecast of members' votes.",
        transfer="the 2017 nominations-against-votes gap to 2021's nominations leader",
    )


@exercise("05.7")
def classify_headline():
    codes = load("frame_codes")
    fits = codes[codes["definition"].str.contains("outsider", regex=False)]
    present = set(codes["code"])
    wrong = {
        "factional_label": (
            LABEL_AS_FACTION,
            "'outsider' is a label, but does it place her on a "
            "political map, or in relation to the union machine?",
        ),
        "conflict": (
            RECORD_AS_CONFLICT,
            "the conflict code is for a bitter contest between "
            "candidates. What does the headline's first word say about her?",
        ),
        "endorsement_momentum": (
            FIRST_AS_MOMENTUM,
            "being the first woman in the post is not "
            "an endorsement or a gain in votes. Read the first word again.",
        ),
    }
    return Exercise(
        expected=str(fits["code"].iloc[0]),
        kind="text",
        misconceptions=tuple(
            Misconception(name, code, hint)
            for code, (name, hint) in wrong.items()
            if code in present
        ),
        hint="Compare the headline's first words with the definition of each code.",
        explanation="The headline places the winner in relation to the union's machine.",
        transfer="coding a 2017 quotation to coding a 2021 headline",
    )


@exercise("05.9")
def day_result_known():
    timeline = load("timeline").query(f"election == {YEAR}")
    announced = timeline.loc[timeline["kind"] == "event", "start_date"].iloc[0]
    voting = timeline[timeline["title"].str.contains("ballot", regex=False)]
    closed = voting["end_date"].iloc[0]
    scheduled = announced + pd.Timedelta(days=1)  # E27: "a day before the scheduled declaration"
    return Exercise(
        expected={
            announced.date().isoformat(),
            f"{announced.day} {announced:%B %Y}",
            f"{announced.day} {announced:%b %Y}",
        },
        kind="text",
        misconceptions=(
            Misconception(
                SCHEDULED_FOR_KNOWN,
                scheduled.date().isoformat(),
                "that is the day the declaration was scheduled for. When did the "
                "result become public?",
            ),
            Misconception(
                CLOSE_FOR_RESULT,
                closed.date().isoformat(),
                "that is the day voting closed. The count came after it.",
            ),
        ),
        hint="Look for the event after the close of voting in the course's timeline.",
        explanation="The result was public before its formal declaration, as in 2017.",
        transfer="the 2017 story after the count to the 2021 timeline",
    )

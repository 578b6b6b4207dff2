"""Exercises of notebook 04 (campaign narrative): nominations, framing, omission, margins.

The notebook works each idea through on one case (McCluskey's nominations and votes, HuffPost's
"anti-Corbyn candidate", 2017's margin); every exercise asks for the same idea on another case
(another candidate, another quotation, another election), so its answer is nowhere above it.
2021 is left to notebook 05.
"""

from ..checks import (
    PERCENT_FOR_POINTS,
    WRONG_DENOMINATOR,
    Exercise,
    Misconception,
    exercise,
)
from ..data import load
from . import _counts as counts

# Misconceptions of this notebook (the shared ones are in `unitevote.checks`).
MIXED_NOMINATIONS = "mixing branch and workplace nominations"
TWO_CANDIDATES = "leaving a candidate out of the total"
VOTES_FOR_NOMINATIONS = "the vote share where the nomination share was asked"
RELATIVE_FOR_GAP = "a relative change where the gap between two percentages was asked"
WRONG_WAY_ROUND = "subtracting the wrong way round"
TOPIC_FOR_EFFECT = "coding a quotation by its topic rather than what it does"
LABEL_FOR_ATTACK = "a label where the words attack a rival"
NAMED_RUNNER_UP = "naming a candidate the report does name"
ONE_OF_TWO = "stopping at one left-out candidate"
WRONG_ELECTION = "another election's candidates"
TOP_TWO_BASE = "dividing by the top two candidates' votes only"
TIE_FOR_WIN = "a tie or near-miss where a win was asked"
WHOLE_MARGIN = "counting a switched vote once"
NEW_VOTES = "adding votes instead of moving them"

PUPPET_MASTER = "puppet master"  # the quotation of exercise 04.3 (framing row R27)


def _nominations(year):
    """Nomination rows of `year`, and the branch nominations by candidate."""
    rows = load("nominations").query(f"election == {year}")
    branch = rows[rows["nomination_type"] == "branch"].set_index("candidate")["nominations"]
    every_type = rows.groupby("candidate")["nominations"].sum()
    return branch.astype(int), every_type.astype(int)


_votes = counts.votes
_percent = counts.percent


@exercise("04.1")
def coyne_branch_nomination_share():
    branch, every_type = _nominations(2017)
    votes = _votes(2017)
    name = "Gerard Coyne"
    return Exercise(
        expected=_percent(branch[name], branch.sum()),
        decimals=1,
        unit="percent",
        transfer="Coyne instead of McCluskey",
        misconceptions=(
            Misconception(
                MIXED_NOMINATIONS,
                _percent(branch[name], every_type.sum()),
                "your total includes workplace nominations, which the sources give for one "
                "candidate only. Keep one kind of nomination in the total.",
            ),
            Misconception(
                TWO_CANDIDATES,
                _percent(branch[name], branch[["Len McCluskey", name]].sum()),
                "three candidates were nominated in 2017. The total is every candidate's.",
            ),
            Misconception(
                VOTES_FOR_NOMINATIONS,
                _percent(votes[name], votes.sum()),
                "that is a share of the votes, the outcome. The question asks about branch "
                "nominations, the activity before the ballot.",
            ),
        ),
        hint="A share of branch nominations: which count goes on top, and which total below?",
        explanation="The runner-up in the ballot had a small share of the branch nominations.",
    )


@exercise("04.2")
def allinson_vote_share_minus_nomination_share():
    branch, every_type = _nominations(2017)
    votes = _votes(2017)
    returned = int(load("elections").set_index("election").loc[2017, "papers_returned"])
    name = "Ian Allinson"
    vote_share = _percent(votes[name], votes.sum())
    branch_share = _percent(branch[name], branch.sum())
    gap = vote_share - branch_share
    return Exercise(
        expected=gap,
        decimals=1,
        unit="gap between two percentages",
        transfer="Allinson, whose vote share was above his nomination share, instead of McCluskey",
        misconceptions=(
            Misconception(
                MIXED_NOMINATIONS,
                vote_share - _percent(every_type[name], every_type.sum()),
                "your nomination share counts workplace nominations, which the sources give for "
                "one candidate only. Keep to branch nominations.",
            ),
            Misconception(WRONG_DENOMINATOR, _percent(votes[name], returned) - branch_share),
            Misconception(
                RELATIVE_FOR_GAP,
                gap / branch_share * 100,
                "you divided the difference by one of the shares. The question asks for the plain "
                "gap between the two percentages.",
            ),
            Misconception(
                WRONG_WAY_ROUND,
                -gap,
                "the question asks by how much the vote share exceeded the nomination share: "
                "a positive gap.",
            ),
        ),
        hint="Each share needs its own base. Which base goes with votes, and which with branch "
        "nominations?",
        explanation="Fewest branch nominations, yet a larger share of the votes.",
    )


@exercise("04.3")
def classify_puppet_master():
    framing = load("framing")
    row = framing[framing["quotation"].str.contains(PUPPET_MASTER, regex=False, na=False)]
    codes = set(load("frame_codes")["code"])
    return Exercise(
        expected=str(row["frame_code"].iloc[0]),
        kind="text",
        transfer="a quotation about the rivals' conduct instead of HuffPost's label",
        misconceptions=(
            Misconception(
                TOPIC_FOR_EFFECT,
                sorted(codes & {"labour_link"}),
                "the sentence names the Labour leader, but does it read the union election "
                "through what it means for Labour? Ask what the words do, not what they mention.",
            ),
            Misconception(
                LABEL_FOR_ATTACK,
                sorted(codes & {"factional_label"}),
                "the sentence does not place a candidate on a political map with a label. Re-read "
                "how it describes the contest and what one rival says of the other.",
            ),
        ),
        hint="Read each code's definition in frame_codes: which one covers how the contest is "
        "described here?",
        explanation="'Ugly' and a personal accusation describe the contest as a fight.",
    )


@exercise("04.4")
def omitted_candidates_2010():
    votes = _votes(2010).sort_values(ascending=False)
    names = list(votes.index)
    left_out = names[2:]
    return Exercise(
        expected=left_out,
        kind="set",
        transfer="2010's four candidates instead of 2017's 'the defeated candidate'",
        misconceptions=(
            Misconception(
                NAMED_RUNNER_UP,
                names[1:],
                "the report names the runner-up. Leave out the two it names.",
            ),
            *(
                Misconception(
                    ONE_OF_TWO,
                    [name],
                    "more than one candidate is missing from a report that names only two.",
                )
                for name in left_out
            ),
            Misconception(
                WRONG_ELECTION,
                ["Ian Allinson"],
                "that is the third candidate of 2017. The question is about 2010.",
            ),
        ),
        hint="How many candidates stood in 2010? The results table lists them all.",
        explanation="A two-name report of 2010 erases half of the field.",
    )


@exercise("04.5")
def margin_points_2010():
    votes = _votes(2010).sort_values(ascending=False)
    gap = int(votes.iloc[0] - votes.iloc[1])
    despatched = int(load("elections").set_index("election").loc[2010, "ballot_papers_despatched"])
    return Exercise(
        expected=_percent(gap, votes.sum()),
        decimals=1,
        unit="percentage points",
        transfer="2010 instead of 2017",
        misconceptions=(
            Misconception(
                TOP_TWO_BASE,
                _percent(gap, votes.iloc[:2].sum()),
                "four candidates stood in 2010. The valid votes include all of them.",
            ),
            Misconception(PERCENT_FOR_POINTS, _percent(gap, votes.iloc[1])),
            Misconception(WRONG_DENOMINATOR, _percent(gap, despatched)),
        ),
        hint="A margin in points is a difference between two shares of the same total: which "
        "total does the question name?",
        explanation="Put beside 2017's margin, this is the comparison 'narrow' needs.",
    )


@exercise("04.6")
def switched_votes_to_win_2017():
    votes = _votes(2017)
    gap = int(votes["Len McCluskey"] - votes["Gerard Coyne"])
    return Exercise(
        expected=gap // 2 + 1,
        decimals=0,
        integer=True,
        unit="votes",
        transfer="the margin in votes turned into a (hypothetical) number of switched votes",
        misconceptions=(
            Misconception(
                TIE_FOR_WIN,
                gap // 2,
                "after that many switches, who is ahead? A win needs more than closing the gap.",
            ),
            Misconception(
                WHOLE_MARGIN,
                gap,
                "a switched vote leaves one candidate and joins the other, so it changes the gap "
                "twice over.",
            ),
            Misconception(
                NEW_VOTES,
                gap + 1,
                "that many new votes for Coyne would do it, but a switch also takes a vote from "
                "McCluskey.",
            ),
        ),
        hint="What does one switched vote do to each candidate's total, and so to the gap?",
        explanation="A few thousand switched votes would have changed the winner (hypothetical).",
    )

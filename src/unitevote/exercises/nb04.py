"""Exercises of notebook 04 (campaign narrative): nominations, framing, omission, margins.

The notebook works each idea through on one case (McCluskey's nominations and votes, HuffPost's
"was seen as the anti-Corbyn candidate", 2017's margin); every exercise asks for the same idea on
another case (another candidate, another quotation, another election), so no answer is printed on
the page:
Going further's frame counts leave out 04.2's quotation.
The core path holds 04.1 (fix a misleading chart of the branch nominations), 04.2 (code a
quotation) and 04.3 (the 2010 margin); 04.4 to 04.7 are its "More practice (optional)".
2021 is left to notebook 05.
"""

from ..checks import (
    NOT_RANKED,
    PERCENT_FOR_POINTS,
    QUANTITY_AS_CATEGORY,
    RELATIVE_FOR_GAP,
    WRONG_DENOMINATOR,
    WRONG_ROWS,
    WRONG_WAY_ROUND,
    Channel,
    ChartSpec,
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
ACCUSATION_AS_ATTACK = "reading a complaint about the election's conduct as an attack on a rival"
STAFF_AS_MACHINE = "reading the union's staff as a candidate's machine"
NAMED_RUNNER_UP = "naming a candidate the report does name"
ONE_OF_TWO = "stopping at one left-out candidate"
WRONG_ELECTION = "another election's candidates"
TOP_TWO_BASE = "dividing by the top two candidates' votes only"
TIE_FOR_WIN = "a tie or near-miss where a win was asked"
WHOLE_MARGIN = "counting a switched vote once"
NEW_VOTES = "adding votes instead of moving them"
SURNAMES_ONLY = "surnames where full names were asked"

# The quotation of exercise 04.2 (framing row R35): Coyne's complaint, as the BBC reported it and
# Allinson's campaign site requoted it. Only one definition of the codebook fits it.
BREACHED_GUIDELINES = "breached guidelines"


def _nominations(year):
    """Nomination rows of `year`, and the branch nominations by candidate."""
    rows = load("nominations").query(f"election == {year}")
    branch = rows[rows["nomination_type"] == "branch"].set_index("candidate")["nominations"]
    every_type = rows.groupby("candidate")["nominations"].sum()
    return branch.astype(int), every_type.astype(int)


_votes = counts.votes
_percent = counts.percent


@exercise("04.1")
def branch_nominations_ranked_chart():
    branch, _ = _nominations(2017)
    return Exercise(
        expected=ChartSpec(
            mark="bar",
            value=Channel(("nominations",), "quantitative"),
            category=Channel(("candidate",), "nominal"),
            figures={name: float(count) for name, count in branch.items()},
            ranked="descending",
            description="mark_bar, the length nominations:Q, the other axis candidate:N sorted "
            'by the nominations, most first (`sort="-x"`), the three 2017 candidates\' branch '
            "nominations only, with a title and a description",
        ),
        kind="chart",
        transfer="the bar chart of votes built in notebook 00 to a misleading chart of branch "
        "nominations, fixed",
        misconceptions=(
            Misconception(
                QUANTITY_AS_CATEGORY,
                None,
                "the nominations are still typed `:N`, a category: each count is a label of "
                "its own, so every bar has the same length. Type them `:Q`, a quantity.",
            ),
            Misconception(
                NOT_RANKED,
                None,
                "the bars' lengths are right, but the candidates are not in the order the chart "
                "claims: they stand in alphabetical order, or smallest first. Rank them most "
                'nominations first: sort the candidate axis by the bars, longest first (`sort="-x"`).',
            ),
            Misconception(
                WRONG_ROWS,
                None,
                "the bars are not the three candidates' branch nominations. Allinson's workplace "
                "nominations are another kind, which the others were not counted for: chart "
                "`branch_table`, the branch rows only.",
            ),
        ),
        hint="Two things mislead in this chart: how the nominations are typed, and the order "
        "of the candidates.",
        step_hint="Start from the chart's own code: change the type letter of the `x` encoding, "
        "then give `y` an `alt.Y(...)` with a `sort=` by the bars' length.",
        explanation="Counts drawn as lengths, ranked: the chart now shows what it claims.",
    )


@exercise("04.2")
def classify_breached_guidelines():
    framing = load("framing")
    row = framing[framing["quotation"].str.contains(BREACHED_GUIDELINES, regex=False, na=False)]
    codes = set(load("frame_codes")["code"])
    return Exercise(
        expected=str(row["frame_code"].iloc[0]),
        kind="text",
        transfer="from HuffPost's label to a complaint about how the election was run",
        misconceptions=(
            Misconception(
                ACCUSATION_AS_ATTACK,
                sorted(codes & {"conflict"}),
                "the words accuse the union's employees, not a rival candidate, and attack no "
                "one's character. Ask what they question: how the election was conducted.",
            ),
            Misconception(
                STAFF_AS_MACHINE,
                sorted(codes & {"grassroots_insider"}),
                "the sentence frames no candidate as an insider or an outsider. It says what "
                "the union's staff did in the contest: which code covers that?",
            ),
        ),
        hint="Read each code's definition in full: which one covers what these words do?",
        step_hint="Ask who is accused (a rival candidate, or the union's staff?) and of what (a "
        "label, an attack on character, or how the election was run?), then find the "
        "definition that says so.",
        explanation="A complaint that the election was not run fairly questions its process.",
    )


@exercise("04.3")
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
        step_hint="Keep the 2010 rows of `results`, sort their votes largest first, take the "
        "first minus the second, and divide by the sum of every 2010 candidate's votes.",
        explanation="Put beside 2017's margin, this is the comparison 'narrow' needs.",
    )


@exercise("04.4")
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
        step_hint="`branch` holds the branch nominations by candidate: Coyne's count over "
        "`branch.sum()`, times 100.",
        explanation="The runner-up in the ballot had a small share of the branch nominations.",
    )


@exercise("04.5")
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
            Misconception(RELATIVE_FOR_GAP, gap / branch_share * 100),
            Misconception(
                WRONG_WAY_ROUND,
                -gap,
                "the question asks by how much the vote share exceeded the nomination share: "
                "a positive gap.",
            ),
        ),
        hint="Each share needs its own base. Which base goes with votes, and which with branch "
        "nominations?",
        step_hint="Allinson's votes over `votes_2017.sum()` and his branch nominations over "
        "`branch.sum()`, each times 100; then the vote share minus the nomination share.",
        explanation="Fewest branch nominations, yet a larger share of the votes.",
    )


@exercise("04.6")
def omitted_candidates_2010():
    votes = _votes(2010).sort_values(ascending=False)
    names = list(votes.index)
    left_out = names[2:]
    surnames = [name.split()[-1] for name in left_out]
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
            *(
                Misconception(
                    SURNAMES_ONLY,
                    given,
                    "those are the right candidates, but give each one's full name, as in the "
                    "`candidate` column of `results`.",
                )
                for given in (surnames, [surnames[0], left_out[1]], [left_out[0], surnames[1]])
            ),
            Misconception(
                WRONG_ELECTION,
                ["Ian Allinson"],
                "that is the third candidate of 2017. The question is about 2010.",
            ),
        ),
        hint="How many candidates stood in 2010? The results table lists them all.",
        step_hint="Keep the 2010 rows of `results`, sort them by `votes`, largest first, and "
        "list the names after the first two.",
        explanation="A two-name report of 2010 erases half of the field.",
    )


@exercise("04.7")
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
        step_hint="Start from the 2017 gap in votes (`gap_2017`, section 4): each switch narrows "
        "it by two. How many switches make it less than zero?",
        explanation="A few thousand switched votes would have changed the winner (hypothetical).",
    )

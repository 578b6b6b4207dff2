"""Exercises of notebook 04 (campaign narrative): nominations, omission, framing, margins."""

from ..checks import PERCENT_FOR_POINTS, WRONG_DENOMINATOR, Exercise, Misconception, exercise
from ..data import load

WINNER_2017 = "Len McCluskey"
NAMED_LOSER_2017 = "Gerard Coyne"
MIXED_NOMINATIONS = "mixing branch and workplace nominations"
TWO_CANDIDATES = "leaving a candidate out of the total"
TOPIC_FOR_EFFECT = "coding a quotation by its topic rather than what it does"
LABOUR_LINK = "labour_link"


def _nominations_2017():
    rows = load("nominations").query("election == 2017")
    branch = rows[rows["nomination_type"] == "branch"].groupby("candidate")["nominations"].sum()
    return rows, branch


def _votes(year):
    return load("results").query(f"election == {year}").set_index("candidate")["votes"]


def _branch_share():
    _, branch = _nominations_2017()
    return float(branch[WINNER_2017] / branch.sum() * 100)


@exercise("04.1")
def mccluskey_branch_nomination_share():
    rows, branch = _nominations_2017()
    all_types = int(rows["nominations"].sum())
    top_two = int(branch.nlargest(2).sum())
    return Exercise(
        expected=_branch_share(),
        unit="percent",
        tolerance=0.05,
        misconceptions=(
            Misconception(
                MIXED_NOMINATIONS,
                float(branch[WINNER_2017] / all_types * 100),
                "the total you divided by includes workplace nominations, which only one "
                "candidate reported. Keep both the count and the total to branch nominations.",
            ),
            Misconception(
                TWO_CANDIDATES,
                float(branch[WINNER_2017] / top_two * 100),
                "there were three candidates in 2017. The total should include every "
                "candidate's branch nominations.",
            ),
        ),
        hint="Keep the branch rows of 2017, then divide McCluskey's count by the sum of all "
        "three candidates'.",
        explanation="About four in five branch meetings that nominated backed the incumbent.",
    )


@exercise("04.2")
def nomination_share_minus_vote_share():
    votes = _votes(2017)
    papers_returned = int(load("elections").set_index("election").loc[2017, "papers_returned"])
    valid_share = float(votes[WINNER_2017] / votes.sum() * 100)
    all_papers_share = float(votes[WINNER_2017] / papers_returned * 100)
    nomination_share = _branch_share()
    return Exercise(
        expected=nomination_share - valid_share,
        unit="percentage points",
        tolerance=0.05,
        misconceptions=(
            Misconception(WRONG_DENOMINATOR, nomination_share - all_papers_share),
            Misconception(PERCENT_FOR_POINTS, (nomination_share - valid_share) / valid_share * 100),
        ),
        hint="Compute both shares as percentages (0 to 100), then subtract the vote share from "
        "the nomination share.",
        explanation="The gap between activity (branch meetings) and outcome (members' votes) "
        "is large.",
    )


@exercise("04.3")
def omitted_candidate():
    votes = _votes(2017)
    losers = [name for name in votes.index if name != votes.idxmax()]
    omitted = [name for name in losers if name != NAMED_LOSER_2017]
    surnames = [name.split()[-1] for name in omitted]
    return Exercise(
        expected=set(omitted) | set(surnames),
        kind="text",
        misconceptions=(
            Misconception(
                "naming the winner",
                [WINNER_2017, WINNER_2017.split()[-1]],
                "the winner was not defeated. Which other candidate lost?",
            ),
            Misconception(
                "naming the candidate the phrase already names",
                [NAMED_LOSER_2017, NAMED_LOSER_2017.split()[-1]],
                "that is the candidate the report calls 'the' defeated one. Who else lost?",
            ),
        ),
        hint="List the 2017 candidates from the results table; which loser is not mentioned?",
        explanation="Three candidates stood; 'the defeated candidate' erases the third.",
    )


@exercise("04.4")
def classify_anti_corbyn():
    framing = load("framing")
    row = framing[framing["quotation"].str.contains("anti-Corbyn candidate", regex=False, na=False)]
    codes = set(load("frame_codes")["code"])
    return Exercise(
        expected=str(row["frame_code"].iloc[0]),
        kind="text",
        misconceptions=tuple(
            Misconception(
                TOPIC_FOR_EFFECT,
                code,
                "the quotation mentions the Labour leader, but does it read the union election "
                "through what it means for Labour? Re-read the definitions and ask what the "
                "words do to the candidate.",
            )
            for code in sorted(codes & {LABOUR_LINK})
        ),
        hint="Compare the quotation with the definition of each code in frame_codes.",
        explanation="The phrase places a union candidate on a political map with a label.",
    )


@exercise("04.5")
def margin_points_2017():
    votes = _votes(2017)
    ranked = votes.sort_values(ascending=False)
    gap = int(ranked.iloc[0] - ranked.iloc[1])
    despatched = int(load("elections").set_index("election").loc[2017, "ballot_papers_despatched"])
    return Exercise(
        expected=gap / float(votes.sum()) * 100,
        unit="percentage points",
        tolerance=0.05,
        misconceptions=(
            Misconception(PERCENT_FOR_POINTS, gap / float(ranked.iloc[1]) * 100),
            Misconception(WRONG_DENOMINATOR, gap / despatched * 100),
        ),
        hint="Subtract Coyne's votes from McCluskey's, then divide by the total of valid votes "
        "and multiply by 100.",
        explanation="A gap of a few points of the valid votes.",
    )


@exercise("04.6")
def smallest_margin_year():
    results = load("results")
    points = {}
    for year, rows in results.groupby("election"):
        ranked = rows["votes"].sort_values(ascending=False)
        points[int(year)] = float((ranked.iloc[0] - ranked.iloc[1]) / ranked.sum() * 100)
    smallest = min(points, key=points.get)
    return Exercise(
        expected=smallest,
        unit="year",
        misconceptions=tuple(
            Misconception(
                "trusting the word 'narrow'",
                year,
                "the press called 2017 narrow, but compare the margins in points in the table.",
            )
            for year in points
            if year == 2017 and year != smallest
        ),
        hint="Look at the margin_points column of the margins table and find its smallest value.",
        explanation="Compared with the other elections, 2017 was not the closest.",
    )

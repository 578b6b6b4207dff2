"""Exercise of notebook 00 (start here): the exercise format itself, on another election."""

from ..checks import Exercise, Misconception, exercise
from ..data import load

WORKED_YEAR, YEAR = 2017, 2013

COUNTED_SPOILED = "counting the spoiled papers as votes"
WORKED_EXAMPLE_YEAR = "the worked example's year"


def candidates_total(year: int) -> int:
    results = load("results")
    return int(results.loc[results["election"] == year, "votes"].sum())


@exercise("00.1")
def votes_for_candidates_2013():
    returned = load("elections").set_index("election").loc[YEAR, "papers_returned"]
    return Exercise(
        expected=candidates_total(YEAR),
        decimals=0,
        integer=True,
        unit="votes",
        transfer="2013 instead of 2017",
        misconceptions=(
            Misconception(
                COUNTED_SPOILED,
                int(returned),
                "that is every paper returned in 2013. Spoiled papers came back too, but they are "
                "not votes for a candidate.",
            ),
            Misconception(
                WORKED_EXAMPLE_YEAR,
                candidates_total(WORKED_YEAR),
                "that is the 2017 total from the story paragraph. The question asks about an "
                "earlier election.",
            ),
        ),
        hint="Which election does the question name? Check which rows your total includes.",
        explanation="The candidates' votes are the valid votes; the spoiled papers come on top.",
    )

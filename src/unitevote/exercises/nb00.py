"""Exercise of notebook 00 (start here): the exercise format itself."""

from ..checks import Exercise, Misconception, exercise
from ..data import load


@exercise("00.1")
def votes_for_candidates_2017():
    results = load("results").query("election == 2017")
    election = load("elections").set_index("election").loc[2017]
    return Exercise(
        expected=int(results["votes"].sum()),
        unit="votes",
        misconceptions=(
            Misconception(
                "counting the spoiled papers as votes",
                int(election["papers_returned"]),
                "that is every paper returned. Spoiled papers were returned but are not votes for a candidate.",
            ),
        ),
        hint="Add up the votes column of the 2017 rows only.",
        explanation="The three candidates' votes are the valid votes; the spoiled papers come on top.",
    )

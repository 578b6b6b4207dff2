"""Exercises of notebook 00 (start here): the learner's own first chart, then the exercise
format itself, each on another election than the notebook's 2017 worked examples."""

from ..checks import (
    NO_TITLE,
    NOT_RANKED,
    QUANTITY_AS_CATEGORY,
    WRONG_ROWS,
    Channel,
    ChartSpec,
    Exercise,
    Misconception,
    exercise,
)
from ..data import load
from . import _counts as counts

WORKED_YEAR = 2017  # the notebook's story paragraph and its five chart steps
CHART_YEAR = 2010  # 00.1: four candidates, so a chart that is not ranked shows it
YEAR = 2013  # 00.2

COUNTED_SPOILED = "counting the spoiled papers as votes"
WORKED_EXAMPLE_YEAR = "the worked example's year"


def candidates_total(year: int) -> int:
    results = load("results")
    return int(results.loc[results["election"] == year, "votes"].sum())


@exercise("00.1")
def first_chart_2010():
    return Exercise(
        kind="chart",
        expected=ChartSpec(
            mark="bar",
            value=Channel(("votes",), "quantitative"),
            category=Channel(("candidate",), "nominal"),
            figures={name: float(v) for name, v in counts.votes(CHART_YEAR).items()},
            ranked=True,
            description="mark_bar, votes:Q on one axis, candidate:N on the other sorted by the "
            f"votes (most first or fewest first), the {CHART_YEAR} rows only, with a title and "
            "a description",
        ),
        transfer=f"the {CHART_YEAR} election's four candidates instead of 2017's three, the "
        "chart built by the learner",
        misconceptions=(
            Misconception(
                QUANTITY_AS_CATEGORY,
                None,
                "the votes are typed as a category (`:N` or `:O`), so each count becomes a label and no "
                'bar\'s length shows how many. Type them as a quantity, `"votes:Q"`, as in step 2.',
            ),
            Misconception(
                NOT_RANKED,
                None,
                "the bars are in alphabetical order, so the eye cannot read the ranking. Sort the "
                'candidates by their votes, as step 3 does with `sort="-x"` (for upright bars, '
                '`sort="-y"`).',
            ),
            Misconception(
                NO_TITLE,
                None,
                "every chart in the course says what it shows (a title) and says it in words for "
                "a reader who cannot see it (a description). Add both with "
                "`.properties(title=..., description=...)`, as in step 5.",
            ),
            Misconception(
                WRONG_ROWS,
                None,
                f"these bars are not the {CHART_YEAR} election's votes. Which table did you give "
                f"`alt.Chart`? Filter `results` to the {CHART_YEAR} rows first, as `results_2017` "
                "was filtered, and chart that table.",
            ),
        ),
        hint="Which rows does the chart need, and which column sets each bar's length?",
        step_hint=f"Make a table of the {CHART_YEAR} rows of `results` first. Then repeat steps "
        "1, 2, 3 and 5 on it: `mark_bar()`, the votes as a quantity on one axis, the candidates "
        "on the other sorted by the votes, and `.properties` with a title and a description.",
        explanation="Ranked bars, a title and a description: every results chart has them.",
    )


@exercise("00.2")
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
        step_hint=f"Keep the rows of `results` whose `election` is {YEAR}, then add up that "
        "table's `votes` column with `.sum()`.",
        explanation="The candidates' votes are the valid votes; the spoiled papers come on top.",
    )

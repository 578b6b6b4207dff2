"""Exercises of notebook 02 (results arithmetic): shares, a chart of shares, margins, points,
percent, majorities.

The notebook works each idea through on 2017 (McCluskey against Coyne); every exercise asks for
the same idea on another case (2013 or 2010, another candidate, another base, one candidate
across elections), so its answer is nowhere on the page. 02.1 to 02.4 are the lesson's hour;
02.5 and 02.6 are in its "More practice (optional)" section.
"""

from ..checks import (
    BASES,
    NO_TITLE,
    PERCENT_FOR_POINTS,
    POINTS_FOR_PERCENT,
    QUANTITY_AS_CATEGORY,
    ROUNDED_TOO_EARLY,
    SHARE_WITHOUT_BASE,
    WRONG_DENOMINATOR,
    WRONG_FIELD,
    WRONG_ROWS,
    Channel,
    ChartSpec,
    Exercise,
    Misconception,
    exercise,
)
from ..data import load
from . import _counts as counts

# Misconceptions of this notebook (the shared ones are in `unitevote.checks`).
WRONG_ELECTION = "another election's total"
WRONG_STARTING_VALUE = "the wrong starting value"
TIE_FOR_WIN = "a tie where a win was asked"
HALF_IS_NOT_ENOUGH = "forgetting the margin"
OTHER_TRANSFERS = "forgetting where the other transfers go"
THRESHOLD_FOR_SHORTFALL = "the threshold where the shortfall was asked"
WRONG_CANDIDATE = "the wrong candidate"
NEW_VOTES_ADDED = "new votes added to the total"
WORKED_EXAMPLE_ANSWER = "the worked example's answer"

# 02.2 charts one candidate's share of the valid votes in each election he stood in and won.
CHART_CANDIDATE = "Len McCluskey"
# The elections notebook 02 tabulates (`shares_by_year`); 2021 is notebook 05's.
CHART_YEARS = (2010, 2013, 2017)


def _counts(year):
    """Votes by candidate, and the election's totals, from data/ (never typed)."""
    return counts.votes(year), counts.election(year)


_percent = counts.percent


@exercise("02.1")
def hicks_share_of_despatched_2013():
    votes, election = _counts(2013)
    hicks = votes["Jerry Hicks"]
    _, election_2017 = _counts(2017)
    return Exercise(
        expected=_percent(hicks, election["ballot_papers_despatched"]),
        decimals=1,
        unit="percent",
        transfer="2013 and the runner-up (Hicks) instead of McCluskey in 2017",
        misconceptions=(
            Misconception(
                WRONG_CANDIDATE,
                _percent(votes["Len McCluskey"], election["ballot_papers_despatched"]),
                "that is the winner's share of the 2013 papers despatched. The total is the right "
                "one, but the votes are McCluskey's; the question asks about the runner-up, Jerry "
                "Hicks.",
            ),
            Misconception(WRONG_DENOMINATOR, _percent(hicks, election["papers_returned"])),
            Misconception(WRONG_DENOMINATOR, _percent(hicks, votes.sum())),
            Misconception(
                WRONG_ELECTION,
                _percent(hicks, election_2017["ballot_papers_despatched"]),
                "the votes are from 2013 but the total is not. Each election has its own "
                "number of papers despatched.",
            ),
        ),
        hint="Which total stands for everyone who was sent a ballot paper, and in which year?",
        step_hint="Two counts, from two tables: Hicks's 2013 votes come from the 2013 rows of "
        '`results` (picked by his name, as `votes["Len McCluskey"]` picks one count), and the '
        "papers sent out from the 2013 row of `elections`. Then work as the worked example did "
        "for 2017.",
        explanation="Against everyone balloted, even a runner-up is a small slice.",
    )


def _share_by_year(candidate: str) -> dict[int, float]:
    """`candidate`'s share of each election's valid votes, for the years 02 tabulates."""
    shares = {}
    for year in CHART_YEARS:
        votes = counts.votes(year)
        if candidate in votes.index:
            shares[year] = _percent(votes[candidate], votes.sum())
    return shares


@exercise("02.2")
def winner_share_across_elections_chart():
    figures = _share_by_year(CHART_CANDIDATE)
    years = ", ".join(str(year) for year in figures)
    return Exercise(
        kind="chart",
        expected=ChartSpec(
            mark="bar",
            value=Channel(
                ("percent",),
                "quantitative",
                confusions=(
                    (
                        "votes",
                        "the question asks for his share of the valid votes (`percent`), not his "
                        "count of votes: counts from elections of different sizes do not compare.",
                    ),
                ),
            ),
            category=Channel(("election",), "ordinal"),
            figures=figures,
            in_order=True,  # a question about change over time: the years in time order
            base_words=BASES["valid votes"],
            description=f"mark_bar, percent:Q (his share of each election's valid votes) on one "
            f"axis, election:O on the other, {CHART_CANDIDATE}'s rows only ({years}), the base "
            "(valid votes) named in the title or the axis title, with a title and a description",
        ),
        transfer=f"one candidate ({CHART_CANDIDATE}) across three elections, one bar a year, "
        "instead of 2017's three candidates on three bases",
        misconceptions=(
            Misconception(
                SHARE_WITHOUT_BASE,
                None,
                "the bars are percentages, but of what? Say in the title (or the axis title) "
                "that they are shares of the valid votes: each election's own valid votes.",
            ),
            Misconception(
                WRONG_FIELD,
                None,
                "the bars' length should be his share of the valid votes (`percent`), not his "
                "count of `votes`: elections of different sizes only compare as shares.",
            ),
            Misconception(
                WRONG_ROWS,
                None,
                f"these bars are not {CHART_CANDIDATE}'s shares. Keep only his rows of "
                "`shares_by_year` (a condition on `candidate`) before you chart them: every "
                "other candidate's rows sit on the same years.",
            ),
            Misconception(
                QUANTITY_AS_CATEGORY,
                None,
                'a share is a quantity: type it `"percent:Q"`. It is the years that are an '
                'ordered category, `"election:O"`.',
            ),
            Misconception(
                NO_TITLE,
                None,
                "the chart needs a title (what it shows, with its base) and a description (the "
                "words a screen reader gives): add both with `.properties(title=..., "
                "description=...)`.",
            ),
        ),
        hint="Which rows of `shares_by_year` does the question ask about, and which column "
        "should set each bar's length?",
        step_hint=f"First keep the rows of `shares_by_year` whose `candidate` is "
        f"{CHART_CANDIDATE!r}. Chart that table with bars: the years on one axis as an ordered "
        "category, `percent` on the other as a quantity, and `.properties` with a title that "
        "names the base and a description.",
        explanation="Each bar is a share of that year's valid votes, and the title names that "
        "base.",
    )


@exercise("02.3")
def lead_in_points_of_valid_votes_2013():
    votes, election = _counts(2013)
    lead = votes["Len McCluskey"] - votes["Jerry Hicks"]
    valid = votes.sum()
    share_m = round(_percent(votes["Len McCluskey"], valid), 1)
    share_h = round(_percent(votes["Jerry Hicks"], valid), 1)
    return Exercise(
        expected=_percent(lead, valid),
        decimals=1,
        unit="percentage points",
        transfer="2013 (McCluskey against Hicks) and the valid-votes base instead of 2017's "
        "papers returned",
        misconceptions=(
            Misconception(PERCENT_FOR_POINTS, _percent(lead, votes["Jerry Hicks"])),
            Misconception(PERCENT_FOR_POINTS, _percent(lead, votes["Len McCluskey"])),
            Misconception(WRONG_DENOMINATOR, _percent(lead, election["papers_returned"])),
            Misconception(WRONG_DENOMINATOR, _percent(lead, election["ballot_papers_despatched"])),
            Misconception(ROUNDED_TOO_EARLY, share_m - share_h),
        ),
        hint="Points compare two shares of one base. Which base does the question name?",
        step_hint="Every count you need is in the 2013 rows of `results`: the two candidates' "
        "votes, and the valid votes (all those rows' `votes` together). Start from the lead in "
        "votes, as the margin cell did for 2017.",
        explanation="A lead in points depends on its base: name the base with it.",
    )


@exercise("02.4")
def percent_more_votes_2010():
    votes, _ = _counts(2010)
    mccluskey, hicks = votes["Len McCluskey"], votes["Jerry Hicks"]
    valid = votes.sum()
    whole_m, whole_h = round(_percent(mccluskey, valid)), round(_percent(hicks, valid))
    # the one-decimal shares `shares_by_year` prints (42.2 and 21.9)
    tenth_m, tenth_h = round(_percent(mccluskey, valid), 1), round(_percent(hicks, valid), 1)
    claims = load("claims")
    # the BBC/PA's rounded 2010 figures (101,000 and 52,000)
    bbc = claims[(claims["source_id"] == "bbc-2010-result") & (claims["unit"] == "votes")]
    press = bbc.set_index("subject")["value"]
    return Exercise(
        expected=_percent(mccluskey - hicks, hicks),
        decimals=2,
        unit="percent",
        transfer="2010 (McCluskey against Hicks, four candidates) instead of 2017's McCluskey "
        "against Coyne",
        misconceptions=(
            Misconception(POINTS_FOR_PERCENT, _percent(mccluskey - hicks, valid)),
            Misconception(
                WRONG_STARTING_VALUE,
                _percent(mccluskey - hicks, mccluskey),
                "'more than Hicks' measures the difference against Hicks's count. "
                "Which count did you divide by?",
            ),
            Misconception(
                ROUNDED_TOO_EARLY,
                _percent(tenth_m - tenth_h, tenth_h),
                "you worked from the one-decimal shares of `shares_by_year`. Rounded shares "
                "drift: compute from the exact counts in `results` and round only the final "
                "answer.",
            ),
            Misconception(ROUNDED_TOO_EARLY, _percent(whole_m - whole_h, whole_h)),
            Misconception(
                ROUNDED_TOO_EARLY,
                _percent(press["Len McCluskey"] - press["Jerry Hicks"], press["Jerry Hicks"]),
            ),
        ),
        hint="A percent change compares a difference with a starting value. What is being "
        "compared with what?",
        step_hint="Take the two candidates' exact 2010 counts from the 2010 rows of `results` "
        "(by their names), not the rounded shares of `shares_by_year`; then follow the margin "
        "cell's line for \"more votes than Coyne\", with Hicks in Coyne's place.",
        explanation="Measured against Hicks's count, McCluskey's vote was nearly double.",
    )


@exercise("02.5")
def votes_short_of_a_majority_2010():
    votes, _ = _counts(2010)
    valid = int(votes.sum())
    mccluskey = int(votes["Len McCluskey"])
    majority = valid // 2 + 1
    votes_2017, _ = _counts(2017)
    worked = int(votes_2017.sum()) // 2 + 1 - int(votes_2017["Len McCluskey"])
    # New votes x, all for him, added to the total: mccluskey + x > (valid + x) / 2.
    added = valid - 2 * mccluskey + 1
    return Exercise(
        expected=majority - mccluskey,
        decimals=0,
        integer=True,
        unit="votes",
        transfer="2010 (four candidates) instead of 2017",
        misconceptions=(
            Misconception(
                TIE_FOR_WIN,
                valid // 2 - mccluskey if valid % 2 == 0 else -1,
                "exactly half of the valid votes is a tie with everyone else together, "
                "not a majority.",
            ),
            Misconception(
                THRESHOLD_FOR_SHORTFALL,
                majority,
                "that is how many votes a majority takes. The question asks how many more "
                "McCluskey needed.",
            ),
            Misconception(
                NEW_VOTES_ADDED,
                added,
                "that many new votes, all for him, would lift him over half of a larger total. "
                "The question keeps the valid votes as they were counted: how far below the "
                "majority of that total was his count?",
            ),
            Misconception(
                WORKED_EXAMPLE_ANSWER,
                worked,
                "that is 2017's shortfall, from the worked example. The question asks about "
                "2010, with its own valid votes and its own count for McCluskey.",
            ),
        ),
        hint="A majority is more than half of the valid votes. How far short of that was he?",
        step_hint="Do what the worked example did for 2017, with 2010's counts: the 2010 valid "
        "votes (the 2010 rows of `results`, added up) and McCluskey's 2010 votes.",
        explanation="With four candidates, the winner was further from a majority than in 2017.",
    )


@exercise("02.6")
def transfers_needed_everyone_transferring():
    votes, _ = _counts(2017)
    mccluskey, coyne = int(votes["Len McCluskey"]), int(votes["Gerard Coyne"])
    allinson = int(votes["Ian Allinson"])
    margin = mccluskey - coyne
    needed = (allinson + margin) // 2 + 1
    tie = (allinson + margin) // 2 if (allinson + margin) % 2 == 0 else -1
    return Exercise(
        expected=needed,
        decimals=0,
        integer=True,
        unit="votes",
        transfer="every Allinson voter transferring, split between the two, instead of every "
        "transfer going to Coyne",
        misconceptions=(
            Misconception(
                OTHER_TRANSFERS,
                margin + 1,
                "in this model every transferring voter who does not pick Coyne picks McCluskey, "
                "so McCluskey's total grows too.",
            ),
            Misconception(
                HALF_IS_NOT_ENOUGH,
                allinson // 2 + 1,
                "more than half of the transfers is not enough when Coyne starts behind. "
                "What must the extra votes make up first?",
            ),
            Misconception(
                TIE_FOR_WIN, tie, "a tie is not overtaking: Coyne must be strictly ahead."
            ),
        ),
        hint="Try a number of transfers to Coyne and give all the rest to McCluskey: who leads? "
        "Then find the smallest number that puts Coyne ahead.",
        step_hint="If Coyne gets T of Allinson's votes, McCluskey gets the rest (Allinson's "
        "votes minus T). Write both new totals with `coyne`, `mccluskey`, `allinson` and T, "
        "and find the smallest whole T for which Coyne's is larger.",
        explanation="Coyne would have needed about two in three of Allinson's voters (hypothetical).",
    )

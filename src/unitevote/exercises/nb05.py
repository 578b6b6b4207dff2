"""Exercises of notebook 05 (your turn: the 2021 election), by habit of the reading checklist of
notebook 04. The core path, in the checklist's order: source (05.1), denominator (05.2, the
winner's share on a base the learner chooses and names; 05.3, the result drawn as a chart of
shares whose title names its base), rounding (05.4, the margin on a base the learner chooses)
and framing (05.5, the codes a headline applies, and only those). "More practice (optional)":
denominator worked backwards (05.6), comparison (05.7), activity or outcome (05.8), omission
(05.9), after the count (05.10).

Every expected value is computed from `data/` when the check runs: the 2021 counts
(results.csv), Unite's total of votes cast (elections.csv), the printed totals, turnouts and
membership figures (claims.csv), the branch nominations (nominations.csv), the codes of the
frame codebook (frame_codes.csv; which of them the inews headline applies is the course's
reading, as in notebook 04) and the timeline.
"""

import pandas as pd

from ..checks import (
    BASE_NOT_SHOWN,
    FORGOT_SPOILED,
    NOT_RANKED,
    PERCENT_FOR_POINTS,
    QUANTITY_AS_CATEGORY,
    RELATIVE_FOR_GAP,
    ROUNDED_TOO_EARLY,
    SHARE_WITHOUT_BASE,
    WRONG_DENOMINATOR,
    WRONG_ROWS,
    WRONG_WAY_ROUND,
    Channel,
    ChartSpec,
    Exercise,
    Misconception,
    exercise,
    rounded,
)
from ..data import load
from . import _counts as counts

YEAR = 2021
EARLIER = 2017

# Misconceptions of this notebook (the shared ones come from unitevote.checks).
UNIONS_OWN_FIGURE = "doubting the union's own figure"
MISPRINT_FOR_RELABEL = "taking a misprint for a relabelled total"
MISPRINTED_TOTAL = "starting from the misprinted total"
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
MEMBERS_FOR_VOTES = "a share of the claimed membership where a share of the vote was asked"

# The two totals of votes a share of the 2021 vote can be taken of, each with the value the
# learner's named base must match (exercises 05.2 to 05.4 leave the choice to the learner).
VOTE_BASES = ("valid votes", "papers returned")

# The code of the frame codebook that the inews headline's first word applies ("outsider"
# places Graham in relation to the union's machine): the course's reading, as 04's codings are.
OUTSIDER_CODE = "grassroots_insider"


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


def _memberships() -> list[float]:
    """The 2021 membership figures printed (claims), smallest first: 1.2 and 1.4 million."""
    return sorted({float(value) for value in _claims("membership")["value"]})


def _shares(year: int) -> dict[str, pd.Series]:
    """Each candidate's share of the vote in `year`, in percent, on each base of VOTE_BASES."""
    votes = _votes(year)
    return {
        "valid votes": votes / votes.sum() * 100,
        "papers returned": votes / _returned(year) * 100,
    }


def _margin_points(year: int) -> float:
    ranked = _votes(year).sort_values(ascending=False)
    return float((ranked.iloc[0] - ranked.iloc[1]) / ranked.sum() * 100)


def _spellings(day: pd.Timestamp) -> set[str]:
    """A day written as a learner may write it: ISO (with or without pandas' time of day),
    "25 August 2021", "25 Aug 2021", "25/08/2021" and "25/8/2021" (day first, as in the UK)."""
    iso = day.date().isoformat()
    return {
        iso,
        f"{iso} 00:00:00",
        f"{day.day} {day:%B %Y}",
        f"{day.day} {day:%b %Y}",
        f"{day:%d/%m/%Y}",
        f"{day.day}/{day.month}/{day.year}",
    }


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
        example="a claim id as text, for example 'C001'",
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
        hint="Each printed total is a total of something. Which of them could you make yourself "
        "from the 2021 counts?",
        step_hint="What do the three candidates' 2021 votes add up to? Is that figure among the "
        "printed totals, and under what label?",
        explanation="The 'Turnout' printed there is a number of votes: the candidates' total.",
        transfer="reading the sources of a new election (2021) for a total given the wrong label",
    )


@exercise("05.2")
def winner_share_on_a_chosen_base():
    votes = _votes(YEAR)
    winner = votes.idxmax()
    shares = _shares(YEAR)
    members = _memberships()
    return Exercise(
        expected={base: float(shares[base][winner]) for base in VOTE_BASES},
        kind="based",
        other_bases={"members": float(votes[winner] / members[0] * 100)},
        decimals=1,
        unit="percent",
        misconceptions=tuple(
            Misconception(
                MEMBERS_FOR_VOTES,
                (float(votes[winner] / size * 100), "members"),
                "the question asks for a share of the vote: the total below is a count of "
                "votes. The membership figures are round claims that disagree (1.2 and 1.4 "
                "million), and they count people, not votes.",
            )
            for size in members
        ),
        hint="A share of the vote: which total of votes is it a share of? Choose one, compute "
        "the share, and name that total with the number.",
        step_hint="The course holds two totals of 2021 votes: one you can add up from the "
        "counts, and one the union gave. Which of them also holds papers counted for no "
        "candidate, and which did you divide by?",
        explanation="Each base gives its own figure, and reports printed both: name the base.",
        transfer="the 2017 shares to the 2021 winner, on a base the learner chooses and names",
    )


@exercise("05.3")
def result_chart_on_a_named_base():
    shares = _shares(YEAR)
    # The base named in the title decides which shares the bars must show. A tolerance of 0.05
    # lets shares rounded to one decimal pass, and still tells the two bases apart: their
    # shares differ by 0.06 to 0.09 (Graham: 37.70 of the valid votes, 37.61 of all papers).
    by_base = {
        base: {name: float(value) for name, value in shares[base].items()} for base in VOTE_BASES
    }
    said = "; ".join(
        f"{base}: " + ", ".join(f"{name} {value:.1f}" for name, value in figures.items())
        for base, figures in by_base.items()
    )
    return Exercise(
        expected=ChartSpec(
            mark="bar",
            value=Channel(
                ("percent",),
                "quantitative",
                confusions=(
                    (
                        "votes",
                        "the bars show the counts. The question asks for each candidate's "
                        "share, in the `percent` column.",
                    ),
                ),
            ),
            category=Channel(("candidate",), "nominal"),
            figures_by_base=by_base,
            tolerance=0.05,
            ranked="descending",
            description="mark_bar, the length percent:Q (each 2021 candidate's share of the "
            "valid votes or of all papers returned, as the title names it), the other axis "
            "candidate:N sorted by the share, largest first, the base named in the title (or "
            f"the axis title), with a description; the figures on each base ({said})",
        ),
        kind="chart",
        misconceptions=(
            Misconception(
                SHARE_WITHOUT_BASE,
                None,
                "the chart does not say what the shares are of. Name the base you chose in "
                "the title, for example 'share of the valid votes'.",
            ),
            Misconception(
                BASE_NOT_SHOWN,
                None,
                "the title names one total, but the bars are shares of the other. The two "
                "differ by less than a tenth of a point, so only the title tells them apart: "
                "name the total you divided by.",
            ),
            Misconception(
                NOT_RANKED,
                None,
                "the candidates are not ranked largest share first, as the question asks. Sort "
                'the candidate axis by the bars, longest first (`sort="-x"` when the bars run '
                "along x).",
            ),
            Misconception(
                QUANTITY_AS_CATEGORY,
                None,
                "the shares are typed as a category, so every bar has the same length. Type "
                "`percent` as `:Q`.",
            ),
            Misconception(
                WRONG_ROWS,
                None,
                "the bars are not the three 2021 candidates' shares of the vote. Which rows did "
                "you keep, and which total of votes did you divide by?",
            ),
        ),
        hint="The chart must show shares, ranked largest first, and say what they are shares of.",
        step_hint="Which column should carry each bar's length, and what type is it? How does "
        "notebook 04 put the longest bar first? Where on the chart does a reader learn what "
        "100% is?",
        explanation="Shares ranked, with their base in the title: a reader knows what 100% is.",
        transfer="the chart fixed in notebook 04 to a new chart of 2021, on a base the learner "
        "chooses",
    )


@exercise("05.4")
def margin_points_2021():
    votes = _votes(YEAR)
    ranked = votes.sort_values(ascending=False)
    gap = float(ranked.iloc[0] - ranked.iloc[1])
    valid_shares = ranked / ranked.sum() * 100
    early = float(rounded(valid_shares.iloc[0], 1) - rounded(valid_shares.iloc[1], 1))
    return Exercise(
        expected={
            "valid votes": _margin_points(YEAR),
            "papers returned": gap / _returned(YEAR) * 100,
        },
        kind="based",
        decimals=2,
        unit="percentage points",
        misconceptions=(
            Misconception(ROUNDED_TOO_EARLY, early),
            Misconception(PERCENT_FOR_POINTS, gap / float(ranked.iloc[1]) * 100),
            Misconception(
                VOTES_FOR_POINTS,
                gap,
                "that is the margin in votes. The question asks for it in points of "
                "a total of votes.",
            ),
        ),
        hint="A margin in points is first minus second, as a share of one total; round only "
        "at the end, and name the total.",
        step_hint="Start from the counts: how many more votes did Graham have than Turner, and "
        "what share of your chosen total is that?",
        explanation="Subtracting two rounded shares gives a different second decimal.",
        transfer="the 2017 margin in points to 2021, at two decimals, on a base the learner "
        "chooses",
    )


@exercise("05.5")
def codes_a_headline_applies():
    codes = set(load("frame_codes")["code"])
    if OUTSIDER_CODE not in codes:
        raise KeyError(f"the frame codebook has no code {OUTSIDER_CODE!r}")
    wrong = {
        "factional_label": (
            LABEL_AS_FACTION,
            "'outsider' is a label, but does it place her on a political map, or in relation "
            "to the union's machine?",
        ),
        "conflict": (
            RECORD_AS_CONFLICT,
            "the conflict code is for a bitter contest between candidates, or an attack on a "
            "rival. Does a history of taking on big business describe the race?",
        ),
        "endorsement_momentum": (
            FIRST_AS_MOMENTUM,
            "being the first woman in the post is not an endorsement, a nomination or a gain "
            "in votes: it is a fact about the post.",
        ),
    }
    present = {code: named for code, named in wrong.items() if code in codes}
    return Exercise(
        expected=[OUTSIDER_CODE],
        kind="set",
        example="a list of codes as texts, for example ['closeness'] or ['closeness', 'conflict']",
        misconceptions=tuple(
            Misconception(name, answer, hint)
            for code, (name, hint) in present.items()
            for answer in ([code], [OUTSIDER_CODE, code])
        ),
        hint="Take the headline part by part: a label, a record, a fact. For each, is there a "
        "code whose definition describes what that part does?",
        step_hint="Where does the first word place Graham: on a political map, or in relation to "
        "the union's machine? And do the other two parts say anything about the race itself?",
        explanation="Only the label is a frame (against the machine); the record and the first "
        "are not.",
        transfer="coding a 2017 quotation with one code to coding a 2021 headline part by part",
    )


@exercise("05.6")
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
        # The base could be members or papers sent: working out which is the exercise's point.
        unit="members or papers sent",
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
        step_hint="If the votes are 10% of the base, how many times the votes is the base? "
        "Which 2021 figure is Unite's total of votes cast?",
        explanation="Now compare it with the membership and papers-sent figures printed.",
        transfer="from a turnout's base to its percentage, worked backwards, for 2021",
    )


@exercise("05.7")
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
            # 2017's margin as notebook 04 printed it (one decimal) with 2021's at two.
            Misconception(ROUNDED_TOO_EARLY, float(rounded(earlier, 1) - rounded(later, 2))),
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
        step_hint="Did you compute the 2017 margin from the 2017 counts, unrounded, as you did "
        "2021's in 05.4?",
        explanation="2021 was closer than 2017, by a fraction of a point.",
        transfer="a single margin to a comparison between two elections (2017 and 2021)",
    )


@exercise("05.8")
def nominations_against_votes_2021():
    votes = _votes(YEAR)
    nominations = load("nominations").query(f"election == {YEAR}")
    branch = nominations[nominations["nomination_type"] == "branch"]
    branch = branch.set_index("candidate")["nominations"]
    on_ballot = branch[branch.index.isin(votes.index)]
    leader = on_ballot.idxmax()
    nomination_share = float(on_ballot[leader] / on_ballot.sum() * 100)
    vote_share = float(votes[leader] / votes.sum() * 100)
    gap = nomination_share - vote_share
    return Exercise(
        expected=gap,
        decimals=1,
        unit="gap between two percentages",
        misconceptions=(
            Misconception(
                NOMINEE_NOT_ON_BALLOT,
                float(branch[leader] / branch.sum() * 100) - vote_share,
                "one nominee withdrew before the ballot. The question compares the "
                "candidates who were on it.",
            ),
            Misconception(RELATIVE_FOR_GAP, gap / vote_share * 100),
            Misconception(
                WRONG_DENOMINATOR, nomination_share - float(votes[leader] / _returned(YEAR) * 100)
            ),
        ),
        hint="Two shares, each of its own total (nominations of the candidates on the ballot; "
        "valid votes), then the difference.",
        step_hint="Which nominees could members vote for? Keep only their branch nominations "
        "before you take Turner's share of them.",
        explanation="Branch nominations, again, were no forecast of members' votes.",
        transfer="the 2017 nominations-against-votes gap to 2021's nominations leader",
    )


@exercise("05.9")
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
        step_hint="Which total counts every paper returned, and which only the votes for "
        "candidates? Which of the printed figures can you trust for the first?",
        explanation="No report printed this number: presumably spoiled or invalid papers.",
        transfer="the spoiled papers of 2017 to the unpublished invalid papers of 2021",
    )


@exercise("05.10")
def day_result_known():
    timeline = load("timeline").query(f"election == {YEAR}")
    announced = timeline.loc[timeline["kind"] == "event", "start_date"].iloc[0]
    voting = timeline[timeline["title"].str.contains("ballot", regex=False)]
    closed = voting["end_date"].iloc[0]
    scheduled = announced + pd.Timedelta(days=1)  # E27: "a day before the scheduled declaration"
    return Exercise(
        expected=_spellings(announced),
        kind="text",
        example="a date as text, for example '2017-04-21'",
        misconceptions=(
            Misconception(
                SCHEDULED_FOR_KNOWN,
                _spellings(scheduled),
                "that is the day the declaration was scheduled for. When did the "
                "result become public?",
            ),
            Misconception(
                CLOSE_FOR_RESULT,
                _spellings(closed),
                "that is the day voting closed. The count came after it.",
            ),
        ),
        hint="Look for what happened after the close of voting in the course's timeline.",
        step_hint="In the 2021 rows of `timeline`, when did the ballot close, and which row "
        "comes after it?",
        explanation="The result was public before its formal declaration, as in 2017.",
        transfer="the 2017 story after the count to the 2021 timeline",
    )

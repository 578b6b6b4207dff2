"""Display charts that more than one lesson shows, each defined once and called in one line.

These are charts whose code is not the lesson's point. The charts a lesson teaches are built in
the notebook itself, one encoding at a time.

- `electorate_table(year)` and `electorate(year)`: every ballot paper despatched in an election,
  split into each candidate's votes, spoiled papers and papers never returned (notebooks 02, 03).
- `timeline_table(rows)` and `timeline(rows, title=..., width=...)`: events and periods on a time
  axis, each drawn with the precision its date is known to: an event known only to the month or
  year is a faint bar over the span it may fall in, never a point on one day (notebook 04).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .data import load
from .theme import OKABE_ITO, candidate_scale

SPOILED = "Spoiled papers"
NOT_RETURNED = "Did not return a paper"


def electorate_table(year: int = 2017) -> pd.DataFrame:
    """What became of every ballot paper despatched in `year`: group, papers, percent of all."""
    election = load("elections").set_index("election").loc[year]
    results = load("results")
    votes = results[results["election"] == year].sort_values("votes", ascending=False)
    despatched = int(election["ballot_papers_despatched"])
    returned = int(election["papers_returned"])
    spoiled = int(election["spoiled_papers"])
    groups = list(votes["candidate"]) + [SPOILED, NOT_RETURNED]
    papers = [int(count) for count in votes["votes"]] + [spoiled, despatched - returned]
    table = pd.DataFrame({"group": groups, "papers": papers})
    table["percent"] = (100 * table["papers"] / despatched).round(1)
    return table


def electorate(year: int = 2017, width: int = 560) -> alt.Chart:
    """One stacked bar of every ballot paper despatched in `year`, by what became of it."""
    table = electorate_table(year)
    groups = list(table["group"])
    described = ", ".join(
        f"{row.group} {row.papers:,} ({row.percent}%)" for row in table.itertuples()
    )
    return (
        alt.Chart(table.assign(order=range(len(table))))
        .mark_bar()
        .encode(
            x=alt.X("papers:Q", title="Ballot papers despatched", stack="zero"),
            color=alt.Color(
                "group:N",
                scale=candidate_scale(groups),
                title=None,
                sort=groups,
                legend=alt.Legend(orient="bottom", columns=3),
            ),
            order="order:Q",
            tooltip=["group", alt.Tooltip("papers:Q", format=","), "percent"],
        )
        .properties(
            title=f"Every ballot paper despatched in {year}, by what became of it",
            description=f"One stacked bar of all ballot papers despatched in {year}: {described}.",
            width=width,
            height=60,
        )
    )


PRECISE_EVENT = "event, known to the day"
PERIOD = "period, from start to end"
UNCERTAIN_EVENT = "event known only to the month or year, drawn over the span it may fall in"
# One colour per category in every timeline, whichever categories a chart happens to show.
CATEGORY_COLOURS = {
    "election": OKABE_ITO["bluish green"],
    "campaign": OKABE_ITO["blue"],
    "legal": OKABE_ITO["sky blue"],
    "law": OKABE_ITO["reddish purple"],
    "context": OKABE_ITO["orange"],
}


def _when(row) -> str:
    """The date of a timeline row in words, at the precision it is known to."""
    if row.kind == "period":
        return f"{row.earliest:%d %b %Y} to {row.latest:%d %b %Y}"
    if row.date_precision == "day":
        return f"{row.earliest:%d %b %Y}"
    known = f"{row.start_date:%Y}" if row.date_precision == "year" else f"{row.start_date:%b %Y}"
    return f"{known}, day unknown: {row.earliest:%d %b} to {row.latest:%d %b %Y}"


def timeline_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows of the `timeline` table with the span each is drawn over, in order of earliest date.

    `earliest` and `latest` are the first and last day a row may cover: a period's start and end;
    an event known to the day, that day; an event known only to the month or year, from the start
    of that month or year (or from the dated event it `follows`, if later) to its end. `label`
    is the title, with "(<month or year>, day unknown)" added to such an event.
    """
    every_date = load("timeline").set_index("event_id")["start_date"]
    table = rows.copy()
    month_end = table["start_date"] + pd.offsets.MonthEnd(0)
    year_end = table["start_date"] + pd.offsets.YearEnd(0)
    followed = table["follows"].map(every_date)
    uncertain = (table["kind"] == "event") & (table["date_precision"] != "day")
    table["earliest"] = table["start_date"].where(~uncertain | followed.isna(), followed)
    table["earliest"] = table[["earliest", "start_date"]].max(axis=1)
    table["latest"] = table["end_date"].fillna(table["start_date"])
    table.loc[uncertain, "latest"] = year_end.where(table["date_precision"] == "year", month_end)
    table["drawn as"] = PRECISE_EVENT
    table.loc[table["kind"] == "period", "drawn as"] = PERIOD
    table.loc[uncertain, "drawn as"] = UNCERTAIN_EVENT
    table["when"] = [_when(row) for row in table.itertuples()]
    known = table["when"].str.split(":").str[0]
    table["label"] = table["title"].where(~uncertain, table["title"] + " (" + known + ")")
    table = table.sort_values(["earliest", "latest"], kind="stable").reset_index(drop=True)
    table["order"] = range(1, len(table) + 1)
    return table


# Steps between time-axis ticks, in months: the first that leaves at most TIME_TICKS labels.
TICK_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)
TIME_TICKS = 5
EDGE_PADDING = 12  # pixels between the axis's ends and the first and last mark


def _time_axis(first: pd.Timestamp, last: pd.Timestamp) -> alt.Axis:
    """One label format on the whole axis ("Jan 2017", or "2017" for steps of a year or more),
    with ticks every 1, 2, 3 or 6 months or every few years: never "August" beside "Aug 15"."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = next((s for s in TICK_STEPS if months / s <= TIME_TICKS), TICK_STEPS[-1])
    if step >= 12:
        ticks = alt.TimeIntervalStep(interval="year", step=step // 12)
        return alt.Axis(format="%Y", tickCount=ticks)
    return alt.Axis(format="%b %Y", tickCount=alt.TimeIntervalStep(interval="month", step=step))


def _counted(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _drawn_in_words(counts: pd.Series, uncertain: pd.Series) -> str:
    """How each kind of row is drawn, in a sentence: only the kinds the chart holds."""
    parts = []
    if counts.get(PERIOD, 0):
        n = counts[PERIOD]
        parts.append(_counted(n, "period is a solid bar", "periods are solid bars"))
    if counts.get(PRECISE_EVENT, 0):
        n = counts[PRECISE_EVENT]
        parts.append(
            _counted(n, "event known to the day is a point", "events known to the day are points")
        )
    if counts.get(UNCERTAIN_EVENT, 0):
        n = counts[UNCERTAIN_EVENT]
        spelled = "; ".join(f"'{name}'" for name in uncertain)
        parts.append(
            _counted(
                n,
                "event known only to the month or year is a faint dashed bar over the span it "
                "may fall in",
                "events known only to the month or year are faint dashed bars over the span they "
                "may fall in",
            )
            + f": {spelled}"
        )
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " and " + parts[-1] + "."
    return (parts[0] + ".") if parts else ""


def timeline(rows: pd.DataFrame, title: str, width: int = 340) -> alt.LayerChart:
    """Periods and events on one time axis, one line each, in order of their earliest date.

    Periods are solid bars; events known to the day are points; an event known only to the month
    or year is a faint, outlined bar over every day it may fall on, and its label says so. The
    colour is the category. The axis is padded so that no mark is cut at its ends, and its labels
    share one format. With the default width the chart, legend included, fits in 760 px.
    """
    table = timeline_table(rows)
    shown = [name for name in CATEGORY_COLOURS if name in set(table["category"])]
    columns = [
        "label",
        "title",
        "when",
        "date_precision",
        "drawn as",
        "category",
        "source_id",
    ]
    data = table[columns].assign(
        earliest=table["earliest"].dt.strftime("%Y-%m-%d"),
        latest=(table["latest"] + pd.Timedelta(days=1)).dt.strftime("%Y-%m-%d"),
    )
    base = alt.Chart(data).encode(
        y=alt.Y(
            "label:N",
            sort=list(table["label"]),  # the table's order: earliest possible date first
            title=None,
            axis=alt.Axis(labelLimit=360),
        ),
        color=alt.Color(
            "category:N",
            title="Category",
            scale=alt.Scale(domain=shown, range=[CATEGORY_COLOURS[name] for name in shown]),
            legend=alt.Legend(orient="bottom", columns=5),
        ),
        tooltip=[
            "title",
            "when",
            alt.Tooltip("date_precision", title="date known to the"),
            "drawn as",
            "category",
            "source_id",
        ],
    )
    start = alt.X(
        "earliest:T",
        title=None,
        axis=_time_axis(table["earliest"].min(), table["latest"].max()),
        scale=alt.Scale(padding=EDGE_PADDING),
    )
    periods = (
        base.transform_filter(f"datum['drawn as'] == '{PERIOD}'")
        .mark_bar(size=12)
        .encode(x=start, x2="latest:T")
    )
    spans = (
        base.transform_filter(f"datum['drawn as'] == '{UNCERTAIN_EVENT}'")
        .mark_bar(
            size=12, fillOpacity=0.3, stroke=OKABE_ITO["black"], strokeDash=[3, 2], strokeWidth=1
        )
        .encode(x=start, x2="latest:T")
    )
    points = (
        base.transform_filter(f"datum['drawn as'] == '{PRECISE_EVENT}'")
        .mark_point(filled=True, size=90)
        .encode(x=start)
    )
    counts = table["drawn as"].value_counts()
    uncertain = table.loc[table["drawn as"] == UNCERTAIN_EVENT, "label"]
    description = (
        f"Timeline of {len(table)} rows from {table['earliest'].min():%B %Y} to "
        f"{table['latest'].max():%B %Y}, one line each in order of earliest date, starting "
        f"with '{table['title'].iloc[0]}' and ending with '{table['title'].iloc[-1]}'. "
        + _drawn_in_words(counts, uncertain)
    )
    return (periods + spans + points).properties(
        title=title, description=description, width=width, height=22 * len(table)
    )

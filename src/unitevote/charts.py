"""Display charts that more than one lesson shows, each defined once and called in one line.

These are charts whose code is not the lesson's point. The charts a lesson teaches are built in
the notebook itself, one encoding at a time.

- `electorate_table(year)` and `electorate(year)`: every ballot paper despatched in an election,
  split into each candidate's votes, spoiled papers and papers never returned (notebooks 02, 03).
- `timeline(rows, title)`: events and periods on a time axis, each drawn with the precision its
  date is known to (notebook 04).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .data import load
from .theme import candidate_scale

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

"""Text that notebooks 00 and 01 write from the data: plumbing, not part of either lesson.

- `paragraph_2017()`: 00's story of the 2017 election in one paragraph, every figure and date
  read from `data/` (results, elections, timeline, sources), none typed, and the counts only
  a candidate published credited to him.
- `votes_in_words(table)`: a table's candidates and their votes in words, most votes first, for
  a chart's description ("Len McCluskey 59,067, Gerard Coyne 53,544, Ian Allinson 17,143").
- `load_damaged_copy(name, find, replace)`: 01's damaged-file demonstration. It copies `data/`
  into a temporary folder, changes one piece of text in a copy of one table, loads that table
  from the copy and returns what `load` said. The real `data/` is never touched, and the copy is
  deleted before the function returns.

The pandas and Altair the lessons teach stay in the notebooks; these hide only the string
building and file handling that are not the lessons' point.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd

from .data import DATA_DIR, DataError, load


def paragraph_2017_text() -> str:
    """The story of the 2017 election in one paragraph of Markdown, written from the data.

    The papers despatched, returned and spoiled are credited to the source of the `elections`
    row (a candidate's campaign site: ledger F032 to F034), and the turnout to the row's
    `turnout_source_id` (the union's own statement, F035); the words fit only those kinds of
    source, so a change of source in the data stops here rather than miscrediting a figure.
    """
    elections = load("elections").set_index("election")
    sources = load("sources").set_index("source_id")
    timeline = load("timeline").set_index("event_id")
    results = load("results")
    election = elections.loc[2017]
    complaint, decision = timeline.loc["E18"], timeline.loc["E23"]
    votes = results[results["election"] == 2017].set_index("candidate")["votes"]
    votes = votes.sort_values(ascending=False)
    first, second, third = votes.index
    decision_id = decision["title"].split(":")[0]
    counts_source = sources.loc[election["source_id"]]
    campaigner = [name for name in votes.index if counts_source["publisher"].startswith(name)]
    turnout_kind = sources.loc[election["turnout_source_id"], "kind"]
    if counts_source["kind"] != "campaign" or len(campaigner) != 1 or turnout_kind != "union":
        raise ValueError("the 2017 counts' sources changed: reword the story paragraph's credits")
    return (
        f"In April 2017 **{first}** was re-elected general secretary of Unite the Union with "
        f"{votes[first]:,} votes, against {votes[second]:,} for {second} and {votes[third]:,} "
        f"for {third}: {votes.sum():,} votes in all. Ballot papers went by post to "
        f"{election['ballot_papers_despatched']:,} members; {election['papers_returned']:,} came "
        f"back, {election['spoiled_papers']:,} of them spoiled, according to {campaigner[0]}'s "
        f"{counts_source['kind']} site (Unite's own statement gave no spoiled count). The turnout "
        f"Unite published was {election['turnout_published_percent']}%. In "
        f"{complaint['start_date']:%B %Y} {second} complained to the Certification Officer. In "
        f"{decision['start_date']:%B %Y} the Assistant Certification Officer ruled that none of "
        f"the complaints succeeded (decision {decision_id}), so the result stood: there was no "
        "re-run."
    )


def paragraph_2017():
    """`paragraph_2017_text()` as Markdown, shown as formatted text when a cell ends with it."""
    from IPython.display import Markdown

    return Markdown(paragraph_2017_text())


def votes_in_words(table: pd.DataFrame) -> str:
    """Each candidate of `table` (columns `candidate`, `votes`) with their votes, most first."""
    ranked = table.sort_values("votes", ascending=False)
    return ", ".join(
        f"{name} {int(count):,}"
        for name, count in zip(ranked["candidate"], ranked["votes"], strict=True)
    )


def load_damaged_copy(name: str, find: str, replace: str) -> str:
    """What `load(name)` says when, in a temporary copy of `data/`, `find` becomes `replace`.

    Raises ValueError if `find` is not in the table's file (the damage would not happen).
    """
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "data"
        shutil.copytree(DATA_DIR, copy)
        damaged = copy / f"{name}.csv"
        text = damaged.read_text(encoding="utf-8")
        if find not in text:
            raise ValueError(f"{find!r} is not in data/{name}.csv: nothing to damage")
        damaged.write_text(text.replace(find, replace, 1), encoding="utf-8")
        try:
            load(name, data_dir=copy)
        except DataError as error:
            return str(error)
    return f"data/{name}.csv loaded without an error."

"""Each figure is credited to the source that stated it.

- A published turnout is credited to the source that published it (`elections.turnout_source_id`),
  which is the source of the ledger's turnout row for that election, not the source of the counts;
  it is the same value and text the ledger gives.
- Every chart in the notebooks that shows a published turnout beside a source shows that source.
- Every claim has a unit (what its number counts).

The expected values come from the facts ledger's own rows (data/ledger.csv, a copy of the
project's ledger), not from the code under test.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from outlets import OUTLETS

import unitevote
from unitevote.pattern import VEGALITE_MIME, notebook_paths

# The ledger's turnout row for each election (its "Turnout in ..." fact).
TURNOUT_FACT = {2010: "F006", 2013: "F018", 2017: "F035", 2021: "F052"}


@pytest.fixture(scope="module")
def elections():
    return unitevote.load("elections").set_index("election")


@pytest.fixture(scope="module")
def ledger():
    return unitevote.load("ledger").set_index("fact_id")


@pytest.mark.parametrize("year", sorted(TURNOUT_FACT))
def test_turnout_is_credited_to_the_source_that_published_it(year, elections, ledger):
    fact = ledger.loc[TURNOUT_FACT[year]]
    assert fact["claim"].startswith("Turnout in"), fact["claim"]
    row = elections.loc[year]
    assert row["turnout_source_id"] == fact["source_id"]
    assert float(row["turnout_published_percent"]) == float(fact["value"])
    assert TURNOUT_FACT[year] in row["ledger_ids"].split()


def test_turnout_sources_differ_from_count_sources_where_the_ledger_says_so(elections):
    # 2010's and 2013's turnouts were published by other sources than the counts: the case the
    # column exists for.
    differing = elections[elections["turnout_source_id"] != elections["source_id"]].index
    assert {2010, 2013} <= set(differing)


def turnout_rows_in_charts():
    """(notebook, row) for every chart data row holding a published turnout and a source."""
    for path in notebook_paths():
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            for output in cell.get("outputs", []):
                spec = output.get("data", {}).get(VEGALITE_MIME)
                if not spec:
                    continue
                for rows in spec.get("datasets", {}).values():
                    for row in rows:
                        if "turnout_published_percent" in row and "election" in row:
                            yield path.name, row


def test_charts_credit_each_published_turnout_to_its_publisher(elections):
    for name, row in turnout_rows_in_charts():
        sources = {key: row[key] for key in row if key.endswith("source_id")}
        if not sources:
            continue
        expected = elections.loc[int(row["election"]), "turnout_source_id"]
        assert expected in sources.values(), (
            f"{name}: a chart shows the {row['election']} turnout with {sources}, but it was "
            f"published by {expected}"
        )


def test_every_claim_has_a_unit():
    claims = unitevote.load("claims")
    missing = claims[claims["unit"].isna() | (claims["unit"].astype(str).str.strip() == "")]
    assert missing.empty, f"claims without a unit: {list(missing['claim_id'])}"


# ---------------------------------------------------------------- every figure, its own source
#
# A count shown in a chart or table is credited to the source that published it (issue 20,
# item 7: 79,819 and 1,412 invalid papers are the Yorkshire Post's; the BBC said "almost
# 80,000"). What each source published is read from the data: the ledger's value for its row's
# source, the figures a ledger note gives in a sentence naming no other source (or naming it),
# the claims, results, nominations and comparators, and the published turnouts.

COUNT = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\d,]|\.\d)|(?<![\w.,])\d{5,}(?![\d.])")
# Publishers as the course's prose names them (people are not publishers: "Allinson 17,143" is
# a count, not a credit), and the ids or id prefixes each stands for.
PUBLISHERS = {
    **OUTLETS,
    "Allinson's campaign": ["seed-allinson-site-2017"],
    "Allinson's site": ["seed-allinson-site-2017"],
    "Allinson's statement": ["seed-allinson-site-2017"],
    "iansunitesite": ["iansunitesite-"],
    "Hicks's statement": ["hicks-message-2010"],
    "Hicks's group": ["hicks-group-statements", "press-2014-via-hicks-group"],
    "Certification Officer": ["co-"],
}
# The course's own tables, cited in a note: a figure they hold is credited there, by its row.
TABLE_CITES = {
    "results.csv": ("results", "votes"),
    "nominations.csv": ("nominations", "nominations"),
}
CLAUSE = re.compile(r";\s+|(?<=[.!?])\s+(?=[A-Z(])")


def as_number(text: str) -> float | None:
    try:
        return float(str(text).replace(",", ""))
    except ValueError:
        return None


@pytest.fixture(scope="module")
def tables():
    return {name: unitevote.load(name) for name in unitevote.tables()}


@pytest.fixture(scope="module")
def published(tables) -> dict[str, set[float]]:
    """`published_by`, worked out once for the module's tests."""
    return published_by(tables)


def published_by(tables) -> dict[str, set[float]]:
    """Source id -> every figure the data says that source published."""
    found: dict[str, set[float]] = {}

    def add(source_id, value):
        number = as_number(value)
        if source_id and number is not None:
            found.setdefault(source_id, set()).add(number)

    ids = list(tables["sources"]["source_id"])
    for row in tables["ledger"].itertuples():
        add(row.source_id, row.value)
        for clause in CLAUSE.split(str(row.note) if isinstance(row.note, str) else ""):
            named = credited(clause, ids, tables) or {row.source_id}
            for figure in COUNT.findall(clause):
                for source_id in named:
                    add(source_id, figure)
    for name, column in [
        ("claims", "value"),
        ("results", "votes"),
        ("nominations", "nominations"),
        ("comparators", "turnout_percent"),
    ]:
        for source_id, value in zip(tables[name]["source_id"], tables[name][column], strict=True):
            add(source_id, value)
    elections = tables["elections"]
    for source_id, value in zip(
        elections["turnout_source_id"], elections["turnout_published_percent"], strict=True
    ):
        add(source_id, value)
    return found


def named_publishers(clause: str, ids) -> dict[str, set[str]]:
    """Each publisher the clause names, with the sources the name stands for."""
    names = {}
    for name, targets in PUBLISHERS.items():
        if re.search(rf"(?<![\w-]){re.escape(name)}(?![a-z])", clause):
            names[name] = {sid for sid in ids for t in targets if sid == t or t in sid}
    return names


def credited(clause: str, ids, tables) -> set[str]:
    """Every source a clause names: publishers, source ids, ledger and claim ids, seed numbers."""
    found = set().union(*named_publishers(clause, ids).values())
    found |= {sid for sid in ids if re.search(rf"(?<![\w-]){re.escape(sid)}(?![\w-])", clause)}
    ledger = tables["ledger"].set_index("fact_id")["source_id"]
    claims = tables["claims"].set_index("claim_id")["source_id"]
    for kind, first, last in re.findall(
        r"\b([FC])(\d{3})(?:\s*[-\u2013]\s*[FC]?(\d{3}))?\b", clause
    ):
        table = ledger if kind == "F" else claims
        for number in range(int(first), int(last or first) + 1):
            if f"{kind}{number:03d}" in table.index:
                found.add(table[f"{kind}{number:03d}"])
    for number in re.findall(r"\bseed (00\d)\b", clause, re.I):
        seeds = tables["sources"][
            tables["sources"]["provenance"].str.contains(f"seed text {number}_")
        ]
        found |= set(seeds["source_id"])
    return found


def uncredited_counts(text: str, own_source: str, tables, published) -> list[str]:
    """The counts in `text` not published by the source the clause credits them to: every
    publisher the clause names must have published each count; a clause that names none
    credits the ids it cites, or else the row's own source."""
    ids = list(tables["sources"]["source_id"])
    problems = []
    for clause in CLAUSE.split(text):
        figures = [as_number(figure) for figure in COUNT.findall(clause)]
        if not figures:
            continue
        publishers = named_publishers(clause, ids)
        cited = credited(clause, ids, tables) - set().union(*publishers.values())
        for table, (name, _column) in TABLE_CITES.items():
            if table in clause:
                cited |= {f"table:{name}"}
        for figure in figures:
            if publishers:
                missing = [
                    n
                    for n, sids in publishers.items()
                    if not any(figure in published.get(s, ()) for s in sids)
                ]
                if missing:
                    problems.append(
                        f"{figure:,.0f} is credited to {missing}, who did not publish it: {clause!r}"
                    )
                continue
            holders = cited or {own_source}
            in_tables = any(
                figure in set(tables[name][column])
                for table, (name, column) in TABLE_CITES.items()
                if f"table:{name}" in holders
            )
            if not in_tables and not any(figure in published.get(s, ()) for s in holders):
                problems.append(
                    f"{figure:,.0f} is credited to {sorted(holders)}, who did not publish it: {clause!r}"
                )
    return problems


def test_counts_in_the_timeline_and_framing_notes_credit_their_own_source(tables, published):
    """The timeline's descriptions (charted in 04) and the framing notes (printed in 04)."""
    problems = []
    for name, column, key in [
        ("timeline", "description", "event_id"),
        ("framing", "notes", "framing_id"),
    ]:
        for row in tables[name].itertuples():
            text = getattr(row, column)
            if isinstance(text, str):
                found = uncredited_counts(text, row.source_id, tables, published)
                problems += [f"{name} {getattr(row, key)}: {p}" for p in found]
    assert not problems, "\n".join(problems)


def test_every_count_in_a_table_is_its_own_sources(tables, published):
    """results and nominations: each row's figure was published by the row's own source."""
    problems = [
        f"{name}: {row['candidate']} {row['election']} {row[column]} ({row['source_id']})"
        for name, column in [("results", "votes"), ("nominations", "nominations")]
        for _, row in tables[name].iterrows()
        if float(row[column]) not in published.get(row["source_id"], set())
    ]
    assert not problems, "figures their row's source did not publish:\n" + "\n".join(problems)


def chart_rows_with_a_source():
    """(notebook, row) for every chart data row that shows a figure beside a source_id."""
    for path in notebook_paths():
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            for output in cell.get("outputs", []):
                spec = output.get("data", {}).get(VEGALITE_MIME)
                for rows in (spec or {}).get("datasets", {}).values():
                    for row in rows:
                        if "source_id" in row and set(row) & CHART_FIGURES:
                            yield path.name, row


CHART_FIGURES = {"votes", "turnout_percent", "value", "nominations"}


def test_every_figure_in_a_chart_is_its_rows_sources(tables, published):
    problems = [
        f"{name}: {key}={row[key]} shown with {row['source_id']}, which did not publish it"
        for name, row in chart_rows_with_a_source()
        for key in sorted(set(row) & CHART_FIGURES)
        if float(row[key]) not in published.get(row["source_id"], set())
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("text", "own_source", "fails"),
    [
        # Before issue 20: the BBC credited with the Yorkshire Post's counts (E06, R22).
        (
            "McCluskey re-elected with 144,570 votes to Jerry Hicks's 79,819.",
            "bbc-2013-result",
            True,
        ),
        (
            "BBC and the Yorkshire Post give 144,570 to 79,819 with 1,412 invalid (ledger F012-F014).",
            "seed-unionnews-2013",
            True,
        ),
        (
            "McCluskey re-elected with 144,570 votes (BBC); Jerry Hicks had 79,819 (Yorkshire Post, "
            "ledger F013); the BBC said 'almost 80,000'.",
            "bbc-2013-result",
            False,
        ),
    ],
)
def test_the_count_check_catches_a_misattributed_figure(text, own_source, fails, tables, published):
    assert bool(uncredited_counts(text, own_source, tables, published)) is fails

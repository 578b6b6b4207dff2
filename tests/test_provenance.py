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

import nbformat
import pytest

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

"""The data package: it validates, its arithmetic holds, and its figures match their sources.

Expected numbers here are the ones the sources state (the seed texts and the facts ledger),
not values computed by the code under test.
"""

import re
from pathlib import Path

import frictionless
import pandas as pd
import pytest

import unitevote
from unitevote.pattern import ROOT

DATA = ROOT / "data"


@pytest.fixture(scope="module")
def tables():
    return {name: unitevote.load(name) for name in unitevote.tables()}


def test_package_validates_with_frictionless():
    report = frictionless.Package(str(DATA / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_every_column_has_type_unit_and_description():
    for name in unitevote.tables():
        dictionary = unitevote.data_dictionary(name)
        assert dictionary["type"].ne("").all(), name
        assert dictionary["unit"].ne("").all(), f"{name}: a column has no unit"
        assert dictionary["description"].str.len().gt(10).all(), (
            f"{name}: a column has no description"
        )


def test_every_table_with_rows_from_sources_has_source_ids_that_exist(tables):
    known = set(tables["sources"]["source_id"])
    for name, frame in tables.items():
        if "source_id" in frame and name != "sources":
            assert set(frame["source_id"]) <= known, name


def test_the_five_seed_texts_are_sources(tables):
    seeds = {
        "seed-independent-2017",
        "seed-huffpost-2017",
        "seed-unionnews-2013",
        "seed-politicshome-repost-2017",
        "seed-allinson-site-2017",
    }
    assert seeds <= set(tables["sources"]["source_id"])


def test_2017_result_as_stated_by_the_sources(tables):
    # Seeds 000, 001 and 004; ledger F029-F031.
    results = tables["results"].query("election == 2017").set_index("candidate")["votes"]
    assert results.to_dict() == {
        "Len McCluskey": 59067,
        "Gerard Coyne": 53544,
        "Ian Allinson": 17143,
    }
    election = tables["elections"].set_index("election").loc[2017]
    # Seed 004: "Spoiled papers 317 ... Total vote 130071 (turnout of 12.2%, from 1062049 ballot papers despatched)"
    assert (election["spoiled_papers"], election["papers_returned"]) == (317, 130071)
    assert election["ballot_papers_despatched"] == 1062049
    assert election["turnout_published_percent"] == 12.2


def test_results_cover_the_four_elections(tables):
    assert sorted(tables["results"]["election"].unique()) == [2010, 2013, 2017, 2021]
    assert sorted(tables["elections"]["election"]) == [2010, 2013, 2017, 2021]


def test_votes_plus_spoiled_papers_equal_papers_returned(tables):
    votes = tables["results"].groupby("election")["votes"].sum()
    for _, election in tables["elections"].iterrows():
        year = election["election"]
        if pd.isna(election["papers_returned"]):
            # 2010: no total of papers returned was published; the notes must say so.
            assert re.search(
                r"no (published )?total|not published|not found", election["notes"], re.I
            ), year
            continue
        if pd.isna(election["spoiled_papers"]):
            # 2021: no spoiled count was published; the gap is documented, never filled in.
            gap = election["papers_returned"] - votes[year]
            assert gap >= 0, year
            assert f"{gap:,}" in election["notes"] or str(gap) in election["notes"], (year, gap)
            continue
        assert votes[year] + election["spoiled_papers"] == election["papers_returned"], year


def test_published_turnout_agrees_with_the_counts_to_its_precision(tables):
    votes = tables["results"].groupby("election")["votes"].sum()
    for _, election in tables["elections"].iterrows():
        year, published = election["election"], election["turnout_published_percent"]
        if pd.isna(election["ballot_papers_despatched"]):
            assert "despatched" in election["notes"] or "sent" in election["notes"], year
            continue
        returned = election["papers_returned"]
        if pd.isna(returned):
            # 2010: only the valid votes are known; they give 15.9%, the published figure is 15.8%.
            computed = round(votes[year] / election["ballot_papers_despatched"] * 100, 1)
            assert computed != published and "15.9" in election["notes"], year
            continue
        assert round(returned / election["ballot_papers_despatched"] * 100, 1) == published, year


def test_results_match_the_ledger_rows_they_cite(tables):
    ledger = tables["ledger"].set_index("fact_id")
    for _, row in tables["results"].dropna(subset=["ledger_id"]).iterrows():
        assert int(ledger.loc[row["ledger_id"], "value"]) == row["votes"], row["candidate"]


WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "fifteen": 15, "twenty": 20}


def parse_stated(text: str) -> float:
    """Read a number as a source wrote it: '59,067', '12.2%', '1.5m', 'fifteen', 'just over 12 per cent'."""
    lowered = text.lower()
    match = re.search(r"(\d[\d,]*(?:\.\d+)?)\s*(m|million)?\b", lowered)
    if match:
        value = float(match.group(1).replace(",", ""))
        return value * 1_000_000 if match.group(2) else value
    for word, value in WORDS.items():
        if re.search(rf"\b{word}\b", lowered):
            return float(value)
    raise ValueError(f"no number in {text!r}")


def test_every_claims_stated_value_parses_to_its_value(tables):
    for _, claim in tables["claims"].iterrows():
        assert parse_stated(claim["value_text"]) == pytest.approx(claim["value"]), claim["claim_id"]


def test_claims_quote_at_most_one_sentence(tables):
    for _, claim in tables["claims"].dropna(subset=["quotation"]).iterrows():
        sentences = re.findall(r"[.!?][\"'\u201d\u2019]?\s+[A-Z\u201c\"]", claim["quotation"])
        assert len(sentences) == 0, claim["claim_id"]


def test_every_seed_makes_claims(tables):
    claimed = set(tables["claims"].query("in_seed")["source_id"])
    assert {s for s in tables["sources"]["source_id"] if s.startswith("seed-")} <= claimed


def test_a_table_loaded_again_is_a_fresh_copy_and_follows_its_file(tmp_path):
    """Loading again returns the table read before (not parsed again), as a copy of its own; a
    changed file is read and validated anew."""
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(Path(unitevote.data.DATA_DIR), folder)
    first = unitevote.load("elections", data_dir=folder)
    first.loc[first.index[0], "spoiled_papers"] = -1  # a learner's edit stays in their copy
    again = unitevote.load("elections", data_dir=folder)
    assert again is not first and (again["spoiled_papers"] >= 0).all()
    csv = folder / "elections.csv"
    header, *rows = csv.read_text(encoding="utf-8").splitlines()
    csv.write_text("\n".join([header, *rows[:-1]]) + "\n", encoding="utf-8")
    assert len(unitevote.load("elections", data_dir=folder)) == len(again) - 1

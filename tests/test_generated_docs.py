"""Generated documentation is current: `make docs` (tools/generate_docs.py) would change nothing.

- data/README.md's tables (files, row counts, columns, keys) match data/datapackage.json and the
  CSV files, and its "Known disagreements" list is the one the rows give (every quantity held in
  more than one version, each version with its source and row);
- the teacher guide's handout is notebook 04's checklist, as the notebook has it now;
- docs/answer_key.md is the exercise registry's key as the data gives it now;
- src/unitevote/validated.json lists the committed tables, each validated afresh (so a table
  edited by hand is validated on load until `make docs` has checked it);
- src/unitevote/pictures.json lists the committed notebooks' charts with their pictures' digests
  (a chart re-executed with other pictures is drawn, not reused, until `make docs` records it).
"""

import pytest

from tools import generate_docs


@pytest.mark.parametrize(
    "path", list(generate_docs.generated()), ids=lambda path: path.relative_to(generate_docs.ROOT)
)
def test_generated_parts_are_current(path):
    expected = generate_docs.generated()[path]()
    assert path.read_text(encoding="utf-8") == expected, (
        f"{path.relative_to(generate_docs.ROOT)} is out of date: run `make docs` and commit"
    )


def test_readme_generation_follows_the_package(tmp_path):
    """A column added to the package appears in the README; the prose stays as written."""
    import json
    import shutil

    data = tmp_path / "data"
    shutil.copytree(generate_docs.DATA, data)
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"][0]["schema"]["fields"].append(
        {
            "name": "extra_column",
            "type": "integer",
            "unit": "votes",
            "description": "Unit: votes. New.",
        }
    )
    (data / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    before = (data / "README.md").read_text(encoding="utf-8")
    after = generate_docs.data_readme(before, data)
    assert "| `extra_column` | integer | votes | New. |" in after
    prose = [
        line
        for line in before.splitlines()
        if line and not line.startswith(("|", "<!--", "Primary", "Foreign"))
    ]
    assert all(line in after for line in prose)


def test_missing_marker_is_reported():
    with pytest.raises(generate_docs.GeneratedDocsError, match="generated:tables"):
        generate_docs.replace_block("no markers here", "tables", "x", "README.md")


def test_known_disagreements_are_the_datas():
    """data/README.md's "Known disagreements" is generated from the rows (issue 20, item 12):
    the 2021 membership claims (C081-C084, facts notes conflict 3) are there, beside the earlier
    ones, and each version names its row."""
    block = generate_docs.block("disagreements").search(
        generate_docs.DATA_README.read_text(encoding="utf-8")
    )
    assert block, "data/README.md has no generated disagreements block"
    membership = next(
        line for line in block["body"].splitlines() if line.startswith("| membership")
    )
    for claim_id in ("C017", "C066", "C067", "C081", "C082", "C083", "C084"):
        assert claim_id in membership, f"{claim_id} missing from the membership disagreement"
    assert "notes.md conflict 3" in membership


def test_a_new_version_in_the_data_appears_in_the_disagreements(tmp_path):
    """A claim added to the data with a value no other source gave becomes a version in the
    README's list; one that repeats an existing value does not make a new row."""
    import csv
    import shutil

    data = tmp_path / "data"
    shutil.copytree(generate_docs.DATA, data)
    before = generate_docs.disagreements(data)
    with (data / "claims.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    spoiled = next(row for row in rows if row["claim_id"] == "C032")  # 2017 spoiled papers, 317
    rows.append(
        {
            **spoiled,
            "claim_id": "C999",
            "source_id": "seed-huffpost-2017",
            "value_text": "318",
            "value": "318",
        }
    )
    with (data / "claims.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    after = generate_docs.disagreements(data)
    assert "2017 spoiled papers" not in before
    added = next(line for line in after.splitlines() if line.startswith("| 2017 spoiled papers"))
    assert "318 (HuffPost UK C999)" in added and "317 (Ian Allinson campaign C032)" in added
    readme = generate_docs.data_readme((data / "README.md").read_text(encoding="utf-8"), data)
    assert added in readme

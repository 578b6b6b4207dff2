"""Generated documentation is current: `make docs` (tools/generate_docs.py) would change nothing.

- data/README.md's tables (files, row counts, columns, keys) match data/datapackage.json and the
  CSV files;
- the teacher guide's handout is notebook 04's checklist, as the notebook has it now.
"""

import pytest

from tools import generate_docs


@pytest.mark.parametrize(
    "path", [generate_docs.DATA_README, generate_docs.GUIDE], ids=["data-readme", "teacher-guide"]
)
def test_generated_parts_are_current(path):
    expected = generate_docs.generated()[path]
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

"""Corrupted copies of every table raise DataError naming file, line and column; files are never changed.

Each test copies the whole data package to a temporary folder, damages one file there, loads it
through `unitevote.load(name, data_dir=copy)`, and compares every file's bytes before and after.
"""

import hashlib
import json
import shutil
from pathlib import Path

import pytest

import unitevote
from unitevote import DataError
from unitevote.pattern import ROOT

DATA = ROOT / "data"
DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {resource["name"]: resource for resource in DESCRIPTOR["resources"]}


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
    }


@pytest.fixture
def package_copy(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def write_lines(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def set_cell(line: str, position: int, value: str) -> str:
    """Replace one cell of a CSV line (our files quote cells that contain commas)."""
    import csv
    import io

    cells = next(csv.reader([line]))
    cells[position] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    return buffer.getvalue()


def fields_of(name):
    return RESOURCES[name]["schema"]["fields"]


def first_field(name, predicate):
    for position, field in enumerate(fields_of(name)):
        if predicate(field):
            return position, field
    return None


def load_expecting_error(name, folder, line, column):
    before = fingerprint(folder)
    with pytest.raises(DataError) as caught:
        unitevote.load(name, data_dir=folder)
    after = fingerprint(folder)
    assert before == after, "load() changed a data file"
    error = caught.value
    message = str(error)
    path = RESOURCES[name]["path"]
    assert path in message, message
    assert f"line {line}" in message, message
    assert column in message, message
    assert "expected" in message, message
    assert error.line == line and column in str(error.column)
    return error


TABLES = sorted(RESOURCES)


def _typed_field(name):
    """A number column first (the common case: "twelve" for 12); else a date or boolean column."""
    return first_field(name, lambda f: f["type"] in ("integer", "number")) or first_field(
        name, lambda f: f["type"] in ("date", "boolean")
    )


def _bounded_field(name):
    return first_field(name, lambda f: f.get("constraints", {}).get("minimum") == 0)


# The tables each damage applies to (a table of text only has no value of the wrong type).
TYPED = [name for name in TABLES if _typed_field(name)]
BOUNDED = [name for name in TABLES if _bounded_field(name)]
KEYED = [name for name in TABLES if "primaryKey" in RESOURCES[name]["schema"]]


def test_every_kind_of_damage_has_tables_to_apply_to():
    assert TYPED and BOUNDED and KEYED, (TYPED, BOUNDED, KEYED)
    assert {"results", "elections"} <= set(TYPED) & set(BOUNDED) & set(KEYED)


@pytest.mark.parametrize("name", TABLES)
def test_valid_table_loads_and_leaves_files_alone(name, package_copy):
    before = fingerprint(package_copy)
    frame = unitevote.load(name, data_dir=package_copy)
    assert len(frame) == len(lines_of(package_copy / RESOURCES[name]["path"])) - 1
    assert fingerprint(package_copy) == before


@pytest.mark.parametrize("name", TYPED)
def test_value_of_the_wrong_type(name, package_copy):
    position, field = _typed_field(name)
    path = package_copy / RESOURCES[name]["path"]
    lines = lines_of(path)
    lines[2] = set_cell(lines[2], position, "twelve")
    write_lines(path, lines)
    error = load_expecting_error(name, package_copy, line=3, column=field["name"])
    assert error.value == "twelve"


@pytest.mark.parametrize("name", BOUNDED)
def test_negative_count(name, package_copy):
    position, field = _bounded_field(name)
    path = package_copy / RESOURCES[name]["path"]
    lines = lines_of(path)
    lines[1] = set_cell(lines[1], position, "-5")
    write_lines(path, lines)
    error = load_expecting_error(name, package_copy, line=2, column=field["name"])
    assert "at least 0" in error.expected


@pytest.mark.parametrize("name", TABLES)
def test_missing_column(name, package_copy):
    path = package_copy / RESOURCES[name]["path"]
    import csv
    import io

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    dropped = fields_of(name)[-1]["name"]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([row[:-1] for row in rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    load_expecting_error(name, package_copy, line=1, column=dropped)


@pytest.mark.parametrize("name", KEYED)
def test_duplicated_key(name, package_copy):
    path = package_copy / RESOURCES[name]["path"]
    lines = lines_of(path)
    write_lines(path, lines + [lines[1]])
    key = RESOURCES[name]["schema"]["primaryKey"]
    key = [key] if isinstance(key, str) else key
    error = load_expecting_error(name, package_copy, line=len(lines) + 1, column=key[0])
    assert "line 2" in error.expected


@pytest.mark.parametrize(
    "name",
    [n for n in TABLES if any(f["name"] == "source_id" for f in fields_of(n)) and n != "sources"],
)
def test_unknown_source_id(name, package_copy):
    position, _ = first_field(name, lambda f: f["name"] == "source_id")
    path = package_copy / RESOURCES[name]["path"]
    lines = lines_of(path)
    lines[1] = set_cell(lines[1], position, "no-such-source")
    write_lines(path, lines)
    error = load_expecting_error(name, package_copy, line=2, column="source_id")
    assert error.value == "no-such-source"
    assert "sources.csv" in str(
        error
    )  # a column with an enum reports that first, then the foreign key


@pytest.mark.parametrize("name", TABLES)
def test_empty_file(name, package_copy):
    (package_copy / RESOURCES[name]["path"]).write_bytes(b"")
    load_expecting_error(name, package_copy, line=1, column="(header)")


@pytest.mark.parametrize("name", TABLES)
def test_header_only(name, package_copy):
    path = package_copy / RESOURCES[name]["path"]
    write_lines(path, lines_of(path)[:1])
    load_expecting_error(name, package_copy, line=2, column="(all)")


@pytest.mark.parametrize("name", TABLES)
def test_not_utf8(name, package_copy):
    path = package_copy / RESOURCES[name]["path"]
    lines = lines_of(path)
    position = len(fields_of(name)) - 1
    lines[3] = set_cell(lines[3], position, "Caf\u00e9")
    path.write_bytes(("\n".join(lines) + "\n").encode("latin-1", errors="replace"))
    error = load_expecting_error(
        name, package_copy, line=4, column=fields_of(name)[position]["name"]
    )
    assert "UTF-8" in error.expected


@pytest.mark.parametrize("name", TABLES)
def test_bom_and_windows_line_endings_load(name, package_copy):
    path = package_copy / RESOURCES[name]["path"]
    original = unitevote.load(name, data_dir=package_copy)
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    before = fingerprint(package_copy)
    converted = unitevote.load(name, data_dir=package_copy)
    assert fingerprint(package_copy) == before
    assert list(converted.columns) == list(original.columns)
    assert converted.equals(original)


def test_unknown_table_names_the_tables():
    with pytest.raises(KeyError, match="results"):
        unitevote.load("no_such_table")


def test_a_broken_referenced_table_is_reported_as_itself(package_copy):
    sources = package_copy / "sources.csv"
    lines = lines_of(sources)
    lines[2] = set_cell(lines[2], 4, "21 April 2017")  # date_published
    write_lines(sources, lines)
    before = fingerprint(package_copy)
    with pytest.raises(DataError) as caught:
        unitevote.load("results", data_dir=package_copy)  # results.csv is fine; its sources are not
    assert fingerprint(package_copy) == before
    error = caught.value
    assert (error.file, error.line, error.column) == ("data/sources.csv", 3, "date_published")
    assert "YYYY-MM-DD" in error.expected


def test_a_quoted_cell_left_open_is_reported(package_copy):
    path = package_copy / "results.csv"
    lines = lines_of(path)
    unfinished = set_cell(lines[-1], 6, "PLACEHOLDER").replace("PLACEHOLDER", '"an open quote')
    path.write_text(
        "\n".join(lines + [unfinished]), encoding="utf-8"
    )  # the file ends inside the quote
    error = load_expecting_error("results", package_copy, line=len(lines) + 1, column="notes")
    assert "double quote" in error.expected


def test_utf16_file_is_named_as_such(package_copy):
    path = package_copy / "results.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    error = load_expecting_error("results", package_copy, line=1, column="(whole file)")
    assert error.value == "UTF-16 text" and "UTF-8" in error.expected


def test_empty_header_label_is_located(package_copy):
    path = package_copy / "results.csv"
    lines = lines_of(path)
    write_lines(path, [lines[0] + ","] + lines[1:])
    load_expecting_error(
        "results", package_copy, line=1, column=f"(column {len(fields_of('results')) + 1})"
    )


# Own pre-checks of unitevote.data (where Frictionless cannot locate the problem), and the
# structured fields of Frictionless's header errors.


def test_missing_file_is_named(package_copy):
    (package_copy / "results.csv").unlink()
    with pytest.raises(DataError) as caught:
        unitevote.load("results", data_dir=package_copy)
    assert caught.value.file == "data/results.csv" and caught.value.value == "(no file)"


def test_line_after_a_multiline_cell(package_copy):
    """A quoted cell spanning lines: the next row's error is on its physical line."""
    path = package_copy / "results.csv"
    lines = lines_of(path)
    position = len(fields_of("results")) - 1  # notes
    quoted = '"first line\nsecond line"'  # csv.writer with no line terminator would not quote it
    lines[1] = set_cell(lines[1], position, "PLACEHOLDER").replace("PLACEHOLDER", quoted)
    votes, _ = first_field("results", lambda f: f["name"] == "votes")
    lines[2] = set_cell(lines[2], votes, "many")
    write_lines(path, lines)
    load_expecting_error("results", package_copy, line=4, column="votes")


def test_columns_out_of_order_are_located(package_copy):
    path = package_copy / "results.csv"
    lines = lines_of(path)
    header = lines[0].split(",")
    header[0], header[1] = header[1], header[0]
    write_lines(path, [",".join(header)] + lines[1:])
    error = load_expecting_error("results", package_copy, line=1, column=header[0])
    assert "in the order" in error.expected

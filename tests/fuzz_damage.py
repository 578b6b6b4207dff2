"""The fuzzing of tests/test_fuzz_load.py: Hypothesis's strategies, the damages and the checks.

Imported only when those tests run (not when pytest collects every module in every worker):
pytest rewrites the asserts of Hypothesis's own modules on import, seconds of work per process.
"""

import csv
import hashlib
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, Phase, event, given, note, settings
from hypothesis import strategies as st

import unitevote
from unitevote import DataError
from unitevote.data import DATA_DIR

DATA = DATA_DIR
DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {resource["name"]: resource for resource in DESCRIPTOR["resources"]}
TABLES = sorted(RESOURCES)
# Shrinking a failure means hundreds of loads, each validating tables, longer than the whole
# test run; `make test` reports the failing example as found. Set UNITEVOTE_FUZZ_SHRINK=1 to
# get the minimal example.
PHASES = [Phase.explicit, Phase.reuse, Phase.generate]
if os.environ.get("UNITEVOTE_FUZZ_SHRINK"):
    PHASES.append(Phase.shrink)
# The examples per test are sized to `make test`'s time budget (every damage and every table
# still comes up); UNITEVOTE_FUZZ_SCALE=10 tries ten times as many (each run tries the same ones:
# `derandomize`).
SCALE = int(os.environ.get("UNITEVOTE_FUZZ_SCALE", "1"))
FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    phases=PHASES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def dependants(name: str) -> list[str]:
    """Tables whose foreign keys point at `name` (loading them reads `name` too)."""
    return sorted(
        other
        for other, resource in RESOURCES.items()
        if any(
            key["reference"].get("resource") == name
            for key in resource["schema"].get("foreignKeys", [])
        )
    )


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# --- mutations: each takes the file's bytes and a Hypothesis `data` object, returns new bytes ---

CELL_VALUES = st.one_of(
    st.just(""),
    st.text(max_size=12),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        ["12.2%", "59,067", "NA", "null", "true", "2017-13-45", " 42 ", '"', "\n", "\u00e9"]
    ),
)


def rows_of(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def replace_cell(raw, data):
    rows = rows_of(raw)
    row = data.draw(st.integers(0, len(rows) - 1), label="row (0 = header)")
    column = data.draw(st.integers(0, max(len(rows[row]) - 1, 0)), label="column")
    value = data.draw(CELL_VALUES, label="new value")
    if rows[row]:
        rows[row][column] = value
    return csv_bytes(rows)


def delete_column(raw, data):
    rows = rows_of(raw)
    column = data.draw(st.integers(0, len(rows[0]) - 1), label="column")
    return csv_bytes([row[:column] + row[column + 1 :] for row in rows])


def duplicate_column(raw, data):
    rows = rows_of(raw)
    column = data.draw(st.integers(0, len(rows[0]) - 1), label="column")
    return csv_bytes(
        [row[: column + 1] + row[column : column + 1] + row[column + 1 :] for row in rows]
    )


def insert_line(raw, data):
    lines = raw.split(b"\n")
    where = data.draw(st.integers(0, len(lines)), label="insert before line index")
    new = data.draw(
        st.one_of(st.sampled_from(lines), st.just(b""), st.text(max_size=40).map(str.encode)),
        label="inserted line",
    )
    return b"\n".join(lines[:where] + [new] + lines[where:])


def delete_line(raw, data):
    lines = raw.split(b"\n")
    where = data.draw(st.integers(0, len(lines) - 1), label="deleted line index")
    return b"\n".join(lines[:where] + lines[where + 1 :])


def reencode(raw, data):
    encoding = data.draw(
        st.sampled_from(["latin-1", "utf-16", "utf-16-le", "cp1252"]), label="encoding"
    )
    return raw.decode("utf-8").encode(encoding, errors="replace")


def line_endings(raw, data):
    ending = data.draw(st.sampled_from([b"\r\n", b"\r"]), label="line ending")
    return raw.replace(b"\n", ending)


def truncate(raw, data):
    return raw[: data.draw(st.integers(0, len(raw)), label="truncate at byte")]


def add_bom(raw, data):
    bom = data.draw(
        st.sampled_from([b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf", b"\xff\xfe"]), label="bom"
    )
    return bom + raw


MUTATIONS = {
    "replace_cell": replace_cell,
    "delete_column": delete_column,
    "duplicate_column": duplicate_column,
    "insert_line": insert_line,
    "delete_line": delete_line,
    "reencode": reencode,
    "line_endings": line_endings,
    "truncate": truncate,
    "add_bom": add_bom,
}
# Mutations that need the file to still be UTF-8 CSV (applied first when mutations are stacked).
TEXTUAL = ["replace_cell", "delete_column", "duplicate_column", "insert_line", "delete_line"]


def load_damaged(pristine: Path, damaged: str, loaded: str, mutations: list[str], data) -> None:
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "data"
        shutil.copytree(pristine, copy)
        path = copy / RESOURCES[damaged]["path"]
        raw = path.read_bytes()
        for mutation in mutations:
            raw = MUTATIONS[mutation](raw, data)
        path.write_bytes(raw)
        note(f"{RESOURCES[damaged]['path']} after {mutations}, first bytes: {raw[:300]!r}")
        before = fingerprint(copy)
        try:
            frame = unitevote.load(loaded, data_dir=copy)
        except DataError as error:
            event(f"DataError: expected {error.expected.split(':')[0][:40]}")
            assert_says_where(error, {damaged, loaded})
        else:
            event("loaded")
            assert isinstance(frame, pd.DataFrame)
            assert list(frame.columns) == [
                field["name"] for field in RESOURCES[loaded]["schema"]["fields"]
            ]
        assert fingerprint(copy) == before, "unitevote.load changed a file in the data folder"


def assert_says_where(error: DataError, names: set[str]) -> None:
    message = str(error)
    paths = [RESOURCES[name]["path"] for name in sorted(names)]
    assert any(path in message for path in paths), f"the message names none of {paths}: {message}"
    assert isinstance(error.line, int) and error.line >= 1, f"no line number: {message}"
    assert f"line {error.line}" in message, message
    assert isinstance(error.column, str) and error.column.strip() and error.column != "-", (
        f"no column: {message}"
    )
    assert repr(error.column) in message, message


@settings(FUZZ, max_examples=80 * SCALE)
@given(data=st.data())
def one_damage(pristine, data):
    damaged = data.draw(st.sampled_from(TABLES), label="damaged table")
    mutation = data.draw(st.sampled_from(sorted(MUTATIONS)), label="mutation")
    event(f"damage: {mutation}")
    event(f"table: {damaged}")
    load_damaged(pristine, damaged, damaged, [mutation], data)


@settings(FUZZ, max_examples=30 * SCALE)
@given(data=st.data())
def stacked_damage_and_dependent_tables(pristine, data):
    """Two or three damages at once; the table loaded may be one that refers to the damaged one."""
    damaged = data.draw(st.sampled_from(TABLES), label="damaged table")
    loaded = data.draw(st.sampled_from([damaged, *dependants(damaged)]), label="loaded table")
    textual = data.draw(
        st.lists(st.sampled_from(TEXTUAL), min_size=1, max_size=2), label="textual damage"
    )
    last = data.draw(
        st.sampled_from(sorted(set(MUTATIONS) - set(TEXTUAL))), label="byte-level damage"
    )
    load_damaged(pristine, damaged, loaded, [*textual, last], data)

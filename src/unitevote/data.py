"""Read one table of the data package through its Frictionless schema, or fail clearly.

`load` never writes to the data folder: it reads the bytes once, lets Frictionless validate the
header, types, constraints, primary keys, foreign keys and the table's dimensions (at least one
data row), and only then builds a DataFrame. Every failure is a `DataError` that names the file,
the line, the column, the value and what was expected there. Frictionless's errors are read
through their structured fields only (`row_number`, `field_name`, `field_number`, `label`, `cell`;
`field_names`, `field_cells`, `reference_name` of a foreign-key error; the broken constraint's
name from the field's own cell reader), never by parsing their English messages.

Own checks remain only where Frictionless cannot locate the problem (tests/test_bad_input.py
feeds each of them a damaged file):

- a file missing from the folder;
- an encoding error: Frictionless reports no line for bytes that are not UTF-8, and reads
  UTF-16 as garbled text;
- an unclosed quote at the end of a file, which Frictionless reads as one long last cell;
- the physical line of a row: Frictionless counts rows, and a quoted cell may span lines, so
  rows are mapped to the line they start on.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import importlib.metadata
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .pattern import ROOT

if TYPE_CHECKING:  # annotations only: frictionless is imported when a table is validated
    import frictionless

DATA_DIR = Path(os.environ.get("UNITEVOTE_DATA", ROOT / "data"))
DESCRIPTOR = "datapackage.json"
UTF8_BOM = b"\xef\xbb\xbf"

# What a learner should write, for each Frictionless type.
EXPECTED_BY_TYPE = {
    "integer": "a whole number",
    "number": "a number (digits, optional decimal point, no % sign or commas)",
    "date": "a date written YYYY-MM-DD",
    "boolean": "true or false",
    "string": "text",
}
PANDAS_DTYPE = {"integer": "Int64", "number": "float64", "boolean": "boolean", "string": "str"}


class DataError(ValueError):
    """A data file does not match its schema. The message says where and what was expected."""

    def __init__(self, file, line, column, value, expected, more=()):
        self.file = str(file)
        self.line = line
        self.column = column
        self.value = value
        self.expected = expected
        self.more = list(more)
        message = (
            f"{self.file}, line {line}, column {column!r}: found {value!r}, expected {expected}"
        )
        if self.more:
            shown = "\n  ".join(self.more[:5])
            extra = f"\n  ... and {len(self.more) - 5} more" if len(self.more) > 5 else ""
            message += f"\nOther problems in the same file:\n  {shown}{extra}"
        super().__init__(message)


def tables(data_dir=None) -> list[str]:
    """The names of the tables in the data package, in the package's order."""
    return [resource["name"] for resource in _descriptor(_data_dir(data_dir))["resources"]]


def data_dictionary(name: str, data_dir=None) -> pd.DataFrame:
    """The columns of one table as documented in datapackage.json: type, unit, description.

    A description that opens by repeating the unit ("Unit: votes. ...") is shown without it:
    the unit has its own column.
    """
    resource = _resource_descriptor(_data_dir(data_dir), name)
    rows = []
    for field in resource["schema"]["fields"]:
        unit, description = field.get("unit", ""), field.get("description", "")
        description = description.removeprefix(f"Unit: {unit}.").strip() if unit else description
        rows.append(
            {
                "column": field["name"],
                "type": field["type"],
                "unit": unit,
                "description": description,
            }
        )
    return pd.DataFrame(rows)


def load(name: str, data_dir=None) -> pd.DataFrame:
    """Read table `name` from the data package, validated, with dtypes from its schema.

    The table and the tables its foreign keys point to are checked first (each error names its
    own file); a table whose bytes, and whose referenced tables' bytes, were already validated
    in this session is not validated again, and its DataFrame is not parsed again either (the
    caller gets a copy of its own). Raises DataError naming file, line and column.
    """
    data_dir = _data_dir(data_dir)
    descriptor_bytes = (data_dir / DESCRIPTOR).read_bytes()  # read and parsed once per load
    descriptor = json.loads(descriptor_bytes.decode("utf-8"))
    closure = _referenced_closure(descriptor, data_dir, name)  # referenced tables come first
    resources = {table: _resource_in(descriptor, data_dir, table) for table in closure}
    raw = {table: _read_bytes(data_dir, resources[table]) for table in closure}
    descriptor_digest = hashlib.sha256(descriptor_bytes).hexdigest()
    keys: dict[str, tuple[str, str]] = {}
    for table in closure:
        # A table's validity depends on its own bytes and on the tables its keys point to; each
        # reference's digest already covers that reference's own references.
        digest = hashlib.sha256(descriptor_digest.encode() + raw[table])
        for reference in _references(resources[table]):
            digest.update(keys[reference][1].encode())
        keys[table] = (table, digest.hexdigest())
    if keys[name] in _FRAMES:
        return _FRAMES[keys[name]].copy()
    tables = {table: _checked_file(data_dir, resources[table], raw[table]) for table in closure}
    package = None  # frictionless's view of the tables loaded: built once per load, when needed
    for table in closure:
        if keys[table] not in _VALIDATED and _remembered(keys[table]):
            _VALIDATED.add(keys[table])
        elif keys[table] in _VALIDATED:
            _remember(keys[table])  # validated earlier in this process: noted for the others
        if keys[table] not in _VALIDATED:
            if package is None:
                # Only the tables this load reads (the others cannot change its result):
                # frictionless checks and copies a package's every resource descriptor, so a
                # package of the whole folder costs several times more to build and to validate.
                wanted = {**descriptor, "resources": [resources[name] for name in closure]}
                import frictionless  # only when a table is validated (about 0.2 s to import)

                package = frictionless.Package(wanted, basepath=str(data_dir))
            _validate(package, table, tables[table])
            _VALIDATED.add(keys[table])
            _remember(keys[table])
    checked = tables[name]
    frame = _to_frame(
        checked.text, checked.resource, checked.shown_path, expected_rows=len(checked.records) - 1
    )
    if len(_FRAMES) >= _FRAMES_KEPT:
        _FRAMES.pop(next(iter(_FRAMES)))  # the oldest first
    _FRAMES[keys[name]] = frame
    return frame.copy()


@dataclass
class _CheckedFile:
    resource: dict
    shown_path: str
    raw: bytes
    text: str
    lines_of_rows: list[int]
    records: list[list[str]]


# (table, digest of the descriptor, the table's bytes and its references' digests): what
# validation and reading depend on, whichever folder holds the files. Tables shared by many others
# (sources) are validated once per session, not once per load.
_VALIDATED: set[tuple[str, str]] = set()
# Across processes, where UNITEVOTE_CACHE names a folder (the tests set one under build/, the
# class report a read-only one for its sandboxes): one empty file per key validated, named by
# the key and frictionless's version. A table validated by one kernel is not validated again by
# the next (frictionless takes most of a second per kernel). Unset, nothing is written anywhere.
CACHE_VARIABLE = "UNITEVOTE_CACHE"
_FRICTIONLESS = importlib.metadata.version("frictionless")


# The course's own tables, as committed, validated by `make docs` (tools/generate_docs.py; a test
# fails when the list is stale): loading the package as shipped costs no frictionless at all.
# A table whose bytes differ in any way (an edit, a damaged copy) is not on it, and is validated.
SHIPPED = Path(__file__).with_name("validated.json")
# Whether notes (the shipped list, the cache folder) are trusted: off while `validated_names`
# validates every table afresh.
_TRUST_NOTES = True


def _name(key: tuple[str, str]) -> str:
    table, digest = key
    return f"valid-{table}-{digest}-frictionless-{_FRICTIONLESS}"


@functools.cache
def _shipped() -> frozenset[str]:
    try:
        return frozenset(json.loads(SHIPPED.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return frozenset()


def _marker(key: tuple[str, str]) -> Path | None:
    folder = os.environ.get(CACHE_VARIABLE)
    return Path(folder) / _name(key) if folder else None


def _remembered(key: tuple[str, str]) -> bool:
    if not _TRUST_NOTES:
        return False
    if _name(key) in _shipped():
        return True
    marker = _marker(key)
    return marker is not None and marker.is_file()


def validated_names(data_dir=None) -> list[str]:
    """Validate every table of the package afresh, trusting no note; the names to ship."""
    global _TRUST_NOTES
    _TRUST_NOTES = False
    _VALIDATED.clear()
    _FRAMES.clear()
    try:
        for table in tables(data_dir):
            load(table, data_dir)
        return sorted(_name(key) for key in _VALIDATED)
    finally:
        _TRUST_NOTES = True


def _remember(key: tuple[str, str]) -> None:
    marker = _marker(key)
    if marker is None or marker.is_file() or _name(key) in _shipped():
        return
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:  # a read-only cache (the class report's sandbox): validated here only
        pass


# The DataFrames read, under the same keys: loading a table again (every exercise of a notebook
# may) costs a copy, not a parse. Bounded, for long sessions over many data folders (the tests).
_FRAMES: dict[tuple[str, str], pd.DataFrame] = {}
_FRAMES_KEPT = 64


def _references(resource: dict) -> list[str]:
    """The other tables this table's foreign keys point to."""
    targets = (fk["reference"].get("resource") for fk in resource["schema"].get("foreignKeys", []))
    return sorted({target for target in targets if target and target != resource["name"]})


def _referenced_closure(descriptor: dict, data_dir: Path, name: str) -> list[str]:
    """`name` and every table its foreign keys reach, referenced tables before referencing ones."""
    order: list[str] = []

    def visit(table: str, path: tuple[str, ...]) -> None:
        if table in order or table in path:
            return
        for target in _references(_resource_in(descriptor, data_dir, table)):
            visit(target, path + (table,))
        order.append(table)

    visit(name, ())
    return order


def _shown_path(data_dir: Path, resource: dict) -> str:
    return f"{data_dir.name}/{resource['path']}"


def _read_bytes(data_dir: Path, resource: dict) -> bytes:
    try:
        return (data_dir / resource["path"]).read_bytes()
    except FileNotFoundError:
        raise DataError(
            _shown_path(data_dir, resource), "-", "-", "(no file)",
            "the file named in datapackage.json",
        ) from None  # fmt: skip


def _checked_file(data_dir: Path, resource: dict, raw: bytes) -> _CheckedFile:
    """Decode and parse one table's bytes, checking what Frictionless would otherwise misreport."""
    shown_path = _shown_path(data_dir, resource)
    text = _decode(raw, shown_path)
    lines_of_rows, records = _parse(text, shown_path)
    return _CheckedFile(resource, shown_path, raw, text, lines_of_rows, records)


def _data_dir(data_dir) -> Path:
    return Path(data_dir) if data_dir is not None else DATA_DIR


def state(data_dir=None) -> tuple:
    """What the data folder holds now, cheaply: each file's name, size and modification time.

    Whatever is computed from the data (an exercise's expected value) can be kept while this
    stays the same, and is computed again when a file changes.
    """
    folder = _data_dir(data_dir)
    try:
        return tuple(
            (entry.name, entry.stat().st_size, entry.stat().st_mtime_ns)
            for entry in sorted(folder.iterdir())
            if entry.is_file()
        )
    except OSError:
        return ()


def _descriptor(data_dir: Path) -> dict:
    return json.loads((data_dir / DESCRIPTOR).read_text(encoding="utf-8"))


def _resource_descriptor(data_dir: Path, name: str) -> dict:
    return _resource_in(_descriptor(data_dir), data_dir, name)


def _resource_in(descriptor: dict, data_dir: Path, name: str) -> dict:
    resources = descriptor["resources"]
    for resource in resources:
        if resource["name"] == name:
            return resource
    known = ", ".join(resource["name"] for resource in resources)
    raise KeyError(
        f"no table named {name!r} in {data_dir.name}/{DESCRIPTOR}; the tables are: {known}"
    )


def _decode(raw: bytes, shown_path: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError(
            shown_path, 1, "(whole file)", "UTF-16 text", "UTF-8 text (save the file as UTF-8)"
        )
    body = raw[len(UTF8_BOM) :] if raw.startswith(UTF8_BOM) else raw
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        line = body.count(b"\n", 0, error.start) + 1
        line_start = body.rfind(b"\n", 0, error.start) + 1
        prefix = body[line_start : error.start].decode("utf-8", "replace")
        position = (
            len(next(csv.reader([prefix + "x"]))) - 1
        )  # cells before the bad byte, quotes respected
        header = next(csv.reader([body.split(b"\n", 1)[0].decode("utf-8", "replace")]), [])
        column = header[position] if position < len(header) else f"cell {position + 1}"
        bad = body[error.start : error.end]
        raise DataError(
            shown_path, line, column, f"bytes {bad!r}", "UTF-8 text (save the file as UTF-8)"
        ) from None


def _parse(text: str, shown_path: str) -> tuple[list[int], list[list[str]]]:
    """Rows as lists of cells, and the line on which each row starts (1-based)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    starts, records, next_start = [], [], 1
    try:
        for record in reader:
            starts.append(next_start)
            records.append(record)
            next_start = reader.line_num + 1
    except csv.Error as error:
        rest = text.split("\n")[next_start - 1 :]
        cells = next(csv.reader(["\n".join(rest)]), [""])
        header = records[0] if records else []
        position = len(cells) - 1
        column = header[position] if 0 <= position < len(header) else f"cell {position + 1}"
        raise DataError(
            shown_path,
            next_start,
            column,
            cells[-1][:40] if cells else "",
            f"well-formed CSV: every quoted cell closed by a double quote ({error})",
        ) from None
    return starts, records


def _validate(package: frictionless.Package, name: str, checked: _CheckedFile) -> None:
    resource = package.get_resource(name)
    # At least one data row: frictionless's table-dimensions check (a header alone passes otherwise).
    import frictionless

    checklist = frictionless.Checklist(checks=[frictionless.checks.table_dimensions(min_rows=1)])
    report = resource.validate(checklist=checklist)
    if report.valid:
        return
    problems = [
        _describe(error, checked, resource.schema)
        for task in report.tasks
        for error in task.errors
        if error.type != "source-error" or not checked.records  # an empty file: see below
    ]
    first = problems[0]
    more = [
        f"line {p['line']}, column {p['column']!r}: found {p['value']!r}, expected {p['expected']}"
        for p in problems[1:]
    ]
    raise DataError(
        checked.shown_path, first["line"], first["column"], first["value"], first["expected"], more
    )


def _describe(error, checked: _CheckedFile, schema: frictionless.Schema) -> dict:
    """Turn one Frictionless error into file terms, from its structured fields only.

    Row errors carry `row_number` (the logical row, header = 1), turned into the physical line
    where the row starts; cell and label errors carry `field_name` and `field_number`; foreign-key
    errors `field_names`, `field_cells` and `reference_name`. No message text is parsed.
    """
    resource, records = checked.resource, checked.records
    fields = [field["name"] for field in resource["schema"]["fields"]]
    row_number = getattr(error, "row_number", None)
    line = _line_of(checked, row_number)
    kind = error.type

    if not records or kind == "source-error":
        return {
            "line": 1,
            "column": "(header)",
            "value": "",
            "expected": f"a header row: {','.join(fields)}",
        }
    if kind == "table-dimensions":
        return {
            "line": 2,
            "column": "(all)",
            "value": "(no data rows)",
            "expected": "at least one row of data below the header",
        }
    if kind == "missing-label":
        return {
            "line": 1,
            "column": error.field_name,
            "value": "(column absent)",
            "expected": f"a column named {error.field_name!r}",
        }
    if kind == "blank-label":
        return {
            "line": 1,
            "column": f"(column {error.field_number})",
            "value": error.label,
            "expected": f"a column name from {', '.join(fields)}",
        }
    if kind == "extra-label":
        column = error.label if error.label.strip() else f"(column {error.field_number})"
        return {
            "line": 1,
            "column": column,
            "value": error.label,
            "expected": f"only the columns {', '.join(fields)}",
        }
    if kind in ("incorrect-label", "duplicate-label"):
        return {
            "line": 1,
            "column": error.label,
            "value": error.label,
            "expected": f"the column {error.field_name!r} at position {error.field_number} "
            f"(the columns in the order {','.join(fields)})",
        }
    if kind == "type-error":
        field = schema.get_field(error.field_name)
        expected = EXPECTED_BY_TYPE.get(field.type, field.type)
        return {"line": line, "column": error.field_name, "value": error.cell, "expected": expected}
    if kind == "constraint-error":
        field = schema.get_field(error.field_name)
        return {
            "line": line,
            "column": error.field_name,
            "value": error.cell,
            "expected": _expected_for(field, _broken_constraints(field, error.cell)),
        }
    if kind == "unique-error":
        earlier = _earlier_line(checked, row_number, [error.field_name])
        return {
            "line": line,
            "column": error.field_name,
            "value": error.cell,
            "expected": f"a value not used by any other row{_same_as(earlier, 'value')}",
        }
    if kind == "primary-key":
        key = schema.primary_key
        earlier = _earlier_line(checked, row_number, key)
        return {
            "line": line,
            "column": ", ".join(key),
            "value": ", ".join(_cell(checked, row_number, column) for column in key),
            "expected": f"a key not used by any other row{_same_as(earlier, 'key')}",
        }
    if kind == "foreign-key":
        target = error.reference_name or resource["name"]
        return {
            "line": line,
            "column": ", ".join(error.field_names),
            "value": ", ".join(str(cell) for cell in error.field_cells),
            "expected": f"a value of {', '.join(error.reference_field_names)} that exists in "
            f"{target}.csv",
        }
    if kind == "blank-row":
        return {
            "line": line,
            "column": "(all)",
            "value": "(blank line)",
            "expected": "no blank lines between rows",
        }
    if kind in ("extra-cell", "missing-cell"):
        return {
            "line": line,
            "column": error.field_name or f"(cell {error.field_number})",
            "value": error.cell or "",
            "expected": f"exactly {len(fields)} cells on each line",
        }
    return {
        "line": line,
        "column": getattr(error, "field_name", None) or "-",
        "value": getattr(error, "cell", "") or "",
        "expected": error.message,
    }


def _line_of(checked: _CheckedFile, row_number) -> int | str:
    """The physical line on which logical row `row_number` starts (quoted cells may span lines)."""
    if row_number and row_number <= len(checked.lines_of_rows):
        return checked.lines_of_rows[row_number - 1]
    return "-"


def _cell(checked: _CheckedFile, row_number, column: str) -> str:
    header = checked.records[0]
    record = checked.records[row_number - 1] if row_number else []
    position = header.index(column) if column in header else len(record)
    return record[position] if position < len(record) else ""


def _earlier_line(checked: _CheckedFile, row_number, columns: list[str]) -> int | None:
    """The line of the first row before `row_number` with the same values in `columns`."""
    if not row_number:
        return None
    values = [_cell(checked, row_number, column) for column in columns]
    for earlier in range(2, row_number):
        if [_cell(checked, earlier, column) for column in columns] == values:
            return checked.lines_of_rows[earlier - 1]
    return None


def _same_as(line, what) -> str:
    return f" (the same {what} is on line {line})" if line else ""


def _broken_constraints(field: frictionless.Field, cell) -> list[str]:
    """Which of the field's constraints `cell` breaks, by name, as Frictionless's reader says."""
    _, notes = field.create_cell_reader()(cell)
    return [name for name in (notes or {}) if name != "type"]


def _expected_for(field: frictionless.Field, broken: list[str]) -> str:
    constraints = field.constraints
    base = EXPECTED_BY_TYPE.get(field.type, field.type)
    if "required" in broken:
        return f"{base}: this column may not be empty"
    if "minimum" in broken:
        return f"{base} of at least {constraints['minimum']}"
    if "maximum" in broken:
        return f"{base} of at most {constraints['maximum']}"
    if "enum" in broken:
        return "one of: " + ", ".join(str(value) for value in constraints["enum"])
    if "pattern" in broken:
        return f"{base} matching the pattern {constraints['pattern']}"
    if broken:
        return (
            f"{base} meeting the constraints {', '.join(f'{n}={constraints[n]!r}' for n in broken)}"
        )
    return base


def _to_frame(text, resource, shown_path, expected_rows) -> pd.DataFrame:
    fields = resource["schema"]["fields"]
    dtypes = {f["name"]: PANDAS_DTYPE[f["type"]] for f in fields if f["type"] in PANDAS_DTYPE}
    frame = pd.read_csv(
        io.StringIO(text),
        dtype=dtypes,
        keep_default_na=False,
        na_values={f["name"]: [""] for f in fields},
        skip_blank_lines=False,
    )
    for field in fields:
        if field["type"] == "date":
            frame[field["name"]] = pd.to_datetime(frame[field["name"]], format="%Y-%m-%d")
    if (
        len(frame) != expected_rows
    ):  # a row lost between validation and pandas would be a silent drop
        raise DataError(
            shown_path, "-", "(all)", f"{len(frame)} rows read", f"{expected_rows} rows"
        )
    return frame

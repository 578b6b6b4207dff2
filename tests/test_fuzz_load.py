"""Fuzzed loading: a damaged CSV either loads or raises a DataError that says where.

Hypothesis (deterministic: `derandomize=True`, no example database) damages copies of the data
package's CSV files in temporary folders: a cell replaced by random text, a number or nothing; a
column deleted or duplicated; a line inserted or deleted; the file re-encoded (latin-1, UTF-16),
its line endings changed (CRLF, CR), truncated at a random byte or given a BOM. Loading must then
either return a DataFrame with the schema's columns, or raise `unitevote.DataError` whose message
names the file (the resource path), a line and a column. Any other exception is a bug in
`unitevote.data.load`, and so is a change to any file of the package (hashed before and after).
"""

import shutil
from pathlib import Path

import pytest

from unitevote.data import DATA_DIR


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("pristine") / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


def _fuzz():
    """The fuzzing module, imported when a test runs (see tests/fuzz_damage.py)."""
    import fuzz_damage

    return fuzz_damage


def test_one_damage(pristine):
    """One damage to one table; the table is loaded."""
    _fuzz().one_damage(pristine)


def test_stacked_damage_and_dependent_tables(pristine):
    """Two or three damages at once; the table loaded may be one that refers to the damaged one."""
    _fuzz().stacked_damage_and_dependent_tables(pristine)

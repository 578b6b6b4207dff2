"""Loaded by pytest for every test run, whatever paths it is given (tests/, notebooks/, one file).

It makes the test support modules in tests/ importable and registers tests/nbval_replay.py, which
checks that nbval's run of each notebook reproduces the committed file byte for byte.
"""

import sys
from pathlib import Path

_TESTS = str(Path(__file__).resolve().parent / "tests")
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)

pytest_plugins = ["nbval_replay"]

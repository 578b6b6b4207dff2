"""Shared pytest set-up for tests/."""

import sys
from pathlib import Path

# Make the support modules in tests/ (e.g. `browser`) importable whatever the import mode.
_TESTS = str(Path(__file__).resolve().parent)
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)

"""Shared pytest set-up for tests/.

The repository root is importable through pyproject's `pythonpath = ["."]` (tests import
`tools.build_student`, `tools.execute`); the support modules in tests/ (e.g. `browser`) are made
importable here whatever the import mode.

Under pytest-xdist, `make test` runs `-n auto --dist loadfile`: each test module runs on one
worker, so the session fixtures of the notebook-executing, browser and class-report modules are
built once.
"""

import sys
from pathlib import Path

_TESTS = str(Path(__file__).resolve().parent)
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)

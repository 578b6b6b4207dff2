"""Shared pytest set-up for tests/.

The repository root is importable through pyproject's `pythonpath = ["."]` (tests import
`tools.build_student`, `tools.execute`); the support modules in tests/ (e.g. `browser`) are made
importable here whatever the import mode.

Under pytest-xdist, `make test` runs `-n auto --dist loadfile --no-loadscope-reorder`: each test
module runs on one worker, so the session fixtures of the notebook-executing, browser and
class-report modules are built once, and modules are handed out in the order collected here:
the longest first, so that the short ones fill in at the end and both workers finish together.
"""

import sys
from pathlib import Path

_TESTS = str(Path(__file__).resolve().parent)
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)


# The modules that run notebooks, browsers or the class report, longest first, as measured by
# `make test --durations` on a 2-core machine (site ~55 s, class report ~55 s, JupyterLab ~50 s,
# student edition ~30 s, fuzz ~19 s, re-execution ~15 s, bad input ~14 s, exported HTML ~12 s).
# The rest follow in their usual order. A module missing here only runs later: no test is lost.
LONGEST_FIRST = (
    "test_site",
    "test_report",
    "test_jupyterlab",
    "test_student",
    "test_fuzz_load",
    "test_reproducible",
    "test_bad_input",
    "test_export_html",
)


def pytest_collection_modifyitems(session, config, items):
    rank = {name: position for position, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.stem, len(rank)))  # stable: order kept within

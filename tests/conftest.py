"""Shared pytest set-up for tests/.

The repository root is importable through pyproject's `pythonpath = ["."]` (tests import
`tools.build_student`, `tools.execute`); the support modules in tests/ (e.g. `browser`) are made
importable here whatever the import mode.

Under pytest-xdist (`make test` runs `-n auto --dist loadgroup`), tests that execute notebooks
(marked `slow`) run one after another in one group, each using the cores it needs, and the tests
that drive a browser (marked `browser`) run in another group, so they share one worker (and what
that worker starts once per session). Everything else spreads over the workers.
"""

import sys
from pathlib import Path

import pytest

_TESTS = str(Path(__file__).resolve().parent)
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)

XDIST_GROUPS = {"slow": "notebooks", "browser": "browser"}


@pytest.hookimpl(tryfirst=True)  # before xdist turns each item's groups into its scope
def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("xdist_group"):
            continue  # a test that names its own group keeps it
        for marker, group in XDIST_GROUPS.items():
            if item.get_closest_marker(marker):
                item.add_marker(pytest.mark.xdist_group(group))
                break

"""Shared pytest set-up for tests/: the order in which `make test` hands out its work.

`make test` runs `-n <CPUs> --dist loadfile --no-loadscope-reorder`: each test module, and each
notebook that nbval runs, goes to one worker, so a module's session fixtures (a JupyterLab
server, a browser, the class report's run) are built once and a notebook's cells share one
kernel. Work goes out in the order collected, which this hook sets: the longest first, so that
the short ones fill in at the end and both workers finish together.

The order comes from `make bench` (build/bench.md: "Each test module and notebook, longest
first"). The repository's conftest.py loads the nbval replay; pyproject.toml makes tests/
importable.
"""

# Test modules longest first, as `make bench` lists them; then the notebooks run by nbval
# (largest file first); then every other module in its usual order. A module missing here only
# runs later: no test is lost.
LONGEST_FIRST = (
    "test_site",
    "test_report",
    "test_jupyterlab",
    "test_student",
    "test_export_html",
    "test_site_answers",
    "test_fuzz_load",
    "test_reproducible",
    "test_bad_input",
    "test_doctor",
)


def _rank(path) -> tuple[int, int]:
    if path.stem in LONGEST_FIRST:
        return (0, LONGEST_FIRST.index(path.stem))
    if path.suffix == ".ipynb":
        return (1, -path.stat().st_size)
    return (2, 0)


def pytest_collection_modifyitems(session, config, items):
    ranks = {}
    items.sort(key=lambda item: ranks.setdefault(item.path, _rank(item.path)))  # stable sort

"""Reproducible and offline: every notebook re-executes to its committed bytes, with no network.

The notebooks themselves are run once per test session, by nbval (`--nbval`, pyproject's
addopts; `notebooks/` is a test path): every code cell is a test comparing its outputs with the
stored ones, and tests/nbval_replay.py adds after each notebook's last cell a test that the file
nbval's run produces, written as `make execute` writes it, equals the committed file byte for
byte. `make test` runs pytest through tools/offline.py, in a network namespace with only loopback
where the machine allows it.

This module checks that set-up rather than running the notebooks again:

- the run has no network when tools/offline.py says so (the namespace holds only loopback, and
  a connection to an address outside it fails);
- nbval is on, strict, and collects every code cell of every notebook plus the byte check;
- the byte check can fail, and only where the file differs: on a small notebook executed by
  `make execute`'s code (streams in chunks, stdout and stderr, a picture, a result after a print,
  an expected error, a blank cell), a changed text output fails that cell and the byte check; a
  changed PNG and output metadata, which nbval does not compare, fail the byte check alone; every
  other cell passes. (That the replay reproduces `make execute` exactly is shown on the course's
  own notebooks, whose byte checks pass in every run.)
"""

from __future__ import annotations

import base64
import errno
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from ci import in_ci

from tools.execute import execute
from tools.offline import LOOPBACK_ONLY, VARIABLE
from unitevote.editions import write_notebook
from unitevote.pattern import NOTEBOOKS_DIR, ROOT, notebook_paths

NOTEBOOKS = notebook_paths()
TEST_NET = ("192.0.2.1", 80)  # TEST-NET-1 (RFC 5737): never a real host, so never a false pass


def interfaces() -> list[str]:
    """The network interfaces of this process's namespace (/proc/self/net is per namespace)."""
    lines = Path("/proc/self/net/dev").read_text().splitlines()[2:]
    return sorted(line.split(":", 1)[0].strip() for line in lines)


def test_the_run_has_no_network():
    network = os.environ.get(VARIABLE)
    if network is None:
        pytest.skip("not run through `make test` (tools/offline.py): the network may be up")
    if network != LOOPBACK_ONLY:
        message = f"the tests ran with the network: {network}"
        pytest.fail(message) if in_ci() else pytest.skip(message)
    assert interfaces() == ["lo"]
    with socket.socket() as probe:
        probe.settimeout(5)
        code = probe.connect_ex(TEST_NET)
    assert code in (errno.ENETUNREACH, errno.EHOSTUNREACH), os.strerror(code)


def test_nbval_checks_every_cell_of_every_notebook(request):
    config = request.config
    assert config.getoption("nbval") and not config.getoption("nbval_lax"), "strict --nbval is off"
    assert NOTEBOOKS_DIR.relative_to(ROOT).as_posix() in config.getini("testpaths")
    assert NOTEBOOKS, "no notebooks/NN_*.ipynb"
    collected: dict[str, list[str]] = {}
    for item in request.session.items:
        if item.path.suffix == ".ipynb":
            collected.setdefault(item.path.name, []).append(item.name)
    if config.args_source == pytest.Config.ArgsSource.TESTPATHS:  # a whole run: all of them
        assert sorted(collected) == [path.name for path in NOTEBOOKS]
    if not collected:
        pytest.skip("no notebook was collected in this session (a subset was asked for)")
    for path in NOTEBOOKS:
        if path.name not in collected:
            continue
        notebook = nbformat.read(path, as_version=4)
        cells = sum(cell.cell_type == "code" for cell in notebook.cells)
        expected = [f"Cell {n}" for n in range(cells)] + [_byte_check()]
        assert collected[path.name] == expected, path.name


def _byte_check() -> str:
    from nbval_replay import ITEM_NAME

    return ITEM_NAME


# --- the replay, on a small notebook with the outputs that are awkward to rebuild ---

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(16)).decode()
CELLS = [
    nbformat.v4.new_markdown_cell("# A notebook with awkward outputs"),
    nbformat.v4.new_code_cell(
        "import sys\nfrom IPython.display import display\n"
        "print('one', end='')\nprint(' line')\nprint('to stderr', file=sys.stderr)"
    ),
    nbformat.v4.new_code_cell(
        "display({'text/plain': 'first'}, raw=True)\n"
        f"display({{'image/png': {PNG!r}, 'text/plain': 'a picture'}}, raw=True)"
    ),
    nbformat.v4.new_code_cell("print('printed before the result')\n6 * 7"),
    nbformat.v4.new_code_cell(""),
    nbformat.v4.new_code_cell("1 / 0", metadata={"tags": ["raises-exception"]}),
    nbformat.v4.new_code_cell("print('after the error')\n'done'"),
]


def _changed(notebook, change: str):
    notebook = nbformat.from_dict(notebook)
    if change == "text":  # a stored output nbval compares
        notebook.cells[3].outputs[1]["data"]["text/plain"] = "43"
    elif change == "unseen":  # a PNG's bytes and an output's metadata: nbval compares neither
        notebook.cells[2].outputs[1]["data"]["image/png"] = PNG[:-4] + "AAA="
        notebook.cells[3].outputs[1]["metadata"] = {"note": "changed"}
    return notebook


@pytest.mark.slow
def test_the_byte_check_fails_where_the_file_differs():
    folder = ROOT / "build" / "replay-check" / f"gw-{os.getpid()}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        source = folder / "awkward.ipynb"
        write_notebook(nbformat.v4.new_notebook(cells=CELLS), source)
        notebook = execute(source)  # as `make execute` does
        source.unlink()
        assert notebook.cells[3].outputs[1]["data"]["text/plain"] == "42", "the fixture changed"
        for change in ("text", "unseen"):
            write_notebook(_changed(notebook, change), folder / f"awkward_{change}.ipynb")
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:xdist", str(folder)],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    outcomes = {
        line.split(" ", 1)[1].split(" - ")[0].split("/")[-1]: line.split(" ", 1)[0]
        for line in run.stdout.splitlines()
        if line.startswith(("PASSED ", "FAILED "))
    }
    byte_check = f"::{_byte_check()}"
    failed = sorted(name for name, outcome in outcomes.items() if outcome == "FAILED")
    assert failed == [
        "awkward_text.ipynb::Cell 2",
        f"awkward_text.ipynb{byte_check}",
        f"awkward_unseen.ipynb{byte_check}",
    ], run.stdout[-6000:]
    for change in ("text", "unseen"):  # every code cell and the byte check: 6 + 1
        assert sum(name.startswith(f"awkward_{change}.ipynb::") for name in outcomes) == 7, outcomes

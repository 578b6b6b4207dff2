"""Every chart stored in every notebook renders in JupyterLab, in a real browser, with no network.

One JupyterLab server (root: the repository) and one headless Chromium serve all notebooks.
For each `notebooks/NN_*.ipynb` the test opens it in JupyterLab in a page that may reach
only the server on 127.0.0.1 (anything else is aborted and recorded), waits until every
cell is drawn and as many Vega charts are drawn as the committed notebook stores
(`application/vnd.vegalite.v5+json` outputs), and checks that each chart has a non-zero size
and is not blank.  A screenshot of the whole notebook goes to
build/screenshots/jupyterlab_<stem>.png: look at it, counting elements is not seeing.

JupyterLab runs without a kernel and with autosave off, and the test types nothing into
the page, so it cannot write the notebooks; the test checks their bytes did not change.

Set LAB_TEST_ROOT=/some/dir to run the same checks on <dir>/notebooks/NN_*.ipynb
(used while developing this test; screenshots still go to this repository's build/).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import quote

import pytest

import browser

REPO = Path(__file__).resolve().parents[1]
ROOT = Path(os.environ.get("LAB_TEST_ROOT") or REPO).resolve()
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SCREENSHOTS = REPO / "build" / "screenshots"

PANEL = ".jp-NotebookPanel"
# What JupyterLab's output area shows when a renderer throws (e.g. an invalid Vega-Lite spec).
RENDER_ERRORS_JS = """(panel) => Array.from(document.querySelectorAll(
    panel + ' .jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"] > pre'))
  .map((pre) => pre.textContent).filter((t) => t.startsWith('Javascript Error'))"""
RENDER_TIMEOUT = 60  # seconds, per notebook
MAX_SCREENSHOT_HEIGHT = 16000  # CSS pixels

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium():
    browser.require_browser()
    with browser.launch_browser() as b:
        yield b


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    browser.require_browser()
    with browser.jupyterlab_server(ROOT, tmp_path_factory.mktemp("jupyterlab")) as server:
        yield server


def _cell_count(notebook: Path) -> int:
    import nbformat

    return len(nbformat.read(str(notebook), as_version=4).cells)


def _full_notebook_screenshot(page, path: Path) -> None:
    """JupyterLab scrolls inside the notebook, so grow the viewport to the notebook's height."""
    extra = page.evaluate(
        """(panel) => {
             const sc = document.querySelector(panel + ' .jp-WindowedPanel-outer');
             if (!sc) return 0;
             sc.scrollTop = 0;
             return Math.max(0, sc.scrollHeight - sc.clientHeight);
           }""",
        PANEL,
    )
    size = page.viewport_size
    if extra:
        height = min(size["height"] + int(extra) + 20, MAX_SCREENSHOT_HEIGHT)
        page.set_viewport_size({"width": size["width"], "height": height})
        page.wait_for_timeout(500)  # let Lumino lay the panels out again
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_stored_charts_render_offline(notebook: Path, lab, chromium):
    before = notebook.read_bytes()
    expected = browser.stored_chart_count(notebook)
    cells = _cell_count(notebook)
    base, token = lab
    rel = quote(notebook.relative_to(ROOT).as_posix())
    # A workspace of its own and ?reset: only this notebook is open in the page.
    url = f"{base}/lab/workspaces/test-{notebook.stem}/tree/{rel}?reset&token={token}"

    op = browser.offline_page(chromium, base)
    try:
        page = op.page
        page.goto(url)
        page.wait_for_selector(PANEL, timeout=RENDER_TIMEOUT * 1000)
        deadline = time.monotonic() + RENDER_TIMEOUT
        while True:
            panels = page.locator(PANEL).count()
            drawn_cells = page.locator(f"{PANEL} .jp-Cell").count()
            report = browser.chart_report(page, PANEL) or []
            problems = browser.chart_problems(report)
            render_errors = page.evaluate(RENDER_ERRORS_JS, PANEL)
            if drawn_cells == cells and len(report) == expected and not problems:
                break
            if render_errors or time.monotonic() > deadline:
                break
            page.wait_for_timeout(250)
        _full_notebook_screenshot(page, SCREENSHOTS / f"jupyterlab_{notebook.stem}.png")
    finally:
        op.close()

    where = f"{notebook.name} in JupyterLab ({url.split('?')[0]})"
    assert panels == 1, f"{where}: expected one notebook panel, found {panels}"
    assert not render_errors, f"{where}: outputs failed to render: {render_errors}"
    assert drawn_cells == cells, f"{where}: {drawn_cells} of {cells} cells drawn"
    assert len(report) == expected, (
        f"{where}: {len(report)} charts drawn within {RENDER_TIMEOUT} s, "
        f"the notebook stores {expected}; page errors: {op.errors or 'none'}"
    )
    assert not problems, f"{where}: " + "; ".join(problems)
    assert not op.blocked, f"{where}: the page tried to leave 127.0.0.1: {op.blocked}"
    assert not op.errors, f"{where}: errors in the page: {op.errors}"
    assert notebook.read_bytes() == before, f"{notebook.name} was modified while open in JupyterLab"

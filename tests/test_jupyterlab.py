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

Set LAB_TEST_ROOT=/some/dir to run the same checks on <dir>/notebooks/NN_*.ipynb, with
screenshots in <dir>/build/screenshots (used while developing this test).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import quote

import browser
import pytest

REPO = Path(__file__).resolve().parents[1]
ROOT = Path(os.environ.get("LAB_TEST_ROOT") or REPO).resolve()
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SCREENSHOTS = ROOT / "build" / "screenshots"

PANEL = ".jp-NotebookPanel"
# Panels, drawn cells, Vega output areas, and what JupyterLab's output area shows when a
# renderer throws (e.g. an invalid Vega-Lite spec): "Javascript Error: ..." in place of the output.
STATE_JS = """(panel) => ({
  panels: document.querySelectorAll(panel).length,
  cells: document.querySelectorAll(panel + ' .jp-Cell').length,
  vegaOutputs: document.querySelectorAll(panel + ' .jp-RenderedVegaCommon5').length,
  renderErrors: Array.from(document.querySelectorAll(
      panel + ' .jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"] > pre'))
    .map((pre) => pre.textContent).filter((t) => t.startsWith('Javascript Error')),
})"""
RENDER_TIMEOUT = 60  # seconds, per notebook
MAX_SCREENSHOT_HEIGHT = 32000  # CSS pixels; longer notebooks are cut off in the picture only

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
        response = page.goto(url)
        if response is None or not response.ok:
            status = response.status if response else "no response"
            pytest.fail(f"GET {url.split('?')[0]} answered {status}; server log:\n{lab.log_tail()}")
        page.wait_for_selector(PANEL, timeout=RENDER_TIMEOUT * 1000)
        deadline = time.monotonic() + RENDER_TIMEOUT
        while True:
            state = page.evaluate(STATE_JS, PANEL)
            report = browser.chart_report(page, PANEL) or []
            problems = browser.chart_problems(report)
            if state["cells"] == cells and len(report) == expected and not problems:
                break
            if state["renderErrors"] or time.monotonic() > deadline:
                break
            page.wait_for_timeout(250)
        _full_notebook_screenshot(page, SCREENSHOTS / f"jupyterlab_{notebook.stem}.png")
    finally:
        op.close()
    after = notebook.read_bytes()

    where = f"{notebook.name} in JupyterLab"
    if after != before:  # not `assert after == before`: pytest would print both files
        pytest.fail(
            f"{notebook.name} changed on disk ({len(before)} -> {len(after)} bytes) while the "
            "test had it open in JupyterLab (JupyterLab saved it, or something else rewrote "
            "the notebook meanwhile)"
        )
    assert state["panels"] == 1, f"{where}: expected one notebook panel, found {state['panels']}"
    assert not state["renderErrors"], f"{where}: outputs failed to render: {state['renderErrors']}"
    assert state["cells"] == cells, f"{where}: {state['cells']} of {cells} cells drawn"
    assert len(report) == expected, (
        f"{where}: {len(report)} charts drawn within {RENDER_TIMEOUT} s, the notebook stores "
        f"{expected} ({state['vegaOutputs']} Vega output areas in the page); "
        f"page errors: {op.errors or 'none'}"
    )
    assert not problems, f"{where}: " + "; ".join(problems)
    assert not op.blocked, f"{where}: the page tried to leave 127.0.0.1: {op.blocked}"
    assert not op.errors, f"{where}: errors in the page: {op.errors}"

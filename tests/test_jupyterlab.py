"""Every chart stored in every notebook is a live, drawn Vega view in JupyterLab, with no network.

One JupyterLab server (root: the repository) and one headless Chromium, both inside a
loopback-only network namespace (tests/browser.py), serve every test here. For each notebook of
`unitevote.pattern.notebook_paths()` the test opens it in JupyterLab, untrusted (as executed
notebooks are; the notebook with the most charts is opened trusted too, `jupyter trust` signing
it in the server's own data folder). JupyterLab loads once in a page that may reach only the
server (every other request and WebSocket is aborted and recorded, per notebook), and each
notebook is opened in it in turn. The test waits until every cell is drawn and every stored
chart output is drawn as a live Vega-Embed view (not the static SVG stored beside the spec) with
at least one data mark. A screenshot of the window at the first chart goes to
build/screenshots/jupyterlab_<stem>_<trust>.png: look at it, counting elements is not seeing.

It also checks what a newcomer meets: no "get notified about official Jupyter news?" question
(the project's settings in jupyter_settings/ answer it, as in `make lab`), and opening a notebook
does not mark it modified. JupyterLab runs without a kernel and with autosave off; the test
checks the notebooks' bytes did not change.

Set LAB_TEST_ROOT=/some/dir to run the same checks on <dir>/notebooks/NN_*.ipynb, with
screenshots in <dir>/build/screenshots (used while developing this test).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import browser
import pytest

from unitevote.pattern import PNG_MIME, VEGALITE_MIME, notebook_paths
from unitevote.pattern import ROOT as REPO

pytest_plugins = ["browser"]

ROOT = Path(os.environ.get("LAB_TEST_ROOT") or REPO).resolve()
NOTEBOOKS = notebook_paths(ROOT / "notebooks")
SCREENSHOTS = ROOT / "build" / "screenshots"
RENDER_TIMEOUT = 60_000  # ms, per notebook
VIEWPORT = {"width": 1280, "height": 900}
NEWS_QUESTION = "official Jupyter news"

pytestmark = pytest.mark.browser

# The open notebook as JupyterLab holds it (window.jupyterapp, exposed by the test server):
# cells drawn, whether the document is dirty, whether the model is trusted, and each chart
# output: the Vega view its renderer made (attached to the chart element for chart_report),
# whether a static SVG image was drawn instead, and render errors.
STATE_JS = """() => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  if (!panel || !panel.content || !panel.context) return null;
  const out = { cells: panel.content.widgets.length, dirty: panel.context.model.dirty,
                dirtyTabs: document.querySelectorAll('.lm-TabBar-tab.jp-mod-dirty').length,
                trusted: panel.content.widgets.every((c) => c.model.type !== 'code'
                                                         || c.model.trusted),
                views: 0, pending: 0, svgImages: 0, errors: [] };
  const walk = (widget) => {
    if (widget._result && widget._result.view) {
      out.views += 1;
      const el = widget.node.querySelector('canvas.marks, svg.marks');
      if (el) el.__vegaView = widget._result.view;
    } else if (widget.node && widget.node.classList.contains('jp-RenderedVegaCommon5')) {
      out.pending += 1;
    }
    if (widget.node && widget.node.classList.contains('jp-RenderedSVG')) out.svgImages += 1;
    for (const child of widget.widgets || widget.children?.() || []) walk(child);
  };
  for (const cell of panel.content.widgets) {
    if (!cell.outputArea) continue;
    walk(cell.outputArea);
  }
  document.querySelectorAll('.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"] > pre')
    .forEach((pre) => { if (pre.textContent.startsWith('Javascript Error'))
                          out.errors.push(pre.textContent); });
  return out;
}""".replace("VEGALITE_MIME", VEGALITE_MIME)


def _cell_count(notebook: Path) -> int:
    import nbformat

    return len(nbformat.read(str(notebook), as_version=4).cells)


def _charts_without_png(notebook: Path) -> int:
    import nbformat

    cells = nbformat.read(str(notebook), as_version=4).cells
    outputs = [o for cell in cells for o in cell.get("outputs", [])]
    return sum(1 for o in outputs if VEGALITE_MIME in o.get("data", {}) and PNG_MIME not in o.data)


def _screenshot(page, path: Path) -> None:
    """The window at the notebook's first chart (its top when it has none): the picture to look
    at. (A picture of the whole notebook meant laying JupyterLab out again at its full height.)"""
    page.evaluate(
        """() => { const chart = document.querySelector('.jp-NotebookPanel .vega-embed');
                   if (chart) chart.scrollIntoView({ block: 'center' }); }"""
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))


def _trust(lab, notebook: Path) -> None:
    """Sign the notebook in the server's own trust database (the file is not changed)."""
    env = browser.jupyter_env(lab.log.parent)
    subprocess.run(
        [browser._jupyter(), "trust", str(notebook)],
        env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip


@pytest.fixture(scope="module")
def lab_page(lab, chromium):
    """One JupyterLab page for the module: the application loads once, and each notebook is
    opened in it in turn (`docmanager:open`), the previous one closed first.

    Loading JupyterLab's frontend is most of the browser's work for a notebook; a fresh page per
    notebook paid it seven times. Requests, WebSockets and errors are still recorded per notebook.
    """
    base, token = lab
    op = browser.offline_page(chromium, base, viewport=VIEWPORT)
    # A workspace of its own and ?reset: no layout restored, no document open.
    url = f"{base}/lab/workspaces/test-notebooks?reset&token={token}"
    try:
        response = op.page.goto(url)
        if response is None or not response.ok:
            status = response.status if response else "no response"
            pytest.fail(f"GET {url.split('?')[0]} answered {status}; server log:\n{lab.log_tail()}")
        op.page.wait_for_function(
            "() => window.jupyterapp && window.jupyterapp.commands.hasCommand('docmanager:open')",
            timeout=RENDER_TIMEOUT,
        )
        op.page.evaluate("async () => { await window.jupyterapp.restored; }")
        assert not op.blocked, f"JupyterLab tried to leave 127.0.0.1: {op.blocked}"
        assert not op.errors, f"errors while JupyterLab loaded: {op.errors}"
        yield op
    finally:
        op.close()


OPEN_JS = """async (path) => {
  const app = window.jupyterapp;
  for (const widget of Array.from(app.shell.widgets('main'))) widget.dispose();
  await app.commands.execute('docmanager:open', { path, factory: 'Notebook' });
}"""


def _open_and_check(notebook: Path, lab, lab_page, trusted: bool) -> dict:
    before = notebook.read_bytes()
    expected = browser.stored_chart_count(notebook)
    cells = _cell_count(notebook)
    if trusted:
        _trust(lab, notebook)
    label = "trusted" if trusted else "untrusted"
    base, token = lab

    op = lab_page
    for recorded in (op.blocked, op.errors, op.failed):
        recorded.clear()
    try:
        page = op.page
        page.set_viewport_size(VIEWPORT)
        page.evaluate(OPEN_JS, notebook.relative_to(ROOT).as_posix())
        # Wait for the condition: every cell drawn, every stored chart a live view with data
        # marks (or a render error, which fails below at once).
        done = page.wait_for_function(
            """([cells, charts, stateJs]) => {
                 const s = (0, eval)(stateJs)();
                 if (!s) return false;
                 if (s.errors.length) return s;
                 if (s.cells !== cells || s.views !== charts || s.pending) return false;
                 return s;
               }""",
            arg=[cells, expected, STATE_JS],
            timeout=RENDER_TIMEOUT,
            polling=100,
        )
        state = done.json_value()
        report = browser.chart_report(page, ".jp-NotebookPanel") or []
        if expected:
            page.wait_for_function(
                "(n) => document.querySelectorAll('.jp-NotebookPanel .vega-embed').length >= n",
                arg=expected,
            )
        news = page.get_by_text(NEWS_QUESTION).count()
        settings = page.evaluate(
            """async ([base, token]) => {
                 const r = await fetch(`${base}/lab/api/settings/@jupyterlab/apputils-extension:` +
                                       `notification?token=${token}`);
                 const s = await r.json();
                 return { user: s.settings, defaults: Object.fromEntries(Object.entries(
                   s.schema.properties).map(([k, v]) => [k, v.default])) };
               }""",
            [base, token],
        )
        # The document's dirty flag, read again after everything is drawn: opening must not
        # have changed the notebook model.
        state = page.evaluate(STATE_JS)
        hover = (
            browser.hover_tooltip(
                page,
                ".jp-NotebookPanel .vega-embed canvas.marks, "
                ".jp-NotebookPanel .vega-embed svg.marks",
            )
            if expected
            else None
        )
        _screenshot(page, SCREENSHOTS / f"jupyterlab_{notebook.stem}_{label}.png")
    finally:
        page.set_viewport_size(VIEWPORT)
    after = notebook.read_bytes()

    where = f"{notebook.name} ({label}) in JupyterLab"
    if after != before:  # not `assert after == before`: pytest would print both files
        pytest.fail(
            f"{notebook.name} changed on disk ({len(before)} -> {len(after)} bytes) while the "
            "test had it open in JupyterLab"
        )
    assert not state["errors"], f"{where}: outputs failed to render: {state['errors']}"
    assert state["cells"] == cells, f"{where}: {state['cells']} of {cells} cells drawn"
    assert state["trusted"] is trusted, f"{where}: trusted is {state['trusted']}"
    assert state["views"] == expected, (
        f"{where}: {state['views']} live Vega views, the notebook stores {expected} charts"
    )
    assert state["svgImages"] == 0, f"{where}: {state['svgImages']} charts drawn as static SVG"
    assert len(report) == expected, f"{where}: {len(report)} chart elements for {expected}"
    problems = browser.chart_problems(report)
    assert not problems, f"{where}: " + "; ".join(problems)
    tooltips, shown = hover or (0, None)
    if tooltips:
        assert shown, f"{where}: hovering marks that have tooltips showed none"
    assert news == 0, f"{where}: JupyterLab asks about news"
    fetch_news = settings["user"].get("fetchNews", settings["defaults"].get("fetchNews"))
    assert fetch_news == "false", f"fetchNews is {fetch_news!r}: {settings}"
    assert not op.blocked, f"{where}: the page tried to leave 127.0.0.1: {op.blocked}"
    assert not op.errors, f"{where}: errors in the page: {op.errors}"
    return state


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_opens_unmodified_with_live_charts(notebook: Path, lab, lab_page):
    """Untrusted, as a fresh clone's notebooks are: every chart drawn, and nothing to save.

    A newcomer who opens a notebook and closes it is not asked whether to save changes. Known
    cause when it fails: JupyterLab's Vega renderer (@jupyterlab/vega5-extension), after drawing a
    chart whose output has no `image/png`, adds a PNG of it to the output model (`model.setData`),
    which marks the notebook modified; `unitevote.theme.chart_bundle` stores one to prevent it.
    """
    state = _open_and_check(notebook, lab, lab_page, trusted=False)
    assert not state["dirty"] and not state["dirtyTabs"], (
        f"opening {notebook.name} marked it modified; {_charts_without_png(notebook)} of its chart "
        "outputs store no image/png (JupyterLab's Vega renderer adds one to each that lacks it)"
    )


def test_charts_are_live_views_in_a_trusted_notebook(lab, lab_page):
    """Trusted (`jupyter trust`), on the smallest notebook that stores a chart.

    Trust decides whether JupyterLab runs HTML and JavaScript outputs; the Vega renderer draws a
    spec the same way either way, so one notebook shows it, and the untrusted test covers them all.
    """
    charted = [path for path in NOTEBOOKS if browser.stored_chart_count(path)]
    assert charted, "no notebook stores a chart"
    notebook = min(charted, key=lambda path: path.stat().st_size)
    state = _open_and_check(notebook, lab, lab_page, trusted=True)
    assert not state["dirty"], f"opening the trusted {notebook.name} marked it modified"


# Self-study edition: its folded solutions as JupyterLab draws them (tests/test_self_study.py
# proves them closed in the files, in exported HTML and in CommonMark).
FOLDS_JS = """() => Array.from(document.querySelectorAll('.jp-MarkdownOutput details')).map((d) => ({
  open: d.open, summary: d.querySelector('summary').checkVisibility(),
  code: !!d.querySelector('pre') && d.querySelector('pre').checkVisibility() }))"""


def test_self_study_folds_are_closed_until_one_click(lab_page):
    """Every folded solution of the self-study edition (`unitevote.editions.FOLDED` cells, all
    notebooks' in one notebook, so no chart slows the page) is drawn closed, its summary shown
    and its code hidden, and one click opens it without marking the notebook modified.
    Screenshots: build/screenshots/self_study_jupyterlab_folded.png and ..._opened.png."""
    import shutil
    import tempfile

    import nbformat

    from unitevote.editions import FOLDED, self_study_edition, write_notebook
    from unitevote.pattern import has_tag

    editions = [self_study_edition(nbformat.read(path, as_version=4)) for path in NOTEBOOKS]
    cells = [cell for edition in editions for cell in edition.cells if has_tag(cell, FOLDED)]
    assert cells, "the self-study edition has no folded solution"
    notebook = nbformat.v4.new_notebook(cells=cells, metadata=editions[0].metadata)
    (ROOT / "build").mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="self-study-", dir=ROOT / "build"))
    op, page = lab_page, lab_page.page
    try:
        write_notebook(notebook, folder / "folds.ipynb")
        for recorded in (op.blocked, op.errors, op.failed):
            recorded.clear()
        page.set_viewport_size({"width": 1100, "height": 800})
        page.evaluate(OPEN_JS, (folder / "folds.ipynb").relative_to(ROOT).as_posix())
        page.wait_for_function(
            "(n) => document.querySelectorAll('.jp-MarkdownOutput details').length === n",
            arg=len(cells), timeout=RENDER_TIMEOUT,
        )  # fmt: skip
        drawn = page.evaluate(FOLDS_JS)
        assert drawn == [{"open": False, "summary": True, "code": False}] * len(cells), drawn
        cell = page.locator(".jp-MarkdownCell", has_text="It prints:").first
        cell.scroll_into_view_if_needed()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        cell.screenshot(path=str(SCREENSHOTS / "self_study_jupyterlab_folded.png"))
        cell.locator("summary").click()
        page.wait_for_function("() => document.querySelectorAll('details[open] pre').length")
        opened = page.evaluate(FOLDS_JS)
        assert [d["open"] and d["code"] for d in opened].count(True) == 1, opened
        cell.screenshot(path=str(SCREENSHOTS / "self_study_jupyterlab_opened.png"))
        dirty = page.evaluate("() => window.jupyterapp.shell.currentWidget.context.model.dirty")
        assert not dirty, "opening a folded solution marked the notebook modified"
        assert not op.blocked and not op.errors, (op.blocked, op.errors)
    finally:
        page.set_viewport_size(VIEWPORT)
        shutil.rmtree(folder, ignore_errors=True)


# Exercise 03.2 as a learner meets it: 03's misleading chart and the solution, as 03 stores them
# (first lines of their cells), with between them the misleading chart given to the check.
MISLEADING_CELL = "axis_from, axis_to = 11, 16"
FIXED_CELL = "fixed = alt.Chart(published)"


def test_a_misleading_chart_its_feedback_and_the_fixed_chart(lab_page):
    """03's misleading turnout chart given to the check as an answer to 03.2 gets the named
    misconception of a bar axis that does not start at zero; the solution's fixed chart is correct.

    The notebook shown is three cells: 03's misleading chart and its solution with the outputs
    03 stores, and between them `unitevote.check("03.2", misleading)` with what `check` displays
    (the learner's chart, then the verdict), judged here by `checks.evaluate` on the chart made
    from the stored spec. Screenshot: build/screenshots/chart_exercise_03_2.png."""
    import copy
    import shutil
    import tempfile

    import altair as alt
    import nbformat

    from unitevote import checks
    from unitevote.chartcheck import TRUNCATED_AXIS
    from unitevote.editions import write_notebook
    from unitevote.pattern import CHECK_MIME

    source = nbformat.read(ROOT / "notebooks" / "03_turnout_critique.ipynb", as_version=4)

    def stored(first_line: str):
        found = [cell for cell in source.cells if cell.source.startswith(first_line)]
        assert len(found) == 1, f"03 has {len(found)} cells starting {first_line!r}"
        return copy.deepcopy(found[0])

    misleading, fixed = stored(MISLEADING_CELL), stored(FIXED_CELL)
    shown = [o for o in misleading.outputs if VEGALITE_MIME in o.get("data", {})]
    assert len(shown) == 1, f"03's misleading cell shows {len(shown)} charts"
    chart = alt.Chart.from_dict(shown[0]["data"][VEGALITE_MIME])
    feedback = checks.evaluate("03.2", chart)
    assert (feedback.status, feedback.misconception) == ("misconception", TRUNCATED_AXIS)
    verdicts = [o["data"][CHECK_MIME] for o in fixed.outputs if CHECK_MIME in o.get("data", {})]
    assert [v["status"] for v in verdicts] == ["correct"], verdicts
    checked = nbformat.v4.new_code_cell(
        'unitevote.check("03.2", misleading)',
        execution_count=misleading.execution_count + 1,
        outputs=[
            copy.deepcopy(shown[0]),
            nbformat.v4.new_output("display_data", data=feedback.bundle("03.2")),
        ],
    )
    fixed.execution_count = checked.execution_count + 1
    (ROOT / "build").mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="chart-exercise-", dir=ROOT / "build"))
    op, page = lab_page, lab_page.page
    try:
        notebook = nbformat.v4.new_notebook(
            cells=[misleading, checked, fixed], metadata=source.metadata
        )
        write_notebook(notebook, folder / "chart_exercise.ipynb")
        for recorded in (op.blocked, op.errors, op.failed):
            recorded.clear()
        page.set_viewport_size({"width": VIEWPORT["width"], "height": 2000})
        page.evaluate(OPEN_JS, (folder / "chart_exercise.ipynb").relative_to(ROOT).as_posix())
        page.wait_for_function(
            "() => document.querySelectorAll('.jp-NotebookPanel .vega-embed svg.marks, "
            ".jp-NotebookPanel .vega-embed canvas.marks').length === 3",
            timeout=RENDER_TIMEOUT,
        )
        cells = page.locator(".jp-NotebookPanel .jp-CodeCell")
        top, bottom = cells.nth(0).bounding_box(), cells.nth(2).bounding_box()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=str(SCREENSHOTS / "chart_exercise_03_2.png"),
            clip={
                "x": top["x"], "y": top["y"], "width": top["width"],
                "height": bottom["y"] + bottom["height"] - top["y"],
            },
        )  # fmt: skip
        assert not op.blocked and not op.errors, (op.blocked, op.errors)
    finally:
        page.set_viewport_size(VIEWPORT)
        shutil.rmtree(folder, ignore_errors=True)

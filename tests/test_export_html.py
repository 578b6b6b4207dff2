"""Exported HTML shows every chart: `jupyter nbconvert --to html`, opened offline in Chromium.

Each notebook of `unitevote.pattern.notebook_paths()` is exported with nbconvert's HTMLExporter,
the exporter `jupyter nbconvert --to html` runs (as a teacher does to mark or share a notebook;
JupyterLab's "Export as HTML" runs it too), with no configuration. The file is opened from
file:// in headless Chromium, inside the loopback-only namespace, with every request outside the
file aborted (nbconvert's page asks a CDN for require.js and MathJax: those are blocked, as in a
room with no network). Per stored chart output the page must show one visible SVG chart with data marks drawn (Vega's `.role-mark`
groups), whose title and description are available as text: the title drawn in the SVG or in its
`<title>`, the description in its `<desc>` or `aria-label` (nbconvert writes each SVG as an
`<img>` whose alt text is a fixed placeholder, so the SVG itself must carry it). A screenshot of
each page, at its first chart, goes to build/screenshots/export_<stem>.png.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import browser
import nbformat
import pytest
from nbconvert import HTMLExporter

from unitevote.pattern import ROOT, VEGALITE_MIME, notebook_paths

pytest_plugins = ["browser"]
pytestmark = pytest.mark.browser

NOTEBOOKS = notebook_paths()
SCREENSHOTS = ROOT / "build" / "screenshots"

# Every static chart in the page: the SVG stored beside the spec, which nbconvert writes as an
# <img src="data:image/svg+xml;base64,..."> (or inline <svg>). The SVG's source is parsed to
# count its drawn data marks and read its title and description.
CHARTS_JS = """async () => {
  const out = [];
  const areas = document.querySelectorAll('[data-mime-type="image/svg+xml"]');
  for (const area of areas) {
    const img = area.querySelector('img');
    const inline = area.querySelector('svg');
    const el = img || inline;
    if (!el) continue;
    if (img && !img.complete) await new Promise((r) => { img.onload = img.onerror = r; });
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    const source = img ? await (await fetch(img.src)).text() : inline.outerHTML;
    const svg = new DOMParser().parseFromString(source, 'image/svg+xml').documentElement;
    if (!svg.classList.contains('marks')) continue;  // not a Vega chart
    const own = (sel) => Array.from(svg.querySelectorAll(sel)).map((e) => e.textContent).join(' ');
    out.push({
      width: box.width, height: box.height,
      visible: box.width > 0 && box.height > 0 && style.visibility !== 'hidden'
               && style.display !== 'none' && (!img || img.naturalWidth > 0),
      marks: svg.querySelectorAll('g.role-mark > *').length,
      title: [own('svg > title'), own('.role-title-text')].join(' '),
      description: [own('svg > desc'), svg.getAttribute('aria-label') || '',
                    img ? img.alt : ''].join(' '),
    });
  }
  return out;
}"""


def _expected(path: Path) -> list[tuple[str, str]]:
    """(title, description) of each chart output the notebook stores."""
    notebook = nbformat.read(str(path), as_version=4)
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            spec = output.get("data", {}).get(VEGALITE_MIME)
            if spec is None:
                continue
            title = spec.get("title", "")
            title = title.get("text", "") if isinstance(title, dict) else title
            title = " ".join(title) if isinstance(title, list) else str(title)
            found.append((title, str(spec.get("description", ""))))
    return found


def _export(path: Path, out: Path) -> Path:
    """nbconvert's HTML exporter with no configuration: what `jupyter nbconvert --to html` runs."""
    body, _ = HTMLExporter().from_filename(str(path))
    out.mkdir(parents=True, exist_ok=True)
    page = out / f"{path.stem}.html"
    page.write_text(body, encoding="utf-8")
    return page


# The notebooks that store charts (a notebook with none has no picture to show).
WITH_CHARTS = [path for path in NOTEBOOKS if browser.stored_chart_count(path)]


@pytest.mark.parametrize("path", WITH_CHARTS, ids=[p.stem for p in WITH_CHARTS])
def test_exported_html_shows_every_chart_offline(path: Path, chromium, tmp_path):
    snapshot = tmp_path / path.name  # the same bytes for what is expected and what is exported
    shutil.copyfile(path, snapshot)
    expected = _expected(snapshot)
    assert expected, f"{path.name} no longer stores a chart"
    page_file = _export(snapshot, tmp_path / "html")
    op = browser.offline_page(chromium, "file://")
    try:
        op.page.goto(page_file.as_uri(), wait_until="load")
        charts = op.page.evaluate(CHARTS_JS)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shot = SCREENSHOTS / f"export_{path.stem}.png"
        # The window at the first chart: the picture to look at (a picture of the whole long
        # page costs more than the rest of the check).
        op.page.evaluate(
            """() => { const chart = document.querySelector('[data-mime-type="image/svg+xml"]');
                       if (chart) chart.scrollIntoView({ block: 'center' }); }"""
        )
        op.page.screenshot(path=str(shot))
    finally:
        op.close()
    assert not [u for u in op.blocked if u.startswith("file:")], op.blocked
    assert len(charts) == len(expected), (
        f"{path.name}: {len(charts)} SVG charts in the exported page, {len(expected)} stored "
        "(a chart output without its SVG shows as text only)"
    )
    for number, (chart, (title, description)) in enumerate(zip(charts, expected, strict=True), 1):
        where = f"{path.name}, chart {number} ({title!r})"
        assert chart["visible"], f"{where}: not visible ({chart['width']}x{chart['height']})"
        assert chart["marks"] > 0, f"{where}: no data mark drawn"
        assert " ".join(title.split()) in " ".join(chart["title"].split()), (
            f"{where}: the title is not in the SVG as text"
        )
        assert " ".join(description.split()) in " ".join(chart["description"].split()), (
            f"{where}: its description (alt text) is not available: the SVG has no <desc> or "
            "aria-label holding it, and nbconvert's <img> alt is a placeholder"
        )

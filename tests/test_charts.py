"""Every stored chart fits the page and carries a static SVG and PNG of itself.

For each chart output of `unitevote.pattern.notebook_paths()` (a Vega-Lite v5 spec):
- the chart as vl-convert draws it (the stored SVG), legend included, is at most 760 px wide (the
  site's text column; a laptop's JupyterLab);
- the output carries an `image/svg+xml` beside the spec (GitHub, nbviewer, exported HTML);
- the output carries an `image/png` (without one, JupyterLab's Vega renderer adds its own on
  opening and the notebook is marked modified), at the chart's own size.

That the stored pictures are a fresh rendering of the stored spec, and not stale, is checked
where every notebook is re-executed: nbval's run must reproduce the committed file byte for byte
(tests/nbval_replay.py), pictures included.
"""

from __future__ import annotations

import base64
import re
import struct
import zlib
from pathlib import Path

import nbformat
import pytest

from unitevote import theme
from unitevote.pattern import PNG_MIME, SVG_MIME, VEGALITE_MIME, notebook_paths

MAX_WIDTH = 760
NOTEBOOKS = notebook_paths()


def _charts(path: Path) -> list[tuple[int, dict]]:
    """(cell number, output data) of each chart output in the notebook."""
    notebook = nbformat.read(str(path), as_version=4)
    return [
        (number, output["data"])
        for number, cell in enumerate(notebook.cells)
        for output in cell.get("outputs", [])
        if VEGALITE_MIME in output.get("data", {})
    ]


def _svg(spec: dict) -> str:
    """The SVG the collection's renderer stores for `spec` (vl-convert, offline)."""
    return theme.chart_bundle(spec)[0][SVG_MIME]


def png_pixels(encoded: str) -> tuple[bytes, bytes]:
    """A base64 PNG's header (IHDR) and its image data decompressed: what it shows, not how it
    was compressed."""
    png, chunks, at = base64.b64decode(encoded), {}, 8
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind = png[at + 4 : at + 8]
        chunks[kind] = chunks.get(kind, b"") + png[at + 8 : at + 8 + length]
        at += 12 + length
    return chunks[b"IHDR"], zlib.decompress(chunks[b"IDAT"])


def png_size(encoded: str) -> tuple[int, int]:
    """Width and height from a base64 PNG's header (IHDR)."""
    header, _ = png_pixels(encoded)
    return struct.unpack(">II", header[:8])


def svg_size(svg: str) -> tuple[float, float]:
    match = re.search(r'<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"', svg)
    assert match, "no width/height on the SVG"
    return float(match[1]), float(match[2])


# The notebooks that store charts (a notebook with none has nothing to check here).
WITH_CHARTS = [path for path in NOTEBOOKS if _charts(path)]


def test_the_course_stores_charts():
    assert len(WITH_CHARTS) >= 3, [path.name for path in WITH_CHARTS]


@pytest.mark.parametrize("path", WITH_CHARTS, ids=[p.stem for p in WITH_CHARTS])
def test_every_chart_fits_760_px_with_its_svg_and_png(path: Path):
    charts = _charts(path)
    assert charts, f"{path.name} no longer stores a chart"
    too_wide, missing, sizes, widths = [], [], [], []
    for number, data in charts:
        spec = data[VEGALITE_MIME]
        title = spec.get("title")
        title = title.get("text") if isinstance(title, dict) else title
        where = f"cell {number} ({title!r})"
        if SVG_MIME not in data or PNG_MIME not in data:
            missing.append(f"{where}: {[m for m in (SVG_MIME, PNG_MIME) if m not in data]}")
            continue
        svg = data[SVG_MIME]
        width, height = svg_size("".join(svg) if isinstance(svg, list) else svg)
        widths.append(round(width))
        if width > MAX_WIDTH:
            too_wide.append(f"{where}: {width:.0f} px")
        png_width, png_height = png_size(data[PNG_MIME])
        if (png_width, png_height) != (round(width), round(height)):
            sizes.append(f"{where}: PNG {png_width}x{png_height}, chart {width}x{height}")
    print(f"{path.name}: chart widths {widths} px")
    assert not too_wide, f"{path.name}: charts wider than {MAX_WIDTH} px: {too_wide}"
    assert not missing, f"{path.name}: chart outputs without a static picture: {missing}"
    assert not sizes, f"{path.name}: a PNG is not drawn at its chart's size: {sizes}"


def test_a_wide_chart_is_measured_wide():
    """The width read is the rendered one, legend included (the check can fail)."""
    import altair as alt
    import pandas as pd

    data = pd.DataFrame({"x": list(range(3)), "name": ["a long legend label"] * 3})
    chart = alt.Chart(data).mark_point().encode(x="x:Q", color="name:N").properties(width=740)
    width, _ = svg_size(_svg(chart.to_dict()))
    assert width > MAX_WIDTH

"""Every stored chart fits the page and carries a static SVG and PNG that are its current rendering.

For each chart output of `unitevote.pattern.notebook_paths()` (a Vega-Lite v5 spec):
- rendered offline with vl-convert (as the collection's renderer does), the chart, legend
  included, is at most 760 px wide (the site's text column; a laptop's JupyterLab);
- the output carries an `image/svg+xml` beside the spec (GitHub, nbviewer, exported HTML), and
  that SVG is byte for byte a fresh rendering of the stored spec: deterministic, and not stale;
- the output carries an `image/png` (without one, JupyterLab's Vega renderer adds its own on
  opening and the notebook is marked modified): the pixels of a fresh rendering of the same spec
  (compared decompressed, as another zlib may write the same pixels differently), at the chart's
  own size.
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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_chart_fits_760_px_and_its_svg_is_a_fresh_rendering(path: Path):
    charts = _charts(path)
    if not charts:
        pytest.skip(f"{path.name} stores no chart")
    too_wide, missing, stale, widths = [], [], [], []
    for number, data in charts:
        spec = data[VEGALITE_MIME]
        bundle = theme.chart_bundle(spec)[0]
        fresh = bundle[SVG_MIME]
        width, _ = svg_size(fresh)
        widths.append(round(width))
        title = spec.get("title")
        title = title.get("text") if isinstance(title, dict) else title
        where = f"cell {number} ({title!r})"
        if width > MAX_WIDTH:
            too_wide.append(f"{where}: {width:.0f} px")
        for mime in (SVG_MIME, PNG_MIME):
            stored = data.get(mime)
            if stored is None:
                missing.append(f"{where}: no {mime}")
                continue
            stored = "".join(stored) if isinstance(stored, list) else stored
            if mime == PNG_MIME:
                same = png_pixels(stored) == png_pixels(bundle[mime])
            else:
                same = stored == bundle[mime]
            if not same:
                stale.append(f"{where}: {mime}")
        if PNG_MIME in data:
            png_width, png_height = png_size(data[PNG_MIME])
            svg_width, svg_height = svg_size(fresh)
            if (png_width, png_height) != (round(svg_width), round(svg_height)):
                stale.append(
                    f"{where}: PNG {png_width}x{png_height}, chart {svg_width}x{svg_height}"
                )
    print(f"{path.name}: chart widths {widths} px")
    assert not too_wide, f"{path.name}: charts wider than {MAX_WIDTH} px: {too_wide}"
    assert not missing, f"{path.name}: chart outputs without a static picture: {missing}"
    assert not stale, (
        f"{path.name}: a stored picture differs from a fresh rendering of the stored spec "
        f"(re-execute the notebook): {stale}"
    )


def test_a_wide_chart_is_measured_wide():
    """The width read is the rendered one, legend included (the check can fail)."""
    import altair as alt
    import pandas as pd

    data = pd.DataFrame({"x": list(range(3)), "name": ["a long legend label"] * 3})
    chart = alt.Chart(data).mark_point().encode(x="x:Q", color="name:N").properties(width=740)
    width, _ = svg_size(_svg(chart.to_dict()))
    assert width > MAX_WIDTH

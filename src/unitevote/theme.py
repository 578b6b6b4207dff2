"""The collection's Altair look: readable type, a colour-blind-safe palette, one colour per candidate.

Importing this module registers and enables the theme and the collection's renderer. Each chart
output holds four representations of one chart:

- the Vega-Lite v5 spec (`pattern.VEGALITE_MIME`), which JupyterLab and the static site draw
  interactively with no network (tooltips, sliders), even in an untrusted notebook, and which
  nbval compares exactly;
- a static SVG (`pattern.SVG_MIME`) rendered offline by vl-convert, with no browser or network,
  for the places that run no JavaScript: GitHub's notebook preview, nbviewer, `jupyter nbconvert
  --to html` and JupyterLab's "Export as HTML". JupyterLab prefers the spec when both are present;
- a PNG of the same chart (`pattern.PNG_MIME`), also from vl-convert. JupyterLab's Vega renderer
  adds a PNG to every chart output that lacks one as soon as it draws it, which marks the notebook
  modified on opening ("Save your changes?" for a learner who changed nothing). With the PNG
  stored, opening a notebook changes nothing. vl-convert writes its PNGs with light compression;
  they are compressed again, losslessly, to about a quarter of the size;
- a text fallback naming the chart by its title.

A chart whose spec is one the committed notebooks hold takes its SVG and PNG from them instead of
drawing them again (`stored_pictures`: the same bytes, checked by digest).

The SVG and PNG are deterministic on a given machine: vl-convert lays text out with the fonts it
finds, so the same spec gives the same bytes run after run; a machine with other fonts may
measure text differently, and another zlib may compress the same pixels into other bytes (the
spec, which JupyterLab and the site draw, does not change).
"""

from __future__ import annotations

import base64
import functools
import os
import struct
import sys
import threading
import zlib
from html import escape

import altair as alt
import vl_convert

from . import stored_pictures
from .pattern import PNG_MIME, SVG_MIME, VEGALITE_MIME

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "bluish green": "#009E73",
    "reddish purple": "#CC79A7",
    "sky blue": "#56B4E9",
    "vermillion": "#D55E00",
    "yellow": "#F0E442",
    "black": "#000000",
}
PALETTE = list(OKABE_ITO.values())
GREYS = {"spoiled": "#999999", "absent": "#D9D9D9"}

# One colour per person in every chart of the collection; a candidate who stood twice keeps theirs.
CANDIDATE_COLOURS = {
    "Len McCluskey": OKABE_ITO["blue"],
    "Gerard Coyne": OKABE_ITO["orange"],
    "Ian Allinson": OKABE_ITO["bluish green"],
    "Jerry Hicks": OKABE_ITO["reddish purple"],
    "Les Bayliss": OKABE_ITO["sky blue"],
    "Gail Cartmail": OKABE_ITO["yellow"],
    "Sharon Graham": OKABE_ITO["vermillion"],
    "Steve Turner": OKABE_ITO["black"],
    "Spoiled papers": GREYS["spoiled"],
    "Did not return a paper": GREYS["absent"],
}
ALLOWED_COLOURS = {colour.upper() for colour in PALETTE + list(GREYS.values())}

FONT = "Helvetica Neue, Arial, sans-serif"


def candidate_scale(names=None) -> alt.Scale:
    """A colour scale that gives each candidate (and the grey categories) their fixed colour.

    `names` limits and orders the legend; by default every known name is in the domain.
    """
    names = list(CANDIDATE_COLOURS) if names is None else list(names)
    unknown = [name for name in names if name not in CANDIDATE_COLOURS]
    if unknown:
        raise KeyError(f"no colour is assigned to {unknown}; add them to CANDIDATE_COLOURS")
    return alt.Scale(domain=names, range=[CANDIDATE_COLOURS[name] for name in names])


@alt.theme.register("unitevote", enable=True)
def unitevote_theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "view": {"continuousWidth": 480, "continuousHeight": 280, "stroke": None},
            "title": {"fontSize": 17, "anchor": "start", "subtitleFontSize": 13, "offset": 12},
            "axis": {"labelFontSize": 13, "titleFontSize": 14, "labelLimit": 260, "grid": False},
            "legend": {"labelFontSize": 13, "titleFontSize": 14, "labelLimit": 260},
            "header": {"labelFontSize": 13, "titleFontSize": 14},
            "text": {"fontSize": 13},
            "range": {"category": PALETTE},
            "bar": {"color": OKABE_ITO["blue"]},
            "line": {"color": OKABE_ITO["blue"], "strokeWidth": 2.5},
            "point": {"color": OKABE_ITO["blue"], "size": 80, "filled": True},
        }
    }


# The Vega-Lite version Altair writes (its schema, e.g. "v5.20.1"): the SVG, the site's and the
# class report's scripts are all drawn by the Vega-Lite the spec was written for.
VEGALITE_FULL_VERSION = alt.SCHEMA_VERSION.lstrip("v")
VEGALITE_VERSION = ".".join(VEGALITE_FULL_VERSION.split(".")[:2])
# What a chart's static pictures depend on besides its spec (and the machine's fonts).
PICTURE_VERSIONS = {"vega-lite": VEGALITE_FULL_VERSION, "vl-convert-python": vl_convert.__version__}


def chart_script() -> tuple[str, dict[str, str]]:
    """vega + vega-lite + vega-embed as one script (from vl-convert-python), and their versions.

    The bundle sets `window.vega`, `window.vegaLite` and `window.vegaEmbed`; it is a classic
    script (no ES modules), so it also runs from file://. The offline site and the class report
    both ship it. Bundled once per process (vl-convert takes over a second to bundle it).
    """
    script, versions = _chart_script()
    return script, dict(versions)


@functools.cache
def _chart_script() -> tuple[str, dict[str, str]]:
    if VEGALITE_VERSION not in vl_convert.get_vegalite_versions():
        raise RuntimeError(
            f"vl-convert-python {vl_convert.__version__} has no Vega-Lite {VEGALITE_VERSION} "
            f"(Altair writes v{VEGALITE_FULL_VERSION}): lock a vl-convert-python that has it"
        )
    versions = {
        "vega": vl_convert.get_vega_version(),
        "vega-lite": VEGALITE_FULL_VERSION,
        "vega-embed": vl_convert.get_vega_embed_version(),
        "vl-convert-python": vl_convert.__version__,
    }
    return vl_convert.javascript_bundle(vl_version=VEGALITE_VERSION), versions


def pictures_wanted() -> bool:
    """Whether charts store their static pictures: always, except where no one will see them
    (UNITEVOTE_PICTURES=0: the class report's kernels, and test runs that read only verdicts)."""
    return os.environ.get("UNITEVOTE_PICTURES", "1") != "0"


def chart_bundle(spec: dict, **metadata) -> tuple[dict, dict]:
    """The output of one chart: the interactive spec, a static SVG and PNG, and a text fallback."""
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(title)
    text = f"<Chart: {title}>" if title else "<Chart>"
    if not pictures_wanted():
        return {VEGALITE_MIME: spec, "text/plain": text}, {}
    # One of the committed notebooks' own charts: its pictures as committed (the same bytes).
    stored = stored_pictures.find(spec, PICTURE_VERSIONS)
    if stored is not None:
        svg, png = stored
        return {VEGALITE_MIME: spec, SVG_MIME: svg, PNG_MIME: png, "text/plain": text}, {}
    drawn = vl_convert.vegalite_to_svg(spec, vl_version=VEGALITE_VERSION)
    svg = _with_title_and_description(drawn, title, spec.get("description"))
    # The PNG from the SVG drawn: the same pixels as vl-convert's own `vegalite_to_png`, without
    # compiling and laying out the chart a second time.
    png = base64.b64encode(_recompressed(vl_convert.svg_to_png(drawn, scale=1))).decode("ascii")
    return {VEGALITE_MIME: spec, SVG_MIME: svg, PNG_MIME: png, "text/plain": text}, {}


def _with_title_and_description(svg: str, title, description) -> str:
    """The chart's title and description inside the SVG, as its accessible name and description.

    Exported HTML shows the SVG as an image whose alt text nbconvert does not fill in, so the
    text a screen reader needs travels inside the picture itself.
    """
    parts = [f"<title>{escape(str(title))}</title>" if title else ""]
    parts.append(f"<desc>{escape(str(description))}</desc>" if description else "")
    opening_end = svg.index(">", svg.index("<svg")) + 1
    return svg[:opening_end] + "".join(parts) + svg[opening_end:]


def _recompressed(png: bytes) -> bytes:
    """The same PNG with its image data deflated again at zlib's default level (pixels unchanged).

    vl-convert deflates fast and large (about 4x); level 6 gives within 5% of level 9's size
    for a fifth of its time (`make bench` measures the chart cells)."""
    chunks, at = [], 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        chunks.append((png[at + 4 : at + 8], png[at + 8 : at + 8 + length]))
        at += 12 + length
    pixels = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    first_idat = next(i for i, (kind, _) in enumerate(chunks) if kind == b"IDAT")
    kept = [(kind, body) for kind, body in chunks if kind != b"IDAT"]
    kept.insert(first_idat, (b"IDAT", zlib.compress(pixels, 6)))
    return png[:8] + b"".join(_chunk(kind, body) for kind, body in kept)


def _chunk(kind: bytes, body: bytes) -> bytes:
    """One PNG chunk: length, type, data and the CRC of type and data."""
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


# Not Altair's default html renderer, which loads scripts from a CDN and writes random ids.
alt.renderers.register("unitevote", chart_bundle)
alt.renderers.enable("unitevote")


# A chart with a title, an axis and a mark: drawing it loads vl-convert's JavaScript engine,
# Vega-Lite and the fonts, which the first chart of a process would otherwise wait for.
_WARM_UP_SPEC = {
    "title": "warm-up",
    "data": {"values": [{"value": 1}]},
    "mark": "bar",
    "encoding": {"x": {"field": "value", "type": "quantitative"}},
}


def warm_up() -> None:
    """Start vl-convert by drawing one small chart (SVG and PNG), discarding it."""
    try:
        drawn = vl_convert.vegalite_to_svg(_WARM_UP_SPEC, vl_version=VEGALITE_VERSION)
        vl_convert.svg_to_png(drawn, scale=1)
    except Exception:  # a real chart meets the same problem and shows its message
        pass


def start_warm_up() -> None:
    """In a kernel, where charts are drawn, start vl-convert in a thread of its own.

    Called once the package is imported. vl-convert holds the GIL while its JavaScript engine
    starts (about half a second), so that part of the wait moves from the learner's first chart
    into the imports cell rather than vanishing; drawing the warm-up chart then overlaps the
    next cells. `make bench` measures the imports cell and the first chart. Other processes
    (tools, tests) start vl-convert when they need it, and so do kernels where no one waits for a
    chart (UNITEVOTE_WARM_UP=0) or draws no picture.
    """
    if (
        "ipykernel" in sys.modules
        and pictures_wanted()
        and os.environ.get("UNITEVOTE_WARM_UP") != "0"
    ):
        threading.Thread(target=warm_up, name="unitevote-warm-up", daemon=True).start()

"""The static pictures of the course's own charts, taken from the committed notebooks.

Drawing a chart's SVG and PNG (vl-convert) takes about a tenth of a second, most of what a
notebook spends beyond starting its kernel. The committed notebooks already hold the pictures of
every chart they draw, and on the same vl-convert the same spec draws the same bytes (`make test`
re-executes every notebook drawing each picture afresh, and compares the files byte for byte). So
a chart whose spec is one the committed notebooks hold takes its SVG and PNG from there:

- `pictures.json` (written by `make docs` from the committed notebooks) lists each of their
  charts by the digest of its spec, with the notebook that holds it and the digests of its SVG
  and PNG, and the vl-convert and Vega-Lite versions that drew them;
- a picture is used only if that notebook still holds exactly those bytes beside exactly that
  spec, on those versions. A chart the learner changed, a notebook saved with other pictures,
  another vl-convert: each is drawn afresh, as before.

UNITEVOTE_DRAW_AFRESH=1 turns this off: `make execute` and the tests' notebook runs draw every
picture, so that what is committed is what vl-convert draws.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .pattern import NOTEBOOKS_DIR, PNG_MIME, SVG_MIME, VEGALITE_MIME, notebook_paths

INDEX = Path(__file__).with_name("pictures.json")
DRAW_AFRESH = "UNITEVOTE_DRAW_AFRESH"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def spec_digest(spec: dict) -> str:
    """The digest of a Vega-Lite spec, the same for the dict a kernel renders and the JSON a
    notebook stores (keys sorted, no spaces)."""
    return digest(json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False))


def joined(value) -> str:
    """A notebook stores text outputs as a list of lines; a str either way."""
    return "".join(value) if isinstance(value, list) else value


def chart_outputs(path: Path) -> list[tuple[dict, str, str]]:
    """Each chart output of the notebook file at `path` that has all three: (spec, SVG, PNG)."""
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    found = []
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if all(mime in data for mime in (VEGALITE_MIME, SVG_MIME, PNG_MIME)):
                found.append((data[VEGALITE_MIME], joined(data[SVG_MIME]), joined(data[PNG_MIME])))
    return found


def index(versions: dict[str, str], folder: Path = NOTEBOOKS_DIR) -> dict:
    """What `pictures.json` holds for the notebooks in `folder` (`make docs` writes it)."""
    charts = {}
    for path in notebook_paths(folder):
        for spec, svg, png in chart_outputs(path):
            charts.setdefault(
                spec_digest(spec), {"notebook": path.name, "svg": digest(svg), "png": digest(png)}
            )
    return {"versions": versions, "charts": dict(sorted(charts.items()))}


_INDEX: dict | None = None
# One notebook's chart outputs by the digest of their SVG: (spec digest, SVG, PNG), kept with the
# file's (modification time, size) and read again once it changes.
_OUTPUTS: dict[Path, tuple[tuple[int, int], dict[str, tuple[str, str, str]]]] = {}


def _read_index() -> dict:
    global _INDEX
    if _INDEX is None:
        try:
            _INDEX = json.loads(INDEX.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            _INDEX = {}
        if not isinstance(_INDEX, dict):
            _INDEX = {}
    return _INDEX


def _by_svg_digest(path: Path) -> dict[str, tuple[str, str, str]]:
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    if path not in _OUTPUTS or _OUTPUTS[path][0] != stamp:
        outputs = {
            digest(svg): (spec_digest(spec), svg, png) for spec, svg, png in chart_outputs(path)
        }
        _OUTPUTS[path] = (stamp, outputs)
    return _OUTPUTS[path][1]


def find(spec: dict, versions: dict[str, str]) -> tuple[str, str] | None:
    """The committed (SVG, base64 PNG) of a chart with this spec drawn on these `versions`, or
    None: draw it. Never raises (a spec or a notebook that cannot be read is a picture to draw)."""
    if os.environ.get(DRAW_AFRESH) == "1":
        return None
    known = _read_index()
    if known.get("versions") != versions:
        return None
    try:
        key = spec_digest(spec)
        entry = known.get("charts", {}).get(key)
        if entry is None:
            return None
        path = NOTEBOOKS_DIR / entry["notebook"]
        if path not in notebook_paths(NOTEBOOKS_DIR):  # a name from the index, never a path
            return None
        held = _by_svg_digest(path).get(entry["svg"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None
    if held is None:
        return None
    held_spec, svg, png = held
    if held_spec != key or digest(png) != entry["png"]:
        return None
    return svg, png

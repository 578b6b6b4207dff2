"""Every chart stored in a notebook is accessible: title, alt text, palette colours, a table.

Charts are read from the stored Vega-Lite outputs (`unitevote.pattern.VEGALITE_MIME`: what JupyterLab
draws), so the test needs no kernel. For each chart:
- a title and a description (the alternative text) of at least 20 characters;
- every colour it uses (scale ranges, `value` colours in encodings and conditions, mark and
  config colours) is from the collection's palette, `unitevote.theme.ALLOWED_COLOURS`
  ("black" and "white" are allowed by name, for text labels);
- a table or text alternative: an HTML table output in the same cell or the next code cell, or a
  markdown table in the next markdown cell.
"""

import functools
import re
from pathlib import Path

import nbformat
import pytest

from unitevote.pattern import VEGALITE_MIME as VEGALITE
from unitevote.pattern import notebook_paths
from unitevote.theme import ALLOWED_COLOURS

NOTEBOOKS = notebook_paths()
MIN_DESCRIPTION = 20
NAMED_ALLOWED = {"black", "white"}

HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
FUNCTION_COLOUR = re.compile(r"^(?:rgba?|hsla?|hcl|lab)\(", re.IGNORECASE)
# CSS named colours (the ones a chart author is likely to type; any other word in a colour
# position is reported too, see colour_problem).
CSS_NAMES = set(
    """aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue
    blueviolet brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk
    crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki
    darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen
    darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue
    dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro
    ghostwhite gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo
    ivory khaki lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan
    lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen
    lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen
    linen magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple
    mediumseagreen mediumslateblue mediumspringgreen mediumturquoise mediumvioletred
    midnightblue mintcream mistyrose moccasin navajowhite navy oldlace olive olivedrab
    orange orangered orchid palegoldenrod palegreen paleturquoise palevioletred papayawhip
    peachpuff peru pink plum powderblue purple rebeccapurple red rosybrown royalblue
    saddlebrown salmon sandybrown seagreen seashell sienna silver skyblue slateblue
    slategray slategrey snow springgreen steelblue tan teal thistle tomato turquoise violet
    wheat white whitesmoke yellow yellowgreen""".split()
)
COLOUR_CHANNELS = {"color", "fill", "stroke"}
SKIP_KEYS = {"datasets", "data", "title", "description", "$schema", "usermeta", "resolve"}


def looks_like_colour(value) -> bool:
    return isinstance(value, str) and (
        bool(HEX.match(value)) or bool(FUNCTION_COLOUR.match(value)) or value.lower() in CSS_NAMES
    )


def is_colour_key(key: str) -> bool:
    return key in COLOUR_CHANNELS or key in {"background"} or key.endswith("Color")


def colour_problem(colour: str) -> str | None:
    if colour.lower() in NAMED_ALLOWED:
        return None
    if HEX.match(colour) and colour.upper() in ALLOWED_COLOURS:
        return None
    return colour


def colours_used(node, path="", channel=False):
    """Yield (json path, colour) for every colour in a Vega-Lite spec."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in SKIP_KEYS and not (channel and key == "value"):
                continue
            here = f"{path}.{key}" if path else key
            if key == "scheme":
                yield here, f"scheme {value!r}"
            elif key == "range" and isinstance(value, list):
                yield from (
                    (f"{here}[{i}]", item)
                    for i, item in enumerate(value)
                    if looks_like_colour(item)
                )
            elif key == "range" and isinstance(
                value, dict
            ):  # config.range: named ranges of colours
                for name, colours in value.items():
                    if isinstance(colours, list):
                        items = enumerate(colours)
                        yield from (
                            (f"{here}.{name}[{i}]", c) for i, c in items if looks_like_colour(c)
                        )
            elif channel and key == "value" and isinstance(value, str):
                yield here, value
            elif is_colour_key(key) and isinstance(value, str):
                yield here, value
            else:
                # in a colour channel of an encoding, a `value` (also in a condition) is a colour
                opens_channel = key in COLOUR_CHANNELS and path.split(".")[-1] == "encoding"
                yield from colours_used(value, here, channel=channel or opens_channel)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from colours_used(item, f"{path}[{index}]", channel)


def title_text(title) -> str:
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(str(part) for part in title)
    return str(title or "").strip()


def has_html_table(cell) -> bool:
    return any(
        "<table" in str(output.get("data", {}).get("text/html", ""))
        for output in cell.get("outputs", [])
    )


def has_markdown_table(cell) -> bool:
    return bool(re.search(r"^\s*\|?\s*:?-{3,}:?\s*\|", cell.source, re.MULTILINE))


def next_of_type(cells, index, cell_type):
    return next((cell for cell in cells[index + 1 :] if cell.cell_type == cell_type), None)


@functools.cache
def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def charts():
    """(notebook, cell index, output index, spec) for every stored chart."""
    found = []
    for path in NOTEBOOKS:
        notebook = read(path)
        for index, cell in enumerate(notebook.cells):
            for number, output in enumerate(cell.get("outputs", [])):
                spec = output.get("data", {}).get(VEGALITE)
                if spec is not None:
                    found.append(
                        pytest.param(path, index, spec, id=f"{path.stem}-cell{index}-out{number}")
                    )
    return found


CHARTS = charts()


@pytest.mark.parametrize(("path", "index", "spec"), CHARTS)
def test_title_and_description(path, index, spec):
    assert title_text(spec.get("title")), f"{path.name} cell {index}: the chart has no title"
    description = str(spec.get("description") or "").strip()
    assert len(description) >= MIN_DESCRIPTION, (
        f"{path.name} cell {index} ({title_text(spec.get('title'))!r}): description "
        f"{description!r} is shorter than {MIN_DESCRIPTION} characters; say what the chart shows "
        "and its key figures"
    )


@pytest.mark.parametrize(("path", "index", "spec"), CHARTS)
def test_colours_from_the_palette(path, index, spec):
    wrong = [f"{where}: {colour}" for where, colour in colours_used(spec) if colour_problem(colour)]
    assert not wrong, (
        f"{path.name} cell {index} ({title_text(spec.get('title'))!r}) uses colours outside "
        f"unitevote.theme.ALLOWED_COLOURS {sorted(ALLOWED_COLOURS)}:\n" + "\n".join(wrong)
    )


STEP_TITLE = re.compile(r"^Step \d+:")
STEPS_AHEAD = 8  # cells within which a chart built in steps reaches its finished form


def has_table_alternative(cells, index) -> bool:
    next_code = next_of_type(cells, index, "code")
    next_markdown = next_of_type(cells, index, "markdown")
    return (
        has_html_table(cells[index])
        or (next_code is not None and has_html_table(next_code))
        or (next_markdown is not None and has_markdown_table(next_markdown))
    )


def finished_chart_after(path, index) -> int | None:
    """The cell of the next chart that is not itself a step, within a few cells of `index`."""
    for later_path, later_index, spec in (param.values for param in CHARTS):
        if later_path == path and index < later_index <= index + STEPS_AHEAD:
            if not STEP_TITLE.match(title_text(spec.get("title"))):
                return later_index
    return None


@pytest.mark.parametrize(("path", "index", "spec"), CHARTS)
def test_table_alternative(path, index, spec):
    """A chart built one step at a time ("Step 1: ...") shares the table of the finished chart
    it grows into, shown once beside that chart."""
    cells = read(path).cells
    if STEP_TITLE.match(title_text(spec.get("title"))):
        finished = finished_chart_after(path, index)
        assert finished is not None and has_table_alternative(cells, finished), (
            f"{path.name} cell {index}: a step chart must lead, within {STEPS_AHEAD} cells, to a "
            "finished chart with its table"
        )
        return
    assert has_table_alternative(cells, index), (
        f"{path.name} cell {index} ({title_text(spec.get('title'))!r}): no table in the same "
        "cell, the next code cell or the next markdown cell"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_charts_are_stored_as_offline_vegalite(path):
    """No chart output that needs a CDN or carries a random id (the html renderer)."""
    notebook = read(path)
    bad = []
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            html = str(data.get("text/html", ""))
            if "altair-viz-" in html or "cdn.jsdelivr.net" in html or "vega-embed" in html:
                bad.append(
                    f"cell {index}: an HTML chart (use the mimetype renderer: `import unitevote`)"
                )
            bad += [f"cell {index}: {key}" for key in data if "vegalite" in key and key != VEGALITE]
    assert not bad, f"{path.name}:\n" + "\n".join(bad)


def test_colour_walker_finds_colours():
    spec = {
        "mark": {"type": "bar", "color": "steelblue"},
        "encoding": {
            "color": {"condition": {"param": "p", "value": "#0072B2"}, "value": "lightgray"},
            "fill": {"field": "x", "scale": {"range": ["#E69F00", "#123456"], "scheme": "reds"}},
            "text": {"field": "label"},
        },
        "config": {"range": {"category": ["#009e73"]}, "axis": {"labelColor": "black"}},
        "datasets": {"d": [{"colour": "red"}]},
        "resolve": {"scale": {"color": "independent"}},
    }
    found = dict(colours_used(spec))
    assert found["mark.color"] == "steelblue"
    assert found["encoding.color.condition.value"] == "#0072B2"
    assert found["encoding.color.value"] == "lightgray"
    assert "#123456" in found.values() and "scheme 'reds'" in found.values()
    problems = sorted(filter(None, (colour_problem(c) for c in found.values())))
    assert problems == ["#123456", "lightgray", "scheme 'reds'", "steelblue"]

"""A chart the committed notebooks hold takes its pictures from them, and only then.

`unitevote.stored_pictures`: a kernel running a notebook as committed reuses each chart's SVG and
PNG instead of drawing them again. That those committed bytes are what vl-convert draws is
checked where nbval re-executes every notebook with every picture drawn afresh (conftest.py sets
UNITEVOTE_DRAW_AFRESH=1; tests/nbval_replay.py compares the files byte for byte); here, that the
store hands out exactly those bytes, for exactly those specs, and nothing else.
"""

from __future__ import annotations

import json
import shutil

import pytest

from unitevote import charts, stored_pictures, theme
from unitevote.pattern import NOTEBOOKS_DIR, PNG_MIME, SVG_MIME, notebook_paths

VERSIONS = theme.PICTURE_VERSIONS


@pytest.fixture
def store_on(monkeypatch):
    """The store as a learner's kernel has it (the tests' own runs draw afresh)."""
    monkeypatch.delenv(stored_pictures.DRAW_AFRESH, raising=False)


def committed_charts():
    return [
        (path.name, spec, svg, png)
        for path in notebook_paths()
        for spec, svg, png in stored_pictures.chart_outputs(path)
    ]


def test_every_committed_chart_gets_exactly_its_committed_pictures(store_on):
    found = committed_charts()
    assert len(found) >= 20, f"only {len(found)} chart outputs in the notebooks"
    wrong = [
        f"{name}: {spec.get('title')!r}"
        for name, spec, svg, png in found
        if stored_pictures.find(spec, VERSIONS) != (svg, png)
    ]
    assert not wrong, f"charts the store does not give their committed pictures: {wrong}"


def test_a_chart_built_in_python_is_found_as_the_kernel_builds_it(store_on):
    """The digest of the dict Altair gives a renderer is the digest of the JSON a notebook
    stores (03 displays this chart)."""
    spec = charts.electorate(2017).to_dict()
    assert stored_pictures.find(spec, VERSIONS) is not None


def test_the_renderer_gives_the_same_bundle_with_the_store_and_drawing_afresh(monkeypatch):
    name, spec, svg, png = min(committed_charts(), key=lambda chart: len(chart[2]))
    monkeypatch.delenv(stored_pictures.DRAW_AFRESH, raising=False)
    stored = theme.chart_bundle(spec)[0]
    monkeypatch.setenv(stored_pictures.DRAW_AFRESH, "1")
    drawn = theme.chart_bundle(spec)[0]
    assert (stored[SVG_MIME], stored[PNG_MIME]) == (svg, png), name
    assert drawn == stored, f"{name}: the store's pictures are not what vl-convert draws"


def test_a_changed_chart_is_drawn(store_on):
    spec = charts.electorate(2017).to_dict()
    spec["title"] = "Another title"
    assert stored_pictures.find(spec, VERSIONS) is None


def test_another_vl_convert_draws_afresh(store_on):
    spec = charts.electorate(2017).to_dict()
    assert stored_pictures.find(spec, {**VERSIONS, "vl-convert-python": "0.0.1"}) is None


def test_unitevote_draw_afresh_turns_it_off(monkeypatch):
    spec = charts.electorate(2017).to_dict()
    monkeypatch.setenv(stored_pictures.DRAW_AFRESH, "1")
    assert stored_pictures.find(spec, VERSIONS) is None


@pytest.mark.parametrize("damage", ["png", "svg", "spec", "unreadable"])
def test_a_notebook_holding_other_bytes_is_not_trusted(store_on, monkeypatch, tmp_path, damage):
    """A saved notebook whose pictures (or spec) differ from the digests `make docs` recorded
    gives nothing: the chart is drawn."""
    spec = charts.electorate(2017).to_dict()
    entry = json.loads(stored_pictures.INDEX.read_text())["charts"][
        stored_pictures.spec_digest(spec)
    ]
    copy = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS_DIR, copy)
    monkeypatch.setattr(stored_pictures, "NOTEBOOKS_DIR", copy)
    assert stored_pictures.find(spec, VERSIONS) is not None  # the copy as committed: found
    path = copy / entry["notebook"]
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if (
                stored_pictures.digest(stored_pictures.joined(data.get(SVG_MIME, "")))
                != entry["svg"]
            ):
                continue
            if damage == "png":
                data[PNG_MIME] = data[PNG_MIME][:-8] + "AAAAAAA="
            elif damage == "svg":
                data[SVG_MIME] = "<svg></svg>"
            elif damage == "spec":
                data[stored_pictures.VEGALITE_MIME]["title"] = "Changed by hand"
    path.write_text(
        "{ not json" if damage == "unreadable" else json.dumps(notebook), encoding="utf-8"
    )
    assert stored_pictures.find(spec, VERSIONS) is None


def test_a_spec_that_is_not_json_is_drawn_not_raised(store_on):
    assert stored_pictures.find({"data": {"values": {1, 2}}}, VERSIONS) is None

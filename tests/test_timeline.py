"""The timeline draws each date at the precision it is known to (issue 11, item 3).

An event known only to the month or year (stored as the 1st of that month or year) must never be
drawn at a single day: it is a span over every day it may fall on, starting no earlier than the
dated event it `follows`, and the table behind the chart lists rows in the same order. Checked on
the data the chart function builds and on the charts stored in notebook 04; the chart, legend
included, fits in 760 px.
"""

import re

import nbformat
import pandas as pd
import pytest
import vl_convert

import unitevote
from unitevote import charts
from unitevote.pattern import ROOT, VEGALITE_MIME

NOTEBOOK = ROOT / "notebooks" / "04_campaign_narrative.ipynb"
MAX_WIDTH = 760


@pytest.fixture(scope="module")
def table():
    return charts.timeline_table(unitevote.load("timeline"))


def imprecise(rows):
    return rows[(rows["kind"] == "event") & (rows["date_precision"] != "day")]


def test_imprecise_events_are_spans_not_days(table):
    rows = imprecise(table)
    assert len(rows) >= 2  # the Knight review (month) and the EAT appeal (year)
    for row in rows.itertuples():
        assert row.latest > row.earliest, f"{row.event_id} is drawn at a single day"
    assert set(rows["drawn as"]) == {charts.UNCERTAIN_EVENT}


def test_span_stays_inside_the_known_month_or_year(table):
    for row in imprecise(table).itertuples():
        if row.date_precision == "year":
            assert row.earliest.year == row.latest.year == row.start_date.year
            assert (row.latest.month, row.latest.day) == (12, 31)
        else:
            assert (row.earliest.year, row.earliest.month) == (
                row.start_date.year,
                row.start_date.month,
            )
            assert row.latest == row.start_date + pd.offsets.MonthEnd(0)


def test_an_event_starts_after_the_event_it_follows(table):
    dates = table.set_index("event_id")["earliest"]
    order = table.set_index("event_id")["order"]
    followed = table.dropna(subset=["follows"])
    assert len(followed) >= 1
    for row in followed.itertuples():
        assert row.earliest >= dates[row.follows]
        assert order[row.event_id] > order[row.follows], (
            f"{row.event_id} listed before {row.follows}"
        )


def test_the_appeal_is_not_placed_before_the_rulings_it_appealed(table):
    order = table.set_index("event_id")["order"]
    # E21: hearing of 27 Mar 2018; E22: preliminary decision reported 4 May 2018; E24: the appeal.
    assert order["E24"] > order["E22"] > order["E21"]


def test_day_events_are_single_days_and_periods_keep_their_dates(table):
    days = table[(table["kind"] == "event") & (table["date_precision"] == "day")]
    assert (days["earliest"] == days["latest"]).all()
    periods = table[table["kind"] == "period"]
    assert (periods["earliest"] == periods["start_date"]).all()
    assert (periods["latest"] == periods["end_date"]).all()


def layers_drawing(spec, mark):
    return [layer for layer in spec["layer"] if layer["mark"]["type"] == mark]


def check_spec(spec):
    """No imprecise event reaches the point layer; each is a bar with distinct ends."""
    data = spec["datasets"][spec["data"]["name"]] if "datasets" in spec else spec["data"]["values"]
    rows = pd.DataFrame(data)
    points = layers_drawing(spec, "point")
    assert points, "no point layer"
    for layer in points:
        shown = str(layer.get("transform", ""))
        assert charts.PRECISE_EVENT in shown and "==" in shown
    uncertain = rows[rows["drawn as"] == charts.UNCERTAIN_EVENT]
    expected = (rows["date_precision"] != "day") & ~rows["drawn as"].eq(charts.PERIOD)
    assert (rows.loc[expected, "drawn as"] == charts.UNCERTAIN_EVENT).all()
    assert (pd.to_datetime(uncertain["latest"]) > pd.to_datetime(uncertain["earliest"])).all()
    assert all(label.endswith("day unknown)") for label in uncertain["label"])
    return rows


def svg_width(spec) -> float:
    svg = vl_convert.vegalite_to_svg(spec)
    return float(re.search(r'width="([\d.]+)"', svg).group(1))


def test_chart_function_output():
    rows = unitevote.load("timeline")
    spec = charts.timeline(rows, title="Every row of the timeline").to_dict()
    shown = check_spec(spec)
    assert len(shown) == len(rows)
    assert "known only to the month or year" in spec["description"]


def stored_timelines():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    specs = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            spec = output.get("data", {}).get(VEGALITE_MIME)
            if spec and "unitevote.charts.timeline(" in cell.source:
                specs.append(spec)
    return specs


def test_stored_timelines_draw_no_imprecise_event_at_a_day():
    specs = stored_timelines()
    assert specs, "notebook 04 shows no timeline"
    drawn = pd.concat([check_spec(spec) for spec in specs])
    assert (drawn["date_precision"] != "day").any()  # the 2017 chart holds the imprecise rows


def test_stored_timelines_fit_the_page():
    for spec in stored_timelines():
        assert svg_width(spec) <= MAX_WIDTH


def test_default_timeline_fits_the_page():
    rows = unitevote.load("timeline")
    story = rows[rows["start_date"].between("2016-12-01", "2018-12-31")]
    chart = charts.timeline(
        story, title="Unite's 2017 general secretary election, from resignation to decision"
    )
    assert svg_width(chart.to_dict()) <= MAX_WIDTH

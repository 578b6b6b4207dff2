"""report.html: per notebook, a chart of statuses and misconceptions by exercise, the summary
table, the teaching notes for the misconceptions seen, and each submission's row.

The page opens offline: the charts are Vega-Lite specs drawn by vega-embed from `vega-bundle.js`,
a file written into the report folder from vl-convert's bundle (the same versions of Vega,
Vega-Lite and vega-embed that render the course's static charts); no script or style is fetched
from anywhere. Learners appear only as their file names.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import altair as alt

from .course import CourseNotebook, advice, teaching_notes

BUNDLE = "vega-bundle.js"
# Okabe-Ito colours, one per status (colour-blind safe), in the order of run.STATUSES.
STATUS_COLOURS = {
    "correct": "#009E73",
    "misconception": "#E69F00",
    "not yet": "#D55E00",
    "wrong type": "#CC79A7",
    "not answered": "#56B4E9",
    "not reached": "#999999",
}
CSS = """
body { font-family: system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; line-height: 1.45; }
table { border-collapse: collapse; margin: 0.8rem 0 1.4rem; font-size: 0.92rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.chart { margin: 1rem 0; }
.note { color: #555; font-size: 0.9rem; }
.s-correct { color: #006b4f; } .s-misconception { color: #8a5a00; } .s-not-yet { color: #a33f00; }
section { border-top: 2px solid #ddd; margin-top: 2rem; }
"""


def esc(text) -> str:
    return html.escape(str(text), quote=True)


def prose(markdown: str) -> str:
    """A teaching note's inline markdown (emphasis, code) as HTML."""
    text = esc(markdown)
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
    return re.sub(r"\*([^*]+)\*", r"<em>\1</em>", text)


def write_bundle(out: Path) -> None:
    """vega, vega-lite and vega-embed in one local script (written once per report folder)."""
    import vl_convert as vlc

    version = alt.SCHEMA_VERSION.rsplit(".", 1)[0]  # "v5.20"
    stamp = f"/* vega-embed {vlc.get_vega_embed_version()}, vega-lite {version} (vl-convert) */\n"
    target = out / BUNDLE
    if target.exists() and target.read_text(encoding="utf-8")[: len(stamp)] == stamp:
        return
    target.write_text(stamp + vlc.javascript_bundle(vl_version=version), encoding="utf-8")


def count_axis(largest: int) -> alt.Axis:
    """Whole-number ticks for a count of submissions."""
    if largest <= 12:
        return alt.Axis(values=list(range(largest + 1)), format="d")
    return alt.Axis(tickMinStep=1, format="d")


def status_chart(entry: CourseNotebook, summary: list[dict]) -> dict:
    rows = [
        {"exercise": r["exercise"], "status": r["name"], "submissions": r["submissions"]}
        for r in summary
        if r["notebook"] == entry.title and r["kind"] == "status"
    ]
    order = list(STATUS_COLOURS)
    parts = []
    for exercise_id in entry.exercises:
        counts = [
            f"{r['submissions']} {r['status']}"
            for r in rows
            if r["exercise"] == exercise_id and r["submissions"]
        ]
        parts.append(f"{exercise_id}: {', '.join(counts) or 'none'}")
    chart = (
        alt.Chart(alt.Data(values=[{**r, "rank": order.index(r["status"])} for r in rows]))
        .mark_bar()
        .encode(
            y=alt.Y("exercise:N", sort=entry.exercises, title="Exercise"),
            x=alt.X(
                "submissions:Q",
                stack="zero",
                title="Submissions",
                axis=count_axis(
                    max(
                        (
                            sum(r["submissions"] for r in rows if r["exercise"] == e)
                            for e in entry.exercises
                        ),
                        default=0,
                    )
                ),
            ),
            color=alt.Color(
                "status:N",
                scale=alt.Scale(domain=order, range=list(STATUS_COLOURS.values())),
                title="Status",
            ),
            order=alt.Order("rank:Q"),
            tooltip=["exercise:N", "status:N", "submissions:Q"],
        )
        .properties(
            width=480,
            title=f"{entry.title}: where each exercise stands",
            description="Stacked bars of submissions per exercise by status. " + "; ".join(parts),
        )
    )
    return chart.to_dict()


def misconception_chart(entry: CourseNotebook, summary: list[dict]) -> dict | None:
    rows = [
        {
            "label": f"{r['exercise']} · {r['name']}",
            "exercise": r["exercise"],
            "misconception": r["name"],
            "submissions": r["submissions"],
        }
        for r in summary
        if r["notebook"] == entry.title and r["kind"] == "misconception"
    ]
    if not rows:
        return None
    labels = [r["label"] for r in rows]
    description = "; ".join(f"{r['label']}: {r['submissions']}" for r in rows)
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color=STATUS_COLOURS["misconception"])
        .encode(
            y=alt.Y("label:N", sort=labels, title=None, axis=alt.Axis(labelLimit=400)),
            x=alt.X(
                "submissions:Q",
                title="Submissions",
                axis=count_axis(max(r["submissions"] for r in rows)),
            ),
            tooltip=["exercise:N", "misconception:N", "submissions:Q"],
        )
        .properties(
            width=280,
            title=f"{entry.title}: misconceptions recognised, by exercise",
            description="Bars of submissions per exercise and misconception. " + description,
        )
    )
    return chart.to_dict()


def _table(header: list[str], body: list[list[str]], numeric: set[int] = frozenset()) -> str:
    head = "".join(f"<th scope='col'>{esc(h)}</th>" for h in header)
    lines = [f"<table><thead><tr>{head}</tr></thead><tbody>"]
    for row in body:
        cells = "".join(
            f"<td class='n'>{cell}</td>" if i in numeric else f"<td>{cell}</td>"
            for i, cell in enumerate(row)
        )
        lines.append(f"<tr>{cells}</tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)


def _chart_div(chart_id: str, spec: dict, specs: dict) -> str:
    specs[chart_id] = spec
    return (
        f"<figure class='chart'><div id='{chart_id}' role='img' "
        f"aria-label='{esc(spec.get('description', ''))}'></div></figure>"
    )


def notebook_section(entry, submissions, rows, summary, notes, specs) -> str:
    mine = [s for s in submissions if s.notebook is entry]
    ran = [s for s in mine if not s.rejected]
    parts = [f"<section id='nb-{entry.number}'><h2>{esc(entry.title)}</h2>"]
    parts.append(
        f"<p>{len(ran)} submissions run"
        + (f", {len(mine) - len(ran)} set aside (see below)" if len(mine) > len(ran) else "")
        + ".</p>"
    )
    if not ran:
        return "\n".join(parts) + "</section>"
    parts.append(_chart_div(f"status-{entry.number}", status_chart(entry, summary), specs))
    statuses = list(STATUS_COLOURS)
    body = []
    for exercise_id in entry.exercises:
        counts = {
            r["name"]: r["submissions"]
            for r in summary
            if r["notebook"] == entry.title and r["exercise"] == exercise_id
        }
        misconceptions = [
            f"{esc(r['name'])} ({r['submissions']})"
            for r in summary
            if r["notebook"] == entry.title
            and r["exercise"] == exercise_id
            and r["kind"] == "misconception"
        ]
        body.append(
            [esc(exercise_id)]
            + [str(counts.get(status, 0)) for status in statuses]
            + ["; ".join(misconceptions)]
        )
    parts.append(
        _table(["Exercise", *statuses, "Misconceptions (submissions)"], body, set(range(1, 7)))
    )
    chart = misconception_chart(entry, summary)
    if chart:
        parts.append(_chart_div(f"misconceptions-{entry.number}", chart, specs))
        parts.append("<h3>Teaching notes (from the teacher guide)</h3><dl>")
        seen: dict[str, list[str]] = {}
        for r in summary:
            if r["notebook"] == entry.title and r["kind"] == "misconception":
                seen.setdefault(r["name"], []).append(r["exercise"])
        for name, exercise_ids in seen.items():
            note = notes.note(entry.number, name)
            source = ""
            if not note:
                note = advice(exercise_ids[0], name)
                source = (
                    " <span class='note'>(the check's hint: the teacher guide has no note)</span>"
                )
            parts.append(
                f"<dt><strong>{esc(name)}</strong> ({esc(', '.join(exercise_ids))})</dt>"
                f"<dd>{prose(note)}{source}</dd>"
            )
        parts.append("</dl>")
    else:
        parts.append("<p>No misconception was recognised in these submissions.</p>")
    parts.append("<h3>Submissions</h3>")
    body = []
    for submission in ran:
        cells = [esc(submission.name)]
        for exercise_id in entry.exercises:
            row = next(
                (
                    r
                    for r in rows
                    if r["submission"] == submission.name and r["exercise"] == exercise_id
                ),
                None,
            )
            status = row["status"] if row else ""
            label = status + (f": {row['misconception']}" if row and row["misconception"] else "")
            cells.append(f"<span class='s-{status.replace(' ', '-')}'>{esc(label)}</span>")
        cells.append(esc("; ".join(submission.problems)))
        body.append(cells)
    parts.append(_table(["Submission", *entry.exercises, "Problems while running"], body))
    return "\n".join(parts) + "</section>"


def write_page(out, submissions, rows, summary, course, guide, isolation) -> Path:
    out = Path(out)
    notes = teaching_notes(guide)
    specs: dict[str, dict] = {}
    sections = [
        notebook_section(entry, submissions, rows, summary, notes, specs)
        for entry in course.values()
        if any(s.notebook is entry for s in submissions)
    ]
    rejected = [s for s in submissions if s.rejected]
    aside = ""
    if rejected:
        aside = (
            "<section id='set-aside'><h2>Set aside: not run</h2>"
            + _table(["File", "Reason"], [[esc(s.name), esc(s.rejected)] for s in rejected])
            + "</section>"
        )
    if not submissions:
        sections = ["<p>No notebooks (.ipynb files) were found in the folder.</p>"]
    protection = (
        f"Each notebook ran in its own kernel with {esc(isolation)}."
        if isolation
        else "Each notebook ran in its own kernel with time, memory and output limits, but "
        "WITHOUT network or file-system isolation on this machine."
    )
    write_bundle(out)
    specs_json = json.dumps(specs).replace("</", "<\\/")
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Class report: Reading the Vote</title>
<style>{CSS}</style>
<script src="{BUNDLE}"></script>
</head><body>
<h1>Class report</h1>
<p>Which misconceptions the class holds, read from the checks in {len(submissions)} handed-in
notebooks. A formative report, not a gradebook: use it to choose what the next lesson revisits.
Statuses: <em>correct</em>; <em>misconception</em> (a wrong answer a known misunderstanding
produces); <em>not yet</em> (wrong, no known misconception); <em>wrong type</em> (not a number, or
not a whole number where one was asked); <em>not answered</em> (<code>answer = ...</code> left as
handed out); <em>not reached</em> (the notebook stopped before the check ran).</p>
<p class="note">{protection} Files: <a href="results.csv">results.csv</a>,
<a href="summary.csv">summary.csv</a>. Teaching notes: {esc(Path(notes.source).name)}.</p>
{"".join(sections)}
{aside}
<script type="application/json" id="specs">{specs_json}</script>
<script>
(function () {{
  var specs = JSON.parse(document.getElementById("specs").textContent);
  Object.keys(specs).forEach(function (id) {{
    if (window.vegaEmbed) {{
      vegaEmbed("#" + id, specs[id], {{actions: false, renderer: "svg"}});
    }} else {{
      document.getElementById(id).textContent = "(chart: the file {BUNDLE} is missing)";
    }}
  }});
}})();
</script>
</body></html>
"""
    path = out / "report.html"
    path.write_text(page, encoding="utf-8")
    return path

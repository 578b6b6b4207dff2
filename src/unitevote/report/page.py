"""report.html: what the class holds, whom to see, and each learner's answers; offline.

Rendered by Jinja2 with autoescaping (`templates/report.html.j2`): every name, answer, message and
problem that came from a hand-in is text on the page, never markup. Learners are counted once per
notebook. The page opens offline: the charts are Vega-Lite specs drawn by vega-embed from
`vega-bundle.js`, written into the report folder from `unitevote.theme.chart_script()` (the
Vega, Vega-Lite and vega-embed that draw the course's own charts); nothing is fetched.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import altair as alt
import jinja2

from .. import checks, theme
from ..checks import REPORT_STATUS
from . import files
from .course import CourseNotebook, advice, teaching_notes
from .run import CELL_ERROR, DELETED, NOT_REACHED, STATUSES, Submission, counts_line, shown_learner

__all__ = ["STATUS_COLOURS", "misconception_chart", "status_chart", "write_page"]

BUNDLE = "vega-bundle.js"
# One colour per status (Okabe-Ito, colour-blind safe), in the order of run.STATUSES.
STATUS_COLOURS = dict(
    zip(
        STATUSES,
        (
            theme.OKABE_ITO["bluish green"],
            theme.OKABE_ITO["orange"],
            theme.OKABE_ITO["vermillion"],
            theme.OKABE_ITO["reddish purple"],
            theme.OKABE_ITO["sky blue"],
            theme.OKABE_ITO["blue"],
            theme.OKABE_ITO["black"],
            theme.GREYS["spoiled"],
        ),
        strict=True,
    )
)
# A CSS class per status, from this fixed list (never from text a hand-in supplied).
STATUS_CLASS = {status: f"s{number}" for number, status in enumerate(STATUSES)}
STATUS_MEANING = {
    REPORT_STATUS[checks.CORRECT]: "the check accepts the answer",
    REPORT_STATUS[checks.MISCONCEPTION]: "the wrong answer a named misunderstanding produces",
    REPORT_STATUS[checks.INCORRECT]: "wrong, cause unknown: worth a conversation",
    REPORT_STATUS[checks.WRONG_TYPE]: "text where a number was asked, a number with a unit, "
    "a table for a value",
    REPORT_STATUS[checks.UNANSWERED]: "`answer = ...` left as handed out",
    CELL_ERROR: "the answer cell raised an error, so there was no answer to judge",
    DELETED: "the exercise's answer and check cells were deleted",
    NOT_REACHED: "the run stopped (time limit, kernel stopped) before this check",
}

CORRECT = REPORT_STATUS[checks.CORRECT]
# Statuses whose answer a teacher needs to see to judge it (a value no misconception explains).
SHOW_ANSWER = (REPORT_STATUS[checks.INCORRECT], REPORT_STATUS[checks.WRONG_TYPE])

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("unitevote.report", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def write_bundle(out: Path) -> None:
    """vega, vega-lite and vega-embed in one local script (written once per report folder)."""
    script, versions = theme.chart_script()
    stamp = "/* " + ", ".join(f"{k} {v}" for k, v in sorted(versions.items())) + " */\n"
    target = out / BUNDLE
    try:
        if target.read_text(encoding="utf-8")[: len(stamp)] == stamp:
            return
    except OSError:
        pass
    staging = target.with_suffix(".tmp")
    staging.write_text(stamp + script, encoding="utf-8")
    staging.replace(target)


def count_axis(largest: int) -> alt.Axis:
    """Whole-number ticks for a count of learners."""
    if largest <= 12:
        return alt.Axis(values=list(range(largest + 1)), format="d")
    return alt.Axis(tickMinStep=1, format="d")


def status_chart(entry: CourseNotebook, summary: list[dict]) -> dict:
    """Stacked bars: learners per exercise, by status."""
    rows = [
        {"exercise": r["exercise"], "status": r["name"], "learners": r["learners"]}
        for r in summary
        if r["notebook"] == entry.title and r["kind"] == "status" and r["learners"]
    ]
    order = list(STATUS_COLOURS)
    totals = Counter()
    for row in rows:
        totals[row["exercise"]] += row["learners"]
    parts = []
    for exercise_id in entry.exercises:
        counts = [f"{r['learners']} {r['status']}" for r in rows if r["exercise"] == exercise_id]
        parts.append(f"{exercise_id}: {', '.join(counts) or 'none'}")
    chart = (
        alt.Chart(alt.Data(values=[{**r, "rank": order.index(r["status"])} for r in rows]))
        .mark_bar()
        .encode(
            y=alt.Y("exercise:N", sort=entry.exercises, title="Exercise"),
            x=alt.X(
                "learners:Q",
                stack="zero",
                title="Learners",
                axis=count_axis(max(totals.values(), default=0)),
            ),
            color=alt.Color(
                "status:N",
                scale=alt.Scale(domain=order, range=list(STATUS_COLOURS.values())),
                title="Status",
            ),
            order=alt.Order("rank:Q"),
            tooltip=["exercise:N", "status:N", "learners:Q"],
        )
        .properties(
            width=460,
            title=f"{entry.title}: where each exercise stands",
            description="Stacked bars of learners per exercise by status. " + "; ".join(parts),
        )
    )
    return chart.to_dict()


def misconception_chart(entry: CourseNotebook, summary: list[dict]) -> dict | None:
    """Bars: learners per exercise and misconception (None when there is none)."""
    rows = [
        {
            "label": f"{r['exercise']} · {r['name']}",
            "exercise": r["exercise"],
            "misconception": r["name"],
            "learners": r["learners"],
        }
        for r in summary
        if r["notebook"] == entry.title and r["kind"] == "misconception"
    ]
    if not rows:
        return None
    labels = [r["label"] for r in rows]
    description = "; ".join(f"{r['label']}: {r['learners']}" for r in rows)
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color=STATUS_COLOURS["misconception"])
        .encode(
            y=alt.Y("label:N", sort=labels, title=None, axis=alt.Axis(labelLimit=360)),
            x=alt.X(
                "learners:Q",
                title="Learners",
                axis=count_axis(max(r["learners"] for r in rows)),
            ),
            tooltip=["exercise:N", "misconception:N", "learners:Q"],
        )
        .properties(
            width=260,
            title=f"{entry.title}: misconceptions recognised, by exercise",
            description="Bars of learners per exercise and misconception. " + description,
        )
    )
    return chart.to_dict()


def _learner_line(submission: Submission) -> str:
    """One line for a learner: how many correct, then each exercise that is not."""
    correct = sum(1 for r in submission.results if r.status == CORRECT)
    parts = [f"{correct}/{len(submission.results)} correct"]
    for result in submission.results:
        if result.status == CORRECT:
            continue
        detail = result.misconception or result.status
        if result.answer and result.status in SHOW_ANSWER:
            detail += f" ({result.answer})"
        parts.append(f"{result.exercise} {detail}")
    if submission.problems:
        parts.append(f"{len(submission.problems)} problem(s) while running")
    return "; ".join(parts)


def notebook_view(entry, submissions, summary, notes, pseudonyms) -> dict:
    """Everything the template shows for one course notebook."""
    mine = [s for s in submissions if s.entry is entry]
    ran = [s for s in mine if not s.rejected]
    counted = [s for s in ran if s.counted]
    table = []
    for exercise_id in entry.exercises:
        counts = {
            r["name"]: r["learners"]
            for r in summary
            if r["notebook"] == entry.title
            and r["exercise"] == exercise_id
            and r["kind"] == "status"
        }
        misconceptions = [
            f"{r['name']} ({r['learners']})"
            for r in summary
            if r["notebook"] == entry.title
            and r["exercise"] == exercise_id
            and r["kind"] == "misconception"
        ]
        table.append(
            {
                "exercise": exercise_id,
                "counts": [counts.get(status, 0) for status in STATUSES],
                "misconceptions": "; ".join(misconceptions),
            }
        )
    groups: dict[str, dict] = {}
    for submission in counted:
        who = shown_learner(submission, pseudonyms)
        for result in submission.results:
            if result.misconception:
                key, kind = result.misconception, "misconception"
            elif result.status in (*SHOW_ANSWER, CELL_ERROR):
                key, kind = result.status, "status"
            else:
                continue
            group = groups.setdefault(
                key, {"name": key, "kind": kind, "exercises": {}, "learners": {}}
            )
            group["exercises"].setdefault(result.exercise, []).append(who)
            group["learners"][who] = True
    see = []
    for key, group in groups.items():
        if group["kind"] == "misconception":
            first = next(iter(group["exercises"]))
            note = notes.note(entry.number, key)
            source = "teacher guide" if note else "the check's hint (the teacher guide has no note)"
            note = note or advice(first, key)
        else:
            note, source = STATUS_MEANING[key], ""
        see.append(
            {
                "name": key,
                "kind": group["kind"],
                "count": len(group["learners"]),
                "exercises": [
                    {"exercise": e, "learners": sorted(set(w))}
                    for e, w in sorted(group["exercises"].items())
                ],
                "note": note,
                "source": source,
            }
        )
    see.sort(key=lambda g: (g["kind"] != "misconception", -g["count"], g["name"]))
    rows = []
    for submission in ran:
        cells = []
        by_exercise = {r.exercise: r for r in submission.results}
        for exercise_id in entry.exercises:
            result = by_exercise.get(exercise_id)
            cells.append(
                {
                    "status": result.status if result else "",
                    "css": STATUS_CLASS.get(result.status, "") if result else "",
                    "label": (result.misconception or result.status) if result else "",
                    "answer": result.answer if result else "",
                    "message": result.message if result else "",
                    "notes": result.notes if result else [],
                }
            )
        rows.append(
            {
                "learner": shown_learner(submission, pseudonyms),
                "file": "" if pseudonyms else Path(submission.name).name,
                "line": _learner_line(submission),
                "cells": cells,
                "problems": submission.problems,
                "counted": submission.counted,
            }
        )
    return {
        "number": entry.number,
        "title": entry.title,
        "exercises": entry.exercises,
        "learners": len({s.learner for s in counted}),
        "hand_ins": len(ran),
        "not_counted": len(ran) - len(counted),
        "set_aside": len(mine) - len(ran),
        "table": table,
        "see": see,
        "rows": rows,
    }


def write_page(
    staging: Path,
    out: Path,
    submissions: list[Submission],
    summary: list[dict],
    course: dict[str, CourseNotebook],
    guide: Path | None,
    isolation,
    limits,
    pseudonyms: bool,
    folder: Path,
) -> Path:
    """Render report.html into `staging` (the bundle of chart scripts goes to `out` itself)."""
    notes = teaching_notes(guide)
    specs: dict[str, dict] = {}
    views = []
    for entry in course.values():
        if not any(s.entry is entry and not s.rejected for s in submissions):
            continue
        view = notebook_view(entry, submissions, summary, notes, pseudonyms)
        view["status_chart"] = f"status-{entry.number}"
        specs[view["status_chart"]] = status_chart(entry, summary)
        chart = misconception_chart(entry, summary)
        view["misconception_chart"] = f"misconceptions-{entry.number}" if chart else ""
        if chart:
            specs[view["misconception_chart"]] = chart
        view["descriptions"] = {key: spec.get("description", "") for key, spec in specs.items()}
        views.append(view)
    aside = [
        {"file": s.shown_as, "learner": shown_learner(s, pseudonyms), "reason": s.rejected}
        for s in submissions
        if s.rejected and s.found.kind != files.SKIPPED
    ]
    skipped = [
        {"file": s.shown_as, "reason": s.rejected}
        for s in submissions
        if s.found.kind == files.SKIPPED
    ]
    write_bundle(out)
    page = _TEMPLATES.get_template("report.html.j2").render(
        counts=counts_line(submissions, Path(folder.name) if pseudonyms else folder),
        notebooks=views,
        aside=aside,
        skipped=skipped,
        protections=isolation.protections(limits),
        sandbox=isolation.summary(),
        platform=isolation.platform,
        statuses=[
            {
                "name": s,
                "css": STATUS_CLASS[s],
                "colour": STATUS_COLOURS[s],
                "meaning": STATUS_MEANING[s],
            }
            for s in STATUSES
        ],
        specs=specs,
        bundle=BUNDLE,
        guide=Path(notes.source).name,
        pseudonyms=pseudonyms,
        nothing=not any(s.found.kind == files.NOTEBOOK for s in submissions),
    )
    path = staging / "report.html"
    path.write_text(page, encoding="utf-8")
    return path

"""The class report on a small synthetic class that includes every hostile case and bad input.

The class is generated from the student edition of the shortest course notebook with at least two
exercises (`unitevote.report.demo`): learners with right answers, each misconception's value,
blanks, wrong values and wrong types; one submission per hostile behaviour (an infinite loop,
unbounded allocation, raise, sys.exit, os._exit, killing its own kernel, deleting files in its
working folder, reaching for the network, printing megabytes), each added after the first
exercise; and files that are not notebooks of this course. `results.csv` is checked row by row
against what each submission was built to show; the submissions and the data are hashed before
and after; the page is opened in headless Chromium from its folder with every other request
blocked.
"""

from __future__ import annotations

import csv
import hashlib
import os
from pathlib import Path

import nbformat
import pytest

from unitevote import pattern
from unitevote.data import DATA_DIR
from unitevote.report import run, sandbox
from unitevote.report.course import check_cells, course_notebooks, teaching_notes
from unitevote.report.demo import build_class

ROOT = Path(__file__).resolve().parents[1]
# The infinite loop runs until the cell limit. The slowest honest cell, the imports, takes under
# 1 s on a quiet machine (compiled modules) and about 2 s with `make test`'s other worker busy;
# 8 s leaves room for a slower machine, or one whose modules are compiled on the way.
LIMITS = sandbox.Limits(cell_timeout=8, notebook_timeout=240, memory=1536 * 1024**2)

pytest_plugins = ["browser"]
pytestmark = pytest.mark.xdist_group("report")


def shortest_notebook() -> str:
    """The course notebook with two or more exercises and the fewest cells."""
    sizes = {}
    for number, entry in course_notebooks().items():
        if entry.path is not None and len(entry.exercises) >= 2:
            sizes[number] = len(nbformat.read(entry.path, as_version=4).cells)
    if not sizes:
        pytest.skip("no course notebook has two exercises yet")
    return min(sizes, key=sizes.get)


def digest(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder` (symlinks and folders by name only)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink() or path.is_dir():
            found[name] = "link" if path.is_symlink() else "folder"
        else:
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


# Session scope: under xdist this worker may run other groups' tests between these, and a
# module-scoped fixture would then be built again.
@pytest.fixture(scope="session")
def class_report(tmp_path_factory):
    submissions = tmp_path_factory.mktemp("class")
    out = tmp_path_factory.mktemp("report")
    planned = build_class(submissions, shortest_notebook(), count=3, hostile=True, bad_input=True)
    before = digest(submissions), digest(DATA_DIR)
    messages: list[str] = []
    result = run.report(
        submissions, out, jobs=os.cpu_count() or 2, limits=LIMITS, say=messages.append
    )
    after = digest(submissions), digest(DATA_DIR)
    with open(out / "results.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    return {
        "planned": planned,
        "rows": rows,
        "out": out,
        "before": before,
        "after": after,
        "messages": messages,
        "submissions": result,
    }


def test_submissions_and_data_are_never_modified(class_report):
    for label, before, after in zip(
        ("submissions", "data/"), class_report["before"], class_report["after"], strict=True
    ):
        assert before == after, f"the report changed {label}"


def test_results_match_what_each_submission_was_built_to_show(class_report):
    rows = class_report["rows"]
    by_submission: dict[str, list[dict]] = {}
    for row in rows:
        by_submission.setdefault(row["submission"], []).append(row)
    assert set(by_submission) == {p.name for p in class_report["planned"]}
    problems = []
    for plan in class_report["planned"]:
        mine = by_submission[plan.name]
        if plan.rejected:
            assert len(mine) == 1 and mine[0]["status"] == run.NOT_RUN, (plan.name, mine)
            if plan.rejected not in mine[0]["problem"]:
                problems.append(f"{plan.name}: {mine[0]['problem']!r} lacks {plan.rejected!r}")
            continue
        assert [r["exercise"] for r in mine] == list(plan.expected), plan.name
        for row in mine:
            status, misconception = plan.expected[row["exercise"]]
            if (row["status"], row["misconception"]) != (status, misconception):
                problems.append(
                    f"{plan.name} {row['exercise']}: got {row['status']!r}/{row['misconception']!r}"
                    f", built to show {status!r}/{misconception!r} ({row['problem']})"
                )
            if row["notebook"] != plan.notebook:
                problems.append(f"{plan.name}: notebook {row['notebook']!r}")
            if plan.problem and plan.problem not in row["problem"]:
                problems.append(f"{plan.name}: problem {row['problem']!r} lacks {plan.problem!r}")
            if not plan.problem and row["problem"]:
                problems.append(f"{plan.name}: unexpected problem {row['problem']!r}")
    assert not problems, "\n".join(problems)


def test_summary_counts_every_status(class_report):
    out = class_report["out"]
    with open(out / "summary.csv", encoding="utf-8", newline="") as stream:
        summary = list(csv.DictReader(stream))
    ran = [r for r in class_report["rows"] if r["exercise"]]
    for exercise_id in {r["exercise"] for r in ran}:
        counted = sum(
            int(r["submissions"])
            for r in summary
            if r["exercise"] == exercise_id and r["kind"] == "status"
        )
        assert counted == sum(1 for r in ran if r["exercise"] == exercise_id)
        for row in summary:
            if row["exercise"] == exercise_id and row["kind"] == "misconception":
                assert int(row["submissions"]) == sum(
                    1
                    for r in ran
                    if r["exercise"] == exercise_id and r["misconception"] == row["name"]
                )


def test_isolation_is_stated(class_report):
    isolation, why = sandbox.probe()
    assert any("isolation:" in line for line in class_report["messages"])
    page = (class_report["out"] / "report.html").read_text(encoding="utf-8")
    if isolation is None:
        assert "WITHOUT network" in page
        pytest.skip(f"the report ran without namespaces here: {why}")


def test_page_draws_its_charts_offline(class_report, chromium):
    """In the session's shared headless Chromium (tests/browser.py), from file://."""
    out = class_report["out"]
    allowed = out.resolve().as_uri() + "/"
    blocked, errors = [], []
    context = chromium.new_context(viewport={"width": 1100, "height": 900})
    try:
        page = context.new_page()

        def route(request_route):
            url = request_route.request.url
            if url.startswith((allowed, "data:", "blob:")):
                request_route.continue_()
            else:
                blocked.append(url)
                request_route.abort("blockedbyclient")

        page.route("**/*", route)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((out / "report.html").resolve().as_uri())
        page.wait_for_selector(".vega-embed .role-mark", timeout=60_000)
        charts = page.locator(".vega-embed svg.marks").count()
        marks = page.locator(".vega-embed .role-mark path, .vega-embed .role-mark rect").count()
        text = page.inner_text("body")
        shots = ROOT / "build" / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / "class_report.png"), full_page=True)
    finally:
        context.close()
    assert not blocked, f"the page asked for files outside its folder: {blocked}"
    assert not errors, errors
    assert charts >= 2 and marks > 0, f"{charts} charts drawn, {marks} marks"
    for plan in class_report["planned"]:
        assert plan.name in text, f"{plan.name} is missing from the page"


def test_bad_folders_get_one_clear_line(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run.main([str(empty), "--out", str(tmp_path / "out"), "--quiet"]) == 1
    assert "no .ipynb files" in capsys.readouterr().out
    assert (tmp_path / "out" / "report.html").exists()
    assert run.main([str(tmp_path / "missing"), "--out", str(tmp_path / "out")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_teaching_notes_come_from_the_teacher_guide():
    notes = teaching_notes()
    guide = (ROOT / "docs" / "teacher_guide.md").read_text(encoding="utf-8")
    assert notes.shared or notes.lessons, "no teaching note found in the teacher guide"
    for name, note in notes.shared.items():
        assert note in guide and name
    # Every check cell the course has is recognised by the report's reading of the notebooks.
    for number, entry in course_notebooks().items():
        if entry.path is not None:
            ids = [i for _, i in check_cells(nbformat.read(entry.path, as_version=4))]
            assert entry.exercises == list(dict.fromkeys(ids)), number
    assert pattern.CHECK_MIME.startswith("application/")

"""The class report's parts that need no kernel: reading hand-ins, judging, words, limits.

Each test feeds one part what a hand-in (or a platform) can present and checks the report's
answer; tests/test_report.py runs whole classes through the sandbox.
"""

from __future__ import annotations

import builtins
import copy
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path, PurePosixPath
from types import SimpleNamespace

import nbformat
import pytest

from unitevote import pattern
from unitevote.checks import REGISTRY, REPORT_STATUS, UNANSWERED
from unitevote.editions import student_edition, write_notebook
from unitevote.report import course as course_module
from unitevote.report import files, judge, kernel, run, sandbox, worker
from unitevote.report.course import check_calls, course_notebooks, teaching_notes
from unitevote.report.handin import prepare, read_notebook, recognise


@pytest.fixture(scope="module")
def course():
    return course_notebooks()


@pytest.fixture(scope="module")
def student(course):
    number = next(n for n, e in course.items() if e.path is not None and len(e.exercises) >= 3)
    entry = course[number]
    return entry, student_edition(nbformat.read(entry.path, as_version=4))


def test_only_a_real_call_is_a_check():
    assert check_calls('unitevote.check("02.1", answer)') == ["02.1"]
    assert check_calls('x = 1\nunitevote.check("02.10", answer)\n') == ["02.10"]
    for not_a_check in (
        '# unitevote.check("02.1", answer)',
        'text = "unitevote.check(\\"02.1\\", answer)"',
        'if False:\n    unitevote.check("02.1", answer)',
        'unitevote.check("02.1", answer',  # does not parse
        "unitevote.check(exercise, answer)",
        'checks.check("02.1", answer)',
    ):
        assert check_calls(not_a_check) == [], not_a_check


def test_the_exercises_the_report_reads_are_the_registry(course):
    """The notebooks' check cells and the exercise registry agree, notebook by notebook."""
    for number, entry in course.items():
        registered = [i for i in REGISTRY if i.startswith(f"{number}.")]
        assert sorted(entry.exercises) == sorted(registered), number
        assert set(entry.checks) == set(entry.exercises), number
        assert set(entry.answers) == set(entry.exercises), f"{number}: an answer cell not found"


def test_teaching_notes_come_from_the_teacher_guide():
    """Each note the report shows is the guide's own text (the first letter may be capitalised)."""
    notes = teaching_notes()
    guide = " ".join((pattern.ROOT / "docs" / "teacher_guide.md").read_text("utf-8").split())
    lesson_notes = [n for lesson in notes.lessons.values() for n in lesson.values()]
    assert notes.shared or lesson_notes, "no teaching note found in the teacher guide"
    for note in [*notes.shared.values(), *lesson_notes]:
        assert note[1:60] in guide, note


def test_check_cells_are_restored_from_the_course(student, course):
    entry, notebook = student
    notebook = nbformat.from_dict(json.loads(json.dumps(notebook)))
    ids = {cell.get("id"): index for index, cell in enumerate(notebook.cells)}
    first, second, third = entry.exercises[:3]
    notebook.cells[ids[entry.check_ids[first]]].source = f'unitevote.check("{first}", answer'
    notebook.cells[ids[entry.check_ids[second]]].source += "\nprint('also this')"
    del notebook.cells[ids[entry.check_ids[third]]]
    notebook.cells.append(nbformat.v4.new_code_cell(f'# unitevote.check("{first}", 1)'))
    found, why = recognise(notebook, course)
    assert found is entry, why
    prepared = prepare(notebook, entry)
    assert sorted(prepared.checks.values()) == sorted(entry.exercises)
    for index, exercise_id in prepared.checks.items():
        assert prepared.copy.cells[index].source == entry.checks[exercise_id]
        assert prepared.answers[exercise_id] < index
    assert "a bracket is not closed" in prepared.findings[first][0]
    assert "print('also this')" in prepared.findings[second][0]
    assert "put back" in prepared.findings[third][0]
    assert all(not c.get("outputs") for c in prepared.copy.cells if c.cell_type == "code")


def test_an_answer_written_in_the_check_cell_is_kept(student):
    entry, notebook = student
    notebook = nbformat.from_dict(json.loads(json.dumps(notebook)))
    first = entry.exercises[0]
    index = next(i for i, c in enumerate(notebook.cells) if c.get("id") == entry.check_ids[first])
    notebook.cells[index].source = f'answer = 1\nunitevote.check("{first}", answer)'
    prepared = prepare(notebook, entry)
    check = next(i for i, e in prepared.checks.items() if e == first)
    assert prepared.copy.cells[check - 1].source.startswith("answer = 1")
    assert prepared.answers[first] == check - 1


def test_files_that_are_not_notebooks_say_what_to_ask_for(tmp_path):
    (tmp_path / "page.ipynb").write_text("<!DOCTYPE html><html></html>", encoding="utf-8")
    notebook, why = read_notebook(tmp_path / "page.ipynb")
    assert notebook is None and "ask for the .ipynb" in why
    assert "ask for the .ipynb" in files.why_not_read(tmp_path / "02.html")
    assert "unpack" in files.why_not_read(tmp_path / "class.zip")


@pytest.mark.parametrize(
    ("path", "learner"),
    [
        ("Ana Lopez_123456_assignsubmission_file_/02.ipynb", "Ana Lopez"),
        ("lopezana_123456_7890123_02_results.ipynb", "lopezana"),
        ("ana/week 2/02.ipynb", "ana"),
        ("amira_02.ipynb", "amira_02"),
    ],
)
def test_learners_are_named_from_their_folders(path, learner):
    assert files.learner_of(PurePosixPath(path)) == learner


def test_pseudonyms_are_stable_and_distinct():
    names = [f"learner {n}" for n in range(200)]
    first = files.pseudonyms(names)
    assert first == files.pseudonyms(reversed(names))
    assert len(set(first.values())) == len(names)
    assert files.pseudonym("Ana Lopez") == files.pseudonym("Ana Lopez")


def test_errors_are_in_a_teachers_words():
    words = judge.error_words("SyntaxError", "incomplete input (2651608938.py, line 1)")
    assert words == "SyntaxError: a bracket is not closed"
    words = judge.error_words("NameError", "name 'results' is not defined")
    assert "`results` is not defined" in words and "deleted" in words
    assert ".py" not in judge.error_words(
        "SyntaxError", "invalid syntax (<ipython-input-3>, line 2)"
    )


def test_csv_fields_cannot_start_a_formula():
    for text in ("=1+2", "+1", "-3.6", "@SUM(A1)", "\t=x", "\r=x"):
        assert run.neutral(text) == "'" + text
    assert run.neutral("37.7") == "37.7"


def test_records_are_checked_against_the_schema():
    good = {"exercise": "02.1", "status": "correct", "misconception": None, "message": "ok"}
    assert judge.record_problem(good) == ""
    for bad in (
        {"exercise": "02.2"},
        good | {"status": "x'><svg/onload=alert(1)>"},
        good | {"exercise": "<b>"},
        good | {"message": "x" * 10_000},
        ["not", "a", "record"],
    ):
        assert judge.record_problem(bad), bad


def test_a_hostile_outcome_costs_lines_not_the_report(student, course):
    entry, notebook = student
    submission = run.Submission(
        files.Found(Path("x.ipynb"), "x.ipynb", "x", files.NOTEBOOK), entry=entry
    )
    submission.prepared = prepare(notebook, entry)
    first = entry.exercises[0]
    submission.outcome = {
        "outcome": "completed",
        "errors": {"not a number": {"ename": 1}, "3": "text"},
        "carried": {first: {"json": "{not json"}, entry.exercises[1]: "text"},
        "records": [{"cell": "x", "record": {"exercise": first}}, 7, {"record": None}],
        "capped_cells": ["a"],
        "network": [{"host": 1}],
        "deleted": None,
    }
    run.assess(submission, sandbox.Limits(), sandbox.unisolated("test"))
    statuses = {r.exercise: r.status for r in submission.results}
    assert statuses[first] == run.CELL_ERROR
    assert statuses[entry.exercises[1]] == run.NOT_REACHED
    assert any("malformed" in p for p in submission.problems)


def test_an_ellipsis_carried_out_is_not_answered():
    exercise_id = sorted(REGISTRY)[0]
    from unitevote.report.carry import carry

    verdict = judge.judge(exercise_id, judge.read_carried(carry(...)))
    assert REPORT_STATUS[verdict.status] == REPORT_STATUS[UNANSWERED]


def test_the_kernel_starts_without_resource(monkeypatch):
    """Windows has no `resource` module: the kernel sets no limit and still starts."""
    real_import = builtins.__import__

    def no_resource(name, *args, **kwargs):
        if name == "resource":
            raise ImportError("No module named 'resource'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_resource)
    kernel.set_limits({"memory": 1, "file_size": 1, "cpu_seconds": 1, "processes": 1})


def test_where_the_system_sets_no_limit_the_worker_stops_the_kernel():
    """macOS and Windows: the worker's watch kills a kernel that holds more than its memory."""
    hog = subprocess.Popen(
        [sys.executable, "-c", "import time; block = bytearray(300 * 2**20); time.sleep(60)"]
    )
    client = SimpleNamespace(km=SimpleNamespace(provisioner=SimpleNamespace(process=hog)))
    stop, exceeded = threading.Event(), []
    watcher = threading.Thread(
        target=worker.watch_memory, args=(client, 100 * 2**20, stop, exceeded)
    )
    watcher.start()
    try:
        assert hog.wait(timeout=30) != 0
    finally:
        stop.set()
        watcher.join(timeout=5)
        if hog.poll() is None:
            hog.kill()
    assert exceeded


@pytest.mark.parametrize(
    ("platform", "bwrap", "groups", "lacking"),
    [
        ("linux", True, True, set()),
        ("linux", True, False, {"processes"}),
        ("linux", False, True, {"network", "files", "privileges"}),
        ("darwin", False, False, {"network", "files", "privileges", "memory", "processes"}),
        ("win32", False, False, {"network", "files", "privileges", "memory", "processes"}),
    ],
)
def test_the_protections_are_stated_per_platform(platform, bwrap, groups, lacking):
    made = (sandbox.Group(1, ("pids", "memory"), Path("/sys/fs/cgroup/x")),) if groups else ()
    isolation = sandbox.Isolation(
        ("bwrap",) if bwrap else None,
        "" if bwrap else "not installed",
        made,
        "" if groups else "no control group",
        (),
        platform,
        root=True,
    )
    protections = isolation.protections(sandbox.Limits())
    assert {p.name for p in protections if not p.held} == lacking
    for item in protections:
        assert item.held or "NOT" in item.detail or "watched" in item.detail, item


def test_a_job_groups_limits(tmp_path):
    isolation = sandbox.probe()
    if not isolation.groups:
        pytest.skip(f"no control groups here: {isolation.groups_note}")
    made = sandbox.make_job_groups(isolation, f"units-{time.monotonic_ns()}", sandbox.Limits())
    try:
        for folder in made:
            if (folder / "pids.max").exists():
                assert (folder / "pids.max").read_text().strip() == str(sandbox.Limits().processes)
    finally:
        sandbox.remove_job_groups(made)
    assert not any(folder.exists() for folder in made)


def test_the_attacks_are_not_written_where_nothing_could_sandbox_them(
    monkeypatch, tmp_path, capsys
):
    """`demo --attacks` refuses on a machine without bubblewrap: reporting on those notebooks
    there would really write into data/ and the class folder."""
    from unitevote.report import demo

    monkeypatch.setattr(sandbox, "probe", lambda: sandbox.unisolated("no bwrap on PATH"))
    with pytest.raises(SystemExit) as stopped:
        demo.main([str(tmp_path / "class"), "--count", "0", "--attacks"])
    assert stopped.value.code == 2
    said = capsys.readouterr().err
    assert "no bwrap on PATH" in said and "--without-a-sandbox" in said, said
    assert not (tmp_path / "class").exists()


DEEP = 100_000  # far past Python's recursion limit


def test_nesting_too_deep_to_read_costs_one_line(course, student, tmp_path):
    """JSON nested thousands deep, a cell `a[0][0]...` or `-----...1`, and a carried answer nested
    as deep: each is one line about one file or one answer, never an exception that would stop
    the class's report (RecursionError and MemoryError are not ValueErrors)."""
    (tmp_path / "deep.ipynb").write_text("[" * DEEP + "]" * DEEP, encoding="utf-8")
    notebook, why = read_notebook(tmp_path / "deep.ipynb")
    assert notebook is None and "not valid JSON" in why
    for cell in ("a" + "[0]" * DEEP, "-" * DEEP + "1"):
        assert isinstance(course_module.parse_cell(cell), SyntaxError)
        assert check_calls(cell) == []
    with pytest.raises(ValueError):
        judge.read_carried("[" * DEEP + "]" * DEEP)
    entry, handed_in = student
    handed_in = copy.deepcopy(handed_in)
    handed_in.cells.append(nbformat.v4.new_code_cell("a" + "[0]" * DEEP))
    path = tmp_path / entry.path.name
    write_notebook(handed_in, path)
    found = files.Found(path, path.name, "Ana", files.NOTEBOOK)
    submission = run.read(found, course)  # must not raise
    assert submission.entry is entry or submission.rejected


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_hand_in_is_read_only_as_a_regular_file(tmp_path, student):
    """A link in the class folder must not have the report read, and run, a notebook from
    elsewhere as a learner's work; a pipe must not block the report; a file in a pipe's or a
    link's place is read as usual."""
    elsewhere = tmp_path / "elsewhere.ipynb"
    write_notebook(student[1], elsewhere)
    (tmp_path / "linked.ipynb").symlink_to(elsewhere)
    (tmp_path / "dangling.ipynb").symlink_to(tmp_path / "nowhere.ipynb")
    os.mkfifo(tmp_path / "pipe.ipynb")
    for name in ("linked.ipynb", "dangling.ipynb"):
        notebook, why = read_notebook(tmp_path / name)
        assert notebook is None and "a link to another file" in why, (name, why)
    notebook, why = read_notebook(tmp_path / "pipe.ipynb")
    assert notebook is None and "a pipe" in why, why
    notebook, why = read_notebook(tmp_path)
    assert notebook is None and "a folder" in why, why
    notebook, why = read_notebook(elsewhere)
    assert notebook is not None and why == "", why
    assert files._head(tmp_path / "pipe.ipynb") == ""  # a pipe named .html is not read either


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_file_the_learner_could_replace_is_read_only_as_a_regular_file(tmp_path):
    """The sandbox's network log lies in the learner's writable folder: a link there must not
    read the teacher's files with the report's rights, a FIFO must not block the report."""
    secret = tmp_path / "secret"
    secret.write_text("the teacher's private key", encoding="utf-8")
    (tmp_path / "link.log").symlink_to(secret)
    os.mkfifo(tmp_path / "fifo.log")
    (tmp_path / "network.log").write_text("example.org:443 " * 10, encoding="utf-8")
    assert sandbox.read_learner_file(tmp_path / "link.log", 1000) == ""
    assert sandbox.read_learner_file(tmp_path / "fifo.log", 1000) == ""
    assert sandbox.read_learner_file(tmp_path / "missing.log", 1000) == ""
    assert sandbox.read_learner_file(tmp_path / "network.log", 15) == "example.org:443"


def test_a_chart_that_cannot_be_drawn_gets_the_kernels_verdict_in_the_report():
    """The report judges the chart's plain form, carried out of the kernel as JSON: the reason
    it cannot be drawn is the one the learner's own check gave, word for word."""
    import altair as alt
    import pandas as pd

    from unitevote import exercises  # noqa: F401  (registers every exercise)
    from unitevote.checks import evaluate, plain, spec_of

    chart_exercise = next(i for i in sorted(REGISTRY) if spec_of(i).kind == "chart")
    table = pd.DataFrame({"candidate": ["A"], "votes": [1]})
    broken = alt.Chart(table).mark_bar().encode(x=alt.X("votes:Q", sort=12))
    in_kernel = evaluate(chart_exercise, broken)
    assert "cannot be drawn yet: SchemaValidationError" in in_kernel.message
    carried = judge.read_carried(json.dumps(plain(broken)))
    assert judge.judge(chart_exercise, carried).message == in_kernel.message

"""The class report: find the submissions, run each in a sandbox, read the checks' verdicts.

`unitevote-report FOLDER` (or `make report SUBMISSIONS=FOLDER`) writes build/report/ (or --out):
results.csv (one row per submission and exercise), summary.csv (per notebook and exercise, how
many submissions are in each status and each misconception) and report.html.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .. import pattern
from . import sandbox
from .course import CourseNotebook, check_cells, course_notebooks, exercise_key

OUT = pattern.ROOT / "build" / "report"

# The checks' statuses (`unitevote.checks.Feedback.status`) in the report's words.
STATUS = {
    "correct": "correct",
    "misconception": "misconception",
    "incorrect": "not yet",
    "unanswered": "not answered",
    "wrong type": "wrong type",
}
NOT_REACHED = "not reached"
NOT_RUN = "not run"
STATUSES = ("correct", "misconception", "not yet", "wrong type", "not answered", NOT_REACHED)
RESULT_COLUMNS = (
    "submission",
    "notebook",
    "exercise",
    "status",
    "misconception",
    "message",
    "problem",
)
SUMMARY_COLUMNS = ("notebook", "exercise", "kind", "name", "submissions")


@dataclass
class Submission:
    path: Path
    name: str  # the path relative to the submissions folder: all the report shows of a learner
    notebook: CourseNotebook | None = None
    checks: list[tuple[int, str]] = field(default_factory=list)
    rejected: str | None = None  # why it was not run
    problems: list[str] = field(default_factory=list)
    verdicts: dict[str, dict] = field(default_factory=dict)
    seconds: float = 0.0


# --- finding and recognising submissions ---


def find(folder: Path, exclude: Path | None = None) -> list[Path]:
    found = []
    for path in folder.rglob("*.ipynb"):
        parts = path.relative_to(folder).parts
        if any(part.startswith(".") for part in parts):  # .ipynb_checkpoints, hidden folders
            continue
        if exclude is not None and exclude in path.parents:
            continue
        found.append(path)
    return sorted(found)


def _ids(ids) -> str:
    return ", ".join(sorted(set(ids), key=exercise_key))


def recognise(path: Path, name: str, course: dict[str, CourseNotebook]) -> Submission:
    """Read one file and work out which course notebook it is, from its check cells."""
    submission = Submission(path, name)
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        submission.rejected = "unreadable: it is a folder, not a file"
        return submission
    except OSError as error:
        submission.rejected = f"unreadable: {error.strerror or error}"
        return submission
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        submission.rejected = "not a notebook: the file is not UTF-8 text"
        return submission
    try:
        json.loads(text)
    except ValueError as error:
        submission.rejected = f"not a notebook: not valid JSON ({error})"
        return submission
    try:
        notebook = nbformat.reads(text, as_version=4)
        if not isinstance(notebook.get("cells"), list):
            raise ValueError("it has no list of cells")
    except Exception as error:
        submission.rejected = f"not a Jupyter notebook: {str(error).splitlines()[0][:200]}"
        return submission
    checks = check_cells(notebook)
    if not checks:
        submission.rejected = (
            "not a notebook of this course: no cell calls unitevote.check (another course's "
            "notebook, or every exercise was deleted)"
        )
        return submission
    numbers = sorted({exercise_id[:2] for _, exercise_id in checks})
    unknown = [n for n in numbers if n not in course]
    if unknown:
        submission.rejected = (
            f"not a notebook of this course: its exercises ({_ids(i for _, i in checks)}) belong "
            "to no notebook of this course"
        )
        return submission
    if len(numbers) > 1:
        submission.rejected = f"mixes the exercises of notebooks {' and '.join(numbers)}: hand in one notebook per file"
        return submission
    entry = course[numbers[0]]
    submission.notebook = entry
    counts = Counter(exercise_id for _, exercise_id in checks)
    duplicated = [i for i, count in counts.items() if count > 1]
    if duplicated:
        where = "; ".join(
            f"{i} in cells {', '.join(str(c) for c, e in checks if e == i)}" for i in duplicated
        )
        submission.rejected = f"exercises duplicated (one check cell each is expected): {where}"
        return submission
    deleted = [i for i in entry.exercises if i not in counts]
    foreign = [i for i in counts if i not in entry.exercises]
    if deleted or foreign:
        reasons = []
        if deleted:
            reasons.append(f"exercises deleted: {_ids(deleted)} (their check cells are missing)")
        if foreign:
            reasons.append(f"exercises not in {entry.title}: {_ids(foreign)}")
        submission.rejected = "; ".join(reasons)
        return submission
    submission.checks = checks
    return submission


# --- running ---


def describe(outcome: dict, limits: sandbox.Limits) -> list[str]:
    """The outcome of a run in the report's words (empty when it ran to the end)."""
    kind, cell = outcome.get("outcome"), outcome.get("cell")
    at = f" (cell {cell})" if cell is not None else ""
    ename, evalue = outcome.get("ename", ""), outcome.get("evalue", "")
    if kind == "completed":
        problems = []
    elif kind == "cell time limit":
        problems = [f"time limit: a cell ran longer than {limits.cell_timeout} s{at}"]
    elif kind == "notebook time limit":
        problems = [f"time limit: the notebook ran longer than {limits.notebook_timeout} s{at}"]
    elif kind == "error" and ename == "MemoryError":
        problems = [f"memory limit: asked for more than {limits.memory // 1024**2} MB{at}"]
    elif kind == "error" and ename == "SystemExit":
        problems = [f"called sys.exit{at}"]
    elif kind == "error":
        problems = [f"raised {ename}: {evalue[:160]}{at}".rstrip()]
    elif kind == "kernel died":
        problems = [f"its kernel stopped{at} (os._exit, a signal, or the system killing it)"]
    elif kind == "lost":
        problems = ["the run stopped without a result (its process was killed)"]
    else:
        problems = [f"could not run: {evalue[:200]}"]
    if outcome.get("capped_cells"):
        cells = ", ".join(str(c) for c in outcome["capped_cells"])
        problems.append(
            f"printed more than {limits.output_cap // 1024**2} MB in a cell: output cut (cell {cells})"
        )
    return problems


def read_verdicts(executed: Path, checks: list[tuple[int, str]]) -> dict[str, dict]:
    """The CHECK_MIME record of each check cell in the executed notebook."""
    try:
        notebook = nbformat.read(executed, as_version=4)
    except Exception:
        return {}
    verdicts = {}
    for index, exercise_id in checks:
        if index >= len(notebook.cells):
            continue
        for output in notebook.cells[index].get("outputs", []):
            record = output.get("data", {}).get(pattern.CHECK_MIME)
            if isinstance(record, dict) and record.get("exercise") == exercise_id:
                verdicts[exercise_id] = record
    return verdicts


def execute(
    submission: Submission, scratch: Path, limits: sandbox.Limits, cache: Path | None = None
) -> Submission:
    """Run one recognised submission in its sandbox; fill in its verdicts and problems."""
    start = time.monotonic()
    job = Path(tempfile.mkdtemp(prefix="job-", dir=scratch))
    try:
        copy = sandbox.prepare(job, submission.path, submission.path.name)
        before = sandbox.files_in(job / "ws")
        outcome = sandbox.run_worker(job, copy, limits, cache)
        submission.problems = describe(outcome, limits)
        network = job / "network.log"
        if network.exists():
            targets = list(dict.fromkeys(network.read_text("utf-8", "replace").split()))
            if targets:
                submission.problems.append(
                    f"tried to reach the network (blocked): {', '.join(targets[:3])}"
                )
        deleted = sorted(before - sandbox.files_in(job / "ws"))
        if deleted:
            shown = ", ".join(deleted[:3]) + (
                f" and {len(deleted) - 3} more" if deleted[3:] else ""
            )
            submission.problems.append(f"deleted files in its working folder: {shown}")
        submission.verdicts = read_verdicts(job / "executed.ipynb", submission.checks)
    except Exception as error:  # the report goes on to the next submission whatever happens
        submission.problems.append(f"could not run: {type(error).__name__}: {error}")
    finally:
        shutil.rmtree(job, ignore_errors=True)
    submission.seconds = time.monotonic() - start
    return submission


# --- results ---


def result_rows(submissions: list[Submission]) -> list[dict]:
    rows = []
    for submission in submissions:
        notebook = submission.notebook.title if submission.notebook else ""
        if submission.rejected:
            rows.append(
                dict.fromkeys(RESULT_COLUMNS, "")
                | {
                    "submission": submission.name,
                    "notebook": notebook,
                    "status": NOT_RUN,
                    "problem": submission.rejected,
                }
            )
            continue
        problem = "; ".join(submission.problems)
        for _, exercise_id in submission.checks:
            record = submission.verdicts.get(exercise_id)
            rows.append(
                {
                    "submission": submission.name,
                    "notebook": notebook,
                    "exercise": exercise_id,
                    "status": STATUS.get(record["status"], record["status"])
                    if record
                    else NOT_REACHED,
                    "misconception": (record or {}).get("misconception") or "",
                    "message": (record or {}).get("message", ""),
                    "problem": problem,
                }
            )
    return rows


def summary_rows(rows: list[dict], course: dict[str, CourseNotebook]) -> list[dict]:
    summary = []
    for entry in course.values():
        mine = [row for row in rows if row["notebook"] == entry.title and row["exercise"]]
        if not mine:
            continue
        for exercise_id in entry.exercises:
            these = [row for row in mine if row["exercise"] == exercise_id]
            statuses = Counter(row["status"] for row in these)
            for status in STATUSES:
                summary.append(
                    {
                        "notebook": entry.title,
                        "exercise": exercise_id,
                        "kind": "status",
                        "name": status,
                        "submissions": statuses.get(status, 0),
                    }
                )
            misconceptions = Counter(row["misconception"] for row in these if row["misconception"])
            for name, count in sorted(misconceptions.items(), key=lambda item: (-item[1], item[0])):
                summary.append(
                    {
                        "notebook": entry.title,
                        "exercise": exercise_id,
                        "kind": "misconception",
                        "name": name,
                        "submissions": count,
                    }
                )
    return summary


def write_csv(path: Path, columns, rows) -> None:
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


# --- the command ---


def parse(argv):
    parser = argparse.ArgumentParser(
        prog="unitevote-report",
        description="Class report: which misconceptions a class holds, from the learners' "
        "own notebooks (every .ipynb under FOLDER is run in a sandbox; nothing leaves the machine).",
    )
    parser.add_argument("folder", type=Path, help="folder of handed-in notebooks")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default {OUT})")
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="submissions run side by side"
    )
    defaults = sandbox.Limits()
    parser.add_argument("--cell-timeout", type=int, default=defaults.cell_timeout, help="seconds")
    parser.add_argument("--timeout", type=int, default=defaults.notebook_timeout, help="seconds")
    parser.add_argument(
        "--memory", type=int, default=defaults.memory // 1024**2, help="MB per kernel"
    )
    parser.add_argument(
        "--output-cap", type=int, default=defaults.output_cap // 1024**2, help="MB per cell"
    )
    parser.add_argument("--guide", type=Path, default=None, help="teacher guide (teaching notes)")
    parser.add_argument("--quiet", action="store_true", help="print only the summary line")
    return parser.parse_args(argv)


def report(
    folder: Path,
    out: Path = OUT,
    jobs: int | None = None,
    limits: sandbox.Limits | None = None,
    guide: Path | None = None,
    say=print,
) -> list[Submission]:
    """Run the class report; return the submissions (with verdicts and problems)."""
    from .page import write_page

    limits = limits or sandbox.Limits()
    folder, out = Path(folder), Path(out)
    course = course_notebooks()
    paths = find(
        folder, exclude=out.resolve() if out.resolve().is_relative_to(folder.resolve()) else None
    )
    submissions = [recognise(path, str(path.relative_to(folder)), course) for path in paths]
    runnable = [s for s in submissions if not s.rejected]
    isolation, how = sandbox.probe()
    say(
        f"{len(paths)} notebooks under {folder}: {len(runnable)} to run, "
        f"{len(paths) - len(runnable)} set aside; isolation: "
        + (how if isolation else f"NONE ({how})")
    )
    for submission in submissions:
        if submission.rejected:
            say(f"  {submission.name}: {submission.rejected}")
    scratch = Path(tempfile.mkdtemp(prefix="unitevote-report-"))
    try:
        pool = ThreadPoolExecutor(max_workers=max(1, jobs or os.cpu_count() or 1))
        sources = {s.notebook.path for s in runnable if s.notebook.path is not None}
        cache = sandbox.warm_cache(scratch, sorted(sources), limits) if runnable else None
        futures = [pool.submit(execute, s, scratch, limits, cache) for s in runnable]
        for future in futures:
            submission = future.result()
            reached = sum(1 for _, i in submission.checks if i in submission.verdicts)
            problems = "; ".join(submission.problems) or "ran to the end"
            say(
                f"  {submission.name}: {submission.notebook.title}, {reached}/"
                f"{len(submission.checks)} exercises reached, {problems} "
                f"({submission.seconds:.0f} s)"
            )
        pool.shutdown()
    except KeyboardInterrupt:  # stop the sandboxes too: they are out of Ctrl-C's reach
        pool.shutdown(wait=False, cancel_futures=True)
        sandbox.stop_all()
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    rows = result_rows(submissions)
    summary = summary_rows(rows, course)
    write_csv(out / "results.csv", RESULT_COLUMNS, rows)
    write_csv(out / "summary.csv", SUMMARY_COLUMNS, summary)
    write_page(out, submissions, rows, summary, course, guide, isolation=how if isolation else None)
    return submissions


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    folder = args.folder
    if not folder.exists():
        print(f"unitevote-report: {folder} does not exist", file=sys.stderr)
        return 2
    if not folder.is_dir():
        print(
            f"unitevote-report: {folder} is not a folder (give the folder of notebooks)",
            file=sys.stderr,
        )
        return 2
    limits = sandbox.Limits(
        cell_timeout=args.cell_timeout,
        notebook_timeout=args.timeout,
        memory=args.memory * 1024**2,
        output_cap=args.output_cap * 1024**2,
    )
    say = (lambda *_: None) if args.quiet else print
    submissions = report(folder, args.out, args.jobs, limits, args.guide, say=say)
    if not submissions:
        print(
            f"unitevote-report: no .ipynb files under {folder}; wrote an empty report to {args.out}"
        )
        return 1
    rejected = sum(1 for s in submissions if s.rejected)
    print(
        f"wrote {args.out}/report.html, results.csv and summary.csv: {len(submissions)} "
        f"submissions ({rejected} set aside)"
    )
    return 0

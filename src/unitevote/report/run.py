"""The class report: find the hand-ins, run each in a sandbox, judge each answer, write the report.

`unitevote-report FOLDER` (or `make report SUBMISSIONS=FOLDER`) writes build/report/ (or --out):
results.csv (one row per hand-in and exercise, with the learner's answer), summary.csv (per
notebook and exercise, how many learners are in each status and each misconception) and
report.html. The three are written to temporary files and renamed at the end, and the previous
run's are removed first, so a run that fails never leaves files that look current.

The verdicts are the report's own: each answer is carried out of the learner's kernel as plain
data at its check (`carry.py`) and judged here by `unitevote.checks.evaluate` (`judge.py`). A
verdict shown in the notebook that disagrees is reported as possible tampering.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import dataclasses
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

from .. import checks, pattern
from . import files, judge, sandbox
from .course import CourseNotebook, course_notebooks
from .handin import Prepared, cell_words, prepare, read_notebook, recognise

__all__ = [
    "CELL_ERROR",
    "DELETED",
    "NOT_REACHED",
    "NOT_RUN",
    "STATUSES",
    "ExerciseResult",
    "Submission",
    "main",
    "report",
]

OUT = pattern.ROOT / "build" / "report"

# The report's own statuses, besides the checks' (`checks.REPORT_STATUS`), defined once here.
CELL_ERROR = "cell error"  # the answer cell raised, so there was no answer to judge
DELETED = "deleted"  # the exercise's answer and check cells were deleted
NOT_REACHED = "not reached"  # the run stopped (time limit, kernel stopped) before the check
NOT_RUN = "not run"  # the file was set aside
STATUSES = (
    *(checks.REPORT_STATUS[status] for status in checks.STATUSES),
    CELL_ERROR,
    DELETED,
    NOT_REACHED,
)
RESULT_COLUMNS = (
    "submission",
    "learner",
    "notebook",
    "exercise",
    "status",
    "misconception",
    "answer",
    "message",
    "problem",
    "notebook problems",
)
SUMMARY_COLUMNS = ("notebook", "exercise", "kind", "name", "learners")
OUTPUTS = ("results.csv", "summary.csv", "report.html")


@dataclass
class ExerciseResult:
    """The report's verdict on one exercise of one hand-in."""

    exercise: str
    status: str  # one of STATUSES
    misconception: str = ""
    answer: str = ""  # the learner's answer in one line ("" when there was none to read)
    message: str = ""  # what the check says to the learner
    notes: list[str] = field(default_factory=list)  # problems with this exercise


@dataclass
class Submission:
    """One file under the folder, and everything the report found out about it."""

    found: files.Found
    entry: CourseNotebook | None = None
    rejected: str = ""  # why it was not run ("" when it ran)
    prepared: Prepared | None = None
    outcome: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # about the notebook as a whole
    results: list[ExerciseResult] = field(default_factory=list)
    counted: bool = True  # False: another hand-in of the same notebook by the same learner
    shown_as: str = ""  # the name the report shows (a pseudonym with --pseudonyms)
    seconds: float = 0.0

    @property
    def name(self) -> str:
        """The file's path under the folder."""
        return self.found.name

    @property
    def learner(self) -> str:
        """Whose hand-in it is (`files.learner_of`)."""
        return self.found.learner


# --------------------------------------------------------------------------- reading the hand-ins


def read(found: files.Found, course: dict[str, CourseNotebook]) -> Submission:
    """A notebook found under the folder, recognised and prepared for its run (or set aside)."""
    submission = Submission(found)
    notebook, why = read_notebook(found.path)
    if notebook is None:
        submission.rejected = why
        return submission
    try:
        entry, why = recognise(notebook, course)
    except Exception as error:  # as below: one hostile file costs one line, not the report
        submission.rejected = f"could not be read as a course notebook ({type(error).__name__})"
        return submission
    if entry is None:
        submission.rejected = why
        return submission
    submission.entry = entry
    try:
        submission.prepared = prepare(notebook, entry)
    except Exception as error:  # a notebook shaped in a way no learner's should be
        submission.rejected = f"could not be prepared for its run ({type(error).__name__})"
    return submission


# --------------------------------------------------------------------------- running


def run_one(submission: Submission, scratch: Path, limits, isolation, cache) -> Submission:
    """Run one prepared hand-in in its sandbox, then judge it (never raises)."""
    start = time.monotonic()
    job = Path(tempfile.mkdtemp(prefix="job-", dir=scratch))
    prepared = submission.prepared
    try:
        text = json.dumps(prepared.copy)
        copy = sandbox.prepare_job(job, text, Path(submission.name).name)
        before = sandbox.files_in(job / "box" / "ws")
        submission.outcome = sandbox.run_job(job, copy, prepared.checks, limits, isolation, cache)
        network = sandbox.read_learner_file(job / "box" / "network.log", 65536)
        submission.outcome["network"] = network.split()
        submission.outcome["deleted"] = sorted(before - sandbox.files_in(job / "box" / "ws"))
    except Exception as error:  # the report goes on to the next hand-in whatever happens
        submission.outcome = {
            "outcome": "could not start",
            "evalue": f"{type(error).__name__}: {error}",
        }
    finally:
        shutil.rmtree(job, ignore_errors=True)
    try:
        assess(submission, limits, isolation)
    except Exception as error:  # a hostile outcome must cost one line, never the class's report
        submission.problems.append(f"the report could not read this run ({type(error).__name__})")
    submission.seconds = time.monotonic() - start
    return submission


# --------------------------------------------------------------------------- judging


def _index(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _errors(outcome: dict) -> dict[int, dict]:
    found = {}
    errors = outcome.get("errors")
    for key, error in (errors if isinstance(errors, dict) else {}).items():
        index = _index(key)
        if index is not None and isinstance(error, dict):
            found[index] = {
                "ename": str(error.get("ename", "")),
                "evalue": str(error.get("evalue", "")),
            }
    return found


def _record_label(record: dict) -> str:
    status = checks.REPORT_STATUS.get(record.get("status"), str(record.get("status")))
    return status + (f" ({record['misconception']})" if record.get("misconception") else "")


def _verdict(result: ExerciseResult) -> tuple[str, str]:
    return result.status, result.misconception


def judge_exercise(exercise_id: str, submission: Submission, errors) -> ExerciseResult:
    """The report's verdict on one exercise, from the answer carried out at its check."""
    prepared, outcome = submission.prepared, submission.outcome
    if exercise_id in prepared.deleted:
        return ExerciseResult(
            exercise_id, DELETED, notes=[f"{exercise_id}: {prepared.deleted[exercise_id]}"]
        )
    every = outcome.get("carried")
    carried = every.get(exercise_id) if isinstance(every, dict) else None
    answer_cell = prepared.answers.get(exercise_id)
    if not isinstance(carried, dict):
        return ExerciseResult(exercise_id, NOT_REACHED)
    if answer_cell in errors:
        error = errors[answer_cell]
        words = judge.error_words(error["ename"], error["evalue"])
        return ExerciseResult(
            exercise_id, CELL_ERROR, message=f"{exercise_id}: the answer cell raised {words}"
        )
    if "json" not in carried:
        ename = str(carried.get("ename", ""))
        if ename == "NameError":
            why = "`answer` is not defined: the answer cell was deleted, or does not set `answer`"
        elif ename == "no reply":
            return ExerciseResult(
                exercise_id,
                NOT_REACHED,
                notes=[f"{exercise_id}: the kernel did not answer when asked for the answer"],
            )
        else:
            why = (
                "the answer could not be read ("
                + judge.error_words(ename, str(carried.get("evalue", "")))
                + ")"
            )
        return ExerciseResult(exercise_id, CELL_ERROR, message=f"{exercise_id}: {why}")
    try:
        value = judge.read_carried(carried["json"])
    except ValueError:
        return ExerciseResult(
            exercise_id, CELL_ERROR, message=f"{exercise_id}: the answer could not be read"
        )
    verdict = judge.judge(exercise_id, value)
    return ExerciseResult(
        exercise_id,
        checks.REPORT_STATUS.get(verdict.status, verdict.status),
        verdict.misconception,
        judge.answer_words(value),
        verdict.message,
    )


def _tampering(submission: Submission, by_exercise: dict[str, ExerciseResult], roles) -> None:
    """Compare every verdict record the run showed with the report's own verdicts."""
    notebook = submission.prepared.copy
    records = submission.outcome.get("records")
    malformed = []
    for item in records if isinstance(records, list) else []:
        if not isinstance(item, dict):
            continue
        index, record = _index(item.get("cell")), item.get("record")
        where = cell_words(notebook, index, roles)
        problem = judge.record_problem(record)
        if problem:
            malformed.append(where)
            continue
        result = by_exercise.get(record["exercise"])
        if result is None:
            submission.problems.append(
                f"possible tampering: {where} showed a verdict for {record['exercise']}, "
                "which this notebook does not have"
            )
            continue
        mine = (checks.REPORT_STATUS.get(record["status"]), record.get("misconception") or "")
        if result.status in (DELETED, NOT_REACHED) or mine != _verdict(result):
            result.notes.append(
                f"{result.exercise}: possible tampering: {where} showed "
                f"“{_record_label(record)}”, but the report's own check gives “{result.status}”"
            )
    if malformed:
        shown = ", ".join(dict.fromkeys(malformed[:3]))
        submission.problems.append(
            f"possible tampering: {len(malformed)} malformed verdict record(s) shown ({shown}): ignored"
        )


def _saved(submission: Submission, result: ExerciseResult) -> None:
    """Say when the verdict saved in the file differs from the fresh run's."""
    saved = [
        r for r in submission.prepared.saved.get(result.exercise, []) if not judge.record_problem(r)
    ]
    if not saved or result.status in (DELETED, NOT_REACHED):
        return
    record = saved[-1]
    if (checks.REPORT_STATUS.get(record["status"]), record.get("misconception") or "") != _verdict(
        result
    ):
        result.notes.append(
            f"{result.exercise}: the notebook handed in showed “{_record_label(record)}” from an "
            f"earlier run; run afresh it is “{result.status}” (changed after it was last run?)"
        )


def notebook_problems(submission: Submission, errors, roles, limits, isolation) -> list[str]:
    """What went wrong in the run as a whole, in a teacher's words, naming cells as learners see them."""
    outcome, notebook = submission.outcome, submission.prepared.copy
    problems = list(submission.prepared.findings.get("", []))
    kind = outcome.get("outcome")
    stopped = _index(outcome.get("stopped_at"))
    at = f" at {cell_words(notebook, stopped, roles)}" if stopped is not None else ""
    if outcome.get("memory_exceeded"):
        problems.append(
            f"memory limit: used more than {limits.memory // 1024**2} MB; its kernel was stopped{at}"
        )
    elif kind == "notebook time limit":
        problems.append(
            f"time limit: the notebook ran longer than {limits.notebook_timeout} s; stopped{at}"
        )
    elif kind == "kernel died":
        problems.append(f"its kernel stopped{at} (os._exit, a signal, or the system stopping it)")
    elif kind == "could not start":
        problems.append(
            f"the notebook could not be run: {judge.error_words('', str(outcome.get('evalue', '')))}"
        )
    elif kind == "lost":
        problems.append("the run stopped without a result (its process was killed)")
    elif kind != "completed":
        problems.append("the run ended in an unknown way")
    answer_cells = set(submission.prepared.answers.values())
    others = [
        i for i in sorted(errors) if i not in answer_cells and i not in submission.prepared.checks
    ]
    timed_out = {i for i in (_index(t) for t in outcome.get("timed_out") or []) if i is not None}
    for index in others[:SHOWN_ERRORS]:
        error = errors[index]
        if error["ename"] == "CellTimeoutError" or index in timed_out:
            problems.append(
                f"time limit: {cell_words(notebook, index, roles)} ran longer than "
                f"{limits.cell_timeout} s and was interrupted"
            )
        else:
            problems.append(
                f"{cell_words(notebook, index, roles)} raised {judge.error_words(error['ename'], error['evalue'])}"
            )
    if len(others) > SHOWN_ERRORS:
        problems.append(f"{len(others) - SHOWN_ERRORS} more cells raised errors")
    capped = [i for i in (_index(c) for c in outcome.get("capped_cells") or []) if i is not None]
    if capped:
        cells = ", ".join(cell_words(notebook, i, roles) for i in capped[:2])
        problems.append(
            f"printed more than {limits.output_cap // 1024**2} MB in a cell: output cut ({cells})"
        )
    targets = list(dict.fromkeys(str(t)[:80] for t in outcome.get("network") or []))
    if targets:
        how = "blocked" if isolation.bwrap else "NOT blocked on this machine"
        problems.append(f"tried to reach the network ({how}): {', '.join(targets[:3])}")
    deleted = [str(d) for d in outcome.get("deleted") or []]
    if deleted:
        more = f" and {len(deleted) - 3} more" if deleted[3:] else ""
        problems.append(f"deleted files in its own folder: {', '.join(deleted[:3])}{more}")
    return problems


def assess(submission: Submission, limits, isolation) -> None:
    """Fill in a run submission's exercise results and problems from its outcome."""
    prepared = submission.prepared
    roles = {}
    for index, exercise_id in prepared.checks.items():
        roles[index] = f"the check cell of {exercise_id}"
    for exercise_id, index in prepared.answers.items():
        roles[index] = f"the answer cell of {exercise_id}"
    errors = _errors(submission.outcome)
    submission.results = [
        judge_exercise(exercise_id, submission, errors)
        for exercise_id in submission.entry.exercises
    ]
    by_exercise = {result.exercise: result for result in submission.results}
    for result in submission.results:
        result.notes[:0] = [
            f"{result.exercise}: {note}" for note in prepared.findings.get(result.exercise, [])
        ]
        _saved(submission, result)
    submission.problems = notebook_problems(submission, errors, roles, limits, isolation)
    _tampering(submission, by_exercise, roles)


# --------------------------------------------------------------------------- learners


def name_learners(submissions: list[Submission], use_pseudonyms: bool) -> None:
    """Set each hand-in's shown name; count one hand-in per learner and notebook (the latest)."""
    chosen = files.pseudonyms(s.learner for s in submissions) if use_pseudonyms else {}
    per_learner = Counter(s.learner for s in submissions)
    seen: Counter = Counter()
    for submission in submissions:
        if use_pseudonyms:
            shown = chosen[submission.learner]
            if per_learner[submission.learner] > 1:
                seen[submission.learner] += 1
                shown += f" (file {seen[submission.learner]})"
            submission.shown_as = shown
        else:
            submission.shown_as = submission.name
    latest: dict[tuple[str, str], Submission] = {}
    for submission in submissions:
        if submission.rejected or submission.entry is None:
            continue
        key = (submission.learner, submission.entry.number)
        other = latest.get(key)
        if other is None or _mtime(submission) >= _mtime(other):
            latest[key] = submission
    for submission in submissions:
        if submission.entry is not None and not submission.rejected:
            key = (submission.learner, submission.entry.number)
            submission.counted = latest[key] is submission
            if not submission.counted:
                submission.problems.insert(
                    0,
                    f"another hand-in of {submission.entry.number} by the same learner "
                    f"({latest[key].shown_as}) is newer: this one is not counted",
                )


def _code_cells(submission: Submission) -> int:
    return sum(1 for cell in submission.prepared.copy.cells if cell.get("cell_type") == "code")


def _mtime(submission: Submission) -> float:
    try:
        return submission.found.path.stat().st_mtime
    except OSError:
        return 0.0


def shown_learner(submission: Submission, use_pseudonyms: bool) -> str:
    """The learner's name as the report shows it (a pseudonym with --pseudonyms)."""
    if use_pseudonyms:
        return submission.shown_as.split(" (file")[0]
    return submission.learner


# --------------------------------------------------------------------------- results


def result_rows(submissions: list[Submission], use_pseudonyms: bool = False) -> list[dict]:
    """One row per hand-in and exercise (one row for a file set aside), as results.csv has them."""
    rows = []
    for submission in submissions:
        if submission.found.kind == files.SKIPPED:
            continue
        learner = shown_learner(submission, use_pseudonyms)
        notebook = submission.entry.title if submission.entry else ""
        if submission.rejected:
            rows.append(
                dict.fromkeys(RESULT_COLUMNS, "")
                | {
                    "submission": submission.shown_as,
                    "learner": learner,
                    "notebook": notebook,
                    "status": NOT_RUN,
                    "problem": submission.rejected,
                }
            )
            continue
        for result in submission.results:
            rows.append(
                {
                    "submission": submission.shown_as,
                    "learner": learner,
                    "notebook": notebook,
                    "exercise": result.exercise,
                    "status": result.status,
                    "misconception": result.misconception,
                    "answer": result.answer,
                    "message": result.message,
                    "problem": "; ".join(result.notes),
                    "notebook problems": "; ".join(submission.problems),
                }
            )
    return rows


def summary_rows(submissions: list[Submission], course: dict[str, CourseNotebook]) -> list[dict]:
    """Per notebook and exercise: how many learners are in each status and each misconception."""
    summary = []
    for entry in course.values():
        mine = [s for s in submissions if s.entry is entry and not s.rejected and s.counted]
        if not mine:
            continue
        for exercise_id in entry.exercises:
            results = [r for s in mine for r in s.results if r.exercise == exercise_id]
            statuses = Counter(result.status for result in results)
            for status in STATUSES:
                summary.append(
                    {
                        "notebook": entry.title,
                        "exercise": exercise_id,
                        "kind": "status",
                        "name": status,
                        "learners": statuses.get(status, 0),
                    }
                )
            misconceptions = Counter(r.misconception for r in results if r.misconception)
            for name, count in sorted(misconceptions.items(), key=lambda item: (-item[1], item[0])):
                summary.append(
                    {
                        "notebook": entry.title,
                        "exercise": exercise_id,
                        "kind": "misconception",
                        "name": name,
                        "learners": count,
                    }
                )
    return summary


SHOWN_ERRORS = 4  # cells whose error the problems name (then "N more")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutral(value) -> str:
    """A field as a spreadsheet should take it: text starting =, +, -, @ gets a leading quote (OWASP)."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def write_csv(path: Path, columns, rows) -> None:
    """Write `rows` to `path` as CSV, every field neutralised against formulas."""
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({key: neutral(row.get(key, "")) for key in columns} for row in rows)


# --------------------------------------------------------------------------- the command


def parse(argv):
    """The command line's options."""
    parser = argparse.ArgumentParser(
        prog="unitevote-report",
        description="Class report: which misconceptions a class holds, from the learners' "
        "own notebooks (every .ipynb under FOLDER is run in a sandbox; nothing leaves the machine).",
    )
    parser.add_argument("folder", type=Path, help="folder of handed-in notebooks")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default {OUT})")
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="notebooks run side by side"
    )
    parser.add_argument(
        "--pseudonyms",
        action="store_true",
        help="show stable pseudonyms instead of names (for projecting the report in class)",
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


def counts_line(submissions: list[Submission], folder: Path) -> str:
    """How many files were found, run, set aside and skipped (the three add up to the first)."""
    run = [s for s in submissions if s.found.kind == files.NOTEBOOK and not s.rejected]
    aside = [
        s
        for s in submissions
        if s.found.kind != files.SKIPPED and (s.rejected or s.found.kind == files.SET_ASIDE)
    ]
    skipped = [s for s in submissions if s.found.kind == files.SKIPPED]
    learners = len({s.learner for s in run})
    return (
        f"{len(submissions)} files under {folder}: {len(run)} notebooks run (from {learners} "
        f"learners), {len(aside)} set aside, {len(skipped)} skipped"
    )


def _clear_previous(out: Path) -> None:
    for name in OUTPUTS:
        try:
            (out / name).unlink()
        except FileNotFoundError:
            pass


@contextlib.contextmanager
def validated_once(scratch: Path):
    """The course's data validated here, once, each table noted in a folder the sandboxes read
    (`unitevote.data`'s UNITEVOTE_CACHE, passed on and bound read-only): their kernels then
    skip frictionless. Yields the folder, or None if the data does not load (each kernel then
    says why itself). A cache the teacher's environment names already is used as it is.
    """
    from ..data import CACHE_VARIABLE, load, tables

    before = os.environ.get(CACHE_VARIABLE)
    os.environ[CACHE_VARIABLE] = before or str(scratch / "validated")
    try:
        folder = Path(os.environ[CACHE_VARIABLE])
        folder.mkdir(parents=True, exist_ok=True)  # bound into every sandbox: it must exist
        for table in tables():
            load(table)
    except Exception:  # a broken data folder: every submission reports it in its own words
        folder = None
    try:
        yield folder
    finally:
        if before is None:
            del os.environ[CACHE_VARIABLE]


def report(
    folder: Path,
    out: Path = OUT,
    jobs: int | None = None,
    limits: sandbox.Limits | None = None,
    guide: Path | None = None,
    say=print,
    pseudonyms: bool = False,
    isolation: sandbox.Isolation | None = None,
) -> list[Submission]:
    """Run the class report on `folder`; write `out`; return every file's Submission.

    `isolation`: what the sandbox may use (default: what `sandbox.probe()` finds on this machine).
    """
    from .page import write_page

    limits = limits or sandbox.Limits()
    folder, out = Path(folder), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    _clear_previous(out)
    course = course_notebooks()
    exclude = out.resolve() if out.resolve().is_relative_to(folder.resolve()) else None
    found = files.find_all(folder, exclude=exclude)
    submissions = []
    for item in found:
        if item.kind == files.NOTEBOOK:
            submissions.append(read(item, course))
        else:
            submissions.append(Submission(item, rejected=item.reason))
    runnable = [s for s in submissions if s.prepared is not None and not s.rejected]
    scratch = Path(tempfile.mkdtemp(prefix="unitevote-report-"))
    stack = contextlib.ExitStack()
    isolation = isolation or sandbox.probe()
    hidden = [folder.resolve(), out.resolve()]
    validated = stack.enter_context(validated_once(scratch))
    isolation = dataclasses.replace(
        isolation,
        binds=tuple(
            b
            for b in isolation.binds
            if not any(Path(b) == h or Path(b) in h.parents for h in hidden)
        )
        + ((str(validated),) if validated else ()),
    )
    name_learners(submissions, pseudonyms)
    say(counts_line(submissions, folder) + f"; {isolation.summary()}")
    for submission in submissions:
        if submission.rejected:
            say(f"  {submission.shown_as}: {submission.rejected}")
    pool = ThreadPoolExecutor(max_workers=max(1, jobs or os.cpu_count() or 1))
    try:
        sources = {s.entry.path for s in runnable if s.entry.path is not None}
        cache = sandbox.warm_cache(scratch, sorted(sources), limits) if runnable else None
        # Longest first (by code cells), so that no long notebook starts last while a core idles.
        longest_first = sorted(runnable, key=lambda s: -_code_cells(s))
        started = {
            id(s): pool.submit(run_one, s, scratch, limits, isolation, cache) for s in longest_first
        }
        futures = [started[id(s)] for s in runnable]
        for future in futures:
            submission = future.result()
            reached = sum(1 for r in submission.results if r.status not in (NOT_REACHED, DELETED))
            problems = "; ".join(submission.problems) or "ran to the end"
            say(
                f"  {submission.shown_as}: {submission.entry.title}, {reached}/"
                f"{len(submission.results)} exercises checked, {problems} "
                f"({submission.seconds:.0f} s)"
            )
        pool.shutdown()
    except KeyboardInterrupt:  # stop the sandboxes too: they are out of Ctrl-C's reach
        pool.shutdown(wait=False, cancel_futures=True)
        sandbox.stop_all()
        raise
    finally:
        stack.close()
        shutil.rmtree(scratch, ignore_errors=True)
    name_learners(submissions, pseudonyms)
    rows = result_rows(submissions, pseudonyms)
    summary = summary_rows(submissions, course)
    staging = Path(tempfile.mkdtemp(prefix=".report-", dir=out))
    try:
        write_csv(staging / "results.csv", RESULT_COLUMNS, rows)
        write_csv(staging / "summary.csv", SUMMARY_COLUMNS, summary)
        write_page(
            staging, out, submissions, summary, course, guide, isolation, limits, pseudonyms, folder
        )
        for name in OUTPUTS:
            os.replace(staging / name, out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return submissions


def main(argv: list[str] | None = None) -> int:
    """The `unitevote-report` command; exit status 0, 1 (no notebooks) or 2 (bad folder)."""
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
    submissions = report(
        folder, args.out, args.jobs, limits, args.guide, say=say, pseudonyms=args.pseudonyms
    )
    notebooks = [s for s in submissions if s.found.kind == files.NOTEBOOK]
    if not notebooks:
        print(
            f"unitevote-report: no .ipynb files under {folder}; wrote an empty report to {args.out}"
        )
        return 1
    print(
        f"wrote {args.out}/report.html, results.csv and summary.csv: {counts_line(submissions, folder)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

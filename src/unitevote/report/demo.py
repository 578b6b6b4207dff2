"""Classes of hand-ins for `make report-demo`, the bench and the tests, built from the student edition.

Three kinds, each returned with what the report should say about every file (`Planned`):

- `build_class`: synthetic learners, each exercise answered with the right value, the value a
  misconception produces (from the exercise registry), a blank (`answer = ...` as handed out), a
  wrong value or a value of the wrong type; optionally one notebook per misbehaviour
  (`HOSTILE`) and files that are not notebooks of this course.
- `hand_ins`: a class as real learners hand it in. Each notebook was run before it was saved, so
  it carries outputs; then some were changed: an early cell broken, a check cell broken, an answer
  changed and not run again. In LMS download folders, with a renamed copy, a notebook from
  another version of the course and an HTML export.
- `attacks`: one notebook per attack on the report itself (forged verdicts, a redefined
  `evaluate`, markup, spreadsheet formulas, malformed records, escaping the sandbox, /dev/shm,
  mmap, processes, output floods).

Usage: python -m unitevote.report.demo OUT [--notebook 02] [--count 30] [--hostile] [--bad-input]
       [--hand-ins] [--attacks [--without-a-sandbox]]
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import numbers
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .. import pattern
from ..checks import CORRECT, REGISTRY, REPORT_STATUS, Feedback, evaluate
from ..editions import student_edition, write_notebook
from .course import assigns_answer, check_calls, check_cells, course_notebooks
from .run import CELL_ERROR, DELETED, NOT_REACHED

__all__ = ["HOSTILE", "Planned", "attacks", "build_class", "hand_ins", "main", "trimmed"]

# Code added after a submission's first check cell, for each misbehaviour; whether the run stops
# there (later exercises "not reached"); and what the report's problem column then says (a part).
HOSTILE = {
    "infinite loop": ("while True:\n    pass", False, "time limit"),
    "unbounded memory": (
        "blocks = []\nwhile True:\n    blocks.append(bytearray(50_000_000))",
        False,
        "MemoryError",
    ),
    "raises": ('raise ValueError("a learner\'s mistake")', False, "raised ValueError"),
    "sys.exit": ("import sys\nsys.exit(3)", False, "sys.exit"),
    "os._exit": ("import os\nos._exit(1)", True, "its kernel stopped"),
    "kills its kernel": (
        "import os\nimport signal\nos.kill(os.getpid(), signal.SIGKILL)",
        True,
        "its kernel stopped",
    ),
    "deletes files": (
        "import os\nos.remove('../docs/glossary.md')\nfor name in os.listdir('.'):\n"
        "    os.remove(name)",
        False,
        "deleted files in its own folder",
    ),
    "network": (
        "import urllib.request\ntry:\n    urllib.request.urlopen('http://example.com', timeout=5)\n"
        "except Exception as error:\n    print('no network:', type(error).__name__)",
        False,
        "tried to reach the network",
    ),
    "prints megabytes": ("for _ in range(40):\n    print('x' * 100_000)", False, "output cut"),
}


@dataclass
class Planned:
    """A hand-in and what the report should say about it."""

    name: str  # the path under the class folder
    notebook: str  # course notebook title ("" for a file set aside)
    # exercise: (status, misconception), or a set of statuses any of which is right
    expected: dict[str, tuple[str, str] | frozenset] = field(default_factory=dict)
    problem: str | tuple = ""  # part(s) of the notebook's problems ("" when none is expected)
    rejected: str = ""  # a part of the reason it is set aside
    notes: dict[str, str] = field(default_factory=dict)  # exercise: a part of its notes
    learner: str = ""  # the learner the report should name ("" to skip the comparison)
    answers: dict[str, str] = field(default_factory=dict)  # exercise: a part of its answer


def literal(value) -> str:
    """Python source for an answer value (numpy numbers as plain numbers)."""
    if isinstance(value, bool):
        return repr(value)
    if isinstance(value, numbers.Integral):
        return repr(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, set | frozenset):
        return repr(sorted(str(v) for v in value)[0])
    if isinstance(value, tuple):
        return "(" + ", ".join(literal(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, list):
        return repr([str(v) for v in value])
    return repr(value)


def _literal_for(spec, value) -> str | None:
    """Source for `value` as an answer to an exercise like `spec`, or None if none can be written."""
    if spec.kind == "text" and not isinstance(value, str):
        value = sorted(str(v) for v in value)[0]
    if spec.kind == "based" and isinstance(value, dict):
        base, number = next(iter(value.items()))
        value = (number, base)
    if spec.kind == "chart" or value is None:
        return None
    return literal(value)


def choices(exercise_id: str) -> list[tuple[str, str]]:
    """(label, answer source) for each kind of answer this exercise can be given."""
    spec = REGISTRY[exercise_id]()
    options = []
    right = _literal_for(spec, spec.expected)
    if right is not None:
        options.append(("right", right))
    for item in spec.misconceptions:
        source = _literal_for(spec, item.value)
        if source is not None:
            options.append((f"misconception: {item.name}", source))
    options.append(("blank", "..."))
    if spec.kind == "number":
        options.append(("wrong", literal(float(spec.expected) * 3 + 7.25)))
        options.append(("wrong type", repr(f"{float(spec.expected):.1f} pp")))
    elif spec.kind == "text":
        options.append(("wrong", repr("nobody in particular")))
        options.append(("wrong type", "42"))
    else:
        options.append(("wrong", repr(["nothing"])))
        options.append(("wrong type", "42"))
    return options


def is_worked(source: str) -> bool:
    """Whether an answer is code that computes it (a teacher's worked answer), not a literal."""
    return "\n" in source or source.lstrip().startswith("answer")


def verdict(exercise_id: str, source: str) -> Feedback:
    """What the check says of the answer `source`; a worked answer is the teacher's, so correct."""
    if is_worked(source):
        return Feedback(CORRECT, f"{exercise_id}: correct.")
    namespace: dict = {}
    exec(f"answer = {source}", namespace)  # noqa: S102  (our own literal)
    return evaluate(exercise_id, namespace["answer"])


def expected(exercise_id: str, source: str) -> tuple[str, str]:
    """(report status, misconception) for the answer `source`, from the checks."""
    feedback = verdict(exercise_id, source)
    return REPORT_STATUS[feedback.status], feedback.misconception or ""


def fill(notebook, answers: dict[str, str]):
    """Put `answer = <source>` (or a whole cell's source) in the answer cell before each check."""
    notebook = copy.deepcopy(notebook)
    for index, exercise_id in check_cells(notebook):
        if exercise_id not in answers:
            continue
        for back in range(index - 1, -1, -1):
            cell = notebook.cells[back]
            if pattern.is_answer_stub(cell) or assigns_answer(pattern.source(cell)):
                text = answers[exercise_id]
                cell.source = (
                    text if "\n" in text or text.startswith("answer") else f"answer = {text}"
                )
                break
            if check_calls(pattern.source(cell)):
                break
    return notebook


def trimmed(notebook):
    """Only the imports, the exercises' questions and their answer and check cells.

    A notebook the report still recognises and runs, at a fraction of the lesson's cost: the
    attack tests need the checks, not the lesson.
    """
    notebook = copy.deepcopy(notebook)
    kept = []
    imports_seen = False
    for cell in notebook.cells:
        text = pattern.source(cell)
        if cell.cell_type == "code" and "import unitevote" in text and not imports_seen:
            imports_seen = True
            kept.append(cell)
        elif cell.cell_type == "code" and (pattern.is_answer_stub(cell) or check_calls(text)):
            kept.append(cell)
        elif cell.cell_type == "markdown" and pattern.QUESTION.search(text):
            kept.append(cell)
    notebook.cells = kept
    return notebook


def student_of(number: str):
    """The student edition of course notebook `number`, and its exercise ids in order."""
    entry = course_notebooks()[number]
    student = student_edition(nbformat.read(entry.path, as_version=4))
    return entry, student, [exercise_id for _, exercise_id in check_cells(student)]


def build_class(
    out: Path,
    number: str = "02",
    count: int = 30,
    hostile: bool = False,
    bad_input: bool = False,
    short: bool = False,
) -> list[Planned]:
    """Write `count` synthetic submissions of notebook `number` into `out`; return the plan.

    `short`: every notebook is `trimmed` and the misbehaviours share two notebooks (the tests'
    setting).
    """
    entry, student, ids = student_of(number)
    options = {exercise_id: choices(exercise_id) for exercise_id in ids}
    if short:
        student = trimmed(student)
    planned = []
    for learner in range(count):
        answers, wanted = {}, {}
        for position, exercise_id in enumerate(ids):
            label, source = options[exercise_id][(learner + position) % len(options[exercise_id])]
            answers[exercise_id] = source
            wanted[exercise_id] = expected(exercise_id, source)
        name = f"learner_{learner + 1:02d}.ipynb"
        write_notebook(fill(student, answers), out / name)
        planned.append(Planned(name, entry.title, wanted, learner=f"learner_{learner + 1:02d}"))
    if hostile:
        planned += write_hostile(out, entry, student, ids, options, together=short)
    if bad_input:
        planned += write_bad_input(out, student, ids, entry.title)
    return planned


def write_hostile(out: Path, entry, student, ids, options, together: bool) -> list[Planned]:
    """Notebooks that misbehave after the first exercise's check (`HOSTILE`).

    `together`: the misbehaviours the run survives share one notebook (the memory hog last, after
    the final check), and one notebook stops its own kernel: two runs instead of nine.
    """
    right = {i: _option(options, i, "right") or "..." for i in ids}
    reached = {i: expected(i, right[i]) for i in ids}
    stopped = {i: reached[i] if i == ids[0] else (NOT_REACHED, "") for i in ids}
    planned = []
    if together:
        notebook = fill(student, right)
        first = check_cells(notebook)[0][0]
        survived = [label for label, (_, stops, _) in HOSTILE.items() if not stops]
        notebook.cells.append(nbformat.v4.new_code_cell(HOSTILE["unbounded memory"][0]))
        for label in reversed(survived):
            if label != "unbounded memory":
                notebook.cells.insert(first + 1, nbformat.v4.new_code_cell(HOSTILE[label][0]))
        write_notebook(notebook, out / "hostile_misbehaves.ipynb")
        problems = tuple(HOSTILE[label][2] for label in survived)
        planned.append(Planned("hostile_misbehaves.ipynb", entry.title, reached, problems))
        labels = ["kills its kernel"]
    else:
        labels = list(HOSTILE)
    for label in labels:
        code, stops, problem = HOSTILE[label]
        notebook = fill(student, right)
        notebook.cells.insert(check_cells(notebook)[0][0] + 1, nbformat.v4.new_code_cell(code))
        name = f"hostile_{label.replace(' ', '_').replace('.', '_')}.ipynb"
        write_notebook(notebook, out / name)
        planned.append(Planned(name, entry.title, stopped if stops else reached, problem))
    return planned


def write_bad_input(out: Path, student, ids, title: str) -> list[Planned]:
    """Files that are not notebooks of this course, or whose exercises are broken."""
    bad = out / "bad"
    bad.mkdir(parents=True, exist_ok=True)
    (bad / "not_json.ipynb").write_text("this is not a notebook {", encoding="utf-8")
    planned = [Planned("bad/not_json.ipynb", "", rejected="not valid JSON")]
    (bad / "binary.ipynb").write_bytes(b"\xff\xfe\x00garbage")
    planned.append(Planned("bad/binary.ipynb", "", rejected="not UTF-8"))
    (bad / "folder.ipynb").mkdir(exist_ok=True)
    planned.append(Planned("bad/folder.ipynb", "", rejected="unreadable"))
    (bad / "dangling.ipynb").unlink(missing_ok=True)
    (bad / "dangling.ipynb").symlink_to(bad / "nowhere.ipynb")
    planned.append(Planned("bad/dangling.ipynb", "", rejected="unreadable"))
    # A link to a real notebook outside the folder: never read, let alone run, as a hand-in.
    (bad / "linked.ipynb").unlink(missing_ok=True)
    (bad / "linked.ipynb").symlink_to(pattern.notebook_paths()[0])
    planned.append(Planned("bad/linked.ipynb", "", rejected="a link to another file"))
    fifo = bad / "pipe.ipynb"
    if hasattr(os, "mkfifo") and not fifo.exists():
        os.mkfifo(fifo)
    if fifo.exists():
        planned.append(Planned("bad/pipe.ipynb", "", rejected="not a file (a pipe"))
    (bad / "json_not_notebook.ipynb").write_text(json.dumps({"hello": 1}), encoding="utf-8")
    planned.append(Planned("bad/json_not_notebook.ipynb", "", rejected="not a Jupyter notebook"))
    other = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("import otter\ngrader = otter.Notebook()\ngrader.check('q1')")
        ]
    )
    write_notebook(other, bad / "other_course.ipynb")
    planned.append(Planned("bad/other_course.ipynb", "", rejected="not a notebook of this course"))
    foreign = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell('unitevote.check("97.1", 1)')]
    )
    write_notebook(foreign, bad / "foreign_ids.ipynb")
    planned.append(Planned("bad/foreign_ids.ipynb", "", rejected="belong to no notebook"))
    (bad / "notes.txt").write_text("my answers are in the notebook\n", encoding="utf-8")
    planned.append(Planned("bad/notes.txt", "", rejected="ask for the .ipynb"))
    deleted = copy.deepcopy(student)
    last = check_cells(deleted)[-1][0]
    answer = next(
        back for back in range(last - 1, -1, -1) if pattern.is_answer_stub(deleted.cells[back])
    )
    del deleted.cells[last]
    del deleted.cells[answer]
    write_notebook(deleted, bad / "exercise_deleted.ipynb")
    wanted = {i: expected(i, "...") for i in ids}
    wanted[ids[-1]] = (DELETED, "")
    planned.append(Planned("bad/exercise_deleted.ipynb", title, wanted))
    duplicated = copy.deepcopy(student)
    index = check_cells(duplicated)[0][0]
    twin = copy.deepcopy(duplicated.cells[index])
    twin.id = f"{twin.get('id', 'cell')}-again"
    duplicated.cells.insert(index + 1, twin)
    write_notebook(duplicated, bad / "exercise_duplicated.ipynb")
    planned.append(
        Planned(
            "bad/exercise_duplicated.ipynb",
            title,
            {i: expected(i, "...") for i in ids},
            notes={ids[0]: "another cell also checks"},
        )
    )
    return planned


# --------------------------------------------------------------------------- real hand-ins


def ran_before_saving(notebook, answers: dict[str, str], judged: dict[str, str] | None = None):
    """The notebook as a learner saves it after running it: each check cell shows its verdict.

    `judged`: the answers the saved verdicts are of, where they differ from `answers`.
    """
    notebook = fill(notebook, answers)
    judged = judged or answers
    count = 0
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        count += 1
        cell.execution_count = count
        ids = check_calls(pattern.source(cell))
        if ids and ids[0] in judged:
            feedback = verdict(ids[0], judged[ids[0]])
            cell.outputs = [nbformat.v4.new_output("display_data", data=feedback.bundle(ids[0]))]
    return notebook


def _moodle(name: str, number: int) -> str:
    return f"{name}_{1000 + number}_assignsubmission_file_"


def _misconception_in_two(ids, options) -> str | None:
    """A misconception the checks recognise in two exercises of the notebook, if there is one."""
    seen: dict[str, list[str]] = {}
    for exercise_id in ids:
        for label, _ in options[exercise_id]:
            if label.startswith("misconception: "):
                seen.setdefault(label.removeprefix("misconception: "), []).append(exercise_id)
    twice = [name for name, where in seen.items() if len(set(where)) >= 2]
    return sorted(twice)[0] if twice else None


def _option(options, exercise_id: str, label: str) -> str | None:
    return next((source for name, source in options[exercise_id] if name == label), None)


def _first_misconception(options, exercise_id: str) -> tuple[str, str] | None:
    for label, source in options[exercise_id]:
        if label.startswith("misconception: "):
            return label, source
    return None


def _break_early_cell(notebook):
    """Rename the first name the lesson's first data cell assigns, as a learner's slip would.

    Returns the notebook and the cell's index; a fresh run then raises NameError wherever the
    old name is used.
    """
    notebook = copy.deepcopy(notebook)
    seen_imports = False
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        text = pattern.source(cell)
        if not seen_imports:
            seen_imports = "import unitevote" in text
            continue
        tree = ast.parse(text)
        for statement in tree.body:
            if isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
                name = statement.targets[0].id
                lines = text.splitlines()
                line = lines[statement.lineno - 1]
                lines[statement.lineno - 1] = line.replace(f"{name} =", f"{name}s =", 1)
                cell.source = "\n".join(lines)
                return notebook, index
    raise ValueError("no data cell to break")


def _solutions(entry) -> dict[str, str]:
    """The teacher notebook's worked answer for each exercise, without its check line."""
    teacher = nbformat.read(entry.path, as_version=4)
    found = {}
    for cell in teacher.cells:
        if not pattern.has_tag(cell, pattern.SOLUTION) or cell.cell_type != "code":
            continue
        ids = [i for line in pattern.source(cell).splitlines() for i in check_calls(line)]
        if ids:
            lines = [line for line in pattern.source(cell).splitlines() if not check_calls(line)]
            found[ids[0]] = "\n".join(lines)
    return found


HTML_EXPORT = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="generator" content="nbconvert">
<title>{title}</title></head><body><div class="jp-Notebook">{cells}</div></body></html>
"""


def hand_ins(out: Path, number: str = "02", short: bool = False) -> list[Planned]:
    """Write a class of hand-ins as real learners hand them in (see the module docstring).

    Eleven: ten notebooks in Moodle download folders and an HTML export; one notebook
    carries a Jupyter autosave copy beside it. `short`: every notebook but the one whose early
    cell is broken is `trimmed` (the tests' setting).
    """
    entry, full, ids = student_of(number)
    student = trimmed(full) if short else full
    options = {exercise_id: choices(exercise_id) for exercise_id in ids}
    solutions = _solutions(entry)
    right = {i: _option(options, i, "right") or solutions.get(i, "...") for i in ids}
    reached = {i: expected(i, right[i]) for i in ids}
    planned: list[Planned] = []

    def hand_in(learner: str, position: int, file: str, notebook, wanted, **more) -> None:
        name = f"{_moodle(learner, position)}/{file}"
        write_notebook(notebook, out / name)
        planned.append(Planned(name, entry.title, wanted, learner=learner, **more))

    file = entry.path.name
    # 1. Everything right, run and saved; Jupyter's autosave copy lies beside it.
    notebook = ran_before_saving(student, right)
    hand_in("Ana Lopez", 1, file, notebook, dict(reached))
    write_notebook(notebook, out / _moodle("Ana Lopez", 1) / ".ipynb_checkpoints" / file)
    # 2. A misconception in the first exercise.
    wrong = _first_misconception(options, ids[0])
    answers = dict(right) | ({ids[0]: wrong[1]} if wrong else {})
    hand_in(
        "Ben Okafor",
        2,
        file,
        ran_before_saving(student, answers),
        {i: expected(i, answers[i]) for i in ids},
    )
    # 3. Misconceptions in two exercises: the same one where the checks know one in two
    # exercises (counted once in "who to see"), else the first of each.
    twice = _misconception_in_two(ids, options)
    answers = dict(right)
    for exercise_id in ids:
        source = _option(options, exercise_id, f"misconception: {twice}") if twice else None
        if source:
            answers[exercise_id] = source
    if not twice:
        for exercise_id in [i for i in ids if _first_misconception(options, i)][:2]:
            answers[exercise_id] = _first_misconception(options, exercise_id)[1]
    hand_in(
        "Chloe Martin",
        3,
        file,
        ran_before_saving(student, answers),
        {i: expected(i, answers[i]) for i in ids},
    )
    # 4. A wrong value and a value of the wrong type ("28.9 pp"), which the teacher must see.
    answers = dict(right)
    answers[ids[0]] = _option(options, ids[0], "wrong") or "..."
    answers[ids[1]] = _option(options, ids[1], "wrong type") or "..."
    wrong_answers = {i: answers[i].strip("'\"[]")[:5] for i in ids[:2]}
    hand_in(
        "Dev Patel",
        4,
        file,
        ran_before_saving(student, answers),
        {i: expected(i, answers[i]) for i in ids},
        answers=wrong_answers,
    )
    # 5. Half finished: the first two exercises answered, the rest as handed out.
    answers = {i: (right[i] if n < 2 else "...") for n, i in enumerate(ids)}
    hand_in(
        "Ella Brown",
        5,
        file,
        ran_before_saving(student, answers),
        {i: expected(i, answers[i]) for i in ids},
    )
    # 6. A renamed copy.
    answers = dict(right)
    wrong = _first_misconception(options, ids[-1])
    if wrong:
        answers[ids[-1]] = wrong[1]
    hand_in(
        "Finn Walsh",
        6,
        f"Copy of {Path(file).stem} (1).ipynb",
        ran_before_saving(student, answers),
        {i: expected(i, answers[i]) for i in ids},
    )
    # 7. From another version of the course: new cell ids, the last exercise not in it yet.
    older = copy.deepcopy(student)
    for cell in older.cells:
        cell.id = uuid.uuid4().hex[:8]
    last = check_cells(older)[-1][0]
    stub = next(b for b in range(last - 1, -1, -1) if pattern.is_answer_stub(older.cells[b]))
    del older.cells[last]
    del older.cells[stub]
    wanted = dict(reached) | {ids[-1]: (DELETED, "")}
    hand_in("Grace Kim", 7, file, ran_before_saving(older, right), wanted)
    # 8. Run and saved right, then an early cell edited so that a fresh run fails there.
    worked = {i: solutions.get(i, right[i]) for i in ids}
    broken, _ = _break_early_cell(ran_before_saving(full, worked, right))
    hand_in(
        "Hana Ito",
        8,
        file,
        broken,
        {i: frozenset({"correct", CELL_ERROR}) for i in ids},
        problem="NameError",
        notes={},
    )
    # 9. Run and saved right, then a check cell edited (a bracket deleted).
    notebook = ran_before_saving(student, right)
    index = check_cells(notebook)[1][0]
    notebook.cells[index].source = pattern.source(notebook.cells[index]).rstrip().rstrip(")")
    hand_in(
        "Ivan Petrov", 9, file, notebook, dict(reached), notes={ids[1]: "a bracket is not closed"}
    )
    # 10. Run and saved right, then an answer changed and not run again.
    notebook = ran_before_saving(student, right)
    wrong = _first_misconception(options, ids[2 % len(ids)])
    changed = ids[2 % len(ids)]
    notebook = fill(notebook, {changed: wrong[1] if wrong else "..."})
    wanted = dict(reached) | {changed: expected(changed, wrong[1] if wrong else "...")}
    hand_in("Jo Smith", 10, file, notebook, wanted, notes={changed: "handed in showed"})
    # 11. An HTML export instead of the notebook.
    html = HTML_EXPORT.format(title=entry.title, cells="<pre>unitevote.check(...)</pre>")
    name = f"{_moodle('Kai Novak', 11)}/{Path(file).stem}.html"
    (out / name).parent.mkdir(parents=True, exist_ok=True)
    (out / name).write_text(html, encoding="utf-8")
    planned.append(Planned(name, "", rejected="an HTML export", learner="Kai Novak"))
    return planned


# --------------------------------------------------------------------------- attacks


def _forged(exercise_id: str, status: str = "correct", message: str | None = None) -> str:
    record = {
        "exercise": exercise_id,
        "status": status,
        "misconception": None,
        "message": message or f"{exercise_id}: correct.",
    }
    bundle = {"text/plain": record["message"], pattern.CHECK_MIME: record}
    return f"display({json.dumps(bundle)!s}, raw=True)".replace("null", "None")


def attacks(
    out: Path, number: str, outside: dict[str, Path], processes: int = 400
) -> list[Planned]:
    """Write one notebook per attack; `outside` names host paths an escape would write to.

    `outside`: {"submissions": the class folder, "data": the course's data folder, "tmp": a
    file in the host's /tmp, "shm": a file in the host's /dev/shm}. Every notebook is `trimmed`.
    """
    entry, student, ids = student_of(number)
    student = trimmed(student)
    options = {exercise_id: choices(exercise_id) for exercise_id in ids}
    right = {i: _option(options, i, "right") or "..." for i in ids}
    blank = {i: "..." for i in ids}
    planned: list[Planned] = []

    def attack(label: str, notebook, wanted, after_first=None, folder: str = "", **more):
        if after_first is not None:
            first_check = check_cells(notebook)[0][0]
            notebook.cells.insert(first_check + 1, nbformat.v4.new_code_cell(after_first))
        name = f"{folder}/attack_{label}.ipynb" if folder else f"attack_{label}.ipynb"
        write_notebook(notebook, out / name)
        planned.append(Planned(name, entry.title, wanted, **more))

    unanswered = {i: expected(i, "...") for i in ids}
    reached = {i: expected(i, right[i]) for i in ids}
    # Forged verdicts: one inside the first check cell, one in a cell of its own after the second.
    notebook = fill(student, blank)
    first, second = check_cells(notebook)[0][0], check_cells(notebook)[1][0]
    notebook.cells[first].source += "\n" + _forged(ids[0])
    notebook.cells.insert(second + 1, nbformat.v4.new_code_cell(_forged(ids[1])))
    attack(
        "forged_record",
        notebook,
        unanswered,
        notes={ids[0]: "the check cell was edited", ids[1]: "possible tampering"},
    )
    # `evaluate` redefined before the checks run: every check in the kernel says "correct".
    redefine = (
        "import unitevote.checks as checks_module\n"
        "checks_module.evaluate = lambda exercise_id, answer, *args, **kwargs: "
        "checks_module.Feedback('correct', exercise_id + ': correct.')"
    )
    notebook = fill(student, blank)
    notebook.cells.insert(1, nbformat.v4.new_code_cell(redefine))
    attack("redefined_evaluate", notebook, unanswered, notes={i: "possible tampering" for i in ids})
    # Markup: an answer, a record's status and the file's own name carry HTML.
    markup = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    notebook = fill(student, right | {ids[0]: repr(markup)})
    attack(
        "markup_\"'><svg onload=alert(3)>",
        notebook,
        reached | {ids[0]: expected(ids[0], repr(markup))},
        after_first=_forged(ids[0], status="x'><svg/onload=alert(1)>"),
        problem="malformed verdict record",
    )
    # Spreadsheet formulas: in the learner's name (an LMS folder), an answer, a record's message.
    formula = '=HYPERLINK("http://example.com/?leak","click me")'
    notebook = fill(student, right | {ids[0]: repr(formula)})
    attack(
        "formula",
        notebook,
        reached | {ids[0]: expected(ids[0], repr(formula))},
        after_first=_forged(ids[1], status="correct", message=formula),
        folder=_moodle('=HYPERLINK("example.com","x")', 99),
    )
    # A malformed record: an exercise and nothing else.
    record = json.dumps({pattern.CHECK_MIME: {"exercise": ids[1]}})
    attack(
        "malformed_record",
        fill(student, right),
        reached,
        after_first=f"display({record}, raw=True)",
        problem="malformed verdict record",
    )
    # Escaping: remount the file systems writable, then write outside the job folder.
    escape = (
        "import subprocess\n"
        "for point in ['/', '/tmp', '/usr', '/proc']:\n"
        "    subprocess.run(['mount', '-o', 'remount,bind,rw', point], capture_output=True)\n"
        f"targets = {[str(outside['submissions'] / 'escaped.txt'), str(outside['data'] / 'escaped.txt'), str(outside['tmp']), str(outside['shm'])]!r}\n"
        "written = []\n"
        "for target in targets:\n"
        "    try:\n"
        "        with open(target, 'w') as stream:\n"
        "            stream.write('escaped')\n"
        "        written.append(target)\n"
        "    except OSError:\n"
        "        pass\n"
        "print('written:', written)"
    )
    attack("remount_and_write", fill(student, right), reached, after_first=escape)
    # /dev/shm and /tmp: fill them.
    fill_shm = (
        "block = b'x' * 2**20\n"
        "with open('/dev/shm/filler', 'wb') as stream:\n"
        "    for _ in range(4096):\n"
        "        stream.write(block)"
    )
    attack("dev_shm", fill(student, right), reached, after_first=fill_shm, problem="OSError")
    # mmap: shared anonymous memory, which RLIMIT_DATA does not count.
    mapping = (
        "import mmap\n"
        "chunk = b'x' * 2**24\n"
        "region = mmap.mmap(-1, 4 * 2**30)\n"
        "for _ in range(4 * 2**30 // len(chunk)):\n"
        "    region.write(chunk)"
    )
    attack(
        "mmap",
        fill(student, right),
        {ids[0]: reached[ids[0]]} | {i: frozenset({reached[i][0], NOT_REACHED}) for i in ids[1:]},
        after_first=mapping,
        problem="memory",
    )
    # Many processes.
    spawn = (
        "import subprocess\n"
        "children = []\n"
        f"for _ in range({processes}):\n"
        "    children.append(subprocess.Popen(['sleep', '60']))"
    )
    attack("processes", fill(student, right), reached, after_first=spawn, problem="processes")
    # Megabytes of verdict-type output, and of display updates.
    flood = (
        "handle = display('start', display_id=True)\n"
        "for _ in range(40):\n"
        f"    {_forged(ids[0], message='x' * 100_000)}\n"
        "    handle.update('y' * 100_000)"
    )
    attack("output_flood", fill(student, right), reached, after_first=flood, problem="output cut")
    return planned


def main(argv: list[str] | None = None) -> int:
    """Write a class of hand-ins (see the module docstring)."""
    parser = argparse.ArgumentParser(description="Write a class of hand-ins for the class report.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--notebook", default="02", help="course notebook number (02)")
    parser.add_argument("--count", type=int, default=30, help="synthetic learners")
    parser.add_argument("--hostile", action="store_true", help="one notebook per misbehaviour")
    parser.add_argument("--bad-input", action="store_true", help="unreadable and foreign files")
    parser.add_argument("--hand-ins", action="store_true", help="eleven real-world hand-ins")
    parser.add_argument("--attacks", action="store_true", help="one notebook per attack")
    parser.add_argument(
        "--without-a-sandbox",
        action="store_true",
        help="write the attacks even where bubblewrap cannot run (reporting on them would then "
        "really write into data/ and the class folder)",
    )
    args = parser.parse_args(argv)
    if args.attacks and not args.without_a_sandbox:
        from .sandbox import probe

        isolation = probe()
        if not isolation.bwrap:
            parser.error(
                "--attacks: the attack notebooks try to write into data/ and the class folder, "
                f"and this machine cannot sandbox them ({isolation.why_not}); the class report "
                "would run them unsandboxed. Add --without-a-sandbox to write them anyway."
            )
    planned = []
    if args.count or args.hostile or args.bad_input:
        planned += build_class(args.out, args.notebook, args.count, args.hostile, args.bad_input)
    if args.hand_ins:
        planned += hand_ins(args.out, args.notebook)
    if args.attacks:
        outside = {
            "submissions": args.out.resolve(),
            "data": pattern.ROOT / "data",
            "tmp": Path("/tmp/unitevote-escaped.txt"),
            "shm": Path("/dev/shm/unitevote-escaped.txt"),
        }
        planned += attacks(args.out, args.notebook, outside)
    print(f"wrote {len(planned)} hand-ins of notebook {args.notebook} to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

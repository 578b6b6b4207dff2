"""The class report on one class that holds every kind of hand-in it must handle.

One run (a module fixture) of `unitevote.report.run.report` on a folder built by
`unitevote.report.demo` from the student edition of the cheapest course notebook with three or
more exercises (ids always from the course, never typed here):

- real hand-ins, run before saving and then changed as learners change them (a broken early cell,
  a broken check cell, an answer changed and not run again), in Moodle folders, with a renamed
  copy, a notebook from another version, an HTML export and a Jupyter autosave copy;
- one notebook per attack on the report (forged verdicts, a redefined `evaluate`, markup,
  spreadsheet formulas, a malformed record, remounting and writing outside, /dev/shm, mmap,
  hundreds of processes, floods of verdict-type output and display updates);
- the synthetic learners and the misbehaving and unreadable files of the earlier tests.

Notebooks other than the broken-early-cell hand-in are `trimmed` (imports and exercise cells
only): the checks are what the report reads, and the lesson's cells would only cost time. A
second, small run forces the sandbox off and checks that the page says what it lacked.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import html.parser
import re
import secrets
from pathlib import Path

import browser
import nbformat
import pytest
from ci import in_ci

from unitevote.data import DATA_DIR
from unitevote.pattern import ROOT
from unitevote.report import demo, files, run, sandbox
from unitevote.report.course import course_notebooks

pytest_plugins = ["browser"]

# Short limits: the slowest honest cell of a trimmed notebook is a check (the data loaded and
# validated once); an infinite loop is interrupted at the cell limit, and the run goes on. The
# memory limit is small (no trimmed notebook draws a chart) so that the mmap attack reaches it
# well within the cell limit, even on a busy machine.
LIMITS = sandbox.Limits(
    cell_timeout=8,
    notebook_timeout=150,
    memory=768 * 1024**2,
    scratch=64 * 1024**2,
    processes=128,
)
SCREENSHOTS = ROOT / "build" / "screenshots"


def cheapest_notebook() -> str:
    """The course notebook with three or more exercises and the fewest code cells."""
    sizes = {}
    for number, entry in course_notebooks().items():
        if entry.path is not None and len(entry.exercises) >= 3:
            cells = nbformat.read(entry.path, as_version=4).cells
            sizes[number] = sum(1 for cell in cells if cell.cell_type == "code")
    assert sizes, "no course notebook has three exercises"
    return min(sizes, key=sizes.get)


def digest(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder` (links, folders and pipes by name only)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink() or not path.is_file():  # a link, a folder, a pipe: by name only
            found[name] = "link" if path.is_symlink() else "folder" if path.is_dir() else "special"
        else:
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture(scope="module")
def isolation():
    found = sandbox.probe()
    if found.bwrap is None and in_ci():
        pytest.fail(f"CI must run the report in its sandbox: {found.why_not}")
    return found


@pytest.fixture(scope="module")
def class_run(tmp_path_factory, isolation):
    folder = tmp_path_factory.mktemp("class")
    out = tmp_path_factory.mktemp("report")
    number = cheapest_notebook()
    token = secrets.token_hex(4)
    outside = {
        "submissions": folder.resolve(),
        "data": DATA_DIR.resolve(),
        "tmp": Path(f"/tmp/unitevote-escaped-{token}"),
        "shm": Path(f"/dev/shm/unitevote-escaped-{token}"),
    }
    planned = {"hand-ins": demo.hand_ins(folder, number, short=True)}
    # The hand-ins hold every kind of honest answer: no synthetic learner is needed here.
    planned["synthetic"] = demo.build_class(
        folder, number, count=0, hostile=True, bad_input=True, short=True
    )
    if isolation.bwrap:  # an escape without the sandbox would really write to data/
        planned["attacks"] = demo.attacks(folder, number, outside, processes=3 * LIMITS.processes)
    else:
        planned["attacks"] = []
    before = digest(folder), digest(DATA_DIR)
    messages: list[str] = []
    submissions = run.report(folder, out, jobs=4, limits=LIMITS, say=messages.append)
    after = digest(folder), digest(DATA_DIR)
    escaped = [str(path) for path in outside.values() if path.is_file()]
    escaped += [str(p) for p in outside["submissions"].rglob("escaped.txt")]
    escaped += [str(p) for p in DATA_DIR.rglob("escaped.txt")]
    return {
        "number": number,
        "planned": planned,
        "rows": read_csv(out / "results.csv"),
        "summary": read_csv(out / "summary.csv"),
        "page": (out / "report.html").read_text(encoding="utf-8"),
        "out": out,
        "folder": folder,
        "before": before,
        "after": after,
        "escaped": escaped,
        "messages": messages,
        "submissions": submissions,
        "isolation": isolation,
    }


def rows_of(class_run, name: str) -> list[dict]:
    """The results.csv rows of one hand-in (its name as the CSV writes it)."""
    return [row for row in class_run["rows"] if row["submission"] == run.neutral(name)]


def check_plan(class_run, plan: demo.Planned) -> list[str]:
    """Where the report's rows for one planned hand-in differ from the plan."""
    mine = rows_of(class_run, plan.name)
    if not mine:
        return [f"{plan.name}: no row in results.csv"]
    if plan.rejected:
        row = mine[0]
        if len(mine) != 1 or row["status"] != run.NOT_RUN or plan.rejected not in row["problem"]:
            return [f"{plan.name}: {mine} is not set aside for {plan.rejected!r}"]
        return []
    problems = []
    if [r["exercise"] for r in mine] != list(plan.expected):
        problems.append(f"{plan.name}: exercises {[r['exercise'] for r in mine]}")
    for row in mine:
        wanted = plan.expected.get(row["exercise"])
        got = (row["status"], row["misconception"])
        if isinstance(wanted, frozenset) and row["status"] not in wanted:
            problems.append(f"{plan.name} {row['exercise']}: {got} not in {set(wanted)}")
        elif isinstance(wanted, tuple) and got != wanted:
            problems.append(
                f"{plan.name} {row['exercise']}: got {got}, built to show {wanted} "
                f"({row['problem']} | {row['notebook problems']})"
            )
        if row["notebook"] != plan.notebook:
            problems.append(f"{plan.name}: notebook {row['notebook']!r}")
        if plan.learner and row["learner"] != run.neutral(plan.learner):
            problems.append(f"{plan.name}: learner {row['learner']!r}, not {plan.learner!r}")
        note = plan.notes.get(row["exercise"])
        if note and note not in row["problem"]:
            problems.append(f"{plan.name} {row['exercise']}: {row['problem']!r} lacks {note!r}")
        answer = plan.answers.get(row["exercise"])
        if answer and answer not in row["answer"]:
            problems.append(
                f"{plan.name} {row['exercise']}: answer {row['answer']!r} lacks {answer!r}"
            )
    wanted = plan.problem if isinstance(plan.problem, tuple) else (plan.problem,)
    for part in filter(None, wanted):
        if not any(part in r["notebook problems"] for r in mine):
            problems.append(f"{plan.name}: {mine[0]['notebook problems']!r} lacks {part!r}")
    return problems


# --------------------------------------------------------------------------- real hand-ins


def test_real_hand_ins_are_reported_as_built(class_run):
    problems = []
    for plan in class_run["planned"]["hand-ins"]:
        problems += check_plan(class_run, plan)
    assert not problems, "\n".join(problems)


def test_saved_outputs_are_never_read_as_results(class_run):
    """The broken-early-cell hand-in was saved with every check "correct"; run afresh it fails."""
    broken = next(p for p in class_run["planned"]["hand-ins"] if p.problem == "NameError")
    mine = rows_of(class_run, broken.name)
    failed = [r for r in mine if r["status"] == run.CELL_ERROR]
    assert failed, f"every exercise of {broken.name} read as {[r['status'] for r in mine]}"
    for row in failed:
        assert "the answer cell raised NameError" in row["message"], row
        assert "is not defined" in row["message"]
        assert "handed in showed" in row["problem"], row


def test_problems_name_cells_as_the_learner_sees_them(class_run):
    internal = re.compile(r"ipykernel|\.py, line|/tmp/|<ipython-input|\bcell \d+\b")
    for row in class_run["rows"]:
        for column in ("message", "problem", "notebook problems"):
            assert not internal.search(row[column]), (row["submission"], row[column])
    texts = " ".join(r["notebook problems"] for r in class_run["rows"])
    assert "the cell `" in texts and "raised NameError" in texts


def test_every_file_is_accounted_for_and_counts_add_up(class_run):
    submissions = class_run["submissions"]
    found = files.find_all(class_run["folder"])
    assert len(submissions) == len(found)
    line = run.counts_line(submissions, class_run["folder"])
    numbers = [int(n) for n in re.findall(r"(\d+) (?:files|notebooks run|set aside|skipped)", line)]
    total, ran, aside, skipped = numbers
    assert total == ran + aside + skipped, line
    assert skipped >= 1 and aside >= 2, line  # the autosave copy; the HTML export, notes.txt
    assert line.split(" under ")[0] in class_run["page"]
    assert len({r["submission"] for r in class_run["rows"]}) == ran + aside
    for plan in class_run["planned"]["hand-ins"]:
        if plan.rejected:
            assert "ask for the .ipynb" in rows_of(class_run, plan.name)[0]["problem"]
    # A learner's two hand-ins of one notebook: the newest counts, the other says it does not.
    older = {
        r["submission"]
        for r in class_run["rows"]
        if "this one is not counted" in r["problem"] + r["notebook problems"]
    }
    assert older, "no hand-in is shown as an older copy, though the test class holds some"


def test_summary_counts_learners_once(class_run):
    rows = [r for r in class_run["rows"] if r["exercise"]]
    for exercise_id in {r["exercise"] for r in rows}:
        learners = {r["learner"] for r in rows if r["exercise"] == exercise_id}
        counted = sum(
            int(r["learners"])
            for r in class_run["summary"]
            if r["exercise"] == exercise_id and r["kind"] == "status"
        )
        assert counted == len(learners), exercise_id
    # "Who to see": each misconception counts the learners who showed it, each once, however
    # many exercises they showed it in.
    section = class_run["page"].split("Who to see", 1)[1].split("Each learner in a line")[0]
    named = {r["misconception"] for r in rows if r["misconception"]}
    assert named
    for misconception in named:
        entry = re.search(rf"<strong>{re.escape(misconception)}</strong>: (\d+) learner", section)
        assert entry, f"{misconception} missing from who to see"
        holders = {r["learner"] for r in rows if r["misconception"] == misconception}
        assert int(entry[1]) == len(holders), misconception
    several = [p for p in class_run["planned"]["hand-ins"] if p.learner == "Chloe Martin"][0]
    theirs = {w[1] for w in several.expected.values() if isinstance(w, tuple) and w[1]}
    assert len(theirs) >= 1 and all(
        "Chloe Martin" in section.split(f"<strong>{m}</strong>")[1].split("</li>")[0]
        for m in theirs
    )


def test_each_learner_has_a_line_and_answers_are_shown(class_run):
    page = class_run["page"]
    for plan in class_run["planned"]["hand-ins"]:
        if not plan.rejected:
            assert f"<li><strong>{plan.learner}</strong>" in page, plan.learner
    shown = [r for r in class_run["rows"] if r["status"] in ("not yet", "wrong type")]
    assert shown and all(r["answer"] for r in shown)


# --------------------------------------------------------------------------- attacks


def attack_rows(class_run, label: str) -> list[dict]:
    plans = [p for p in class_run["planned"]["attacks"] if f"attack_{label}" in p.name]
    if not plans:
        pytest.skip("the attacks run only inside the sandbox (bubblewrap is not available here)")
    return rows_of(class_run, plans[0].name)


def test_attacks_are_reported_as_built(class_run):
    if not class_run["planned"]["attacks"]:
        pytest.skip("the attacks run only inside the sandbox (bubblewrap is not available here)")
    problems = []
    for plan in class_run["planned"]["attacks"]:
        if plan.problem == "processes" and class_run["isolation"].process_mode is None:
            # Nothing limits processes here (root without control groups): the attack's
            # processes all start, and test_memory_and_processes_are_bounded says so.
            plan = dataclasses.replace(plan, problem="")
        problems += check_plan(class_run, plan)
    assert not problems, "\n".join(problems)


def test_forged_verdicts_are_not_believed(class_run):
    for label in ("forged_record", "redefined_evaluate"):
        rows = attack_rows(class_run, label)
        assert {r["status"] for r in rows} == {"not answered"}, (label, rows)
        assert any("tampering" in r["problem"] for r in rows), label


def test_nothing_escapes_the_sandbox(class_run):
    attack_rows(class_run, "remount_and_write")
    assert not class_run["escaped"], f"written outside the sandbox: {class_run['escaped']}"
    for label, before, after in zip(
        ("submissions", "data/"), class_run["before"], class_run["after"], strict=True
    ):
        assert before == after, f"the report changed {label}"


def test_memory_and_processes_are_bounded(class_run):
    isolation = class_run["isolation"]
    mmap = " ".join(r["notebook problems"] for r in attack_rows(class_run, "mmap"))
    assert "memory limit" in mmap or "MemoryError" in mmap or "Cannot allocate" in mmap, mmap
    shm = " ".join(r["notebook problems"] for r in attack_rows(class_run, "dev_shm"))
    assert "No space left" in shm, shm
    assert not Path("/dev/shm/filler").exists()
    processes = " ".join(r["notebook problems"] for r in attack_rows(class_run, "processes"))
    if isolation.process_mode is None:
        pytest.skip(f"no process limit on this machine: {isolation.groups_note}")
    assert "limit on processes" in processes, processes


def test_every_output_type_counts_towards_the_cap(class_run):
    rows = attack_rows(class_run, "output_flood")
    assert "output cut" in rows[0]["notebook problems"]


class Tags(html.parser.HTMLParser):
    """Every start tag of a page, with its attributes."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_submission_text_is_never_markup(class_run):
    attack_rows(class_run, "markup")
    parser = Tags()
    parser.feed(class_run["page"])
    handlers = [(t, a) for t, a in parser.tags if any(k.startswith("on") for k in a)]
    assert not handlers, handlers
    assert not [t for t, _ in parser.tags if t in ("svg", "img", "iframe", "object")]
    scripts = [a for t, a in parser.tags if t == "script"]
    assert scripts == [{"src": "vega-bundle.js"}, {"type": "application/json", "id": "specs"}, {}]
    assert "&lt;script&gt;alert(2)" in class_run["page"]


def test_spreadsheet_formulas_are_neutralised(class_run):
    rows = attack_rows(class_run, "formula")
    for name in ("results.csv", "summary.csv"):
        with open(class_run["out"] / name, encoding="utf-8", newline="") as stream:
            for row in csv.reader(stream):
                starts = [field for field in row if field.startswith(run.FORMULA_START)]
                assert not starts, (name, starts)
    # The learner's name (from the LMS folder) begins with "=": it is kept, behind a quote.
    assert rows[0]["learner"].startswith("'=HYPERLINK"), rows[0]["learner"]


def test_a_malformed_record_is_one_line(class_run):
    rows = attack_rows(class_run, "malformed_record")
    assert all(r["status"] != run.NOT_REACHED for r in rows)
    assert (
        sum("malformed verdict record" in p for p in rows[0]["notebook problems"].split("; ")) == 1
    )


# --------------------------------------------------------------------------- earlier cases


def test_synthetic_learners_misbehaviour_and_bad_input(class_run):
    problems = []
    for plan in class_run["planned"]["synthetic"]:
        problems += check_plan(class_run, plan)
    assert not problems, "\n".join(problems)


def test_protections_are_stated(class_run):
    isolation = class_run["isolation"]
    page = class_run["page"]
    for item in isolation.protections(LIMITS):
        assert f"<td>{item.name}</td>" in page
    assert any(isolation.summary() in line for line in class_run["messages"])
    if isolation.bwrap:
        assert "NOT held" not in page.split("What each status means")[0] or not isolation.groups


def test_without_a_sandbox_the_report_runs_and_says_so(tmp_path):
    folder, out = tmp_path / "class", tmp_path / "out"
    number = cheapest_notebook()
    planned = demo.build_class(folder, number, count=1, short=True)
    forced = sandbox.unisolated("forced off by the test")
    run.report(folder, out, jobs=1, limits=LIMITS, say=lambda *_: None, isolation=forced)
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "NO sandbox (forced off by the test)" in page
    for name in ("network", "files", "privileges"):
        assert re.search(rf"<td>{name}</td><td class=\"lacking\">NOT held</td>", page), name
    rows = read_csv(out / "results.csv")
    assert [(r["status"], r["misconception"]) for r in rows] == list(planned[0].expected.values())


def test_pseudonyms_hide_names_and_are_stable(class_run, tmp_path):
    from unitevote.report.page import write_page

    submissions = class_run["submissions"]
    names = {p.learner for p in class_run["planned"]["hand-ins"] if p.learner}
    run.name_learners(submissions, use_pseudonyms=True)
    try:
        rows = run.result_rows(submissions, use_pseudonyms=True)
        # The course as this run read it (the page matches hand-ins to these very entries).
        course = {s.entry.number: s.entry for s in submissions if s.entry is not None}
        summary = run.summary_rows(submissions, course)
        write_page(
            tmp_path,
            tmp_path,
            submissions,
            summary,
            course,
            None,
            class_run["isolation"],
            LIMITS,
            True,
            class_run["folder"],
        )
        page = (tmp_path / "report.html").read_text(encoding="utf-8")
    finally:
        run.name_learners(submissions, use_pseudonyms=False)
    text = " ".join(" ".join(row.values()) for row in rows)
    assert not [name for name in names if name in text or name in page]
    chosen = files.pseudonyms(names)
    assert chosen == files.pseudonyms(sorted(names, reverse=True))
    assert len(set(chosen.values())) == len(names)
    missing = [name for name in names if files.pseudonym(name) not in page]
    assert not missing, [(name, files.pseudonym(name)) for name in missing]


def test_a_failed_run_leaves_no_file_that_looks_current(tmp_path, monkeypatch):
    folder, out = tmp_path / "class", tmp_path / "out"
    folder.mkdir()
    (folder / "notes.txt").write_text("no notebook here\n", encoding="utf-8")
    out.mkdir()
    for name in run.OUTPUTS:
        (out / name).write_text("from the previous run\n", encoding="utf-8")

    def broken(*args, **kwargs):
        raise RuntimeError("the page could not be written")

    monkeypatch.setattr("unitevote.report.page.write_page", broken)
    with pytest.raises(RuntimeError):
        run.report(folder, out, say=lambda *_: None, isolation=sandbox.unisolated("test"))
    assert not [name for name in run.OUTPUTS if (out / name).exists()]


def test_page_opens_offline_and_fits_1280_pixels(class_run, chromium):
    """In the session's shared headless Chromium (tests/browser.py), from file://."""
    out = class_run["out"]
    allowed = out.resolve().as_uri() + "/"
    blocked, errors = [], []
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
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
        charts = browser.chart_report(page) or []
        width = page.evaluate("document.documentElement.scrollWidth")
        text = page.inner_text("body")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "class_report.png"), full_page=True)
    finally:
        context.close()
    assert not blocked, f"the page asked for files outside its folder: {blocked}"
    assert not errors, errors
    assert len(charts) >= 2, f"{len(charts)} charts drawn"
    assert not browser.chart_problems(charts), browser.chart_problems(charts)  # marks drawn
    assert width <= 1280, f"the page is {width} px wide: something runs off a 1280-px screen"
    for plan in class_run["planned"]["hand-ins"]:
        assert plan.learner in text, f"{plan.learner} is missing from the page"


def test_bad_folders_get_one_clear_line(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run.main([str(empty), "--out", str(tmp_path / "out"), "--quiet"]) == 1
    assert "no .ipynb files" in capsys.readouterr().out
    assert (tmp_path / "out" / "report.html").exists()
    assert run.main([str(tmp_path / "missing"), "--out", str(tmp_path / "out")]) == 2
    assert "does not exist" in capsys.readouterr().err

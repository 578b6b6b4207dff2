"""The offline site's answer boxes judge as the Python check does: parity, for every exercise.

Each notebook page of the site (tools/build_site.py) has, under each exercise's check cell, an
answer box that assets/answers.js judges in the page, from data the build exports from the
exercise registry (`unitevote.siteexport`). Everything here is derived from the registry, so an
exercise added or renumbered is covered with no change to this file:

- static: every registered exercise has its box (or, for a chart, a note that JupyterLab
  checks it) on its notebook's page, once, with the page's data for it;
- parity in headless Chromium (tests/browser.py: a loopback-only namespace, every request off
  the page's origin aborted): for EVERY exercise, the expected value (as computed and as a
  learner would round it), each misconception's value, and answers that are not the answer
  (not answered, a plain wrong value at each rung of the hint ladder, the wrong type, a whole
  number's fractional part, a fraction for a percentage, a set half right, a base the check
  cannot read ...) get the same status, misconception and message from the page's judge
  (`ReadingTheVote.judge`, driven directly) as from `unitevote.checks.evaluate` (cases from
  tests/exercise_cases.py); the same for kinds and options the registry may not use yet (a
  share with its base, a tolerance), on synthetic exercises;
- reading typed text: what a learner types is read as the Python value it stands for;
- by keyboard: on every notebook page, one exercise answered through its box (found by its
  accessible name "Answer to exercise NN.k"; typed, then Enter, or Tab to Check and Space), the
  polite live region saying exactly what `unitevote.check` prints; on notebook 02 the box climbs
  the whole hint ladder first (wrong, the same again, wrong otherwise, a misconception, wrong
  once more, right) and the page's count of tries in localStorage matches `check`'s; then
  axe-core finds no serious or critical violation in the boxes with verdicts shown; and one box
  from file://, with no server. Screenshots: build/screenshots/site_answer_correct.png and
  site_answer_misconception.png.

The site here is built once for the module without the chart scripts (a stub stands in for
vl-convert's bundle, which takes seconds to make): tests/test_site.py checks the charts, and axe
on every page, on the full build.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import browser  # tests/browser.py (tests/conftest.py makes it importable)
import pytest
from exercise_cases import cases, plain_wrongs, specs_built_once  # noqa: F401 (a fixture)

from tools import build_site
from unitevote import checks, pattern, siteexport
from unitevote.pattern import ROOT

pytest_plugins = ["browser"]

SCREENSHOTS = ROOT / "build" / "screenshots"
# Stands in for vega, vega-lite and vega-embed: charts draw nothing, and fail no page.
STUB_CHARTS = "window.vegaEmbed = function () { return Promise.resolve({ view: null }); };\n"
STUB_VERSIONS = {
    "vega": "stub",
    "vega-lite": "stub",
    "vega-embed": "stub",
    "vl-convert-python": "stub",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("answers-site") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build_site, "chart_script", lambda: (STUB_CHARTS, STUB_VERSIONS))
        build_site.build(out)
    return out


def _notebook_pages(site: Path) -> dict[str, Path]:
    """Notebook prefix ("02") -> its page."""
    return {path.stem[:2]: site / f"{path.stem}.html" for path in pattern.notebook_paths()}


def _page_data(page: Path) -> dict:
    text = page.read_text(encoding="utf-8")
    start = text.index(f'<script type="application/json" id="{build_site.EXERCISE_DATA_ID}">')
    body = text[start:].split(">", 1)[1].split("</script>", 1)[0]
    return json.loads(body)


# --------------------------------------------------------------------------- the cases


# --------------------------------------------------------------------------- static


def test_every_exercise_has_its_box_on_its_page(site):
    pages = _notebook_pages(site)
    registered = sorted(checks.REGISTRY, key=checks.exercise_key)
    assert registered, "no exercises registered"
    for exercise_id in registered:
        prefix = exercise_id.split(".")[0]
        assert prefix in pages, f"{exercise_id}: no notebook {prefix}_*.ipynb"
        text = pages[prefix].read_text(encoding="utf-8")
        kind = checks.spec_of(exercise_id).kind
        slug = exercise_id.replace(".", "-")
        if kind == "chart":
            assert text.count(f'class="answer-chart" id="answer-{slug}"') == 1, exercise_id
        else:
            assert text.count(f'data-exercise="{exercise_id}"') == 1, f"{exercise_id}: no box"
            assert f">Answer to exercise {exercise_id}</label>" in text, exercise_id
    for prefix, page in pages.items():
        data = _page_data(page)
        assert list(data["exercises"]) == checks.notebook_exercises(prefix), page.name
        assert 'src="assets/answers.js"' in page.read_text(encoding="utf-8"), page.name


# --------------------------------------------------------------------------- what is asked


def _plan(exercise_ids: list[str]) -> list[tuple]:
    """(id, what, answer, tries, Python's Feedback) for every case of `exercise_ids`."""
    return [
        (exercise_id, what, answer, tries, checks.evaluate(exercise_id, answer, tries))
        for exercise_id in exercise_ids
        for what, answer, tries in cases(exercise_id)
    ]


def _differences(plan: list[tuple], verdicts: list[dict]) -> list[str]:
    problems = []
    for (exercise_id, what, answer, tries, python), js in zip(plan, verdicts, strict=True):
        want = {"status": python.status, "message": python.message,
                "misconception": python.misconception}  # fmt: skip
        if js != want:
            problems.append(f"{exercise_id} {what} {answer!r} (tries {tries}):")
            problems.append(f"  python {want}\n  page   {js}")
    return problems


# Kinds and options the registry may not use yet, judged both ways all the same: a share given
# with its base (other bases, a (value, base words) misconception), and a number judged by a
# tolerance rather than a precision. Ids in a notebook "99" that does not exist.
SYNTHETIC = {
    "99.1": lambda: checks.Exercise(
        kind="based",
        expected={"valid votes": 37.699716622397325, "papers returned": 37.61347434895728},
        other_bases={"members": 3.7648, "papers despatched": 11.0437},
        decimals=1,
        unit="percent",
        misconceptions=(
            checks.Misconception(checks.WRONG_DENOMINATOR, (11.0, "papers sent"), "a base hint"),
            checks.Misconception("a made-up slip", 50.0, "a made-up hint"),
        ),
        hint="the idea",
        step_hint="the step",
    ),
    "99.2": lambda: checks.Exercise(
        expected=3.14159,
        tolerance=0.01,
        misconceptions=(checks.Misconception(checks.ROUNDED_TOO_EARLY, 3.0),),
        hint="the idea",
    ),
}


def as_typed_text(kind: str, answer) -> str:
    """What a learner types in the box for `answer` (numbers as Python prints them)."""
    if kind == "set":
        return ", ".join(answer)
    if kind == "based" and isinstance(answer, tuple):
        return f"{answer[0]!r}, {answer[1]}"
    return answer if isinstance(answer, str) else repr(answer)


# Typed text, the exercise kind, and the Python value it stands for: the lenient readings.
READINGS = [
    ("12.3", "number", 12.3), ("  -7 ", "number", -7), ("1,062,049", "number", 1062049),
    ("1_000", "number", 1000), (".5", "number", 0.5), ("1e-3", "number", 0.001),
    ("12.", "number", 12.0), ("12.3%", "number", "12.3%"), ("'12.3'", "number", "12.3"),
    ("12,3", "number", "12,3"), ("1e999", "number", "1e999"), ("...", "number", ...),
    ("PA", "text", "PA"), ('"PA Media"', "text", "PA Media"), ("12", "text", "12"),
    ("a, b", "set", ["a", "b"]), ("['C001', 'C002']", "set", ["C001", "C002"]),
    ("Les Bayliss", "set", ["Les Bayliss"]), ("37.7, valid votes", "based", (37.7, "valid votes")),
    ("(37.7, 'valid votes')", "based", (37.7, "valid votes")), ("37.7", "based", 37.7),
    ("1,241,470 members", "based", (1241470, "members")), ("valid", "based", "valid"),
]  # fmt: skip


def _printed_by_check(exercise_id: str, answers: list) -> tuple[list[str], int]:
    """What `unitevote.check` prints for each answer in turn, and the tries `progress` counts."""
    checks.SESSION.pop(exercise_id, None)
    printed = []
    try:
        for answer in answers:
            with contextlib.redirect_stdout(io.StringIO()) as out:
                checks.check(exercise_id, answer)
            printed.append(out.getvalue().strip())
        return printed, checks.SESSION[exercise_id].tries
    finally:
        checks.SESSION.pop(exercise_id, None)


def _as_a_learner_rounds(exercise_id: str, answer):
    """`answer` rounded to the question's precision, if that changes nothing of its verdict."""
    spec = checks.spec_of(exercise_id)
    if spec.kind != "number" or spec.decimals is None or not isinstance(answer, float):
        return answer
    short = round(answer, spec.decimals)
    same = checks.evaluate(exercise_id, short) == checks.evaluate(exercise_id, answer)
    return short if same else answer


def _keyboard_answers(exercise_id: str) -> list:
    """Wrong, the same again, wrong otherwise, a misconception, wrong once more, then right:
    every rung of the hint ladder, the same answer not climbing, a misconception not laddered."""
    first, second, third = (plain_wrongs(exercise_id) * 3)[:3]
    found = [(what, _as_a_learner_rounds(exercise_id, a)) for what, a, _ in cases(exercise_id)]
    misconceptions = [
        answer
        for what, answer in found
        if what.startswith("misconception")
        and checks.evaluate(exercise_id, answer).status == checks.MISCONCEPTION
    ]
    right = next(a for _, a in found if checks.evaluate(exercise_id, a).status == checks.CORRECT)
    return [first, first, second, (misconceptions or [third])[0], third, right]


def _keyboard_exercise(prefix: str) -> str | None:
    """The notebook's first exercise with a box (a chart has none), or None."""
    return next(
        (k for k in checks.notebook_exercises(prefix) if checks.spec_of(k).kind != "chart"),
        None,
    )


# The page whose box climbs the whole ladder and meets axe-core (the others: the right answer).
LADDER_PAGE = "02"


# --------------------------------------------------------------------------- in a browser

JUDGE_ALL = """([cases, extra]) => {
  const data = window.ReadingTheVote.data();
  const exercises = Object.assign({}, data.exercises, extra);
  return cases.map((c) => window.ReadingTheVote.judge(exercises[c.id], c.answer, c.tries,
                                                      data));
}"""
READ_ALL = """(cases) => cases.map((c) => window.ReadingTheVote.read(c.text, c.kind))"""
# The live region, once the page has put its verdict there: what a screen reader announces.
VERDICT_JS = """(id) => {
  const el = document.getElementById(id);
  return el.hasAttribute('data-status') && { text: el.textContent, role: el.getAttribute('role'),
    live: el.getAttribute('aria-live'), status: el.getAttribute('data-status') };
}"""
STORED_JS = "(id) => JSON.parse(localStorage.getItem('reading-the-vote/answer/' + id))"
# axe-core over the answer boxes only (test_site.py runs it over every whole page, as loaded).
AXE_ON_FORMS = """(tags) => axe.run({ include: [['form.answer-form']] },
  { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })"""


def _judge_in_page(page, plan: list[tuple], extra: dict | None = None) -> list[dict]:
    """The page's verdict for each planned case (`extra`: exercise data it does not embed)."""
    asked = [{"id": e, "answer": siteexport.typed(a), "tries": t} for e, _, a, t, _ in plan]
    return page.evaluate(JUDGE_ALL, [asked, extra or {}])


def _answer_by_keyboard(page, exercise_id: str, text: str, with_button: bool) -> dict:
    """Type `text` in the exercise's box (found by its accessible name) and check it with Enter,
    or by tabbing to the Check button and pressing Space; the live region's verdict."""
    box = page.get_by_role("textbox", name=f"Answer to exercise {exercise_id}", exact=True)
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    if with_button:
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Check"
        page.keyboard.press("Space")
    else:
        page.keyboard.press("Enter")
    verdict_id = f"answer-{exercise_id.replace('.', '-')}-verdict"
    return page.wait_for_function(VERDICT_JS, arg=verdict_id, timeout=5000).json_value()


def _keyboard(page, prefix: str) -> dict | None:
    """One exercise of the page answered through its box by keyboard (the whole ladder on
    LADDER_PAGE), with what `check` prints for the same answers; screenshots of a right answer
    and a misconception on LADDER_PAGE."""
    exercise_id = _keyboard_exercise(prefix)
    if exercise_id is None:
        return None
    kind = checks.spec_of(exercise_id).kind
    answers = _keyboard_answers(exercise_id)
    answers = answers if prefix == LADDER_PAGE else answers[-1:]
    printed, tries = _printed_by_check(exercise_id, answers)
    form = page.locator(f"#answer-{exercise_id.replace('.', '-')}-form")
    shown = []
    for step, answer in enumerate(answers):
        text = as_typed_text(kind, answer)
        shown.append(_answer_by_keyboard(page, exercise_id, text, with_button=step == 2))
        if prefix == LADDER_PAGE and shown[-1]["status"] in ("correct", "misconception"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            form.screenshot(path=str(SCREENSHOTS / f"site_answer_{shown[-1]['status']}.png"))
    return {"id": exercise_id, "answers": answers, "printed": printed, "tries": tries,
            "shown": shown, "stored": page.evaluate(STORED_JS, exercise_id)}  # fmt: skip


@pytest.fixture(scope="module")
def served(site, netns, tmp_path_factory):
    with browser.static_server(site, tmp_path_factory.mktemp("answers-server"), netns) as origin:
        yield origin


@pytest.fixture(scope="module")
def visits(site, served, chromium) -> dict[str, dict]:
    """Every notebook page visited once, in one browser page (a page of its own per notebook
    cost more than the work done in it), and everything the checks below need from it:

    - "plan" and "judged": every case of the page's exercises, Python's verdict and the page's;
    - "keyboard": one exercise answered through its box (`_keyboard`);
    - on the first page, "readings" (typed text as the page reads it) and the synthetic
      exercises' "synthetic_plan" and "synthetic_judged";
    - on LADDER_PAGE, "axe": axe-core's violations in the boxes with their verdicts shown;
    - "trouble": the page's errors, requests that left the origin, requests that failed.
    """
    from test_site import AXE_TAGS, _axe_script  # the site's own axe-core set-up

    op = browser.offline_page(chromium, served)
    found = {}
    try:
        for prefix, path in _notebook_pages(site).items():
            for recorded in (op.blocked, op.errors, op.failed):
                recorded.clear()
            op.page.goto(f"{served}/{path.name}", wait_until="commit")
            op.page.wait_for_selector("html[data-answers-ready]", timeout=20_000)
            judged = [k for k in checks.notebook_exercises(prefix)
                      if checks.spec_of(k).kind != "chart"]  # fmt: skip
            visit = {"exercises": judged, "plan": _plan(judged)}
            visit["judged"] = _judge_in_page(op.page, visit["plan"])
            if not found:
                visit["readings"] = op.page.evaluate(
                    READ_ALL, [{"text": t, "kind": k} for t, k, _ in READINGS]
                )
                checks.REGISTRY.update(SYNTHETIC)
                try:
                    visit["synthetic_plan"] = _plan(sorted(SYNTHETIC))
                    extra = {key: siteexport.exercise_data(key) for key in SYNTHETIC}
                    visit["synthetic_judged"] = _judge_in_page(
                        op.page, visit["synthetic_plan"], extra
                    )
                finally:
                    for key in SYNTHETIC:
                        checks.REGISTRY.pop(key, None)
            visit["keyboard"] = _keyboard(op.page, prefix)
            if prefix == LADDER_PAGE:
                script, version = _axe_script()
                op.page.add_script_tag(content=script)
                visit["axe"] = (version, op.page.evaluate(AXE_ON_FORMS, AXE_TAGS)["violations"])
            visit["trouble"] = {"errors": list(op.errors), "left the origin": list(op.blocked),
                                "failed": list(op.failed)}  # fmt: skip
            found[prefix] = visit
    finally:
        op.close()
    return found


@pytest.mark.browser
def test_the_page_judges_every_exercise_as_python_does(visits):
    compared, exercises, problems = 0, 0, []
    for visit in visits.values():
        exercises += len(visit["exercises"])
        compared += len(visit["plan"])
        problems += _differences(visit["plan"], visit["judged"])
    print(f"{exercises} exercises, {compared} answers judged the same in Python and in the page")
    assert not problems, f"{len(problems) // 2} of {compared} differ:\n" + "\n".join(problems[:40])
    assert exercises == sum(1 for k in checks.REGISTRY if checks.spec_of(k).kind != "chart")


@pytest.mark.browser
def test_the_page_judges_kinds_not_yet_in_the_registry_as_python_does(visits):
    first = next(iter(visits.values()))
    plan, judged = first["synthetic_plan"], first["synthetic_judged"]
    assert len(plan) > 20
    problems = _differences(plan, judged)
    assert not problems, "\n".join(problems[:40])


@pytest.mark.browser
def test_typed_text_reads_as_the_python_value_it_stands_for(visits):
    read = next(iter(visits.values()))["readings"]
    for (text, kind, value), got in zip(READINGS, read, strict=True):
        assert got == siteexport.typed(value), f"{text!r} ({kind}): {got}"


@pytest.mark.browser
def test_each_page_answers_by_keyboard_as_check_prints(visits):
    """One exercise per notebook page, through its box, by keyboard, against `check`'s output."""
    assert visits[LADDER_PAGE]["keyboard"] is not None, "no box on the ladder page"
    for visit in visits.values():
        done = visit["keyboard"]
        if done is None:
            continue
        for step, (answer, printed, shown) in enumerate(
            zip(done["answers"], done["printed"], done["shown"], strict=True)
        ):
            assert (shown["role"], shown["live"]) == ("status", "polite"), shown
            assert shown["text"] == printed, f"{done['id']} step {step}: {answer!r}"
        assert done["stored"]["tries"] == done["tries"], f"{done['id']}: {done['stored']}"
    statuses = {shown["status"] for shown in visits[LADDER_PAGE]["keyboard"]["shown"]}
    assert {"correct", "misconception", "incorrect"} <= statuses, statuses


@pytest.mark.browser
def test_boxes_with_verdicts_pass_axe(visits):
    version, found = visits[LADDER_PAGE]["axe"]
    serious = [v["id"] for v in found if v["impact"] in ("serious", "critical")]
    assert not serious, f"axe-core {version} with verdicts shown: {serious}"


@pytest.mark.browser
def test_pages_stay_offline_and_error_free(visits):
    for prefix, visit in visits.items():
        for what, items in visit["trouble"].items():
            assert not items, f"notebook {prefix}: {what}: {items}"


@pytest.mark.browser
def test_answers_are_checked_from_file_urls(site, chromium, tmp_path):
    """Opened from a folder (file://), with no server: a box still judges."""
    folder = tmp_path / "usb stick"
    shutil.copytree(site, folder)
    prefix = next(p for p in _notebook_pages(folder) if _keyboard_exercise(p))
    exercise_id = _keyboard_exercise(prefix)
    right = _keyboard_answers(exercise_id)[-1]
    page = browser.offline_page(chromium, "file://")
    try:
        page.page.goto(_notebook_pages(folder)[prefix].as_uri(), wait_until="commit")
        page.page.wait_for_selector("html[data-answers-ready]", timeout=20_000)
        kind = checks.spec_of(exercise_id).kind
        shown = _answer_by_keyboard(page.page, exercise_id, as_typed_text(kind, right), False)
        assert shown["text"] == checks.evaluate(exercise_id, right).message
        assert not page.errors and not page.blocked and not page.failed
    finally:
        page.close()

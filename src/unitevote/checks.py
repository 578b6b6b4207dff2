"""Self-checking exercises: `check("02.3", answer)` shows short feedback; `progress("02")` sums up.

Each exercise is registered by a factory that computes the expected value from `data/` when the
check runs (never a typed-in number). A factory may also name misconceptions: the wrong answer
a particular misunderstanding produces, and a hint that points at the idea without giving the
answer away. The exercise modules live in `unitevote.exercises`.

Kinds of answer (`Exercise.kind`):

- "number": judged at the precision the question asks for (`decimals`): an answer "to one
  decimal" is correct when it rounds, half up, to the same one-decimal value as the exact
  answer, so 12.2 and 12.247 pass where 12.3 does not. A count (`integer=True`) must be whole.
- "text" (case and spaces ignored; `expected` may be a set of accepted spellings) and "set" (a
  collection of texts, order ignored).
- "based": a number given with the base it was computed on, `(37.7, "valid votes")`. The
  exercise lists the bases it accepts, each with its value; the answer is right only when the
  value is right for the base it names (see `BASES` for the words each base may be named by).
- "chart": an Altair chart, judged from its own specification (`unitevote.chartcheck`).

A wrong answer climbs a ladder of hints: the first "not yet" gives the exercise's `hint` (the
idea), the next a more concrete `step_hint` (which table or column, which step), and from the
third on a pointer to the worked solution. Only a changed answer climbs: running the same cell
again does not. Named misconceptions always give their own message.

What the learner reads is one line of text (a chart exercise shows the learner's chart above
it). Beside it, in the same output, `check` puts a small machine-readable record of the verdict
(mime type `pattern.CHECK_MIME`). `plain(answer)` is the answer as plain data (JSON): the class
report carries it out of a learner's kernel and judges it with `evaluate` in its own process,
which gives the same verdict for `plain(answer)` as for `answer`.
"""

from __future__ import annotations

import math
import numbers
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext

from . import bases, chartcheck
from .data import state as data_state
from .display import wrapped
from .pattern import CHECK_MIME

# The misconceptions the course diagnoses, with the hint a learner sees. Exercise modules use
# these names so that the same misunderstanding gets the same words everywhere.
WRONG_DENOMINATOR = "the wrong denominator"
POINTS_FOR_PERCENT = "percentage points where a percent change was asked"
PERCENT_FOR_POINTS = "a percent change where percentage points were asked"
ROUNDED_TOO_EARLY = "rounding too early"
FRACTION_FOR_PERCENT = "a fraction where a percentage was asked"
FORGOT_SPOILED = "forgetting the spoiled papers"
UNNAMED_BASE = "a share with no base named"
TOO_FEW_DECIMALS = "fewer decimals than the question asks"
RELATIVE_FOR_GAP = "a relative change where the gap between two percentages was asked"
WRONG_WAY_ROUND = "subtracting the wrong way round"  # each exercise says which way is right
BASE_MISMATCH = "a value computed on another base than the one named"

HINTS = {
    WRONG_DENOMINATOR: "a share is only meaningful with its base. Re-read which total the question divides by: "
    "valid votes, all papers returned (valid + spoiled), or ballot papers despatched.",
    POINTS_FOR_PERCENT: "you subtracted the two percentages. A percent change compares the difference with the "
    "starting value.",
    PERCENT_FOR_POINTS: "you computed a relative change. Percentage points are the plain difference between two "
    "percentages.",
    ROUNDED_TOO_EARLY: "you worked from rounded figures. Compute from the raw counts and round only the final answer.",
    FRACTION_FOR_PERCENT: "your answer looks like a fraction of 1. The question asks for a percentage (0 to 100).",
    FORGOT_SPOILED: "the total of papers returned includes the spoiled papers as well as the candidates' votes.",
    UNNAMED_BASE: "the number fits one base, but a share means nothing until its base is named. Give the value "
    "and the base together, for example (12.3, 'valid votes').",
    RELATIVE_FOR_GAP: "you divided the difference by one of the shares. The question asks for the "
    "plain gap between the two percentages.",
    TOO_FEW_DECIMALS: "your answer is the right figure, rounded to fewer decimals than the "
    "question asks. Give it to the precision the question states.",
    BASE_MISMATCH: "your value is a share of a different total from the base you named. Either the division or "
    "the name is off: which total did you divide by?",
    **chartcheck.HINTS,
}
# The shared chart misconceptions, importable from here like the numeric ones.
QUANTITY_AS_CATEGORY = chartcheck.QUANTITY_AS_CATEGORY
WRONG_FIELD = chartcheck.WRONG_FIELD
NOT_RANKED = chartcheck.NOT_RANKED
TRUNCATED_AXIS = chartcheck.TRUNCATED_AXIS
SHARE_WITHOUT_BASE = chartcheck.SHARE_WITHOUT_BASE
NO_TITLE = chartcheck.NO_TITLE
WRONG_ROWS = chartcheck.WRONG_ROWS
OUT_OF_ORDER = chartcheck.OUT_OF_ORDER
BASE_NOT_SHOWN = chartcheck.BASE_NOT_SHOWN
STALE_WORDS = chartcheck.STALE_WORDS
ChartSpec = chartcheck.ChartSpec
Channel = chartcheck.Channel

# The bases a share can be computed on, and the words that name each: `unitevote.bases`.
BASES = bases.BASES
AMBIGUOUS = bases.AMBIGUOUS

AMBIGUOUS_BASE = (
    "Those words fit two totals: the valid votes (the votes for the candidates) and all the "
    "papers returned (spoiled ones included). Name the one you divided by."
)

# The third rung of every hint ladder: where a learner who stays stuck can go.
SOLUTION_POINTER = (
    "Still stuck? Open the worked solution folded under this exercise (the self-study edition "
    "has one under every exercise; in class, ask your teacher), read it, then close it and "
    "answer in your own words."
)


@dataclass(frozen=True)
class Misconception:
    name: str
    value: object
    hint: str = ""

    @property
    def advice(self) -> str:
        return self.hint or HINTS.get(self.name, "")


@dataclass(frozen=True)
class Exercise:
    """What a correct answer is, and which wrong answers mean what.

    kind: "number", "text" (case and spaces ignored; `expected` may be a set of accepted
    spellings), "set" (a collection of texts, order ignored), "based" (`expected` maps each
    accepted base, a key of `BASES`, to its value; `other_bases` gives the values on bases the
    question does not accept, so a mismatch can be named) or "chart" (`expected` is a
    `ChartSpec`).

    For numbers, `decimals` is the precision the question asks for ("to one decimal": 1; a
    whole number: 0); the answer and each misconception are compared at that rounding.
    `integer=True` means a count of people or papers: a fractional answer is flagged.
    `hint` (the idea) and `step_hint` (which table, column or step) are the first two rungs of
    the hint ladder; the third is `SOLUTION_POINTER`.
    `transfer` says, for teachers and the closing notes, what the exercise transfers the
    worked example to (another year, candidate, base or source).
    """

    expected: object
    kind: str = "number"
    decimals: int | None = None
    integer: bool = False
    unit: str = ""
    misconceptions: tuple[Misconception, ...] = ()
    hint: str = "Check the question once more: which numbers does it combine, and how?"
    step_hint: str = ""
    explanation: str = ""
    transfer: str = ""
    tolerance: float = 0.0  # only where `decimals` is None (text and set exercises ignore it)
    other_bases: dict = field(default_factory=dict)  # "based": values on bases not accepted
    # The form of answer, in words, where the kind's own words would mislead (a claim id, a date):
    # "a date as text, for example '2017-04-21'".
    example: str = ""

    @property
    def hints(self) -> tuple[str, ...]:
        """The hint ladder: the idea, the concrete step, the pointer to the worked solution."""
        return tuple(text for text in (self.hint, self.step_hint) if text) + (SOLUTION_POINTER,)


# A check's verdicts (`Feedback.status`), defined once, and the words each reader sees for them:
# the learner's `progress` table and the teacher's class report.
CORRECT = "correct"
MISCONCEPTION = "misconception"
INCORRECT = "incorrect"
UNANSWERED = "unanswered"
WRONG_TYPE = "wrong type"
STATUSES = (CORRECT, MISCONCEPTION, INCORRECT, WRONG_TYPE, UNANSWERED)
PROGRESS_STATUS = {
    CORRECT: "correct",
    MISCONCEPTION: "not yet",
    INCORRECT: "not yet",
    WRONG_TYPE: "not yet",
    UNANSWERED: "not attempted",
}
REPORT_STATUS = {
    CORRECT: "correct",
    MISCONCEPTION: "misconception",
    INCORRECT: "not yet",
    WRONG_TYPE: "wrong type",
    UNANSWERED: "not answered",
}
# The verdicts that climb the hint ladder: a plain "not yet". A named misconception has its own
# message (the learner has had help), and a wrong type is a matter of form, not of the idea; so
# the first plain "not yet" always gets the first hint.
WRONG = (INCORRECT,)


def exercise_key(exercise_id: str) -> list[int]:
    """The order of exercise ids ("02.10" after "02.9"), defined once."""
    return [int(part) for part in exercise_id.split(".")]


@dataclass(frozen=True)
class Feedback:
    status: str  # one of STATUSES
    message: str
    misconception: str | None = None

    def record(self, exercise_id: str) -> dict:
        """The machine-readable verdict stored beside the message (see `pattern.CHECK_MIME`)."""
        return {
            "exercise": exercise_id,
            "status": self.status,
            "misconception": self.misconception,
            "message": self.message,
        }

    def bundle(self, exercise_id: str) -> dict:
        """What a check displays: the message wrapped to the course's output width as text, and
        the record (with the message unwrapped) for the class report and the tests."""
        return {"text/plain": wrapped(self.message), CHECK_MIME: self.record(exercise_id)}


REGISTRY: dict[str, Callable[[], Exercise]] = {}


def exercise(exercise_id: str):
    """Register a factory that builds the Exercise for `exercise_id` from the data."""

    def register(factory: Callable[[], Exercise]):
        if exercise_id in REGISTRY:
            raise ValueError(f"exercise {exercise_id} is registered twice")
        REGISTRY[exercise_id] = factory
        return factory

    return register


# Exercises built from the data, kept while the data files stay as they were (`data.state`).
_BUILT: dict[tuple, Exercise] = {}


def spec_of(exercise_id: str) -> Exercise:
    """The Exercise registered as `exercise_id`, built from the data as it is now.

    Built once per state of the data folder: a check run again on unchanged data reuses it, and
    a changed file (or another factory registered under the id) builds it afresh.
    """
    from . import exercises  # noqa: F401  (registers every exercise module)

    if exercise_id not in REGISTRY:
        raise KeyError(
            f"there is no exercise {exercise_id!r}; the exercises are "
            f"{sorted(REGISTRY, key=exercise_key)}"
        )
    factory = REGISTRY[exercise_id]
    key = (exercise_id, factory, data_state())
    if key not in _BUILT:
        if len(_BUILT) > 1000:  # bounded, for a long session whose data keeps changing
            _BUILT.clear()
        _BUILT[key] = factory()
    return _BUILT[key]


def evaluate(exercise_id: str, answer, tries: int = 0) -> Feedback:
    """Judge `answer` for exercise `exercise_id` and say why.

    `tries`: how many different wrong answers came before this one (it picks the rung of the
    hint ladder for a plain "not yet"); 0 gives the first hint.
    """
    # Built before anything is judged, so that even "not answered yet" proves the exercise
    # can be built from the data.
    spec = spec_of(exercise_id)
    answer = _scalar(Plain.revive(answer), keep_collections=spec.kind == "set")
    if answer is Ellipsis:
        return Feedback(
            UNANSWERED,
            f"{exercise_id}: not answered yet. Replace the ... with your answer and run both cells again.",
        )
    judge = {
        "number": _judge_number,
        "text": _judge_text,
        "set": _judge_set,
        "based": _judge_based,
        "chart": _judge_chart,
    }[spec.kind]
    feedback = judge(exercise_id, spec, answer)
    if feedback.status == INCORRECT and feedback.message.endswith(_LADDER):
        rung = spec.hints[min(tries, len(spec.hints) - 1)]
        feedback = Feedback(INCORRECT, feedback.message[: -len(_LADDER)] + rung)
    return feedback


# A placeholder the judges end a plain "not yet" with; `evaluate` puts the ladder's rung there.
_LADDER = "\x00hint"


@dataclass
class Attempts:
    """One exercise in this session: its latest verdict and answer, how many answers were
    checked, how many of them were a plain "not yet" (`WRONG`), and the rung of the hint ladder
    last shown."""

    feedback: Feedback
    last: object = None
    tries: int = 0
    wrong: int = 0
    rung: int = 0


# Each exercise checked in this session, for `progress` and the hint ladder (never written out).
SESSION: dict[str, Attempts] = {}


def check(exercise_id: str, answer) -> None:
    """Show feedback on `answer`. Never raises for a learner's answer, so a notebook runs on.

    Running the cell again with the same answer shows the same message; a changed wrong answer
    climbs the hint ladder.
    """
    as_plain = plain(answer)
    attempts = SESSION.get(exercise_id)
    if attempts is not None and as_plain == attempts.last:
        rung = attempts.rung
    else:
        rung = attempts.wrong if attempts else 0
    feedback = evaluate(exercise_id, answer, tries=rung)
    if attempts is None:
        attempts = SESSION[exercise_id] = Attempts(feedback)
    if as_plain != attempts.last and feedback.status != UNANSWERED:
        attempts.tries += 1
        attempts.wrong += feedback.status in WRONG
    attempts.feedback, attempts.last, attempts.rung = feedback, as_plain, rung
    bundle = feedback.bundle(exercise_id)
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # plain Python, no IPython installed
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        if isinstance(as_plain, dict) and "spec" in as_plain:
            _show_chart(answer, display)  # the verdict is shown with the learner's chart
        display(bundle, raw=True)
    else:
        sys.stdout.write(feedback.message + "\n")  # a terminal wraps it to its own width


def _show_chart(chart, display) -> None:
    """Draw a learner's chart above its verdict; a chart that cannot be drawn gets one line."""
    try:
        bundle, metadata = chart._repr_mimebundle_()
    except Exception as error:  # Vega-Lite could not draw it: say so, never a traceback
        sys.stdout.write(
            wrapped(f"(Your chart could not be drawn: {chartcheck.error_line(error)})") + "\n"
        )
        return
    display(bundle, metadata=metadata, raw=True)


def notebook_exercises(notebook: str) -> list[str]:
    """The registered exercises of notebook `notebook` ("02"), in order."""
    from . import exercises  # noqa: F401  (registers every exercise module)

    prefix = f"{str(notebook).zfill(2)}."
    return sorted((key for key in REGISTRY if key.startswith(prefix)), key=exercise_key)


def progress(notebook: str):
    """A small table of notebook `notebook`'s exercises ("02"): not attempted, correct or not yet,
    with how many answers each took.

    Read from the checks run in this session (nothing is written anywhere); never raises.
    """
    try:
        import pandas as pd

        rows = []
        for exercise_id in notebook_exercises(notebook):
            attempts = SESSION.get(exercise_id)
            feedback = attempts.feedback if attempts else None
            status = (
                PROGRESS_STATUS.get(feedback.status, "not yet") if feedback else "not attempted"
            )
            revisit = ""
            if feedback is not None and feedback.status != CORRECT:
                revisit = feedback.misconception or (
                    "the type of answer" if feedback.status == WRONG_TYPE else ""
                )
            rows.append(
                {
                    "exercise": exercise_id,
                    "status": status,
                    "tries": attempts.tries if attempts else 0,
                    "to revisit": revisit,
                }
            )
        if not rows:
            return f"No exercises are registered for notebook {notebook!r}."
        return pd.DataFrame(rows).set_index("exercise")
    except Exception as error:  # a summary must never stop a learner's notebook
        return f"progress could not be shown: {error}"


# --------------------------------------------------------------------------- plain answers


class Plain:
    """An answer that is not a number or a text, carried as plain data (see `plain`).

    It keeps what the judges look at: the type's name and the start of its repr (for the
    "wrong type" message), its shape, its items (a set or a based answer) and, for a chart, its
    Vega-Lite specification.
    """

    KEYS = frozenset({"type", "repr", "shape", "items", "spec", "undrawable", "scalar"})

    def __init__(self, data: dict):
        self.type_name = str(data.get("type", "object"))
        self.text = str(data.get("repr", ""))
        shape = data.get("shape")
        self.shape = tuple(shape) if isinstance(shape, list) else None
        items = data.get("items")
        self.items = [Plain.revive(item) for item in items] if isinstance(items, list) else None
        self.spec = data.get("spec") if isinstance(data.get("spec"), dict) else None
        self.undrawable = str(data.get("undrawable") or "")  # chartcheck.undrawable's reason
        self.has_scalar = "scalar" in data
        self.scalar = Plain.revive(data.get("scalar"))

    @staticmethod
    def revive(value):
        """A plain answer back as something the judges read: Ellipsis, a Plain, or as it is."""
        if isinstance(value, dict) and "type" in value and set(value) <= Plain.KEYS:
            if value["type"] == "ellipsis":
                return Ellipsis
            return Plain(value)
        return value


def _type_name(answer) -> str:
    return answer.type_name if isinstance(answer, Plain) else type(answer).__name__


def _short_repr(answer) -> str:
    return answer.text if isinstance(answer, Plain) else f"{answer!r:.60}"


def _shape(answer):
    if isinstance(answer, Plain):
        return answer.shape
    return getattr(answer, "shape", None) if hasattr(answer, "shape") else None


def _items(answer) -> list | None:
    """The items of a collection answer (not a text), or None."""
    if isinstance(answer, Plain):
        return answer.items
    if isinstance(answer, str | bytes | dict) or not isinstance(answer, Iterable):
        return None
    try:
        return list(answer)
    except Exception:
        return None


def _scalar(answer, keep_collections: bool = False):
    """A one-element array or Series as its single value; anything else as it is.

    `keep_collections`: only a zero-dimensional value (a numpy scalar) is unwrapped, so that a
    one-row Series stays a collection of one (a "set" answer).
    """
    if isinstance(answer, Plain):
        return answer.scalar if answer.has_scalar and not keep_collections else answer
    if not hasattr(answer, "shape") or getattr(answer, "size", None) != 1:
        return answer
    if not hasattr(answer, "item") or (keep_collections and getattr(answer, "ndim", 0) != 0):
        return answer
    try:
        return answer.item()
    except Exception:
        return answer


def plain(answer, _depth: int = 0):
    """`answer` as plain data (JSON-able), judged by `evaluate` exactly as `answer` itself.

    Numbers and texts stay as they are (numpy scalars and one-element Series become Python
    numbers); `...` and every other object become a small dict: its type's name, the start of
    its repr, its shape, its items (for a collection) and, for a chart, its specification.
    """
    answer = _scalar(answer, keep_collections=True)
    if answer is None or isinstance(answer, bool | str):
        return answer
    if isinstance(answer, numbers.Integral):
        return int(answer)
    if isinstance(answer, numbers.Real):
        return float(answer)
    if answer is Ellipsis:
        return {"type": "ellipsis"}
    data = {"type": type(answer).__name__, "repr": _short_repr(answer)}
    shape = _shape(answer)
    if shape is not None:
        try:
            data["shape"] = [int(size) for size in shape]
        except (TypeError, ValueError):
            pass
    try:
        spec = chartcheck.specification(answer)
    except Exception as error:
        data["repr"] = f"a chart that cannot be drawn: {type(error).__name__}"
        data["undrawable"] = chartcheck.undrawable(error)
        spec = None
    if spec is not None:
        data["spec"] = spec
    elif _depth == 0:
        items = _items(answer)
        if items is not None and len(items) <= 1000:
            data["items"] = [plain(item, _depth + 1) for item in items]
        if _scalar(answer) is not answer:  # a one-element Series: also its single value
            data["scalar"] = plain(_scalar(answer), _depth + 1)
    return data


# --------------------------------------------------------------------------- judging


def _correct(exercise_id: str, spec: Exercise) -> Feedback:
    return Feedback(CORRECT, f"{exercise_id}: correct. {spec.explanation}".rstrip())


def _misconception(exercise_id: str, name: str, advice: str) -> Feedback:
    return Feedback(
        MISCONCEPTION, f"{exercise_id}: not yet. This looks like {name}: {advice}", name
    )


def _incorrect(exercise_id: str, detail: str = "") -> Feedback:
    """A plain "not yet": `evaluate` appends the ladder's rung after `detail`."""
    return Feedback(INCORRECT, f"{exercise_id}: not yet. {detail}{_LADDER}")


def _not_yet(exercise_id: str, spec: Exercise, answer) -> Feedback:
    for misconception in spec.misconceptions:
        if _matches(spec, answer, misconception.value):
            return _misconception(exercise_id, misconception.name, misconception.advice)
    if (
        spec.kind == "number"
        and spec.unit == "percent"
        and _matches_number(spec, answer * 100, spec.expected)
    ):
        return _misconception(exercise_id, FRACTION_FOR_PERCENT, HINTS[FRACTION_FOR_PERCENT])
    return _incorrect(exercise_id)


def rounded(value, decimals: int) -> Decimal:
    """`value` rounded half up to `decimals` places (as a person rounds, not as binary floats do).

    Any finite float rounds (the context holds its every digit); infinity and NaN stay as they
    are, and equal no rounded figure.
    """
    exact = Decimal(repr(float(value)))
    if not exact.is_finite():
        return exact
    with localcontext() as context:
        context.prec = 400
        return exact.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)


def _matches_number(spec: Exercise, answer, target) -> bool:
    if isinstance(target, dict):  # a based exercise's values: any base
        return any(_matches_number(spec, answer, value) for value in target.values())
    if spec.decimals is not None:
        return rounded(answer, spec.decimals) == rounded(target, spec.decimals)
    return abs(float(answer) - float(target)) <= spec.tolerance + 1e-9


def _matches(spec: Exercise, answer, target) -> bool:
    if spec.kind == "number":
        return _matches_number(spec, answer, target)
    if spec.kind == "based":  # a number fits any base; a (value, base) pair only its own
        if _is_number(answer):
            return _matches_number(spec, answer, target)
        parts = _based_parts(answer)
        if parts is None:
            return False
        if isinstance(target, dict):
            return parts[1] in target and _matches_number(spec, parts[0], target[parts[1]])
        return _matches_number(spec, parts[0], target)
    if spec.kind == "text":
        accepted = {target} if isinstance(target, str) else set(target)
        return _norm(answer) in {_norm(text) for text in accepted}
    if spec.kind == "set":
        items = _items(answer) or []
        return {_norm(item) for item in items} == {_norm(item) for item in target}
    return False


def _norm(text) -> str:
    """A text as the checks compare it: case, spaces, underscores and curly apostrophes aside
    ("process legitimacy" is `process_legitimacy`)."""
    return bases.normal(str(text).replace("_", " "))


def _is_number(answer) -> bool:
    return isinstance(answer, numbers.Real) and not isinstance(answer, bool)


def _judge_number(exercise_id: str, spec: Exercise, answer) -> Feedback:
    if not _is_number(answer):
        return _wrong_type(exercise_id, spec, answer)
    if spec.integer and float(answer) != int(float(answer)):
        # A fraction of a count: a named misconception if it rounds to one, else the form.
        if not _matches(spec, answer, spec.expected):
            for misconception in spec.misconceptions:
                if _matches(spec, answer, misconception.value):
                    return _misconception(exercise_id, misconception.name, misconception.advice)
        return _fractional(exercise_id, spec, answer)
    if _matches(spec, answer, spec.expected):
        return _correct(exercise_id, spec)
    if _too_few_decimals(spec, answer, spec.expected):
        return _misconception(exercise_id, TOO_FEW_DECIMALS, HINTS[TOO_FEW_DECIMALS])
    return _not_yet(exercise_id, spec, answer)


def _fractional(exercise_id: str, spec: Exercise, answer) -> Feedback:
    return Feedback(
        WRONG_TYPE,
        f"{exercise_id}: not yet. The question asks for a whole number of {spec.unit or 'items'}, "
        f"but {answer!r} has a fractional part. Re-read how the question says to round.",
    )


def decimals_given(value) -> int:
    """How many decimals a number is written with (3.9: 1; 3.90 is 3.9; 40.0: 0)."""
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _too_few_decimals(spec: Exercise, answer, target) -> bool:
    """Whether `answer` is `target` rounded to fewer decimals than the question asks."""
    if not spec.decimals or not math.isfinite(float(answer)):
        return False
    given = decimals_given(answer)
    return given < spec.decimals and rounded(answer, given) == rounded(target, given)


def _judge_text(exercise_id: str, spec: Exercise, answer) -> Feedback:
    if not isinstance(answer, str):
        return _wrong_type(exercise_id, spec, answer)
    if _matches(spec, answer, spec.expected):
        return _correct(exercise_id, spec)
    return _not_yet(exercise_id, spec, answer)


def _judge_set(exercise_id: str, spec: Exercise, answer) -> Feedback:
    items = _items(answer)
    if items is None:
        return _wrong_type(exercise_id, spec, answer)
    if _matches(spec, items, spec.expected):
        return _correct(exercise_id, spec)
    feedback = _not_yet(exercise_id, spec, items)
    if feedback.status == INCORRECT:
        given, expected = {_norm(a) for a in items}, {_norm(e) for e in spec.expected}
        detail = _set_detail(len(given & expected), len(expected), len(given - expected))
        feedback = _incorrect(exercise_id, detail)
    return feedback


def _set_detail(have, expected, extra) -> str:
    """What a set answer has and lacks (the counts may be slots, for the site's judge)."""
    detail = f"You have {have} of the {expected} expected"
    return detail + (f" and {extra} that should not be there. " if extra else ". ")


def answer_base(answer) -> str:
    """The words a based answer names its base with ("" if it has none)."""
    items = _items(answer) or []
    return items[1] if len(items) == 2 and isinstance(items[1], str) else ""


def _based_parts(answer):
    """(value rounded to the question's precision, base named) of a based answer, else None."""
    items = _items(answer)
    if items is None or len(items) != 2:
        return None
    value, base = items
    value = _scalar(value)
    if not _is_number(value) or not isinstance(base, str):
        return None
    return value, bases.named(base)


def _judge_based(exercise_id: str, spec: Exercise, answer) -> Feedback:
    decimals = spec.decimals or 0
    if _is_number(answer):
        computed = {**spec.other_bases, **spec.expected}
        if any(_matches_number(spec, answer, value) for value in computed.values()):
            return _misconception(exercise_id, UNNAMED_BASE, HINTS[UNNAMED_BASE])
        return _wrong_type(exercise_id, spec, answer)
    parts = _based_parts(answer)
    if parts is None:
        return _wrong_type(exercise_id, spec, answer)
    value, base = parts
    if base is None and bases.ambiguous(answer_base(answer)):
        return Feedback(WRONG_TYPE, f"{exercise_id}: not yet. {AMBIGUOUS_BASE}")
    if base is None:
        names = ", ".join(f"'{name}'" for name in BASES)
        return Feedback(
            WRONG_TYPE,
            f"{exercise_id}: not yet. The base you named is not one the check can read: name it "
            f"with one of {names}.",
        )
    if base in spec.expected and _matches_number(spec, value, spec.expected[base]):
        return _correct(exercise_id, spec)
    if base in spec.expected and _too_few_decimals(spec, value, spec.expected[base]):
        return _misconception(exercise_id, TOO_FEW_DECIMALS, HINTS[TOO_FEW_DECIMALS])
    for misconception in spec.misconceptions:
        target = misconception.value
        if isinstance(target, tuple):
            hit = base == bases.named(target[1]) and rounded(value, decimals) == rounded(
                target[0], decimals
            )
        else:
            hit = _matches_number(spec, value, target)
        if hit:
            return _misconception(exercise_id, misconception.name, misconception.advice)
    computed = {**spec.other_bases, **spec.expected}
    fits = [name for name, target in computed.items() if _matches_number(spec, value, target)]
    if fits and base not in fits:
        return _misconception(exercise_id, BASE_MISMATCH, HINTS[BASE_MISMATCH])
    if spec.unit == "percent" and any(
        _matches_number(spec, value * 100, target) for target in spec.expected.values()
    ):
        return _misconception(exercise_id, FRACTION_FOR_PERCENT, HINTS[FRACTION_FOR_PERCENT])
    return _incorrect(exercise_id)


def _judge_chart(exercise_id: str, spec: Exercise, answer) -> Feedback:
    if isinstance(answer, Plain) and answer.undrawable:  # judged where it was made, as below
        problem = chartcheck.Problem(answer.undrawable)
    else:
        chart = answer.spec if isinstance(answer, Plain) and answer.spec is not None else answer
        problem = chartcheck.judge(spec.expected, chart)
    if problem is None:
        return _correct(exercise_id, spec)
    if problem.wrong_type:
        return _wrong_type(exercise_id, spec, answer)
    if problem.misconception:
        for misconception in spec.misconceptions:  # an exercise's own words for a chart mistake
            if misconception.name == problem.misconception and misconception.hint:
                return _misconception(exercise_id, misconception.name, misconception.hint)
        return Feedback(
            MISCONCEPTION, f"{exercise_id}: not yet. {problem.reason}", problem.misconception
        )
    reason = problem.reason[0].upper() + problem.reason[1:] + " "
    return _incorrect(exercise_id, reason)


WANTED = {
    "number": "a single number (for example 12.3, without quotes or a % sign)",
    "text": "a piece of text in quotes (for example 'Len McCluskey')",
    "set": "a list of texts (for example ['C001', 'C002'])",
    "based": "a number and the base it was computed on, in brackets (for example "
    "(12.3, 'valid votes'))",
    "chart": "an Altair chart (for example alt.Chart(table).mark_bar().encode(...))",
}


def wanted(spec: Exercise) -> str:
    """What form of answer an exercise wants, in words (its own `example`, or its kind's)."""
    return spec.example or WANTED[spec.kind]


def _wrong_type(exercise_id: str, spec: Exercise, answer) -> Feedback:
    shape = ""
    if _shape(answer) is not None:
        shape = (
            f" with shape {_shape(answer)}; pick out the one value the question asks for, by its "
            "label (for example `table.loc[label, column]`)"
        )
    return Feedback(
        WRONG_TYPE,
        f"{exercise_id}: not yet. The answer should be {wanted(spec)}, but it is of type "
        f"{_type_name(answer)} ({_short_repr(answer)}){shape}.",
    )


# --------------------------------------------------------------------------- sentences, for other judges
# Added for the offline site's answer boxes (tools/site/answers.js, exported by
# `unitevote.siteexport`): the site judges answers in JavaScript and must say exactly what
# `evaluate` says. Pure: builds nothing but text, changes nothing above.


def slot(name: str) -> str:
    """A placeholder in a sentence of `sentences`, filled in from the learner's answer."""
    return f"\x01{name}\x02"


class _SlotFraction(float):
    """A number with a fractional part whose repr is a slot (for the whole-number sentence)."""

    def __repr__(self) -> str:
        return slot("repr")


class _SlotShape:
    """A shape whose text is a slot (for the sentence about a table or array answer)."""

    def __str__(self) -> str:
        return slot("shape")


def sentences(exercise_id: str, spec: Exercise | None = None) -> dict:
    """Every sentence exercise `exercise_id` can give, made by the judges above, with slots.

    Keys: "unanswered", "wanted" (`wanted(spec)`), "correct", "misconceptions" (one per
    `Exercise.misconceptions`, in order), "named" (by name, the misconceptions any exercise of
    its kind may be judged to show: a fraction for a percentage, a share with no base named, a
    value on another base than the one named), "not_yet" (with slots
    "detail", what a set answer has and lacks, and "hint", the rung of `Exercise.hints`),
    "hints", "wrong_type" and "wrong_type_shape" (slots "type", "repr", "shape"), and by kind:
    "fractional" (integer numbers; slot "repr"), "unreadable_base" and "ambiguous_base" (based:
    a base the check cannot read, or words that fit two bases), "set_detail" and
    "set_detail_extra" (set; slots "have", "expected", "extra"). A chart exercise has only
    "unanswered" and "wanted". Slots are `slot(name)`; everything else is the judges' own text.
    `spec`: the exercise already built by `spec_of(exercise_id)`, if the caller has it.
    """
    spec = spec if spec is not None else spec_of(exercise_id)
    found = {
        "unanswered": evaluate(exercise_id, ...).message,
        "wanted": wanted(spec),
    }
    if spec.kind == "chart":
        return found
    answer = Plain({"type": slot("type"), "repr": slot("repr")})
    shaped = Plain({"type": slot("type"), "repr": slot("repr")})
    shaped.shape = _SlotShape()
    found.update(
        correct=_correct(exercise_id, spec).message,
        misconceptions=[
            _misconception(exercise_id, m.name, m.advice).message for m in spec.misconceptions
        ],
        named={
            name: _misconception(exercise_id, name, HINTS[name]).message
            for name in _NAMED_BY_KIND.get(spec.kind, ())
            if name != FRACTION_FOR_PERCENT or spec.unit == "percent"
        },
        not_yet=_incorrect(exercise_id, slot("detail")).message.replace(_LADDER, slot("hint")),
        hints=list(spec.hints),
        wrong_type=_wrong_type(exercise_id, spec, answer).message,
        wrong_type_shape=_wrong_type(exercise_id, spec, shaped).message,
    )
    if spec.kind == "number" and spec.integer:
        found["fractional"] = _fractional(exercise_id, spec, _SlotFraction(0.5)).message
    if spec.kind == "based":
        found["unreadable_base"] = _judge_based(exercise_id, spec, (0.0, "")).message
        found["ambiguous_base"] = _judge_based(exercise_id, spec, (0.0, AMBIGUOUS[0])).message
    if spec.kind == "set":
        found["set_detail"] = _set_detail(slot("have"), slot("expected"), 0)
        found["set_detail_extra"] = _set_detail(slot("have"), slot("expected"), slot("extra"))
    return found


# The misconceptions a judge names for any exercise of its kind (not listed by the exercise).
_NAMED_BY_KIND = {
    "number": (FRACTION_FOR_PERCENT, TOO_FEW_DECIMALS),
    "based": (UNNAMED_BASE, BASE_MISMATCH, FRACTION_FOR_PERCENT, TOO_FEW_DECIMALS),
}

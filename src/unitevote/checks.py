"""Self-checking exercises: `check("02.3", answer)` shows short feedback; `progress("02")` sums up.

Each exercise is registered by a factory that computes the expected value from `data/` when the
check runs (never a typed-in number). A factory may also name misconceptions: the wrong answer
a particular misunderstanding produces, and a hint that points at the idea without giving the
answer away. The exercise modules live in `unitevote.exercises`.

A number is judged at the precision the question asks for (`decimals`): an answer "to one
decimal" is correct when it rounds, half up, to the same one-decimal value as the exact answer,
so 12.2 and 12.247 pass where 12.3 does not. A count (`integer=True`) must be a whole number.

What the learner reads is one line of text. Beside it, in the same output, `check` puts a small
machine-readable record of the verdict (mime type `pattern.CHECK_MIME`), which the class report
reads from executed notebooks; JupyterLab shows only the text.
"""

from __future__ import annotations

import numbers
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .pattern import CHECK_MIME

# The misconceptions the course diagnoses, with the hint a learner sees. Exercise modules use
# these names so that the same misunderstanding gets the same words everywhere.
WRONG_DENOMINATOR = "the wrong denominator"
POINTS_FOR_PERCENT = "percentage points where a percent change was asked"
PERCENT_FOR_POINTS = "a percent change where percentage points were asked"
ROUNDED_TOO_EARLY = "rounding too early"
FRACTION_FOR_PERCENT = "a fraction where a percentage was asked"
FORGOT_SPOILED = "forgetting the spoiled papers"

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
}


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
    spellings), or "set" (a collection of texts, order ignored).

    For numbers, `decimals` is the precision the question asks for ("to one decimal": 1; a
    whole number: 0); the answer and each misconception are compared at that rounding.
    `integer=True` means a count of people or papers: a fractional answer is flagged.
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
    explanation: str = ""
    transfer: str = ""
    tolerance: float = 0.0  # only where `decimals` is None (text and set exercises ignore it)


@dataclass(frozen=True)
class Feedback:
    status: str  # correct | misconception | incorrect | unanswered | wrong type
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


REGISTRY: dict[str, Callable[[], Exercise]] = {}


def exercise(exercise_id: str):
    """Register a factory that builds the Exercise for `exercise_id` from the data."""

    def register(factory: Callable[[], Exercise]):
        if exercise_id in REGISTRY:
            raise ValueError(f"exercise {exercise_id} is registered twice")
        REGISTRY[exercise_id] = factory
        return factory

    return register


def evaluate(exercise_id: str, answer) -> Feedback:
    """Judge `answer` for exercise `exercise_id` and say why."""
    from . import exercises  # noqa: F401  (registers every exercise module)

    if exercise_id not in REGISTRY:
        raise KeyError(
            f"there is no exercise {exercise_id!r}; the exercises are {sorted(REGISTRY)}"
        )
    # Built before anything is judged, so that even "not answered yet" proves the exercise
    # can be built from the data.
    spec = REGISTRY[exercise_id]()
    if answer is Ellipsis:
        return Feedback(
            "unanswered",
            f"{exercise_id}: not answered yet. Replace the ... with your answer and run both cells again.",
        )
    judge = {"number": _judge_number, "text": _judge_text, "set": _judge_set}[spec.kind]
    return judge(exercise_id, spec, answer)


# The latest verdict of each exercise checked in this session, for `progress`.
SESSION: dict[str, Feedback] = {}


def check(exercise_id: str, answer) -> None:
    """Show feedback on `answer`. Never raises for a learner's answer, so a notebook runs on."""
    feedback = evaluate(exercise_id, answer)
    SESSION[exercise_id] = feedback
    bundle = {"text/plain": feedback.message, CHECK_MIME: feedback.record(exercise_id)}
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # plain Python, no IPython installed
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        display(bundle, raw=True)
    else:
        sys.stdout.write(feedback.message + "\n")


PROGRESS_STATUS = {
    "correct": "correct",
    "misconception": "not yet",
    "incorrect": "not yet",
    "wrong type": "not yet",
    "unanswered": "not attempted",
}


def progress(notebook: str):
    """A small table of notebook `notebook`'s exercises ("02"): not attempted, correct or not yet.

    Read from the checks run in this session (nothing is written anywhere); never raises.
    """
    try:
        import pandas as pd

        from . import exercises  # noqa: F401  (registers every exercise module)

        prefix = f"{str(notebook).zfill(2)}."
        rows = []
        for exercise_id in sorted(REGISTRY, key=lambda key: [int(part) for part in key.split(".")]):
            if not exercise_id.startswith(prefix):
                continue
            feedback = SESSION.get(exercise_id)
            status = (
                PROGRESS_STATUS.get(feedback.status, "not yet") if feedback else "not attempted"
            )
            revisit = ""
            if feedback is not None and feedback.status != "correct":
                revisit = feedback.misconception or (
                    "the type of answer" if feedback.status == "wrong type" else ""
                )
            rows.append({"exercise": exercise_id, "status": status, "to revisit": revisit})
        if not rows:
            return f"No exercises are registered for notebook {notebook!r}."
        return pd.DataFrame(rows).set_index("exercise")
    except Exception as error:  # a summary must never stop a learner's notebook
        return f"progress could not be shown: {error}"


def _correct(exercise_id: str, spec: Exercise) -> Feedback:
    return Feedback("correct", f"{exercise_id}: correct. {spec.explanation}".rstrip())


def _not_yet(exercise_id: str, spec: Exercise, answer) -> Feedback:
    for misconception in spec.misconceptions:
        if _matches(spec, answer, misconception.value):
            return Feedback(
                "misconception",
                f"{exercise_id}: not yet. This looks like {misconception.name}: {misconception.advice}",
                misconception.name,
            )
    if (
        spec.kind == "number"
        and spec.unit == "percent"
        and _matches(spec, answer * 100, spec.expected)
    ):
        return Feedback(
            "misconception",
            f"{exercise_id}: not yet. This looks like {FRACTION_FOR_PERCENT}: {HINTS[FRACTION_FOR_PERCENT]}",
            FRACTION_FOR_PERCENT,
        )
    return Feedback("incorrect", f"{exercise_id}: not yet. {spec.hint}")


def rounded(value, decimals: int) -> Decimal:
    """`value` rounded half up to `decimals` places (as a person rounds, not as binary floats do)."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)


def _matches(spec: Exercise, answer, target) -> bool:
    if spec.kind == "number":
        if spec.decimals is not None:
            return rounded(answer, spec.decimals) == rounded(target, spec.decimals)
        return abs(float(answer) - float(target)) <= spec.tolerance + 1e-9
    if spec.kind == "text":
        accepted = {target} if isinstance(target, str) else set(target)
        return _norm(answer) in {_norm(text) for text in accepted}
    return {_norm(item) for item in answer} == {_norm(item) for item in target}


def _norm(text) -> str:
    return " ".join(str(text).casefold().split())


def _judge_number(exercise_id: str, spec: Exercise, answer) -> Feedback:
    if hasattr(answer, "shape") and getattr(answer, "size", None) == 1:
        answer = answer.item() if hasattr(answer, "item") else answer
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return _wrong_type(exercise_id, spec, answer)
    if spec.integer and float(answer) != int(float(answer)):
        return Feedback(
            "wrong type",
            f"{exercise_id}: not yet. The question asks for a whole number of {spec.unit or 'items'}, "
            f"but {answer!r} has a fractional part. Re-read how the question says to round.",
        )
    if _matches(spec, answer, spec.expected):
        return _correct(exercise_id, spec)
    return _not_yet(exercise_id, spec, answer)


def _judge_text(exercise_id: str, spec: Exercise, answer) -> Feedback:
    if not isinstance(answer, str):
        return _wrong_type(exercise_id, spec, answer)
    if _matches(spec, answer, spec.expected):
        return _correct(exercise_id, spec)
    return _not_yet(exercise_id, spec, answer)


def _judge_set(exercise_id: str, spec: Exercise, answer) -> Feedback:
    if isinstance(answer, str) or not isinstance(answer, Iterable):
        return _wrong_type(exercise_id, spec, answer)
    answer = list(answer)
    if _matches(spec, answer, spec.expected):
        return _correct(exercise_id, spec)
    feedback = _not_yet(exercise_id, spec, answer)
    if feedback.status == "incorrect":
        given, expected = {_norm(a) for a in answer}, {_norm(e) for e in spec.expected}
        detail = f" You have {len(given & expected)} of the {len(expected)} expected"
        detail += (
            f" and {len(given - expected)} that should not be there." if given - expected else "."
        )
        feedback = Feedback("incorrect", feedback.message + detail)
    return feedback


def _wrong_type(exercise_id: str, spec: Exercise, answer) -> Feedback:
    wanted = {
        "number": "a single number (for example 12.3, without quotes or a % sign)",
        "text": "a piece of text in quotes (for example 'Len McCluskey')",
        "set": "a list of texts (for example ['C001', 'C002'])",
    }[spec.kind]
    shape = ""
    if hasattr(answer, "shape"):
        shape = (
            f" with shape {answer.shape}; pick out one value, for example with .iloc[0] or .item()"
        )
    return Feedback(
        "wrong type",
        f"{exercise_id}: not yet. The answer should be {wanted}, but it is a {type(answer).__name__}"
        f" ({answer!r:.60}){shape}.",
    )

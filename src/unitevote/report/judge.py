"""Judge, in the report's own process, the answers carried out of the learners' kernels.

Everything here reads data that came from a submission (a carried answer, a verdict record shown
in a notebook, an error's text) and never trusts it: values are validated against a schema before
use, verdicts are computed by `unitevote.checks.evaluate` here, and text is cut to a length and
turned into a teacher's words.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import jsonschema

from .. import chartcheck, checks, pattern
from .handin import syntax_words

__all__ = [
    "RECORD_SCHEMA",
    "Verdict",
    "answer_words",
    "error_words",
    "judge",
    "read_carried",
    "record_problem",
]

# A verdict record as `unitevote.check` shows it (`checks.Feedback.record`).
RECORD_SCHEMA = {
    "type": "object",
    "required": ["exercise", "status", "message"],
    "properties": {
        "exercise": {"type": "string", "pattern": rf"^{pattern.EXERCISE_ID}$"},
        "status": {"enum": list(checks.STATUSES)},
        "misconception": {"type": ["string", "null"], "maxLength": 300},
        "message": {"type": "string", "maxLength": 4000},
    },
}
_RECORD = jsonschema.Draft202012Validator(RECORD_SCHEMA)
ANSWER_WIDTH = 120
COLLECTIONS = {"list": "[]", "tuple": "()", "set": "{}", "frozenset": "{}"}


@dataclass(frozen=True)
class Verdict:
    """The report's own verdict on one carried answer (a status of `checks.STATUSES`)."""

    status: str
    misconception: str
    message: str


def read_carried(text: str):
    """The value in a carried JSON text; raises ValueError for anything that is not JSON."""
    if not isinstance(text, str) or len(text) > 2_000_000:
        raise ValueError("not a JSON text of a sensible size")
    try:
        return json.loads(text)
    except RecursionError:  # arrays nested thousands deep
        raise ValueError("nested too deeply to read") from None


def judge(exercise_id: str, value) -> Verdict:
    """`checks.evaluate` on the carried value (the first hint, where the checks have a ladder)."""
    try:
        feedback = checks.evaluate(exercise_id, value)
    except Exception as error:  # an answer of a shape no check expects
        return Verdict(
            checks.WRONG_TYPE,
            "",
            f"{exercise_id}: the answer could not be judged ({type(error).__name__}).",
        )
    return Verdict(feedback.status, feedback.misconception or "", feedback.message)


def record_problem(record) -> str:
    """Why a verdict record shown in a notebook is malformed, or "" when it is well formed."""
    errors = sorted(_RECORD.iter_errors(record), key=lambda e: list(e.path))
    if not errors:
        return ""
    first = errors[0]
    where = ".".join(str(part) for part in first.path) or "the record"
    return f"{where}: {first.validator} check failed"


def _cut(text: str, width: int = ANSWER_WIDTH) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def answer_words(value) -> str:
    """A learner's answer (as `checks.plain` carries it), shown to the teacher in one short line."""
    if isinstance(value, dict):
        if value.get("type") == "ellipsis":
            return "... (as handed out)"
        if isinstance(value.get("spec"), dict) or chartcheck.specification(value) is not None:
            return _cut(chartcheck.describe(value.get("spec", value)), 160)
        if isinstance(value.get("items"), list) and value.get("type") in COLLECTIONS:
            items = ", ".join(answer_words(item) for item in value["items"][:20])
            opening, closing = COLLECTIONS[value["type"]]
            return _cut(f"{opening}{items}{closing}")
        return _cut(f"a {value.get('type', 'value')}: {value.get('repr', '')}")
    if isinstance(value, str):
        return _cut(repr(value))
    if isinstance(value, list):
        return _cut("[" + ", ".join(answer_words(item) for item in value[:20]) + "]")
    if isinstance(value, float):
        return _cut(repr(round(value, 6)))
    return _cut(json.dumps(value, default=str))


# Errors a learner's cell raises, in a teacher's words: (ename, pattern on the message, words).
_ERRORS = (
    (
        "NameError",
        re.compile(r"name '(?P<name>[^']+)' is not defined"),
        "`{name}` is not defined (the cell that defines it was deleted, changed, not run, "
        "or comes later)",
    ),
    (
        "ModuleNotFoundError",
        re.compile(r"No module named '(?P<name>[^']+)'"),
        "it imports `{name}`, which the course environment does not have",
    ),
    (
        "FileNotFoundError",
        re.compile(r"(?P<name>'[^']*')"),
        "it opens a file that is not there ({name})",
    ),
    ("KeyError", re.compile(r"(?P<name>.+)"), "no column or key {name} (a misspelt name?)"),
    ("ZeroDivisionError", re.compile(r".*"), "a division by zero"),
    ("MemoryError", re.compile(r".*"), "it asked for more memory than its limit"),
    ("KeyboardInterrupt", re.compile(r".*"), "it was interrupted"),
    (
        "CellTimeoutError",
        re.compile(r".*"),
        "it ran past the time limit for a cell and was interrupted",
    ),
    ("SystemExit", re.compile(r".*"), "it called sys.exit() or exit()"),
    (
        "BlockingIOError",
        re.compile(r".*"),
        "it could not start another process (the limit on processes)",
    ),
)
_INTERNAL_FILE = re.compile(r"\s*\((?:<[^>]+>|[^()]*\.py), line (?P<line>\d+)\)")


def error_words(ename: str, evalue: str) -> str:
    """An error from a learner's cell, in a teacher's words (no internal file names)."""
    ename, evalue = _cut(ename, 60), str(evalue)
    line = _INTERNAL_FILE.search(evalue)
    evalue = _INTERNAL_FILE.sub("", evalue)
    for name, expression, words in _ERRORS:
        if ename == name:
            match = expression.search(evalue)
            if match:
                return f"{ename}: " + words.format(
                    **{k: _cut(v, 60) for k, v in match.groupdict().items()}
                )
    if ename in ("SyntaxError", "IndentationError", "TabError"):
        error = SyntaxError(evalue.strip())
        error.lineno = int(line["line"]) if line else None
        return f"{ename}: {syntax_words(error)}"
    if ename == "OSError" and "Read-only file system" in evalue:
        return "OSError: it tried to write outside its own folder (read-only here)"
    return f"{ename}: {_cut(evalue, 160)}".rstrip(": ")

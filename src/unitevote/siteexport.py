"""The exercise registry as plain data, for the offline site's answer boxes.

The site has no Python: tools/site/answers.js judges a typed answer in the page, as
`unitevote.checks.evaluate` would. Everything it judges by comes from here, at build time, from
the registry itself (one source of truth, no copy typed by hand):

- `exercise_data(exercise_id)`: the exercise's kind, precision (`decimals`, `integer`,
  `tolerance`), unit, expected value and misconception values, computed from `data/` by the
  exercise's own factory, and every sentence its check can give (`checks.sentences`: the judges'
  own words, with slots for what depends on the answer: `checks.slot`).
- `page_data(notebook)`: the exercises of one notebook ("02") with the bases a share can be
  named by (`checks.BASES`), as the page embeds it (JSON in a <script type="application/json">).
- `typed(answer)`: a Python answer in the form the JavaScript judge reads, so that a test can
  hand both judges the same answer (see below).

Values, as the JavaScript judge reads them:

- a number target: a JSON number (numpy numbers as Python ones; `repr` of a float is the
  shortest text that reads back as the same binary value, as JavaScript's is, so no precision
  is lost);
- a text or set target: the list of its texts, each as `str()` makes it (the judges compare
  `str(item)`, case-folded, spaces collapsed), sorted;
- a based target: `{"bases": {base: value}}` for a dict, `{"value": v, "base": words}` for a
  (value, base words) pair.

A typed answer: `{"t": type name, ...}` with "v" for a value (an int as its decimal digits, so
that no digit is lost) and "items" for a list or tuple; the type name is Python's, as the
wrong-type sentence prints it.
"""

from __future__ import annotations

import numbers

from . import bases, checks
from .checks import notebook_exercises


def _number(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    return float(value)


def _texts(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    return sorted(str(item) for item in value)


def _target(kind: str, value):
    """One expected or misconception value, as the JavaScript judge reads it (see above)."""
    if kind in ("text", "set"):
        return _texts(value)
    if isinstance(value, dict):
        return {"bases": {str(base): _number(v) for base, v in value.items()}}
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], str):
        return {"value": _number(value[0]), "base": value[1]}
    return _number(value)


def exercise_data(exercise_id: str) -> dict:
    """What the JavaScript judge needs to judge exercise `exercise_id` (see the module's doc)."""
    spec = checks.spec_of(exercise_id)
    data = {
        "id": exercise_id,
        "kind": spec.kind,
        "sentences": checks.sentences(exercise_id, spec),
    }
    if spec.kind == "chart":
        return data
    data.update(
        decimals=spec.decimals,
        integer=spec.integer,
        unit=spec.unit,
        tolerance=spec.tolerance,
        expected=_target(spec.kind, spec.expected),
        other_bases={str(base): _number(v) for base, v in spec.other_bases.items()},
        misconceptions=[
            {"name": m.name, "value": _target(spec.kind, m.value)} for m in spec.misconceptions
        ],
    )
    if spec.kind == "based":
        data["expected"] = {str(base): _number(v) for base, v in spec.expected.items()}
    return data


def page_data(notebook: str) -> dict:
    """The data one notebook's page embeds: its exercises, and the bases a share can name."""
    return {
        "bases": {base: list(words) for base, words in bases.BASES.items()},
        "ambiguous": list(bases.AMBIGUOUS),  # words that fit two bases (unitevote.bases)
        "negations": list(bases.NEGATIONS),
        "climbs": list(checks.WRONG),  # the verdicts that climb the hint ladder
        # The misconceptions the checks detect by themselves, named as unitevote.checks names them.
        "named": {
            "fraction": checks.FRACTION_FOR_PERCENT,
            "too_few_decimals": checks.TOO_FEW_DECIMALS,
            "unnamed_base": checks.UNNAMED_BASE,
            "base_mismatch": checks.BASE_MISMATCH,
        },
        "exercises": {key: exercise_data(key) for key in notebook_exercises(notebook)},
    }


def typed(answer) -> dict:
    """`answer` (a Python value a learner might give) in the form the JavaScript judge reads."""
    if answer is Ellipsis:
        return {"t": "ellipsis"}
    if answer is None:
        return {"t": "NoneType"}
    if isinstance(answer, bool):
        return {"t": "bool", "v": answer}
    if isinstance(answer, numbers.Integral):
        return {"t": "int", "v": str(int(answer))}
    if isinstance(answer, numbers.Real):
        return {"t": "float", "v": float(answer)}
    if isinstance(answer, str):
        return {"t": "str", "v": answer}
    if isinstance(answer, list | tuple):
        return {"t": type(answer).__name__, "items": [typed(item) for item in answer]}
    raise TypeError(f"the site's judge reads no {type(answer).__name__}")

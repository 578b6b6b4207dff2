"""Answers to judge, derived from each exercise's own definition (the registry).

Used by tests/test_site_answers.py (the site's judge against Python's, for every exercise) and
tests/test_self_study.py (the hint ladder). Derived, never typed: an exercise added or renumbered
gets its cases with no change here.

- `cases(exercise_id)`: (what, answer, tries) triples: not answered; the expected value (as
  computed, and as a learner rounds it); either side of the rounding boundary; each
  misconception's value; plainly wrong answers at every rung of the hint ladder; answers of the
  wrong type (texts that need escaping in a repr, floats Python prints with an exponent, a
  list, True); a whole number's fractional part; a fraction for a percentage; for sets, a list
  half right; for based answers, each base, a bare number, another base, a base no one can read.
- `plain_wrongs(exercise_id)`: up to three different answers that are plainly wrong.
- `specs_built_once`: a module fixture (autouse where imported) that builds each exercise once.
"""

from __future__ import annotations

import functools
from decimal import Decimal

import pytest

from unitevote import checks, siteexport


@pytest.fixture(scope="module", autouse=True)
def specs_built_once():
    """Each exercise built from the data once for the module (evaluate rebuilds it per call).

    The factories are deterministic, so a cached one gives `evaluate` the same Exercise.
    """
    from unitevote import exercises  # noqa: F401  (registers every exercise module)

    saved = dict(checks.REGISTRY)
    for key, factory in saved.items():
        checks.REGISTRY[key] = functools.cache(factory)
    yield
    checks.REGISTRY.clear()
    checks.REGISTRY.update(saved)


def plain_wrongs(exercise_id: str) -> list:
    """Up to three different answers that are plainly wrong (no misconception, right type)."""
    spec = checks.spec_of(exercise_id)
    if spec.kind == "number":
        x = float(spec.expected)
        candidates = [x * 3 + 7.77, -x - 11.5, 123456.789, 0.123, 98765.4321]
        candidates = [round(c) for c in candidates] if spec.integer else candidates
    elif spec.kind == "text":
        candidates = ["not an answer at all", "something else", "a third guess"]
    elif spec.kind == "set":
        first = siteexport._target("set", spec.expected)[0]
        candidates = [[first, "Nobody At All"], ["Nobody At All"], ["Someone Else", "Nobody"]]
    elif spec.kind == "based":
        base, value = next(iter(spec.expected.items()))
        candidates = [(float(value) * k + 7.7, base) for k in (3, 5, 7)]
    else:
        return []
    wrong = [a for a in candidates if checks.evaluate(exercise_id, a).status == checks.INCORRECT]
    assert wrong, f"{exercise_id}: none of {candidates} is plainly wrong"
    return wrong[:3]


def _number(value):
    return int(value) if float(value).is_integer() and not isinstance(value, float) else value


def cases(exercise_id: str) -> list[tuple[str, object, int]]:
    """(what, answer, tries) to judge both ways, derived from the exercise's definition."""
    spec = checks.spec_of(exercise_id)
    found: list[tuple[str, object, int]] = [("not answered", ..., 0)]
    ladder = range(len(spec.hints) + 1)  # every rung, and one past the top
    if spec.kind == "number":
        expected = float(spec.expected)
        found.append(("expected", _number(spec.expected), 0))
        if spec.decimals is not None:
            found.append(("expected, as rounded", round(expected, spec.decimals), 0))
        found += [(f"misconception {m.name}", _number(m.value), 0) for m in spec.misconceptions]
        if spec.decimals is not None:  # either side of the rounding boundary: half up
            half = Decimal(5).scaleb(-spec.decimals - 1)
            boundary = checks.rounded(expected, spec.decimals)
            found += [
                ("half below", float(boundary - half), 0),
                ("half above", float(boundary + half), 0),
            ]
        found += [("plain wrong", plain_wrongs(exercise_id)[0], tries) for tries in ladder]
        found += [("text", f"{expected:.1f}%", 0), ("fraction", expected / 100, 0)]
        found += [("whole number with a fraction", float(int(expected)) + 0.5, 0)]
        if spec.decimals:  # the right figure with fewer decimals than asked
            found += [("too few decimals", float(round(expected, spec.decimals - 1)), 0)]
        if spec.integer:  # a fraction of a misconception's count
            found += [
                (f"misconception {m.name}, fractional", float(m.value) + 0.3, 0)
                for m in spec.misconceptions
                if isinstance(m.value, int | float)
            ]
        found += [("a list", [expected], 0), ("True", True, 0), ("huge", 1e16 + 2, 0)]
        found += [("text to escape", 'it\'s "quoted" \\ \t\n½\xa0\x85' * 6, 0)]
    elif spec.kind == "text":
        accepted = sorted(siteexport._target("text", spec.expected))
        found += [("expected", text, 0) for text in accepted]
        found.append(("expected, shouted", f"  {accepted[0].upper()}  ", 0))
        found.append(("expected, spaces for underscores", accepted[0].replace("_", " "), 0))
        found.append(("expected, curly apostrophe", accepted[0].replace("'", "\u2019"), 0))
        for m in spec.misconceptions:
            found += [
                (f"misconception {m.name}", text, 0) for text in siteexport._target("text", m.value)
            ]
        found += [("plain wrong", plain_wrongs(exercise_id)[0], tries) for tries in ladder]
        floats = [1e-05, 0.0001, 1.5e16, 1e16, 9999999999999998.0, 0.1 + 0.2, -0.0, 2.5e-300]
        found += [("a number", 12, 0), ("a text in quotes", "'it'", 0)]
        found += [(f"the float {x!r}", x, 0) for x in floats]
    elif spec.kind == "set":
        expected = siteexport._target("set", spec.expected)
        found += [("expected", list(expected), 0), ("reversed", tuple(reversed(expected)), 0)]
        found += [
            (f"misconception {m.name}", siteexport._target("set", m.value), 0)
            for m in spec.misconceptions
        ]
        found += [("plain wrong", plain_wrongs(exercise_id)[0], tries) for tries in ladder]
        found += [(f"plain wrong {i}", a, 0) for i, a in enumerate(plain_wrongs(exercise_id))]
        found += [("a text", expected[0], 0)]
    elif spec.kind == "based":
        for base, value in spec.expected.items():
            found += [(f"expected on {base}", (float(value), base), 0)]
            found += [
                (f"as rounded, on {base}", (round(float(value), spec.decimals or 0), base), 0)
            ]
        first = next(iter(spec.expected.values()))
        found += [("bare expected", float(first), 0)]
        first_base = next(iter(spec.expected))
        for m in spec.misconceptions:
            if isinstance(m.value, tuple):
                found.append((f"misconception {m.name}", (float(m.value[0]), m.value[1]), 0))
            elif not isinstance(m.value, dict):  # a value on any base: bare, and named
                found.append((f"misconception {m.name}, bare", float(m.value), 0))
                found.append((f"misconception {m.name}", (float(m.value), first_base), 0))
        for base, value in spec.other_bases.items():
            found += [(f"other base {base}", (float(value), next(iter(spec.expected))), 0)]
        found += [
            ("unreadable base", (float(first), "zzz"), 0),
            ("ambiguous base", (float(first), "votes cast"), 0),
            ("negated base", (float(first), f"not {first_base}"), 0),
            ("base inside a longer form", (float(first), "members sent papers"), 0),
            ("invalid is not valid", (float(first), "papers returned, invalid ones included"), 0),
            ("curly apostrophe", (float(first), "candidates\u2019 votes"), 0),
            (
                "too few decimals",
                (round(float(first), max((spec.decimals or 0) - 1, 0)), first_base),
                0,
            ),
            ("fraction", (float(first) / 100, next(iter(spec.expected))), 0),
        ]
        found += [
            ("plain wrong", (float(first) * 3 + 7.7, next(iter(spec.expected))), t) for t in ladder
        ]
        found += [("three items", (1, 2, 3), 0), ("a text", "valid votes", 0)]
    return found

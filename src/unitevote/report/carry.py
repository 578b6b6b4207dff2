"""Carry a learner's answer out of the kernel as plain JSON (this runs inside the learner's kernel).

At each check the worker asks the kernel for `carry(answer)`, a JSON text of
`unitevote.checks.plain(answer)`, and the report judges the value in its own process
(`unitevote.report.judge`): `evaluate(id, plain(answer))` gives the verdict `evaluate(id, answer)`
gives. The kernel is the learner's: whatever it returns is read as data, never as a verdict, so
code that changes `carry` or `plain` only changes the answer it hands in.
"""

from __future__ import annotations

import json

# Longest JSON text carried out (a chart with its data fits; a million-row list does not).
LIMIT = 1_000_000


def _described(answer, why: str) -> dict:
    return {"type": type(answer).__name__, "repr": why}


def carry(answer) -> str:
    """`plain(answer)` as a JSON text of at most LIMIT characters (a description when longer)."""
    from unitevote.checks import plain

    try:
        text = json.dumps(plain(answer), default=str)
    except Exception as error:  # an object whose plain form cannot be written
        text = json.dumps(_described(answer, f"(could not be carried: {type(error).__name__})"))
    if len(text) > LIMIT:
        text = json.dumps(_described(answer, f"(too long to carry: {len(text)} characters)"))
    return text

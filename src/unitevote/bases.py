"""The bases a share can be computed on, and how a learner's words name one.

A learner who chooses a base names it in their own words ("valid votes", "votes for the
candidates", "all papers returned, spoiled ones included"). `named(text)` reads which base
those words name:

- a base is named by any of its forms (`BASES`), found as whole words, so "invalid" does not
  name the valid votes; a form after "not" or "non-" does not count ("papers returned, not
  valid votes" names the papers returned); a form inside a longer form of another base does not
  count ("members sent papers" names the papers despatched);
- words that fit two bases ("votes cast", "total votes": the valid votes, or every paper
  returned?) name none, and say so (`AMBIGUOUS`), unless a base is also named outright;
- words that name two bases, or none, name none.

The exercises' checks (kind "based"), the chart checks (a share's base in its title) and the
offline site's judge (tools/site/answers.js, which reads these lists from the page's data) all
read a base this one way.
"""

from __future__ import annotations

import re

# Each base, with the forms a learner may name it by (the first is the course's own name).
BASES = {
    "valid votes": (
        "valid votes",
        "valid vote",
        "valid",
        "votes for candidates",
        "votes for the candidates",
        "for candidates",
        "for a candidate",
        "for the candidates",
        "candidates' votes",
        "candidates votes",
        "candidate votes",
        "counted for",
    ),
    "papers returned": (
        "papers returned",
        "returned",
        "ballots returned",
        "papers cast",
        "ballots cast",
        "all papers",
        "spoiled included",
        "including spoiled",
    ),
    "papers despatched": (
        "papers despatched",
        "despatched",
        "dispatched",
        "papers sent",
        "ballots sent",
        "sent",
        "balloted",
        "posted",
        "members sent",
        "members balloted",
        "members sent papers",
    ),
    "members": ("members", "member", "membership"),
}
# Words that fit more than one base: on their own they name none, and the learner is asked which.
AMBIGUOUS = ("votes cast", "total votes", "total vote", "all votes", "turnout", "votes", "vote")
# A form right after one of these does not count ("not valid", "non-valid").
NEGATIONS = ("not ", "non-", "non ")


def normal(text) -> str:
    """Lower case, one space between words, straight apostrophes (as the learner meant them)."""
    text = str(text).casefold().replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split())


def _spans(words: str, forms) -> list[tuple[int, int]]:
    """Where each of `forms` occurs in `words` as whole words, not right after a negation."""
    spans = []
    for form in forms:
        for match in re.finditer(rf"(?<![\w']){re.escape(form)}(?![\w'])", words):
            if not words[: match.start()].endswith(NEGATIONS):
                spans.append(match.span())
    return spans


def named(text) -> str | None:
    """The base (a key of `BASES`) that `text` names, or None if it names none or several.

    A form inside a longer form of another base does not count: "members sent papers" names
    the papers despatched, not also the members.
    """
    words = normal(text)
    found = [(span, base) for base, forms in BASES.items() for span in _spans(words, forms)]
    kept = {
        base
        for (start, end), base in found
        if not any(
            other != base
            and o_start <= start
            and end <= o_end
            and (o_end - o_start) > (end - start)
            for (o_start, o_end), other in found
        )
    }
    return kept.pop() if len(kept) == 1 else None


def ambiguous(text) -> bool:
    """Whether `text` names no base outright but uses words that fit more than one."""
    return named(text) is None and bool(_spans(normal(text), AMBIGUOUS))

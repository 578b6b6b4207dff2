"""The counts every exercise module reads, read one way (never typed in)."""

from ..data import load


def votes(year: int):
    """Votes by candidate in `year`, as whole numbers, indexed by candidate."""
    results = load("results")
    return results[results["election"] == year].set_index("candidate")["votes"].astype(int)


def election(year: int):
    """The `elections` row of `year` (papers despatched and returned, published turnout ...)."""
    return load("elections").set_index("election").loc[year]


def percent(part, whole) -> float:
    return 100 * float(part) / float(whole)

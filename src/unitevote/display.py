"""How the notebooks' text and tables are shown: plumbing, not part of any lesson.

Importing the package sets pandas to print tables up to 100 characters wide (the course's
output width), so no lesson needs `pd.set_option`. `print_wrapped(text)` prints a long sentence
from the data (a note, a quotation) wrapped to that width, in place of `textwrap`; `wrapped`
gives the same for a check's message.
"""

from __future__ import annotations

import textwrap

import pandas as pd

WIDTH = 98  # characters: tables and wrapped text stay within the course's 100-character outputs

pd.set_option("display.width", WIDTH + 2)


def print_wrapped(text, indent: str = "", width: int = WIDTH) -> None:
    """Print `text` wrapped to `width` characters; continuation lines start with `indent`."""
    print(textwrap.fill(str(text), width=width, subsequent_indent=indent))


def wrapped(text: str, width: int = WIDTH) -> str:
    """`text` with each of its lines wrapped at word boundaries to `width` characters, so an
    output area narrower than a long line never breaks a word in two."""
    return "\n".join(textwrap.fill(line, width=width) or line for line in text.split("\n"))

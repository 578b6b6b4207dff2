"""Reading the Vote: the plumbing behind the notebooks.

- `load(name)`: one table of the data package, validated against its schema (`DataError` if not).
- `data_dictionary(name)`: the documented columns of a table.
- `candidate_scale()`: the fixed colour of each candidate; importing the package also enables
  the collection's Altair theme and the offline `mimetype` renderer.
- `check(exercise_id, answer)`: feedback on an exercise; `progress("02")`: a notebook's exercises so far.
- `charts`: display charts used by more than one lesson, each defined once.
- `story`: text notebooks 00 and 01 write from the data (00's story paragraph, a chart's
  figures in words, 01's damaged-file demonstration).
- `print_wrapped(text)`: a long note or quotation printed wrapped to the course's width (importing
  the package also sets pandas' table width to it).

The pandas and Altair that a lesson teaches stay in the notebooks.
"""

from . import charts, lesson_0203, story
from .checks import check, progress
from .data import DataError, data_dictionary, load, tables
from .display import print_wrapped
from .theme import CANDIDATE_COLOURS, candidate_scale, start_warm_up

__all__ = [
    "CANDIDATE_COLOURS",
    "DataError",
    "candidate_scale",
    "charts",
    "check",
    "data_dictionary",
    "lesson_0203",
    "load",
    "print_wrapped",
    "progress",
    "story",
    "tables",
]

start_warm_up()

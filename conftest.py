"""Loaded by pytest for every test run, whatever paths it is given (tests/, notebooks/, one file).

It registers tests/nbval_replay.py, which checks that nbval's run of each notebook reproduces the
committed file byte for byte (pyproject's `pythonpath` makes tests/ importable), and sets what
every kernel the tests start inherits.
"""

import os
from pathlib import Path

_ROOT = Path(__file__).resolve().parent

# A table validated once (by its bytes) is not validated again by every kernel the tests start:
# unitevote.data notes it under this folder (a changed file is validated afresh). Set here, before
# any kernel starts, so every test run has it, however pytest is called.
os.environ.setdefault("UNITEVOTE_CACHE", str(_ROOT / "build" / "cache" / "validated"))

# Every kernel the tests start draws each chart's pictures afresh instead of reusing the committed
# ones (unitevote.stored_pictures): nbval's re-execution, compared byte for byte with the committed
# files, then proves that what is committed is what vl-convert draws.
os.environ.setdefault("UNITEVOTE_DRAW_AFRESH", "1")

pytest_plugins = ["nbval_replay"]

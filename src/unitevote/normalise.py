"""Strip volatile metadata from notebooks without executing them (used by pre-commit).

Usage: python -m unitevote.normalise notebooks/NN_name.ipynb [...]
Outputs are kept; only timings, machine-specific kernel metadata and missing cell ids change.
"""

import sys
from pathlib import Path

import nbformat

from .execute import normalise, write


def main(paths: list[str]) -> int:
    for name in paths:
        path = Path(name)
        write(normalise(nbformat.read(path, as_version=4), path.stem), path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

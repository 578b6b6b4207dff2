"""Re-execute notebooks in place so that running twice changes nothing.

Usage: python -m tools.execute notebooks/00_start_here.ipynb [...]   (or `make execute`)

The kernel runs on this environment's own Python (`python3` is Jupyter's native kernel, which
is the interpreter running this module), in the notebook's folder. Afterwards the notebook
keeps only metadata that does not depend on the machine or the moment (`tools.normalise`): no
timings, fixed kernel metadata, and cell ids derived from the cells' positions where a cell has
none.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from tools.normalise import KERNEL, LANGUAGE, normalise, write_notebook

__all__ = ["KERNEL", "LANGUAGE", "execute", "main", "normalise", "write_notebook"]


def execute(path: Path, timeout: int = 600) -> nbformat.NotebookNode:
    """Execute the notebook at `path` top to bottom and return it normalised (not written)."""
    path = Path(path)
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return normalise(notebook, path.stem)


def main(paths: list[str]) -> int:
    if not paths:
        print("usage: python -m tools.execute NOTEBOOK.ipynb [...]", file=sys.stderr)
        return 2
    for name in paths:
        path = Path(name)
        print(f"executing {path}", flush=True)
        write_notebook(execute(path), path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

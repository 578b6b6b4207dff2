"""Re-execute notebooks in place so that running twice changes nothing.

Usage: python -m tools.execute [--jobs N] notebooks/00_start_here.ipynb [...]   (`make execute`)

Every chart's pictures are drawn afresh (UNITEVOTE_DRAW_AFRESH=1, `unitevote.stored_pictures`):
the committed notebooks are what vl-convert draws, and `make execute` then runs `make docs`,
which records them in src/unitevote/pictures.json for learners' kernels to reuse.

With `--jobs N` (N > 1), N notebooks run at a time, each in a process of its own (largest file
first); a notebook that fails is reported and the others still run.

The kernel runs on this environment's own Python (`python3` is Jupyter's native kernel, which
is the interpreter running this module), in the notebook's folder. Afterwards the notebook
keeps only metadata that does not depend on the machine or the moment (`tools.normalise`): no
timings, fixed kernel metadata, and cell ids derived from the cells' positions where a cell has
none.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import traceback
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from tools.normalise import KERNEL, LANGUAGE, normalise
from unitevote.editions import write_notebook
from unitevote.stored_pictures import DRAW_AFRESH

__all__ = [
    "KERNEL",
    "LANGUAGE",
    "async_run",
    "execute",
    "main",
    "normalise",
    "run",
]


def _client(path: Path, timeout: int, record_timing: bool) -> NotebookClient:
    notebook = nbformat.read(path, as_version=4)
    return NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        record_timing=record_timing,
        resources={"metadata": {"path": str(Path(path).parent)}},
    )


def run(path: Path, timeout: int = 600, record_timing: bool = False) -> nbformat.NotebookNode:
    """Execute the notebook at `path` top to bottom in a fresh kernel; return it as executed.

    With `record_timing`, nbclient stores each cell's kernel timestamps in its metadata
    (`execution`), which `make bench` reads; `execute` drops them.
    """
    client = _client(Path(path), timeout, record_timing)
    client.execute()
    return client.nb


async def async_run(path: Path, timeout: int = 600) -> nbformat.NotebookNode:
    """`run` for an event loop: several notebooks, each in its own kernel, in one process."""
    client = _client(Path(path), timeout, record_timing=False)
    await client.async_execute()
    return client.nb


def execute(path: Path, timeout: int = 600) -> nbformat.NotebookNode:
    """Execute the notebook at `path` top to bottom and return it normalised (not written)."""
    return normalise(run(path, timeout), Path(path).stem)


def execute_and_write(path: Path | str) -> None:
    """Execute the notebook at `path` and write it back (normalised) in place."""
    print(f"executing {path}", flush=True)
    write_notebook(execute(Path(path)), Path(path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", metavar="NOTEBOOK.ipynb")
    parser.add_argument("--jobs", type=int, default=1, help="notebooks run at a time")
    args = parser.parse_args(argv)
    if not args.paths:
        parser.print_usage(sys.stderr)
        return 2
    os.environ[DRAW_AFRESH] = "1"  # inherited by every kernel (and worker) started from here
    if args.jobs <= 1:
        for path in args.paths:
            execute_and_write(path)
        return 0
    unique = list(dict.fromkeys(args.paths))  # one run per file: two would write it at once
    largest_first = sorted(unique, key=lambda name: -Path(name).stat().st_size)
    # "spawn": a fresh interpreter per worker, whatever threads the caller runs.
    context = multiprocessing.get_context("spawn")
    failed = []
    with ProcessPoolExecutor(max_workers=args.jobs, mp_context=context) as pool:
        futures = {path: pool.submit(execute_and_write, path) for path in largest_first}
        for path, future in futures.items():
            try:
                future.result()
            except Exception as error:  # report every failure, not only the first
                failed.append(path)
                print(f"FAILED {path}:", file=sys.stderr)
                traceback.print_exception(error, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

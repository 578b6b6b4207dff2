"""Execute one submission in its own kernel, inside the sandbox; write what happened.

Usage (by `unitevote.report.sandbox`, never by hand): python .../unitevote/report/worker.py JOB.json

Run by its file path, it imports no part of the course package (whose `__init__` loads pandas,
Altair and frictionless), only nbformat and nbclient: JOB.json names everything it needs. That
is the notebook copy to run (in a workspace folder of its own), where to write the executed
notebook and the outcome, the limits, and the output type of a check's verdict. The kernel is
this environment's Python started through `unitevote.report.kernel` (a kernel spec written into
the job folder), so the memory limit and the network log apply to the learner's code and not to
this process.

The notebook runs top to bottom and stops at the first cell that raises, as "Restart kernel and
run all" does; whatever happened is written to the outcome file:
{"outcome": "completed" | "cell time limit" | "notebook time limit" | "error" | "kernel died"
 | "could not start", "cell": index or null, "ename": ..., "evalue": ..., "capped_cells": [...]}
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

if __name__ == "__main__" and not __package__:
    # Run by path, Python put this folder first on sys.path: its sibling modules (run, page, ...)
    # are not top-level modules, and must not shadow any.
    sys.path.pop(0)

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError  # noqa: E402

KERNEL_NAME = "unitevote-report-sandbox"


def write_kernel_spec(jupyter_path: Path) -> None:
    """A kernel spec whose command starts ipykernel through the limiting launcher."""
    folder = jupyter_path / "kernels" / KERNEL_NAME
    folder.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "unitevote.report.kernel", "-f", "{connection_file}"],
        "display_name": "Python 3 (class report sandbox)",
        "language": "python",
    }
    (folder / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")


class LimitedClient(NotebookClient):
    """nbclient with a cap on the output kept and a deadline for the whole notebook."""

    def __init__(
        self,
        *args,
        output_cap: int,
        deadline: float,
        cell_timeout: int,
        verdict_mime: str,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.verdict_mime = verdict_mime  # a check's verdict is always kept, whatever the cap
        self.output_cap = output_cap  # per cell; ten times this for the whole notebook
        self.cell_kept: dict[int, int] = {}
        self.deadline = deadline
        self.cell_limit = cell_timeout
        self.kept = 0
        self.capped_cells: list[int] = []
        self.current_cell: int | None = None
        self.timeout_func = self._cell_timeout

    def _cell_timeout(self, cell) -> int:
        remaining = self.deadline - time.monotonic()
        return max(1, int(min(self.cell_limit, remaining)))

    async def async_execute_cell(self, cell, cell_index, *args, **kwargs):
        self.current_cell = cell_index
        return await super().async_execute_cell(cell, cell_index, *args, **kwargs)

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        size = len(json.dumps(content, default=str))
        is_verdict = self.verdict_mime in content.get("data", {}) and size < 100_000
        if not is_verdict:
            self.kept += size
            self.cell_kept[cell_index] = self.cell_kept.get(cell_index, 0) + size
            if self.cell_kept[cell_index] > self.output_cap or self.kept > 10 * self.output_cap:
                if cell_index not in self.capped_cells:
                    self.capped_cells.append(cell_index)
                return None
        return super().output(outs, msg, display_id, cell_index)


def run(job: dict) -> dict:
    notebook_path = Path(job["notebook"])
    notebook = nbformat.read(notebook_path, as_version=4)
    started = time.monotonic()
    client = LimitedClient(
        notebook,
        kernel_name=KERNEL_NAME,
        output_cap=int(job["output_cap"]),
        deadline=started + float(job["notebook_timeout"]),
        cell_timeout=int(job["cell_timeout"]),
        verdict_mime=str(job["verdict_mime"]),
        startup_timeout=int(job.get("startup_timeout", 120)),
        allow_errors=False,
        record_timing=False,
        shutdown_kernel="immediate",
        resources={"metadata": {"path": str(notebook_path.parent)}},
    )
    outcome: dict = {"outcome": "completed", "cell": None}
    try:
        client.execute()
    except CellTimeoutError:
        late = time.monotonic() >= client.deadline - 1
        outcome = {"outcome": "notebook time limit" if late else "cell time limit"}
    except DeadKernelError as error:
        outcome = {"outcome": "kernel died", "evalue": str(error)[:300]}
    except CellExecutionError as error:
        outcome = {
            "outcome": "error",
            "ename": error.ename,
            "evalue": str(error.evalue)[:300],
        }
    except RuntimeError as error:  # e.g. the kernel did not start
        if client.current_cell is None:
            outcome = {"outcome": "could not start", "evalue": str(error)[:300]}
        else:
            outcome = {"outcome": "kernel died", "evalue": str(error)[:300]}
    except Exception as error:  # anything else nbclient raises: report it, never crash
        outcome = {"outcome": "error", "ename": type(error).__name__, "evalue": str(error)[:300]}
    if outcome["outcome"] != "completed":
        outcome["cell"] = client.current_cell
    outcome["capped_cells"] = client.capped_cells
    outcome["seconds"] = round(time.monotonic() - started, 2)
    try:
        nbformat.write(notebook, job["executed"])
    except Exception as error:  # outputs nbformat cannot write: the verdicts are lost, not the run
        outcome["unwritten"] = f"{type(error).__name__}: {str(error)[:200]}"
    return outcome


def main(argv: list[str]) -> int:
    job = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    try:
        outcome = run(job)
    except Exception as error:  # reading the copy failed, or writing the result did
        outcome = {"outcome": "could not start", "evalue": f"{type(error).__name__}: {error}"}
    Path(job["outcome"]).write_text(json.dumps(outcome), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

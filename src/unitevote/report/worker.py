"""Drive one submission's kernel: run the prepared copy, carry each answer out, say what happened.

Usage (by `unitevote.report.sandbox`, never by hand): python .../unitevote/report/worker.py JOB.json

The worker runs outside the sandbox; only the kernel it starts runs inside (the kernel spec's
command, written by the sandbox module, wraps it). The two talk over Jupyter's ZeroMQ sockets:
files in the submission's own folder where the kernel has no network (IPC transport), loopback
TCP elsewhere. Nothing the kernel does reaches this process except those messages, which are
read as data, size-capped, and never as verdicts.

Run by its file path, it imports no part of the course package (whose `__init__` loads pandas,
Altair and frictionless), only nbformat, nbclient and jupyter_client: JOB.json names everything
it needs (the copy to run, the check cells by index, the limits, where to write the outcome).

The notebook runs top to bottom as "Restart kernel and run all" would, except that a cell that
raises does not stop it (as nbgrader's autograde runs) and a cell past its time limit is
interrupted and the run goes on. It stops at the notebook's time limit or when the kernel dies.
Before each check cell the worker asks the kernel for `carry(answer)` (JSON text, see
`unitevote.report.carry`). The outcome file (JSON) holds:

    {"outcome": "completed" | "notebook time limit" | "kernel died" | "could not start",
     "stopped_at": cell index or null, "evalue": text,
     "errors": {index: {"ename", "evalue"}}, "timed_out": [index, ...],
     "carried": {exercise: {"cell": index, "json": text} | {"cell": index, "ename", "evalue"}},
     "records": [{"cell": index, "record": object}], "capped_cells": [index, ...],
     "memory_exceeded": bool, "seconds": float}
"""

from __future__ import annotations

import ast
import json
import os
import sys
import threading
import time
from pathlib import Path

if __name__ == "__main__" and not __package__:
    # Run by path, Python put this folder first on sys.path: its sibling modules (run, page, ...)
    # are not top-level modules, and must not shadow any.
    sys.path.pop(0)

import nbformat  # noqa: E402
import zmq  # noqa: E402
import zmq.asyncio  # noqa: E402
from jupyter_client.manager import AsyncKernelManager  # noqa: E402
from jupyter_core.utils import run_sync  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbclient.exceptions import CellTimeoutError, DeadKernelError  # noqa: E402

KERNEL_NAME = "unitevote-report-sandbox"
# What the kernel evaluates at each check (a user expression: the learner's namespace).
CARRY = "__import__('unitevote.report.carry', fromlist=['carry']).carry(answer)"
# Output message types counted towards the output cap.
OUTPUT_TYPES = frozenset(
    {"stream", "display_data", "execute_result", "update_display_data", "error"}
)
RECORD_LIMIT = 20_000  # characters of a verdict record kept for the report to compare
POLL = 0.2  # seconds between two looks at the kernel's memory, where the worker watches it


def write_kernel_spec(jupyter_path: Path, argv: list[str], interrupt_by_message: bool) -> None:
    """The kernel spec whose command starts the sandboxed kernel (argv ends with -f {connection_file})."""
    folder = jupyter_path / "kernels" / KERNEL_NAME
    folder.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": argv,
        "display_name": "Python 3 (class report sandbox)",
        "language": "python",
        # A signal to the process the manager started would reach the sandbox, not the kernel.
        "interrupt_mode": "message" if interrupt_by_message else "signal",
    }
    (folder / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")


class CappedKernelManager(AsyncKernelManager):
    """A kernel manager whose client refuses any single message larger than `max_message`."""

    max_message = 64 * 1024**2

    def client(self, **kwargs):
        """A client on a ZeroMQ context whose sockets drop any message over `max_message`."""
        context = zmq.asyncio.Context()
        context.setsockopt(zmq.MAXMSGSIZE, self.max_message)
        return super().client(context=context, **kwargs)


class LimitedClient(NotebookClient):
    """nbclient that caps output, keeps going after errors, and carries each answer out."""

    def __init__(
        self, *args, output_cap: int, deadline: float, cell_timeout: int, checks, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.output_cap = output_cap  # per cell; ten times this for the whole notebook
        self.deadline = deadline
        self.cell_limit = cell_timeout
        self.checks: dict[int, str] = checks
        self.timeout_func = self._cell_timeout
        self.cell_kept: dict[int, int] = {}
        self.kept = 0
        self.capped_cells: list[int] = []
        self.current_cell: int | None = None
        self.errors: dict[int, dict] = {}
        self.timed_out: list[int] = []
        self.carried: dict[str, dict] = {}
        self.on_cell_executed = self._note_error

    def _cell_timeout(self, cell) -> int:
        remaining = self.deadline - time.monotonic()
        return max(1, int(min(self.cell_limit, remaining)))

    async def _async_handle_timeout(self, timeout, cell=None):
        if time.monotonic() >= self.deadline - 0.5:
            raise CellTimeoutError.error_from_timeout_and_cell("Notebook time limit", timeout, cell)
        if self.current_cell is not None:
            self.timed_out.append(self.current_cell)
        return await super()._async_handle_timeout(timeout, cell)

    async def _note_error(self, cell, cell_index, execute_reply):
        content = (execute_reply or {}).get("content", {})
        if content.get("status") == "error":
            self.errors[cell_index] = {
                "ename": str(content.get("ename", ""))[:200],
                "evalue": str(content.get("evalue", ""))[:500],
            }

    async def async_execute_cell(self, cell, cell_index, *args, **kwargs):
        """Run one cell; before a check cell, carry the answer out first."""
        self.current_cell = cell_index
        if cell_index in self.checks:
            self.carried[self.checks[cell_index]] = {"cell": cell_index} | await self.carry()
        return await super().async_execute_cell(cell, cell_index, *args, **kwargs)

    async def carry(self) -> dict:
        """Ask the kernel for `carry(answer)`; the JSON text, or the error it raised."""
        msg_id = self.kc.execute(
            "", silent=True, store_history=False, user_expressions={"answer": CARRY}
        )
        limit = time.monotonic() + min(self.cell_limit, max(1.0, self.deadline - time.monotonic()))
        while time.monotonic() < limit:
            try:
                reply = await self.kc.shell_channel.get_msg(timeout=limit - time.monotonic())
            except Exception:  # queue.Empty: the kernel is busy or gone
                break
            if reply.get("parent_header", {}).get("msg_id") != msg_id:
                continue  # a late reply to an interrupted cell
            result = reply.get("content", {}).get("user_expressions", {}).get("answer", {})
            if result.get("status") == "ok":
                text = result.get("data", {}).get("text/plain", "")
                try:
                    value = ast.literal_eval(text) if len(text) < 4_000_000 else None
                except (ValueError, SyntaxError, MemoryError, RecursionError):
                    value = None
                if isinstance(value, str):
                    return {"json": value}
                return {"ename": "unreadable", "evalue": "the answer did not come back as text"}
            return {
                "ename": str(result.get("ename", "error"))[:200],
                "evalue": str(result.get("evalue", ""))[:500],
            }
        return {"ename": "no reply", "evalue": "the kernel did not answer in time"}

    def process_message(self, msg, cell, cell_index):
        """Count every output message towards the cap; drop those beyond it."""
        if msg.get("msg_type") in OUTPUT_TYPES:
            size = len(json.dumps(msg.get("content", {}), default=str))
            self.kept += size
            self.cell_kept[cell_index] = self.cell_kept.get(cell_index, 0) + size
            if self.cell_kept[cell_index] > self.output_cap or self.kept > 10 * self.output_cap:
                if cell_index not in self.capped_cells:
                    self.capped_cells.append(cell_index)
                return None
        return super().process_message(msg, cell, cell_index)


def watch_memory(client: LimitedClient, limit: int, stop: threading.Event, exceeded: list) -> None:
    """Kill the kernel's processes when together they hold more than `limit` bytes (psutil).

    Used where the system enforces no memory limit (macOS, Windows): a look every POLL seconds,
    so a fast allocation can overshoot between two looks.
    """
    import psutil

    while not stop.wait(POLL):
        provisioner = getattr(client.km, "provisioner", None) if client.km else None
        process = getattr(provisioner, "process", None)
        if process is None:
            continue
        try:
            root = psutil.Process(process.pid)
            family = [root, *root.children(recursive=True)]
            used = sum(p.memory_info().rss for p in family if p.is_running())
        except (psutil.Error, OSError):
            continue
        if used > limit:
            exceeded.append(used)
            for member in reversed(family):
                try:
                    member.kill()
                except psutil.Error:
                    pass
            return


def verdict_records(notebook, mime: str) -> list[dict]:
    """Every verdict record in the executed notebook's outputs, with its cell (size-capped)."""
    found = []
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            data = output.get("data")
            if not isinstance(data, dict) or mime not in data:
                continue
            record = data[mime]
            if len(json.dumps(record, default=str)) > RECORD_LIMIT:
                record = {"too_large": True}
            found.append({"cell": index, "record": record})
    return found


def run(job: dict) -> dict:
    """Execute the copy named in `job`; return the outcome (see the module docstring)."""
    notebook_path = Path(job["notebook"])
    notebook = nbformat.read(notebook_path, as_version=4)
    started = time.monotonic()
    manager = CappedKernelManager(kernel_name=KERNEL_NAME)
    manager.max_message = max(64 * 1024**2, 4 * int(job["output_cap"]))
    # In the submission's own folder: the sandbox's /tmp is not the worker's.
    manager.connection_file = job["connection_file"]
    if job.get("ipc_path"):
        manager.transport = "ipc"
        manager.ip = job["ipc_path"]
    client = LimitedClient(
        notebook,
        km=manager,
        kernel_name=KERNEL_NAME,
        output_cap=int(job["output_cap"]),
        deadline=started + float(job["notebook_timeout"]),
        cell_timeout=int(job["cell_timeout"]),
        checks={int(index): exercise for index, exercise in job["checks"].items()},
        startup_timeout=int(job.get("startup_timeout", 120)),
        allow_errors=True,
        interrupt_on_timeout=True,
        error_on_timeout={"ename": "CellTimeoutError", "evalue": "cell time limit"},
        record_timing=False,
        shutdown_kernel="immediate",
        resources={"metadata": {"path": str(notebook_path.parent)}},
    )
    stop, exceeded = threading.Event(), []
    if job.get("memory_watch"):
        threading.Thread(
            target=watch_memory,
            args=(client, int(job["memory_watch"]), stop, exceeded),
            daemon=True,
        ).start()
    outcome: dict = {"outcome": "completed", "stopped_at": None}
    try:
        client.execute()
    except CellTimeoutError:
        outcome = {"outcome": "notebook time limit"}
    except DeadKernelError as error:
        outcome = {"outcome": "kernel died", "evalue": str(error)[:300]}
    except Exception as error:  # the kernel did not start, or died while starting
        started_cells = client.current_cell is not None
        outcome = {
            "outcome": "kernel died" if started_cells else "could not start",
            "evalue": f"{type(error).__name__}: {str(error)[:300]}",
        }
    finally:
        stop.set()
        try:  # the manager is ours, so nbclient leaves the kernel running: stop it now
            run_sync(manager.shutdown_kernel)(now=True)
        except Exception:
            pass
    if outcome["outcome"] != "completed":
        outcome["stopped_at"] = client.current_cell
    outcome |= {
        "errors": {str(index): error for index, error in client.errors.items()},
        "timed_out": client.timed_out,
        "carried": client.carried,
        "records": verdict_records(notebook, job["verdict_mime"]),
        "capped_cells": client.capped_cells,
        "memory_exceeded": bool(exceeded),
        "seconds": round(time.monotonic() - started, 2),
    }
    return outcome


def main(argv: list[str]) -> int:
    """Run the job file named in `argv`; write its outcome file whatever happens."""
    job = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    try:
        outcome = run(job)
    except Exception as error:  # reading the copy failed
        outcome = {"outcome": "could not start", "evalue": f"{type(error).__name__}: {error}"}
    Path(job["outcome"]).write_text(json.dumps(outcome, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    raise SystemExit(main(sys.argv[1:]))

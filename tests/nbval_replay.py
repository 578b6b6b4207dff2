"""nbval's run of a notebook, kept: the file it executes must be the committed one, byte for byte.

Loaded for every test run by the repository's conftest.py. With `--nbval` (pyproject's addopts),
nbval collects every code cell of every notebook as a test, runs the cells in order in one fresh
kernel per notebook and compares each cell's outputs with the stored ones (strict: every cell and
every output, except the PNG bytes and the metadata, which nbval leaves out).

This plugin adds one more test after a notebook's last cell, "re-executed file is
byte-identical": the kernel messages nbval read for each cell are replayed through nbclient's own
message handling (`NotebookClient.process_message`, what `make execute` runs), the notebook is
normalised and written as `make execute` writes it (`tools.normalise.normalise`,
`unitevote.editions.write_notebook`, into build/nbval/), and its bytes must equal the committed
file's: every output (PNG included), execution count, metadata and cell id. One execution per
notebook thus carries both nbval's per-cell report and `make execute`'s reproducibility.

For the replay to be nbclient's, each cell is sent as nbclient sends it (`store_history=True`, and
stop on error unless the cell is tagged `raises-exception`) where nbval sends
`store_history=False`, which would leave execution counts and `Out` unset. A blank cell, which
nbclient does not send at all, is sent without history so that it counts nothing, and is left as
committed.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import nbformat
import pytest
from nbval.plugin import IPyNbCell, IPyNbFile

# nbclient, the course's package and tools are imported when a notebook is checked, not whenever
# pytest starts (conftest.py loads this module for every run).

OUT = "build/nbval"  # under the repository: the notebooks as re-executed by the last run
ITEM_NAME = "re-executed file is byte-identical"
RAISES = "raises-exception"  # the cell tag with which nbclient and nbval both accept an error


class Recording:
    """What nbval sent and received for one notebook: per code cell (nbval's cell_num), the
    kernel's IOPub messages in the order they arrived."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.committed = b""
        self.current: IPyNbCell | None = None
        self.messages: dict[int, list[dict]] = {}  # cell_num -> messages
        self._by_msg_id: dict[str, list[dict]] = {}

    def sent(self, msg_id: str) -> None:
        self._by_msg_id[msg_id] = self.messages[self.current.cell_num] = []

    def received(self, msg: dict) -> None:
        found = self._by_msg_id.get(msg.get("parent_header", {}).get("msg_id"))
        if found is not None:
            found.append(msg)


def replay(notebook: nbformat.NotebookNode, messages: dict[int, list[dict]]):
    """`notebook` (changed in place) with each code cell's outputs rebuilt from its messages by
    nbclient, and execution counts as nbclient gives them (1, 2, ... over the cells it runs)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionComplete

    client = NotebookClient(notebook, record_timing=False)
    client.reset_execution_trackers()
    executed = 0
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for cell_num, cell in enumerate(code_cells):
        if not cell.source.strip():
            continue
        executed += 1
        cell.outputs = []
        client.clear_before_next_output = False
        for msg in messages[cell_num]:
            try:
                client.process_message(msg, cell, notebook.cells.index(cell))
            except CellExecutionComplete:
                break
        cell.execution_count = executed
    return notebook


def difference(committed: bytes, produced: bytes) -> str:
    """Where a re-executed notebook differs: the first differing cells, then a short diff."""
    old, new = (
        nbformat.reads(data.decode("utf-8"), as_version=4) for data in (committed, produced)
    )
    report = []
    if len(old.cells) != len(new.cells):
        report.append(f"cell count {len(old.cells)} -> {len(new.cells)}")
    for index, (a, b) in enumerate(zip(old.cells, new.cells, strict=False)):
        if a != b:
            keys = sorted(key for key in set(a) | set(b) if a.get(key) != b.get(key))
            report.append(f"cell {index} (id {a.get('id')}) differs in {keys}: {a.source[:60]!r}")
    if old.metadata != new.metadata:
        report.append("notebook metadata differs")
    lines = difflib.unified_diff(
        committed.decode("utf-8").splitlines(),
        produced.decode("utf-8").splitlines(),
        "committed",
        "re-executed",
        n=1,
        lineterm="",
    )
    return "\n".join(report[:10] + list(lines)[:40])


class NotByteIdentical(AssertionError):
    pass


class ReexecutedFile(pytest.Item):
    """The notebook as nbval's run executed it, written as `make execute` writes it, compared
    with the committed file byte for byte."""

    def runtest(self) -> None:
        from tools.normalise import normalise
        from unitevote.editions import write_notebook
        from unitevote.pattern import ROOT

        recording: Recording = self.parent.unitevote_recording
        notebook = nbformat.reads(recording.committed.decode("utf-8"), as_version=4)
        code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
        missing = [
            number
            for number, cell in enumerate(code_cells)
            if cell.source.strip() and number not in recording.messages
        ]
        if missing:
            pytest.skip(f"code cells {missing} did not run in this session (deselected)")
        replay(notebook, recording.messages)
        produced = ROOT / OUT / recording.path.name
        write_notebook(normalise(notebook, recording.path.stem), produced)
        if produced.read_bytes() != recording.committed:
            raise NotByteIdentical(difference(recording.committed, produced.read_bytes()))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, NotByteIdentical):
            return (
                f"re-executing {self.parent.path.name} changes it (the re-executed file is "
                f"build/nbval/{self.parent.path.name}; run `make execute` and commit, or make "
                f"the output deterministic):\n{excinfo.value}"
            )
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self):
        return self.path, None, f"{self.parent.path.name}::{self.name}"


def _record(collector: IPyNbFile) -> None:
    """Wrap one notebook's collector so that its run is recorded and checked at the end."""
    recording = collector.unitevote_recording = Recording(collector.path)
    collect, setup, get_message = (
        collector.collect,
        collector.setup,
        collector.get_kernel_message,
    )

    def recorded_collect():
        recording.committed = recording.path.read_bytes()
        for item in collect():
            if isinstance(item, IPyNbCell):
                item.runtest = _marking(item, recording)
                item.add_marker(pytest.mark.slow)  # every cell runs in the notebook's kernel
            yield item
        check = ReexecutedFile.from_parent(collector, name=ITEM_NAME)
        check.add_marker(pytest.mark.slow)
        yield check

    def recorded_setup():
        setup()
        kernel = collector.kernel

        def execute_cell_input(cell_input: str, allow_stdin=None) -> str:
            tags = recording.current.cell.metadata.get("tags", [])
            msg_id = kernel.kc.execute(
                cell_input,
                store_history=bool(cell_input.strip()),
                allow_stdin=False,
                stop_on_error=RAISES not in tags,
            )
            recording.sent(msg_id)
            return msg_id

        kernel.execute_cell_input = execute_cell_input

    def recorded_message(timeout=None, stream="iopub"):
        msg = get_message(timeout=timeout, stream=stream)
        if stream == "iopub":
            recording.received(msg)
        return msg

    collector.collect = recorded_collect
    collector.setup = recorded_setup
    collector.get_kernel_message = recorded_message


def _marking(item: IPyNbCell, recording: Recording):
    runtest = item.runtest

    def run():
        recording.current = item
        return runtest()

    return run


@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path, parent):
    collectors = yield
    for collector in collectors or []:
        if isinstance(collector, IPyNbFile):
            _record(collector)
    return collectors

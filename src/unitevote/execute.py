"""Re-execute notebooks in place so that running twice changes nothing.

Usage: python -m unitevote.execute notebooks/00_start_here.ipynb [...]

The kernel runs on this environment's own Python (`python3` is Jupyter's native kernel, which
is the interpreter running this module), in the notebook's folder. Afterwards the notebook
keeps only metadata that does not depend on the machine or the moment: no timings, fixed
kernel metadata, and cell ids derived from the cells' positions where a cell has none.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE = {"name": "python", "file_extension": ".py", "mimetype": "text/x-python"}


def normalise(notebook: nbformat.NotebookNode, stem: str) -> nbformat.NotebookNode:
    """Drop what varies from run to run; give every cell a stable id."""
    notebook.metadata = nbformat.from_dict(
        {
            key: value
            for key, value in {
                "kernelspec": KERNEL,
                "language_info": LANGUAGE,
                "unitevote": notebook.metadata.get("unitevote"),
            }.items()
            if value is not None
        }
    )
    seen = set()
    for index, cell in enumerate(notebook.cells):
        cell.metadata.pop("execution", None)
        cell.metadata.pop("collapsed", None)
        cell.metadata.pop("scrolled", None)
        cell.metadata.pop("trusted", None)  # JupyterLab adds it to unsigned notebooks on open
        if cell.cell_type == "code":
            cell.outputs = merge_streams(cell.outputs)
        if not cell.get("id") or cell.id in seen:
            cell.id = f"{stem}-{index:03d}"
        seen.add(cell.id)
    notebook.nbformat, notebook.nbformat_minor = 4, 5
    return notebook


def merge_streams(outputs: list) -> list:
    """Join consecutive writes to the same stream: how a print is split into chunks varies by run."""
    merged = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            output.output_type == "stream"
            and previous is not None
            and previous.output_type == "stream"
            and previous.name == output.name
        ):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def execute(path: Path, timeout: int = 600) -> nbformat.NotebookNode:
    """Execute the notebook at `path` top to bottom and return it normalised (not written)."""
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


def write(notebook: nbformat.NotebookNode, path: Path) -> None:
    nbformat.validate(notebook)
    path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")


def main(paths: list[str]) -> int:
    if not paths:
        print("usage: python -m unitevote.execute NOTEBOOK.ipynb [...]", file=sys.stderr)
        return 2
    for name in paths:
        path = Path(name)
        print(f"executing {path}", flush=True)
        write(execute(path), path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

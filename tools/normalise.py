"""Strip volatile metadata from notebooks without executing them (used by pre-commit).

Usage: python -m tools.normalise notebooks/NN_name.ipynb [...]

Outputs are kept; only timings, machine-specific kernel and notebook metadata and missing cell ids
change. Notebooks are written by `unitevote.editions.write_notebook`, the one way every tool
writes one.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ClearMetadataPreprocessor, CoalesceStreamsPreprocessor

from unitevote.editions import write_notebook

__all__ = ["KEPT_CELL_METADATA", "KERNEL", "LANGUAGE", "main", "normalise"]

KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE = {"name": "python", "file_extension": ".py", "mimetype": "text/x-python"}
# Cell metadata that carries meaning (roles, hidden inputs, slides); everything else, e.g.
# `execution` timings, `collapsed`, `scrolled`, `trusted`, jupytext's `lines_to_next_cell`, goes.
KEPT_CELL_METADATA = {"tags", "jupyter", "editable", "deletable", "slideshow"}


def normalise(notebook: nbformat.NotebookNode, stem: str) -> nbformat.NotebookNode:
    """Drop what varies from run to run; give every cell a stable id. Changes `notebook`.

    nbconvert's preprocessors do the work: ClearMetadataPreprocessor keeps only
    KEPT_CELL_METADATA (it handles code cells; markdown cells are filtered the same way here), and
    CoalesceStreamsPreprocessor joins consecutive writes to the same stream (how a print is split
    into chunks varies by run). nbclient's own `coalesce_streams` is not used: it merges
    non-consecutive streams too, which reorders stdout against displayed outputs.
    """
    resources: dict = {}
    clear = ClearMetadataPreprocessor(
        clear_notebook_metadata=False, preserve_cell_metadata_mask=KEPT_CELL_METADATA
    )
    notebook, resources = clear.preprocess(notebook, resources)
    notebook, resources = CoalesceStreamsPreprocessor().preprocess(notebook, resources)
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
        if cell.cell_type != "code":
            cell.metadata = nbformat.from_dict(
                {key: value for key, value in cell.metadata.items() if key in KEPT_CELL_METADATA}
            )
        else:
            cell.metadata = nbformat.from_dict(cell.metadata)
        if not cell.get("id") or cell.id in seen:
            cell.id = f"{stem}-{index:03d}"
        seen.add(cell.id)
    notebook.nbformat, notebook.nbformat_minor = 4, 5
    return notebook


def main(paths: list[str]) -> int:
    for name in paths:
        path = Path(name)
        write_notebook(normalise(nbformat.read(path, as_version=4), path.stem), path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Re-executing every notebook reproduces the committed file byte for byte, with no network.

This is the run's only execution of the committed notebooks: it also serves as nbval's
comparison (every output of every cell, and more: metadata and bytes), so `make test` does not
run nbval. One pass over all notebooks, through the same code path as `make execute`
(`tools.execute.execute` + `write_notebook`, i.e. `nbformat.writes(nb) + "\\n"`), on copies in a
temporary folder laid out like the repository (notebooks/, with data/ and docs/ reachable).

Where the machine allows it (root, `unshare`, `ip`), that single pass runs inside a new network
namespace in which only loopback is up (the kernel talks to nbclient over 127.0.0.1), and the
namespace is checked to have no other interface: a notebook that reaches the network fails. The
notebooks run `python -m tools.execute --jobs N` (N: one per CPU, up to four).
Otherwise the notebooks run in this process and the test reports why the offline part was skipped.
"""

import difflib
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from browser import namespace_unavailable

from tools.execute import execute, write_notebook
from unitevote.pattern import ROOT, notebook_paths

NOTEBOOKS = notebook_paths()
DATA = Path(os.environ.get("UNITEVOTE_DATA", ROOT / "data"))

# Inside the namespace: bring loopback up and prove it is the only interface.
OFFLINE_PROLOGUE = (
    "set -e; ip link set lo up; "
    'links=$(ip -o link show | grep -vc ": lo:" || true); '
    'if [ "$links" != 0 ]; then echo "$links interface(s) besides lo:" >&2; '
    "ip -o link show >&2; exit 97; fi; set +e; "
)
JOBS = max(1, min(4, os.cpu_count() or 1))


def offline_unavailable() -> str | None:
    """Why the re-execution cannot run in a network namespace here, or None if it can."""
    return namespace_unavailable(tools=("unshare", "ip"))


def workspace(tmp_path: Path) -> list[Path]:
    """Copies of the notebooks in a folder shaped like the repository; returns their paths."""
    (tmp_path / "notebooks").mkdir()
    for name in ("data", "docs"):
        source = DATA if name == "data" else ROOT / name
        if source.exists():
            (tmp_path / name).symlink_to(source, target_is_directory=True)
    copies = []
    for path in NOTEBOOKS:
        copy = tmp_path / "notebooks" / path.name
        shutil.copyfile(path, copy)
        copies.append(copy)
    return copies


def jupyter_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, UNITEVOTE_DATA=str(DATA), PYDEVD_DISABLE_FILE_VALIDATION="1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    for variable, folder in (
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
    ):
        env[variable] = str(tmp_path / "jupyter" / folder)
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    return env


def offline_script(copies: list[Path]) -> str:
    """Shell script: the prologue, then `python -m tools.execute --jobs JOBS` on every copy."""
    files = " ".join(shlex.quote(str(path)) for path in copies)
    return (
        OFFLINE_PROLOGUE
        + f"exec {shlex.quote(sys.executable)} -m tools.execute --jobs {JOBS} {files}"
    )


def execute_offline(copies: list[Path], tmp_path: Path) -> None:
    result = subprocess.run(
        ["unshare", "-n", "sh", "-c", offline_script(copies)],
        cwd=tmp_path,
        env=jupyter_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=600 * max(1, len(copies)),
    )
    assert result.returncode == 0, (
        "re-execution with no network failed (a notebook may be reaching the network or raising):\n"
        f"{result.stdout[-4000:]}\n{result.stderr[-8000:]}"
    )


def execute_here(copies: list[Path]) -> None:
    for copy in copies:
        write_notebook(execute(copy), copy)


def difference(committed: Path, produced: Path) -> str:
    """Where the re-executed notebook differs: the first differing cells, then a short diff."""
    old, new = (nbformat.read(path, as_version=4) for path in (committed, produced))
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
        committed.read_text(encoding="utf-8").splitlines(),
        produced.read_text(encoding="utf-8").splitlines(),
        "committed",
        "re-executed",
        n=1,
        lineterm="",
    )
    return "\n".join(report[:10] + list(lines)[:40])


@pytest.mark.slow
def test_reexecution_is_byte_identical_and_offline(tmp_path):
    if not NOTEBOOKS:
        pytest.skip("no notebooks yet")
    copies = workspace(tmp_path)
    reason = offline_unavailable()
    if reason is None:
        execute_offline(copies, tmp_path)
    else:
        execute_here(copies)
    changed = {
        path.name: difference(path, copy)
        for path, copy in zip(NOTEBOOKS, copies, strict=True)
        if path.read_bytes() != copy.read_bytes()
    }
    assert not changed, (
        "re-executing changes these notebooks (run `make execute` and commit, or make their "
        "output deterministic):\n"
        + "\n\n".join(f"== {name}\n{detail}" for name, detail in changed.items())
    )
    if reason is not None:
        pytest.skip(
            f"notebooks re-execute byte-identically, but the offline run was skipped: {reason}"
        )

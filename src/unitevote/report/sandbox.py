"""Run one submission's worker in a sandbox: a copy of its notebook, limits, no network.

Each submission gets a job folder of its own:

    job/ws/notebooks/<file>.ipynb   the copy that runs (the kernel's working folder)
    job/ws/data/, job/ws/docs/      copies of the course data and docs (`../data`, `../docs`)
    job/home, job/tmp, job/runtime  HOME, TMPDIR and Jupyter's runtime files
    job/executed.ipynb, job/outcome.json   what the worker writes back

On Linux, where `unshare` is permitted (root, or unprivileged user namespaces), the worker and its
kernel run in new network, mount and PID namespaces: only loopback is up (the kernel talks to the
worker over 127.0.0.1), every file system is remounted read-only except the job folder, and
killing the sandbox kills every process the submission started. Elsewhere the worker runs as an
ordinary process, and `probe()` says why.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .. import pattern
from ..data import DATA_DIR
from . import worker as worker_module
from .worker import write_kernel_spec

DOCS_DIR = pattern.ROOT / "docs"
# Files the course may place beside the notebooks that the learner's copy can link to.
DOCS_KEPT = ("glossary.md",)
PASSED_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "PYTHONPATH", "SYSTEMROOT")

# Inside the namespaces: loopback up and alone; every mount read-only except the job folder.
PROLOGUE = r"""set -e
ip link set lo up
links=$(ip -o link show | grep -vc ": lo:" || true)
if [ "$links" != 0 ]; then echo "network interfaces besides loopback: $links" >&2; exit 97; fi
mount --make-rprivate /
mount --bind "$JOB" "$JOB"
awk '{print $2}' /proc/self/mounts | sort -u | while read -r point; do
  case "$point" in
    "$JOB"|/proc|/proc/*|/sys|/sys/*|/dev|/dev/*) ;;
    *) mount -o remount,bind,ro "$point" 2>/dev/null || true ;;
  esac
done
set +e
"""


@dataclass(frozen=True)
class Limits:
    cell_timeout: int = 60  # seconds per cell
    notebook_timeout: int = 300  # seconds per notebook
    memory: int = 2 * 1024**3  # bytes the kernel may hold (RLIMIT_DATA)
    output_cap: int = 2 * 1024**2  # bytes of output kept per cell (ten times that per notebook)
    file_size: int = 100 * 1024**2  # largest file the kernel may write
    startup_timeout: int = 120  # seconds for a kernel to start


# The sandboxes running now (process ids of their session leaders), to stop them on Ctrl-C.
RUNNING: set[int] = set()


def stop_all() -> None:
    """Kill every sandbox still running (each is a session of its own, out of Ctrl-C's reach)."""
    for pid in list(RUNNING):
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
        RUNNING.discard(pid)


def _works(command: list[str]) -> tuple[bool, str]:
    try:
        result = subprocess.run(
            [*command, "sh", "-c", "ip link set lo up && mount --make-rprivate /"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return False, str(error)
    return result.returncode == 0, result.stderr.strip()


@cache
def probe() -> tuple[list[str] | None, str]:
    """The `unshare` command that isolates a submission here, or None and the reason why not."""
    if not sys.platform.startswith("linux"):
        return None, f"network and file-system isolation needs Linux namespaces ({sys.platform})"
    missing = [tool for tool in ("unshare", "ip", "mount") if shutil.which(tool) is None]
    if missing:
        return None, f"{', '.join(missing)} not installed, so no network namespace"
    base = ["unshare", "--net", "--mount", "--pid", "--fork", "--kill-child", "--mount-proc"]
    ok, why = _works(base)
    if ok:
        return base, "network, mount and PID namespaces (loopback only, read-only file systems)"
    ok_user, why_user = _works([base[0], "--map-root-user", *base[1:]])
    if ok_user:
        return [base[0], "--map-root-user", *base[1:]], (
            "user, network, mount and PID namespaces (loopback only, read-only file systems)"
        )
    return None, f"`unshare` is not permitted here ({why or why_user})"


def prepare(job: Path, submission: Path, name: str) -> Path:
    """Lay out the job folder; return the copy of the notebook that will run."""
    work = job / "ws"
    (work / "notebooks").mkdir(parents=True)
    copy = work / "notebooks" / name
    shutil.copyfile(submission, copy)
    if DATA_DIR.is_dir():
        shutil.copytree(DATA_DIR, work / "data")
    (work / "docs").mkdir()
    for file in DOCS_KEPT:
        if (DOCS_DIR / file).is_file():
            shutil.copyfile(DOCS_DIR / file, work / "docs" / file)
    for folder in ("home", "tmp", "runtime", "config", "jupyter"):
        (job / folder).mkdir()
    write_kernel_spec(job / "jupyter")
    return copy


def files_in(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*") if not path.is_dir()}


def environment(job: Path, limits: Limits, cache: Path | None = None) -> dict[str, str]:
    env = {key: os.environ[key] for key in PASSED_ENV if key in os.environ}
    if cache is not None:  # compiled modules, written by `warm_cache` (read-only in the sandbox)
        env["PYTHONPYCACHEPREFIX"] = str(cache)
    home = job / "home"
    env.update(
        HOME=str(home),
        TMPDIR=str(job / "tmp"),
        IPYTHONDIR=str(home / ".ipython"),
        MPLCONFIGDIR=str(home / ".matplotlib"),
        XDG_CACHE_HOME=str(home / ".cache"),
        JUPYTER_PATH=str(job / "jupyter"),
        JUPYTER_CONFIG_DIR=str(job / "config"),
        JUPYTER_DATA_DIR=str(job / "jupyter"),
        JUPYTER_RUNTIME_DIR=str(job / "runtime"),
        JUPYTER_PLATFORM_DIRS="1",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
        PYTHONDONTWRITEBYTECODE="1",
        UNITEVOTE_DATA=str(job / "ws" / "data"),
        UNITEVOTE_REPORT_LIMITS=json.dumps(
            {
                "memory": limits.memory,
                "file_size": limits.file_size,
                "cpu_seconds": limits.notebook_timeout + 60,
                "network_log": str(job / "network.log"),
            }
        ),
        JOB=str(job),
    )
    return env


def run_worker(
    job: Path, copy: Path, limits: Limits, cache: Path | None = None, trusted: bool = False
) -> dict:
    """Run the worker for the copy at `copy`; return its outcome (never raises).

    `trusted` (the course's own notebook, run by `warm_cache`): no sandbox, and the compiled
    modules it imports are written to `cache`.
    """
    spec = {
        "notebook": str(copy),
        "executed": str(job / "executed.ipynb"),
        "outcome": str(job / "outcome.json"),
        "cell_timeout": limits.cell_timeout,
        "notebook_timeout": limits.notebook_timeout,
        "output_cap": limits.output_cap,
        "startup_timeout": limits.startup_timeout,
        "verdict_mime": pattern.CHECK_MIME,
    }
    (job / "job.json").write_text(json.dumps(spec), encoding="utf-8")
    # The worker runs by its file path, not `-m unitevote.report.worker`: importing the package
    # would load pandas, Altair and frictionless (about 1 s per submission) for a process that
    # only drives nbclient. The kernel it starts imports them, as the notebook needs them.
    worker = [sys.executable, str(Path(worker_module.__file__)), str(job / "job.json")]
    isolation, _ = probe()
    if isolation and not trusted:
        script = PROLOGUE + "exec " + " ".join(shlex.quote(part) for part in worker) + "\n"
        command = [*isolation, "sh", "-c", script]
    else:
        command = worker
    hard_limit = limits.notebook_timeout + limits.startup_timeout + 60
    log = job / "worker.log"
    with open(log, "wb") as stream:
        process = subprocess.Popen(
            command,
            cwd=copy.parent,
            env=environment(job, limits, cache)
            | ({"PYTHONDONTWRITEBYTECODE": ""} if trusted else {}),
            stdin=subprocess.DEVNULL,
            stdout=stream,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        RUNNING.add(process.pid)
        try:
            process.wait(timeout=hard_limit)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return {"outcome": "notebook time limit", "cell": None, "hard": True}
        finally:
            RUNNING.discard(process.pid)
    try:
        return json.loads((job / "outcome.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        tail = log.read_bytes()[-600:].decode("utf-8", "replace").strip()
        return {"outcome": "lost", "evalue": tail or f"exit status {process.returncode}"}


def compiled_on_install(packages=("pandas", "altair", "frictionless", "ipykernel")) -> bool:
    """Whether the packages a kernel imports carry their compiled modules (`make env` compiles
    them on install, `uv pip sync --compile-bytecode`; so do conda and pip by default)."""
    for name in packages:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.origin:
            return False
        if not Path(importlib.util.cache_from_source(spec.origin)).exists():
            return False
    return True


def warm_cache(scratch: Path, notebooks: list[Path], limits: Limits) -> Path | None:
    """Compile, once, every module the course's notebooks import, into a cache the sandboxes read.

    Nothing to do, and None, where the environment was installed with its compiled modules.

    Each course notebook a submission comes from is run once as the teacher wrote it (trusted
    code, no sandbox) with Python writing its compiled modules to `scratch/pycache`. Every kernel
    then imports pandas, Altair and the rest from there instead of compiling them again (a machine
    may keep no compiled files at all, PYTHONDONTWRITEBYTECODE). Inside the sandbox the cache is
    read-only, so a submission cannot leave code there for the next one.
    """
    if compiled_on_install():
        return None
    cache = scratch / "pycache"
    cache.mkdir(exist_ok=True)
    for number, notebook in enumerate(notebooks):
        job = scratch / f"warm-{number}"
        try:
            copy = prepare(job, notebook, notebook.name)
            run_worker(job, copy, limits, cache, trusted=True)
        except Exception:  # a slower report, not a failed one
            pass
        finally:
            shutil.rmtree(job, ignore_errors=True)
    return cache

"""Run one submission in a sandbox: its own kernel, on a copy, with limits; and say what held.

Each submission gets a job folder of its own. The worker (`worker.py`) runs outside the sandbox
and writes `outcome.json` there; only `box/` is visible to the learner's kernel:

    job/job.json, job/outcome.json, job/worker.log, job/jupyter/   the worker's, out of reach
    job/box/ws/notebooks/<file>.ipynb   the copy that runs (the kernel's working folder)
    job/box/ws/data/, job/box/ws/docs/  copies of the course data and docs (`../data`, `../docs`)
    job/box/home, job/box/run           HOME; the connection file and the kernel's sockets

**Linux with bubblewrap** (`bwrap`, Debian's `bubblewrap`; Flatpak's sandbox) builds the kernel's
world from outside and drops every capability, so nothing inside can undo it: new user, network
(loopback only; the kernel talks to the worker over socket files in `box/run`), mount, PID, IPC
and UTS namespaces; a read-only view of the system's programs and libraries and of the Python
environment, and nothing else of the machine (no home folders, no other submissions, no
`data/`); `box/` writable; a private, size-limited `/tmp` and `/dev/shm`; `no_new_privs`; every
process killed with the sandbox. **Control groups**, where the machine lets the report create
them (root, or a delegated cgroup v2 subtree), cap the processes and the memory of each
submission, shared memory and `mmap` included. Elsewhere the limits fall back on what the kernel
can set on itself (`kernel.py`) or, on macOS and Windows, on the worker's watch; `probe()` finds
out what this machine allows and `Isolation.protections()` says it in the report's words.
"""

from __future__ import annotations

import atexit
import errno
import importlib.util
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .. import pattern
from ..data import DATA_DIR

__all__ = [
    "LOOPBACK_PROLOGUE",
    "Isolation",
    "Limits",
    "Protection",
    "loopback_namespace_problem",
    "prepare_job",
    "probe",
    "read_learner_file",
    "run_job",
    "stop_all",
    "unisolated",
    "warm_cache",
]

DOCS_DIR = pattern.ROOT / "docs"
# Files the course may place beside the notebooks that the learner's copy can link to.
DOCS_KEPT = ("glossary.md",)
# UNITEVOTE_CACHE: the tables the report validated (`unitevote.data`), a folder the sandbox binds
# read-only, so that each kernel does not validate the course's data again.
PASSED_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "PYTHONPATH", "SYSTEMROOT", "UNITEVOTE_CACHE")

# Shell lines to run first inside a new network namespace (`unshare -n sh -c ...`): bring
# loopback up, then exit 97 if any other interface exists. The offline re-execution test and the
# browser tests start from these lines (the report itself uses bubblewrap, which does the same).
LOOPBACK_PROLOGUE = r"""set -e
ip link set lo up
links=$(ip -o link show | grep -vc ": lo:" || true)
if [ "$links" != 0 ]; then
  echo "network interfaces besides loopback: $links" >&2; ip -o link show >&2; exit 97
fi
set +e
"""


def loopback_namespace_problem(tools: tuple[str, ...] = ("unshare", "ip")) -> str | None:
    """Why a loopback-only network namespace (`unshare -n`) cannot be made here, or None.

    `tools`: the commands the caller needs besides (for example `nsenter`); each must be on PATH.
    The probe runs `unshare -n sh -c "ip link set lo up"`, as the callers will.
    """
    if not sys.platform.startswith("linux"):
        return f"network namespaces need Linux ({sys.platform})"
    for tool in tools:
        if shutil.which(tool) is None:
            return f"`{tool}` is not installed"
    try:
        probe = subprocess.run(
            ["unshare", "-n", "sh", "-c", "ip link set lo up"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"`unshare -n` failed: {error}"
    if probe.returncode != 0:
        user = "root" if os.geteuid() == 0 else "not root"
        return f"`unshare -n` is not permitted ({user}): {probe.stderr.strip()}"
    return None


@dataclass(frozen=True)
class Limits:
    """What one submission may use."""

    cell_timeout: int = 60  # seconds per cell (then it is interrupted and the run goes on)
    notebook_timeout: int = 300  # seconds per notebook (then the run stops)
    memory: int = 2 * 1024**3  # bytes the kernel may hold
    output_cap: int = 2 * 1024**2  # bytes of output kept per cell (ten times that per notebook)
    file_size: int = 100 * 1024**2  # largest file the kernel may write
    startup_timeout: int = 120  # seconds for a kernel to start
    processes: int = 256  # processes and threads (a kernel runs a few dozen threads)
    scratch: int = 256 * 1024**2  # bytes of the private /tmp, and of /dev/shm


@dataclass(frozen=True)
class Protection:
    """One protection, whether it held for this run, and how (or why not), in a teacher's words."""

    name: str
    held: bool
    detail: str


@dataclass(frozen=True)
class Group:
    """A control group hierarchy the report can create job groups in."""

    version: int  # 1 or 2
    controllers: tuple[str, ...]  # of "pids", "memory"
    parent: Path  # the report's own group: job groups are made under it


@dataclass(frozen=True)
class Isolation:
    """What this machine allows: bubblewrap's command, control groups, the platform."""

    bwrap: tuple[str, ...] | None  # the bwrap command's start, or None
    why_not: str  # why there is no bubblewrap sandbox ("" when there is)
    groups: tuple[Group, ...] = ()
    groups_note: str = ""  # why there are no control groups ("" when there are)
    binds: tuple[str, ...] = ()  # the Python environment's folders, bound read-only
    platform: str = sys.platform
    root: bool = False

    def controls(self, controller: str) -> bool:
        """Whether a job group can limit `controller` ("pids" or "memory") here."""
        return any(controller in group.controllers for group in self.groups)

    @property
    def memory_mode(self) -> str:
        """ "cgroup", "address space" (RLIMIT_AS), or "watch" (the worker looks, psutil)."""
        if self.controls("memory"):
            return "cgroup"
        if self.platform.startswith("linux"):
            return "address space"
        return "watch"

    @property
    def process_mode(self) -> str | None:
        """ "cgroup", "rlimit" (inside a user namespace of its own), or None."""
        if self.controls("pids"):
            return "cgroup"
        if self.bwrap and not self.root:
            return "rlimit"
        return None

    def protections(self, limits: Limits) -> list[Protection]:
        """Each protection of this run, held or not, in the words the report prints."""
        mb = 1024**2
        box = bool(self.bwrap)
        lacking = self.why_not or "no bubblewrap"
        result = [
            Protection(
                "own kernel, on a copy",
                True,
                "each notebook runs in a kernel of its own, on a copy; the file handed in is "
                "never changed, and its saved outputs are not read as results",
            ),
            Protection(
                "time",
                True,
                f"{limits.cell_timeout} s per cell (then interrupted), "
                f"{limits.notebook_timeout} s per notebook",
            ),
            Protection(
                "output",
                True,
                f"{limits.output_cap // mb} MB per cell, {10 * limits.output_cap // mb} MB per "
                "notebook, every kind of output counted",
            ),
            Protection(
                "network",
                box,
                "none: a network namespace of its own, loopback only"
                if box
                else f"NOT blocked: the notebook can reach the network ({lacking})",
            ),
            Protection(
                "files",
                box,
                "sees only the system's programs and the Python environment (read-only) and its "
                f"own folder; a private /tmp and /dev/shm of {limits.scratch // mb} MB each"
                if box
                else "NOT isolated: the notebook can read and write every file your account can, "
                f"and /tmp and /dev/shm are shared ({lacking})",
            ),
            Protection(
                "privileges",
                box,
                "every capability dropped, no new privileges (bubblewrap): the sandbox cannot be "
                "undone from inside"
                if box
                else f"NOT dropped: the notebook runs with your account's rights ({lacking})",
            ),
        ]
        memory = {
            "cgroup": f"{limits.memory // mb} MB, shared memory and mmap counted (a control group)",
            "address space": f"{limits.memory // mb} MB of address space, mmap counted "
            "(RLIMIT_AS; files in /dev/shm are bounded by its size"
            + ("" if box else ", NOT here: /dev/shm is shared")
            + ")",
            "watch": f"{limits.memory // mb} MB, watched every 0.2 s and the kernel stopped "
            "beyond it (the system enforces no limit here; a fast allocation can overshoot)",
        }[self.memory_mode]
        result.append(Protection("memory", self.memory_mode != "watch", memory))
        processes = self.process_mode
        if processes == "cgroup":
            detail = f"at most {limits.processes} processes and threads (a control group)"
        elif processes == "rlimit":
            detail = f"at most {limits.processes} processes and threads (RLIMIT_NPROC in its own user namespace)"
        else:
            why = self.groups_note or "no control group"
            detail = f"NOT limited ({why})"
        if box:
            detail += "; all killed with the notebook (PID namespace)"
        result.append(Protection("processes", processes is not None, detail))
        return result

    def summary(self) -> str:
        """One line: which sandbox ran the notebooks."""
        if self.bwrap:
            return "bubblewrap sandbox" + (" and control groups" if self.groups else "")
        return f"NO sandbox ({self.why_not})"


def unisolated(why: str) -> Isolation:
    """An Isolation with no bubblewrap and no control groups (the fallback; tests force it)."""
    return Isolation(None, why, (), why, (), sys.platform, _is_root())


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


# --------------------------------------------------------------------------- control groups


def _own_groups() -> list[tuple[int, tuple[str, ...], Path]]:
    """(version, controllers, folder) of this process's pids and memory control groups."""
    try:
        mounts = Path("/proc/self/mountinfo").read_text(encoding="utf-8").splitlines()
        mine = Path("/proc/self/cgroup").read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    paths = {}
    for line in mine:
        number, controllers, path = line.split(":", 2)
        for name in controllers.split(",") if controllers else ["unified"]:
            paths[name] = path
    found = []
    for line in mounts:
        fields = line.split()
        if "-" not in fields:
            continue
        dash = fields.index("-")
        root, point, kind = fields[3], fields[4], fields[dash + 1]
        options = fields[dash + 3].split(",") if len(fields) > dash + 3 else []
        if kind == "cgroup":
            wanted = tuple(c for c in ("pids", "memory") if c in options)
            path = paths.get(wanted[0]) if wanted else None
        elif kind == "cgroup2":
            wanted, path = ("pids", "memory"), paths.get("unified")
        else:
            continue
        if not wanted or path is None:
            continue
        relative = os.path.relpath(path, root) if path.startswith(root) else path.lstrip("/")
        found.append((2 if kind == "cgroup2" else 1, wanted, Path(point) / relative))
    return found


def _remove_stale(folder: Path) -> None:
    """Remove the empty groups of earlier reports whose process is gone (killed, not ended)."""
    for stale in folder.glob("unitevote-report-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            for job in [p for p in stale.iterdir() if p.is_dir()]:
                remove_job_groups([job])
            try:
                stale.rmdir()
            except OSError:
                pass


def _try_group(version: int, wanted: tuple[str, ...], folder: Path) -> Group | None:
    _remove_stale(folder)
    parent = folder / f"unitevote-report-{os.getpid()}"
    try:
        parent.mkdir(exist_ok=True)
        if version == 2:
            available = (parent / "cgroup.controllers").read_text().split()
            wanted = tuple(c for c in wanted if c in available)
            if wanted:
                (parent / "cgroup.subtree_control").write_text(" ".join(f"+{c}" for c in wanted))
        test = parent / "probe"
        test.mkdir(exist_ok=True)
        try:
            kept = tuple(c for c in wanted if _limit_files(version, c, test))
        finally:
            test.rmdir()
    except OSError:
        kept = ()
    if not kept:
        try:
            parent.rmdir()
        except OSError:
            pass
        return None
    return Group(version, kept, parent)


def _limit_files(version: int, controller: str, folder: Path) -> bool:
    names = {
        (1, "pids"): "pids.max",
        (2, "pids"): "pids.max",
        (1, "memory"): "memory.limit_in_bytes",
        (2, "memory"): "memory.max",
    }
    return (folder / names[(version, controller)]).exists()


def _probe_groups() -> tuple[tuple[Group, ...], str]:
    if not sys.platform.startswith("linux"):
        return (), f"control groups need Linux ({sys.platform})"
    groups = []
    covered: set[str] = set()
    for version, wanted, folder in _own_groups():
        wanted = tuple(c for c in wanted if c not in covered)
        if not wanted or not folder.is_dir():
            continue
        group = _try_group(version, wanted, folder)
        if group:
            groups.append(group)
            covered.update(group.controllers)
    missing = [c for c in ("pids", "memory") if c not in covered]
    note = ""
    if missing:
        note = (
            f"no {' or '.join(missing)} control group can be created here "
            "(needs root or a delegated cgroup v2 subtree)"
        )
    return tuple(groups), note


def _write(path: Path, value) -> None:
    path.write_text(str(value), encoding="ascii")


# Room above the memory limit for the interpreter, its libraries and the page cache they bring.
MEMORY_HEADROOM = 256 * 1024**2


def make_job_groups(isolation: Isolation, name: str, limits: Limits) -> list[Path]:
    """One control group per hierarchy for this job, with its limits; their cgroup.procs files."""
    made = []
    for group in isolation.groups:
        folder = group.parent / name
        folder.mkdir()
        made.append(folder)
        if "pids" in group.controllers:
            _write(folder / "pids.max", limits.processes)
        if "memory" in group.controllers:
            # Above the kernel's own RLIMIT_DATA, so that ordinary allocations fail with a
            # MemoryError the notebook survives; the group stops what that limit does not count.
            ceiling = limits.memory + MEMORY_HEADROOM
            if group.version == 1:
                _write(folder / "memory.limit_in_bytes", ceiling)
            else:
                _write(folder / "memory.max", ceiling)
                if (folder / "memory.swap.max").exists():
                    _write(folder / "memory.swap.max", 0)
    return made


def memory_stopped(folders: list[Path]) -> bool:
    """Whether the kernel stopped a process of this job for its memory control group's limit."""
    for folder in folders:
        for name in ("memory.oom_control", "memory.events"):
            try:
                text = (folder / name).read_text(encoding="ascii")
            except OSError:
                continue
            match = re.search(r"^oom_kill (\d+)", text, re.MULTILINE)
            if match and int(match[1]) > 0:
                return True
    return False


def remove_job_groups(folders: list[Path]) -> None:
    """Kill whatever is left in the job's groups, then remove them."""
    for folder in folders:
        for _ in range(50):
            try:
                pids = (folder / "cgroup.procs").read_text().split()
            except OSError:
                break
            for pid in pids:
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except OSError:
                    pass
            try:
                folder.rmdir()
                break
            except OSError:
                time.sleep(0.05)


def remove_report_groups(isolation: Isolation) -> None:
    """Remove the report's own groups (call when no job runs)."""
    for group in isolation.groups:
        try:
            group.parent.rmdir()
        except OSError:
            pass


# --------------------------------------------------------------------------- bubblewrap

SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
ETC_KEPT = (
    "passwd",
    "group",
    "nsswitch.conf",
    "hosts",
    "localtime",
    "timezone",
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "alternatives",
    "fonts",
    "mime.types",
    "ssl/openssl.cnf",
)


def _python_folders(env: dict[str, str], hidden: list[Path]) -> tuple[str, ...]:
    """The folders the kernel's Python needs (prefixes and sys.path), none that shows `hidden`."""
    folders = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix)}
    folders.add(Path(os.path.realpath(sys.executable)).parent)
    try:
        done = subprocess.run(
            [sys.executable, "-c", "import json, sys; print(json.dumps(sys.path))"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            cwd="/",
        )
        folders.update(Path(entry) for entry in json.loads(done.stdout) if entry)
    except (OSError, ValueError, subprocess.TimeoutExpired):
        folders.update(Path(entry) for entry in sys.path if entry)
    home = Path.home()
    kept = []
    for folder in sorted({Path(os.path.realpath(f)) for f in folders if Path(f).exists()}):
        if (
            folder == Path("/")
            or folder == home
            or any(folder == h or folder in h.parents for h in hidden)
        ):
            continue
        if any(str(folder).startswith(s + "/") or str(folder) == s for s in SYSTEM_DIRS):
            continue
        if any(k in folder.parents for k in kept):
            continue
        kept.append(folder)
    return tuple(str(folder) for folder in kept)


def bwrap_command(isolation: Isolation, box: Path, workdir: Path, limits: Limits, cache=None):
    """bubblewrap's arguments for one job, up to the command it runs."""
    argv = list(isolation.bwrap or ())
    argv += ["--proc", "/proc", "--dev", "/dev"]
    argv += ["--size", str(limits.scratch), "--tmpfs", "/dev/shm"]
    argv += ["--size", str(limits.scratch), "--tmpfs", "/tmp"]
    for top in SYSTEM_DIRS:
        if os.path.islink(top):
            argv += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            argv += ["--ro-bind", top, top]
    for name in ETC_KEPT:
        argv += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    for folder in isolation.binds:
        argv += ["--ro-bind", folder, folder]
    if cache is not None:
        argv += ["--ro-bind", str(cache), str(cache)]
    argv += ["--bind", str(box), str(box), "--remount-ro", "/", "--chdir", str(workdir)]
    argv += ["--setenv", "TMPDIR", "/tmp"]
    return argv


BWRAP_BASE = ("--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL")


def _probe_bwrap(scratch: Path) -> tuple[tuple[str, ...] | None, str, tuple]:
    if not sys.platform.startswith("linux"):
        return None, f"bubblewrap needs Linux ({sys.platform})", ()
    program = shutil.which("bwrap")
    if program is None:
        return None, "bubblewrap is not installed (Debian: apt-get install bubblewrap)", ()
    box = scratch / "probe-box"
    box.mkdir(parents=True, exist_ok=True)
    binds = _python_folders(base_environment(), [scratch])
    trial = Isolation((program, *BWRAP_BASE), "", binds=binds)
    argv = bwrap_command(trial, box, box, Limits())
    argv += ["--", sys.executable, "-c", "import socket, sys; socket.socket(); print(sys.prefix)"]
    try:
        done = subprocess.run(
            argv, capture_output=True, text=True, timeout=60, env=base_environment()
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, f"bubblewrap failed to start: {error}", ()
    finally:
        shutil.rmtree(box, ignore_errors=True)
    if done.returncode != 0:
        why = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        return None, f"bubblewrap cannot make a sandbox here ({why[:200]})", ()
    return (program, *BWRAP_BASE), "", binds


@cache
def probe() -> Isolation:
    """What this machine allows (bubblewrap, control groups), tried in a scratch folder."""
    import tempfile

    groups, note = _probe_groups()
    folder = Path(tempfile.mkdtemp(prefix="unitevote-probe-"))
    try:
        bwrap, why, binds = _probe_bwrap(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    found = Isolation(bwrap, why, groups, note, binds, sys.platform, _is_root())
    atexit.register(remove_report_groups, found)
    return found


# --------------------------------------------------------------------------- a job


def base_environment() -> dict[str, str]:
    """The variables a sandboxed process keeps from the teacher's environment."""
    return {key: os.environ[key] for key in PASSED_ENV if key in os.environ}


def prepare_job(job: Path, notebook_text: str, name: str) -> Path:
    """Lay out the job folder with the copy to run (`notebook_text`); return the copy's path."""
    box = job / "box"
    work = box / "ws"
    (work / "notebooks").mkdir(parents=True)
    copy = work / "notebooks" / name
    copy.write_text(notebook_text, encoding="utf-8")
    if DATA_DIR.is_dir():
        shutil.copytree(DATA_DIR, work / "data")
    (work / "docs").mkdir()
    for file in DOCS_KEPT:
        if (DOCS_DIR / file).is_file():
            shutil.copyfile(DOCS_DIR / file, work / "docs" / file)
    for folder in (box / "home", box / "tmp", box / "run", box / "config", job / "jupyter"):
        folder.mkdir()
    return copy


# How the report opens a file a learner could have made: not through a link (it would read the
# teacher's files with the report's rights), without blocking on a pipe (check fstat before reading).
NEVER_THROUGH_A_LINK = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


class NotARegularFile(OSError):
    """A pipe, a device or a socket where a file was expected."""


def read_regular_file(path: Path, limit: int = -1) -> bytes:
    """The bytes (at most `limit`) of a regular file that a learner could have made or replaced.

    Never through a link (OSError with errno ELOOP), never from a folder (IsADirectoryError) nor
    from a pipe or a device (NotARegularFile: a pipe would block the report, /dev/zero would fill
    its memory).
    """
    descriptor = os.open(path, NEVER_THROUGH_A_LINK)
    try:
        kind = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(kind):
            raise IsADirectoryError(errno.EISDIR, "a folder, not a file", str(path))
        if not stat.S_ISREG(kind):
            raise NotARegularFile(errno.EINVAL, "not a regular file", str(path))
        stream = os.fdopen(descriptor, "rb")  # from here on, the stream closes the descriptor
    except BaseException:
        os.close(descriptor)
        raise
    with stream:
        return stream.read(limit)


def read_learner_file(path: Path, limit: int) -> str:
    """At most `limit` bytes of a file the learner's code could have replaced, as text; "" when it
    is missing or not a regular file (`read_regular_file`)."""
    try:
        return read_regular_file(path, limit).decode("utf-8", "replace")
    except OSError:
        return ""


def files_in(folder: Path) -> set[str]:
    """Every file under `folder`, by its path relative to it."""
    return {str(path.relative_to(folder)) for path in folder.rglob("*") if not path.is_dir()}


def environment(job: Path, limits: Limits, isolation: Isolation, cache=None) -> dict[str, str]:
    """The worker's environment, which its kernel inherits."""
    box = job / "box"
    env = base_environment()
    if cache is not None:  # compiled modules, written by `warm_cache` (read-only in the sandbox)
        env["PYTHONPYCACHEPREFIX"] = str(cache)
    home = box / "home"
    kernel_limits = {
        "memory": limits.memory,
        "file_size": limits.file_size,
        "cpu_seconds": limits.notebook_timeout + 60,
        "network_log": str(box / "network.log"),
        "address_space": isolation.memory_mode == "address space",
    }
    if isolation.process_mode == "rlimit":
        kernel_limits["processes"] = limits.processes
    env.update(
        HOME=str(home),
        TMPDIR="/tmp" if isolation.bwrap else str(box / "tmp"),
        IPYTHONDIR=str(home / ".ipython"),
        MPLCONFIGDIR=str(home / ".matplotlib"),
        XDG_CACHE_HOME=str(home / ".cache"),
        JUPYTER_PATH=str(job / "jupyter"),
        JUPYTER_CONFIG_DIR=str(box / "config"),
        JUPYTER_DATA_DIR=str(job / "jupyter"),
        JUPYTER_RUNTIME_DIR=str(box / "run"),
        JUPYTER_PLATFORM_DIRS="1",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
        PYTHONDONTWRITEBYTECODE="1",
        UNITEVOTE_DATA=str(box / "ws" / "data"),
        UNITEVOTE_REPORT_LIMITS=json.dumps(kernel_limits),
        # No one sees a chart's pictures here (a chart answer is judged from its spec), and no
        # one waits for the first chart: vl-convert is not started at all.
        UNITEVOTE_PICTURES="0",
    )
    return env


def kernel_command(
    isolation: Isolation, job: Path, copy: Path, limits: Limits, groups: list[Path], cache=None
) -> list[str]:
    """The kernel spec's command: join the groups, enter the sandbox, start the kernel."""
    kernel = [sys.executable, "-m", "unitevote.report.kernel", "-f", "{connection_file}"]
    if isolation.bwrap:
        kernel = [*bwrap_command(isolation, job / "box", copy.parent, limits, cache), "--", *kernel]
    if groups:
        launcher = Path(__file__).with_name("launch.py")
        procs = [str(folder / "cgroup.procs") for folder in groups]
        kernel = [sys.executable, str(launcher), *procs, "--", *kernel]
    return kernel


# The sandboxes running now (process ids of their session leaders), to stop them on Ctrl-C.
RUNNING: set[int] = set()


def kill_tree(pid: int) -> None:
    """Kill a worker and everything it started (its session on POSIX; its process tree elsewhere)."""
    if hasattr(os, "killpg"):
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
        return
    import psutil

    try:
        root = psutil.Process(pid)
        for process in [*root.children(recursive=True), root]:
            process.kill()
    except psutil.Error:
        pass


def stop_all() -> None:
    """Kill every worker still running (each is a session of its own, out of Ctrl-C's reach)."""
    for pid in list(RUNNING):
        kill_tree(pid)
        RUNNING.discard(pid)


def ipc_path(job: Path, isolation: Isolation) -> str:
    """Where the kernel's sockets go: socket files (no network needed, no port shared).

    "" (loopback TCP) on Windows, and where the path is too long for a socket file (104 bytes
    on macOS, whose temporary folders are deep); inside bubblewrap, which has no network to
    fall back on, a path that long is an error.
    """
    path = str(job / "box" / "run" / "k")
    if os.name != "posix" or (len(path) > 90 and not isolation.bwrap):
        return ""
    if len(path) > 90:
        raise ValueError(f"the job folder's path is too long for socket files: {path}")
    return path


def run_job(
    job: Path,
    copy: Path,
    checks: dict[int, str],
    limits: Limits,
    isolation: Isolation,
    cache: Path | None = None,
    trusted: bool = False,
) -> dict:
    """Run the worker on the copy at `copy`; return its outcome. A job that cannot start (a socket
    path too long for this system, say) raises, its control groups removed first; `run_one`
    turns that into the hand-in's one line.

    `trusted` (the course's own notebook, run by `warm_cache`): no sandbox and no groups, and the
    compiled modules it imports are written to `cache`.
    """
    from . import worker as worker_module

    if trusted:
        isolation = unisolated("the course's own notebook")
    groups = [] if trusted else make_job_groups(isolation, job.name, limits)
    # Everything after the groups are made is inside the `try` that removes them: a job that
    # fails to start (a socket path too long, say) leaves no group behind.
    try:
        worker_module.write_kernel_spec(
            job / "jupyter",
            kernel_command(isolation, job, copy, limits, groups, cache),
            interrupt_by_message=bool(isolation.bwrap),
        )
        spec = {
            "notebook": str(copy),
            "outcome": str(job / "outcome.json"),
            "checks": {str(index): exercise for index, exercise in checks.items()},
            "cell_timeout": limits.cell_timeout,
            "notebook_timeout": limits.notebook_timeout,
            "output_cap": limits.output_cap,
            "startup_timeout": limits.startup_timeout,
            "verdict_mime": pattern.CHECK_MIME,
            "connection_file": str(job / "box" / "run" / "kernel.json"),
            "ipc_path": ipc_path(job, isolation),
            "memory_watch": limits.memory if isolation.memory_mode == "watch" else 0,
        }
        (job / "job.json").write_text(json.dumps(spec), encoding="utf-8")
        # The worker runs by its file path, not `-m unitevote.report.worker`: importing the package
        # would load pandas, Altair and frictionless for a process that only drives nbclient.
        command = [sys.executable, str(Path(worker_module.__file__)), str(job / "job.json")]
        env = environment(job, limits, isolation, cache)
        if trusted:
            env["PYTHONDONTWRITEBYTECODE"] = ""
        hard_limit = limits.notebook_timeout + limits.startup_timeout + 60
        log = job / "worker.log"
        with open(log, "wb") as stream:
            process = subprocess.Popen(
                command,
                cwd=copy.parent,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=stream,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            RUNNING.add(process.pid)
            try:
                process.wait(timeout=hard_limit)
            except subprocess.TimeoutExpired:
                kill_tree(process.pid)
                process.wait()
                return {"outcome": "notebook time limit", "stopped_at": None}
            finally:
                RUNNING.discard(process.pid)
        try:
            outcome = json.loads((job / "outcome.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            tail = log.read_bytes()[-600:].decode("utf-8", "replace").strip()
            outcome = {"outcome": "lost", "evalue": tail or f"exit status {process.returncode}"}
    finally:
        stopped_for_memory = memory_stopped(groups)
        remove_job_groups(groups)
    if stopped_for_memory:
        outcome["memory_exceeded"] = True
    return outcome


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
            copy = prepare_job(job, notebook.read_text(encoding="utf-8"), notebook.name)
            run_job(job, copy, {}, limits, unisolated("trusted"), cache, trusted=True)
        except Exception:  # a slower report, not a failed one
            pass
        finally:
            shutil.rmtree(job, ignore_errors=True)
    return cache

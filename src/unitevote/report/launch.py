"""Start a submission's kernel inside its control groups: join them, then exec the sandbox.

Usage (the kernel spec's command, written by `unitevote.report.sandbox`; never by hand):

    python .../unitevote/report/launch.py PROCS_FILE ... -- COMMAND ...

Each PROCS_FILE is a control group's `cgroup.procs` (a pids group and a memory group, where the
machine has them). Joining before `exec` puts the sandbox and every process the submission starts
in the groups from the first instruction, with no moment outside them. Run by its file path, it
imports only the standard library.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str]) -> int:
    """Join each control group named before `--`, then replace this process with the command."""
    if "--" not in argv:
        print("usage: launch.py PROCS_FILE ... -- COMMAND ...", file=sys.stderr)
        return 2
    split = argv.index("--")
    groups, command = argv[:split], argv[split + 1 :]
    for procs in groups:
        with open(procs, "w", encoding="ascii") as stream:
            stream.write(str(os.getpid()))
    os.execvp(command[0], command)
    return 1  # not reached: execvp raises when it fails


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Run a command with no network: `python -m tools.offline COMMAND [ARG ...]` (`make test`).

Where the machine allows it (Linux with `unshare` and `ip`, as root or with unprivileged user
namespaces), the command runs in a new network namespace in which only loopback is up
(`unitevote.report.sandbox.LOOPBACK_PROLOGUE`, which also proves no other interface exists):
servers and kernels on 127.0.0.1 work, nothing else is reachable, so a notebook or a page that
needs the network fails its test instead of passing on a connected machine.

Elsewhere the command runs as it is, after a line on stderr saying why. Either way the variable
`UNITEVOTE_TEST_NETWORK` tells the tests which: `loopback-only`, or `unavailable: <reason>`
(tests/test_reproducible.py checks the first against the namespace itself).
"""

from __future__ import annotations

import os
import shlex
import sys

from unitevote.report.sandbox import LOOPBACK_PROLOGUE, loopback_namespace_problem

VARIABLE = "UNITEVOTE_TEST_NETWORK"
LOOPBACK_ONLY = "loopback-only"


def command(argv: list[str]) -> tuple[list[str], str]:
    """The command line that runs `argv` offline here, and the value of VARIABLE for it."""
    reason = loopback_namespace_problem()
    if reason is not None:
        return list(argv), f"unavailable: {reason}"
    script = LOOPBACK_PROLOGUE + "exec " + " ".join(shlex.quote(part) for part in argv) + "\n"
    return ["unshare", "-n", "sh", "-c", script], LOOPBACK_ONLY


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        print(__doc__.splitlines()[0], file=sys.stderr)
        return 2
    line, network = command(argv)
    if network != LOOPBACK_ONLY:
        print(f"tools.offline: running with the network ({network})", file=sys.stderr)
    os.environ[VARIABLE] = network
    sys.stdout.flush()
    os.execvp(line[0], line)


if __name__ == "__main__":
    raise SystemExit(main())

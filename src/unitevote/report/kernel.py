"""The kernel a submission runs in: ipykernel, started after limits are set.

Used as the kernel spec's command (`python -m unitevote.report.kernel -f {connection_file}`).
Before ipykernel starts, this process

- caps the memory it may hold (RLIMIT_DATA: heap and private mappings; RLIMIT_AS would also count
  the address space V8 reserves for vl-convert, which the notebooks' charts need), the size of any
  file it writes (RLIMIT_FSIZE), its CPU time (RLIMIT_CPU, a backstop behind the time limits)
  and core dumps;
- records every attempt to open a network connection (an audit hook on `socket.connect` and
  `socket.getaddrinfo`) in a log the worker reads, so an attempt is reported even when the
  submission catches the error.

Limits come from the environment variable UNITEVOTE_REPORT_LIMITS (JSON: memory, file_size,
cpu_seconds in bytes and seconds; network_log: a file path).
"""

from __future__ import annotations

import json
import os
import resource
import sys

LOOPBACK = ("127.0.0.1", "::1", "localhost", "0.0.0.0", "")


def set_limits(limits: dict) -> None:
    for name, key in (
        ("RLIMIT_DATA", "memory"),
        ("RLIMIT_FSIZE", "file_size"),
        ("RLIMIT_CPU", "cpu_seconds"),
    ):
        value = limits.get(key)
        if value and hasattr(resource, name):
            limit = getattr(resource, name)
            hard = resource.getrlimit(limit)[1]
            value = int(value) if hard == resource.RLIM_INFINITY else min(int(value), hard)
            resource.setrlimit(limit, (value, value))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def watch_network(log_path: str) -> None:
    log = open(log_path, "a", encoding="utf-8", buffering=1)  # noqa: SIM115 (kept for the process)

    def hook(event: str, args: tuple) -> None:
        if not event.startswith("socket."):
            return
        target = None
        if event == "socket.connect" and len(args) > 1:
            address = args[1]
            if isinstance(address, tuple) and address:
                host = str(address[0])
                if host not in LOOPBACK and not host.startswith("127."):
                    target = f"{host}:{address[1]}" if len(address) > 1 else host
        elif event in ("socket.getaddrinfo", "socket.gethostbyname") and args:
            host = args[0].decode() if isinstance(args[0], bytes) else str(args[0])
            if host not in LOOPBACK and not host.startswith("127."):
                target = host
        if target:
            log.write(target + "\n")

    sys.addaudithook(hook)


def main() -> None:
    limits = json.loads(os.environ.get("UNITEVOTE_REPORT_LIMITS", "{}"))
    set_limits(limits)
    if limits.get("network_log"):
        watch_network(limits["network_log"])
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main()

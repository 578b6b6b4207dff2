"""The kernel a submission runs in: ipykernel, started after the limits are set.

The kernel spec's command ends with `python -m unitevote.report.kernel -f {connection_file}`
(inside the sandbox, where there is one). Before ipykernel starts, this process

- imports the course package (pandas, Altair), so a learner's first cell does not spend its time
  limit importing them;
- caps, where the system allows it (`resource` does not exist on Windows):
  RLIMIT_DATA (heap and private mappings) always; RLIMIT_AS (every mapping, so shared `mmap`
  counts) when asked, after starting the chart renderer, whose JavaScript engine reserves a large
  address space once at start (both then allow what is mapped already plus the memory limit); RLIMIT_NPROC (processes) when asked (the sandbox asks only inside a
  user namespace of its own, where it counts this submission's processes alone); RLIMIT_FSIZE
  (largest file written), RLIMIT_CPU (a backstop behind the time limits) and core dumps;
- records every attempt to open a network connection (an audit hook on `socket.connect` and
  `socket.getaddrinfo`) in a log the report reads, so an attempt is reported even when the
  submission catches the error.

Limits come from the environment variable UNITEVOTE_REPORT_LIMITS (JSON: memory, file_size,
cpu_seconds, processes in bytes, seconds and a count; address_space true or false;
network_log: a file path).
"""

from __future__ import annotations

import json
import os
import sys

LOOPBACK = ("127.0.0.1", "::1", "localhost", "0.0.0.0", "")


def in_use(field: str) -> int:
    """Bytes this process maps now by `field` of /proc/self/status (Linux): VmSize, VmData."""
    with open("/proc/self/status", encoding="ascii") as stream:
        for line in stream:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) * 1024
    raise OSError(f"{field} not found in /proc/self/status")


def start_chart_renderer() -> None:
    """Draw one tiny chart, so vl-convert's engine reserves its address space now, not later."""
    import vl_convert

    from unitevote import theme

    spec = {"mark": "point", "data": {"values": [{"x": 1}]}, "encoding": {"x": {"field": "x"}}}
    vl_convert.vegalite_to_svg(spec, vl_version=theme.VEGALITE_VERSION)


def set_limits(limits: dict) -> None:
    """Apply the limits the report asked for (nothing on a system without `resource`)."""
    try:
        import resource
    except ImportError:  # Windows: the worker watches memory and time from outside
        return
    wanted = {
        "RLIMIT_DATA": limits.get("memory"),
        "RLIMIT_FSIZE": limits.get("file_size"),
        "RLIMIT_CPU": limits.get("cpu_seconds"),
        "RLIMIT_NPROC": limits.get("processes"),
    }
    if limits.get("address_space") and limits.get("memory"):
        # What the interpreter and the chart renderer already map, plus the learner's share.
        wanted["RLIMIT_AS"] = in_use("VmSize") + int(limits["memory"])
        wanted["RLIMIT_DATA"] = in_use("VmData") + int(limits["memory"])
    for name, value in wanted.items():
        if value and hasattr(resource, name):
            limit = getattr(resource, name)
            hard = resource.getrlimit(limit)[1]
            value = int(value) if hard == resource.RLIM_INFINITY else min(int(value), hard)
            resource.setrlimit(limit, (value, value))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def watch_network(log_path: str) -> None:
    """Append each host the kernel tries to reach (not loopback) to the file at `log_path`."""
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
            log.write(target[:200] + "\n")

    sys.addaudithook(hook)


def main() -> None:
    """Import the course package, set the limits, then run ipykernel in this process."""
    limits = json.loads(os.environ.get("UNITEVOTE_REPORT_LIMITS", "{}"))
    if hasattr(os, "getppid") and os.getppid() <= 1:
        # In a PID namespace the worker is outside: ipykernel would read "parent gone" and stop.
        # The sandbox dies with the worker anyway (bubblewrap --die-with-parent).
        os.environ.pop("JPY_PARENT_PID", None)
    import unitevote  # noqa: F401  (pandas and Altair, before the learner's time starts)

    if limits.get("address_space"):
        start_chart_renderer()
    set_limits(limits)
    if limits.get("network_log"):
        watch_network(limits["network_log"])
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main()

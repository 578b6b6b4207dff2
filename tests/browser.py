"""Headless Chromium against servers on loopback, with no network: helpers and shared fixtures.

Registered as a pytest plugin by the browser tests (`pytest_plugins = ["browser"]`), so its
session-scoped fixtures are one per test session (one per xdist worker; `make test` runs
`--dist loadfile`, so each browser test module stays on one worker):

- `netns`: a network namespace holding only loopback (`unshare -n`), kept alive by one small
  process. Everything the browser tests start runs inside it (`nsenter --net=...`): JupyterLab,
  the static site's HTTP server and Chromium itself. A page therefore cannot reach the network
  even if the request interception below were wrong: "works offline" is true, not only asserted.
  Where namespaces are not available (not root, no `unshare`/`nsenter`/`ip`), the browser tests
  are skipped with the reason; under CI (`CI` set) they fail instead.
- `chromium`: one Debian chromium (Playwright's Python client, `executable_path` a wrapper that
  enters the namespace), shared by every browser test.
- `lab`: one JupyterLab server (root: the repository), bound to port 0; its port is read from
  the server's runtime file (`jpserver-<pid>.json`).

Second guard: `offline_page()` gives each page its own context in which every HTTP request and
every WebSocket not on the page's own loopback origin (or `data:`/`blob:`/`file:` when allowed)
is aborted and recorded.

A chart counts as drawn only if a data mark is drawn: an item of a Vega mark whose role is
"mark" (`g.role-mark > *` in an SVG view; the view's scenegraph for a canvas). Axes, titles,
legends and backgrounds do not count, so a chart with no data fails (tests/test_site.py feeds
one). No fixed sleeps: every wait is for a condition, with a timeout.

(PYTEST_DONT_REWRITE: the test modules import this module before registering it as a plugin.)
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from ci import in_ci

from unitevote.pattern import ROOT as REPO
from unitevote.pattern import VEGALITE_MIME
from unitevote.report.sandbox import LOOPBACK_PROLOGUE, loopback_namespace_problem

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The project's own JupyterLab settings (`make lab` uses them too): overrides of the defaults.
PROJECT_LAB_SETTINGS = REPO / "jupyter_settings"

# A drawn Vega chart: vega-embed puts the view's <svg class="marks"> (or <canvas class="marks">)
# in the element it gives the class "vega-embed". The class matters: the "..." actions menu of
# vega-embed holds an <svg> icon too, so ".vega-embed svg" alone would count every chart twice.
CHART_SELECTOR = ".vega-embed svg.marks, .vega-embed canvas.marks"


def _skip_or_fail(reason: str) -> None:
    if in_ci():
        pytest.fail(f"{reason} (CI is set: the browser tests must run there)")
    pytest.skip(reason)


# --------------------------------------------------------------------------- chromium


def chromium_path() -> str | None:
    """Debian's chromium if it is installed, else None (Playwright's own builds need network)."""
    return CHROMIUM if os.access(CHROMIUM, os.X_OK) else None


def require_browser() -> None:
    """Skip (on a developer's machine) or fail (under CI) when chromium is missing."""
    if chromium_path() is None:
        _skip_or_fail(
            f"{CHROMIUM} not found; install Debian's chromium (apt-get install chromium) "
            "to run the browser tests"
        )


# --------------------------------------------------------------------------- the namespace

# Inside the namespace: loopback up and alone (the course's one prologue), then held open.
_HOLDER = LOOPBACK_PROLOGUE + "echo ready\nexec sleep infinity\n"
NAMESPACE_TOOLS = ("unshare", "nsenter", "ip")


@dataclass
class Netns:
    """A loopback-only network namespace, held open by `holder` (stop it to release it)."""

    holder: subprocess.Popen

    @property
    def path(self) -> str:
        return f"/proc/{self.holder.pid}/ns/net"

    def command(self, argv: list[str]) -> list[str]:
        """`argv`, run inside the namespace."""
        return ["nsenter", f"--net={self.path}", "--", *argv]

    def interfaces(self) -> list[str]:
        done = subprocess.run(
            self.command(["ip", "-o", "link", "show"]), capture_output=True, text=True, check=True
        )
        return [line.split(":")[1].strip() for line in done.stdout.splitlines() if ":" in line]


@contextlib.contextmanager
def loopback_namespace() -> Iterator[Netns]:
    reason = loopback_namespace_problem(NAMESPACE_TOOLS)
    if reason:
        raise RuntimeError(reason)
    holder = subprocess.Popen(
        ["unshare", "-n", "sh", "-c", _HOLDER],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = holder.stdout.readline().strip()  # blocks until the holder is ready or exits
        if line != "ready":
            holder.wait(timeout=10)
            raise RuntimeError(
                f"the namespace holder exited ({holder.returncode}): {holder.stderr.read()}"
            )
        yield Netns(holder)
    finally:
        _stop(holder)


def _chromium_wrapper(netns: Netns | None, folder: Path) -> str:
    """A script that starts chromium inside the namespace (Playwright talks to it over a pipe)."""
    path = chromium_path()
    if path is None:
        raise RuntimeError(f"{CHROMIUM} not found")
    if netns is None:
        return path
    folder.mkdir(parents=True, exist_ok=True)
    wrapper = folder / "chromium-in-netns"
    wrapper.write_text(
        f'#!/bin/sh\nexec nsenter --net={netns.path} -- {path} "$@"\n', encoding="utf-8"
    )
    wrapper.chmod(0o755)
    return str(wrapper)


@contextlib.contextmanager
def launch_browser(netns: Netns | None = None, folder: Path | None = None) -> Iterator:
    """Yield a Playwright Browser running Debian's headless chromium (in `netns` if given)."""
    from playwright.sync_api import sync_playwright

    executable = _chromium_wrapper(netns, Path(folder or "/tmp") / f"chromium-{os.getpid()}")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# --------------------------------------------------------------------------- offline pages


@dataclass
class OfflinePage:
    """A page that may only reach one origin; what it tried otherwise is recorded."""

    page: object  # playwright.sync_api.Page
    origin: str
    blocked: list[str] = field(default_factory=list)  # URLs (HTTP and WebSocket) aborted
    errors: list[str] = field(default_factory=list)  # console errors and uncaught page errors
    failed: list[str] = field(default_factory=list)  # allowed requests that failed anyway
    websockets: list[str] = field(default_factory=list)  # WebSockets let through (same origin)

    def close(self) -> None:
        self.page.context.close()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme == "file":
        return "file://"
    return f"{parts.scheme}://{parts.netloc}"


def offline_page(browser, origin: str, viewport: dict | None = None) -> OfflinePage:
    """A new page (own context) that aborts every request not on `origin`, data: or blob:.

    `origin` is e.g. "http://127.0.0.1:8765", or "file://" for pages opened from files. The
    WebSockets of an http origin may go to the same host and port (ws://); any other is closed.
    """
    origin = _origin(origin)
    ws_origin = origin.replace("http://", "ws://", 1).replace("https://", "wss://", 1)
    context = browser.new_context(
        viewport=viewport or {"width": 1280, "height": 900},
        service_workers="block",
    )
    page = context.new_page()
    result = OfflinePage(page=page, origin=origin)

    def route(r):
        url = r.request.url
        if url.startswith(("data:", "blob:")) or _origin(url) == origin:
            r.continue_()
        else:
            result.blocked.append(url)
            r.abort("blockedbyclient")

    def route_ws(ws):
        if origin.startswith("http") and _origin(ws.url) == ws_origin:
            result.websockets.append(ws.url)
            ws.connect_to_server()
        else:
            result.blocked.append(ws.url)
            ws.close(code=1008, reason="blocked by the offline test")

    def on_console(msg):
        if msg.type == "error":
            loc = msg.location or {}
            where = loc.get("url", "")
            result.errors.append(f"console: {msg.text}" + (f" ({where})" if where else ""))

    def on_request_failed(req):
        if req.url not in result.blocked:
            result.failed.append(f"{req.method} {req.url}: {req.failure}")

    context.route("**/*", route)
    context.route_web_socket(re.compile(".*"), route_ws)
    page.on("console", on_console)
    page.on("pageerror", lambda exc: result.errors.append(f"pageerror: {exc}"))
    page.on("requestfailed", on_request_failed)
    return result


# --------------------------------------------------------------------------- servers


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


# User settings of the JupyterLab under test only, keyed by plugin id (the project's own
# settings, jupyter_settings/overrides.json, apply as in `make lab`).
TEST_LAB_SETTINGS = {
    # Draw every cell (no virtualisation), so every stored output is in the DOM.
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    # Never write a document back, even if the frontend marks it dirty.
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
}


def _stop(proc: subprocess.Popen, timeout: float = 10) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout)


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no output)"


def _wait_for(condition, timeout: float, what: str, proc: subprocess.Popen, log: Path):
    """Poll `condition()` until it returns something truthy; fail if `proc` exits first."""
    deadline = time.monotonic() + timeout
    delay = 0.05
    while True:
        value = condition()
        if value:
            return value
        if proc.poll() is not None:
            raise RuntimeError(f"{what}: exited with code {proc.returncode}:\n{_tail(log)}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not ready within {timeout:.0f} s:\n{_tail(log)}")
        time.sleep(delay)  # polling interval of a condition, not a fixed wait
        delay = min(delay * 1.5, 0.5)


@dataclass
class LabServer:
    base_url: str
    token: str
    log: Path
    pid: int

    def __iter__(self):  # unpacks as (base_url, token)
        return iter((self.base_url, self.token))

    def log_tail(self, lines: int = 40) -> str:
        return _tail(self.log, lines)


def jupyter_env(tmp: Path) -> dict[str, str]:
    """Environment in which nothing from the home directory is read or written."""
    env = dict(os.environ)
    for var, sub in [
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
        ("IPYTHONDIR", "ipython"),
    ]:
        (tmp / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(tmp / sub)
    env.pop("JUPYTER_PLATFORM_DIRS", None)
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    return env


def _jupyter() -> str:
    jupyter = Path(sys.executable).parent / "jupyter"
    return str(jupyter if jupyter.exists() else (shutil.which("jupyter") or "jupyter"))


@contextlib.contextmanager
def jupyterlab_server(
    root_dir: str | os.PathLike,
    tmp_dir: str | os.PathLike,
    netns: Netns | None = None,
    timeout: float = 60,
) -> Iterator[LabServer]:
    """Run JupyterLab on 127.0.0.1 (inside `netns` if given), port 0; yield a LabServer.

    The port is read from the server's runtime file. Config, data, runtime, user settings and
    workspaces live under `tmp_dir`; the project's settings (`jupyter_settings/`) apply as in
    `make lab`. The server is stopped by its own pid on exit.
    """
    root_dir = Path(root_dir).resolve()
    tmp = Path(tmp_dir).resolve()
    settings_dir = tmp / "lab-settings"
    for plugin, values in TEST_LAB_SETTINGS.items():
        package, _, name = plugin.rpartition("/")
        _write_json(settings_dir / package / f"{name}.jupyterlab-settings", values)
    env = jupyter_env(tmp)
    env["JUPYTERLAB_SETTINGS_DIR"] = str(settings_dir)
    runtime = Path(env["JUPYTER_RUNTIME_DIR"])

    token = secrets.token_hex(24)
    cmd = [
        _jupyter(),
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root_dir}",
        f"--LabApp.app_settings_dir={PROJECT_LAB_SETTINGS}",
        # Server-side fetches: the announcements feed and the PyPI version check.
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
        # The extension manager would query PyPI; the readonly one does not.
        "--LabApp.extension_manager=readonly",
        # Stored outputs are what is tested; no kernel is needed to draw them.
        "--LabApp.notebook_starts_kernel=False",
        # window.jupyterapp: the test reads the Vega views and the documents' dirty flags.
        "--LabApp.expose_app_in_browser=True",
        # Opening a notebook makes JupyterLab write a checkpoint copy; keep it out of root_dir.
        f"--FileCheckpoints.checkpoint_dir={tmp / 'checkpoints'}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    if netns is not None:
        cmd = netns.command(cmd)

    log = tmp / "jupyterlab.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=root_dir, env=env, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
    try:

        def server_info():
            # jpserver-<pid>.json is written once the server listens (requests wait for it).
            for path in runtime.glob("jpserver-*.json"):
                try:
                    info = json.loads(path.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    continue
                if info.get("port"):
                    return info
            return None

        info = _wait_for(server_info, timeout, "jupyter lab", proc, log)
        yield LabServer(f"http://127.0.0.1:{info['port']}", token, log, info.get("pid", proc.pid))
    finally:
        _stop(proc)


@contextlib.contextmanager
def static_server(
    directory: str | os.PathLike, tmp_dir: str | os.PathLike, netns: Netns | None = None
) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (inside `netns` if given), port 0; yield its origin."""
    tmp = Path(tmp_dir)
    tmp.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1",
           "--directory", str(directory)]  # fmt: skip
    if netns is not None:
        cmd = netns.command(cmd)
    log = tmp / "http-server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:

        def port():
            # "Serving HTTP on 127.0.0.1 port 43125 (http://127.0.0.1:43125/) ..."
            match = re.search(r"Serving HTTP on \S+ port (\d+)", _tail(log, 5))
            return match and int(match[1])

        yield f"http://127.0.0.1:{_wait_for(port, 30, 'http.server', proc, log)}"
    finally:
        _stop(proc)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def netns():
    """The loopback-only namespace every browser test runs in (skip/fail if impossible)."""
    require_browser()
    reason = loopback_namespace_problem(NAMESPACE_TOOLS)
    if reason:
        _skip_or_fail(
            "the browser tests run JupyterLab, the site and Chromium in a loopback-only network "
            f"namespace, which this machine cannot make: {reason} (it works as root with "
            "util-linux's unshare and nsenter, as in CI)"
        )
    with loopback_namespace() as ns:
        assert ns.interfaces() == ["lo"], ns.interfaces()
        yield ns


@pytest.fixture(scope="session")
def chromium(netns, tmp_path_factory):
    with launch_browser(netns, tmp_path_factory.mktemp("chromium")) as b:
        yield b


@pytest.fixture(scope="session")
def lab(netns, tmp_path_factory):
    root = Path(os.environ.get("LAB_TEST_ROOT") or REPO).resolve()
    with jupyterlab_server(root, tmp_path_factory.mktemp("jupyterlab"), netns) as server:
        yield server


# --------------------------------------------------------------------------- notebooks


def stored_chart_count(notebook_path: str | os.PathLike) -> int:
    """How many outputs of the notebook carry a Vega-Lite v5 chart."""
    import nbformat

    nb = nbformat.read(str(notebook_path), as_version=4)
    return sum(
        1
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if VEGALITE_MIME in output.get("data", {})
    )


# --------------------------------------------------------------------------- charts in a page

# Per chart element: its box, and how many data marks are drawn in it. SVG: the children of the
# Vega groups whose role is "mark" (`<g class="mark-rect role-mark">`), i.e. not axes, legends,
# titles or the background. Canvas: the same count from the view's scenegraph, when the page
# exposes the view (`el.__vegaView`, set by the caller); -1 when it cannot be known.
_CHART_REPORT_JS = """
([scope, selector]) => {
  const root = scope ? document.querySelector(scope) : document;
  if (!root) return null;
  const countItems = (node) => {
    if (!node) return 0;
    let n = 0;
    if (node.marktype && node.role === 'mark') n += (node.items || []).length;
    for (const item of node.items || []) n += countItems(item.items ? item : null);
    return n;
  };
  return Array.from(root.querySelectorAll(selector)).map((el) => {
    const box = el.getBoundingClientRect();
    let marks;
    if (el.tagName.toLowerCase() === 'svg') {
      marks = el.querySelectorAll('g.role-mark > *').length;
    } else {
      const view = el.__vegaView || (el.parentElement && el.parentElement.__vegaView);
      marks = view ? countItems(view.scenegraph().root) : -1;
    }
    const title = el.querySelector ? el.querySelector('.role-title-text') : null;
    return { tag: el.tagName.toLowerCase(), width: box.width, height: box.height, marks,
             title: title ? title.textContent : null };
  });
}
"""


def chart_report(page, scope: str | None = None, selector: str = CHART_SELECTOR):
    """One dict per drawn Vega chart under `scope` (a CSS selector; None for the whole page).

    Each dict: tag ("svg"/"canvas"), width and height of its box in CSS pixels, marks (data
    marks drawn; -1 if unknown) and title (SVG only). None when `scope` matches nothing.
    """
    return page.evaluate(_CHART_REPORT_JS, [scope, selector])


def chart_problems(report: list[dict]) -> list[str]:
    """Human-readable reasons why charts in a `chart_report` do not look drawn."""
    problems = []
    for i, chart in enumerate(report, 1):
        if chart["width"] <= 0 or chart["height"] <= 0:
            problems.append(f"chart {i} ({chart['tag']}) is {chart['width']}x{chart['height']} px")
        elif chart["marks"] == 0:
            problems.append(f"chart {i} ({chart['tag']}) is blank: no data mark drawn")
        elif chart["marks"] < 0:
            problems.append(f"chart {i} ({chart['tag']}): its data marks cannot be counted")
    return problems


_TOOLTIP_POINTS_JS = """(el) => {
  const view = el.__vegaView; if (!view) return [];
  const pts = []; const [ox, oy] = view.origin();
  const walk = (node, x, y) => {
    for (const item of node.items || []) {
      if (node.role === 'mark' && item.tooltip != null && item.bounds) {
        const b = item.bounds;
        pts.push([(b.x1 + b.x2) / 2 + x + ox, (b.y1 + b.y2) / 2 + y + oy]);
      }
      if (item.items) {
        const group = node.marktype === 'group';
        walk(item, group ? x + (item.x || 0) : x, group ? y + (item.y || 0) : y);
      }
    }
  };
  walk(view.scenegraph().root, 0, 0);
  return pts.slice(0, 5);
}"""


def hover_tooltip(page, selector: str) -> tuple[int, str | None]:
    """Hover data marks that carry a tooltip until Vega's tooltip shows.

    Needs the live view on each chart element (`el.__vegaView`); a static SVG picture has none.
    Returns how many such marks were found (at most 5 per chart) and the tooltip's text.
    """
    found = 0
    charts = page.locator(selector)
    for i in range(charts.count()):
        chart = charts.nth(i)
        points = chart.evaluate(_TOOLTIP_POINTS_JS)
        found += len(points)
        for x, y in points:
            chart.scroll_into_view_if_needed()
            box = chart.bounding_box()
            page.mouse.move(box["x"] + x, box["y"] + y)
            try:
                page.wait_for_selector("#vg-tooltip-element.visible", timeout=2000)
            except Exception:  # noqa: BLE001 (no tooltip at this point: try the next)
                continue
            return found, page.locator("#vg-tooltip-element").inner_text()
    return found, None

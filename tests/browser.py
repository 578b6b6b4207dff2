"""Support for tests that drive headless Chromium against a server on loopback.

Plain module (no pytest fixtures), imported by the JupyterLab test and meant to be
reused by the static-site tests.  See the browser-testing notes shared with the project for why
things are done this way: Debian's chromium, Playwright's Python client, every
request outside the loopback origin aborted, so a passing test proves the page
works in a room with no network.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

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
VEGALITE_MIME = "application/vnd.vegalite.v5+json"

# A drawn Altair chart: vega-embed puts the view's <svg class="marks"> (or
# <canvas class="marks">) in the element it gives the class "vega-embed".  The
# class matters: the "..." actions menu of vega-embed holds an <svg> icon too, so
# ".vega-embed svg" alone would count every chart twice.
CHART_SELECTOR = ".vega-embed svg.marks, .vega-embed canvas.marks"


# --------------------------------------------------------------------------- chromium


def chromium_path() -> str | None:
    """Debian's chromium if it is installed, else None (Playwright's own builds need network)."""
    return CHROMIUM if os.access(CHROMIUM, os.X_OK) else None


def browser_available() -> bool:
    return chromium_path() is not None


def require_browser() -> None:
    """Skip (on a developer's machine) or fail (under CI) when chromium is missing."""
    import pytest

    if browser_available():
        return
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(
            f"{CHROMIUM} is missing although CI is set: .ci/run should have installed "
            "Debian's chromium (apt-get install chromium) before running the tests."
        )
    pytest.skip(f"{CHROMIUM} not found; install Debian's chromium to run the browser tests")


@contextlib.contextmanager
def launch_browser() -> Iterator:
    """Yield a Playwright Browser running Debian's headless chromium."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise RuntimeError(f"{CHROMIUM} not found")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class OfflinePage:
    """A page that may only reach one loopback origin; what it tried otherwise is recorded."""

    page: object  # playwright.sync_api.Page
    origin: str
    blocked: list[str] = field(default_factory=list)  # URLs aborted by the route
    errors: list[str] = field(default_factory=list)  # console errors and uncaught page errors
    failed: list[str] = field(default_factory=list)  # allowed requests that failed anyway

    def close(self) -> None:
        self.page.context.close()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def offline_page(browser, origin: str, viewport: dict | None = None) -> OfflinePage:
    """A new page (in its own context) that aborts every request not on `origin`, data: or blob:.

    `origin` is e.g. "http://127.0.0.1:8765".  Close it with `.close()`.
    """
    origin = _origin(origin)
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

    def on_console(msg):
        if msg.type == "error":
            loc = msg.location or {}
            where = loc.get("url", "")
            result.errors.append(f"console: {msg.text}" + (f" ({where})" if where else ""))

    def on_request_failed(req):
        if req.url not in result.blocked:
            result.failed.append(f"{req.method} {req.url}: {req.failure}")

    page.route("**/*", route)
    page.on("console", on_console)
    page.on("pageerror", lambda exc: result.errors.append(f"pageerror: {exc}"))
    page.on("requestfailed", on_request_failed)
    return result


# --------------------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


# User settings for the JupyterLab under test, keyed by plugin id.
LAB_SETTINGS = {
    # Draw every cell (no virtualisation), so every stored output is in the DOM.
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    # No news feed, no update check, no toasts over the screenshot.
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
        "doNotDisturbMode": True,
    },
    # Belt and braces: never write a document back, even if the frontend marks it dirty.
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


class LabServer(tuple):
    """(base_url, token), plus `.log`: the file holding the server's output."""

    log: Path

    def __new__(cls, base_url: str, token: str, log: Path):
        self = super().__new__(cls, (base_url, token))
        self.log = log
        return self

    @property
    def base_url(self) -> str:
        return self[0]

    @property
    def token(self) -> str:
        return self[1]

    def log_tail(self, lines: int = 40) -> str:
        return _tail(self.log, lines)


@contextlib.contextmanager
def jupyterlab_server(
    root_dir: str | os.PathLike, tmp_dir: str | os.PathLike, timeout: float = 60
) -> Iterator[LabServer]:
    """Run JupyterLab (from this interpreter's environment) on 127.0.0.1; yield (base_url, token).

    What is yielded unpacks as a pair and also has `.log` / `.log_tail()` for diagnostics.

    Nothing from the home directory is used: config, data, runtime, user settings and
    workspaces all live under `tmp_dir`.  The server is told not to fetch news nor
    check for updates, and is stopped by its own pid on exit.
    """
    root_dir = Path(root_dir).resolve()
    tmp = Path(tmp_dir).resolve()
    settings_dir = tmp / "lab-settings"
    for plugin, values in LAB_SETTINGS.items():
        package, _, name = plugin.rpartition("/")
        _write_json(settings_dir / package / f"{name}.jupyterlab-settings", values)

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
    env["JUPYTERLAB_SETTINGS_DIR"] = str(settings_dir)
    env.pop("JUPYTER_PLATFORM_DIRS", None)
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"

    jupyter = Path(sys.executable).parent / "jupyter"
    if not jupyter.exists():
        jupyter = Path(shutil.which("jupyter") or "jupyter")
    port = free_port()
    token = secrets.token_hex(24)
    cmd = [
        str(jupyter),
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        "--ServerApp.open_browser=False",
        f"--ServerApp.root_dir={root_dir}",
        # Server-side fetches: the announcements feed and the PyPI version check.
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
        # The extension manager would query PyPI; the readonly one does not.
        "--LabApp.extension_manager=readonly",
        # Stored outputs are what is tested; no kernel is needed to draw them.
        "--LabApp.notebook_starts_kernel=False",
        # Opening a notebook makes JupyterLab write a checkpoint copy; keep it out of root_dir.
        f"--FileCheckpoints.checkpoint_dir={tmp / 'checkpoints'}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")

    log = tmp / f"jupyterlab-{port}.log"
    base_url = f"http://127.0.0.1:{port}"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=root_dir,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"jupyter lab exited with code {proc.returncode} before answering:\n"
                    + _tail(log)
                )
            try:
                with urllib.request.urlopen(
                    f"{base_url}/api/status?token={token}", timeout=2
                ) as resp:
                    if resp.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"jupyter lab did not answer on {base_url} within {timeout:.0f} s:\n"
                    + _tail(log)
                )
            time.sleep(0.25)
        yield LabServer(base_url, token, log)
    finally:
        _stop(proc)


# --------------------------------------------------------------------------- notebooks


def stored_chart_count(notebook_path: str | os.PathLike) -> int:
    """How many outputs of the committed notebook carry a Vega-Lite v5 chart."""
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

_CHART_REPORT_JS = """
([scope, selector]) => {
  const root = scope ? document.querySelector(scope) : document;
  if (!root) return null;
  return Array.from(root.querySelectorAll(selector)).map((el) => {
    const box = el.getBoundingClientRect();
    let ink = 0;
    if (el.tagName.toLowerCase() === 'canvas') {
      // Pixels that differ from the top-left (background) pixel: 0 means nothing was drawn.
      try {
        const ctx = el.getContext('2d');
        const { data } = ctx.getImageData(0, 0, el.width, el.height);
        const bg = [data[0], data[1], data[2], data[3]];
        for (let i = 0; i < data.length; i += 4) {
          if (data[i] !== bg[0] || data[i + 1] !== bg[1] || data[i + 2] !== bg[2]
              || data[i + 3] !== bg[3]) ink++;
        }
      } catch (e) { ink = -1; }
    } else {
      // Drawn SVG items of the Vega scenegraph.
      ink = el.querySelectorAll('path, rect, line, circle, text, image').length;
    }
    return { tag: el.tagName.toLowerCase(), width: box.width, height: box.height, ink };
  });
}
"""


def chart_report(page, scope: str | None = None) -> list[dict] | None:
    """One dict per drawn Vega chart under `scope` (a CSS selector; None for the whole page).

    Each dict: tag ("svg"/"canvas"), width and height of the bounding box in CSS pixels,
    and ink (canvas: pixels differing from the background; svg: drawn elements).
    None when `scope` matches nothing.
    """
    return page.evaluate(_CHART_REPORT_JS, [scope, CHART_SELECTOR])


def chart_problems(report: list[dict]) -> list[str]:
    """Human-readable reasons why charts in a `chart_report` do not look drawn."""
    problems = []
    for i, chart in enumerate(report, 1):
        if chart["width"] <= 0 or chart["height"] <= 0:
            problems.append(f"chart {i} ({chart['tag']}) is {chart['width']}x{chart['height']} px")
        elif chart["ink"] == 0:
            problems.append(f"chart {i} ({chart['tag']}) is blank: nothing drawn in it")
    return problems

"""The offline static site (`make site`): built by tools/build_site.py's main(), then checked.

Static checks read the written files: every notebook has a page with as many charts as it has
stored Vega-Lite outputs, no page refers to anything outside the folder, every local link and
anchor resolves, headings do not skip levels, solutions are folded, the build is deterministic.

Browser checks (`-m browser`) serve the folder on 127.0.0.1 with every other request aborted and
drive Debian's headless Chromium (tests/browser.py): each page loads with no JavaScript error,
each chart is drawn, a slider changes its chart, "Show solution" opens with the mouse and the
keyboard, the pages fit a 200% zoom, and the site also works opened from file://.
Screenshots go to build/screenshots/site_*.png.
"""

from __future__ import annotations

import functools
import hashlib
import html
import importlib.util
import os
import re
import shutil
import sys
import threading
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import browser  # noqa: E402  (tests/browser.py)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SCREENSHOTS = ROOT / "build" / "screenshots"


def _load_builder():
    spec = importlib.util.spec_from_file_location("build_site", ROOT / "tools" / "build_site.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


build_site = _load_builder()


def _need_chart_scripts() -> None:
    """npm is needed once (to fill tools/site/node_modules); skip without it unless under CI."""
    try:
        build_site.ensure_chart_scripts()
    except RuntimeError as error:
        if os.environ.get("CI"):
            pytest.fail(str(error))
        pytest.skip(str(error))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    _need_chart_scripts()
    out = tmp_path_factory.mktemp("site") / "site"
    assert build_site.main(["--out", str(out)]) == 0
    return out


def _pages(site: Path) -> list[Path]:
    return sorted(site.glob("*.html"))


class _Page(HTMLParser):
    """What the checks need from one page: headings, ids, links, scripts, chart containers."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings: list[int] = []
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str]] = []  # (tag.attr, url)
        self.chart_targets = 0
        self.html_lang = None
        self.first_link = None
        self.solutions = 0
        self.summaries: list[str] = []
        self._in_summary = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if tag == "a" and self.first_link is None:
            self.first_link = attrs
        for attr in ("href", "src"):
            if attrs.get(attr) is not None:
                self.refs.append((f"{tag}.{attr}", attrs[attr]))
        if "vega-target" in (attrs.get("class") or "").split():
            self.chart_targets += 1
            assert attrs.get("aria-label"), "a chart without alternative text"
            assert attrs.get("role") in {"img", "group"}
        if tag == "details" and "solution" in (attrs.get("class") or "").split():
            self.solutions += 1
        if tag == "summary":
            self._in_summary = True
            self.summaries.append("")

    def handle_endtag(self, tag):
        if tag == "summary":
            self._in_summary = False

    def handle_data(self, data):
        if self._in_summary:
            self.summaries[-1] += data


@functools.cache
def _parse(path: Path) -> _Page:
    parser = _Page()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _notebook(path: Path):
    import nbformat

    return nbformat.read(path, as_version=4)


# --------------------------------------------------------------------------- static checks


def test_every_notebook_has_a_page_with_all_its_charts(site):
    assert NOTEBOOKS, "no notebooks/NN_*.ipynb"
    index = _parse(site / "index.html")
    linked = {url for _, url in index.refs}
    for path in NOTEBOOKS:
        page = site / f"{path.stem}.html"
        assert page.exists(), f"no page for {path.name}"
        assert page.name in linked, f"the index does not link {page.name}"
        stored = browser.stored_chart_count(path)
        assert _parse(page).chart_targets == stored, f"{page.name}: charts lost or added"
    for name in ("index.html", "glossary.html", "teacher_guide.html"):
        assert (site / name).exists(), name


def test_solutions_are_folded(site):
    for path in NOTEBOOKS:
        notebook = _notebook(path)
        has_solutions = any("solution" in c.metadata.get("tags", []) for c in notebook.cells)
        page = _parse(site / f"{path.stem}.html")
        assert (page.solutions > 0) == has_solutions, path.name
        html_text = (site / f"{path.stem}.html").read_text(encoding="utf-8")
        control = '<details class="solution"><summary>Show solution</summary>'
        assert html_text.count(control) == page.solutions, path.name
        assert html_text.count('<div class="solution-body">') == page.solutions, path.name


def test_nothing_is_fetched_from_outside_the_folder(site):
    for page in _pages(site):
        for ref, url in _parse(page).refs:
            if ref in {"script.src", "link.href", "img.src", "iframe.src", "source.src"}:
                assert not re.match(r"^[a-z][a-z0-9+.-]*:", url) or url.startswith("data:"), (
                    f"{page.name}: {ref}={url} leaves the folder"
                )
        text = page.read_text(encoding="utf-8")
        assert "cdn.jsdelivr" not in text and "require.js" not in text and "unpkg.com" not in text
    assert not list(site.rglob("*.ipynb")), "notebooks copied into the site"


def test_local_links_and_anchors_resolve(site):
    problems = []
    for page in _pages(site):
        for ref, url in _parse(page).refs:
            if not ref.endswith((".href", ".src")) or re.match(r"^[a-z][a-z0-9+.-]*:", url):
                continue
            parts = urlsplit(url)
            target = page if not parts.path else (page.parent / unquote(parts.path))
            if not target.exists():
                problems.append(f"{page.name}: {url} (no such file)")
            elif parts.fragment and target.suffix == ".html":
                if parts.fragment not in _parse(target.resolve()).ids:
                    problems.append(f"{page.name}: {url} (no such anchor)")
    assert not problems, "\n".join(problems)


def test_pages_are_accessible_by_construction(site):
    for page in _pages(site):
        parsed = _parse(page)
        assert parsed.html_lang == "en", page.name
        assert parsed.first_link and parsed.first_link.get("href") == "#main", (
            f"{page.name}: the first link should be the skip link"
        )
        assert "main" in parsed.ids
        levels = parsed.headings
        assert levels and levels[0] == 1 and levels.count(1) == 1, f"{page.name}: {levels}"
        skips = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        assert not skips, f"{page.name}: heading levels skip {skips}"


def test_shared_scripts_are_files_not_inlined(site):
    assets = site / "assets"
    for name in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "site.js", "site.css"):
        assert (assets / name).exists(), name
    vega_size = (assets / "vega.min.js").stat().st_size
    for page in _pages(site):
        assert page.stat().st_size < vega_size, f"{page.name} looks like it inlines the scripts"
        text = page.read_text(encoding="utf-8")
        if _parse(page).chart_targets:
            assert text.count('src="assets/vega.min.js"') == 1


def test_handout_comes_from_notebook_04_with_print_css(site):
    css = (site / "assets" / "site.css").read_text(encoding="utf-8")
    assert "@media print" in css
    source = [p for p in NOTEBOOKS if p.name.startswith("04_")]
    if not source:
        pytest.skip("notebook 04 is not written yet")
    notebook = _notebook(source[0])
    if not any(build_site.HANDOUT_HEADING in c.source for c in notebook.cells):
        pytest.skip("notebook 04 has no checklist section yet")
    handout = (site / "handout.html").read_text(encoding="utf-8")
    items = build_site.handout_markdown(
        [(build_site.notebook_info(source[0], notebook), notebook)], ROOT / "docs"
    )
    for line in re.findall(r"^\s*(?:[-*]|\d+\.)\s+(.{12,60})", items, re.M):
        words = re.sub(r"[*_`\[\]]|\(.*?\)", "", line).split()[:3]
        assert " ".join(words) in html.unescape(re.sub(r"<[^>]+>", "", handout)), line


def test_build_is_deterministic(site, tmp_path):
    first, again = tmp_path / "first", tmp_path / "again"
    assert build_site.main(["--out", str(first)]) == 0
    assert build_site.main(["--out", str(again)]) == 0

    def digest(root: Path) -> dict[str, str]:
        return {
            str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))
            if p.is_file()
        }

    assert digest(first) == digest(again)


def test_teacher_guide_covers_every_notebook_and_carries_the_checklist():
    guide = (ROOT / "docs" / "teacher_guide.md").read_text(encoding="utf-8")
    sections = re.findall(r"^##\s+(\d\d)\s", guide, re.M)
    for path in NOTEBOOKS:
        assert path.name[:2] in sections, f"docs/teacher_guide.md has no '## {path.name[:2]} ...'"
    source = [p for p in NOTEBOOKS if p.name.startswith("04_")]
    if not source:
        pytest.skip("notebook 04 is not written yet")
    notebook = _notebook(source[0])
    from_notebook = build_site.handout_markdown(
        [(build_site.notebook_info(source[0], notebook), notebook)], ROOT / "docs"
    )
    if from_notebook is None:
        pytest.skip("notebook 04 has no checklist section yet")
    from_guide = build_site.handout_markdown([], ROOT / "docs")
    assert " ".join(from_guide.split()) == " ".join(from_notebook.split()), (
        "the handout in docs/teacher_guide.md differs from the checklist in notebook 04: copy it"
    )


def test_every_glossary_link_in_the_notebooks_resolves():
    """`../docs/glossary.md#anchor` links (markdown cells and outputs) match a `## Term` heading."""
    glossary = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    terms = re.findall(r"^##\s+(.+?)\s*$", glossary, re.M)
    anchors = [build_site.slugify(term) for term in terms]
    assert len(anchors) == len(set(anchors)), "two glossary terms share an anchor"
    assert terms == sorted(terms, key=str.casefold), "glossary terms are not in alphabetical order"
    for term, anchor in zip(terms, anchors, strict=True):
        assert anchor == term.lower().replace(" ", "-"), f"{term!r}: use letters, digits, hyphens"
    missing = []
    for path in NOTEBOOKS:
        text = _notebook_text(path)
        for anchor in re.findall(r"glossary\.md#([\w\-]+)", text):
            if anchor not in anchors:
                missing.append(f"{path.name}: #{anchor}")
    # The glossary's own cross-references too.
    for anchor in re.findall(r"\]\(#([\w\-]+)\)", glossary):
        if anchor not in anchors:
            missing.append(f"glossary.md: #{anchor}")
    assert not missing, "glossary anchors with no heading:\n" + "\n".join(sorted(set(missing)))


def _notebook_text(path: Path) -> str:
    notebook = _notebook(path)
    parts = []
    for cell in notebook.cells:
        parts.append(cell.source)
        for output in cell.get("outputs", []):
            parts.extend(str(v) for v in output.get("data", {}).values())
    return "\n".join(parts)


# --------------------------------------------------------------------------- in a browser


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture(scope="module")
def served(site):
    """The site on a loopback port, served from a background thread; stopped afterwards."""
    browser.require_browser()
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", browser.free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def chromium(served):
    with browser.launch_browser() as b:
        yield b


def _open(chromium, origin: str, url: str, viewport: dict | None = None):
    page = browser.offline_page(chromium, origin, viewport=viewport)
    page.page.goto(url, wait_until="load")
    charts = page.page.locator(".vega-target").count()
    if charts:
        page.page.wait_for_selector("html[data-charts-drawn]", timeout=30_000)
    return page, charts


def _shot(page, name: str) -> None:
    """The window (1280x900) at the page's first chart, or at its top when it has none."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    charts = page.locator("figure.chart")
    if charts.count():
        charts.first.evaluate("el => el.scrollIntoView({block: 'center'})")
    page.screenshot(path=str(SCREENSHOTS / f"site_{name}.png"))


@pytest.mark.browser
def test_every_page_loads_offline_and_draws_its_charts(site, served, chromium):
    total = 0
    for path in _pages(site):
        page, expected = _open(chromium, served, f"{served}/{path.name}")
        try:
            report = browser.chart_report(page.page)
            assert len(report) == expected == _parse(path).chart_targets, path.name
            assert not browser.chart_problems(report), (path.name, browser.chart_problems(report))
            assert page.page.locator(".chart-failed").count() == 0, path.name
            labelled = page.page.locator(".vega-embed [role=img][aria-label]").count()
            assert labelled >= expected, f"{path.name}: charts without alternative text"
            _shot(page.page, path.stem)
            assert not page.blocked, f"{path.name} tried to leave the folder: {page.blocked}"
            assert not page.errors, f"{path.name}: {page.errors}"
            assert not page.failed, f"{path.name}: {page.failed}"
            total += expected
        finally:
            page.close()
    drawn = sum(_parse(p).chart_targets for p in _pages(site))
    assert total == drawn, f"{total} charts drawn, {drawn} in the pages"
    print(f"{total} charts drawn in {len(_pages(site))} pages")


def _pages_with(site: Path, marker: str) -> list[Path]:
    return [p for p in _pages(site) if marker in p.read_text(encoding="utf-8")]


@pytest.mark.browser
def test_a_slider_changes_its_chart(site, served, chromium):
    candidates = [p for p in _pages_with(site, "vega-target") if '"bind"' in p.read_text("utf-8")]
    if not candidates:
        pytest.skip("no notebook has a chart with a slider yet")
    moved = False
    for path in candidates:
        page, _ = _open(chromium, served, f"{served}/{path.name}")
        try:
            sliders = page.page.locator(".vega-embed .vega-bindings input[type=range]")
            if not sliders.count():
                continue
            slider = sliders.first
            slider.scroll_into_view_if_needed()
            figure = slider.locator("xpath=ancestor::div[contains(@class,'vega-embed')][1]")
            chart = figure.locator("svg.marks, canvas.marks").first
            before = chart.evaluate("el => el.outerHTML || el.toDataURL()")
            value = slider.evaluate(
                """el => {
                    const lo = Number(el.min || 0), hi = Number(el.max || 100);
                    const next = Number(el.value) === hi ? lo : hi;
                    el.value = String(next);
                    el.dispatchEvent(new Event('input', { bubbles: true }));
                    el.dispatchEvent(new Event('change', { bubbles: true }));
                    return next;
                }"""
            )
            page.page.wait_for_timeout(300)
            after = chart.evaluate("el => el.outerHTML || el.toDataURL()")
            assert after != before, f"{path.name}: moving the slider to {value} changed nothing"
            figure.screenshot(path=str(SCREENSHOTS / f"site_slider_{path.stem}.png"))
            assert not page.errors, page.errors
            moved = True
        finally:
            page.close()
        break
    assert moved, "pages have bound parameters but no range input was drawn"


@pytest.mark.browser
def test_hovering_a_mark_shows_its_tooltip(site, served, chromium):
    pages = [p for p in _pages_with(site, "vega-target") if '"tooltip"' in p.read_text("utf-8")]
    if not pages:
        pytest.skip("no chart with tooltips yet")
    page, _ = _open(chromium, served, f"{served}/{pages[0].name}")
    try:
        marks = page.page.locator(
            ".vega-embed svg.marks .mark-rect path, .vega-embed svg.marks .mark-symbol path"
        )
        shown = None
        for i in range(min(marks.count(), 10)):
            marks.nth(i).scroll_into_view_if_needed()
            marks.nth(i).hover(force=True)
            page.page.wait_for_timeout(150)
            shown = page.page.evaluate(
                "(() => { const t = document.getElementById('vg-tooltip-element');"
                " return t && t.classList.contains('visible') ? t.innerText : null; })()"
            )
            if shown:
                break
        assert shown, f"{pages[0].name}: no tooltip appeared over its marks"
        assert not page.errors, page.errors
    finally:
        page.close()


@pytest.mark.browser
def test_show_solution_reveals_it_by_mouse_and_keyboard(site, served, chromium):
    pages = _pages_with(site, '<details class="solution">')
    if not pages:
        pytest.skip("no notebook has a solution yet")
    page, _ = _open(chromium, served, f"{served}/{pages[0].name}")
    try:
        details = page.page.locator("details.solution")
        first = details.first
        body = first.locator(".solution-body")
        assert not body.is_visible()
        first.locator("summary").click()
        body.wait_for(state="visible")
        assert first.evaluate("el => el.open")
        first.screenshot(path=str(SCREENSHOTS / f"site_solution_{pages[0].stem}.png"))
        # Keyboard: the summary takes focus and Enter toggles it.
        target = details.nth(1) if details.count() > 1 else first
        if target is first:
            first.locator("summary").click()  # close it again
        target.locator("summary").focus()
        page.page.keyboard.press("Enter")
        target.locator(".solution-body").wait_for(state="visible")
        assert not page.errors, page.errors
    finally:
        page.close()


@pytest.mark.browser
def test_skip_link_is_the_first_tab_stop(served, chromium):
    page, _ = _open(chromium, served, f"{served}/index.html")
    try:
        page.page.keyboard.press("Tab")
        focused = page.page.evaluate("document.activeElement.getAttribute('href')")
        assert focused == "#main"
    finally:
        page.close()


@pytest.mark.browser
def test_pages_fit_a_200_percent_zoom(site, served, chromium):
    """A 1280 px wide window at 200% zoom is a 640 CSS px viewport: no sideways page scroll."""
    for path in _pages(site):
        page, _ = _open(chromium, served, f"{served}/{path.name}", {"width": 640, "height": 450})
        try:
            overflow = page.page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"{path.name} scrolls sideways by {overflow}px at 200% zoom"
            if path.name.startswith("0"):
                page.page.screenshot(path=str(SCREENSHOTS / f"site_zoom200_{path.stem}.png"))
        finally:
            page.close()


@pytest.mark.browser
def test_handout_prints_on_one_page_without_the_menus(site, served, chromium):
    if not (site / "handout.html").exists():
        pytest.skip("no handout")
    page, _ = _open(chromium, served, f"{served}/handout.html")
    try:
        page.page.emulate_media(media="print")
        assert not page.page.locator(".site-header").is_visible()
        assert page.page.locator("main ol li, main ul li").count() >= 3
        pdf = page.page.pdf(format="A4", print_background=False)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert pages == 1, f"the handout prints on {pages} pages"
        (SCREENSHOTS / "site_handout_print.pdf").write_bytes(pdf)
    finally:
        page.close()


@pytest.mark.browser
def test_site_works_from_file_urls(site, chromium, tmp_path):
    """Opened from a folder (file://), e.g. from a USB stick, with no server at all."""
    folder = tmp_path / "usb stick"
    shutil.copytree(site, folder)
    for path in _pages(folder):
        if path.name != "index.html" and not _parse(path).chart_targets:
            continue
        page, expected = _open(chromium, "file://", path.as_uri())
        try:
            report = browser.chart_report(page.page)
            assert len(report) == expected, path.name
            assert not browser.chart_problems(report), path.name
            assert not page.errors, f"{path.name}: {page.errors}"
            assert not page.blocked, f"{path.name}: {page.blocked}"
        finally:
            page.close()

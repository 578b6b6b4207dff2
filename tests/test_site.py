"""The offline static site (`make site`): built by tools/build_site.py's main(), then checked.

Static checks read the written files: every notebook has a page with as many charts as it has
stored chart outputs, no page refers to anything outside the folder, every local link and anchor
resolves, headings do not skip levels, solutions and instructor notes are folded, optional
sections ("Going further", "More practice") are marked optional, the chart scripts come from vl-convert-python with the Vega-Lite major
version Altair writes, code colours reach WCAG AA contrast, pandas tables have no empty header,
and the build is deterministic (also across processes with different hash seeds, and with no
npm or node on PATH).

Browser checks (`-m browser`) serve the folder on 127.0.0.1 and drive Debian's headless
Chromium, both inside a loopback-only network namespace, with every other request aborted
(tests/browser.py): each page loads with no JavaScript error, each chart draws data marks (a
chart with no data fails, shown by a test that feeds one), a slider changes its chart, hovering
shows a tooltip, "Show solution" opens with the mouse and the keyboard, the pages fit a 200%
zoom, axe-core finds no serious or critical violation, and the site also works from file://.
Screenshots go to build/screenshots/site_*.png.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import browser  # tests/browser.py (tests/conftest.py makes it importable)
import pytest

from tools import build_site, generate_docs
from unitevote import pattern
from unitevote.pattern import ROOT

pytest_plugins = ["browser"]

SCREENSHOTS = ROOT / "build" / "screenshots"


@pytest.fixture(scope="session")
def notebooks(tmp_path_factory) -> list[Path]:
    """A snapshot of the notebooks: the site and the checks read the same bytes."""
    folder = tmp_path_factory.mktemp("notebooks")
    for path in pattern.notebook_paths(ROOT / "notebooks"):
        shutil.copyfile(path, folder / path.name)
    return pattern.notebook_paths(folder)


@pytest.fixture(scope="session")
def site(tmp_path_factory, notebooks) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    assert build_site.main(["--out", str(out), "--notebooks", str(notebooks[0].parent)]) == 0
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


def test_every_notebook_has_a_page_with_all_its_charts(site, notebooks):
    assert notebooks, "no notebooks/NN_*.ipynb"
    index = _parse(site / "index.html")
    linked = {url for _, url in index.refs}
    for path in notebooks:
        page = site / f"{path.stem}.html"
        assert page.exists(), f"no page for {path.name}"
        assert page.name in linked, f"the index does not link {page.name}"
        stored = browser.stored_chart_count(path)
        assert _parse(page).chart_targets == stored, f"{page.name}: charts lost or added"
    for name in ("index.html", "glossary.html", "teacher_guide.html"):
        assert (site / name).exists(), name


def test_solutions_are_folded(site, notebooks):
    for path in notebooks:
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
    for name in (build_site.CHART_SCRIPT, "site.js", "site.css", "NOTICE.txt"):
        assert (assets / name).exists(), name
    vega_size = (assets / build_site.CHART_SCRIPT).stat().st_size
    for page in _pages(site):
        assert page.stat().st_size < vega_size, f"{page.name} looks like it inlines the scripts"
        text = page.read_text(encoding="utf-8")
        if _parse(page).chart_targets:
            assert text.count(f'src="assets/{build_site.CHART_SCRIPT}"') == 1


def test_chart_scripts_speak_the_vega_lite_altair_writes(site, notebooks):
    """The bundle the site ships is the Vega-Lite Altair writes, read from the bundle's own text
    (vl-convert's build, not the site's notes about it); its notice and versions.json name what
    is in it; the notebooks' stored specs name the same major version in their $schema."""
    from unitevote.theme import VEGALITE_FULL_VERSION as altair_version

    bundle = (site / "assets" / build_site.CHART_SCRIPT).read_text(encoding="utf-8")
    assert f'"{altair_version}"' in bundle, f"the bundle is not Vega-Lite {altair_version}"
    versions = json.loads((site / "assets" / "versions.json").read_text(encoding="utf-8"))
    notice = (site / "assets" / "NOTICE.txt").read_text(encoding="utf-8")
    for name in ("vega", "vega-lite"):
        assert f'"{versions[name]}"' in bundle, f"versions.json: {name} {versions[name]}"
        assert f"{name} {versions[name]}" in notice, f"NOTICE.txt: {name}"
    major = altair_version.split(".")[0]
    for path in notebooks:
        for output in _chart_outputs(path):
            schema = output["data"][pattern.VEGALITE_MIME].get("$schema", "")
            assert f"/v{major}" in schema, f"{path.name}: {schema}"


def _chart_outputs(path: Path) -> list[dict]:
    notebook = _notebook(path)
    return [
        output
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if pattern.VEGALITE_MIME in output.get("data", {})
    ]


def test_instructor_notes_are_folded_and_marked(site, notebooks):
    for path in notebooks:
        notebook = _notebook(path)
        notes = [c for c in notebook.cells if build_site.is_instructor(c)]
        text = (site / f"{path.stem}.html").read_text(encoding="utf-8")
        assert text.count('<details class="instructor">') == len(notes), path.name
        assert text.count("(for teachers)</span></summary>") == len(notes), path.name


def test_optional_sections_are_marked_optional(site, notebooks):
    """Every "## Going further (optional)" or "## More practice (optional)" heading
    (`pattern.is_optional_heading`) is inside a section the page marks optional."""
    for path in notebooks:
        headings = [
            line.lstrip("#").strip()
            for cell in _notebook(path).cells
            if cell.cell_type == "markdown"
            for line in cell.source.splitlines()
            if pattern.is_optional_heading(line)
        ]
        text = html.unescape((site / f"{path.stem}.html").read_text(encoding="utf-8"))
        marker = '<section class="going-further"'
        assert (marker in text) == bool(headings), path.name
        if headings:
            optional = text.split(marker, 1)[1]
            assert "Optional" in optional[:300], path.name
            for heading in headings:
                assert heading in optional, f"{path.name}: {heading!r} is not marked optional"


def test_check_outputs_show_their_sentence(site, notebooks):
    """Outputs of solution cells that run a check show the verdict's text, not its JSON."""
    for path in notebooks:
        text = (site / f"{path.stem}.html").read_text(encoding="utf-8")
        assert pattern.CHECK_MIME not in text and '"misconception"' not in text, path.name


def _wcag_contrast(first: str, second: str) -> float:
    """WCAG 2.1's contrast ratio, written here from the standard's definition (sRGB with the
    0.04045 threshold of IEC 61966-2-1) rather than taken from build_site, whose darkening of
    the colours is what is being checked."""

    def luminance(colour: str) -> float:
        colour = colour.lstrip("#")
        if len(colour) == 3:
            colour = "".join(2 * c for c in colour)
        linear = []
        for i in (0, 2, 4):
            srgb = int(colour[i : i + 2], 16) / 255
            linear.append(srgb / 12.92 if srgb <= 0.04045 else ((srgb + 0.055) / 1.055) ** 2.4)
        red, green, blue = linear
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_formula_knows_its_extremes():
    assert round(_wcag_contrast("#000", "#ffffff"), 2) == 21.0
    assert _wcag_contrast("#777777", "#ffffff") < 4.5 < _wcag_contrast("#767676", "#ffffff")


def test_code_colours_reach_aa_contrast(site):
    css = (site / "assets" / "site.css").read_text(encoding="utf-8")
    code_css = css.split("/* Code colours:", 1)[1]
    colours = re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})\b", code_css)
    assert colours
    background = re.search(r"--panel:\s*(#[0-9a-fA-F]{3,6})", css)[1]
    colours.append(re.search(r"--text:\s*(#[0-9a-fA-F]{3,6})", css)[1])  # code outside a token
    low = {
        colour: round(_wcag_contrast(colour, background), 2)
        for colour in colours
        if _wcag_contrast(colour, background) < 4.5
    }
    assert not low, f"code colours under 4.5:1 on {background}: {low}"


def test_pandas_tables_have_no_empty_header(site):
    for page in _pages(site):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<th[^>]*>\s*</th>", text), f"{page.name}: an empty <th>"


def test_tables_with_headers_names_or_drops_the_index():
    import pandas as pd

    plain = build_site.tables_with_headers(pd.DataFrame({"a": [1, 2]}).to_html())
    assert "<th>0</th>" not in plain and ">a</th>" in plain
    named = pd.DataFrame({"votes": [1, 2]}, index=pd.Index(["x", "y"], name="candidate"))
    out = build_site.tables_with_headers(named.to_html())
    assert re.search(r"<th[^>]*>candidate</th>", out) and not re.search(r"<th[^>]*>\s*</th>", out)
    unnamed = build_site.tables_with_headers(pd.DataFrame({"v": [1]}, index=["x"]).to_html())
    assert re.search(r"<th[^>]*>Row</th>", unnamed)


def test_handout_is_the_checklist_the_teacher_guide_prints(site):
    """Each item of the checklist copied into docs/teacher_guide.md (kept current by
    tests/test_generated_docs.py) is on the handout page, which has a print style."""
    css = (site / "assets" / "site.css").read_text(encoding="utf-8")
    assert "@media print" in css
    guide = (ROOT / "docs" / "teacher_guide.md").read_text(encoding="utf-8")
    copied = guide.split(generate_docs.CHECKLIST_START, 1)[1].split(generate_docs.CHECKLIST_END)[0]
    items = re.findall(r"^\s*(?:[-*]|\d+\.)\s+(.{12,60})", copied, re.M)
    assert len(items) >= 3, "the teacher guide's checklist has fewer than three items"
    handout = html.unescape(re.sub(r"<[^>]+>", "", (site / "handout.html").read_text("utf-8")))
    for line in items:
        words = re.sub(r"[*_`\[\]]|\(.*?\)", "", line).split()[:3]
        assert " ".join(words) in handout, line


def _digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_build_is_deterministic(site, notebooks, tmp_path):
    """Same bytes built again in another process, with another hash seed (set and dict orders
    change with it) and no npm/node on PATH (the build needs only the Python environment)."""
    folder = str(notebooks[0].parent)
    other = tmp_path / "other-seed"
    bin_dir = tmp_path / "bin"  # PATH: only this interpreter, no node, no npm
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    seed = "12345" if os.environ.get("PYTHONHASHSEED") != "12345" else "54321"
    env = dict(os.environ, PYTHONHASHSEED=seed, PATH=str(bin_dir))
    done = subprocess.run(
        [sys.executable, "-m", "tools.build_site", "--out", str(other), "--notebooks", folder],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert _digest(other) == _digest(site)


def test_teacher_guide_covers_every_notebook(notebooks):
    guide = (ROOT / "docs" / "teacher_guide.md").read_text(encoding="utf-8")
    sections = re.findall(r"^##\s+(\d\d)\s", guide, re.M)
    for path in notebooks:
        assert path.name[:2] in sections, f"docs/teacher_guide.md has no '## {path.name[:2]} ...'"


def test_every_glossary_link_in_the_notebooks_resolves(notebooks):
    """`../docs/glossary.md#anchor` links (markdown cells and outputs) match a `## Term` heading."""
    glossary = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    terms = re.findall(r"^##\s+(.+?)\s*$", glossary, re.M)
    anchors = [build_site.slugify(term) for term in terms]
    assert len(anchors) == len(set(anchors)), "two glossary terms share an anchor"
    assert terms == sorted(terms, key=str.casefold), "glossary terms are not in alphabetical order"
    for term, anchor in zip(terms, anchors, strict=True):
        assert anchor == term.lower().replace(" ", "-"), f"{term!r}: use letters, digits, hyphens"
    missing = []
    for path in notebooks:
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


@pytest.fixture(scope="session")
def served(site, netns, tmp_path_factory):
    """The site on a loopback port (chosen by the OS) inside the test namespace."""
    with browser.static_server(site, tmp_path_factory.mktemp("site-server"), netns) as origin:
        yield origin


def _charts_drawn(page) -> int:
    """How many charts the loaded page holds, once the site's script says it has drawn them."""
    charts = page.locator(".vega-target").count()
    if charts:
        page.wait_for_selector("html[data-charts-drawn]", timeout=30_000)
    return charts


def _open(chromium, origin: str, url: str, viewport: dict | None = None):
    page = browser.offline_page(chromium, origin, viewport=viewport)
    page.page.goto(url, wait_until="load")
    return page, _charts_drawn(page.page)


def _shot(page, name: str) -> None:
    """The window (1280x900) at the page's first chart, or at its top when it has none."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    charts = page.locator("figure.chart")
    if charts.count():
        charts.first.evaluate("el => el.scrollIntoView({block: 'center'})")
    page.screenshot(path=str(SCREENSHOTS / f"site_{name}.png"))


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Only violations are collected (axe-core's `resultTypes`): listing every node that passes
# doubles the run.
# The highlighted code's tokens are left out (the <pre> around them is checked): thousands of
# spans in a handful of colours on one background, which test_code_colours_reach_aa_contrast
# checks pair by pair; axe-core's colour-contrast rule spent 40% of a notebook page's run on them.
AXE_RUN = """(tags) => axe.run({ exclude: [['pre.highlight > code']] },
                              { runOnly: { type: 'tag', values: tags },
                                resultTypes: ['violations'] })"""
# A 1280 px wide window at 200% zoom lays the page out in 640 CSS px.
ZOOM_200 = {"width": 640, "height": 450}


def _axe_script() -> tuple[str, str]:
    """axe-core's script and version, from the locked PyPI package that vendors it."""
    import axe_playwright_python

    script = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text("utf-8")
    version = re.search(r"axe v(\d+\.\d+\.\d+)", script[:200])
    return script, version[1] if version else "unknown"


# Pages open at once in `visits`: each loads, draws and runs axe-core in a renderer process of
# its own while the test reads the others (one after another, most of the fixture was waiting).
VISITS_AT_ONCE = 4
# axe-core started in a page without waiting for it (from a timer: axe.run does most of its work
# before its first await); its result, a promise, is awaited later.
AXE_START = (
    "(tags) => { window.__axeRun = new Promise((done) => setTimeout(() => done("
    + AXE_RUN.split("=>", 1)[1].strip()
    + "), 0)); }"
)


@pytest.fixture(scope="module")
def visits(site, served, chromium) -> dict[str, dict]:
    """Every page opened once, served on loopback, and what the checks below need from it.

    In order: the page loads and its charts are drawn (chart report, screenshot), the page's
    own errors and refused requests are read, axe-core runs over it, and the window is narrowed
    to a 200% zoom to measure sideways scrolling. One visit per page instead of one per check;
    up to VISITS_AT_ONCE pages at a time, each in its own context.
    """
    script, _ = _axe_script()
    paths = _pages(site)
    opened: dict[str, tuple] = {}
    found = {}

    def start(path: Path) -> None:
        page = browser.offline_page(chromium, served)
        page.page.add_init_script(script)  # axe-core, parsed while the page loads
        page.page.goto(f"{served}/{path.name}", wait_until="commit")
        opened[path.name] = (path, page)

    def drawn(path: Path, page) -> None:
        """The page loaded, its charts drawn and read; axe-core started in it."""
        page.page.wait_for_load_state("load")
        expected = _charts_drawn(page.page)
        visit = {
            "expected": expected,
            "report": browser.chart_report(page.page),
            "failed": page.page.locator(".chart-failed").count(),
            "labelled": page.page.locator(".vega-embed [role=img][aria-label]").count(),
        }
        _shot(page.page, path.stem)
        visit["page"] = {
            "left the folder": list(page.blocked),
            "script errors": list(page.errors),
            "failed requests": list(page.failed),
        }
        page.page.evaluate(AXE_START, AXE_TAGS)
        found[path.name] = visit

    def finished(path: Path, page) -> None:
        """axe-core's violations, then the 200% zoom; the page closed."""
        visit = found[path.name]
        try:
            visit["axe"] = page.page.evaluate("() => window.__axeRun")["violations"]
            page.page.set_viewport_size(ZOOM_200)
            visit["overflow"] = page.page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if path.name.startswith("0"):
                page.page.screenshot(path=str(SCREENSHOTS / f"site_zoom200_{path.stem}.png"))
        finally:
            page.close()

    queue = list(paths)
    pending: list[str] = []  # axe-core running
    try:
        while queue or pending or opened:
            while queue and len(opened) < VISITS_AT_ONCE:
                start(queue.pop(0))
            waiting = [name for name in opened if name not in pending]
            if waiting:  # the oldest page still loading: read it, then start its axe-core run
                path, page = opened[waiting[0]]
                drawn(path, page)
                pending.append(path.name)
            if pending and (len(pending) >= VISITS_AT_ONCE // 2 or not waiting[1:] and not queue):
                path, page = opened.pop(pending.pop(0))
                finished(path, page)
    finally:
        for _path, page in opened.values():
            page.close()
    return {path.name: found[path.name] for path in paths}


@pytest.mark.browser
def test_every_page_loads_offline_and_draws_its_charts(site, visits):
    total = 0
    for name, visit in visits.items():
        report, expected = visit["report"], visit["expected"]
        assert len(report) == expected == _parse(site / name).chart_targets, name
        assert not browser.chart_problems(report), (name, browser.chart_problems(report))
        assert visit["failed"] == 0, name
        assert visit["labelled"] >= expected, f"{name}: charts without alternative text"
        for what, items in visit["page"].items():
            assert not items, f"{name}: {what}: {items}"
        total += expected
    drawn = sum(_parse(p).chart_targets for p in _pages(site))
    assert len(visits) == len(_pages(site))
    assert total == drawn, f"{total} charts drawn, {drawn} in the pages"
    print(f"{total} charts drawn in {len(_pages(site))} pages")


def _pages_with(site: Path, marker: str) -> list[Path]:
    return [p for p in _pages(site) if marker in p.read_text(encoding="utf-8")]


@pytest.mark.browser
def test_a_slider_changes_its_chart(site, served, chromium):
    candidates = [p for p in _pages_with(site, "vega-target") if '"bind"' in p.read_text("utf-8")]
    assert candidates, "no page has a chart with a slider"
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
            changed = page.page.wait_for_function(
                "([el, before]) => (el.outerHTML || el.toDataURL()) !== before",
                arg=[chart.element_handle(), before],
                timeout=5000,
            )
            assert changed, f"{path.name}: moving the slider to {value} changed nothing"
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
    assert pages, "no page has a chart with tooltips"
    found, shown = 0, None
    for path in pages:
        page, _ = _open(chromium, served, f"{served}/{path.name}")
        try:
            found, shown = browser.hover_tooltip(page.page, ".vega-embed svg.marks")
            assert not page.errors, page.errors
        finally:
            page.close()
        if shown:
            break
    assert found, "pages have tooltip encodings but no drawn mark carries a tooltip"
    assert shown, f"no tooltip appeared over {found} marks that have one"


@pytest.mark.browser
def test_show_solution_reveals_it_by_mouse_and_keyboard(site, served, chromium):
    pages = _pages_with(site, '<details class="solution">')
    assert pages, "no page has a folded solution"
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
def test_pages_fit_a_200_percent_zoom(visits):
    """A 1280 px wide window at 200% zoom is a 640 CSS px viewport: no sideways page scroll."""
    for name, visit in visits.items():
        overflow = visit["overflow"]
        assert overflow <= 1, f"{name} scrolls sideways by {overflow}px at 200% zoom"


@pytest.mark.browser
def test_handout_prints_on_one_page_without_the_menus(site, served, chromium):
    assert (site / "handout.html").exists(), "no handout page"
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
    """Opened from a folder (file://), e.g. from a USB stick, with no server at all.

    Every page reaches its scripts and styles by the same relative paths (assets/), so the index
    and the page with the most charts stand for all; the served pages are all checked above.
    """
    folder = tmp_path / "usb stick"
    shutil.copytree(site, folder)
    most_charts = max(_pages(folder), key=lambda path: _parse(path).chart_targets)
    assert _parse(most_charts).chart_targets, "no page of the site has a chart"
    for path in (folder / "index.html", most_charts):
        page, expected = _open(chromium, "file://", path.as_uri())
        try:
            report = browser.chart_report(page.page)
            assert len(report) == expected, path.name
            assert not browser.chart_problems(report), path.name
            assert not page.errors, f"{path.name}: {page.errors}"
            assert not page.blocked, f"{path.name}: {page.blocked}"
        finally:
            page.close()


def _blank_chart_page(site: Path, folder: Path) -> Path:
    """A site page with two charts: one with data, one whose data is empty (axes, title only)."""
    shutil.copytree(site / "assets", folder / "assets", dirs_exist_ok=True)
    bars = {"$schema": "https://vega.github.io/schema/vega-lite/v5.20.1.json",
            "title": "Two bars", "mark": "bar",
            "data": {"values": [{"k": "a", "v": 1}, {"k": "b", "v": 2}]},
            "encoding": {"x": {"field": "k", "type": "nominal"},
                         "y": {"field": "v", "type": "quantitative"}}}  # fmt: skip
    blank = {**bars, "title": "No data", "data": {"values": []}}
    renderer = build_site.Renderer("blank")
    page = build_site.Page("blank.html", "Blank", renderer.chart(bars) + renderer.chart(blank),
                           charts=renderer.charts)  # fmt: skip
    template = (build_site.SITE_SRC / "page.html").read_text(encoding="utf-8")
    text = build_site.Template(template).substitute(
        title="Blank", head="", body_class="", nav="", main=page.main,
        scripts=build_site._scripts(page),
    )  # fmt: skip
    (folder / "blank.html").write_text(text, encoding="utf-8")
    return folder / "blank.html"


@pytest.mark.browser
def test_a_chart_with_no_data_counts_as_not_drawn(site, chromium, tmp_path):
    """The check that every chart is drawn can fail: a blank chart (title, axes, no data)."""
    path = _blank_chart_page(site, tmp_path / "blank")
    page, expected = _open(chromium, "file://", path.as_uri())
    try:
        report = browser.chart_report(page.page)
        page.page.screenshot(path=str(SCREENSHOTS / "site_blank_chart_check.png"), full_page=True)
    finally:
        page.close()
    assert expected == len(report) == 2, report
    assert report[0]["marks"] == 2 and report[1]["marks"] == 0, report
    problems = browser.chart_problems(report)
    assert problems == ["chart 2 (svg) is blank: no data mark drawn"], problems


@pytest.mark.browser
def test_axe_finds_no_serious_or_critical_violation(visits):
    """axe-core (pinned by the lock, WCAG 2.1 A/AA and best practice) over every page; the
    highlighted code's token colours are checked by test_code_colours_reach_aa_contrast."""
    _, version = _axe_script()
    found: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    for name, visit in visits.items():
        for violation in visit["axe"]:
            key = f"{violation['id']} ({violation['impact']})"
            counts[key] = counts.get(key, 0) + len(violation["nodes"])
            if violation["impact"] in ("serious", "critical"):
                targets = [" ".join(map(str, n["target"])) for n in violation["nodes"][:5]]
                found.setdefault(name, []).append(
                    f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])} "
                    f"nodes): {violation['help']}; e.g. {targets}"
                )
    print(f"axe-core {version}: {counts or 'no violations'}")
    assert not found, f"axe-core {version}:\n" + "\n".join(
        f"{page}: {item}" for page, items in found.items() for item in items
    )

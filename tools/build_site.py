"""Build the offline static site: `make site` (writes build/site/).

Pages: an index with the learning path, one page per notebook `notebooks/NN_*.ipynb` (the stored
outputs, with each solution folded behind "Show solution"), the teacher guide, the glossary and a
printable handout of notebook 04's reading checklist. Everything a page needs is in the folder:

- charts: each stored Vega-Lite v5 output becomes a container plus its spec in a
  <script type="application/json">; assets/site.js draws them with Vega-Embed, from copies of
  vega, vega-lite and vega-embed taken from npm (tools/site/package-lock.json; `npm ci` runs
  once into tools/site/node_modules). No CDN, no request leaving the folder.
- markdown with markdown-it-py (ids on headings), code with Pygments, pandas tables as their
  stored HTML. Links between notebooks and to docs/*.md are rewritten to the site's pages.
- the build is deterministic: same inputs, same bytes (no dates, sorted inputs).

nbconvert's HTML exporter is not used: its templates load require.js and MathJax from a CDN.

Usage: python tools/build_site.py [--out DIR] [--notebooks DIR] [--docs DIR]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

import nbformat
from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
DOCS = ROOT / "docs"
DATA = ROOT / "data"
SITE_SRC = ROOT / "tools" / "site"
OUT = ROOT / "build" / "site"

VEGALITE_MIME = "application/vnd.vegalite.v5+json"
SOLUTION_TAG = "solution"
HANDOUT_HEADING = "A checklist for reading any election report"
HANDOUT_NOTEBOOK = "04_"  # the notebook (by prefix) whose checklist section is the handout
# npm package -> (file in the package, name under assets/)
CHART_SCRIPTS = {
    "vega": ("build/vega.min.js", "vega.min.js"),
    "vega-lite": ("build/vega-lite.min.js", "vega-lite.min.js"),
    "vega-embed": ("build/vega-embed.min.js", "vega-embed.min.js"),
}
PYGMENTS_STYLE = "default"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


# --------------------------------------------------------------------------- npm scripts


def _locked_versions(site_src: Path) -> dict[str, str]:
    lock = json.loads((site_src / "package-lock.json").read_text(encoding="utf-8"))
    packages = lock.get("packages", {})
    return {name: packages[f"node_modules/{name}"]["version"] for name in CHART_SCRIPTS}


def _installed_version(site_src: Path, name: str) -> str | None:
    manifest = site_src / "node_modules" / name / "package.json"
    if not manifest.exists():
        return None
    return json.loads(manifest.read_text(encoding="utf-8")).get("version")


def ensure_chart_scripts(site_src: Path = SITE_SRC) -> dict[str, str]:
    """Make sure tools/site/node_modules holds the locked versions (`npm ci` if not).

    Returns the versions. Raises RuntimeError when npm is needed but missing or fails.
    """
    locked = _locked_versions(site_src)
    if all(_installed_version(site_src, n) == v for n, v in locked.items()):
        return locked
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(
            "npm is needed once to fetch vega, vega-lite and vega-embed into "
            "tools/site/node_modules (install Node.js, or run `npm ci --prefix tools/site` "
            "on a machine that has it)"
        )
    cmd = [npm, "ci", "--prefix", str(site_src), "--ignore-scripts", "--no-audit", "--no-fund"]
    print("running " + " ".join(cmd[1:]), flush=True)
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"npm ci failed:\n{done.stdout}\n{done.stderr}")
    missing = [n for n, v in locked.items() if _installed_version(site_src, n) != v]
    if missing:
        raise RuntimeError(f"npm ci did not install {missing}")
    return locked


# --------------------------------------------------------------------------- links and markdown


def slugify(text: str) -> str:
    """Heading anchor: lower case, punctuation dropped, spaces as hyphens (GitHub's rule).

    "Ballot paper despatched" -> "ballot-paper-despatched"; "TULRCA" -> "tulrca".
    """
    text = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return re.sub(r"\s", "-", text)


_NOTEBOOK_LINK = re.compile(r"(?:\./|\.\./notebooks/|notebooks/)?(\d\d_[\w\-]+)\.ipynb(#.*)?")
_DOC_LINK = re.compile(r"(?:\./|\.\./docs/|docs/)?(glossary|teacher_guide)\.md(#.*)?")
_DATA_LINK = re.compile(r"(?:\.\./)?data/([\w\-./]+)")


def rewrite_href(href: str) -> str:
    """Notebook and docs links as the site's pages (`NN_x.ipynb` -> `NN_x.html`, ...)."""
    if match := _NOTEBOOK_LINK.fullmatch(href):
        return f"{match[1]}.html{(match[2] or '').lower()}"
    if match := _DOC_LINK.fullmatch(href):
        return f"{match[1]}.html{match[2] or ''}"
    if match := _DATA_LINK.fullmatch(href):
        return f"data/{match[1]}"
    if href.startswith("#"):
        return href.lower()
    return href


def _inline_text(token) -> str:
    return "".join(child.content for child in (token.children or []) if child.content)


def _site_rules(state) -> None:
    """Core rule: ids on headings (unique within a page) and rewritten links."""
    slugs = state.env.setdefault("slugs", set())
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            base = slugify(_inline_text(tokens[index + 1])) or "section"
            slug, n = base, 1
            while slug in slugs:
                slug, n = f"{base}-{n}", n + 1
            slugs.add(slug)
            token.attrSet("id", slug)
            state.env.setdefault("headings", []).append((int(token.tag[1]), slug))
        for child in token.children or []:
            if child.type == "link_open":
                child.attrSet("href", rewrite_href(str(child.attrGet("href") or "")))
        if token.type == "table_open":
            token.attrSet("class", "md-table")


def markdown_renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.core.ruler.push("site_rules", _site_rules)
    # Tables scroll inside a box rather than widening the page.
    md.add_render_rule(
        "table_open",
        lambda self, tokens, idx, options, env: (
            '<div class="table-wrap" tabindex="0">' + self.renderToken(tokens, idx, options, env)
        ),
    )
    md.add_render_rule(
        "table_close",
        lambda self, tokens, idx, options, env: (
            self.renderToken(tokens, idx, options, env) + "</div>"
        ),
    )
    return md


# --------------------------------------------------------------------------- notebooks


@dataclass
class Page:
    filename: str
    title: str
    main: str
    charts: int = 0
    body_class: str = ""
    nav_title: str = ""


@dataclass
class NotebookInfo:
    path: Path
    stem: str
    title: str
    placing: str = ""
    time: str = ""
    objectives: list[str] = field(default_factory=list)


def _source(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def notebook_paths(notebooks_dir: Path = NOTEBOOKS) -> list[Path]:
    return sorted(Path(notebooks_dir).glob("[0-9][0-9]_*.ipynb"))


def notebook_info(path: Path, notebook) -> NotebookInfo:
    """Title, placing line, time and objectives, read from the notebook's opening cells."""
    info = NotebookInfo(path=path, stem=path.stem, title=path.stem)
    markdown = [_source(c) for c in notebook.cells if c.cell_type == "markdown"][:6]
    text = "\n\n".join(markdown)
    if match := re.search(r"^#\s+(.+)$", text, re.M):
        info.title = match[1].strip()
    if match := re.search(r"^\*([^*\n].*?)\*\s*$", text, re.M):
        info.placing = match[1].strip()
    if match := re.search(r"\*\*Time:?\*\*:?\s*(.+?)(?:\.\s|\.?$)", text, re.M):
        info.time = match[1].strip().rstrip(".")
        if short := re.search(r"about \d+ minutes", info.time):
            info.time = short[0]
    elif match := re.search(r"^#+\s*Time\s*\n+(.+)$", text, re.M):
        info.time = match[1].strip().rstrip(".")
    return info


_PATH_ROW = re.compile(
    r"^\|\s*\[[^\]]+\]\((\d\d_[\w\-]+)\.ipynb\)\s*\|\s*(.+?)\s*\|\s*(.+?)\s*\|\s*$", re.M
)


def learning_path(notebooks: list[tuple[NotebookInfo, object]]) -> dict[str, tuple[str, str]]:
    """stem -> (the question it answers, time), from the table in notebook 00 if it has one."""
    found: dict[str, tuple[str, str]] = {}
    for _info, notebook in notebooks[:1]:
        for cell in notebook.cells:
            if cell.cell_type == "markdown":
                for stem, question, time in _PATH_ROW.findall(_source(cell)):
                    found[stem] = (question, time)
    return found


def _escape_json(value) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _has_binding(value) -> bool:
    if isinstance(value, dict):
        return "bind" in value or any(_has_binding(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_binding(v) for v in value)
    return False


def _spec_description(spec: dict) -> str:
    description = spec.get("description")
    if not description:
        title = spec.get("title", "")
        title = title.get("text", "") if isinstance(title, dict) else title
        description = "Chart: " + (" ".join(title) if isinstance(title, list) else str(title))
    return str(description)


class Renderer:
    """Renders one page's cells; keeps the page's heading ids and chart numbers unique."""

    def __init__(self, page_id: str):
        self.page_id = page_id
        self.md = markdown_renderer()
        self.env: dict = {}
        self.charts = 0
        self.lexer = PythonLexer()
        self.formatter = HtmlFormatter(nowrap=True)

    def markdown(self, text: str) -> str:
        return self.md.render(text, self.env)

    def code(self, source: str) -> str:
        code = highlight(source, self.lexer, self.formatter) if source.strip() else ""
        return f'<pre class="highlight" tabindex="0"><code>{code}</code></pre>'

    def chart(self, spec: dict) -> str:
        self.charts += 1
        chart_id = f"chart-{self.page_id}-{self.charts}"
        description = html.escape(_spec_description(spec))
        role = "group" if _has_binding(spec) else "img"
        return (
            f'<figure class="chart">'
            f'<div class="vega-target" id="{chart_id}" data-spec="{chart_id}-spec" '
            f'role="{role}" aria-label="{description}">'
            f'<p class="chart-fallback">Chart: {description}</p></div>'
            f'<script type="application/json" id="{chart_id}-spec">{_escape_json(spec)}</script>'
            f"</figure>"
        )

    def output(self, output) -> str:
        kind = output.get("output_type")
        if kind == "stream":
            name = "stderr" if output.get("name") == "stderr" else "stdout"
            text = html.escape(_ANSI.sub("", _text(output.get("text", ""))))
            return f'<div class="output {name}"><pre tabindex="0">{text}</pre></div>'
        if kind == "error":
            trace = "\n".join(output.get("traceback", [])) or (
                f"{output.get('ename')}: {output.get('evalue')}"
            )
            return f'<div class="output error"><pre>{html.escape(_ANSI.sub("", trace))}</pre></div>'
        data = output.get("data", {})
        if VEGALITE_MIME in data:
            spec = data[VEGALITE_MIME]
            spec = json.loads(spec) if isinstance(spec, str) else spec
            return f'<div class="output chart-output">{self.chart(spec)}</div>'
        if "text/html" in data:
            body = _text(data["text/html"])
            return f'<div class="output html table-wrap" tabindex="0">{body}</div>'
        if "image/svg+xml" in data:
            return f'<div class="output image">{_text(data["image/svg+xml"])}</div>'
        for mime in ("image/png", "image/jpeg"):
            if mime in data:
                b64 = _text(data[mime]).replace("\n", "")
                image = f'<img src="data:{mime};base64,{b64}" alt="">'
                return f'<div class="output image">{image}</div>'
        if "text/markdown" in data:
            body = self.markdown(_text(data["text/markdown"]))
            return f'<div class="output markdown">{body}</div>'
        if "text/plain" in data:
            text = html.escape(_ANSI.sub("", _text(data["text/plain"])))
            return f'<div class="output text"><pre tabindex="0">{text}</pre></div>'
        return ""

    def cell(self, cell) -> str:
        if cell.cell_type == "markdown":
            return f'<div class="cell markdown-cell">{self.markdown(_source(cell))}</div>'
        if cell.cell_type != "code":
            return ""
        outputs = "".join(self.output(o) for o in cell.get("outputs", []))
        outputs = f'<div class="outputs">{outputs}</div>' if outputs else ""
        code = self.code(_source(cell))
        return f'<div class="cell code-cell"><div class="input">{code}</div>{outputs}</div>'


def is_solution(cell) -> bool:
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


_CHECK_CALL = re.compile(r"\bunitevote\.check\s*\(")
_ANSWER_STUB = re.compile(r"^\s*answer\s*=\s*\.\.\.")


def is_exercise_cell(cell) -> bool:
    """An answer or check cell (not a solution): no outputs shown, as in the student edition."""
    if cell.cell_type != "code" or is_solution(cell):
        return False
    return bool(_CHECK_CALL.search(_source(cell)) or _ANSWER_STUB.match(_source(cell)))


def render_notebook(info: NotebookInfo, notebook) -> Page:
    renderer = Renderer(info.stem[:2])
    parts: list[str] = []
    folded: list[str] = []

    def fold() -> None:
        if folded:
            parts.append(
                '<details class="solution"><summary>Show solution</summary>'
                f'<div class="solution-body">{"".join(folded)}</div></details>'
            )
            folded.clear()

    for cell in notebook.cells:
        if is_exercise_cell(cell):
            cell = nbformat.from_dict({**cell, "outputs": []})
        rendered = renderer.cell(cell)
        if is_solution(cell):
            folded.append(rendered)
        else:
            fold()
            parts.append(rendered)
    fold()
    return Page(
        filename=f"{info.stem}.html",
        title=info.title,
        main="\n".join(parts),
        charts=renderer.charts,
        body_class="notebook",
        nav_title=f"{info.stem[:2]} {info.stem[3:].replace('_', ' ').capitalize()}",
    )


# --------------------------------------------------------------------------- other pages


def render_markdown_page(path: Path, filename: str, nav_title: str, page_id: str) -> Page:
    text = path.read_text(encoding="utf-8")
    renderer = Renderer(page_id)
    main = renderer.markdown(text)
    match = re.search(r"^#\s+(.+)$", text, re.M)
    return Page(filename, match[1].strip() if match else nav_title, main, nav_title=nav_title)


def handout_markdown(notebooks: list[tuple[NotebookInfo, object]], docs_dir: Path) -> str | None:
    """The checklist section of notebook 04 (or, failing that, the teacher guide's copy)."""
    heading = re.compile(rf"^(#+)\s+{re.escape(HANDOUT_HEADING)}\s*$", re.M | re.I)
    for info, notebook in notebooks:
        if not info.stem.startswith(HANDOUT_NOTEBOOK):
            continue
        collected: list[str] = []
        level = 0
        for cell in notebook.cells:
            if cell.cell_type != "markdown" or is_solution(cell):
                continue
            text = _source(cell)
            if not level:
                match = heading.search(text)
                if match:
                    level = len(match[1])
                    collected.append(text[match.end() :])
                continue
            stop = re.search(rf"^#{{1,{level}}}\s", text, re.M)
            if stop:
                collected.append(text[: stop.start()])
                break
            if not text.lstrip().startswith("> **Instructor note"):
                collected.append(text)
        if level:
            return "\n\n".join(part.strip() for part in collected if part.strip())
    guide = docs_dir / "teacher_guide.md"
    if guide.exists():
        text = guide.read_text(encoding="utf-8")
        pattern = rf"^(##)\s+Handout:?\s+{re.escape(HANDOUT_HEADING)}\s*$"
        match = re.search(pattern, text, re.M | re.I)
        if match:
            rest = text[match.end() :]
            stop = re.search(r"^#{1,2}\s", rest, re.M)
            return (rest[: stop.start()] if stop else rest).strip()
    return None


def _demote(markdown: str, levels: int) -> str:
    """Make sub-headings fit under the page's h1 (### -> ## when levels is -1)."""
    return re.sub(
        r"^(#{2,6})(\s)", lambda m: "#" * max(2, len(m[1]) + levels) + m[2], markdown, flags=re.M
    )


def render_handout(markdown: str) -> Page:
    renderer = Renderer("handout")
    levels = min((len(m) for m in re.findall(r"^(#{2,6})\s", markdown, re.M)), default=2)
    body = renderer.markdown(_demote(markdown, 2 - levels))
    main = (
        f"<h1>{html.escape(HANDOUT_HEADING)}</h1>\n"
        '<p class="handout-meta">Reading the Vote · handout from notebook 04, Campaign narrative. '
        "Print this page (one A4 sheet); the site's menus are left off the print.</p>\n"
        f"{body}\n"
        '<p class="print-hide"><a href="teacher_guide.html">Back to the teacher guide</a></p>'
    )
    return Page("handout.html", HANDOUT_HEADING, main, body_class="handout", nav_title="Handout")


def render_index(notebooks: list[NotebookInfo], has_handout: bool, has_data: bool) -> Page:
    rows = []
    for info in notebooks:
        title = html.escape(info.title)
        placing = markdown_renderer().renderInline(info.placing)
        time = html.escape(info.time or "see the notebook")
        rows.append(
            f'<tr><td><a href="{info.stem}.html">{title}</a></td>'
            f"<td>{placing}</td><td>{time}</td></tr>"
        )
    handout = (
        '<li><a href="handout.html">Printable handout</a>: a checklist for reading any election '
        "report (one page).</li>"
        if has_handout
        else ""
    )
    data = (
        "<li>The course's data tables (CSV files, described by their schema in "
        '<a href="data/datapackage.json">datapackage.json</a>) are in the <code>data</code> folder '
        "of this site.</li>"
        if has_data
        else ""
    )
    main = f"""<h1>Reading the Vote</h1>
<p>A short course in reading election statistics critically, taught through one real election:
Unite the Union's 2017 vote for its general secretary. Each page below is a notebook of the
course, shown with its stored results; the charts are interactive (hover for values, move the
sliders). Exercises have their solutions folded behind <strong>Show solution</strong>: try them
first.</p>
<h2 id="learning-path">The learning path</h2>
<p>Take the notebooks in order; each builds on the one before.</p>
<div class="table-wrap" tabindex="0">
<table class="learning-path">
<thead><tr><th scope="col">Notebook</th><th scope="col">What it covers</th>
<th scope="col">Time</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
</div>
<h2 id="for-teachers">For teachers</h2>
<ul>
<li><a href="teacher_guide.html">Teacher guide</a>: lesson plans with timings, objectives,
discussion questions with model answers, the misconceptions each exercise diagnoses, and how to
run the course.</li>
{handout}
</ul>
<h2 id="reference">Reference</h2>
<ul>
<li><a href="glossary.html">Glossary</a> of the terms the course uses.</li>
{data}
</ul>
<h2 id="running-the-code">Running the code</h2>
<p>This site shows the notebooks with their results; to change the code and run it, open the
course in JupyterLab (<code>make lab</code> in the course's repository, or Binder/conda with
<code>environment.yml</code>).</p>"""
    return Page("index.html", "Reading the Vote", main, body_class="index", nav_title="Home")


# --------------------------------------------------------------------------- assembling


def _nav(pages: list[Page], current: str) -> str:
    items = []
    for page in pages:
        if not page.nav_title:
            continue
        current_attr = ' aria-current="page"' if page.filename == current else ""
        label = html.escape(page.nav_title)
        title = html.escape(page.title)
        items.append(
            f'<li><a href="{page.filename}" title="{title}"{current_attr}>{label}</a></li>'
        )
    return "\n".join(items)


def _scripts(page: Page) -> str:
    if not page.charts:
        return ""
    names = [asset for _, asset in CHART_SCRIPTS.values()] + ["site.js"]
    return "\n".join(f'<script src="assets/{name}" defer></script>' for name in names)


def write_assets(out: Path, site_src: Path, versions: dict[str, str]) -> None:
    assets = out / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    notice = ["Chart scripts, copied unchanged from the npm registry's packages:", ""]
    for name, (path, asset) in CHART_SCRIPTS.items():
        package = site_src / "node_modules" / name
        shutil.copyfile(package / path, assets / asset)
        notice.append(
            f"- {asset}: {name}@{versions[name]} (BSD-3-Clause, University of Washington "
            "Interactive Data Lab)"
        )
        if (package / "LICENSE").exists():
            shutil.copyfile(package / "LICENSE", assets / f"LICENSE-{name}.txt")
    (assets / "NOTICE.txt").write_text("\n".join(notice) + "\n", encoding="utf-8")
    css = (site_src / "site.css").read_text(encoding="utf-8")
    css += f"\n/* Code colours: Pygments, style '{PYGMENTS_STYLE}'. */\n"
    css += HtmlFormatter(style=PYGMENTS_STYLE).get_style_defs(".highlight") + "\n"
    (assets / "site.css").write_text(css, encoding="utf-8")
    shutil.copyfile(site_src / "site.js", assets / "site.js")


def copy_data(out: Path, data_dir: Path) -> None:
    if not data_dir.is_dir():
        return
    target = out / "data"
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(data_dir.iterdir()):
        if path.is_file() and path.suffix in {".csv", ".json", ".md"}:
            shutil.copyfile(path, target / path.name)


@dataclass
class SiteReport:
    out: Path
    pages: dict[str, int]  # filename -> number of charts

    @property
    def charts(self) -> int:
        return sum(self.pages.values())


def build(
    out_dir: Path = OUT,
    notebooks_dir: Path = NOTEBOOKS,
    docs_dir: Path = DOCS,
    data_dir: Path = DATA,
    site_src: Path = SITE_SRC,
) -> SiteReport:
    """Write the site into `out_dir` (emptied first) and say what is in it."""
    out = Path(out_dir)
    versions = ensure_chart_scripts(site_src)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)

    notebooks = []
    for path in notebook_paths(notebooks_dir):
        notebook = nbformat.read(path, as_version=4)
        notebooks.append((notebook_info(path, notebook), notebook))

    handout = handout_markdown(notebooks, docs_dir)
    has_data = (Path(data_dir) / "datapackage.json").exists()
    path = learning_path(notebooks)
    for info, _ in notebooks:
        if info.stem in path:
            info.placing, info.time = path[info.stem]
    pages = [render_index([info for info, _ in notebooks], handout is not None, has_data)]
    pages += [render_notebook(info, notebook) for info, notebook in notebooks]
    for name, nav_title in (("teacher_guide", "Teacher guide"), ("glossary", "Glossary")):
        if (docs_dir / f"{name}.md").exists():
            pages.append(
                render_markdown_page(docs_dir / f"{name}.md", f"{name}.html", nav_title, name)
            )
    if handout is not None:
        pages.append(render_handout(handout))

    template = Template((site_src / "page.html").read_text(encoding="utf-8"))
    for page in pages:
        title = page.title if page.filename == "index.html" else f"{page.title} · Reading the Vote"
        text = template.substitute(
            title=html.escape(title),
            head="",
            body_class=page.body_class,
            nav=_nav(pages, page.filename),
            main=page.main,
            scripts=_scripts(page),
        )
        (out / page.filename).write_text(text, encoding="utf-8")
    write_assets(out, site_src, versions)
    copy_data(out, data_dir)
    return SiteReport(out=out, pages={page.filename: page.charts for page in pages})


def size_report(report: SiteReport) -> str:
    """Total size, and the heaviest page with the shared scripts it loads."""
    out = report.out
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    shared = sum((out / "assets" / name).stat().st_size for _, name in CHART_SCRIPTS.values())
    shared += (out / "assets" / "site.js").stat().st_size
    css = (out / "assets" / "site.css").stat().st_size
    weights = {
        name: (out / name).stat().st_size + css + (shared if charts else 0)
        for name, charts in report.pages.items()
    }
    heaviest = max(weights, key=lambda name: (weights[name], name))
    return (
        f"{len(report.pages)} pages, {report.charts} charts, {total / 1e6:.2f} MB in {out}\n"
        f"heaviest page: {heaviest}, {(out / heaviest).stat().st_size / 1e3:.0f} kB of HTML, "
        f"{weights[heaviest] / 1e3:.0f} kB with its CSS and shared scripts "
        f"(scripts {shared / 1e3:.0f} kB, loaded once and cached)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (emptied first)")
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOKS)
    parser.add_argument("--docs", type=Path, default=DOCS)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args(argv)
    try:
        report = build(args.out, args.notebooks, args.docs, args.data)
    except RuntimeError as error:
        print(f"build_site: {error}", file=sys.stderr)
        return 1
    print(size_report(report))
    print(
        f"open {args.out / 'index.html'} (works from a folder), or serve it: "
        f"python -m http.server -d {args.out} -b 127.0.0.1"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

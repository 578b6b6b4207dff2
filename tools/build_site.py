"""Build the offline static site: `make site` (writes build/site/).

Pages: an index with the learning path (titles read from the notebooks), one page per notebook
of `unitevote.pattern.notebook_paths()` (the stored outputs; cells tagged `solution` folded behind
"Show solution", cells tagged `instructor` folded in a marked "Instructor note" box, everything
from the first optional heading on, "Going further (optional)" or "More practice (optional)",
in a section marked optional), the teacher guide, the glossary and a printable
handout of notebook 04's reading checklist (`tools.generate_docs.checklist_section`, the one
definition the teacher guide's copy also comes from). Everything a page needs is in the folder:

- charts: each stored chart output is drawn from its Vega-Lite v5 spec (interactive; the static
  SVG stored beside it is for places without JavaScript): a container plus the spec in a
  <script type="application/json">; assets/site.js draws them with Vega-Embed. The scripts (vega,
  vega-lite, vega-embed) come from the locked Python package vl-convert-python
  (`vl_convert.javascript_bundle()`, the Vega-Lite version Altair writes): no Node.js, no npm,
  no CDN, no request leaving the folder.
- check outputs (`unitevote.check`) show their sentence; the answer and check cells of the
  exercises (tag `exercise`) show no output, as in the student edition.
- answer boxes: under each exercise's check cell, a form ("Answer to exercise NN.k", a Check
  button, a polite live region) that assets/answers.js judges in the page as
  `unitevote.checks.evaluate` does, hint ladder included. What it judges by (expected values,
  precision, misconception values, every sentence) is exported from the exercise registry at
  build time by `unitevote.siteexport` into the page (<script type="application/json"
  id="exercise-data">); answers stay in the page and the browser's localStorage. A chart
  exercise gets a note that JupyterLab checks it. tests/test_site_answers.py proves the two
  judges agree on every exercise.
- markdown with markdown-it-py (ids on headings), code with Pygments (token colours darkened
  where needed to reach WCAG AA contrast on the code background), pandas tables from their stored
  HTML with a header on every column (a plain 0, 1, 2... index is left out). Links between
  notebooks and to docs/*.md are rewritten to the site's pages.
- the build is deterministic: same inputs, same bytes (no dates, sorted inputs).

nbconvert's HTML exporter is not used: its templates load require.js and MathJax from a CDN.

Usage: python -m tools.build_site [--out DIR] [--notebooks DIR] [--docs DIR]
"""

from __future__ import annotations

import argparse
import colorsys
import html
import json
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

import nbformat
from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer
from pygments.styles import get_style_by_name

from tools.generate_docs import (
    CHECKLIST_HEADING,
    CHECKLIST_NOTEBOOK,
    GeneratedDocsError,
    checklist_section,
)
from unitevote import editions, pattern, siteexport
from unitevote.pattern import NOTEBOOKS_DIR as NOTEBOOKS
from unitevote.pattern import ROOT
from unitevote.theme import chart_script

DOCS = ROOT / "docs"
DATA = ROOT / "data"
SITE_SRC = ROOT / "tools" / "site"
OUT = ROOT / "build" / "site"

VEGALITE_MIME = pattern.VEGALITE_MIME
CHECK_MIME = pattern.CHECK_MIME
CHART_SCRIPT = "vega-bundle.min.js"  # vega, vega-lite and vega-embed, one classic script
PYGMENTS_STYLE = "default"
CODE_BACKGROUND = "#f5f5f5"  # --panel in tools/site/site.css
MIN_CONTRAST = 4.6  # WCAG AA asks 4.5:1 for normal text; a little margin for rounding
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


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
_README_LINK = re.compile(r"(?:\./|\.\./)?README\.md(?:#(.*))?")
# The README is not a page of the site: a link to it goes to the home page, at the section of the
# same name when the home page has one ("Studying alone" is in both).
INDEX_SECTIONS = (
    "learning-path",
    "studying-alone",
    "for-teachers",
    "reference",
    "running-the-code",
)


def rewrite_href(href: str) -> str:
    """Notebook and docs links as the site's pages (`NN_x.ipynb` -> `NN_x.html`, ...)."""
    if match := _NOTEBOOK_LINK.fullmatch(href):
        return f"{match[1]}.html{(match[2] or '').lower()}"
    if match := _DOC_LINK.fullmatch(href):
        return f"{match[1]}.html{match[2] or ''}"
    if match := _README_LINK.fullmatch(href):
        anchor = (match[1] or "").lower()
        return "index.html" + (f"#{anchor}" if anchor in INDEX_SECTIONS else "")
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
    exercises: int = 0  # answer boxes on the page (they load assets/answers.js)
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
    return pattern.notebook_paths(notebooks_dir)


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


def tables_with_headers(body: str) -> str:
    """pandas tables with a header on every column (axe: no empty table header).

    The index column's empty top-left header cell gets the index's name (from pandas' second
    header row) or, failing that, "Row"; an index that is just 0, 1, 2, ... carries nothing
    and is left out.
    """
    if "<table" not in body or "dataframe" not in body:
        return body
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(body, "html.parser")
    for table in soup.find_all("table", class_="dataframe"):
        thead, tbody = table.find("thead"), table.find("tbody")
        if thead is None or tbody is None:
            continue
        head_rows = thead.find_all("tr", recursive=False)
        body_rows = tbody.find_all("tr", recursive=False)
        index_cells = [row.find("th", recursive=False) for row in body_rows]
        if not head_rows or any(cell is None for cell in index_cells):
            continue
        labels = [cell.get_text(strip=True) for cell in index_cells]
        names_row = None
        if len(head_rows) == 2:
            cells = head_rows[1].find_all("th", recursive=False)
            if cells and all(not c.get_text(strip=True) for c in cells[1:]):
                names_row = head_rows[1]
        if labels == [str(i) for i in range(len(labels))] and names_row is None:
            for row in head_rows + body_rows:
                first = row.find(["th", "td"], recursive=False)
                if first is not None:
                    first.decompose()
            continue
        corner = head_rows[0].find("th", recursive=False)
        if corner is not None and not corner.get_text(strip=True):
            name = names_row.find("th").get_text(strip=True) if names_row else ""
            corner.string = name or "Row"
            corner["scope"] = "col"
        if names_row is not None:
            names_row.decompose()
        for cell in index_cells:
            cell["scope"] = "row"
        for cell in head_rows[0].find_all("th", recursive=False):
            cell.attrs.setdefault("scope", "col")
    return str(soup)


def _luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(foreground: str, background: str) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours."""
    a, b = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _expand(colour: str) -> str:
    colour = colour.lstrip("#")
    return "#" + ("".join(c * 2 for c in colour) if len(colour) == 3 else colour).lower()


def readable(colour: str, background: str = CODE_BACKGROUND) -> str:
    """`colour`, darkened (same hue and saturation) until it reaches MIN_CONTRAST."""
    colour = _expand(colour)
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    while contrast(colour, background) < MIN_CONTRAST and light > 0:
        light = max(0.0, light - 0.01)
        r, g, b = colorsys.hls_to_rgb(hue, light, sat)
        colour = "#" + "".join(f"{round(v * 255):02x}" for v in (r, g, b))
    return colour


def code_style_defs(style_name: str = PYGMENTS_STYLE) -> str:
    """Pygments' CSS for `style_name`, each token colour made readable on the code background."""
    css = HtmlFormatter(style=get_style_by_name(style_name)).get_style_defs(".highlight")
    return re.sub(
        r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b",
        lambda m: f"color: {readable(m[1])}",
        css,
    )


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
            # The spec, drawn interactively; the SVG beside it is for places without JavaScript.
            spec = data[VEGALITE_MIME]
            spec = json.loads(spec) if isinstance(spec, str) else spec
            return f'<div class="output chart-output">{self.chart(spec)}</div>'
        if CHECK_MIME in data:
            # A check's verdict: the sentence the learner reads (the JSON is for the class report).
            text = html.escape(_ANSI.sub("", _text(data.get("text/plain", ""))))
            return f'<div class="output check"><pre tabindex="0">{text}</pre></div>'
        if "text/html" in data:
            body = tables_with_headers(_text(data["text/html"]))
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
    return pattern.has_tag(cell, pattern.SOLUTION)


def is_instructor(cell) -> bool:
    return pattern.has_tag(cell, pattern.INSTRUCTOR) and not is_solution(cell)


def _instructor_label(cell) -> str:
    text = _source(cell).lstrip("> \n")
    return "Instructor plan" if text.startswith("**Instructor plan") else "Instructor note"


ANSWERS_SCRIPT = "answers.js"
EXERCISE_DATA_ID = "exercise-data"
# What an empty answer box says when its Check button is pressed (not a verdict: nothing judged).
EMPTY_BOX = "Type your answer in the box first, then press Check."


def answer_form(exercise: dict) -> str:
    """The answer box of one exercise (`unitevote.siteexport.exercise_data`): an input named
    "Answer to exercise NN.k", a Check button and a polite live region for the verdict, which
    assets/answers.js gives as the Python check would. The form is hidden until the script has
    set it up, so a browser without JavaScript shows no box that cannot answer.

    A chart exercise has no box: the site cannot draw the learner's chart, so a note says, in
    the check's own words for what it wants, that JupyterLab checks it.
    """
    exercise_id = exercise["id"]
    slug = exercise_id.replace(".", "-")
    wanted = html.escape(exercise["sentences"]["wanted"])
    if exercise["kind"] == "chart":
        return (
            f'<p class="answer-chart" id="answer-{slug}">Exercise {exercise_id} asks for '
            f"{wanted}. This site cannot run your code, so the chart is checked in JupyterLab: "
            f'<code>unitevote.check("{exercise_id}", answer)</code>.</p>'
        )
    return (
        f'<form class="answer-form" id="answer-{slug}-form" data-exercise="{exercise_id}" '
        f'data-empty="{html.escape(EMPTY_BOX)}" hidden>'
        f'<label for="answer-{slug}">Answer to exercise {exercise_id}</label>'
        f'<p class="answer-wanted" id="answer-{slug}-wanted">Type {wanted}.</p>'
        f'<div class="answer-row"><input type="text" id="answer-{slug}" name="answer" '
        f'autocomplete="off" spellcheck="false" aria-describedby="answer-{slug}-wanted">'
        '<button type="submit">Check</button></div>'
        f'<p class="verdict" id="answer-{slug}-verdict" role="status" aria-live="polite"></p>'
        "</form>"
    )


def exercise_forms(info: NotebookInfo) -> tuple[dict, dict[str, str]]:
    """The page's exercise data (embedded as JSON) and each exercise's answer form, by id."""
    data = siteexport.page_data(info.stem[:2])
    forms = {key: answer_form(exercise) for key, exercise in data["exercises"].items()}
    return data, forms


def _optional_start(text: str) -> int | None:
    """Where the first optional section's heading starts in a cell's text (`pattern.
    is_optional_heading`: "## Going further (optional)", "## More practice (optional)")."""
    offset = 0
    for line in text.splitlines(keepends=True):
        if pattern.is_optional_heading(line):
            return offset
        offset += len(line)
    return None


def render_notebook(info: NotebookInfo, notebook) -> Page:
    renderer = Renderer(info.stem[:2])
    parts: list[str] = []
    folded: list[str] = []
    optional_open = False
    data, forms = exercise_forms(info)
    placed: set[str] = set()

    def fold() -> None:
        if folded:
            parts.append(
                '<details class="solution"><summary>Show solution</summary>'
                f'<div class="solution-body">{"".join(folded)}</div></details>'
            )
            folded.clear()

    for cell in notebook.cells:
        if cell.cell_type == "code" and editions.is_cleared(cell) and not is_solution(cell):
            # an answer, check or progress cell: no outputs, as in the student edition
            cell = nbformat.from_dict({**cell, "outputs": []})
        text = _source(cell)
        start = _optional_start(text)
        if cell.cell_type == "markdown" and not optional_open and start is not None:
            # Everything from the first optional heading on ("## Going further (optional)",
            # "## More practice (optional)") is extra: a section marked so.
            fold()
            if text[:start].strip():  # the heading comes mid-cell: split the cell
                before = nbformat.from_dict({**cell, "source": text[:start]})
                parts.append(renderer.cell(before))
                cell = nbformat.from_dict({**cell, "source": text[start:]})
            parts.append(
                '<section class="going-further" aria-label="Optional sections">'
                '<p class="optional-badge">Optional: beyond the lesson\'s stated time</p>'
            )
            optional_open = True
        rendered = renderer.cell(cell)
        if is_solution(cell):
            folded.append(rendered)
        elif is_instructor(cell):
            fold()
            label = _instructor_label(cell)
            parts.append(
                f'<details class="instructor"><summary>{label} <span class="for-teachers">'
                f'(for teachers)</span></summary><div class="instructor-body">{rendered}</div>'
                "</details>"
            )
        else:
            fold()
            parts.append(rendered)
            exercise_id = pattern.checked_id(cell)
            if exercise_id in forms and exercise_id not in placed:
                # The answer box right under the exercise's check cell, above its solution.
                parts.append(forms[exercise_id])
                placed.add(exercise_id)
    fold()
    if optional_open:
        parts.append("</section>")
    if placed:
        parts.append(
            f'<script type="application/json" id="{EXERCISE_DATA_ID}">{_escape_json(data)}</script>'
        )
    return Page(
        filename=f"{info.stem}.html",
        title=info.title,
        main="\n".join(parts),
        charts=renderer.charts,
        exercises=sum(1 for key in placed if data["exercises"][key]["kind"] != "chart"),
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


def handout_markdown(notebooks: list[tuple[NotebookInfo, object]]) -> str | None:
    """The checklist section of notebook 04, as the teacher guide copies it; None without one."""
    for info, notebook in notebooks:
        if info.stem.startswith(CHECKLIST_NOTEBOOK):
            try:
                return checklist_section(notebook)
            except GeneratedDocsError:
                return None
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
        f"<h1>{html.escape(CHECKLIST_HEADING)}</h1>\n"
        '<p class="handout-meta">Reading the Vote · handout from notebook 04, Campaign narrative. '
        "Print this page (one A4 sheet); the site's menus are left off the print.</p>\n"
        f"{body}\n"
        '<p class="print-hide"><a href="teacher_guide.html">Back to the teacher guide</a></p>'
    )
    return Page("handout.html", CHECKLIST_HEADING, main, body_class="handout", nav_title="Handout")


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
sliders). Every exercise has an answer box: type your answer and press <strong>Check</strong> for
the feedback the notebook's own check gives (what is wrong, and a hint that gets more concrete
as you change your answer), with nothing installed; your answers stay in this browser. Each
worked solution is folded behind <strong>Show solution</strong>: try first.</p>
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
<h2 id="studying-alone">Studying alone</h2>
<p>This site is enough to study the course alone, with nothing installed. Read each notebook in
order; under each exercise, type your answer in its box and press <strong>Check</strong>. The
site judges it as the notebook's own check does: if your answer is what a known slip gives, it
names the slip; otherwise it gives a hint, a more concrete one each time you change your answer,
and from the third wrong answer on it points you to the worked solution, folded behind
<strong>Show solution</strong> under the exercise. A chart exercise is checked in JupyterLab.
Your answers stay in this browser; nothing is sent anywhere.</p>
<p>To run the code as well, use the course's self-study edition (<code>make self-study</code> in the
repository): the student's notebooks, with each worked solution folded under its exercise, closed
until you open it.</p>
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
    names = [CHART_SCRIPT, "site.js"] if page.charts else []
    if page.exercises:
        names.append(ANSWERS_SCRIPT)
    return "\n".join(f'<script src="assets/{name}" defer></script>' for name in names)


def write_assets(out: Path, site_src: Path) -> dict[str, str]:
    """Scripts, styles and the notice naming the chart scripts' versions; returns the versions."""
    assets = out / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    bundle, versions = chart_script()
    (assets / CHART_SCRIPT).write_text(bundle, encoding="utf-8")
    notice = [
        f"{CHART_SCRIPT}: vega {versions['vega']}, vega-lite {versions['vega-lite']} and "
        f"vega-embed {versions['vega-embed']} (BSD-3-Clause, University of Washington Interactive",
        "Data Lab), bundled by the Python package vl-convert-python "
        f"{versions['vl-convert-python']} (BSD-3-Clause) with `vl_convert.javascript_bundle()`.",
    ]
    (assets / "NOTICE.txt").write_text("\n".join(notice) + "\n", encoding="utf-8")
    (assets / "versions.json").write_text(
        json.dumps(versions, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    css = (site_src / "site.css").read_text(encoding="utf-8")
    css += (
        f"\n/* Code colours: Pygments, style '{PYGMENTS_STYLE}', each darkened where needed to "
        f"reach {MIN_CONTRAST}:1 on {CODE_BACKGROUND}. */\n"
    )
    css += code_style_defs() + "\n"
    (assets / "site.css").write_text(css, encoding="utf-8")
    shutil.copyfile(site_src / "site.js", assets / "site.js")
    shutil.copyfile(site_src / ANSWERS_SCRIPT, assets / ANSWERS_SCRIPT)
    return versions


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
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)

    notebooks = []
    for path in notebook_paths(notebooks_dir):
        notebook = nbformat.read(path, as_version=4)
        notebooks.append((notebook_info(path, notebook), notebook))

    handout = handout_markdown(notebooks)
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
    write_assets(out, site_src)
    copy_data(out, data_dir)
    return SiteReport(out=out, pages={page.filename: page.charts for page in pages})


def size_report(report: SiteReport) -> str:
    """Total size, and the heaviest page with the shared scripts it loads."""
    out = report.out
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    shared = (out / "assets" / CHART_SCRIPT).stat().st_size
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

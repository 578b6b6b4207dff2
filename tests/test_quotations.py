"""Quotation marks mean what they say: words in quotation marks are words a source printed.

The rule (CONTRIBUTING.md, rule 4; issue 20): text that the course's prose puts in quotation
marks and credits to a source must be in that source's rows *as a quotation*, not as a
paraphrase, and a quotation keeps the hedge its source put before it ("was seen as ...").

What counts as a source's words, read from `data/` only (the tests never read ../shared):

- the `quotation` of a seed claim (`claims.in_seed`) and every `framing.quotation`: copied
  character for character from the seed texts;
- the `quotation` of a ledger-only claim whose notes do not begin "Paraphrase:" (a fragment the
  facts ledger itself quotes), and any words in quotation marks inside a paraphrase;
- words in quotation marks in the ledger's `claim` and `note` (the ledger quoting its source),
  credited to the ledger row's source and to any source the same sentence names;
- a source's `title`, where it is a title the ledger or a seed gives (not a descriptive one).

A claim whose notes begin "Paraphrase: wording of the facts ledger" is the ledger's wording:
quoting it as the source's words is the slip this test exists for.

Where the rule is checked: every markdown cell of the notebooks and the text they print (stream
and Markdown outputs), docs/teacher_guide.md, docs/glossary.md, README.md, data/README.md, the
text columns of data/*.csv and the descriptions in data/datapackage.json.

The detector. A quoted span ("...", curly or straight, or '...' with the quote marks not inside
a word) of two words or more, or holding a digit, is looked up after normalising case, quote
marks, emphasis and white space; "..." and "[…]" in the span split it into parts that must all
appear. A sentence *credits* a source when, outside its quotation marks, it names one: a
`source_id`, "seed 00N", a claim (C001), framing (R01) or ledger (F001) id, or a name from
CREDITS below; a data note also credits its own row's source.

- A credited span must be the words of at least one source it credits.
- Any span that matches a source's words must keep the hedge (HEDGES) the source put just before
  them, credited or not.
- An uncredited span that matches nothing is taken as the course's own (an example sentence, a
  term, a hypothetical) and is not checked; an uncredited span that matches only a paraphrase is
  a paraphrase in quotation marks, and fails.
"""

from __future__ import annotations

import csv
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from outlets import OUTLETS

from unitevote.pattern import QUESTION, ROOT, notebook_paths, source

DATA = ROOT / "data"
DOCS = [
    ROOT / "docs" / "teacher_guide.md",
    ROOT / "docs" / "glossary.md",
    ROOT / "README.md",
    DATA / "README.md",
]
# Text columns of the data tables whose words are the course's (not a source's).
DATA_TEXT = {
    "sources": ["notes"],
    "elections": ["notes"],
    "results": ["notes"],
    "claims": ["notes"],
    "framing": ["notes"],
    "timeline": ["title", "description"],
    "comparators": ["notes", "denominator"],
    "nominations": ["notes"],
    "frame_codes": ["definition"],
}

# Names by which the prose credits a source, and the sources (ids or id prefixes) each names.
# (A name that matches no source fails the test: the list cannot go stale silently.)
CREDITS = {
    **OUTLETS,
    "jodatu": ["seed-politicshome-repost-2017"],
    "Allinson": ["seed-allinson-site-2017"],
    "Hicks": ["hicks-", "press-2014-via-hicks-group"],
    "Certification Officer": ["co-", "govuk-co-"],
    "PA": ["-pa-"],
}
# People credit the seed texts that quote them (framing.speaker), when the prose says they
# spoke ("Coyne said", "Cartmail's words"), not whenever it names them ("a claim that Coyne
# would have won").
PEOPLE = ["McCluskey", "Coyne", "Allinson", "Hicks", "Cartmail", "Miliband", "Unite Now"]
SPOKE = r"(?:(?:'s|\u2019s) (?:own )?(?:words|statement|reason)|,? (?:said|says|wrote|told|called|argued|accused|claimed|has said))"
# Words that hedge what follows them; a quotation keeps them.
HEDGES = [
    "seen as",
    "allegedly",
    "reportedly",
    "said to",
    "just over",
    "around",
    "about",
    "almost",
    "nearly",
    "presumably",
    "apparently",
]

QUOTED = re.compile(
    r"\u201c(?P<curly>[^\u201c\u201d]+)\u201d"
    r"|\"(?P<straight>[^\"\n]*(?:\n[^\"\n]+)*)\""
    r"|(?<![\w\u2019'])[\u2018'](?P<single>[^'\u2018\u2019\n]+?)[\u2019'](?![\w])"
)
ELLIPSIS = re.compile(r"\[\u2026\]|\[\.\.\.\]|\u2026|\.\.\.")
CODE = re.compile(r"`[^`\n]*`")
# Sentences and clauses: a credit after a colon still belongs to its quotation; one after a
# semicolon does not.
SENTENCE_END = re.compile(
    r"(?<=[.!?])\s+(?=[A-Z\u201c\"(*])|;\s+|\n\s*\n|\n(?=\s*(?:[-*]|\d+\.)\s)"
)
IDS = re.compile(
    r"\b(?P<kind>[CRF])(?P<num>\d{2,3})\b(?:\s*[-\u2013]\s*(?:F|C|R)?(?P<end>\d{2,3}))?"
)
SEED_NUMBERS = re.compile(r"\bseeds?\s+(?P<nums>00\d(?:(?:,\s*|\s+and\s+)00\d)*)\b", re.I)


def norm(text: str) -> str:
    """Case, quote marks, apostrophes, emphasis and white space do not count."""
    text = re.sub(r"[\"'\u2018\u2019\u201c\u201d*_]", "", text.lower().replace("\u00a0", " "))
    return re.sub(r"\s+", " ", text).strip()


def spans(text: str):
    """(span, start, end) of every quoted span; code spans are blanked first."""
    blank = CODE.sub(lambda m: " " * len(m[0]), text)
    for match in QUOTED.finditer(blank):
        inner = next(group for group in match.groups() if group is not None)
        yield inner, match.start(), match.end()


def worth_checking(span: str) -> bool:
    return len(span.split()) >= 2 or bool(re.search(r"\d", span))


@dataclass(frozen=True)
class Words:
    """Words attributed to a source: `kind` is verbatim, fragment, title or paraphrase."""

    source_id: str
    text: str
    kind: str
    where: str


def rows(name: str, data: Path = DATA) -> list[dict]:
    with (data / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class Sources:
    """The data's sources, the words each printed, and the names that credit them."""

    def __init__(self, data: Path = DATA):
        self.ids = [row["source_id"] for row in rows("sources", data)]
        self.seed_by_number = {
            re.search(r"seed text (\d{3})_", row["provenance"])[1]: row["source_id"]
            for row in rows("sources", data)
            if row["source_id"].startswith("seed-")
        }
        self.claim_source = {row["claim_id"]: row["source_id"] for row in rows("claims", data)}
        self.framing_source = {r["framing_id"]: r["source_id"] for r in rows("framing", data)}
        self.ledger_source = {row["fact_id"]: row["source_id"] for row in rows("ledger", data)}
        self.names = {name: self.expand(targets) for name, targets in CREDITS.items()}
        self.people = {
            person: {r["source_id"] for r in rows("framing", data) if person in r["speaker"]}
            for person in PEOPLE
        }
        self.words = self.collect(data)
        self.own = course_words(data)

    def expand(self, targets) -> set[str]:
        found = {sid for sid in self.ids for t in targets if sid == t or t in sid}
        assert found, f"CREDITS names no existing source: {targets}"
        return found

    def collect(self, data: Path) -> list[Words]:
        words = []
        for row in rows("claims", data):
            where = row["claim_id"]
            if row["in_seed"] == "true":
                words.append(Words(row["source_id"], row["quotation"], "verbatim", where))
            elif row["notes"].startswith("Paraphrase:"):
                words.append(Words(row["source_id"], row["quotation"], "paraphrase", where))
                for inner, _, _ in spans(row["quotation"]):
                    words.append(Words(row["source_id"], inner, "fragment", where))
            else:
                words.append(Words(row["source_id"], row["quotation"], "fragment", where))
        for row in rows("framing", data):
            if row["quotation"]:
                words.append(
                    Words(row["source_id"], row["quotation"], "verbatim", row["framing_id"])
                )
        for row in rows("sources", data):
            if "descriptive title" not in row["title"] and "named" not in row["provenance"]:
                words.append(Words(row["source_id"], row["title"], "title", row["source_id"]))
        for row in rows("ledger", data):
            for sentence in sentences(f"{row['claim']}. {row['note']}"):
                credited = self.credited(sentence) | {row["source_id"]}
                for inner, _, _ in spans(sentence):
                    for source_id in credited:
                        words.append(Words(source_id, inner, "fragment", row["fact_id"]))
        return words

    def credited(self, sentence: str) -> set[str]:
        """The sources a sentence names outside its quotation marks."""
        outside = QUOTED.sub(" ", sentence)
        found = {
            sid for sid in self.ids if re.search(rf"(?<![\w-]){re.escape(sid)}(?![\w-])", outside)
        }
        for match in SEED_NUMBERS.finditer(outside):
            found |= {self.seed_by_number[n] for n in re.findall(r"00\d", match["nums"])}
        tables = {"C": self.claim_source, "R": self.framing_source, "F": self.ledger_source}
        for match in IDS.finditer(outside):
            table, width = tables[match["kind"]], 3 if match["kind"] != "R" else 2
            first = int(match["num"])
            last = int(match["end"]) if match["end"] else first
            for number in range(first, last + 1):
                key = f"{match['kind']}{number:0{width}d}"
                if key in table:
                    found.add(table[key])
        for name, source_ids in self.names.items():
            if re.search(rf"(?<![\w-]){re.escape(name)}(?![a-z])", outside):
                found |= source_ids
        for person, source_ids in self.people.items():
            if re.search(rf"\b{person}{SPOKE}", outside):
                found |= source_ids
        return found

    def is_own(self, parts: list[str]) -> bool:
        """The course quoting itself: a heading, an exercise's question, a value it wrote."""
        return any(all(part in text for part in parts) for text in self.own)


def sentences(text: str) -> list[str]:
    """Sentences, split outside quotation marks (a quotation may hold a full stop)."""
    held = []

    def hold(match):
        held.append(match[0])
        return f"\u27e6{len(held) - 1}\u27e7"

    masked = QUOTED.sub(hold, text)
    parts = SENTENCE_END.split(masked)
    return [re.sub(r"\u27e6(\d+)\u27e7", lambda m: held[int(m[1])], part) for part in parts if part]


def hedge_before(text: str, part: str) -> list[str]:
    """The hedges a source put in the four words before `part` (both normalised)."""
    found = []
    start = 0
    while (index := text.find(part, start)) >= 0:
        before = " ".join(text[:index].split()[-4:])
        found.append([h for h in HEDGES if re.search(rf"\b{h}\b", before)])
        start = index + 1
    return found


@dataclass
class Finding:
    where: str
    span: str
    problem: str

    def __str__(self) -> str:
        return f"{self.where}: \u201c{self.span[:70]}\u201d {self.problem}"


def check_text(
    where: str, text: str, sources: Sources, own: set[str] = frozenset()
) -> list[Finding]:
    """Every problem with the quotation marks in `text` (a cell, a paragraph, a data note)."""
    findings = []
    for sentence in sentences(text):
        credited = sources.credited(sentence) | set(own)
        for span, _, _ in spans(sentence):
            if not worth_checking(span):
                continue
            parts = [norm(p) for p in ELLIPSIS.split(span) if norm(p)]
            if not parts or sources.is_own(parts):
                continue
            matches = [w for w in sources.words if all(p in norm(w.text) for p in parts)]
            quoting = [w for w in matches if w.kind != "paraphrase"]
            if credited:
                own_words = [w for w in quoting if w.source_id in credited]
                if not own_words:
                    paraphrased = [w.where for w in matches if w.source_id in credited]
                    problem = (
                        f"is the facts ledger's paraphrase ({', '.join(sorted(set(paraphrased)))}), "
                        "not the source's words: drop the quotation marks and say it is a paraphrase"
                        if paraphrased
                        else f"is credited to {sorted(credited)} but is in no quotation of theirs in "
                        "data/ (add the row, or drop the quotation marks)"
                    )
                    findings.append(Finding(where, span, problem))
                    continue
                quoting = own_words
            elif matches and not quoting:
                cited = ", ".join(sorted({w.where for w in matches}))
                findings.append(Finding(where, span, f"quotes the ledger's paraphrase ({cited})"))
                continue
            if quoting and not any(kept(w, parts, sentence) for w in quoting):
                hedges = sorted(
                    {h for w in quoting for hs in hedge_before(norm(w.text), parts[0]) for h in hs}
                )
                findings.append(Finding(where, span, f"drops the source's hedge {hedges}"))
    return findings


def kept(words: Words, parts: list[str], sentence: str) -> bool:
    """True if one occurrence of the quotation has no hedge before it, or the sentence keeps it."""
    said = norm(sentence)
    return any(
        all(h in said for h in hedges) for hedges in hedge_before(norm(words.text), parts[0])
    )


def course_words(data: Path = DATA) -> list[str]:
    """What the course itself wrote and may quote: headings, exercise questions (less their
    quotations), and the names its tables give (publishers, provenance, timeline titles, codes)."""
    texts = []
    for path in notebook_paths():
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "markdown":
                continue
            text = source(cell)
            texts += re.findall(r"^#+\s+(.*)$", text, re.M)
            if QUESTION.search(text):
                texts.append(QUOTED.sub(" ", text))
    for path in DOCS:
        texts += re.findall(r"^#+\s+(.*)$", path.read_text(encoding="utf-8"), re.M)
    texts += [r["publisher"] for r in rows("sources", data)]
    texts += [r["provenance"] for r in rows("sources", data)]
    texts += [r["title"] for r in rows("timeline", data)]
    texts += [r["label"] for r in rows("frame_codes", data)]
    return [norm(text) for text in texts]


# ------------------------------------------------------------------ where the prose is


def notebook_texts(path: Path):
    """(where, text) for each markdown cell and each printed text of a notebook."""
    notebook = nbformat.read(path, as_version=4)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            yield f"{path.name} cell {index}", source(cell)
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                yield f"{path.name} cell {index} (printed)", output.text
            elif "text/markdown" in output.get("data", {}):
                yield f"{path.name} cell {index} (printed)", output["data"]["text/markdown"]


def doc_texts(path: Path, text: str | None = None):
    text = path.read_text(encoding="utf-8") if text is None else text
    for number, paragraph in enumerate(re.split(r"\n\s*\n", text)):
        yield f"{path.relative_to(ROOT)} paragraph {number}", paragraph


def data_texts(data: Path = DATA):
    """(where, text, the row's own source) for every text column the course wrote."""
    for name, columns in DATA_TEXT.items():
        for row in rows(name, data):
            key = next(iter(row.values()))
            own = {row["source_id"]} if row.get("source_id") else set()
            for column in columns:
                if row.get(column):
                    yield f"data/{name}.csv {key} {column}", row[column], own
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        texts = [resource.get("description", "")] + [
            field.get("description", "") for field in resource["schema"]["fields"]
        ]
        for text in texts:
            yield f"data/datapackage.json {resource['name']}", text, set()


@functools.cache
def data_sources() -> Sources:
    return Sources()


def report(findings: list[Finding]) -> str:
    return "quotation marks that do not mean what they say:\n" + "\n".join(map(str, findings))


# ------------------------------------------------------------------ the tests


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.name[:2])
def test_notebook_quotations_are_the_sources_words(path):
    sources = data_sources()
    findings = [f for where, text in notebook_texts(path) for f in check_text(where, text, sources)]
    assert not findings, report(findings)


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_document_quotations_are_the_sources_words(path):
    sources = data_sources()
    findings = [f for where, text in doc_texts(path) for f in check_text(where, text, sources)]
    assert not findings, report(findings)


def test_data_notes_quote_only_what_a_source_printed():
    sources = data_sources()
    findings = [
        finding
        for where, text, own in data_texts()
        for finding in check_text(where, text, sources, own)
    ]
    assert not findings, report(findings)


def test_every_ledger_only_claim_says_whose_words_it_holds():
    """The convention the detector relies on: a claim not from a seed is either a fragment the
    ledger quotes or the ledger's paraphrase, and its notes say which."""
    unsaid = [
        row["claim_id"]
        for row in rows("claims")
        if row["in_seed"] != "true"
        and not row["notes"].startswith(
            ("Paraphrase: wording of the facts ledger", "Quoted fragment")
        )
    ]
    assert not unsaid, (
        f"claims whose notes do not begin 'Paraphrase:' or 'Quoted fragment': {unsaid}"
    )


@pytest.mark.parametrize(
    ("sentence", "problem"),
    [
        # A paraphrase in quotation marks (issue 20, item 6).
        ('HuffPost divided by "about 1 million members sent papers" (C070).', "paraphrase"),
        ('Its figure, "12%", fits its base (C069).', "paraphrase"),
        # A hedge dropped (item 14), credited or not.
        ('HuffPost called Coyne "the anti-Corbyn candidate" (seed 001).', "hedge"),
        ('A win over "the anti-Corbyn candidate".', "hedge"),
        # Words credited to a source that did not print them.
        ('The Independent wrote that the election "was a bitter one".', "in no quotation"),
        (
            'In 2013 both candidates "criticised the anti-union legislation" (seed 002).',
            "in no quotation",
        ),
    ],
)
def test_the_detector_catches_each_kind_of_slip(sentence, problem):
    findings = check_text("example", sentence, data_sources())
    assert findings and problem in findings[0].problem, findings


@pytest.mark.parametrize(
    "sentence",
    [
        'HuffPost wrote that Coyne "was seen as the anti-Corbyn candidate" (seed 001).',
        'Left Foot Forward\'s "around 10%" (C071) states no base.',
        'PoliticsHome (seed 003) wrote: "The contest has already turned ugly, with Mr Coyne accusing his '
        "rival of being Jeremy Corbyn's 'puppet master'.\"",
        'The title "Outsider […] is first female general secretary of Unite" (inews).',
        'What would be false: "McCluskey won by 10.3 points".',
    ],
)
def test_the_detector_accepts_a_sources_own_words(sentence):
    assert not check_text("example", sentence, data_sources())

"""The files under a folder of hand-ins: which to read, which to list and why, and whose each is.

Every file is accounted for: a notebook (`.ipynb`) is read; any other file is set aside with the
reason and what to ask the learner for ("an HTML export: ask for the .ipynb"); hidden files and
Jupyter's autosave copies (`.ipynb_checkpoints`) are skipped, and counted.

Whose a file is, in this order:

- a Moodle download: the folder `Ana Lopez_123456_assignsubmission_file_/` holds Ana Lopez's files;
- a Canvas download: `lopezana_123456_7890123_02_results.ipynb` is lopezana's;
- a file in a subfolder: the first folder's name (`ana/02.ipynb` is ana's);
- a file at the top: its name without `.ipynb`.

`pseudonym(name)` replaces a name with a stable one ("Amber Heron": the same name always gives the
same pseudonym), for projecting the report in class.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .sandbox import read_learner_file

NOTEBOOK = "notebook"
SET_ASIDE = "set aside"
SKIPPED = "skipped"

MOODLE = re.compile(r"^(?P<name>.+?)_\d+_assignsubmission_[a-z]+_?$")
CANVAS = re.compile(r"^(?P<name>[a-z][a-z0-9]*)(?:_late)?_\d+_\d+_.+$", re.IGNORECASE)

# What a file that is not a notebook most likely is, and what to ask the learner for.
EXPORTS = {
    ".html": "an HTML export of a notebook",
    ".htm": "an HTML export of a notebook",
    ".pdf": "a PDF (an export or a print)",
    ".py": "a Python script (a notebook exported as code?)",
    ".md": "a Markdown file (a notebook exported as text?)",
    ".txt": "a text file",
    ".docx": "a Word document",
    ".doc": "a Word document",
    ".odt": "a text document",
    ".png": "a picture",
    ".jpg": "a picture",
    ".jpeg": "a picture",
    ".zip": "an archive: unpack it into the folder, or ask for the .ipynb",
    ".csv": "a data file",
    ".xlsx": "a spreadsheet",
}
ASK = "ask for the .ipynb"


@dataclass
class Found:
    """One file under the folder: what the report does with it, and whose it is."""

    path: Path
    name: str  # the path relative to the folder, with "/" between parts
    learner: str
    kind: str  # NOTEBOOK, SET_ASIDE or SKIPPED
    reason: str = ""  # why it is not read (SET_ASIDE and SKIPPED)


def learner_of(relative: PurePosixPath) -> str:
    """Whose a file is, from its path relative to the folder (see the module docstring)."""
    parts = relative.parts
    for part in parts[:-1]:
        moodle = MOODLE.match(part)
        if moodle:
            return moodle["name"].strip()
    canvas = CANVAS.match(parts[-1])
    if canvas:
        return canvas["name"]
    if len(parts) > 1:
        return parts[0]
    return relative.stem


def _hidden(relative: PurePosixPath) -> str:
    if any(part == ".ipynb_checkpoints" for part in relative.parts):
        return "Jupyter's autosave copy (.ipynb_checkpoints): the learner's own file is read"
    if any(part.startswith(".") for part in relative.parts):
        return "a hidden file (its name starts with a dot)"
    if relative.name in ("Thumbs.db", "desktop.ini") or relative.name.startswith("~$"):
        return "a file the operating system or an editor leaves behind"
    return ""


def why_not_read(path: Path) -> str:
    """What a file that is not a notebook most likely is, and what to ask for."""
    suffix = path.suffix.lower()
    what = EXPORTS.get(suffix)
    if what is None:
        what = f"a {suffix} file" if suffix else "a file with no extension"
    if suffix in (".html", ".htm") and "nbconvert" in _head(path):
        what = "an HTML export of a notebook (nbconvert)"
    if "ask for" in what or "unpack" in what:
        return what
    return f"{what}: {ASK}"


def _head(path: Path) -> str:
    """The file's first 4 KiB as text ("" for a link, a pipe or a device: never read)."""
    return read_learner_file(path, 4096)


def find_all(folder: Path, exclude: Path | None = None) -> list[Found]:
    """Every file under `folder` (and broken links), sorted by name; `exclude`'s files left out."""
    found = []
    for path in sorted(folder.rglob("*")):
        if exclude is not None and (path == exclude or exclude in path.parents):
            continue
        if path.is_dir() and not path.name.endswith(".ipynb"):
            continue
        relative = PurePosixPath(*path.relative_to(folder).parts)
        learner = learner_of(relative)
        hidden = _hidden(relative)
        if hidden:
            found.append(Found(path, str(relative), learner, SKIPPED, hidden))
        elif path.suffix.lower() == ".ipynb":
            found.append(Found(path, str(relative), learner, NOTEBOOK))
        else:
            found.append(Found(path, str(relative), learner, SET_ASIDE, why_not_read(path)))
    return found


ADJECTIVES = (
    "Amber Azure Bright Calm Cedar Clever Coral Crimson Dapper Eager Fern Gentle Golden Hazel "
    "Ivory Jade Keen Lively Lucky Maple Merry Misty Nimble Olive Quiet Rapid Rose Ruby Sage "
    "Silver Steady Sunny Swift Teal Topaz Velvet Violet Warm Willow Witty"
).split()
ANIMALS = (
    "Badger Beaver Bison Crane Curlew Dolphin Eagle Falcon Ferret Finch Fox Gannet Hare Hedgehog "
    "Heron Ibis Kestrel Kite Lark Lynx Marten Merlin Mole Newt Otter Owl Panda Puffin Raven "
    "Robin Salmon Seal Shrew Sparrow Stoat Swan Swift Tern Toad Vole Wren"
).split()


def pseudonym(name: str) -> str:
    """A stable pseudonym for `name` (from its SHA-256: the same name, the same pseudonym)."""
    digest = int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big")
    return f"{ADJECTIVES[digest % len(ADJECTIVES)]} {ANIMALS[(digest // 997) % len(ANIMALS)]}"


def pseudonyms(names) -> dict[str, str]:
    """A pseudonym for each name, distinct within the class (a number added on a collision)."""
    chosen: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(set(names), key=lambda n: hashlib.sha256(n.encode("utf-8")).digest()):
        base = candidate = pseudonym(name)
        number = 2
        while candidate in taken:
            candidate = f"{base} {number}"
            number += 1
        chosen[name] = candidate
        taken.add(candidate)
    return chosen

"""Write environment.yml (conda/mamba, Binder) with exactly the learners' pins of requirements.lock.

Run by `make lock` (tools/lock.py); tests/test_environment.py fails when the two files disagree.
The lock is universal: a pin that holds only on some platforms or Pythons keeps its environment
marker (`colorama==0.4.6 ; sys_platform == 'win32'`), which pip evaluates when conda runs it.
"""

from __future__ import annotations

import re

from unitevote.pattern import ROOT

# `name==version` and an optional environment marker, up to the line-continuation backslash.
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)(?:\s*;\s*([^\\\n]*?))?\s*\\?$", re.MULTILINE)

HEADER = """\
# Generated from requirements.lock by tools/sync_environment.py (make lock): do not edit by hand.
# The learners' set only (the maintainers' tools are in requirements-dev.lock, for `make`).
# conda/mamba:  mamba env create -f environment.yml && conda activate reading-the-vote
# Binder reads this file and then runs postBuild, which installs the unitevote package.
name: reading-the-vote
channels:
  - conda-forge
dependencies:
  - python=3.11
  - pip
  - pip:
"""


def lock_requirements(text: str) -> list[str]:
    """Each pin of a lock file as a pip requirement: `name==version` or `name==version ; marker`."""
    found = []
    for name, version, marker in PIN.findall(text):
        requirement = f"{name.lower()}=={version}"
        found.append(f"{requirement} ; {marker.strip()}" if marker.strip() else requirement)
    return sorted(found)


def lock_pins(text: str) -> dict[str, set[str]]:
    """Package name -> the versions pinned for it (two where Python versions need different)."""
    pins: dict[str, set[str]] = {}
    for name, version, _ in PIN.findall(text):
        pins.setdefault(name.lower(), set()).add(version)
    return pins


def main() -> None:
    requirements = lock_requirements((ROOT / "requirements.lock").read_text())
    lines = [f'      - "{line}"\n' if ";" in line else f"      - {line}\n" for line in requirements]
    (ROOT / "environment.yml").write_text(HEADER + "".join(lines))


if __name__ == "__main__":
    main()

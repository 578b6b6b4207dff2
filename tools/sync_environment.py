"""Write environment.yml (conda/mamba, Binder) with exactly the versions pinned in requirements.lock.

Run by `make lock`; tests/test_environment.py fails when the two files disagree.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", re.MULTILINE)

HEADER = """\
# Generated from requirements.lock by tools/sync_environment.py (make lock): do not edit by hand.
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


def lock_pins(text: str) -> dict[str, str]:
    return {name.lower(): version for name, version in PIN.findall(text)}


def main() -> None:
    pins = lock_pins((ROOT / "requirements.lock").read_text())
    lines = [f"      - {name}=={version}\n" for name, version in sorted(pins.items())]
    (ROOT / "environment.yml").write_text(HEADER + "".join(lines))


if __name__ == "__main__":
    main()

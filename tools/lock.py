"""Regenerate the two lock files and environment.yml: `make lock`.

- requirements.lock: what a learner needs (the course package's own dependencies: JupyterLab,
  pandas, Altair, frictionless, ipykernel, vl-convert-python, nbclient/nbformat for the class
  report). environment.yml (conda, Binder) installs exactly these pins.
- requirements-dev.lock: the learners' set plus the maintainers' tools (`dev` extra: pytest,
  pytest-xdist, nbval, nbconvert, Playwright, Hypothesis, ruff, uv, pre-commit, jupytext, ...),
  resolved with the learners' lock as constraints, so both agree on every shared package.
  `make env` installs this one.

Both are universal (`uv pip compile --universal`): one file for Linux, macOS and Windows and for
every Python from 3.11, with environment markers where a platform or version needs something
else, and `--generate-hashes`. Each starts with the commands that install it (INSTALL_NOTE):
pip needs `--no-deps`, because pyproject.toml's [tool.uv] leaves one optional dependency
(rfc3987-syntax) out and pip, in hash-checking mode, would ask for its pin. Existing pins are kept unless pyproject.toml needs others (uv
prefers the versions already in the output file); `--upgrade` moves everything to the latest.
Afterwards every pin is checked to have a wheel for each of PLATFORMS x PYTHONS.

Usage: python -m tools.lock [--upgrade]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from tools import sync_environment
from unitevote.pattern import ROOT

LEARNERS = "requirements.lock"
MAINTAINERS = "requirements-dev.lock"
PLATFORMS = ("x86_64-unknown-linux-gnu", "aarch64-apple-darwin", "x86_64-pc-windows-msvc")
PYTHONS = ("3.11", "3.12", "3.13")
UV = Path(sys.executable).parent / "uv"
COMPILE = ["pip", "compile", "pyproject.toml", "--universal", "--python-version", PYTHONS[0]]
COMPILE += ["--generate-hashes", "--quiet"]


INSTALL_NOTE = """\
# Install with `make env` (Linux, macOS, WSL), or with pip in a fresh virtual environment:
#     python -m venv .venv
#     .venv/bin/pip install --no-deps -r {lock}      (Windows: .venv\\Scripts\\pip ...)
#     .venv/bin/pip install --no-deps -e .
# --no-deps: every package the course needs is pinned below, but pip would also ask for
# rfc3987-syntax, an optional dependency left out on purpose (pyproject.toml, [tool.uv]).
"""


def uv(*args: str) -> None:
    subprocess.run([str(UV), *args], cwd=ROOT, check=True)


def with_install_note(lock: str) -> None:
    """Put INSTALL_NOTE at the top of `lock` (uv rewrites the file without it)."""
    path = ROOT / lock
    note = INSTALL_NOTE.format(lock=lock)
    text = path.read_text(encoding="utf-8")
    path.write_text(note + text.removeprefix(note), encoding="utf-8")


def compile_locks(upgrade: bool = False) -> None:
    extra = ["--upgrade"] if upgrade else []
    uv(*COMPILE, *extra, "-o", LEARNERS)
    uv(*COMPILE, *extra, "--extra", "dev", "-c", LEARNERS, "-o", MAINTAINERS)
    for lock in (LEARNERS, MAINTAINERS):
        with_install_note(lock)


def check_wheels(lock: str = MAINTAINERS) -> None:
    """Every pin installs from a wheel on every platform and Python the course supports."""
    for platform in PLATFORMS:
        for python in PYTHONS:
            print(f"checking wheels: {platform}, Python {python}", flush=True)
            uv(
                "pip", "compile", lock, "--no-deps", "--only-binary", ":all:", "--quiet",
                "--python-platform", platform, "--python-version", python, "-o", "/dev/null",
            )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upgrade", action="store_true", help="move every pin to the latest")
    args = parser.parse_args(argv)
    compile_locks(args.upgrade)
    check_wheels()
    sync_environment.main()
    print(f"wrote {LEARNERS}, {MAINTAINERS}, environment.yml")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

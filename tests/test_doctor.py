"""`python -m unitevote.doctor` says whether a computer is ready for the course, in words a
learner can act on, and exits non-zero when it is not.

The whole check runs once as a command, as a learner runs it; each failure is
provoked by handing a check what a broken machine would give it: an old Python, a package
missing or at another version, a kernel that is not installed or runs another Python.
"""

from __future__ import annotations

import io
import sys
from types import SimpleNamespace

import pytest

from unitevote import doctor


@pytest.fixture(scope="module")
def as_a_command():
    """`python -m unitevote.doctor` run once, as a learner runs it (every check, in a process of
    its own): what it printed and its exit status."""
    import subprocess

    return subprocess.run(
        [sys.executable, "-m", "unitevote.doctor"], capture_output=True, text=True, timeout=120
    )


def test_this_environment_is_ready(as_a_command):
    assert as_a_command.returncode == 0, as_a_command.stdout + as_a_command.stderr
    lines = as_a_command.stdout.splitlines()
    assert all(line.startswith("OK") for line in lines[1:-1]), as_a_command.stdout
    for label in ("Python", "pandas", "Altair", "JupyterLab", "vl-convert", "frictionless"):
        assert any(line.startswith(f"OK    {label}:") for line in lines), label
    assert any("data:" in line for line in lines) and any("kernel:" in line for line in lines)
    assert lines[-1].startswith("All checks passed")


def test_the_versions_are_read_from_the_lock():
    pins = doctor.pinned_versions()
    for _, distribution, _ in doctor.PACKAGES:
        assert distribution in pins, distribution


def test_an_old_python_is_named_with_what_to_do():
    result = doctor.check_python((3, 9, 7), ">=3.11")
    assert not result.ok
    assert "3.9.7" in result.detail and ">=3.11" in result.detail and "make lab" in result.detail


def test_a_missing_package_says_how_to_reinstall():
    result = doctor.check_package("no_such_module_here", "no-such-dist", "Nothing", pins={})
    assert not result.ok
    assert "cannot be imported" in result.detail and "make env" in result.detail


def test_another_version_than_the_pinned_one_fails():
    result = doctor.check_package("pandas", "pandas", "pandas", pins={"pandas": "0.0.1"})
    assert not result.ok
    assert "pins 0.0.1" in result.detail and "make env" in result.detail


def test_a_missing_kernel_says_how_to_install_it():
    def find(name):
        raise KeyError(name)

    result = doctor.check_kernel("python3", find=find)
    assert not result.ok
    assert "ipykernel install" in result.detail and "'python3'" in result.detail


def test_a_kernel_of_another_python_fails():
    other = SimpleNamespace(argv=["/somewhere/else/bin/python", "-m", "ipykernel_launcher"])
    result = doctor.check_kernel("python3", find=lambda name: other)
    assert not result.ok and "/somewhere/else/bin/python" in result.detail


def test_the_notebooks_name_the_kernel_checked():
    assert doctor.notebook_kernel() == "python3"


def test_a_failure_makes_the_exit_status_one():
    out = io.StringIO()
    status = doctor.run(
        [
            lambda: doctor.Result("data", False, "the course's data does not load"),
            doctor.check_python,
        ],
        out=out,
    )
    assert status == 1
    assert "FAIL  data: the course's data does not load" in out.getvalue()
    assert "1 check failed" in out.getvalue()


def test_a_check_that_breaks_is_reported_not_raised():
    def broken():
        raise RuntimeError("boom")

    out = io.StringIO()
    assert doctor.run([broken], out=out) == 1
    assert "FAIL  broken: the check broke: RuntimeError: boom" in out.getvalue()


def test_the_module_runs_as_a_command(as_a_command):
    assert as_a_command.returncode == 0, as_a_command.stdout + as_a_command.stderr
    assert as_a_command.stdout.rstrip().endswith("this computer is ready for the course.")

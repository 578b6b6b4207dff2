"""Whether the tests run in CI (`.ci/run` sets CI=true), where what a laptop may skip must run."""

import os


def in_ci() -> bool:
    """CI set to anything but nothing, 0, false or no."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")

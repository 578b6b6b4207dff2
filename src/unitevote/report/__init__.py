"""The class report: which misconceptions a class holds, from the learners' own notebooks.

`unitevote-report FOLDER` (or `python -m unitevote.report FOLDER`, `make report
SUBMISSIONS=FOLDER`) runs every handed-in notebook in a sandbox, judges each answer itself and
writes results.csv, summary.csv and report.html. See `unitevote.report.run`; the sandbox and what
it protects on each platform, `unitevote.report.sandbox`.
"""


def main(argv: list[str] | None = None) -> int:
    """The `unitevote-report` command (see `unitevote.report.run.main`)."""
    from .run import main as run_main

    return run_main(argv)

"""Maintainer tools: execute and normalise notebooks, build the student edition and the site.

Not part of the learners' package (`unitevote`): these need nbclient/nbconvert, which only the
maintainers' environment installs. Run them from the repository root, e.g.
`python -m tools.execute notebooks/02_results_arithmetic.ipynb` or `make execute`.
"""

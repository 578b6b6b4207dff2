"""CITATION.cff: valid Citation File Format 1.2.0, and in agreement with pyproject.toml.

Validated against the format's own JSON Schema (tests/schemas/, with its provenance), with
jsonschema, which the environment already has; `cffconvert --validate` does the same check but
cannot be installed beside the course's jsonschema 4.
"""

import json
import re
import tomllib

import jsonschema
import pytest
import yaml

from unitevote.pattern import ROOT

CITATION = ROOT / "CITATION.cff"
SCHEMA = ROOT / "tests" / "schemas" / "citation-file-format-1.2.0.schema.json"


@pytest.fixture(scope="module")
def citation() -> dict:
    return yaml.safe_load(CITATION.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _errors(document: dict) -> list[str]:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    return [
        f"{'/'.join(map(str, error.path)) or '(top)'}: {error.message}"
        for error in validator.iter_errors(document)
    ]


def test_citation_is_valid_cff_1_2_0(citation):
    assert citation["cff-version"] == "1.2.0"
    assert _errors(citation) == []


def test_the_validation_can_fail(citation):
    broken = {key: value for key, value in citation.items() if key != "authors"}
    broken["license"] = "MIT License"  # not an SPDX identifier
    errors = _errors(broken)
    assert any("authors" in error for error in errors), errors
    assert any(error.startswith("license") for error in errors), errors


def test_citation_agrees_with_pyproject(citation, project):
    assert str(citation["version"]) == project["version"]
    licences = citation["license"]
    licences = [licences] if isinstance(licences, str) else licences
    assert project["license"] in licences, "the code's licence (pyproject.toml) is cited"
    assert "CC-BY-4.0" in licences, "the content's licence (LICENSE-CONTENT.md) is cited"
    assert project["description"].startswith(f"{citation['title']}:"), project["description"]
    assert re.search(rf"\b{project['name']}\b", citation["abstract"]), "name the package"
    authors = {author.get("name") for author in citation["authors"]}
    assert authors == {author["name"] for author in project["authors"]}

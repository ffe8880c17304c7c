"""Validation of sandbox responses against the vendored Pax8 OpenAPI files in ../shared/specs.

The specs live beside the repository (`<repo>/../shared/specs`), not in it; a checkout without them cannot run
the contract tests, and says so instead of skipping them.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from openapi_schema_validator import OAS30ReadValidator, oas30_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

REPO_ROOT = Path(__file__).resolve().parents[3]
SPECS = REPO_ROOT.parent / "shared" / "specs"


@cache
def load_spec(name: str) -> dict[str, Any]:
    path = SPECS / name
    if not path.is_file():
        pytest.fail(f"contract tests need {path} (the shared specs folder beside the repository); it is missing")
    return json.loads(path.read_text(encoding="utf-8"))


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def validate(spec_name: str, path: str, method: str, status: str, body: Any) -> None:
    """Validate `body` against the schema the spec gives for that operation's response (refs resolved)."""
    spec = load_spec(spec_name)
    operation = spec["paths"][path][method]
    assert status in operation["responses"], f"{method.upper()} {path} documents no {status} response"
    uri = f"urn:{spec_name}"
    registry = Registry().with_resource(uri, Resource.from_contents(spec, default_specification=DRAFT4))
    pointer = _pointer("paths", path, method, "responses", status, "content", "application/json", "schema")
    validator = OAS30ReadValidator(
        {"$ref": f"{uri}#/{pointer}"}, registry=registry, format_checker=oas30_format_checker
    )
    errors = sorted(validator.iter_errors(body), key=lambda error: list(error.absolute_path))
    assert not errors, "\n".join(f"{list(error.absolute_path)}: {error.message}" for error in errors[:10])


def validate_schema(spec_name: str, schema_name: str, body: Any) -> None:
    """Validate against a named component schema (for responses the spec only describes by example)."""
    spec = load_spec(spec_name)
    uri = f"urn:{spec_name}"
    registry = Registry().with_resource(uri, Resource.from_contents(spec, default_specification=DRAFT4))
    validator = OAS30ReadValidator(
        {"$ref": f"{uri}#/components/schemas/{schema_name}"}, registry=registry, format_checker=oas30_format_checker
    )
    errors = list(validator.iter_errors(body))
    assert not errors, "\n".join(f"{list(error.absolute_path)}: {error.message}" for error in errors[:10])

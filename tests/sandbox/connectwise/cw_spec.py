"""Validating sandbox responses against the ConnectWise 2025.8 subset spec in ../shared/specs.

The spec sits beside the repository (`<repo>/../shared/specs/connectwise_subset.json`), not inside it. A
checkout without it cannot prove the sandbox speaks the real dialect, so the contract tests fail and say
where the file was looked for; they never skip.
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
SPEC_PATH = REPO_ROOT.parent / "shared" / "specs" / "connectwise_subset.json"
SPEC_URI = "urn:connectwise-subset"
MEDIA_TYPE = "application/vnd.connectwise.com+json; version=2025.8"


@cache
def spec() -> dict[str, Any]:
    if not SPEC_PATH.is_file():
        pytest.fail(f"the ConnectWise contract tests need {SPEC_PATH} (the shared specs beside the repository)")
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))


@cache
def _registry() -> Registry:
    return Registry().with_resource(SPEC_URI, Resource.from_contents(spec(), default_specification=DRAFT4))


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def _check(pointer: str, instance: Any) -> None:
    validator = OAS30ReadValidator(
        {"$ref": f"{SPEC_URI}#{pointer}"}, registry=_registry(), format_checker=oas30_format_checker
    )
    errors = sorted(validator.iter_errors(instance), key=lambda error: list(error.absolute_path))
    assert not errors, "\n".join(f"{list(error.absolute_path)}: {error.message}" for error in errors[:10])


def validate_response(path: str, method: str, status: int, instance: Any) -> None:
    """`instance` against the schema the spec documents for `method path` answering `status`."""
    operation = spec()["paths"][path][method]
    responses = operation["responses"]
    assert str(status) in responses, f"{method.upper()} {path} documents no {status} response"
    content = responses[str(status)].get("content")
    if content is None:
        assert instance is None, f"{method.upper()} {path} {status} has no body in the spec"
        return
    assert MEDIA_TYPE in content
    _check(f"/paths/{_escape(path)}/{method}/responses/{status}/content/{_escape(MEDIA_TYPE)}/schema", instance)


def validate_schema(name: str, instance: Any) -> None:
    """`instance` against a component schema (error bodies are described only as a model)."""
    assert name in spec()["components"]["schemas"], f"the spec has no schema {name}"
    _check(f"/components/schemas/{_escape(name)}", instance)

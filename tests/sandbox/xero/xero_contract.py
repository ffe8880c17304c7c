"""Validation against the official Xero Accounting OpenAPI (../shared/specs/xero_accounting.yaml).

The spec lives beside the repository (`<repo>/../shared/specs`), not in it; a checkout without it cannot run the
contract tests and says so instead of skipping them. The spec is 25,000 lines of YAML: it is parsed once per
session with the C loader. Bodies are validated as parsed JSON with Decimal numbers, exactly as a client reads them.
"""

from __future__ import annotations

import numbers
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import FormatChecker
from openapi_schema_validator import OAS30ReadValidator, OAS30WriteValidator, oas30_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

REPO_ROOT = Path(__file__).resolve().parents[3]
SPEC_PATH = REPO_ROOT.parent / "shared" / "specs" / "xero_accounting.yaml"
SPEC_URI = "urn:xero_accounting"


@cache
def spec() -> dict[str, Any]:
    if not SPEC_PATH.is_file():
        pytest.fail(
            f"Xero contract tests need {SPEC_PATH} (the shared specs folder beside the repository); it is missing"
        )
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with SPEC_PATH.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader)


def _is_number(instance: object) -> bool:
    """`format: double`/`float` describe a JSON number; parsed exactly, that number is a Decimal, not a float."""
    return not isinstance(instance, numbers.Number) or not isinstance(instance, bool)


def _format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    checker.checkers.update(oas30_format_checker.checkers)
    checker.checkers["double"] = (_is_number, ())
    checker.checkers["float"] = (_is_number, ())
    return checker


FORMATS = _format_checker()


@cache
def _registry() -> Registry:
    return Registry().with_resource(SPEC_URI, Resource.from_contents(spec(), default_specification=DRAFT4))


def _errors(validator_class: type, pointer: str, body: Any) -> list[str]:
    validator = validator_class({"$ref": f"{SPEC_URI}#{pointer}"}, registry=_registry(), format_checker=FORMATS)
    found = sorted(validator.iter_errors(body), key=lambda error: list(error.absolute_path))
    return [f"{list(error.absolute_path)}: {error.message}" for error in found[:10]]


def assert_schema(schema_name: str, body: Any) -> None:
    """A response body (read direction) against a component schema, e.g. `Invoices` or `Error`."""
    assert schema_name in spec()["components"]["schemas"], f"the spec has no schema {schema_name}"
    errors = _errors(OAS30ReadValidator, f"/components/schemas/{schema_name}", body)
    assert not errors, f"response is not a valid {schema_name}:\n" + "\n".join(errors)


def response_schema(path: str, method: str, status: str = "200") -> str:
    """The component schema the spec names for an operation's response (following a shared response $ref)."""
    responses = spec()["paths"][path][method.lower()]["responses"]
    assert status in responses, f"{method.upper()} {path} documents no {status} response"
    response = responses[status]
    if "$ref" in response:
        response = spec()["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
    return response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]


def assert_response(path: str, method: str, status: int, body: Any) -> None:
    """A response body against the schema the spec gives for that operation and status."""
    assert_schema(response_schema(path, method, str(status)), body)


def assert_request(path: str, method: str, body: Any) -> None:
    """A request body (write direction: read-only fields are errors) against the operation's requestBody."""
    operation = spec()["paths"][path][method.lower()]
    assert "requestBody" in operation, f"{method.upper()} {path} takes no body"
    schema = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    errors = _errors(OAS30WriteValidator, schema.removeprefix("#"), body)
    assert not errors, f"request to {method.upper()} {path} does not follow the spec:\n" + "\n".join(errors)

"""Pydantic's validation errors rewritten as lines a finance user can act on.

Each line is `key.path: what is wrong; expected what`. The key path is written the way the TOML file spells it
(`profiles.acme.targets[2].tenant_id`, entries of an array of tables counted from 1, dotted keys quoted), and
"expected" comes from the field's own description. Values are echoed only where that is harmless: a secret field
validates itself and never reaches pydantic's generic messages.
"""

from __future__ import annotations

import json
import re
import types
from collections.abc import Sequence
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_TYPE_EXPECTATIONS = {
    "bool_type": "true or false",
    "int_type": "a whole number",
    "float_type": "a number",
    "string_type": 'a text in double quotes ("...")',
    "dict_type": "a table",
    "model_type": "a table",
    "tuple_type": "an array",
    "list_type": "an array",
}
_MESSAGE_REWRITES = (
    (re.compile(r"^Input should be (?:a valid )?"), "expected "),
    (re.compile(r"^String should have at least 1 character$"), "expected a non-empty text"),
    (re.compile(r"^Value error, "), ""),
    (re.compile(r"^Assertion failed, "), ""),
)


def describe_errors(error: ValidationError, root: type[BaseModel]) -> list[str]:
    """One line per problem, in the order pydantic found them."""
    return [describe_error(detail, root) for detail in error.errors(include_url=False)]


def describe_error(detail: ErrorDetails, root: type[BaseModel]) -> str:
    location = _Location.of(root, detail["loc"])
    problem = _problem(detail, location)
    return f"{location.key_path}: {problem}" if location.key_path else problem


def toml_repr(value: object) -> str:
    """How the value looks in the file, so "got …" reads like what the user wrote."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list | tuple):
        return "an array"
    return type(value).__name__


def _problem(detail: ErrorDetails, location: _Location) -> str:
    kind = detail["type"]
    if kind == "missing":
        return f"missing; expected {location.expectation}"
    if kind == "extra_forbidden":
        allowed = ", ".join(location.allowed_keys) or "no keys here"
        return f"unknown key; expected one of: {allowed}"
    if kind in ("value_error", "assertion_error"):
        return _rewrite(detail["msg"])
    if kind in _TYPE_EXPECTATIONS:
        return f"expected {_TYPE_EXPECTATIONS[kind]}, got {toml_repr(detail['input'])}"
    if kind in ("literal_error", "enum"):
        return f"{_rewrite(detail['msg']).replace(chr(39), chr(34))}, got {toml_repr(detail['input'])}"
    if kind == "string_pattern_mismatch":
        return f"expected {location.expectation}, got {toml_repr(detail['input'])}"
    return f"{_rewrite(detail['msg'])}, got {toml_repr(detail['input'])}"


def _rewrite(message: str) -> str:
    for pattern, replacement in _MESSAGE_REWRITES:
        message = pattern.sub(replacement, message)
    return message


class _Location:
    """Follows an error location through the model classes: the TOML key path, the field, the allowed keys."""

    def __init__(self, key_path: str, field: FieldInfo | None, allowed_keys: Sequence[str]) -> None:
        self.key_path = key_path
        self.field = field
        self.allowed_keys = allowed_keys

    @property
    def expectation(self) -> str:
        if self.field is not None and self.field.description:
            return self.field.description
        return "a value"

    @classmethod
    def of(cls, root: type[BaseModel], loc: Sequence[int | str]) -> _Location:
        annotation: Any = root
        field: FieldInfo | None = None
        allowed: Sequence[str] = ()
        path = ""
        for part in loc:
            model = _model_in(annotation)
            if part == "[key]":
                path = f"{path} (the key itself)"
            elif model is not None:
                allowed = tuple(model.model_fields)
                field = model.model_fields.get(str(part))
                annotation = field.annotation if field is not None else None
                path = _join(path, str(part))
            elif isinstance(part, int):
                annotation = _item_type(annotation)
                path = f"{path}[{part + 1}]"
            else:
                annotation = _item_type(annotation)
                path = _join(path, part)
        return cls(path, field, allowed)


def _join(path: str, key: str) -> str:
    written = key if _BARE_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)
    return f"{path}.{written}" if path else written


def _strip(annotation: Any) -> Any:
    """`Annotated[X, …]` → X and `X | None` → X, repeatedly."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            remaining = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(remaining) != 1:
                return annotation
            annotation = remaining[0]
        else:
            return annotation


def _model_in(annotation: Any) -> type[BaseModel] | None:
    stripped = _strip(annotation)
    return stripped if isinstance(stripped, type) and issubclass(stripped, BaseModel) else None


def _item_type(annotation: Any) -> Any:
    """The value type of `dict[K, V]` or the element type of `tuple[X, ...]`; None when unknown."""
    stripped = _strip(annotation)
    args = get_args(stripped)
    if not args:
        return None
    return args[1] if get_origin(stripped) is dict else args[0]

"""Demo-company records to compact JSON and back, so a sandbox can keep them in SQLite and reload them fast.

A dataclass becomes the list of its field values in declaration order (no key names: ten thousand invoices
stay small and parse quickly); Decimals travel as strings, dates and date-times in ISO form, enums as their
values. Decoding is driven by the dataclass type hints, compiled once per class into converters.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")
Converter = Callable[[Any], Any]


def encode(value: Any) -> Any:
    """A JSON-ready form of a demo record (or of any value inside one)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [encode(getattr(value, item.name)) for item in dataclasses.fields(value)]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):  # datetime is a date too
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [encode(item) for item in value]
    return value


def decode(cls: type[T], data: Any) -> T:
    """The record `encode` turned into `data`."""
    return _decoder(cls)(data)  # type: ignore[no-any-return]


@cache
def _decoder(cls: type) -> Converter:
    hints = typing.get_type_hints(cls)
    converters = [_converter(hints[item.name]) for item in dataclasses.fields(cls)]

    def build(data: list[Any]) -> Any:
        return cls(*[convert(value) for convert, value in zip(converters, data, strict=True)])

    return build


def _identity(value: Any) -> Any:
    return value


def _converter(hint: Any) -> Converter:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        inner = _converter(options[0]) if len(options) == 1 else _identity
        return lambda value: None if value is None else inner(value)
    if origin is tuple:
        item = _converter(typing.get_args(hint)[0])
        return lambda value: tuple(item(element) for element in value)
    if isinstance(hint, type):
        if dataclasses.is_dataclass(hint):
            return _decoder(hint)
        if issubclass(hint, Enum):
            return {member.value: member for member in hint}.__getitem__
        if hint is Decimal:
            return Decimal
        if hint is datetime:
            return datetime.fromisoformat
        if hint is date:
            return date.fromisoformat
    return _identity

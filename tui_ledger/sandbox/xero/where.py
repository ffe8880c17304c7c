"""The `where` and `order` query parameters of GET endpoints, for the part of Xero's grammar clients use.

Supported: `Field == value`, `!=`, `<`, `<=`, `>`, `>=` on dotted paths (`Contact.ContactID`); values as
"strings" (backslash escapes), numbers, `true`/`false`, `null`, `guid("…")`/`Guid("…")`/`GUID("…")` and
`DateTime(2026,01,31)`; `Field.Contains("x")`, `.StartsWith("x")`, `.EndsWith("x")`; `AND`/`&&`, `OR`/`||`
and parentheses. Text compares case-insensitively, as Xero's database does. Anything else is refused with a
400, as the real service refuses a filter it cannot parse, so a client learns it wrote something unsupported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from tui_ledger.sandbox.xero.wire import parse_ms_instant

Predicate = Callable[[dict[str, Any]], bool]


class FilterError(ValueError):
    """A `where` or `order` value the sandbox cannot read; the message goes back in the 400."""


_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>"(?:[^"\\]|\\.)*")
      | (?P<number>-?\d+(?:\.\d+)?)
      | (?P<op>==|!=|>=|<=|&&|\|\||[<>(),.])
      | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    text: str


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise FilterError(f"cannot parse the where filter at '{text[position : position + 20]}'")
        kind = match.lastgroup or ""
        tokens.append(_Token(kind, match.group(kind)))
        position = match.end()
        while position < len(text) and text[position].isspace():
            position += 1
    return tokens


@dataclass(frozen=True, slots=True)
class _Literal:
    value: Any
    kind: str  # "text", "number", "bool", "null", "guid", "datetime"


def _unquote(token: str) -> str:
    return re.sub(r"\\(.)", r"\1", token[1:-1])


class _Parser:
    def __init__(self, tokens: Sequence[_Token]) -> None:
        self.tokens = tokens
        self.position = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self, text: str | None = None) -> _Token:
        token = self.peek()
        if token is None or (text is not None and token.text.upper() != text.upper()):
            raise FilterError(f"where filter: expected {text or 'more'} but found {token.text if token else 'the end'}")
        self.position += 1
        return token

    def parse(self) -> Predicate:
        predicate = self.or_expression()
        if self.peek() is not None:
            raise FilterError(f"where filter: unexpected '{self.peek().text}'")  # type: ignore[union-attr]
        return predicate

    def or_expression(self) -> Predicate:
        parts = [self.and_expression()]
        while (token := self.peek()) is not None and token.text.upper() in ("OR", "||"):
            self.take()
            parts.append(self.and_expression())
        if len(parts) == 1:
            return parts[0]
        return lambda record: any(part(record) for part in parts)

    def and_expression(self) -> Predicate:
        parts = [self.primary()]
        while (token := self.peek()) is not None and token.text.upper() in ("AND", "&&"):
            self.take()
            parts.append(self.primary())
        if len(parts) == 1:
            return parts[0]
        return lambda record: all(part(record) for part in parts)

    def primary(self) -> Predicate:
        token = self.peek()
        if token is not None and token.text == "(":
            self.take("(")
            inner = self.or_expression()
            self.take(")")
            return inner
        path = self.path()
        if path[-1] in ("Contains", "StartsWith", "EndsWith"):
            return self.method_call(path[:-1], path[-1])
        operator = self.take()
        if operator.kind != "op" or operator.text not in ("==", "!=", "<", "<=", ">", ">="):
            raise FilterError(f"where filter: expected a comparison after {'.'.join(path)}")
        literal = self.literal()
        return _comparison(path, operator.text, literal)

    def path(self) -> list[str]:
        first = self.take()
        if first.kind != "word":
            raise FilterError(f"where filter: expected a field name, found '{first.text}'")
        parts = [first.text]
        while (token := self.peek()) is not None and token.text == ".":
            self.take(".")
            parts.append(self.take().text)
        return parts

    def method_call(self, path: list[str], method: str) -> Predicate:
        self.take("(")
        argument = self.take()
        if argument.kind != "string":
            raise FilterError(f"where filter: {method} takes a quoted string")
        self.take(")")
        needle = _unquote(argument.text).casefold()
        test = {
            "Contains": lambda text: needle in text,
            "StartsWith": lambda text: text.startswith(needle),
            "EndsWith": lambda text: text.endswith(needle),
        }[method]

        def predicate(record: dict[str, Any]) -> bool:
            value = _resolve(record, path)
            return isinstance(value, str) and test(value.casefold())

        return predicate

    def literal(self) -> _Literal:
        token = self.take()
        if token.kind == "string":
            return _Literal(_unquote(token.text), "text")
        if token.kind == "number":
            return _Literal(Decimal(token.text), "number")
        word = token.text.lower()
        if word in ("true", "false"):
            return _Literal(word == "true", "bool")
        if word == "null":
            return _Literal(None, "null")
        if word == "guid":
            self.take("(")
            value = self.take()
            self.take(")")
            if value.kind != "string":
                raise FilterError("where filter: guid() takes a quoted id")
            return _Literal(_unquote(value.text).lower(), "guid")
        if word == "datetime":
            self.take("(")
            numbers = [int(self.take().text)]
            while self.peek() is not None and self.peek().text == ",":  # type: ignore[union-attr]
                self.take(",")
                numbers.append(int(self.take().text))
            self.take(")")
            try:
                return _Literal(datetime(*numbers, tzinfo=UTC), "datetime")  # type: ignore[misc]
            except (TypeError, ValueError):
                raise FilterError(f"where filter: DateTime{tuple(numbers)} is not a date") from None
        raise FilterError(f"where filter: unexpected '{token.text}'")


def _resolve(record: dict[str, Any], path: Sequence[str]) -> Any:
    value: Any = record
    for part in path:
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _comparable(value: Any, literal: _Literal) -> Any:
    """The field value in the literal's terms: text folded, MS-JSON dates as instants, numbers as Decimal."""
    if value is None:
        return None
    if literal.kind in ("text", "guid"):
        return str(value).casefold()
    if literal.kind == "datetime":
        return parse_ms_instant(value) if isinstance(value, str) else None
    if literal.kind == "number":
        return value if isinstance(value, Decimal | int) and not isinstance(value, bool) else None
    return value


def _comparison(path: list[str], operator: str, literal: _Literal) -> Predicate:
    expected = literal.value.casefold() if literal.kind == "text" else literal.value

    def predicate(record: dict[str, Any]) -> bool:
        value = _comparable(_resolve(record, path), literal)
        if operator == "==":
            return value == expected
        if operator == "!=":
            return value != expected
        if value is None or expected is None:
            return False
        try:
            return {
                "<": value < expected,
                "<=": value <= expected,
                ">": value > expected,
                ">=": value >= expected,
            }[operator]
        except TypeError:
            return False

    return predicate


def parse_where(text: str) -> Predicate:
    """A predicate over records in wire shape, or `FilterError`."""
    return _Parser(_tokens(text)).parse()


def sort_key_for(order: str) -> tuple[list[str], bool]:
    """`InvoiceNumber DESC` → (["InvoiceNumber"], descending)."""
    parts = order.split()
    if not parts or len(parts) > 2 or (len(parts) == 2 and parts[1].upper() not in ("ASC", "DESC")):
        raise FilterError(f"cannot order by '{order}'")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", parts[0]):
        raise FilterError(f"cannot order by '{order}'")
    return parts[0].split("."), len(parts) == 2 and parts[1].upper() == "DESC"


def apply_order(records: list[dict[str, Any]], order: str | None) -> list[dict[str, Any]]:
    """Sort by each comma-separated `Field [ASC|DESC]`, last key first so the first one wins."""
    if not order:
        return records
    result = list(records)
    for clause in reversed([part for part in order.split(",") if part.strip()]):
        path, descending = sort_key_for(clause)

        def key(record: dict[str, Any], path: list[str] = path) -> tuple[int, Any]:
            value = _resolve(record, path)
            if isinstance(value, str):
                instant = parse_ms_instant(value)
                return (1, instant.timestamp()) if instant is not None else (2, value.casefold())
            if isinstance(value, Decimal | int):
                return (1, Decimal(value))
            return (0, 0)

        result.sort(key=key, reverse=descending)
    return result

"""The ConnectWise `conditions` grammar, parsed and compiled into a predicate over a record (a JSON dict).

Grammar (reference/connectwise_api.md §3.2), keywords case-insensitive:

    expression := term ("or" term)*
    term       := factor ("and" factor)*
    factor     := "(" expression ")" | path operator value
    operator   := = | != | < | <= | > | >= | contains | like | in | not contains | not like | not in
    value      := "string" | 'string' | number | [datetime] | true | false | null | "(" value ("," value)* ")"
    path       := name ("/" name)*

Inside a quoted string a backslash escapes the quote character and the backslash; any other backslash is
literal (the connector's `quote` writes exactly that). `like` takes `*` or `%` as the wildcard.

Semantics follow the SQL Server behind ConnectWise: string comparisons ignore case; a comparison with a
missing or null field is false except `= null` / `!= null`; `in` on an empty list is refused. Anything
else (an unknown operator, a stray token, `contains` on a number) raises `ConditionError`, which the app
answers with 400 InvalidObject as the real service does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

Record = dict[str, Any]
Predicate = Callable[[Record], bool]
Scalar = str | Decimal | bool | datetime | None


class ConditionError(ValueError):
    """A conditions string the grammar does not accept; the message says what and where."""


# ---------------------------------------------------------------- tokens


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "name", "string", "number", "datetime", "op", "lparen", "rparen", "comma", "end"
    text: str
    value: Scalar
    position: int


_SYMBOL_OPERATORS = ("<=", ">=", "!=", "=", "<", ">")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:/[A-Za-z_][A-Za-z0-9_]*)*")
_NUMBER = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
_DATETIME = re.compile(r"\[([^\]]*)\]")


def _parse_datetime(text: str, position: int) -> datetime:
    cleaned = text.strip()
    try:
        moment = datetime.fromisoformat(cleaned.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ConditionError(f"[{text}] at position {position} is not an ISO 8601 date-time") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _read_string(text: str, start: int) -> tuple[str, int]:
    quote = text[start]
    chars: list[str] = []
    index = start + 1
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in (quote, "\\"):
            chars.append(text[index + 1])
            index += 2
            continue
        if char == quote:
            return "".join(chars), index + 1
        chars.append(char)
        index += 1
    raise ConditionError(f"the string starting at position {start} is not closed with {quote}")


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char.isspace():
            index += 1
        elif char in "\"'":
            value, end = _read_string(text, index)
            tokens.append(Token("string", text[index:end], value, index))
            index = end
        elif char == "[":
            match = _DATETIME.match(text, index)
            if match is None:
                raise ConditionError(f"the date-time starting at position {index} is not closed with ]")
            tokens.append(Token("datetime", match.group(0), _parse_datetime(match.group(1), index), index))
            index = match.end()
        elif char in "(),":
            kind = {"(": "lparen", ")": "rparen", ",": "comma"}[char]
            tokens.append(Token(kind, char, None, index))
            index += 1
        elif operator := next((op for op in _SYMBOL_OPERATORS if text.startswith(op, index)), None):
            tokens.append(Token("op", operator, None, index))
            index += len(operator)
        elif match := _NUMBER.match(text, index):
            tokens.append(Token("number", match.group(0), Decimal(match.group(0)), index))
            index = match.end()
        elif match := _NAME.match(text, index):
            tokens.append(Token("name", match.group(0), None, index))
            index = match.end()
        else:
            raise ConditionError(f"unexpected character {char!r} at position {index}")
    tokens.append(Token("end", "", None, len(text)))
    return tokens


# ---------------------------------------------------------------- syntax tree


@dataclass(frozen=True, slots=True)
class Comparison:
    path: tuple[str, ...]
    operator: str  # "=", "!=", "<", "<=", ">", ">=", "contains", "like", "in" (each possibly negated by `negated`)
    value: Scalar | tuple[Scalar, ...]
    negated: bool = False


@dataclass(frozen=True, slots=True)
class Junction:
    operator: str  # "and" | "or"
    parts: tuple[Node, ...]


Node = Comparison | Junction

_WORD_OPERATORS = {"contains", "like", "in"}
_KEYWORD_VALUES: dict[str, Scalar] = {"true": True, "false": False, "null": None}


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.index = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def _advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def _is_word(self, word: str) -> bool:
        return self.current.kind == "name" and self.current.text.lower() == word

    def _fail(self, expected: str) -> ConditionError:
        token = self.current
        found = "the end of the conditions" if token.kind == "end" else repr(token.text)
        return ConditionError(f"expected {expected} at position {token.position}, found {found}")

    def parse(self) -> Node:
        if self.current.kind == "end":
            raise ConditionError("the conditions are empty")
        node = self._expression()
        if self.current.kind != "end":
            raise self._fail("'and', 'or' or the end")
        return node

    def _expression(self) -> Node:
        parts = [self._term()]
        while self._is_word("or"):
            self._advance()
            parts.append(self._term())
        return parts[0] if len(parts) == 1 else Junction("or", tuple(parts))

    def _term(self) -> Node:
        parts = [self._factor()]
        while self._is_word("and"):
            self._advance()
            parts.append(self._factor())
        return parts[0] if len(parts) == 1 else Junction("and", tuple(parts))

    def _factor(self) -> Node:
        if self.current.kind == "lparen":
            self._advance()
            node = self._expression()
            if self.current.kind != "rparen":
                raise self._fail("')'")
            self._advance()
            return node
        if self.current.kind != "name" or self.current.text.lower() in ("and", "or", "not"):
            raise self._fail("a field name or '('")
        path = tuple(self._advance().text.split("/"))
        negated, operator = self._operator()
        if operator == "in":
            return Comparison(path, operator, self._value_list(), negated)
        value = self._value()
        if operator in ("contains", "like") and not isinstance(value, str):
            raise ConditionError(f"'{operator}' needs a quoted string after {'/'.join(path)}")
        if operator in ("<", "<=", ">", ">=") and (value is None or isinstance(value, bool)):
            raise ConditionError(f"'{operator}' cannot compare {'/'.join(path)} with {value!r}")
        return Comparison(path, operator, value, negated)

    def _operator(self) -> tuple[bool, str]:
        token = self.current
        if token.kind == "op":
            self._advance()
            return False, token.text
        if token.kind == "name":
            word = token.text.lower()
            if word == "not":
                self._advance()
                follower = self.current.text.lower() if self.current.kind == "name" else ""
                if follower not in _WORD_OPERATORS:
                    raise self._fail("'contains', 'like' or 'in' after 'not'")
                self._advance()
                return True, follower
            if word in _WORD_OPERATORS:
                self._advance()
                return False, word
        raise self._fail("an operator (=, !=, <, <=, >, >=, contains, like, in, not ...)")

    def _value(self) -> Scalar:
        token = self.current
        if token.kind in ("string", "number", "datetime"):
            self._advance()
            return token.value
        if token.kind == "name" and token.text.lower() in _KEYWORD_VALUES:
            self._advance()
            return _KEYWORD_VALUES[token.text.lower()]
        raise self._fail('a value ("text", a number, [date-time], true, false or null)')

    def _value_list(self) -> tuple[Scalar, ...]:
        if self.current.kind != "lparen":
            raise self._fail("'(' to open the list after 'in'")
        self._advance()
        values = [self._value()]
        while self.current.kind == "comma":
            self._advance()
            values.append(self._value())
        if self.current.kind != "rparen":
            raise self._fail("',' or ')' in the list")
        self._advance()
        return tuple(values)


def parse(text: str) -> Node:
    """The syntax tree of a conditions string, or `ConditionError`."""
    return _Parser(text).parse()


# ---------------------------------------------------------------- evaluation


_MISSING = object()


def resolve(record: Record, path: tuple[str, ...]) -> list[Any]:
    """The values at `path`; a path crossing an array yields one value per element (childConditions)."""
    values: list[Any] = [record]
    for name in path:
        found: list[Any] = []
        for value in values:
            if isinstance(value, dict):
                found.append(value.get(name))
            elif isinstance(value, list):
                found.extend(item.get(name) for item in value if isinstance(item, dict))
        values = found
    flat: list[Any] = []
    for value in values:
        if isinstance(value, list):
            flat.extend(value)
        else:
            flat.append(value)
    return flat


def _as_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        return _parse_field_datetime(value)
    return None


@lru_cache(maxsize=4096)
def _parse_field_datetime(text: str) -> datetime | None:
    """Field dates repeat across thousands of rows; each distinct text is parsed once."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _as_number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal | int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            return None
    return None


def _normalise(field_value: Any, literal: Scalar) -> tuple[Any, Any] | None:
    """Bring a field value and a literal to one comparable type, or None if they cannot be compared."""
    if literal is None or field_value is None:
        return None
    if isinstance(literal, bool):
        return (field_value, literal) if isinstance(field_value, bool) else None
    if isinstance(literal, datetime):
        moment = _as_datetime(field_value)
        return (moment, literal) if moment is not None else None
    if isinstance(literal, Decimal):
        number = _as_number(field_value)
        return (number, literal) if number is not None else None
    if isinstance(field_value, str):
        return field_value.casefold(), literal.casefold()
    if isinstance(field_value, bool):
        return None
    number = _as_number(literal)
    if number is not None and isinstance(field_value, Decimal | int):
        return Decimal(field_value), number
    return None


_ORDERING: dict[str, Callable[[Any, Any], bool]] = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def _like_pattern(pattern: str) -> re.Pattern[str]:
    pieces = (".*" if char in "*%" else re.escape(char) for char in pattern)
    return re.compile("".join(pieces), re.IGNORECASE | re.DOTALL)


def _value_test(comparison: Comparison) -> Callable[[Any], bool]:
    """A test of one field value for a comparison (negation is applied by the caller)."""
    operator, literal = comparison.operator, comparison.value
    if operator == "contains":
        needle = str(literal).casefold()
        return lambda value: isinstance(value, str) and needle in value.casefold()
    if operator == "like":
        regex = _like_pattern(str(literal))
        return lambda value: isinstance(value, str) and regex.fullmatch(value) is not None
    if operator == "in":
        tests = [_value_test(Comparison(comparison.path, "=", item)) for item in literal]  # type: ignore[union-attr]
        return lambda value: any(test(value) for test in tests)
    if literal is None:
        if operator == "=":
            return lambda value: value is None
        if operator == "!=":
            return lambda value: value is not None
    compare = _ORDERING[operator]

    def test(value: Any) -> bool:
        pair = _normalise(value, literal)  # type: ignore[arg-type]
        if pair is None:
            return False
        try:
            return compare(*pair)
        except TypeError:
            return False

    return test


def _compile_node(node: Node, known: Callable[[tuple[str, ...]], bool]) -> Predicate:
    if isinstance(node, Junction):
        parts = [_compile_node(part, known) for part in node.parts]
        if node.operator == "and":
            return lambda record: all(part(record) for part in parts)
        return lambda record: any(part(record) for part in parts)
    if not known(node.path):
        raise ConditionError(f"unknown field {'/'.join(node.path)!r}")
    test = _value_test(node)
    path = node.path
    negated = node.negated
    if len(path) == 1:
        name = path[0]

        def single(record: Record) -> bool:
            return test(record.get(name)) != negated

        return single

    def nested(record: Record) -> bool:
        values = resolve(record, path)
        matched = any(test(value) for value in values) if values else test(None)
        return matched != negated

    return nested


def compile_conditions(text: str, known: Callable[[tuple[str, ...]], bool] = lambda _path: True) -> Predicate:
    """A predicate for `text`; `known(path)` says whether a field path exists on this resource."""
    return _compile_node(parse(text), known)


def all_paths(records: Iterable[Record]) -> set[tuple[str, ...]]:
    """Every field path present in `records`, nested objects and arrays of objects included."""
    paths: set[tuple[str, ...]] = set()

    def walk(value: Any, prefix: tuple[str, ...]) -> None:
        if isinstance(value, dict):
            for key, child in value.items():
                paths.add((*prefix, key))
                walk(child, (*prefix, key))
        elif isinstance(value, list):
            for item in value:
                walk(item, prefix)

    for record in records:
        walk(record, ())
    return paths

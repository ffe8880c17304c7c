"""The QBO query language, as the data-queries page and the reference (PART B3) describe it.

`SELECT * | count(*) FROM Entity [WHERE prop op value [AND ...]] [ORDERBY prop [ASC|DESC], ...]
[STARTPOSITION n] [MAXRESULTS m]` with operators `=, <, >, <=, >=, IN, LIKE` (`%` wildcard), no OR, no joins, no
projections. Strings are single-quoted and a quote inside is written `\\'` (a backslash as `\\\\`); a parser that got
this wrong would let a customer called O'Brien break every lookup, which is exactly what the connector's quoting is
tested against. Entity names are case-sensitive; keywords are not. Name-list entities (customers, vendors, items,
accounts, tax codes ...) answer only active records unless the query says something about `Active`, as QBO does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from tui_ledger.sandbox.quickbooks.faults import query_parse_error, query_validation_error
from tui_ledger.sandbox.quickbooks.xsd_json import XsdSchema, qbo_schema

MAX_RESULTS_LIMIT = 1000
DEFAULT_MAX_RESULTS = 100
NAME_LIST_ENTITIES = frozenset(
    {"Account", "Class", "Customer", "Department", "Employee", "Item", "TaxCode", "TaxRate", "Vendor"}
)
OPERATORS = ("<=", ">=", "=", "<", ">")

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>'(?:[^'\\]|\\.)*')
      | (?P<number>-?\d+(?:\.\d+)?)
      | (?P<op><=|>=|=|<|>)
      | (?P<punct>[(),*])
      | (?P<word>[A-Za-z_][A-Za-z0-9_.]*)
      | (?P<bad>\S)
    )""",
    re.VERBOSE,
)
_ESCAPE = re.compile(r"\\(.)")

Literal = str | Decimal | bool


@dataclass(frozen=True, slots=True)
class Token:
    kind: str
    text: str
    position: int

    @property
    def keyword(self) -> str:
        return self.text.upper() if self.kind == "word" else ""


@dataclass(frozen=True, slots=True)
class Condition:
    """`prop op value`; for IN, `values` holds every listed value."""

    prop: str
    op: str
    values: tuple[Literal, ...]


@dataclass(frozen=True, slots=True)
class Query:
    entity: str
    count_only: bool = False
    conditions: tuple[Condition, ...] = ()
    order: tuple[tuple[str, bool], ...] = ()
    start_position: int = 1
    max_results: int = DEFAULT_MAX_RESULTS

    def equal_values(self, prop: str) -> frozenset[str] | None:
        """Values `prop` must equal (from `=` or `IN`), so storage can pre-select rows by an indexed column."""
        for condition in self.conditions:
            if condition.prop == prop and condition.op in ("=", "IN"):
                return frozenset(str(value) for value in condition.values)
        return None


@dataclass(slots=True)
class QueryResult:
    entity: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    start_position: int = 1
    total_count: int | None = None

    def as_json(self) -> dict[str, Any]:
        """The `QueryResponse` object: empty when nothing matched, as QBO answers."""
        if self.total_count is not None:
            return {"totalCount": self.total_count}
        if not self.rows:
            return {}
        return {self.entity: self.rows, "startPosition": self.start_position, "maxResults": len(self.rows)}


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            break
        kind = match.lastgroup or "bad"
        if kind == "bad":
            snippet = text[match.start(kind) : match.start(kind) + 10]
            raise query_parse_error(f'Encountered " {snippet!r} " at line 1, column {match.start(kind) + 1}.')
        tokens.append(Token(kind, match.group(kind), match.start(kind)))
        position = match.end()
    if text[position:].strip():
        raise query_parse_error(f"Lexical error at line 1, column {position + 1}: unterminated string literal")
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.index = 0

    def peek(self) -> Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise query_parse_error(f'Encountered "<EOF>" at line 1, column {len(self.text) + 1}.')
        self.index += 1
        return token

    def expect_keyword(self, keyword: str) -> None:
        token = self.take()
        if token.keyword != keyword:
            raise query_parse_error(
                f'Encountered " "{token.text}" " at line 1, column {token.position + 1}. Was expecting: {keyword}'
            )

    def expect_punct(self, punct: str) -> None:
        token = self.take()
        if token.text != punct:
            raise query_parse_error(
                f'Encountered " "{token.text}" " at line 1, column {token.position + 1}. Was expecting: "{punct}"'
            )

    def integer(self) -> int:
        token = self.take()
        if token.kind != "number" or not token.text.lstrip("-").isdigit():
            raise query_parse_error(
                f'Encountered " "{token.text}" " at line 1, column {token.position + 1}. Was expecting an integer'
            )
        return int(token.text)

    def literal(self) -> Literal:
        token = self.take()
        if token.kind == "string":
            return _ESCAPE.sub(r"\1", token.text[1:-1])
        if token.kind == "number":
            return Decimal(token.text)
        if token.keyword in ("TRUE", "FALSE"):
            return token.keyword == "TRUE"
        raise query_parse_error(
            f'Encountered " "{token.text}" " at line 1, column {token.position + 1}. Was expecting a literal value'
        )

    def parse(self) -> Query:
        self.expect_keyword("SELECT")
        count_only = self._projection()
        self.expect_keyword("FROM")
        entity = self.take()
        if entity.kind != "word":
            raise query_parse_error(f'Encountered " "{entity.text}" " at line 1, column {entity.position + 1}.')
        conditions = self._where()
        order = self._order()
        start, maximum = 1, DEFAULT_MAX_RESULTS
        while (token := self.peek()) is not None:
            if token.keyword == "STARTPOSITION":
                self.take()
                start = self.integer()
            elif token.keyword == "MAXRESULTS":
                self.take()
                maximum = self.integer()
            else:
                raise query_parse_error(f'Encountered " "{token.text}" " at line 1, column {token.position + 1}.')
        return Query(entity.text, count_only, conditions, order, start, maximum)

    def _projection(self) -> bool:
        token = self.take()
        if token.text == "*":
            return False
        if token.keyword == "COUNT":
            self.expect_punct("(")
            self.expect_punct("*")
            self.expect_punct(")")
            return True
        raise query_parse_error(
            f'Encountered " "{token.text}" " at line 1, column {token.position + 1}. Was expecting: "*" or "count(*)"'
        )

    def _where(self) -> tuple[Condition, ...]:
        token = self.peek()
        if token is None or token.keyword != "WHERE":
            return ()
        self.take()
        conditions = [self._condition()]
        while (token := self.peek()) is not None and token.keyword == "AND":
            self.take()
            conditions.append(self._condition())
        if token is not None and token.keyword == "OR":
            raise query_parse_error(f'Encountered " "OR" " at line 1, column {token.position + 1}. OR is not supported')
        return tuple(conditions)

    def _condition(self) -> Condition:
        prop = self.take()
        if prop.kind != "word":
            raise query_parse_error(f'Encountered " "{prop.text}" " at line 1, column {prop.position + 1}.')
        operator = self.take()
        if operator.keyword == "IN":
            self.expect_punct("(")
            values = [self.literal()]
            while (token := self.peek()) is not None and token.text == ",":
                self.take()
                values.append(self.literal())
            self.expect_punct(")")
            return Condition(prop.text, "IN", tuple(values))
        if operator.keyword == "LIKE":
            return Condition(prop.text, "LIKE", (self.literal(),))
        if operator.kind != "op":
            raise query_parse_error(f'Encountered " "{operator.text}" " at line 1, column {operator.position + 1}.')
        return Condition(prop.text, operator.text, (self.literal(),))

    def _order(self) -> tuple[tuple[str, bool], ...]:
        token = self.peek()
        if token is None or token.keyword not in ("ORDERBY", "ORDER"):
            return ()
        self.take()
        if token.keyword == "ORDER":
            self.expect_keyword("BY")
        order: list[tuple[str, bool]] = []
        while True:
            prop = self.take()
            descending = False
            following = self.peek()
            if following is not None and following.keyword in ("ASC", "DESC"):
                descending = self.take().keyword == "DESC"
            order.append((prop.text, descending))
            following = self.peek()
            if following is None or following.text != ",":
                return tuple(order)
            self.take()


def parse_query(text: str, schema: XsdSchema | None = None) -> Query:
    """Parse and validate a query; raises the Fault QBO gives (4000 parse error, 4001 invalid query)."""
    query = _Parser(text).parse()
    _validate(query, schema or qbo_schema())
    return query


def _validate(query: Query, schema: XsdSchema) -> None:
    type_name = schema.top_elements.get(query.entity)
    if type_name is None or query.entity not in schema.substitutes.get("IntuitObject", set()):
        raise query_validation_error(f"Invalid entity name {query.entity}")
    props = [condition.prop for condition in query.conditions] + [prop for prop, _ in query.order]
    for prop in props:
        if not _is_property(schema, type_name, prop):
            raise query_validation_error(f"property '{prop}' is not queryable")
    if query.max_results > MAX_RESULTS_LIMIT or query.max_results < 1:
        raise query_validation_error(f"MAXRESULTS must be between 1 and {MAX_RESULTS_LIMIT}, not {query.max_results}")
    if query.start_position < 1:
        raise query_validation_error(f"STARTPOSITION must be 1 or more, not {query.start_position}")


def _is_property(schema: XsdSchema, type_name: str, dotted: str) -> bool:
    current = type_name
    for part in dotted.split("."):
        elements, attributes, _ = schema.members(current)
        if part in elements:
            current = elements[part].type_name
        elif part in attributes or (part == "value" and schema.simple_content_base(current)):
            current = attributes.get(part, "string")
        else:
            return False
    return True


def run_query(query: Query, rows: Iterable[Mapping[str, Any]]) -> QueryResult:
    """Filter, order and page `rows` (entity bodies) as the query says."""
    conditions = list(query.conditions)
    if query.entity in NAME_LIST_ENTITIES and not any(condition.prop == "Active" for condition in conditions):
        conditions.append(Condition("Active", "=", (True,)))
    tests = [_compile(condition) for condition in conditions]
    matched = [dict(row) for row in rows if all(test(row) for test in tests)]
    if query.count_only:
        return QueryResult(query.entity, total_count=len(matched))
    matched.sort(key=lambda row: _id_key(row.get("Id")))
    for prop, descending in reversed(query.order):
        present = [row for row in matched if _lookup(row, prop) is not None]
        absent = [row for row in matched if _lookup(row, prop) is None]
        present.sort(key=lambda row, prop=prop: _sort_key(_lookup(row, prop)), reverse=descending)
        matched = present + absent
    start = query.start_position - 1
    return QueryResult(query.entity, matched[start : start + query.max_results], query.start_position)


def _lookup(row: Mapping[str, Any], dotted: str) -> Any:
    value: Any = row
    for part in dotted.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    if isinstance(value, Mapping):
        return value.get("value")
    return value


def _compile(condition: Condition) -> Callable[[Mapping[str, Any]], bool]:
    if condition.op == "LIKE":
        pattern = str(condition.values[0])
        regex = re.compile("^" + ".*".join(re.escape(part) for part in pattern.split("%")) + "$", re.IGNORECASE | re.S)
        return lambda row: isinstance(value := _lookup(row, condition.prop), str) and bool(regex.match(value))
    if condition.op == "IN":
        return lambda row: any(_compare(_lookup(row, condition.prop), "=", wanted) for wanted in condition.values)
    wanted = condition.values[0]
    return lambda row: _compare(_lookup(row, condition.prop), condition.op, wanted)


def _compare(actual: Any, op: str, wanted: Literal) -> bool:
    if actual is None:
        return False
    if isinstance(wanted, bool):
        left: Any = actual is True if isinstance(actual, bool) else str(actual).lower() == "true"
        right: Any = wanted
        if op != "=":
            return False
    elif isinstance(wanted, Decimal):
        try:
            left, right = Decimal(str(actual)), wanted
        except InvalidOperation:
            return False
    else:
        left, right = _comparable(str(actual), wanted)
    return {
        "=": lambda: left == right,
        "<": lambda: left < right,
        ">": lambda: left > right,
        "<=": lambda: left <= right,
        ">=": lambda: left >= right,
    }[op]()


def _comparable(actual: str, wanted: str) -> tuple[Any, Any]:
    """Date-times compare as instants (offsets differ between stored and queried values); the rest as text."""
    if "T" in actual and "T" in wanted:
        try:
            left, right = _instant(actual), _instant(wanted)
        except ValueError:
            return actual, wanted
        return left, right
    return actual, wanted


def _instant(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _id_key(value: Any) -> tuple[int, str]:
    text = str(value or "")
    return (int(text), "") if text.isdigit() else (0, text)


def _sort_key(value: Any) -> tuple[int, Any]:
    if isinstance(value, bool):
        return (0, int(value))
    if isinstance(value, int | Decimal):
        return (0, Decimal(value))
    return (1, str(value).lower())

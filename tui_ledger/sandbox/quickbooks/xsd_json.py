"""Checking QuickBooks Online JSON against the official XSD, the only machine-readable QBO schema there is.

QBO's JSON is a direct rendering of its XML schema (reference PART C1): every element and every attribute of a
type becomes a JSON property of the same name, an element that may repeat becomes an array, a simple-content type
(`ReferenceType`) becomes `{"value": ..., <attributes>}`, and `IntuitObject` stands for any entity of its
substitution group (`Invoice`, `Customer`, ...). So the honest, simple check is structural: walk the JSON with the
XSD type in hand and verify that every property name exists on that type (inherited ones included), that arrays
appear exactly where the schema allows repetition, and that simple values have the schema's simple type (string,
boolean, decimal, integer, date, dateTime, enumerations). Element order and `xs:choice` exclusivity are not checked:
JSON has no order and QBO itself does not enforce choices on input.

The sandbox uses this to reject request bodies with unknown properties (QBO answers 2010 "Request has invalid or
unsupported property"), and the contract tests use it on every request the connector sends and every response it
reads. The schema files live beside this module (see xsd/SOURCES.txt) so `sandbox serve` works from a wheel.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

XS = "{http://www.w3.org/2001/XMLSchema}"
SCHEMA_DIR = Path(__file__).with_name("xsd")
SCHEMA_FILES = ("IntuitBaseTypes.xsd", "IntuitNamesTypes.xsd", "Finance.xsd", "Report.xsd", "IntuitRestServiceDef.xsd")

_INTEGER_TYPES = {"int", "integer", "long", "short", "byte", "positiveInteger", "nonNegativeInteger", "unsignedInt"}
_NUMBER_TYPES = {"decimal", "double", "float"}
_DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}([+-]\d{2}:\d{2}|Z)?")


@dataclass(frozen=True, slots=True)
class ElementDecl:
    """An element inside a complex type: its JSON property name, its type, and whether it may repeat."""

    name: str
    type_name: str
    repeats: bool


@dataclass(slots=True)
class ComplexType:
    """The parts of an `xs:complexType` that shape JSON: children, attributes, base type, simple content."""

    name: str
    base: str | None = None
    simple_content_base: str | None = None
    elements: dict[str, ElementDecl] = field(default_factory=dict)
    attributes: dict[str, str] = field(default_factory=dict)
    open_content: bool = False


@dataclass(frozen=True, slots=True)
class SimpleType:
    name: str
    builtin: str
    enumeration: frozenset[str]


@dataclass(frozen=True, slots=True)
class Violation:
    """One place where JSON disagrees with the schema; `path` is a JSON path such as `Invoice.Line[0].Amount`."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def _local(name: str) -> str:
    """Strip any namespace prefix: `xs:string` -> `string`, `IntuitObject` stays."""
    return name.rsplit(":", 1)[-1]


def _repeats(node: ET.Element, inherited: bool) -> bool:
    max_occurs = node.get("maxOccurs", "1")
    return inherited or max_occurs == "unbounded" or (max_occurs.isdigit() and int(max_occurs) > 1)


class XsdSchema:
    """The QBO schema read once from the XSD files into lookup tables keyed by type and element name."""

    def __init__(self, schema_dir: Path = SCHEMA_DIR) -> None:
        self.complex_types: dict[str, ComplexType] = {}
        self.simple_types: dict[str, SimpleType] = {}
        self.top_elements: dict[str, str] = {}
        self.substitutes: dict[str, set[str]] = {}
        self._groups: dict[str, ET.Element] = {}
        self._members: dict[str, tuple[dict[str, ElementDecl], dict[str, str], bool]] = {}
        roots = [ET.parse(schema_dir / name).getroot() for name in SCHEMA_FILES]
        for root in roots:
            for group in root.findall(f"{XS}group"):
                self._groups[group.get("name", "")] = group
        for root in roots:
            self._read_root(root)

    def _read_root(self, root: ET.Element) -> None:
        for node in root:
            name = node.get("name")
            if name is None:
                continue
            if node.tag == f"{XS}complexType":
                self.complex_types[name] = self._read_complex(name, node)
            elif node.tag == f"{XS}simpleType":
                self.simple_types[name] = self._read_simple(name, node)
            elif node.tag == f"{XS}element":
                self.top_elements[name] = _local(node.get("type", name))
                head = node.get("substitutionGroup")
                if head:
                    self.substitutes.setdefault(_local(head), set()).add(name)

    def _read_simple(self, name: str, node: ET.Element) -> SimpleType:
        restriction = node.find(f"{XS}restriction")
        if restriction is None:
            return SimpleType(name, "string", frozenset())
        values = frozenset(item.get("value", "") for item in restriction.findall(f"{XS}enumeration"))
        return SimpleType(name, _local(restriction.get("base", "xs:string")), values)

    def _read_complex(self, name: str, node: ET.Element) -> ComplexType:
        complex_type = ComplexType(name)
        self._collect(node, complex_type, repeated=False)
        return complex_type

    def _collect(self, node: ET.Element, into: ComplexType, repeated: bool) -> None:
        """Gather elements and attributes from sequences, choices, groups and extensions, at any depth."""
        for child in node:
            tag = child.tag
            if tag == f"{XS}element":
                self._add_element(child, into, repeated)
            elif tag == f"{XS}attribute":
                into.attributes[child.get("name", "")] = _local(child.get("type", "xs:string"))
            elif tag in (f"{XS}sequence", f"{XS}choice"):
                self._collect(child, into, _repeats(child, repeated))
            elif tag == f"{XS}group":
                group = self._groups[_local(child.get("ref", ""))]
                self._collect(group, into, _repeats(child, repeated))
            elif tag == f"{XS}any":
                into.open_content = True
            elif tag == f"{XS}complexContent":
                self._collect(child, into, repeated)
            elif tag == f"{XS}simpleContent":
                extension = child.find(f"{XS}extension")
                if extension is not None:
                    into.simple_content_base = _local(extension.get("base", "xs:string"))
                    self._collect(extension, into, repeated)
            elif tag == f"{XS}extension":
                into.base = _local(child.get("base", ""))
                self._collect(child, into, repeated)

    def _add_element(self, node: ET.Element, into: ComplexType, repeated: bool) -> None:
        ref = node.get("ref")
        if ref is not None:
            name = _local(ref)
            into.elements[name] = ElementDecl(name, f"@{name}", _repeats(node, repeated))
            return
        name = node.get("name", "")
        into.elements[name] = ElementDecl(name, _local(node.get("type", "xs:string")), _repeats(node, repeated))

    def members(self, type_name: str) -> tuple[dict[str, ElementDecl], dict[str, str], bool]:
        """All elements and attributes of a type including those of its bases; the flag says xs:any is allowed."""
        known = self._members.get(type_name)
        if known is None:
            known = self._members[type_name] = self._collect_members(type_name)
        return known

    def _collect_members(self, type_name: str) -> tuple[dict[str, ElementDecl], dict[str, str], bool]:
        elements: dict[str, ElementDecl] = {}
        attributes: dict[str, str] = {}
        open_content = False
        current: str | None = type_name
        while current and current in self.complex_types:
            complex_type = self.complex_types[current]
            for element_name, decl in complex_type.elements.items():
                if decl.type_name.startswith("@"):
                    for expanded in self._expand_ref(decl):
                        elements.setdefault(expanded.name, expanded)
                else:
                    elements.setdefault(element_name, decl)
            for attribute_name, attribute_type in complex_type.attributes.items():
                attributes.setdefault(attribute_name, attribute_type)
            open_content = open_content or complex_type.open_content
            current = complex_type.base
        return elements, attributes, open_content

    def _expand_ref(self, decl: ElementDecl) -> Iterator[ElementDecl]:
        """`ref="IntuitObject"` means any entity of the substitution group; other refs are the element itself."""
        head = decl.type_name[1:]
        for name in sorted(self.substitutes.get(head, set())) or [head]:
            yield ElementDecl(name, self.top_elements.get(name, name), decl.repeats)

    def simple_content_base(self, type_name: str) -> str | None:
        current: str | None = type_name
        while current and current in self.complex_types:
            if self.complex_types[current].simple_content_base:
                return self.complex_types[current].simple_content_base
            current = self.complex_types[current].base
        return None


@cache
def qbo_schema() -> XsdSchema:
    """The schema, parsed once per process (about a tenth of a second)."""
    return XsdSchema()


class JsonConformance:
    """Validates QBO JSON documents against an `XsdSchema`, collecting every violation with its path."""

    def __init__(self, schema: XsdSchema | None = None) -> None:
        self.schema = schema or qbo_schema()

    def entity(self, entity_name: str, body: Any) -> list[Violation]:
        """A request or response entity such as `Invoice` (the body of a create or update call)."""
        type_name = self.schema.top_elements.get(entity_name)
        if type_name is None:
            return [Violation(entity_name, "is not an entity of the QBO schema")]
        return list(self._value(type_name, body, entity_name))

    def response(self, body: Any) -> list[Violation]:
        """A whole response body: an `IntuitResponse` (entity, Fault, QueryResponse or BatchItemResponse + time)."""
        return list(self._value("IntuitResponse", body, "$"))

    def batch_request(self, body: Any) -> list[Violation]:
        """A `/batch` request body: an `IntuitBatchRequest`."""
        return list(self._value("IntuitBatchRequest", body, "$"))

    def _value(self, type_name: str, value: Any, path: str) -> Iterator[Violation]:
        if type_name in self.schema.complex_types:
            yield from self._complex(type_name, value, path)
        else:
            yield from self._simple(type_name, value, path)

    def _complex(self, type_name: str, value: Any, path: str) -> Iterator[Violation]:
        if not isinstance(value, Mapping):
            yield Violation(path, f"expected an object of type {type_name}, got {type(value).__name__}")
            return
        elements, attributes, open_content = self.schema.members(type_name)
        simple_base = self.schema.simple_content_base(type_name)
        for key, item in value.items():
            child_path = f"{path}.{key}"
            if key in elements:
                yield from self._element(elements[key], item, child_path)
            elif key in attributes:
                yield from self._simple(attributes[key], item, child_path)
            elif key == "value" and simple_base is not None:
                yield from self._simple(simple_base, item, child_path)
            elif not open_content:
                yield Violation(child_path, f"unknown property {key!r} for type {type_name}")

    def _element(self, decl: ElementDecl, item: Any, path: str) -> Iterator[Violation]:
        if decl.repeats:
            if not isinstance(item, list):
                yield Violation(path, f"{decl.name} repeats in the schema and must be an array")
                return
            for index, entry in enumerate(item):
                yield from self._value(decl.type_name, entry, f"{path}[{index}]")
        elif isinstance(item, list):
            yield Violation(path, f"{decl.name} occurs at most once and must not be an array")
        else:
            yield from self._value(decl.type_name, item, path)

    def _simple(self, type_name: str, value: Any, path: str) -> Iterator[Violation]:
        builtin, enumeration = self._resolve_simple(type_name)
        problem = _simple_problem(builtin, value)
        if problem:
            yield Violation(path, f"{problem} (schema type {type_name})")
        elif enumeration and str(value) not in enumeration:
            yield Violation(path, f"{value!r} is not one of {sorted(enumeration)}")

    def _resolve_simple(self, type_name: str) -> tuple[str, frozenset[str]]:
        enumeration: frozenset[str] = frozenset()
        current = type_name
        for _ in range(10):
            simple = self.schema.simple_types.get(current)
            if simple is None:
                break
            enumeration = enumeration or simple.enumeration
            current = simple.builtin
        return current, enumeration


def _simple_problem(builtin: str, value: Any) -> str | None:
    """Why `value` is not a JSON rendering of the XSD builtin type, or None when it is."""
    if builtin == "boolean":
        return None if isinstance(value, bool) else f"expected a boolean, got {value!r}"
    if isinstance(value, bool | Mapping | list) or value is None:
        return f"expected a {builtin} value, got {value!r}"
    if builtin in _INTEGER_TYPES:
        return None if isinstance(value, int) else f"expected an integer, got {value!r}"
    if builtin in _NUMBER_TYPES:
        if isinstance(value, float):
            return f"expected a decimal, got the float {value!r} (parse JSON with Decimal)"
        return None if isinstance(value, int | Decimal) else f"expected a number, got {value!r}"
    if not isinstance(value, str):
        return f"expected a string, got {value!r}"
    if builtin == "date":
        return None if _DATE_PATTERN.fullmatch(value) and _is_date(value[:10]) else f"not an xs:date: {value!r}"
    if builtin == "dateTime":
        return None if _is_datetime(value) else f"not an xs:dateTime: {value!r}"
    return None


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _is_datetime(text: str) -> bool:
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return "T" in text

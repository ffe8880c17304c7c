"""Editing config.toml from the app without destroying the user's file.

Users comment their config, group keys, keep old profiles commented out. A Settings screen that re-serialises
the whole file would throw all of that away. `ConfigDocument` keeps the tomlkit document (which remembers every
comment, blank line and key order), changes one value in place, validates the result as a whole, and only then
replaces the file atomically. A change that would make the config invalid is refused and nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import tomlkit
from tomlkit.container import Container
from tomlkit.items import AoT, Table
from tomlkit.toml_document import TOMLDocument

from tui_ledger.config.atomic import atomic_write_text
from tui_ledger.config.errors import ConfigError
from tui_ledger.config.loader import parse_document, read_document, settings_from_document
from tui_ledger.config.settings import Settings

KeyPart = str | int
KeyPath = str | Sequence[KeyPart]
TomlValue = str | int | float | bool | list[object] | dict[str, object]


class ConfigDocument:
    """One config file, editable value by value; `text` is exactly what is (or will be) on disk."""

    def __init__(self, path: Path, document: TOMLDocument) -> None:
        self.path = path
        self._document = document

    @classmethod
    def load(cls, path: Path) -> ConfigDocument:
        """The file at `path`, or an empty document when it does not exist yet (the first `set` creates it)."""
        return cls(path, read_document(path) or tomlkit.document())

    @property
    def text(self) -> str:
        return self._document.as_string()

    def settings(self) -> Settings:
        return settings_from_document(self._document, self.path)

    def get(self, key_path: KeyPath) -> object | None:
        """The plain value at the key path, or None when any part of it is absent."""
        node: object = self._document
        for part in _parts(key_path):
            node = _child(node, part)
            if node is None:
                return None
        return node.unwrap() if hasattr(node, "unwrap") else node

    def set(self, key_path: KeyPath, value: TomlValue) -> Settings:
        """Change one value (creating the tables on the way), validate the whole file, save it atomically.

        Returns the new settings. Raises `ConfigError` without touching the file when the result is invalid.
        """
        parts = _parts(key_path)
        candidate = parse_document(self.text, self.path)
        parent = _ensure_tables(candidate, parts[:-1], self.path)
        _assign(parent, parts[-1], value, self.path)
        return self._commit(candidate)

    def unset(self, key_path: KeyPath) -> Settings:
        """Remove one key (e.g. a key-binding override, back to the default); absent keys are left alone."""
        parts = _parts(key_path)
        candidate = parse_document(self.text, self.path)
        parent: object = candidate
        for part in parts[:-1]:
            parent = _child(parent, part)
            if parent is None:
                return self.settings()
        if isinstance(parent, Container | Table) and isinstance(parts[-1], str) and parts[-1] in parent:
            del parent[parts[-1]]
        return self._commit(candidate)

    def _commit(self, candidate: TOMLDocument) -> Settings:
        settings = settings_from_document(candidate, self.path)
        atomic_write_text(self.path, candidate.as_string())
        self._document = candidate
        return settings


def _parts(key_path: KeyPath) -> list[KeyPart]:
    """`"app.theme"` → `["app", "theme"]`; a sequence is taken as is (for keys with dots, such as binding ids)."""
    parts: list[KeyPart] = key_path.split(".") if isinstance(key_path, str) else list(key_path)
    if not parts or any(part == "" for part in parts):
        raise ValueError(f"not a key path: {key_path!r}")
    return parts


def _child(node: object, part: KeyPart) -> object | None:
    if isinstance(part, int):
        if isinstance(node, AoT | list) and 0 <= part < len(node):
            return node[part]
        return None
    if isinstance(node, Container | Table | dict) and part in node:
        return node[part]
    return None


def _ensure_tables(document: TOMLDocument, parts: Sequence[KeyPart], path: Path) -> Container | Table:
    """Walk to the table that will hold the value, creating missing tables (never missing array entries).

    A created table that only leads to another created table is a super table, so adding
    `profiles.acme.export.invoice_prefix` to a file writes one `[profiles.acme.export]` header, not three.
    """
    node: Container | Table | AoT = document
    for depth, part in enumerate(parts):
        child = _child(node, part)
        if child is None and isinstance(part, str) and isinstance(node, Container | Table):
            node[part] = tomlkit.table(is_super_table=depth < len(parts) - 1)
            child = node[part]
        if not isinstance(child, Container | Table | AoT):
            where = _display(parts[: depth + 1])
            problem = "does not exist" if child is None else "is a value, not a table, so it cannot hold keys"
            raise ConfigError(f"Cannot change {path}: {where} {problem}.", path=path)
        node = child
    if isinstance(node, AoT):
        raise ConfigError(f"Cannot change {path}: {_display(parts)} is an array of tables; name an entry.", path=path)
    return node


def _assign(parent: Container | Table, key: KeyPart, value: TomlValue, path: Path) -> None:
    if isinstance(key, int):
        raise ConfigError(f"Cannot change {path}: set a key inside array entry {key + 1}, not the entry.", path=path)
    parent[key] = value


def _display(parts: Sequence[KeyPart]) -> str:
    return ".".join(f"[{part + 1}]" if isinstance(part, int) else part for part in parts).replace(".[", "[")

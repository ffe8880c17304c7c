"""Reading config.toml into `Settings`: syntax, then types, then secret locations; one `ConfigError` on failure.

No file is not an error: the built-in sandbox profile is all a fresh install needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

import tomlkit
from pydantic import BaseModel, ValidationError
from tomlkit.exceptions import ParseError
from tomlkit.toml_document import TOMLDocument

from tui_ledger.config.errors import ConfigError
from tui_ledger.config.paths import AppPaths
from tui_ledger.config.secrets import SecretRef
from tui_ledger.config.settings import Settings
from tui_ledger.config.validation import describe_errors


def load_settings(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """The settings of `path` (default: the resolved config file); built-in defaults when the file is absent."""
    config_file = path if path is not None else AppPaths.resolve(environ).config_file
    document = read_document(config_file)
    if document is None:
        return Settings().from_file(None)
    return settings_from_document(document, config_file)


def read_document(path: Path) -> TOMLDocument | None:
    """The parsed file, or None when there is none; unreadable or malformed files raise `ConfigError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise ConfigError(f"Cannot read the configuration file {path}: {reason}", path=path) from None
    return parse_document(text, path)


def parse_document(text: str, path: Path) -> TOMLDocument:
    try:
        return tomlkit.parse(text)
    except ParseError as error:
        problem = f"line {error.line}, column {error.col + 1}: {_parse_reason(error)} (TOML syntax)"
        raise ConfigError.in_file(path, [problem]) from None


def settings_from_document(document: TOMLDocument, path: Path | None) -> Settings:
    """Validate a parsed document; every secret reference learns the key and file it came from."""
    data = document.unwrap()
    try:
        settings = Settings.model_validate(data)
    except ValidationError as error:
        raise ConfigError.in_file(path, describe_errors(error, Settings)) from None
    return _locate_secrets(settings, path).from_file(path)


def _parse_reason(error: ParseError) -> str:
    """tomlkit's message without its own trailing " at line L col C", which we already give in front."""
    message = str(error)
    suffix = f" at line {error.line} col {error.col}"
    return message.removesuffix(suffix)


def _locate_secrets(settings: Settings, path: Path | None) -> Settings:
    """Rebuild the settings with each `SecretRef` carrying its key path, so a missing variable names its key."""
    return cast(Settings, _locate(settings, "", path))


def _locate(value: Any, key_path: str, path: Path | None) -> Any:
    if isinstance(value, SecretRef):
        return value.located(key_path, path)
    if isinstance(value, BaseModel):
        updates = {
            name: _locate(getattr(value, name), f"{key_path}.{name}" if key_path else name, path)
            for name in type(value).model_fields
        }
        return value.model_copy(update=updates)
    if isinstance(value, dict):
        return {key: _locate(item, f"{key_path}.{key}", path) for key, item in value.items()}
    if isinstance(value, tuple):
        return tuple(_locate(item, f"{key_path}[{position}]", path) for position, item in enumerate(value, start=1))
    return value

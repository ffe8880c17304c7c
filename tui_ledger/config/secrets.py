"""Secrets in the config are references, never values.

A config file gets copied into tickets, backups and dotfile repositories; a key written in it leaks with it.
So a secret field holds `env:NAME` and the value is read from the environment when a connector needs it, or
the field is left out and the app keeps what it obtained itself (OAuth tokens) in its 0600 token file.
A literal value is refused with a message saying how to write it instead, and without echoing it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

from tui_ledger.config.errors import MissingSecretError

ENV_PREFIX = "env:"
_VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True, slots=True)
class SecretRef:
    """`env:NAME` from the config; `key_path` and `source` are filled by the loader so errors can point at it."""

    variable: str
    key_path: str = ""
    source: Path | None = None

    def __str__(self) -> str:
        return f"{ENV_PREFIX}{self.variable}"

    @classmethod
    def parse(cls, value: object) -> SecretRef:
        """Accept `env:NAME` only; every other value is refused without repeating it (it may be the secret)."""
        if isinstance(value, SecretRef):
            return value
        if isinstance(value, str) and value.startswith(ENV_PREFIX):
            variable = value.removeprefix(ENV_PREFIX).strip()
            if _VARIABLE_NAME.fullmatch(variable):
                return cls(variable)
            raise ValueError(
                'expected "env:NAME" where NAME is an environment variable name (letters, digits, underscore)'
            )
        raise ValueError(
            'a secret is never written in the config file; write "env:NAME" and set the environment variable NAME '
            "to the secret (the value given here was not accepted and is not repeated)"
        )

    def located(self, key_path: str, source: Path | None) -> SecretRef:
        return replace(self, key_path=key_path, source=source)

    def is_set(self, environ: Mapping[str, str] | None = None) -> bool:
        env = os.environ if environ is None else environ
        return bool(env.get(self.variable))

    def resolve(self, environ: Mapping[str, str] | None = None) -> str:
        """The secret's value, read now; a missing variable is a `MissingSecretError` naming it and the key."""
        env = os.environ if environ is None else environ
        value = env.get(self.variable)
        if value:
            return value
        key = self.key_path or "a secret setting"
        where = f" in {self.source}" if self.source else ""
        message = (
            f"The environment variable {self.variable} is not set (or is empty), but {key}{where} refers to it "
            f'as "{self}". Set it before starting tui-ledger, e.g. export {self.variable}=...'
        )
        raise MissingSecretError(message, path=self.source, problems=(message,))

    @classmethod
    def __get_pydantic_core_schema__(cls, source_type: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        """Validate with `parse` for every input type, so pydantic never echoes a literal secret in its error."""
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.plain_serializer_function_ser_schema(str)
        )

"""A profile as text for `config check` and the debug screen: every setting, no secret.

Secret fields show their reference and whether the variable is set (`env:CW_KEY (set)`), never a value, so the
output can be pasted into a support ticket as is.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from pydantic import BaseModel

from tui_ledger.config.profile import ProfileSettings
from tui_ledger.config.secrets import SecretRef


def describe_profile(profile: ProfileSettings, environ: Mapping[str, str] | None = None) -> list[str]:
    """Indented `key = value` lines, one per setting; secrets as references with their set/missing state."""
    env = os.environ if environ is None else environ
    kind = "sandbox (every system is the embedded sandbox)" if profile.is_sandbox else "real systems"
    lines = [f"profile {profile.name}: {kind}"]
    lines.extend(_lines(profile, "  ", env))
    return lines


def missing_secrets(profile: ProfileSettings, environ: Mapping[str, str] | None = None) -> list[SecretRef]:
    """The secret references of the profile whose environment variables are not set."""
    env = os.environ if environ is None else environ
    return [ref for ref in _secrets(profile) if not ref.is_set(env)]


def _lines(model: BaseModel, indent: str, env: Mapping[str, str]) -> list[str]:
    lines: list[str] = []
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            inner = _lines(value, indent + "  ", env)
            if inner:
                lines.extend([f"{indent}[{name}]", *inner])
        elif isinstance(value, tuple) and value and all(isinstance(item, BaseModel) for item in value):
            for position, item in enumerate(value, start=1):
                lines.append(f"{indent}[{name} {position}]")
                lines.extend(_lines(item, indent + "  ", env))
        elif value is not None and value != {} and value != ():
            lines.append(f"{indent}{name} = {_show(value, env)}")
    return lines


def _show(value: object, env: Mapping[str, str]) -> str:
    if isinstance(value, SecretRef):
        return f"{value} ({'set' if value.is_set(env) else 'NOT SET'})"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key} = {_show(item, env)}" for key, item in value.items()) + "}"
    if isinstance(value, tuple):
        return "[" + ", ".join(_show(item, env) for item in value) + "]"
    return str(value)


def _secrets(model: BaseModel) -> list[SecretRef]:
    found: list[SecretRef] = []
    for name in type(model).model_fields:
        value = getattr(model, name)
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            if isinstance(item, SecretRef):
                found.append(item)
            elif isinstance(item, BaseModel):
                found.extend(_secrets(item))
    return found

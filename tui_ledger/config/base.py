"""The common footing of every settings model: TOML types taken strictly, unknown keys refused, values frozen.

Strict scalars because TOML already has real types: `unicode = "yes"` is a mistake to report, not a string to
guess at. Unknown keys are refused because a misspelt key that is silently ignored is a setting that silently
does not apply. Each field's description says what is expected; error messages quote it.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict

PROFILE_NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


class SettingsModel(BaseModel):
    """Base of all config models."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False, validate_default=False)


def _check_profile_name(name: str) -> str:
    if not PROFILE_NAME_PATTERN.fullmatch(name):
        raise ValueError(
            f'"{name}" is not a usable profile name; expected letters, digits, "-" or "_" (it names a file)'
        )
    return name


ProfileName = Annotated[str, AfterValidator(_check_profile_name)]
"""A profile name doubles as a file name (its database), so it is restricted to safe characters."""

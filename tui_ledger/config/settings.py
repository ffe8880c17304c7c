"""The whole config file as typed settings: `[app]`, `[keys]` and `[profiles.*]`, plus the built-in sandbox.

The sandbox profile always exists, whether or not a file does, so a fresh install opens on the demo company and
a config that only sets a theme still works. Which profile opens: the one asked for (`--profile`), else
`app.profile`, else `sandbox`.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Annotated

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PrivateAttr,
    StrictBool,
    StrictStr,
    field_validator,
    model_validator,
)

from tui_ledger.config.base import ProfileName, SettingsModel
from tui_ledger.config.errors import ConfigError
from tui_ledger.config.keys import unknown_binding_ids, validate_binding_id, validate_keys
from tui_ledger.config.profile import SANDBOX_PROFILE, ProfileSettings, SandboxSettings

BindingId = Annotated[StrictStr, AfterValidator(validate_binding_id)]
KeyList = Annotated[StrictStr, BeforeValidator(validate_keys)]


class AppSettings(SettingsModel):
    """`[app]`: what the desk opens with and how it draws."""

    profile: ProfileName | None = Field(None, description="the profile opened by default (a [profiles.<name>] name)")
    theme: StrictStr | None = Field(None, description='a theme name, e.g. "tui-ledger-dark" (omit for the default)')
    unicode: StrictBool = Field(True, description="false to draw checkboxes and status marks with plain ASCII")


class Settings(SettingsModel):
    """Everything in config.toml, validated. `source` is the file it came from (None: no file, built-in only)."""

    app: AppSettings = Field(default_factory=AppSettings, description="[app] table")
    keys: dict[BindingId, KeyList] = Field(
        default_factory=dict, description='binding id = key, e.g. "export.retrieve" = "ctrl+r"'
    )
    profiles: dict[ProfileName, ProfileSettings] = Field(
        default_factory=dict, validate_default=True, description="[profiles.<name>] tables"
    )

    _source: Path | None = PrivateAttr(None)

    @property
    def source(self) -> Path | None:
        return self._source

    def from_file(self, source: Path | None) -> Settings:
        copy = self.model_copy()
        copy._source = source
        return copy

    @field_validator("profiles", mode="before")
    @classmethod
    def _sandbox_profile_is_a_sandbox(cls, profiles: object) -> object:
        """A `[profiles.sandbox]` table tunes the built-in sandbox; it can never describe real systems."""
        if not isinstance(profiles, dict) or not isinstance(profiles.get(SANDBOX_PROFILE), dict):
            return profiles
        table = profiles[SANDBOX_PROFILE]
        if "connectwise" in table or "targets" in table:
            raise ValueError(
                f'"{SANDBOX_PROFILE}" is the built-in sandbox profile and cannot describe real systems; '
                "give your profile another name, e.g. [profiles.acme]"
            )
        return {**profiles, SANDBOX_PROFILE: {"sandbox": {}, **table}}

    @field_validator("profiles", mode="after")
    @classmethod
    def _with_names_and_sandbox(cls, profiles: dict[str, ProfileSettings]) -> dict[str, ProfileSettings]:
        """Give each profile its table name, and make sure the built-in sandbox profile exists."""
        sandbox = profiles.get(SANDBOX_PROFILE) or ProfileSettings(sandbox=SandboxSettings())
        named = {name: profile.named(name) for name, profile in profiles.items() if name != SANDBOX_PROFILE}
        return {SANDBOX_PROFILE: sandbox.named(SANDBOX_PROFILE), **named}

    @model_validator(mode="after")
    def _default_profile_exists(self) -> Settings:
        if self.app.profile is not None and self.app.profile not in self.profiles:
            raise ValueError(
                f'app.profile names "{self.app.profile}", which is not defined; expected one of: '
                f"{', '.join(self.profile_names)} (or add a [profiles.{self.app.profile}] table)"
            )
        return self

    @property
    def profile_names(self) -> tuple[str, ...]:
        return tuple(self.profiles)

    def profile(self, name: str | None = None) -> ProfileSettings:
        """The profile asked for, else `app.profile`, else the sandbox; an unknown name is a `ConfigError`."""
        chosen = name or self.app.profile or SANDBOX_PROFILE
        found = self.profiles.get(chosen)
        if found is not None:
            return found
        where = f"in {self.source}" if self.source else "(there is no config file yet: run `tui-ledger config init`)"
        message = (
            f'There is no profile "{chosen}" {where}; expected one of: {", ".join(self.profile_names)}. '
            f"Add a [profiles.{chosen}] table or choose another with --profile."
        )
        raise ConfigError(message, path=self.source)

    def unknown_binding_ids(self, known_ids: Collection[str]) -> tuple[str, ...]:
        return unknown_binding_ids(self.keys, known_ids)

    def describe_unknown_bindings(self, known_ids: Collection[str]) -> str | None:
        """A warning for `[keys]` entries naming no binding, or None when all are known."""
        unknown = self.unknown_binding_ids(known_ids)
        if not unknown:
            return None
        where = self.source or "config.toml"
        listed = ", ".join(f'"{binding_id}"' for binding_id in unknown)
        return f"{where} [keys]: no key binding has the id {listed}; those overrides are ignored (see F1 for the ids)."

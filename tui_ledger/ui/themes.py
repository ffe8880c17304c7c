"""Themes are TOML files, validated before they reach Textual, so a typo is reported instead of painting nonsense.

A theme file holds `name`, optional `description`, `dark`, `ansi`, a [colors] table (Textual's base colours;
`primary` is required), a [semantic] table with the six status colours every screen relies on (ready,
error, running, posted, user-updated, system-updated) and an optional [variables] table of extra Textual
variables. The semantic colours become the CSS variables `$status-ready`, `$status-error`, ... (prefixed
so they never collide with Textual's own `$error`).

Shipped themes live in `themes/` at the repository root and inside the wheel as `tui_ledger/_themes`; the
user's own themes folder is read after them, so a user theme of the same name wins.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from textual.color import Color, ColorParseError
from textual.theme import Theme

SEMANTIC_NAMES = ("ready", "error", "running", "posted", "user-updated", "system-updated")
"""The status colours every theme must define, in the order the docs list them."""


def semantic_variable(name: str) -> str:
    """The CSS variable (without `$`) that carries a semantic colour, e.g. `status-user-updated`."""
    return f"status-{name}"


def _colour(value: str) -> str:
    try:
        Color.parse(value)
    except ColorParseError:
        raise ValueError(
            f"{value!r} is not a colour (use #RRGGBB, a colour name such as 'red', or ansi_<name>)"
        ) from None
    return value


Colour = Annotated[str, AfterValidator(_colour)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ThemeColors(_Strict):
    primary: Colour
    secondary: Colour | None = None
    accent: Colour | None = None
    warning: Colour | None = None
    error: Colour | None = None
    success: Colour | None = None
    foreground: Colour | None = None
    background: Colour | None = None
    surface: Colour | None = None
    panel: Colour | None = None
    boost: Colour | None = None


class SemanticColors(_Strict):
    ready: Colour
    error: Colour
    running: Colour
    posted: Colour
    user_updated: Colour = Field(alias="user-updated")
    system_updated: Colour = Field(alias="system-updated")

    def as_variables(self) -> dict[str, str]:
        values = self.model_dump(by_alias=True)
        return {semantic_variable(name): values[name] for name in SEMANTIC_NAMES}


class ThemeFile(_Strict):
    """The validated content of one theme file."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)
    description: str = ""
    dark: bool = True
    ansi: bool = False
    colors: ThemeColors
    semantic: SemanticColors
    variables: dict[str, str] = Field(default_factory=dict)

    def to_theme(self) -> Theme:
        return Theme(
            name=self.name,
            dark=self.dark,
            ansi=self.ansi,
            variables={**self.variables, **self.semantic.as_variables()},
            **self.colors.model_dump(),
        )


class ThemeFileError(ValueError):
    """A theme file could not be read or is not a valid theme; the message names the file and each problem."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(f"theme file {path}: " + "; ".join(problems))


def load_theme_file(path: Path) -> Theme:
    """Read and validate one theme file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ThemeFileError(path, [f"cannot be read ({error.strerror or error})"]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ThemeFileError(path, [f"is not valid TOML: {error}"]) from None
    try:
        return ThemeFile.model_validate(data).to_theme()
    except ValidationError as error:
        raise ThemeFileError(path, [_describe(problem) for problem in error.errors()]) from None


def _describe(problem: object) -> str:
    assert isinstance(problem, dict)
    where = ".".join(str(part) for part in problem.get("loc", ())) or "(file)"
    message = str(problem.get("msg", "invalid"))
    message = message.removeprefix("Value error, ")
    if problem.get("type") == "extra_forbidden":
        message = "is not a known setting"
    elif problem.get("type") == "string_pattern_mismatch":
        message = "must be lower-case letters, digits and dashes, e.g. 'my-theme'"
    return f"{where}: {message}"


@dataclass(slots=True)
class ThemeCatalog:
    """The themes that loaded, by name, and one sentence per file that did not."""

    themes: dict[str, Theme] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def load_themes(directories: Iterable[Path | None]) -> ThemeCatalog:
    """Load every `*.toml` theme in `directories`, in order (later files of the same name win).

    A missing directory is not an error (the user's themes folder usually does not exist); a broken file
    is reported in `problems` and skipped, so one bad file never keeps the desk from starting.
    """
    catalog = ThemeCatalog()
    for directory in directories:
        if directory is None or not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.toml")):
            try:
                theme = load_theme_file(path)
            except ThemeFileError as error:
                catalog.problems.append(str(error))
                continue
            catalog.themes[theme.name] = theme
    return catalog


def bundled_themes_dir(package_dir: Path | None = None) -> Path:
    """Where the shipped themes are: `tui_ledger/_themes` in a wheel install, `themes/` beside the package otherwise.

    A wheel gets the folder through pyproject's force-include; an editable install or a source checkout
    runs from the repository, where the folder sits next to the package.
    """
    package_dir = package_dir or Path(__file__).resolve().parent.parent
    packaged = package_dir / "_themes"
    if packaged.is_dir():
        return packaged
    return package_dir.parent / "themes"

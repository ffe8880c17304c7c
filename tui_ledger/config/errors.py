"""The one error type a broken configuration produces.

Whoever shows it (the app's message screen, a command's stderr) prints `user_message` and nothing else: it
names the file, the key path or the line and column, and what was expected. A traceback is never the answer
to a typo in a config file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class ConfigError(Exception):
    """A configuration problem the user can fix; `user_message` says where and how."""

    def __init__(self, user_message: str, *, path: Path | None = None, problems: Sequence[str] = ()) -> None:
        super().__init__(user_message)
        self.user_message = user_message
        self.path = path
        self.problems = tuple(problems) or (user_message,)

    @classmethod
    def in_file(cls, path: Path | None, problems: Sequence[str]) -> ConfigError:
        """One message for one or several problems of one file: a headline naming the file, a line per problem."""
        where = f"in {path}" if path else "in the built-in settings"
        if len(problems) == 1:
            message = f"Invalid configuration {where}: {problems[0]}"
        else:
            listed = "\n".join(f"  - {problem}" for problem in problems)
            message = f"Invalid configuration {where} ({len(problems)} problems):\n{listed}"
        return cls(message, path=path, problems=problems)


class MissingSecretError(ConfigError):
    """A secret reference names an environment variable that is not set."""


class TokenFileError(ConfigError):
    """A token file the app wrote earlier cannot be trusted or read."""

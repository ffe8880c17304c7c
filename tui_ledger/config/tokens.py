"""The token file: secrets the app obtained itself (OAuth tokens), kept out of the config file.

OAuth refresh tokens rotate: each refresh returns a new one and the old one stops working, so the new one must
be on disk before it is used, and a crash mid-write must not leave a torn file (the user would have to sign in
again). Each (profile, service) pair has its own JSON file of mode 0600 in a 0700 folder, replaced atomically.
A file other users can read is refused, the way ssh refuses a private key with loose permissions.
"""

from __future__ import annotations

import json
import re
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tui_ledger.config.atomic import atomic_write_text
from tui_ledger.config.errors import TokenFileError

TOKEN_FILE_MODE = 0o600
TOKEN_DIR_MODE = 0o700
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


class TokenStore:
    """`save(profile, service, tokens)` / `load(profile, service)` under one folder (AppPaths.token_dir)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def __repr__(self) -> str:
        return f"TokenStore({self.directory})"

    def path_for(self, profile: str, service: str) -> Path:
        for label, name in (("profile", profile), ("service", service)):
            if not _NAME.fullmatch(name):
                raise ValueError(f"{label} name {name!r} cannot name a token file (letters, digits, - and _ only)")
        return self.directory / f"{profile}.{service}.json"

    def save(self, profile: str, service: str, tokens: Mapping[str, Any]) -> None:
        """Replace the tokens of one service of one profile, durably and atomically, readable by the owner only."""
        path = self.path_for(profile, service)
        self.directory.mkdir(parents=True, exist_ok=True, mode=TOKEN_DIR_MODE)
        self.directory.chmod(TOKEN_DIR_MODE)
        atomic_write_text(path, json.dumps(dict(tokens), indent=2, sort_keys=True), mode=TOKEN_FILE_MODE)

    def load(self, profile: str, service: str) -> dict[str, Any] | None:
        """The saved tokens, or None when none were saved; a loose or damaged file is a `TokenFileError`."""
        path = self.path_for(profile, service)
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            return None
        if mode & 0o077:
            raise TokenFileError(
                f"The token file {path} can be read by other users (mode {mode:04o}); tui-ledger will not use it. "
                f"Run `chmod 600 {path}`, or delete it and sign in again.",
                path=path,
            )
        try:
            tokens = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise TokenFileError(
                f"The token file {path} cannot be read ({type(error).__name__}); delete it and sign in again.",
                path=path,
            ) from None
        if not isinstance(tokens, dict):
            raise TokenFileError(f"The token file {path} does not hold a JSON object; delete it and sign in again.")
        return tokens

    def delete(self, profile: str, service: str) -> bool:
        """Forget the tokens (sign out); True when there was something to forget."""
        path = self.path_for(profile, service)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        return True

"""Replacing a file so that a reader sees the old version or the new one, never half of either.

OAuth refresh tokens rotate: the old one dies the moment a new one is issued, so a token file torn by a crash
locks the user out. Config edits from the app must not leave a truncated config either. Both write a temporary
file in the same folder, fsync it, then `os.replace` it over the target and fsync the folder.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def atomic_write_text(path: Path, text: str, *, mode: int | None = None) -> None:
    """Write `text` to `path` atomically; `mode` None keeps the existing file's mode (0644-ish for a new one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    file_mode = _mode_to_use(path, mode)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            os.fchmod(handle.fileno(), file_mode)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_directory(path.parent)


def _mode_to_use(path: Path, mode: int | None) -> int:
    if mode is not None:
        return mode
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        current_umask = os.umask(0)
        os.umask(current_umask)
        return 0o666 & ~current_umask


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable; some file systems do not allow opening a folder, which is fine."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        return
    finally:
        os.close(descriptor)

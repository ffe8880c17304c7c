"""One export at a time per profile: an OS file lock, with who holds it written inside for the second comer.

Two runs of one profile (a cron export and a person in the app) would look up and create the same documents at
the same moment, and only the journal of one of them would know. `flock` is released by the kernel when the
holder dies, even by SIGKILL, so a crashed run never leaves a stale lock behind; the pid and start time in the
file are only there to say who is exporting and since when.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import IO

from tui_ledger.domain.clock import Clock, SystemClock

LOCKS_FOLDER = "locks"


@dataclass(frozen=True, slots=True)
class LockHolder:
    pid: int
    host: str
    purpose: str
    since: datetime

    def describe(self) -> str:
        when = self.since.strftime("%Y-%m-%d %H:%M:%S %Z").strip()
        return f"{self.purpose} (process {self.pid} on {self.host}) since {when}"


class ExportLocked(Exception):
    """Another process is exporting this profile; `holder` says who, when it could be read."""

    def __init__(self, profile: str, holder: LockHolder | None) -> None:
        self.profile = profile
        self.holder = holder
        who = holder.describe() if holder else "another process"
        super().__init__(
            f"Profile {profile!r} is being exported by {who}. Wait until it finishes, then try again; "
            "tui-ledger never runs two exports of one profile at once."
        )


def lock_path(data_dir: Path, profile: str) -> Path:
    return data_dir / LOCKS_FOLDER / f"export-{profile}.lock"


class ExportLock:
    """`with ExportLock(data_dir, profile, "tui-ledger export"):` — raises `ExportLocked` when held elsewhere."""

    def __init__(self, data_dir: Path, profile: str, purpose: str, clock: Clock | None = None) -> None:
        self.path = lock_path(data_dir, profile)
        self.profile = profile
        self.purpose = purpose
        self._clock = clock or SystemClock()
        self._file: IO[str] | None = None

    @property
    def held(self) -> bool:
        return self._file is not None

    def acquire(self) -> None:
        if self._file is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held open for the lock's lifetime
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = read_holder(self.path)
            handle.close()
            raise ExportLocked(self.profile, holder) from None
        except BaseException:
            handle.close()
            raise
        handle.seek(0)
        handle.truncate()
        holder = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "purpose": self.purpose,
            "since": self._clock.now().isoformat(),
        }
        handle.write(json.dumps(holder))
        handle.flush()
        self._file = handle

    def release(self) -> None:
        handle, self._file = self._file, None
        if handle is None:
            return
        try:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        finally:
            handle.close()

    def __enter__(self) -> ExportLock:
        self.acquire()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.release()


def read_holder(path: Path) -> LockHolder | None:
    """Who wrote the lock file last, or None when it says nothing readable (being written, or from a crash)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LockHolder(
            pid=int(data["pid"]),
            host=str(data["host"]),
            purpose=str(data["purpose"]),
            since=datetime.fromisoformat(str(data["since"])),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None

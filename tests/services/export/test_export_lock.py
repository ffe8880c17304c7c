"""One export per profile at a time: the second comer is told who holds the lock and since when."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui_ledger.services.export import ExportLock, ExportLocked

HOLDER_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from tui_ledger.services.export import ExportLock
    lock = ExportLock(Path(sys.argv[1]), "acme", "tui-ledger export (cron)")
    lock.acquire()
    print("held", flush=True)
    time.sleep(60)
    """
)


class StoppedClock:
    def monotonic(self) -> float:
        return 0.0

    def now(self) -> datetime:
        return datetime(2026, 1, 31, 23, 5, tzinfo=UTC)

    async def sleep(self, seconds: float) -> None:
        return None


def test_a_second_export_of_the_profile_is_refused_with_who_and_since_when(tmp_path: Path) -> None:
    with ExportLock(tmp_path, "acme", "the tui-ledger app", StoppedClock()), pytest.raises(ExportLocked) as refused:
        ExportLock(tmp_path, "acme", "tui-ledger export").acquire()

    message = str(refused.value)
    assert "Profile 'acme' is being exported by the tui-ledger app (process" in message
    assert "since 2026-01-31 23:05:00 UTC" in message
    assert refused.value.holder is not None
    assert refused.value.holder.purpose == "the tui-ledger app"


def test_the_lock_is_free_again_after_release_and_other_profiles_are_never_blocked(tmp_path: Path) -> None:
    first = ExportLock(tmp_path, "acme", "run one")
    first.acquire()
    ExportLock(tmp_path, "globex", "another profile").acquire()
    first.release()

    second = ExportLock(tmp_path, "acme", "run two")
    second.acquire()
    assert second.held
    second.release()


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER_SCRIPT, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(ExportLocked, match=rf"tui-ledger export \(cron\) \(process {holder.pid} on"):
            ExportLock(tmp_path, "acme", "the app").acquire()
    finally:
        holder.kill()
        holder.wait()

    after = ExportLock(tmp_path, "acme", "the app")
    after.acquire()
    assert after.held
    after.release()

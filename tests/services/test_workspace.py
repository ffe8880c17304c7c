"""A workspace closes everything it holds, even when one close fails, and keeps secrets out of its repr."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.fakes import MemoryPsa
from tui_ledger.services.workspace import UiPreferences, Workspace, WorkspacePaths


def workspace(psa: MemoryPsa, closers: list) -> Workspace:
    return Workspace(
        profile="acme",
        is_sandbox=False,
        psa=psa,
        connected_systems=("ConnectWise",),
        target_companies=(),
        preferences=UiPreferences(),
        paths=WorkspacePaths(config_file=None, data_dir=Path("/data")),
        details={"private key": "s3cr3t"},
        closers=closers,
    )


async def test_the_reader_then_the_other_resources_close_in_reverse_order() -> None:
    closed: list[str] = []
    psa = MemoryPsa()

    async def close(name: str) -> None:
        closed.append(name)

    await workspace(psa, [lambda: close("store"), lambda: close("sandbox")]).aclose()

    assert psa.closed
    assert closed == ["sandbox", "store"]


async def test_a_failing_close_does_not_stop_the_others_and_is_raised_after() -> None:
    closed: list[str] = []

    async def broken() -> None:
        raise OSError("disk gone")

    async def store() -> None:
        closed.append("store")

    with pytest.raises(OSError, match="disk gone"):
        await workspace(MemoryPsa(), [store, broken]).aclose()
    assert closed == ["store"]


def test_details_stay_out_of_the_repr() -> None:
    assert "s3cr3t" not in repr(workspace(MemoryPsa(), []))

"""The embedded sandbox of a sandbox profile: its hub, seeded with the demo company on first use."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui_ledger.config import AppPaths, ProfileSettings
    from tui_ledger.sandbox.hub import SandboxHub


def sandbox_hub(profile: ProfileSettings, paths: AppPaths, today: date | None = None) -> SandboxHub:
    """One hub per open profile: every connector of the profile rides on it and shares its clock."""
    from tui_ledger.sandbox.hub import SandboxHub
    from tui_ledger.sandbox.knobs import SandboxKnobs

    settings = profile.sandbox
    if settings is None:
        raise ValueError(f"profile {profile.name!r} is not a sandbox profile")
    knobs = SandboxKnobs(
        latency_ms=settings.latency_ms,
        fault_rate=settings.fault_rate,
        clock_speedup=settings.clock_speedup,
    )
    hub = SandboxHub(paths.sandbox_dir, knobs)
    hub.ensure_seeded(anchor=today or date.today(), seed=settings.seed, scale=settings.scale)
    return hub

"""The dials of the sandbox: latency, faults, rate limits and the clock speed-up.

The same knobs are set from `tui-ledger sandbox serve` options, from the sandbox profile's settings, and by
tests and benchmarks that want a slow, flaky or fast world.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FAULT_KINDS = ("5xx", "timeout", "reset", "429")


@dataclass(frozen=True, slots=True)
class SandboxKnobs:
    """`fault_rate` is the share of requests (0..1) that meet one of `fault_kinds`, chosen at random."""

    latency_ms: float = 0.0
    fault_rate: float = 0.0
    fault_kinds: tuple[str, ...] = FAULT_KINDS
    clock_speedup: float = 1.0
    rate_limits: bool = True
    random_seed: int = 7
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 0.0 <= self.fault_rate <= 1.0:
            raise ValueError(f"fault rate must be between 0 and 1, not {self.fault_rate}")
        if self.latency_ms < 0:
            raise ValueError(f"latency must not be negative, not {self.latency_ms}")
        if self.clock_speedup <= 0:
            raise ValueError(f"clock speed-up must be positive, not {self.clock_speedup}")
        unknown = set(self.fault_kinds) - set(FAULT_KINDS)
        if unknown:
            raise ValueError(f"unknown fault kinds {sorted(unknown)}; known: {', '.join(FAULT_KINDS)}")

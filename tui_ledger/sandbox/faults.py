"""Deciding which request meets which fault, reproducibly.

A seeded generator makes a chaos run repeatable. Where a fault happens matters as much as which: a timeout
or reset *after* the service applied a write is the case that creates duplicates in naive clients, so the
plan says whether the app saw the request before the client lost the answer.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass
from enum import StrEnum

from tui_ledger.sandbox.knobs import SandboxKnobs


class FaultKind(StrEnum):
    SERVER_ERROR = "5xx"
    TIMEOUT = "timeout"
    RESET = "reset"
    TOO_MANY_REQUESTS = "429"


@dataclass(frozen=True, slots=True)
class Fault:
    kind: FaultKind
    after_processing: bool
    """True: the service applied the request and only the answer was lost (timeouts and resets only)."""
    status: int = 503


class FaultPlan:
    """Draws faults for requests at the knobs' rate; thread-safe because `serve` may use several threads."""

    def __init__(self, knobs: SandboxKnobs) -> None:
        self._rate = knobs.fault_rate
        self._kinds = [FaultKind(kind) for kind in knobs.fault_kinds]
        self._random = random.Random(knobs.random_seed)
        self._lock = threading.Lock()

    def draw(self) -> Fault | None:
        if self._rate <= 0 or not self._kinds:
            return None
        with self._lock:
            if self._random.random() >= self._rate:
                return None
            kind = self._random.choice(self._kinds)
            after = kind in (FaultKind.TIMEOUT, FaultKind.RESET) and self._random.random() < 0.5
            status = self._random.choice((500, 502, 503, 504)) if kind is FaultKind.SERVER_ERROR else 429
        return Fault(kind=kind, after_processing=after, status=status)

"""QuickBooks Online's throttles per company (realm), with the real numbers (reference PART B7).

500 requests a minute (batch calls included), 40 batch calls a minute, at most 10 requests in flight. Windows
run on the sandbox clock, so at speed-up 60 a minute lasts one real second. A refused request is not counted,
and a call is counted when it arrives, before the service works on it, as a gateway would.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui_ledger.domain.clock import Clock
from tui_ledger.sandbox.ratelimit import InFlightGate, SlidingWindow

REQUESTS_PER_MINUTE = 500
BATCH_CALLS_PER_MINUTE = 40
MAX_IN_FLIGHT = 10
MINUTE = 60.0


@dataclass
class _RealmThrottle:
    minute: SlidingWindow
    batch: SlidingWindow
    in_flight: InFlightGate = field(default_factory=lambda: InFlightGate(MAX_IN_FLIGHT))


class QboThrottle:
    """Admits or refuses requests per realm; `refused` counts 429s answered, for benchmarks to cross-check."""

    def __init__(self, clock: Clock, enabled: bool = True) -> None:
        self._clock = clock
        self.enabled = enabled
        self._realms: dict[str, _RealmThrottle] = {}
        self.refused = 0

    def _realm(self, realm_id: str) -> _RealmThrottle:
        throttle = self._realms.get(realm_id)
        if throttle is None:
            throttle = _RealmThrottle(
                minute=SlidingWindow(REQUESTS_PER_MINUTE, MINUTE, self._clock),
                batch=SlidingWindow(BATCH_CALLS_PER_MINUTE, MINUTE, self._clock),
            )
            self._realms[realm_id] = throttle
        return throttle

    def admit(self, realm_id: str, is_batch: bool) -> bool:
        """Take a place for one request; False means answer 429. Call `release` when an admitted request ends."""
        if not self.enabled:
            return True
        throttle = self._realm(realm_id)
        if not throttle.in_flight.try_enter():
            self.refused += 1
            return False
        if (is_batch and throttle.batch.remaining() == 0) or not throttle.minute.try_acquire():
            throttle.in_flight.leave()
            self.refused += 1
            return False
        if is_batch:
            throttle.batch.try_acquire()
        return True

    def release(self, realm_id: str) -> None:
        if self.enabled:
            self._realm(realm_id).in_flight.leave()

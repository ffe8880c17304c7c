"""Creating a record exactly once when an answer can be lost.

A POST that creates is not idempotent: if the request reached ConnectWise but the answer did not reach us
(a reset, a timeout, a gateway error), sending it again makes a second record. The outcome is unknown, so it
is found out, never guessed: the record is looked up by the stable key the create gave it, and sent again
only when the look-up proves it is absent. A second unknown outcome is reported, not retried further.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from tui_ledger.connectors.errors import ServiceUnavailable, Unreachable

T = TypeVar("T")

CREATE_ATTEMPTS = 2
"""A create is sent at most this often, the second time only after a look-up found nothing."""

UNKNOWN_OUTCOMES = (Unreachable, ServiceUnavailable)
"""Failures after which the service may or may not have applied the request."""

log = logging.getLogger("tui_ledger.connectors.connectwise")


async def create_exactly_once(
    send: Callable[[], Awaitable[T]],
    look_up: Callable[[], Awaitable[T | None]],
    what: str,
) -> T:
    """`send()` the create; after an unknown outcome return what `look_up()` finds, or send once more."""
    for attempt in range(1, CREATE_ATTEMPTS + 1):
        try:
            return await send()
        except UNKNOWN_OUTCOMES as lost:
            found = await look_up()
            if found is not None:
                log.warning("%s was created although the answer was lost (%s)", what, type(lost).__name__)
                return found
            if attempt == CREATE_ATTEMPTS:
                raise
            log.warning("%s was not created (%s); sending it once more", what, type(lost).__name__)
    raise AssertionError("unreachable: the last attempt returns or raises")

"""Running a stream of calls a few at a time and handing back each answer as it arrives.

Creating 3,000 invoices is 60 calls of 50; Xero allows 5 in flight, so five run at once and each answer is
yielded the moment it lands (the export journals target ids at once). If the consumer stops, or a call fails,
the calls still running are cancelled; answers that had already arrived are yielded before the failure is raised,
so no created document goes unrecorded.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


async def as_completed_bounded(calls: Iterable[Callable[[], Awaitable[T]]], limit: int) -> AsyncIterator[T]:
    """Run `calls` with at most `limit` at once; yield results in completion order."""
    if limit < 1:
        raise ValueError("at least one call must run at a time")
    waiting = iter(calls)
    running: set[asyncio.Task[T]] = set()

    def start_next() -> None:
        call = next(waiting, None)
        if call is not None:
            running.add(asyncio.ensure_future(call()))

    try:
        for _ in range(limit):
            start_next()
        while running:
            done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            running.difference_update(done)
            failures = [task.exception() for task in done if task.exception() is not None]
            for task in done:
                if task.exception() is None:
                    yield task.result()
            if failures:
                raise failures[0]  # type: ignore[misc]
            for _ in done:
                start_next()
    finally:
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)

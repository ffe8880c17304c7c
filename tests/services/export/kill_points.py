"""Stopping a run at an exact point, as a crash would: the connectors under test, wrapped to hang at a chosen call.

A wrapped call trips the switch and then never returns; the test cancels the run there. What the journal holds at
that instant is what a SIGKILL at the same await would leave (every journal write is a synchronous transaction,
so there is nothing in between). `after=True` lets the real call reach the service first: the dangerous case,
where the service applied the write and the answer is lost.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from typing import Any

from tui_ledger.connectors.accounting import AccountingConnector, ChunkOutcome
from tui_ledger.connectors.connectwise.batches import GlBatch
from tui_ledger.domain.accounting import (
    ContactDraft,
    DocumentDraft,
    DocumentType,
    ElementResult,
    PartyRole,
    RemoteDocument,
)
from tui_ledger.services.export.context import GlBatchWriter

WAIT_SECONDS = 30.0


class KillSwitch:
    def __init__(self) -> None:
        self.tripped = asyncio.Event()

    async def trip(self) -> None:
        self.tripped.set()
        await asyncio.Event().wait()

    async def wait(self, task: asyncio.Task[Any]) -> None:
        """Wait until the switch trips, then kill the run there (and make sure it is gone)."""
        tripped = asyncio.ensure_future(self.tripped.wait())
        await asyncio.wait({tripped, task}, timeout=WAIT_SECONDS, return_when=asyncio.FIRST_COMPLETED)
        if not self.tripped.is_set():
            tripped.cancel()
            raise AssertionError(f"the run ended before the kill point: {task.result() if task.done() else task}")
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


class KillingConnector:
    """The real accounting connector, except that one kind of call trips the switch: creating documents (the
    default), creating contacts of one role (`contacts`), or looking documents up (`lookups`)."""

    def __init__(
        self,
        inner: AccountingConnector,
        switch: KillSwitch,
        *,
        after: bool,
        contacts: PartyRole | None = None,
        lookups: bool = False,
    ) -> None:
        self.inner = inner
        self.switch = switch
        self.after = after
        self.contacts = contacts
        self.lookups = lookups

    async def find_documents(self, document_type: DocumentType, numbers: Sequence[str]) -> list[RemoteDocument]:
        if self.lookups:
            await self.switch.trip()
        return await self.inner.find_documents(document_type, numbers)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def create_documents(self, drafts: Sequence[DocumentDraft]) -> AsyncIterator[ChunkOutcome]:
        if self.contacts is not None or self.lookups:
            async for outcome in self.inner.create_documents(drafts):
                yield outcome
            return
        if not self.after:
            await self.switch.trip()
        async for _ in self.inner.create_documents(drafts):
            pass
        await self.switch.trip()
        yield ChunkOutcome(0, ())

    async def create_contacts(self, drafts: Sequence[ContactDraft]) -> list[ElementResult]:
        if self.contacts is None or drafts[0].role is not self.contacts:
            return await self.inner.create_contacts(drafts)
        if not self.after:
            await self.switch.trip()
        await self.inner.create_contacts(drafts)
        await self.switch.trip()
        return []


class KillingBatches:
    """ConnectWise's batch calls, except that creating a batch trips the switch (before or after it is made)."""

    def __init__(self, inner: GlBatchWriter, switch: KillSwitch, *, after: bool) -> None:
        self.inner = inner
        self.switch = switch
        self.after = after

    async def create_batch(self, identifier: str, gl_entry_ids: Sequence[int], **flags: Any) -> GlBatch:
        if not self.after:
            await self.switch.trip()
        batch = await self.inner.create_batch(identifier, gl_entry_ids, **flags)
        await self.switch.trip()
        return batch

    async def find_batch(self, identifier: str) -> GlBatch | None:
        return await self.inner.find_batch(identifier)

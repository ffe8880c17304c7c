"""Why tui-ledger will not do something to a batch, and what the user can do instead.

A refusal is an answer, not an error: the screen shows the reason and one key per alternative, and the
headless command prints the same and exits 1. Reasons name the batch and the records so the user can act
in ConnectWise without searching again.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tui_ledger.domain.batches.records import Batch


class Alternative(StrEnum):
    DELETE_WHOLE_BATCH = "delete_whole_batch"
    UNBATCH_IN_CONNECTWISE = "unbatch_in_connectwise"
    REBATCH_IN_CONNECTWISE = "rebatch_in_connectwise"
    SEND_THROUGH_EXPORT = "send_through_export"

    @property
    def title(self) -> str:
        return {
            Alternative.DELETE_WHOLE_BATCH: "delete the whole batch here (every record returns to unposted)",
            Alternative.UNBATCH_IN_CONNECTWISE: "unbatch the record in ConnectWise itself (MORE > Unbatch)",
            Alternative.REBATCH_IN_CONNECTWISE: "rebatch the record in ConnectWise itself (MORE > Rebatch)",
            Alternative.SEND_THROUGH_EXPORT: "send the record through the export in a new batch",
        }[self]


@dataclass(frozen=True, slots=True)
class Refusal:
    reason: str
    alternatives: tuple[Alternative, ...] = ()

    @property
    def text(self) -> str:
        if not self.alternatives:
            return self.reason
        choices = "; or ".join(alternative.title for alternative in self.alternatives)
        return f"{self.reason} Instead: {choices}."


def closed_batch_refusal(batch: Batch) -> Refusal:
    """Seed 000: closing is irreversible; there is no API to reopen, and tui-ledger never offers to close."""
    return Refusal(
        f"Batch {batch.identifier!r} is closed. Closing a batch in ConnectWise is irreversible: its records stay "
        "posted, ConnectWise's API can neither delete nor unbatch anything in it, and only ConnectWise consulting "
        "can restore it. tui-ledger shows it read-only."
    )

"""ConnectWise PSA (Manage): the read path the Export screen uses and the GL batch calls, on the shared base.

Open one with `ConnectWiseReader.open(settings, clock=..., transport=...)`; it implements `PsaReader`
(tui_ledger/connectors/ports.py) and carries `batches` (`ConnectWiseBatches`) on the same client.
"""

from __future__ import annotations

from tui_ledger.connectors.connectwise.batches import (
    BatchEntryKind,
    ConnectWiseBatches,
    GlBatch,
    GlBatchEntry,
    PurchaseOrderActionRefused,
)
from tui_ledger.connectors.connectwise.conditions import Condition, all_of, field
from tui_ledger.connectors.connectwise.connection import SystemInfo
from tui_ledger.connectors.connectwise.reader import ConnectWiseReader
from tui_ledger.connectors.connectwise.settings import API_VERSION, ConnectWiseSettings

__all__ = [
    "API_VERSION",
    "BatchEntryKind",
    "Condition",
    "ConnectWiseBatches",
    "ConnectWiseReader",
    "ConnectWiseSettings",
    "GlBatch",
    "GlBatchEntry",
    "PurchaseOrderActionRefused",
    "SystemInfo",
    "all_of",
    "field",
]

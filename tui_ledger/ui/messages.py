"""Messages the App's workers send to screens.

Progress messages replace each other in the queue (as in toolong): a screen that is busy for a moment only
draws the newest state of each task, never a backlog.
"""

from __future__ import annotations

from textual.message import Message

from tui_ledger.services.progress import Progress


class ProgressReported(Message, bubble=False):
    """A long task moved on; `progress.task` names which part (e.g. "Invoices")."""

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ProgressReported) and message.progress.task == self.progress.task

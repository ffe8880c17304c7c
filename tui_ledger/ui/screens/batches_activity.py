"""What the batch desk is doing and how each action ended, for the Batches and Reconcile screens.

The services report each change as a `Step` (deleting a batch, voiding a copy) and counted reading as `Progress`
(batches scanned by a search, read by reconcile). `EventRouter` is the desk's one sink: it hands each event, as a
message, to whichever screen is in front, so a desk opened once serves both screens. `ActivityLine` shows the
running step, then the outcome — done, refused with the reason, or failed with the message and what had already
happened — until the next action: an outcome is never only a toast that vanishes.
"""

from __future__ import annotations

from textual.message import Message
from textual.message_pump import MessagePump
from textual.widgets import Static

from tui_ledger.services.batches import ActionOutcome, BatchEvent, OutcomeStatus
from tui_ledger.ui.glyphs import Glyphs


class BatchEventReported(Message, bubble=False):
    """A step or a progress count of the running batch action."""

    def __init__(self, event: BatchEvent) -> None:
        super().__init__()
        self.event = event


class EventRouter:
    """The desk's event sink; `target` is the screen that shows the events now (None: nobody follows)."""

    def __init__(self) -> None:
        self.target: MessagePump | None = None

    def __call__(self, event: BatchEvent) -> None:
        if self.target is not None:
            self.target.post_message(BatchEventReported(event))


TONE_OF = {OutcomeStatus.DONE: "-done", OutcomeStatus.REFUSED: "-refused", OutcomeStatus.FAILED: "-failed"}
TONES = ("-done", "-refused", "-failed", "-running", "-note")


def outcome_text(outcome: ActionOutcome, glyphs: Glyphs) -> str:
    """`✔ Unbatched invoice 5009: …` / `✘ Refused: …` / `! Failed: …`, the warnings on their own lines."""
    if outcome.status is OutcomeStatus.DONE:
        head = f"{glyphs.ready} {outcome.message}"
    elif outcome.status is OutcomeStatus.REFUSED:
        reason = outcome.refusal.text if outcome.refusal is not None else outcome.message
        head = f"{glyphs.error} Refused: {reason}"
    else:
        head = f"{glyphs.error} Failed: {outcome.message}"
    extra = [warning for warning in outcome.warnings if warning not in outcome.message]
    return "\n".join([head, *(f"  {glyphs.arrow} {warning}" for warning in extra)])


class ActivityLine(Static):
    """The running step or the last outcome, in the tone of how it went; hidden before the first action."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.display = False

    def _show(self, text: str, tone: str) -> None:
        self.remove_class(*TONES)
        self.add_class(tone)
        self.update(text)
        self.display = True

    def running(self, text: str, glyphs: Glyphs) -> None:
        self._show(f"{glyphs.running} {text}", "-running")

    def outcome(self, outcome: ActionOutcome, glyphs: Glyphs) -> None:
        self._show(outcome_text(outcome, glyphs), TONE_OF[outcome.status])

    def clear(self) -> None:
        self.update("")
        self.display = False

    def note(self, text: str, *, problem: bool = False) -> None:
        self._show(text, "-refused" if problem else "-note")

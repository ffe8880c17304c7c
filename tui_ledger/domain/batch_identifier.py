"""GL batch identifiers in the form of seed 000: one batch per document.

`I508:K3J9QX2A` is invoice 508, `E4351bbastine:…` expense 4351 of member bbastine, `P984:…` purchase order 984.
The part before the colon, without its letter, is exactly the number the document carries in the accounting
package, so a user holding a batch label finds the document there. ConnectWise allows at most 50 characters.

One batch per document is what makes "unbatch this invoice" possible through the API at all: invoices and
expenses cannot be unbatched individually, only whole batches deleted (DESIGN.md §3).
"""

from __future__ import annotations

import re
import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass

from tui_ledger.domain.documents import DocumentKind

MAX_LENGTH = 50
RANDOM_LENGTH = 8
MIN_RANDOM_LENGTH = 4
RANDOM_ALPHABET = string.ascii_uppercase + string.digits

_PREFIX_LETTER = {DocumentKind.INVOICE: "I", DocumentKind.EXPENSE: "E", DocumentKind.PROCUREMENT: "P"}
_KIND_OF_LETTER = {letter: kind for kind, letter in _PREFIX_LETTER.items()}
_EXPENSE_LABEL = re.compile(r"(?P<number>\d+)(?P<member>\D.*)")


class BatchIdentifierError(ValueError):
    """A batch identifier cannot be built or is not in the seed-000 form."""


def random_suffix(length: int = RANDOM_LENGTH) -> str:
    return "".join(secrets.choice(RANDOM_ALPHABET) for _ in range(length))


@dataclass(frozen=True, slots=True)
class BatchIdentifier:
    """A parsed or freshly built seed-000 batch identifier."""

    kind: DocumentKind
    number: str
    member: str | None
    suffix: str

    @property
    def label(self) -> str:
        """`I508`, `E4351bbastine`, `P984`: the part before the colon."""
        return f"{_PREFIX_LETTER[self.kind]}{self.document_number}"

    @property
    def document_number(self) -> str:
        """The number to search for in the accounting package (the label without its letter)."""
        return f"{self.number}{self.member or ''}"

    def __str__(self) -> str:
        return f"{self.label}:{self.suffix}"

    @classmethod
    def build(
        cls,
        kind: DocumentKind,
        number: str,
        member: str | None = None,
        random: Callable[[int], str] = random_suffix,
    ) -> BatchIdentifier:
        """Build a new identifier, shortening the random part (never below 4 characters) to fit 50."""
        number = number.strip()
        if not number:
            raise BatchIdentifierError("a batch identifier needs the document number")
        if ":" in number or (member and ":" in member):
            raise BatchIdentifierError(f"document number {number!r} contains ':', which separates the label")
        if kind is DocumentKind.EXPENSE:
            if not member or not member.strip():
                raise BatchIdentifierError(f"expense {number} needs its member identifier for a batch label")
            if not number.isdigit():
                raise BatchIdentifierError(f"expense number {number!r} must be digits")
            member = member.strip()
        elif member:
            raise BatchIdentifierError(f"only expenses carry a member in the batch label, not {kind.value}s")
        label_length = 1 + len(number) + len(member or "") + 1
        room = MAX_LENGTH - label_length
        if room < MIN_RANDOM_LENGTH:
            raise BatchIdentifierError(
                f"{kind.value} number {number!r} is too long for a {MAX_LENGTH}-character GL batch identifier"
            )
        return cls(kind=kind, number=number, member=member, suffix=random(min(RANDOM_LENGTH, room)))

    @classmethod
    def parse(cls, text: str) -> BatchIdentifier:
        """Read an identifier such as `E4351bbastine:Q7X2`. Raises for anything not in the seed-000 form."""
        if len(text) > MAX_LENGTH:
            raise BatchIdentifierError(f"{text!r} is longer than {MAX_LENGTH} characters")
        label, colon, suffix = text.rpartition(":")
        if not colon or not label or not suffix:
            raise BatchIdentifierError(f"{text!r} is not of the form <letter><number>:<random>")
        kind = _KIND_OF_LETTER.get(label[0])
        rest = label[1:]
        if kind is None or not rest:
            raise BatchIdentifierError(f"{text!r} does not start with I, E or P and a number")
        if kind is DocumentKind.EXPENSE:
            match = _EXPENSE_LABEL.fullmatch(rest)
            if match is None:
                raise BatchIdentifierError(f"{text!r}: an expense label is E<number><member>")
            return cls(kind=kind, number=match["number"], member=match["member"], suffix=suffix)
        return cls(kind=kind, number=rest, member=None, suffix=suffix)

    @classmethod
    def try_parse(cls, text: str) -> BatchIdentifier | None:
        """Parse, or None for a batch made by another tool (those are shown as they are)."""
        try:
            return cls.parse(text)
        except BatchIdentifierError:
            return None

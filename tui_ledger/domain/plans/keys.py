"""Deterministic idempotency keys: the same PSA document always yields the same key (DESIGN.md §5).

The export journal writes a row per document before any remote call and must be able to recompute, after a
crash, exactly the key the connector sent, so the package replays the first answer instead of creating a
second copy. A key is therefore built only from stable facts:

    <profile>:<target>:<subject>:<psa id>:<part>:<attempt>

- `profile`, `target`: the profile and the accounting company written to (the same invoice sent to two
  companies is two different creations);
- `subject`: `invoice`, `expense`, `procurement` (PSA documents), `contact` or `item` (reference data);
- `psa id`: the ConnectWise id of the document (invoice `billingLogId`, expense id, PO id), or the
  contact's role and PSA key (`customer-AcmeCorp`), or the item code;
- `part`: which package document of the PSA document (`main`, or `credit` for the returns of a split
  invoice); `-` for contacts and items;
- `attempt`: 1 for the first send. The journal raises it only when the user deliberately sends a document
  again after its earlier copy was voided or deleted in the package; retries of one attempt reuse the key.

`%` and `:` inside a component are percent-escaped so `parse` always returns what `render` was given.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

SEPARATOR = ":"
NO_PART = "-"


class KeySubject(StrEnum):
    INVOICE = "invoice"
    EXPENSE = "expense"
    PROCUREMENT = "procurement"
    CONTACT = "contact"
    ITEM = "item"


class IdempotencyKeyError(ValueError):
    """Text that is not an idempotency key of this form."""


def _escape(component: str) -> str:
    return component.replace("%", "%25").replace(SEPARATOR, "%3A")


def _unescape(component: str) -> str:
    return component.replace("%3A", SEPARATOR).replace("%25", "%")


@dataclass(frozen=True, slots=True)
class IdempotencyKey:
    """One key, in parts; `str(key)` is what drafts and the journal carry."""

    profile: str
    target: str
    subject: KeySubject
    psa_id: str
    part: str = NO_PART
    attempt: int = 1

    def __post_init__(self) -> None:
        if self.attempt < 1:
            raise IdempotencyKeyError(f"attempt must be 1 or more, got {self.attempt}")

    def __str__(self) -> str:
        parts = (self.profile, self.target, self.subject.value, self.psa_id, self.part)
        joined = SEPARATOR.join(parts)
        if joined.count(SEPARATOR) != len(parts) - 1 or "%" in joined:
            joined = SEPARATOR.join(map(_escape, parts))
        return f"{joined}{SEPARATOR}{self.attempt}"

    @classmethod
    def parse(cls, text: str) -> IdempotencyKey:
        pieces = text.split(SEPARATOR)
        if len(pieces) != 6:
            raise IdempotencyKeyError(
                f"{text!r} has {len(pieces)} parts; expected profile:target:subject:id:part:attempt"
            )
        profile, target, subject, psa_id, part, attempt = pieces
        try:
            kind = KeySubject(subject)
        except ValueError as exc:
            raise IdempotencyKeyError(f"{text!r}: unknown subject {subject!r}") from exc
        if not attempt.isdigit():
            raise IdempotencyKeyError(f"{text!r}: attempt {attempt!r} is not a number")
        return cls(
            profile=_unescape(profile),
            target=_unescape(target),
            subject=kind,
            psa_id=_unescape(psa_id),
            part=_unescape(part),
            attempt=int(attempt),
        )

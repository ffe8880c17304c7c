"""`Idempotency-Key` as Xero documents it: a retried write gets the first answer back instead of a second document.

* Honoured on PUT and POST; keys belong to the app (client id); at most 128 characters.
* The first response (errors included) is kept for 6 minutes of sandbox time and replayed byte for byte.
* The same key with a different request (method, path, query or body) is refused with 400.
* Replays are ordinary calls for the rate limits: they are counted before this cache is asked.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field

from starlette.responses import Response

from tui_ledger.domain.clock import Clock

KEY_HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 128
KEEP_SECONDS = 360.0
PRUNE_ABOVE = 1000
"""Expired answers are swept out once this many are kept, so a long `sandbox serve` does not grow forever."""


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    fingerprint: str
    status: int
    body: bytes
    media_type: str | None
    expires_at: float

    def replay(self) -> Response:
        return Response(self.body, status_code=self.status, media_type=self.media_type)


def fingerprint(method: str, path: str, query: str, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (method.upper().encode(), path.encode(), query.encode(), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


@dataclass
class IdempotencyCache:
    """Answers kept per (app, key) on the sandbox clock."""

    clock: Clock
    _answers: dict[tuple[str, str], StoredAnswer] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def lookup(self, client_id: str, key: str) -> StoredAnswer | None:
        now = self.clock.monotonic()
        with self._lock:
            answer = self._answers.get((client_id, key))
            if answer is not None and answer.expires_at <= now:
                del self._answers[(client_id, key)]
                return None
            return answer

    def store(self, client_id: str, key: str, print_: str, response: Response) -> None:
        answer = StoredAnswer(
            fingerprint=print_,
            status=response.status_code,
            body=bytes(response.body),
            media_type=response.media_type,
            expires_at=self.clock.monotonic() + KEEP_SECONDS,
        )
        with self._lock:
            if len(self._answers) >= PRUNE_ABOVE:
                now = self.clock.monotonic()
                for stale in [slot for slot, kept in self._answers.items() if kept.expires_at <= now]:
                    del self._answers[stale]
            self._answers[(client_id, key)] = answer
